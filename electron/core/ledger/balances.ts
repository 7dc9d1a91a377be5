import { sql, type Kysely } from 'kysely'
import type { Account, BalanceSide, BalanceVerifyReport, TrialBalance, TrialBalanceRow } from '../../../shared/api/types'
import { fenOf, fenToYuanString, type Fen } from '../../../shared/money'
import { yearOf } from '../../../shared/periods'
import type { Database } from '../db/schema'
import { loadChart } from './chart'

export interface LeafFigures {
  accountId: number
  auxItemId: number
  /** balance before `from`, debit positive */
  opening: Fen
  debit: Fen
  credit: Fen
  ytdDebit: Fen
  ytdCredit: Fen
}

/**
 * Figures of every leaf account (and auxiliary item) of a village for a range of months, from the opening
 * balances and the balance table alone: a few hundred rows per village-year, never the voucher lines.
 */
export async function leafFigures(db: Kysely<Database>, villageId: number, from: string, to: string): Promise<LeafFigures[]> {
  const yearStart = `${yearOf(to)}-01`
  const rows = await db
    .selectFrom('balance')
    .select([
      'account_id',
      'aux_item_id',
      sql<number>`sum(case when period < ${from} then debit - credit else 0 end)`.as('before'),
      sql<number>`sum(case when period >= ${from} then debit else 0 end)`.as('debit'),
      sql<number>`sum(case when period >= ${from} then credit else 0 end)`.as('credit'),
      sql<number>`sum(case when period >= ${yearStart} then debit else 0 end)`.as('ytd_debit'),
      sql<number>`sum(case when period >= ${yearStart} then credit else 0 end)`.as('ytd_credit'),
    ])
    .where('village_id', '=', villageId)
    .where('period', '<=', to)
    .groupBy(['account_id', 'aux_item_id'])
    .execute()
  const openings = await db.selectFrom('opening_balance').select(['account_id', 'aux_item_id', 'amount']).where('village_id', '=', villageId).execute()
  const out = new Map<string, LeafFigures>()
  const get = (accountId: number, auxItemId: number) => {
    const k = `${accountId}|${auxItemId}`
    let f = out.get(k)
    if (!f) {
      f = { accountId, auxItemId, opening: 0, debit: 0, credit: 0, ytdDebit: 0, ytdCredit: 0 }
      out.set(k, f)
    }
    return f
  }
  for (const o of openings) get(o.account_id, o.aux_item_id).opening += o.amount
  for (const r of rows) {
    const f = get(r.account_id, r.aux_item_id)
    f.opening += fenOf(r.before)
    f.debit += fenOf(r.debit)
    f.credit += fenOf(r.credit)
    f.ytdDebit += fenOf(r.ytd_debit)
    f.ytdCredit += fenOf(r.ytd_credit)
  }
  return [...out.values()]
}

export function sideOf(balance: Fen): BalanceSide {
  return balance > 0 ? '借' : balance < 0 ? '贷' : '平'
}

export interface Sums {
  opening: Fen
  debit: Fen
  credit: Fen
  ytdDebit: Fen
  ytdCredit: Fen
}

export const zero = (): Sums => ({ opening: 0, debit: 0, credit: 0, ytdDebit: 0, ytdCredit: 0 })

export function add(to: Sums, f: Sums): void {
  to.opening += f.opening
  to.debit += f.debit
  to.credit += f.credit
  to.ytdDebit += f.ytdDebit
  to.ytdCredit += f.ytdCredit
}

function split(balance: Fen): [string, string] {
  return balance >= 0 ? [fenToYuanString(balance), '0.00'] : ['0.00', fenToYuanString(-balance)]
}

/** a row's figures as printed: opening and closing split to 借/贷 by sign */
export function rowFigures(s: Sums) {
  const closing = s.opening + s.debit - s.credit
  const [openingDebit, openingCredit] = split(s.opening)
  const [closingDebit, closingCredit] = split(closing)
  return {
    openingDebit,
    openingCredit,
    debit: fenToYuanString(s.debit),
    credit: fenToYuanString(s.credit),
    ytdDebit: fenToYuanString(s.ytdDebit),
    ytdCredit: fenToYuanString(s.ytdCredit),
    closingDebit,
    closingCredit,
  }
}

