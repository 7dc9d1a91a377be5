import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { PeriodState, Voucher } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { fenToYuanString } from '../../../shared/money'
import { nextPeriod, periodLabel } from '../../../shared/periods'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { leafFigures, trialBalance } from './balances'
import { loadChart } from './chart'
import { assertOpenPeriod, getVoucher, insertDraft, type LineInput } from './vouchers'

async function villageStart(db: Kysely<Database>, villageId: number): Promise<string> {
  const v = await db.selectFrom('village').select('start_period').where('id', '=', villageId).executeTakeFirstOrThrow()
  return v.start_period
}

export async function periodStates(db: Kysely<Database>, villageId: number, periods: readonly string[]): Promise<PeriodState[]> {
  if (periods.length === 0) return []
  const closes = await db
    .selectFrom('period_close')
    .leftJoin('app_user', 'app_user.id', 'period_close.closed_by')
    .select(['period_close.period', 'period_close.closed_at', 'app_user.display_name'])
    .where('village_id', '=', villageId)
    .where('period', 'in', periods)
    .execute()
  const counts = await db
    .selectFrom('voucher')
    .select(['period', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('village_id', '=', villageId)
    .where('period', 'in', periods)
    .groupBy(['period', 'status'])
    .execute()
  return periods.map((p) => {
    const c = closes.find((x) => x.period === p)
    const n = (s: string) => Number(counts.find((x) => x.period === p && x.status === s)?.n ?? 0)
    return { period: p, closed: c !== undefined, closedBy: c?.display_name ?? null, closedAt: c?.closed_at ?? null, drafts: n('draft'), reviewed: n('reviewed'), posted: n('posted') }
  })
}

export async function listPeriods(ctx: ServiceContext, input: MethodParsedInput<'period.list'>): Promise<Outcome<PeriodState[]>> {
  const start = await villageStart(ctx.db, input.villageId)
  let year = input.year
  if (year === undefined) {
    const firstOpen = await firstOpenPeriod(ctx.db, input.villageId, start)
    year = Number(firstOpen.slice(0, 4))
  }
  const periods: string[] = []
  for (let m = 1; m <= 12; m++) {
    const p = `${year}-${String(m).padStart(2, '0')}`
    if (p >= start) periods.push(p)
  }
  return { value: await periodStates(ctx.db, input.villageId, periods) }
}

export async function firstOpenPeriod(db: Kysely<Database>, villageId: number, start?: string): Promise<string> {
  const s = start ?? (await villageStart(db, villageId))
  const last = await db.selectFrom('period_close').select((eb) => eb.fn.max('period').as('p')).where('village_id', '=', villageId).executeTakeFirst()
  return last?.p ? nextPeriod(last.p) : s
}

export async function closePeriod(ctx: ServiceContext, input: MethodParsedInput<'period.close'>): Promise<Outcome<PeriodState>> {
  requireActor(ctx)
  const { villageId, period } = input
  const start = await villageStart(ctx.db, villageId)
  if (period < start) throw new AppError('VALIDATION', `${periodLabel(period)} 早于建账期间 ${periodLabel(start)}`)
  const expected = await firstOpenPeriod(ctx.db, villageId, start)
  if (period < expected) throw new AppError('STATE', `${periodLabel(period)} 已经结账`)
  if (period > expected) throw new AppError('STATE', `请按月依次结账：先结 ${periodLabel(expected)}`)
  const open = await ctx.db
    .selectFrom('voucher')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('village_id', '=', villageId)
    .where('period', '=', period)
    .where('status', '<>', 'posted')
    .groupBy('status')
    .execute()
  const unposted = open.reduce((s, r) => s + Number(r.n), 0)
  if (unposted > 0) {
    throw new AppError('STATE', `${periodLabel(period)} 还有 ${unposted} 张凭证未记账（草稿或已审核），全部记账后才能结账`)
  }
  const tb = await trialBalance(ctx.db, villageId, { from: start, to: period, level: 1, withAux: false })
  if (!tb.balanced) throw new AppError('STATE', `${periodLabel(period)} 试算不平衡，不能结账：请核对期初余额`)
  if (period.endsWith('-12')) {
    const chart = await loadChart(ctx.db, villageId)
    const pl = new Set(chart.filter((a) => a.class === 'profitLoss' || a.code === '321').map((a) => a.id))
    const left = (await leafFigures(ctx.db, villageId, period, period)).filter((f) => pl.has(f.accountId) && f.opening + f.debit - f.credit !== 0)
    if (left.length > 0) {
      const names = left.slice(0, 3).map((f) => chart.find((a) => a.id === f.accountId)?.code).join('、')
      throw new AppError('STATE', `年末结账前须做年终结转：损益类科目和本年收益还有余额（${names}${left.length > 3 ? ' 等' : ''}）`)
    }
  }
  await ctx.db.insertInto('period_close').values({ village_id: villageId, period, closed_by: (ctx.actor as { id: number }).id, closed_at: nowIso() }).execute()
  const [state] = await periodStates(ctx.db, villageId, [period])
  return { value: state as PeriodState, audit: { action: `结账：${periodLabel(period)}`, after: { period, trialBalance: tb.totals } } }
}

export async function reopenPeriod(ctx: ServiceContext, input: MethodParsedInput<'period.reopen'>): Promise<Outcome<PeriodState>> {
  const { villageId, period } = input
  const closed = await ctx.db.selectFrom('period_close').selectAll().where('village_id', '=', villageId).where('period', '=', period).executeTakeFirst()
  if (!closed) throw new AppError('STATE', `${periodLabel(period)} 尚未结账`)
  const later = await ctx.db.selectFrom('period_close').select('period').where('village_id', '=', villageId).where('period', '>', period).orderBy('period', 'desc').executeTakeFirst()
  if (later) throw new AppError('STATE', `请先反结账 ${periodLabel(later.period)}（从最后结账的月份倒着反结账）`)
  await ctx.db.deleteFrom('period_close').where('village_id', '=', villageId).where('period', '=', period).execute()
  const [state] = await periodStates(ctx.db, villageId, [period])
  return { value: state as PeriodState, audit: { action: `反结账：${periodLabel(period)}，原因：${input.reason}`, before: { closedAt: closed.closed_at }, after: { reason: input.reason } } }
}

/**
 * 年终结转 as draft vouchers dated 12-31: the 5xx balances to 321 本年收益, then 321 and the 各项分配
 * details to 未分配收益 (322). They go through review and posting like any voucher.
 */
export async function carryForward(ctx: ServiceContext, input: MethodParsedInput<'period.carryForward'>): Promise<Outcome<Voucher[]>> {
  const actor = requireActor(ctx)
  const { villageId, year } = input
  const dec = `${year}-12`
  const date = `${year}-12-31`
  await assertOpenPeriod(ctx.db, villageId, dec, '年终结转日期')
  const pending = await ctx.db
    .selectFrom('voucher')
    .select('id')
    .where('village_id', '=', villageId)
    .where('period', '=', dec)
    .where('source', '=', 'carryForward')
    .where('status', '<>', 'posted')
    .executeTakeFirst()
  if (pending) throw new AppError('STATE', `${year} 年已有未记账的结转凭证，请先审核记账或删除后再结转`)
  const chart = await loadChart(ctx.db, villageId)
  const byCode = new Map(chart.map((a) => [a.code, a]))
  const profit = byCode.get('321')
  const undistributed = chart.find((a) => a.code.startsWith('322') && a.isLeaf && a.name.includes('未分配')) ?? (byCode.get('322')?.isLeaf ? byCode.get('322') : undefined)
  if (!profit || !profit.isLeaf) throw new AppError('STATE', '本年收益（321）须为末级科目才能自动结转')
  if (!undistributed) throw new AppError('STATE', '请在 322 收益分配下设“未分配收益”明细科目后再结转')
  const figures = await leafFigures(ctx.db, villageId, dec, dec)
  const closing = (f: { opening: number; debit: number; credit: number }) => f.opening + f.debit - f.credit
  const byId = new Map(chart.map((a) => [a.id, a]))

  const created: number[] = []
  const plLines: LineInput[] = []
  let net = 0
  for (const f of figures) {
    const a = byId.get(f.accountId)
    if (!a || a.class !== 'profitLoss') continue
    const b = closing(f)
    if (b === 0) continue
    plLines.push({ summary: '结转本年收益', accountId: a.id, auxItemId: f.auxItemId || null, debit: b < 0 ? -b : 0, credit: b > 0 ? b : 0 })
    net += b
  }
  if (plLines.length > 0 && net !== 0) {
    plLines.push({ summary: '结转本年收益', accountId: profit.id, auxItemId: null, debit: net > 0 ? net : 0, credit: net < 0 ? -net : 0 })
  }
  if (plLines.length > 0) {
    created.push(await insertDraft(ctx.db, { villageId, date, attachments: 0, lines: plLines, source: 'carryForward', preparedBy: actor.id }))
  }
  // 321 after the first voucher, plus every 各项分配 leaf, into 未分配收益
  const profitBalance = figures.filter((f) => f.accountId === profit.id).reduce((s, f) => s + closing(f), 0) + net
  const distLines: LineInput[] = []
  let toUndistributed = 0
  if (profitBalance !== 0) {
    distLines.push({ summary: '结转本年收益至未分配收益', accountId: profit.id, auxItemId: null, debit: profitBalance < 0 ? -profitBalance : 0, credit: profitBalance > 0 ? profitBalance : 0 })
    toUndistributed += profitBalance
  }
  for (const f of figures) {
    const a = byId.get(f.accountId)
    if (!a || !a.code.startsWith('322') || a.id === undistributed.id) continue
    const b = closing(f)
    if (b === 0) continue
    distLines.push({ summary: '结转各项分配', accountId: a.id, auxItemId: f.auxItemId || null, debit: b < 0 ? -b : 0, credit: b > 0 ? b : 0 })
    toUndistributed += b
  }
  if (distLines.length > 0 && toUndistributed !== 0) {
    distLines.push({ summary: '结转至未分配收益', accountId: undistributed.id, auxItemId: null, debit: toUndistributed > 0 ? toUndistributed : 0, credit: toUndistributed < 0 ? -toUndistributed : 0 })
  }
  if (distLines.length > 1) {
    created.push(await insertDraft(ctx.db, { villageId, date, attachments: 0, lines: distLines, source: 'carryForward', preparedBy: actor.id }))
  }
  if (created.length === 0) throw new AppError('STATE', `${year} 年没有需要结转的余额`)
  const vouchers = []
  for (const id of created) vouchers.push(await getVoucher(ctx.db, villageId, id))
  return {
    value: vouchers,
    audit: { action: `年终结转：${year} 年，生成 ${vouchers.length} 张结转凭证（本年收益 ${fenToYuanString(-net)}）`, after: { vouchers: created } },
  }
}
