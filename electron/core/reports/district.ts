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
  const some = ids.length > 0 ? ids : [0]

  const moves = await db
    .selectFrom('balance')
    .innerJoin('account', 'account.id', 'balance.account_id')
    .select([
      'balance.village_id as villageId',
      sql<string>`substr(account.code, 1, ${w})`.as('code'),
      sql<number>`sum(case when balance.period < ${opts.from} then balance.debit - balance.credit else 0 end)`.as('before'),
      sql<number>`sum(case when balance.period >= ${opts.from} then balance.debit else 0 end)`.as('debit'),
      sql<number>`sum(case when balance.period >= ${opts.from} then balance.credit else 0 end)`.as('credit'),
      sql<number>`sum(case when balance.period >= ${yearStart} then balance.debit else 0 end)`.as('ytdDebit'),
      sql<number>`sum(case when balance.period >= ${yearStart} then balance.credit else 0 end)`.as('ytdCredit'),
    ])
    .where('balance.period', '<=', opts.to)
    .groupBy(['balance.village_id', sql`substr(account.code, 1, ${w})`])
    .$if(wanted !== null, (q) => q.where('balance.village_id', 'in', some))
    .execute()
  const openings = await db
    .selectFrom('opening_balance')
    .innerJoin('account', 'account.id', 'opening_balance.account_id')
    .select(['opening_balance.village_id as villageId', sql<string>`substr(account.code, 1, ${w})`.as('code'), sql<number>`sum(opening_balance.amount)`.as('amount')])
    .groupBy(['opening_balance.village_id', sql`substr(account.code, 1, ${w})`])
    .$if(wanted !== null, (q) => q.where('opening_balance.village_id', 'in', some))
    .execute()
  const accounts = await db
    .selectFrom('account')
    .select(['village_id as villageId', 'id', 'code', 'name', 'level', 'is_leaf as isLeaf'])
    .where('level', '<=', opts.level)
    .$if(wanted !== null, (q) => q.where('village_id', 'in', some))
    .execute()

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
  for (const o of openings) spread(o.villageId, o.code, { ...zero(), opening: fenOf(o.amount) })
  for (const m of moves) {
    spread(m.villageId, m.code, { opening: fenOf(m.before), debit: fenOf(m.debit), credit: fenOf(m.credit), ytdDebit: fenOf(m.ytdDebit), ytdCredit: fenOf(m.ytdCredit) })
  }

  const byVillage = new Map<number, typeof accounts>()
  for (const a of accounts) {
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