/** 科目余额表: every account down to `level`, parents as the sum of their children; optional auxiliary rows. */
export async function trialBalance(
  db: Kysely<Database>,
  villageId: number,
  opts: { from: string; to: string; level: number; withAux: boolean },
): Promise<TrialBalance> {
  const chart = await loadChart(db, villageId)
  const figures = await leafFigures(db, villageId, opts.from, opts.to)
  const byId = new Map(chart.map((a) => [a.id, a]))
  const sums = new Map<number, Sums>()
  const auxSums = new Map<number, Map<number, Sums>>()
  for (const f of figures) {
    let a: Account | undefined = byId.get(f.accountId)
    if (f.auxItemId !== 0) {
      let m = auxSums.get(f.accountId)
      if (!m) auxSums.set(f.accountId, (m = new Map()))
      const s = m.get(f.auxItemId) ?? zero()
      add(s, f)
      m.set(f.auxItemId, s)
    }
    while (a) {
      const s = sums.get(a.id) ?? zero()
      add(s, f)
      sums.set(a.id, s)
      a = a.parentId === null ? undefined : byId.get(a.parentId)
    }
  }
  const auxNames = new Map<number, string>()
  if (opts.withAux) {
    for (const r of await db.selectFrom('aux_item').select(['id', 'name']).where('village_id', '=', villageId).execute()) auxNames.set(r.id, r.name)
  }
  const rows: TrialBalanceRow[] = []
  const total = zero()
  let debitSide = 0
  let creditSide = 0
  let closingDebitSide = 0
  let closingCreditSide = 0
  for (const a of chart) {
    if (a.level > opts.level) continue
    const s = sums.get(a.id)
    if (!s) continue
    if (s.opening === 0 && s.debit === 0 && s.credit === 0 && s.ytdDebit === 0 && s.ytdCredit === 0) continue
    rows.push({ accountId: a.id, code: a.code, name: a.name, level: a.level, isLeaf: a.isLeaf, auxItemId: null, auxItemName: null, ...rowFigures(s) })
    if (a.level === 1) {
      add(total, s)
      if (s.opening >= 0) debitSide += s.opening
      else creditSide -= s.opening
      const closing = s.opening + s.debit - s.credit
      if (closing >= 0) closingDebitSide += closing
      else closingCreditSide -= closing
    }
    if (opts.withAux && a.isLeaf && a.level <= opts.level) {
      const m = auxSums.get(a.id)
      if (m) {
        const items = [...m.entries()].sort((x, y) => (auxNames.get(x[0]) ?? '').localeCompare(auxNames.get(y[0]) ?? '', 'zh-CN'))
        for (const [auxId, as] of items) {
          rows.push({ accountId: a.id, code: a.code, name: a.name, level: a.level, isLeaf: true, auxItemId: auxId, auxItemName: auxNames.get(auxId) ?? '', ...rowFigures(as) })
        }
      }
    }
  }
  const totals = {
    openingDebit: fenToYuanString(debitSide),
    openingCredit: fenToYuanString(creditSide),
    debit: fenToYuanString(total.debit),
    credit: fenToYuanString(total.credit),
    ytdDebit: fenToYuanString(total.ytdDebit),
    ytdCredit: fenToYuanString(total.ytdCredit),
    closingDebit: fenToYuanString(closingDebitSide),
    closingCredit: fenToYuanString(closingCreditSide),
  }
  return {
    villageId,
    from: opts.from,
    to: opts.to,
    level: opts.level,
    rows,
    totals,
    balanced: debitSide === creditSide && total.debit === total.credit && total.ytdDebit === total.ytdCredit && closingDebitSide === closingCreditSide,
  }
}

/** Recomputes the balance table from the posted voucher lines and lists every difference (an auditor's check). */
export async function verifyBalances(db: Kysely<Database>, villageId?: number): Promise<BalanceVerifyReport> {
  let computedQ = db
    .selectFrom('voucher_line')
    .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
    .select([
      'voucher.village_id as village_id',
      'voucher_line.account_id as account_id',
      sql<number>`coalesce(voucher_line.aux_item_id, 0)`.as('aux_item_id'),
      'voucher_line.period as period',
      sql<number>`sum(voucher_line.debit)`.as('debit'),
      sql<number>`sum(voucher_line.credit)`.as('credit'),
    ])
    .where('voucher.status', '=', 'posted')
    .groupBy(['voucher.village_id', 'voucher_line.account_id', sql`coalesce(voucher_line.aux_item_id, 0)`, 'voucher_line.period'])
  let storedQ = db.selectFrom('balance').selectAll()
  if (villageId !== undefined) {
    computedQ = computedQ.where('voucher.village_id', '=', villageId)
    storedQ = storedQ.where('village_id', '=', villageId)
  }
  const computed = await computedQ.execute()
  const stored = await storedQ.execute()
  const key = (r: { account_id: number; aux_item_id: number; period: string }) => `${r.account_id}|${r.aux_item_id}|${r.period}`
  const storedMap = new Map(stored.map((r) => [key(r), r]))
  const computedMap = new Map(computed.map((r) => [key(r), r]))
  const accounts = new Map((await db.selectFrom('account').select(['id', 'code', 'name']).execute()).map((a) => [a.id, a]))
  const differences: BalanceVerifyReport['differences'] = []
  for (const k of new Set([...storedMap.keys(), ...computedMap.keys()])) {
    const s = storedMap.get(k)
    const c = computedMap.get(k)
    const sd = s?.debit ?? 0
    const sc = s?.credit ?? 0
    const cd = fenOf(c?.debit ?? 0)
    const cc = fenOf(c?.credit ?? 0)
    if (sd !== cd || sc !== cc) {
      const ref = (s ?? c) as { account_id: number; aux_item_id: number; period: string }
      const a = accounts.get(ref.account_id)
      differences.push({
        accountCode: a?.code ?? String(ref.account_id),
        accountName: a?.name ?? '',
        auxItemId: ref.aux_item_id,
        period: ref.period,
        storedDebit: fenToYuanString(sd),
        storedCredit: fenToYuanString(sc),
        computedDebit: fenToYuanString(cd),
        computedCredit: fenToYuanString(cc),
      })
    }
  }
  differences.sort((x, y) => (x.period + x.accountCode < y.period + y.accountCode ? -1 : 1))
  return { ok: differences.length === 0, checkedRows: Math.max(stored.length, computed.length), differences }
}
