import { sql, type Kysely } from 'kysely'
import type { Account } from '../../../shared/api/types'
import { fenOf } from '../../../shared/money'
import type { Database } from '../db/schema'
import { leafFigures } from '../ledger/balances'
import type { ActivityMode, BalanceMode } from './formula'

/** One detail of the books: a leaf account, or a leaf account × auxiliary item, over a range of months. */
export interface Detail {
  accountId: number
  auxItemId: number
  /** code of the leaf account */
  code: string
  /** names below the first level: 各项分配/提取公积公益金 */
  subPath: string
  /** balance before the range, debit positive */
  opening: number
  debit: number
  credit: number
  /** the part of debit/credit booked by 年终结转 vouchers (and reversals of them) */
  cfDebit: number
  cfCredit: number
}

/** +1 when the account's balance reads debit-positive on statements, −1 when credit-positive. */
export function normalSign(a: Pick<Account, 'normalSide' | 'class'>): 1 | -1 {
  if (a.normalSide === 'debit') return 1
  if (a.normalSide === 'credit') return -1
  return a.class === 'asset' || a.class === 'cost' ? 1 : -1
}

export function subPaths(chart: readonly Account[]): Map<number, string> {
  const byId = new Map(chart.map((a) => [a.id, a]))
  const out = new Map<number, string>()
  for (const a of chart) {
    const names: string[] = []
    let cur: Account | undefined = a
    while (cur && cur.level > 1) {
      names.unshift(cur.name)
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId)
    }
    out.set(a.id, names.join('/'))
  }
  return out
}

/** Debit and credit booked by posted 年终结转 vouchers (and by reversals of them) per leaf × item. */
export async function carryForwardFigures(db: Kysely<Database>, villageId: number, from: string, to: string) {
  const rows = await db
    .selectFrom('voucher_line')
    .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
    .select([
      'voucher_line.account_id as account_id',
      sql<number>`coalesce(voucher_line.aux_item_id, 0)`.as('aux_item_id'),
      sql<number>`sum(voucher_line.debit)`.as('debit'),
      sql<number>`sum(voucher_line.credit)`.as('credit'),
    ])
    .where('voucher.village_id', '=', villageId)
    .where('voucher.status', '=', 'posted')
    .where('voucher_line.period', '>=', from)
    .where('voucher_line.period', '<=', to)
    .where((eb) =>
      eb.or([
        eb('voucher.source', '=', 'carryForward'),
        eb.and([
          eb('voucher.source', '=', 'reversal'),
          eb('voucher.reverses_id', 'in', eb.selectFrom('voucher as cf').select('cf.id').where('cf.village_id', '=', villageId).where('cf.source', '=', 'carryForward')),
        ]),
      ]),
    )
    .groupBy(['voucher_line.account_id', sql`coalesce(voucher_line.aux_item_id, 0)`])
    .execute()
  return rows.map((r) => ({ accountId: r.account_id, auxItemId: Number(r.aux_item_id), debit: fenOf(r.debit), credit: fenOf(r.credit) }))
}

/** Every detail of a village for a range of months: opening before `from`, activity from `from` to `to`. */
export async function loadDetails(db: Kysely<Database>, villageId: number, chart: readonly Account[], from: string, to: string): Promise<Detail[]> {
  const byId = new Map(chart.map((a) => [a.id, a]))
  const paths = subPaths(chart)
  const out = new Map<string, Detail>()
  const get = (accountId: number, auxItemId: number): Detail => {
    const k = `${accountId}|${auxItemId}`
    let d = out.get(k)
    if (!d) {
      d = { accountId, auxItemId, code: byId.get(accountId)?.code ?? '', subPath: paths.get(accountId) ?? '', opening: 0, debit: 0, credit: 0, cfDebit: 0, cfCredit: 0 }
      out.set(k, d)
    }
    return d
  }
  for (const f of await leafFigures(db, villageId, from, to)) {
    const d = get(f.accountId, f.auxItemId)
    d.opening += f.opening
    d.debit += f.debit
    d.credit += f.credit
  }
  for (const c of await carryForwardFigures(db, villageId, from, to)) {
    const d = get(c.accountId, c.auxItemId)
    d.cfDebit += c.debit
    d.cfCredit += c.credit
  }
  return [...out.values()]
}

/** Sums over the details of one range: what the formula functions read. */
export class RangeFigures {
  private readonly byCode: Map<string, Account>
  private readonly cache = new Map<string, Detail[]>()

  constructor(
    readonly chart: readonly Account[],
    readonly details: readonly Detail[],
  ) {
    this.byCode = new Map(chart.map((a) => [a.code, a]))
  }

  account(code: string): Account | undefined {
    return this.byCode.get(code)
  }

  under(code: string, filter: string | null): Detail[] {
    const k = `${code}|${filter ?? ''}`
    let list = this.cache.get(k)
    if (!list) {
      list = this.details.filter((d) => d.code.startsWith(code) && (filter === null || d.subPath.includes(filter)))
      this.cache.set(k, list)
    }
    return list
  }

  /** balance (debit positive) of a detail at the start or the end of the range */
  static at(d: Detail, atStart: boolean): number {
    return atStart ? d.opening : d.opening + d.debit - d.credit
  }

  balance(code: string, mode: BalanceMode, filter: string | null, atStart: boolean): number {
    const a = this.byCode.get(code)
    if (!a) return 0
    const list = this.under(code, filter)
    if (mode === 'debitDetails' || mode === 'creditDetails') {
      let s = 0
      for (const d of list) {
        const b = RangeFigures.at(d, atStart)
        if (mode === 'debitDetails' && b > 0) s += b
        if (mode === 'creditDetails' && b < 0) s -= b
      }
      return s
    }
    let debitPositive = 0
    for (const d of list) debitPositive += RangeFigures.at(d, atStart)
    const sign = mode === 'debit' ? 1 : mode === 'credit' ? -1 : normalSign(a)
    return sign * debitPositive
  }

  activity(code: string, mode: ActivityMode, filter: string | null): number {
    const a = this.byCode.get(code)
    if (!a) return 0
    let debit = 0
    let credit = 0
    for (const d of this.under(code, filter)) {
      debit += d.debit - d.cfDebit
      credit += d.credit - d.cfCredit
    }
    if (mode === 'debit') return debit
    if (mode === 'credit') return credit
    return normalSign(a) * (debit - credit)
  }

  private plDetails(): Detail[] {
    let list = this.cache.get('#pl')
    if (!list) {
      const pl = new Set(this.chart.filter((a) => a.class === 'profitLoss').map((a) => a.id))
      list = this.details.filter((d) => pl.has(d.accountId))
      this.cache.set('#pl', list)
    }
    return list
  }

  /** Σ balances of the 损益 accounts, credit positive */
  plNet(atStart: boolean): number {
    let s = 0
    for (const d of this.plDetails()) s -= RangeFigures.at(d, atStart)
    return s
  }

  /** Σ activity of the 损益 accounts without 年终结转, credit positive */
  plActivity(): number {
    let s = 0
    for (const d of this.plDetails()) s += d.credit - d.cfCredit - (d.debit - d.cfDebit)
    return s
  }
}
