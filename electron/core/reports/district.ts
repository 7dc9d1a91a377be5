import { sql, type Kysely } from 'kysely'
import type { ChartVersion, DistrictSummary, DistrictSummaryRow } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { fenOf } from '../../../shared/money'
import { yearOf } from '../../../shared/periods'
import type { Database } from '../db/schema'
import { add, rowFigures, zero, type Sums } from '../ledger/balances'
import { assertRange } from './common'

/** codes are 3-2-2-2: the prefix of an account's code at a level */
const codeWidth = (level: number) => 2 * level + 1

/**
 * 区级汇总 (the district summary): for every village one may see (of one chart version), the 科目余额表 figures of
 * every account down to `level` — 期初, 本期借贷, 本年累计, 期末 — as the village's own trial balance shows them,
 * and the district's totals per first-level account. A handful of set-based queries over the balance table and
 * the opening balances for all villages at once, summed in SQL up to the chosen level.
 */
export async function districtSummary(
  db: Kysely<Database>,
  scope: readonly number[] | null,
  opts: { from: string; to: string; level: number; chartVersion: ChartVersion; villageIds?: readonly number[] },
): Promise<DistrictSummary> {
  assertRange(opts.from, opts.to)
  if (opts.villageIds && scope) {
    const outside = opts.villageIds.filter((id) => !scope.includes(id))
    if (outside.length > 0) throw new AppError('FORBIDDEN', `您没有所选村（编号 ${outside.join('、')}）的权限，请联系管理员分配所管村`)
  }
  const wanted = opts.villageIds ?? scope
  let vq = db.selectFrom('village').select(['id', 'code', 'name']).where('level', '=', 'village').where('chart_version', '=', opts.chartVersion).orderBy('code')
  if (wanted) vq = vq.where('id', 'in', wanted.length > 0 ? [...wanted] : [0])
  const villages = await vq.execute()
  const ids = villages.map((v) => v.id)
  const w = codeWidth(opts.level)
  const yearStart = `${yearOf(opts.to)}-01`
  // balances and charts are read by village id, even for those who see every village (the index narrows by it)
  const some = ids.length > 0 ? ids : [0]
  const rangeStart = yearStart < opts.from ? yearStart : opts.from

  // the history before the range is one sum per account; the range and the year so far are a few months of rows
  // (the balance table's (village, period) index narrows both; no join, accounts are mapped below)
  const history = await db
    .selectFrom('balance')
    .select(['account_id as accountId', sql<number>`sum(debit - credit)`.as('net')])
    .where('village_id', 'in', some)
    .where('period', '<', opts.from)
    .groupBy('account_id')
    .execute()
  const recent = await db
    .selectFrom('balance')
    .select([
      'account_id as accountId',
      sql<number>`sum(case when period >= ${opts.from} then debit else 0 end)`.as('debit'),
      sql<number>`sum(case when period >= ${opts.from} then credit else 0 end)`.as('credit'),
      sql<number>`sum(case when period >= ${yearStart} then debit else 0 end)`.as('ytdDebit'),
      sql<number>`sum(case when period >= ${yearStart} then credit else 0 end)`.as('ytdCredit'),
    ])
    .where('village_id', 'in', some)
    .where('period', '>=', rangeStart)
    .where('period', '<=', opts.to)
    .groupBy('account_id')
    .execute()
  const openings = await db
    .selectFrom('opening_balance')
    .select(['account_id as accountId', sql<number>`sum(amount)`.as('amount')])
    .where('village_id', 'in', some)
    .groupBy('account_id')
    .execute()
  const accounts = await db.selectFrom('account').select(['village_id as villageId', 'id', 'code', 'name', 'level', 'is_leaf as isLeaf']).where('village_id', 'in', some).execute()
  const byId = new Map(accounts.map((a) => [a.id, a]))

  // per village: the sums at each code prefix, from the chosen level up to the first
  const sums = new Map<number, Map<string, Sums>>()
  const at = (villageId: number, code: string): Sums => {
    let m = sums.get(villageId)
    if (!m) sums.set(villageId, (m = new Map()))
    let s = m.get(code)
    if (!s) m.set(code, (s = zero()))
    return s
  }
  const spread = (villageId: number, code: string, f: Sums) => {
    for (let l = 1; codeWidth(l) <= code.length; l++) add(at(villageId, code.slice(0, codeWidth(l))), f)
  }
  const spreadOf = (accountId: number, f: Sums) => {
    const a = byId.get(accountId)
    if (a) spread(a.villageId, a.code.slice(0, w), f)
  }
  for (const o of openings) spreadOf(o.accountId, { ...zero(), opening: fenOf(o.amount) })
  for (const h of history) spreadOf(h.accountId, { ...zero(), opening: fenOf(h.net) })
  for (const r of recent) {
    spreadOf(r.accountId, { opening: 0, debit: fenOf(r.debit), credit: fenOf(r.credit), ytdDebit: fenOf(r.ytdDebit), ytdCredit: fenOf(r.ytdCredit) })
  }

  const byVillage = new Map<number, typeof accounts>()
  for (const a of accounts) {
    if (a.level > opts.level) continue
    const list = byVillage.get(a.villageId)
    if (list) list.push(a)
    else byVillage.set(a.villageId, [a])
  }
  const rows: DistrictSummaryRow[] = []
  const firstLevel = new Map<string, { name: string; sums: Sums }>()
  for (const v of villages) {
    const chart = (byVillage.get(v.id) ?? []).sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
    for (const a of chart) {
      const s = sums.get(v.id)?.get(a.code)
      if (!s || (s.opening === 0 && s.debit === 0 && s.credit === 0 && s.ytdDebit === 0 && s.ytdCredit === 0)) continue
      rows.push({ villageId: v.id, villageCode: v.code, villageName: v.name, accountId: a.id, code: a.code, name: a.name, level: a.level, isLeaf: a.isLeaf === 1, ...rowFigures(s) })
      if (a.level === 1) {
        const t = firstLevel.get(a.code) ?? { name: a.name, sums: zero() }
        add(t.sums, s)
        firstLevel.set(a.code, t)
      }
    }
  }
  const totals = [...firstLevel.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([code, t]) => ({ code, name: t.name, ...rowFigures(t.sums) }))
  return { from: opts.from, to: opts.to, level: opts.level, chartVersion: opts.chartVersion, villages: villages.map((v) => ({ villageId: v.id, code: v.code, name: v.name })), rows, totals }
}
