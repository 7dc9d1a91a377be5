import { sql, type Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { AgeFigures, ClaimRow, ClaimsRegister, ClaimSide, ClaimTotals } from '../../../shared/api/fundTypes'
import { fenOf, fenToYuanString, parseYuan, type Fen } from '../../../shared/money'
import { lastDayOf, periodOfDate, previousPeriod } from '../../../shared/periods'
import { ageFifo, AGE_BUCKETS, type AgeBucket, type ItemMovement } from '../../../shared/registers/ageing'
import type { Outcome, ServiceContext } from '../context'
import type { Database } from '../db/schema'
import type { ChartIndex } from './accounts'
import { villageBooks } from './assets'

/**
 * 债权债务台账 (issue 4 §1), built from the books alone: every auxiliary item (counterparty, household) of 112
 * 应收款, 113 内部往来, 211 应付款 and 221 长期借款及应付款 with an open posted balance at a date, aged first in,
 * first out; 113 items go to receivables or payables by the side of their balance.
 */

/** item key of the books: a leaf and its auxiliary item (0: none) */
export const itemKey = (accountId: number, auxItemId: number | null): string => `${accountId}:${auxItemId ?? 0}`

/**
 * Debit-positive posted balance of each (leaf, auxiliary item) at the end of `date`: opening, earlier months
 * from the balance table, and the month's posted lines up to the date. Only the given accounts.
 */
export async function itemBalancesAt(db: Kysely<Database>, villageId: number, date: string, accountIds: readonly number[]): Promise<Map<string, Fen>> {
  const out = new Map<string, Fen>()
  if (accountIds.length === 0) return out
  const add = (a: number, aux: number | null, v: Fen) => out.set(itemKey(a, aux), (out.get(itemKey(a, aux)) ?? 0) + v)
  const period = periodOfDate(date)
  const opening = await db.selectFrom('opening_balance').select(['account_id', 'aux_item_id', 'amount']).where('village_id', '=', villageId).where('account_id', 'in', accountIds).execute()
  for (const o of opening) add(o.account_id, o.aux_item_id, o.amount)
  const months = await db
    .selectFrom('balance')
    .select(['account_id', 'aux_item_id', sql<number>`sum(debit - credit)`.as('net')])
    .where('village_id', '=', villageId)
    .where('account_id', 'in', accountIds)
    .where('period', '<', period)
    .groupBy(['account_id', 'aux_item_id'])
    .execute()
  for (const m of months) add(m.account_id, m.aux_item_id, fenOf(m.net))
  const days = await db
    .selectFrom('voucher_line as l')
    .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
    .select(['l.account_id', 'l.aux_item_id', sql<number>`sum(l.debit - l.credit)`.as('net')])
    .where('v.village_id', '=', villageId)
    .where('v.period', '=', period)
    .where('v.status', '=', 'posted')
    .where('v.date', '<=', date)
    .where('l.account_id', 'in', accountIds)
    .groupBy(['l.account_id', 'l.aux_item_id'])
    .execute()
  for (const d of days) add(d.account_id, d.aux_item_id, fenOf(d.net))
  return out
}

/** Every leaf (active or not) under a root, in code order. */
export function allLeavesUnder(index: ChartIndex, root: string) {
  return index.chart.filter((a) => a.isLeaf && a.code.startsWith(root)).sort((a, b) => a.code.localeCompare(b.code))
}

const ROOTS: readonly { code: string; side: ClaimSide | 'bySign' }[] = [
  { code: '112', side: 'receivable' },
  { code: '113', side: 'bySign' },
  { code: '211', side: 'payable' },
  { code: '221', side: 'payable' },
]

/** the day before the books start: opening balances are dated there */
export function openingDateOf(startPeriod: string): string {
  return lastDayOf(previousPeriod(startPeriod))
}

export async function claimsRegister(db: Kysely<Database>, villageId: number, date: string): Promise<ClaimsRegister> {
  const books = await villageBooks(db, villageId)
  const openingDate = openingDateOf(books.startPeriod)
  const leaves = ROOTS.flatMap((r) => allLeavesUnder(books.index, r.code).map((a) => ({ account: a, root: r })))
  const ids = leaves.map((l) => l.account.id)
  const history = new Map<string, ItemMovement[]>()
  const last = new Map<string, string>()
  const push = (key: string, m: ItemMovement) => {
    const list = history.get(key)
    if (list) list.push(m)
    else history.set(key, [m])
  }
  if (ids.length > 0) {
    for (const o of await db.selectFrom('opening_balance').select(['account_id', 'aux_item_id', 'amount']).where('village_id', '=', villageId).where('account_id', 'in', ids).execute()) {
      push(itemKey(o.account_id, o.aux_item_id), { date: openingDate, amount: o.amount })
    }
    const lines = await db
      .selectFrom('voucher_line as l')
      .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
      .select(['l.account_id', 'l.aux_item_id', 'v.date', 'l.debit', 'l.credit'])
      .where('v.village_id', '=', villageId)
      .where('v.status', '=', 'posted')
      .where('v.date', '<=', date)
      .where('l.account_id', 'in', ids)
      .orderBy('v.date')
      .orderBy('v.period')
      .orderBy('v.number')
      .orderBy('l.line_no')
      .execute()
    for (const l of lines) {
      const key = itemKey(l.account_id, l.aux_item_id)
      push(key, { date: l.date, amount: l.debit - l.credit })
      last.set(key, l.date)
    }
  }
  const auxIds = [...new Set([...history.keys()].map((k) => Number(k.split(':')[1])).filter((x) => x > 0))]
  const auxNames = new Map(
    auxIds.length ? (await db.selectFrom('aux_item').select(['id', 'name']).where('id', 'in', auxIds).execute()).map((r) => [r.id, r.name]) : [],
  )
  const byAccount = new Map(leaves.map((l) => [l.account.id, l]))
  const rows: ClaimRow[] = []
  for (const [key, moves] of history) {
    const [accountId, auxId] = key.split(':').map(Number) as [number, number]
    const leaf = byAccount.get(accountId)
    if (!leaf) continue
    const age = ageFifo(moves, date)
    if (age.balance === 0) continue
    const side: ClaimSide = leaf.root.side === 'bySign' ? (age.balance > 0 ? 'receivable' : 'payable') : leaf.root.side
    // a receivable in credit (overpaid) or a payable in debit shows negative on its row
    const natural = side === 'receivable' ? age.balance : -age.balance
    const sign = natural < 0 ? -1 : 1
    rows.push({
      side,
      rootCode: leaf.root.code,
      accountId,
      accountCode: leaf.account.code,
      accountName: leaf.account.name,
      auxItemId: auxId === 0 ? null : auxId,
      counterparty: auxId === 0 ? leaf.account.name : (auxNames.get(auxId) ?? `#${auxId}`),
      balance: fenToYuanString(natural),
      ageing: Object.fromEntries(AGE_BUCKETS.map((b) => [b, fenToYuanString(sign * age.buckets[b])])) as AgeFigures,
      lastMovement: last.get(key) ?? null,
    })
  }
  rows.sort((a, b) => a.accountCode.localeCompare(b.accountCode) || a.counterparty.localeCompare(b.counterparty, 'zh-CN'))
  const receivables = rows.filter((r) => r.side === 'receivable')
  const payables = rows.filter((r) => r.side === 'payable')
  return { villageId, date, openingDate, receivables, payables, totals: { receivable: totalsOf(receivables), payable: totalsOf(payables) } }
}

/** exact 分 of a yuan string of a result */
export function fenOfYuan(y: string): Fen {
  const r = parseYuan(y)
  if (!r.ok) throw new Error(`内部错误：金额“${y}”无法解析`)
  return r.fen
}

function totalsOf(rows: readonly ClaimRow[]): ClaimTotals {
  const sum = (get: (r: ClaimRow) => string) => fenToYuanString(rows.reduce((s, r) => s + fenOfYuan(get(r)), 0))
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b: AgeBucket) => [b, sum((r) => r.ageing[b])])) as AgeFigures
  return { balance: sum((r) => r.balance), count: rows.length, ...buckets }
}

export async function listClaims(ctx: ServiceContext, input: MethodParsedInput<'claims.list'>): Promise<Outcome<ClaimsRegister>> {
  return { value: await claimsRegister(ctx.db, input.villageId, input.date) }
}
