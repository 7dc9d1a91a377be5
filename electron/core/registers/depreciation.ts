import { sql, type Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { DepreciationPreview, DepreciationPreviewLine, DepreciationRun } from '../../../shared/api/registerTypes'
import { AppError } from '../../../shared/errors'
import { fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import { lastDayOf, nextPeriod, periodLabel, periodOfDate } from '../../../shared/periods'
import { chargeFor } from '../../../shared/registers/depreciation'
import { voucherLabel } from '../../../shared/vouchers'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { assertOpenPeriod, checkLines, insertDraft, insertReversal, type LineInput } from '../ledger/vouchers'
import { depreciableOf, villageBooks } from './assets'

/**
 * 计提折旧 (issue 4 §2): one run per village and month. It charges every card by the rules of
 * shared/registers/depreciation.ts, records the charge of each card, and drafts one voucher (debit each
 * expense account, credit each accumulated-depreciation account) to be reviewed and posted like any other.
 * A second run of a month is refused (also by a unique index); runs go month after month; a run is undone by
 * cancelling it — the draft is deleted, or a posted voucher is reversed (红字冲销) — never by deleting it.
 */
interface Computed {
  lines: (DepreciationPreviewLine & { fen: Fen; expenseAccountId: number; accumulatedAccountId: number })[]
  entries: LineInput[]
  total: Fen
}

async function compute(db: Kysely<Database>, villageId: number, period: string): Promise<Computed> {
  const books = await villageBooks(db, villageId)
  const cards = await db.selectFrom('asset').selectAll().where('village_id', '=', villageId).orderBy('code').execute()
  const lines: Computed['lines'] = []
  const debit = new Map<number, Fen>()
  const credit = new Map<number, Fen>()
  let total = 0
  for (const c of cards) {
    if (c.acquired_on > lastDayOf(period)) continue
    const disposedBefore = c.disposed_on !== null && periodOfDate(c.disposed_on) < period
    if (disposedBefore) continue
    const { amount, reason } = chargeFor(depreciableOf(c), period, c.opening_accumulated + c.depreciated)
    const code = (id: number) => books.index.byId(id)?.code ?? ''
    lines.push({
      assetId: c.id,
      code: c.code,
      name: c.name,
      amount: fenToYuanString(amount),
      fen: amount,
      reason,
      expenseAccount: code(c.expense_account_id),
      accumulatedAccount: code(c.accumulated_account_id),
      expenseAccountId: c.expense_account_id,
      accumulatedAccountId: c.accumulated_account_id,
    })
    if (amount === 0) continue
    total += amount
    debit.set(c.expense_account_id, (debit.get(c.expense_account_id) ?? 0) + amount)
    credit.set(c.accumulated_account_id, (credit.get(c.accumulated_account_id) ?? 0) + amount)
  }
  const summary = `计提${Number(period.slice(5, 7))}月固定资产折旧`
  const byCode = (m: Map<number, Fen>) => [...m.entries()].sort((a, b) => (books.index.byId(a[0])?.code ?? '').localeCompare(books.index.byId(b[0])?.code ?? ''))
  const entries: LineInput[] = [
    ...byCode(debit).map(([accountId, amount]) => ({ summary, accountId, auxItemId: null, debit: amount, credit: 0 })),
    ...byCode(credit).map(([accountId, amount]) => ({ summary, accountId, auxItemId: null, debit: 0, credit: amount })),
  ]
  return { lines, entries, total }
}

async function toRun(db: Kysely<Database>, id: number): Promise<DepreciationRun> {
  const r = await db
    .selectFrom('depreciation_run as r')
    .leftJoin('voucher as v', 'v.id', 'r.voucher_id')
    .leftJoin('app_user as u', 'u.id', 'r.created_by')
    .select(['r.id', 'r.period', 'r.total', 'r.assets', 'r.voucher_id', 'r.status', 'r.created_at', 'v.word', 'v.number', 'u.display_name'])
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow()
  return {
    id: r.id,
    period: r.period,
    total: fenToYuanString(r.total),
    assets: r.assets,
    voucherId: r.voucher_id,
    voucherLabel: r.voucher_id === null ? null : r.number === null ? '草稿' : voucherLabel(r.word ?? '记', r.number),
    status: r.status,
    createdBy: r.display_name ?? '',
    createdAt: r.created_at,
  }
}

async function activeRun(db: Kysely<Database>, villageId: number, period: string): Promise<number | null> {
  const r = await db.selectFrom('depreciation_run').select('id').where('village_id', '=', villageId).where('period', '=', period).where('status', '=', 'active').executeTakeFirst()
  return r?.id ?? null
}

async function latestRun(db: Kysely<Database>, villageId: number): Promise<string | null> {
  const r = await db.selectFrom('depreciation_run').select((eb) => eb.fn.max('period').as('p')).where('village_id', '=', villageId).where('status', '=', 'active').executeTakeFirst()
  return r?.p ?? null
}

export async function previewDepreciation(ctx: ServiceContext, input: MethodParsedInput<'depreciation.preview'>): Promise<Outcome<DepreciationPreview>> {
  const existing = await activeRun(ctx.db, input.villageId, input.period)
  const c = await compute(ctx.db, input.villageId, input.period)
  const books = await villageBooks(ctx.db, input.villageId)
  return {
    value: {
      period: input.period,
      lines: c.lines.map(({ fen: _f, expenseAccountId: _e, accumulatedAccountId: _a, ...l }) => l),
      entries: c.entries.map((e) => {
        const a = books.index.byId(e.accountId)
        return { accountCode: a?.code ?? '', accountName: a?.name ?? '', debit: fenToYuanString(e.debit), credit: fenToYuanString(e.credit) }
      }),
      total: fenToYuanString(c.total),
      charged: c.lines.filter((l) => l.fen > 0).length,
      existingRun: existing === null ? null : await toRun(ctx.db, existing),
    },
  }
}

export async function runDepreciation(ctx: ServiceContext, input: MethodParsedInput<'depreciation.run'>): Promise<Outcome<DepreciationRun>> {
  const actor = requireActor(ctx)
  const { villageId, period } = input
  await assertOpenPeriod(ctx.db, villageId, period, '计提期间')
  const existing = await activeRun(ctx.db, villageId, period)
  if (existing !== null) {
    const run = await toRun(ctx.db, existing)
    throw new AppError('CONFLICT', `${periodLabel(period)} 已计提折旧（${run.voucherLabel ?? '无凭证'}，${run.total} 元），不能重复计提；如需重算请先撤销该月计提`)
  }
  const latest = await latestRun(ctx.db, villageId)
  if (latest !== null && period < latest) throw new AppError('STATE', `已计提到 ${periodLabel(latest)}，不能再计提更早的 ${periodLabel(period)}`)
  if (latest !== null && period !== nextPeriod(latest)) throw new AppError('STATE', `请按月份顺序计提：上次计提为 ${periodLabel(latest)}，下一次应为 ${periodLabel(nextPeriod(latest))}`)
  const made = await makeRun(ctx.db, villageId, period, actor.id)
  const id = made.runId
  const run = await toRun(ctx.db, id)
  return {
    value: run,
    audit: { action: `计提 ${periodLabel(period)} 固定资产折旧：${made.assets} 张卡片，合计 ${formatFen(made.total)}`, after: { runId: id, voucherId: made.voucherId, total: made.total } },
  }
}

/**
 * Charges a month: drafts the voucher (when anything is charged), records the run and each card's charge, and
 * moves the cards' running figures — in the caller's transaction, after its checks (the demo books call it too).
 */
export async function makeRun(db: Kysely<Database>, villageId: number, period: string, preparedBy: number): Promise<{ runId: number; voucherId: number | null; total: Fen; assets: number }> {
  const c = await compute(db, villageId, period)
  let voucherId: number | null = null
  if (c.total > 0) {
    const books = await villageBooks(db, villageId)
    await checkLines(db, villageId, c.entries, books.index.chart)
    voucherId = await insertDraft(db, { villageId, date: lastDayOf(period), attachments: 1, lines: c.entries, source: 'depreciation', preparedBy })
  }
  const charged = c.lines.filter((l) => l.fen > 0)
  const { id } = await db
    .insertInto('depreciation_run')
    .values({ village_id: villageId, period, voucher_id: voucherId, total: c.total, assets: charged.length, status: 'active', created_by: preparedBy, created_at: nowIso(), cancelled_by: null, cancelled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (let i = 0; i < charged.length; i += 3000) {
    await db
      .insertInto('depreciation_line')
      .values(charged.slice(i, i + 3000).map((l) => ({ run_id: id, asset_id: l.assetId, amount: l.fen })))
      .execute()
  }
  await addRunToCards(db, id, 1)
  return { runId: id, voucherId, total: c.total, assets: charged.length }
}

/** Keeps each card's running figure in step with its lines in the run (+1 on a run, −1 on a cancel). */
async function addRunToCards(db: Kysely<Database>, runId: number, sign: 1 | -1): Promise<void> {
  await sql`UPDATE asset SET depreciated = depreciated + ${sign} * (SELECT l.amount FROM depreciation_line l WHERE l.run_id = ${runId} AND l.asset_id = asset.id)
    WHERE id IN (SELECT asset_id FROM depreciation_line WHERE run_id = ${runId})`.execute(db)
}

export async function cancelDepreciation(ctx: ServiceContext, input: MethodParsedInput<'depreciation.cancel'>): Promise<Outcome<DepreciationRun>> {
  const actor = requireActor(ctx)
  const { villageId, period } = input
  const id = await activeRun(ctx.db, villageId, period)
  if (id === null) throw new AppError('NOT_FOUND', `${periodLabel(period)} 没有计提折旧，无需撤销`)
  const latest = await latestRun(ctx.db, villageId)
  if (latest !== null && latest > period) throw new AppError('STATE', `请先撤销更晚的 ${periodLabel(latest)} 的计提（按月份倒序撤销）`)
  await assertOpenPeriod(ctx.db, villageId, period, '计提期间')
  const disposedSince = await ctx.db
    .selectFrom('asset')
    .innerJoin('depreciation_line as l', 'l.asset_id', 'asset.id')
    .select(['asset.code', 'asset.name'])
    .where('l.run_id', '=', id)
    .where('asset.disposed_on', 'is not', null)
    .executeTakeFirst()
  if (disposedSince) throw new AppError('STATE', `本月计提后“${disposedSince.code} ${disposedSince.name}”已处置（处置凭证按已提折旧编制），不能撤销本月计提`)
  const run = await ctx.db.selectFrom('depreciation_run').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const now = nowIso()
  let reversalId: number | null = null
  await ctx.db.updateTable('depreciation_run').set({ status: 'cancelled', cancelled_by: actor.id, cancelled_at: now }).where('id', '=', id).execute()
  if (run.voucher_id !== null) {
    const v = await ctx.db.selectFrom('voucher').select(['id', 'status', 'date', 'word', 'number']).where('id', '=', run.voucher_id).executeTakeFirstOrThrow()
    if (v.status === 'posted' && v.number !== null) {
      // 已记账: undone by a red reversal dated at the same month's end, like any posted mistake
      const reversed = await ctx.db.selectFrom('voucher').select('id').where('reverses_id', '=', v.id).executeTakeFirst()
      if (reversed) throw new AppError('STATE', '本月折旧凭证已做过红字冲销，请核对后处理')
      reversalId = (await insertReversal(ctx.db, { id: v.id, village_id: villageId, date: v.date, word: v.word, number: v.number }, v.date, actor.id)).id
    } else {
      await ctx.db.updateTable('depreciation_run').set({ voucher_id: null }).where('id', '=', id).execute()
      await ctx.db.deleteFrom('voucher_line').where('voucher_id', '=', v.id).execute()
      await ctx.db.deleteFrom('voucher').where('id', '=', v.id).execute()
    }
  }
  await addRunToCards(ctx.db, id, -1)
  return {
    value: await toRun(ctx.db, id),
    audit: {
      action: `撤销 ${periodLabel(period)} 固定资产折旧计提（${formatFen(run.total)}）：${input.reason}${reversalId !== null ? '，已生成红字冲销凭证草稿' : ''}`,
      before: { runId: id, voucherId: run.voucher_id },
      after: { reversalId },
    },
  }
}

export async function listDepreciationRuns(ctx: ServiceContext, input: MethodParsedInput<'depreciation.list'>): Promise<Outcome<DepreciationRun[]>> {
  const ids = await ctx.db.selectFrom('depreciation_run').select('id').where('village_id', '=', input.villageId).orderBy('period', 'desc').orderBy('id', 'desc').execute()
  const out: DepreciationRun[] = []
  for (const r of ids) out.push(await toRun(ctx.db, r.id))
  return { value: out }
}
