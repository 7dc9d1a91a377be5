import { sql, type Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { ReconcileCheck, ReconcileReport } from '../../../shared/api/registerTypes'
import { fenOf, fenToYuanString, type Fen } from '../../../shared/money'
import { periodOfDate } from '../../../shared/periods'
import type { Outcome, ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { cardsAt, runsCountedAt, villageBooks } from './assets'

/**
 * 台账与账簿核对 (issue 4 §6): each register's figure beside the books' balance at a date, and the difference.
 * The books are the posted vouchers: a register change whose draft voucher is not yet posted shows as a
 * difference, with a note saying so.
 */

/** Debit-positive balance of each leaf account at the end of `date`: opening + earlier months + posted lines of the month up to the date. */
export async function leafBalancesAt(db: Kysely<Database>, villageId: number, date: string): Promise<Map<number, Fen>> {
  const period = periodOfDate(date)
  const out = new Map<number, Fen>()
  const add = (id: number, v: Fen) => out.set(id, (out.get(id) ?? 0) + v)
  for (const o of await db.selectFrom('opening_balance').select(['account_id', 'amount']).where('village_id', '=', villageId).execute()) add(o.account_id, o.amount)
  const months = await db
    .selectFrom('balance')
    .select(['account_id', sql<number>`sum(debit - credit)`.as('net')])
    .where('village_id', '=', villageId)
    .where('period', '<', period)
    .groupBy('account_id')
    .execute()
  for (const m of months) add(m.account_id, fenOf(m.net))
  const days = await db
    .selectFrom('voucher_line as l')
    .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
    .select(['l.account_id', sql<number>`sum(l.debit - l.credit)`.as('net')])
    .where('v.village_id', '=', villageId)
    .where('v.period', '=', period)
    .where('v.status', '=', 'posted')
    .where('v.date', '<=', date)
    .groupBy('l.account_id')
    .execute()
  for (const d of days) add(d.account_id, fenOf(d.net))
  return out
}

function check(key: string, title: string, register: Fen, books: Fen, note: string | null): ReconcileCheck {
  return {
    key,
    title,
    register: fenToYuanString(register),
    books: fenToYuanString(books),
    difference: fenToYuanString(register - books),
    ok: register === books,
    note: register === books ? null : note,
  }
}

async function unpostedRegisterVouchers(db: Kysely<Database>, villageId: number, date: string): Promise<number> {
  const runs = await db
    .selectFrom('depreciation_run as r')
    .innerJoin('voucher as v', 'v.id', 'r.voucher_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.village_id', '=', villageId)
    .where('r.status', '=', 'active')
    .where('r.period', '<=', runsCountedAt(date))
    .where('v.status', '<>', 'posted')
    .executeTakeFirst()
  const moves = await db
    .selectFrom('register_movement as m')
    .innerJoin('voucher as v', 'v.id', 'm.voucher_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.village_id', '=', villageId)
    .where('m.date', '<=', date)
    .where('v.status', '<>', 'posted')
    .executeTakeFirst()
  return Number(runs?.n ?? 0) + Number(moves?.n ?? 0)
}

export async function reconcileRegisters(db: Kysely<Database>, villageId: number, date: string): Promise<ReconcileReport> {
  const books = await villageBooks(db, villageId)
  const balances = await leafBalancesAt(db, villageId, date)
  const under = (root: string) => books.index.leavesUnder(root).concat(books.index.chart.filter((a) => a.code.startsWith(root) && a.status !== 'active' && a.isLeaf))
  const sumUnder = (root: string) => under(root).reduce((s, a) => s + (balances.get(a.id) ?? 0), 0)
  const unposted = await unpostedRegisterVouchers(db, villageId, date)
  const note = unposted > 0 ? `台账生成的凭证中有 ${unposted} 张尚未记账，记账后再核对` : '请检查是否有未通过台账登记的固定资产凭证，或卡片数据有误'
  const { cards, accumulated } = await cardsAt(db, villageId, date)
  const live = cards.filter((c) => c.disposed_on === null || c.disposed_on > date)
  const checks: ReconcileCheck[] = []

  // 151 原值, by the sub-accounts the cards use, then in total
  const cost = new Map<number, Fen>()
  const dep = new Map<number, Fen>()
  for (const c of live) {
    cost.set(c.asset_account_id, (cost.get(c.asset_account_id) ?? 0) + c.original_value)
    dep.set(c.accumulated_account_id, (dep.get(c.accumulated_account_id) ?? 0) + (accumulated.get(c.id) ?? 0))
  }
  const byLeaf = (root: string, register: Map<number, Fen>, sign: 1 | -1, what: string) => {
    const leaves = under(root)
    if (leaves.length > 1) {
      for (const a of leaves) {
        const reg = register.get(a.id) ?? 0
        const bk = sign * (balances.get(a.id) ?? 0)
        if (reg === 0 && bk === 0) continue
        checks.push(check(`${root}:${a.code}`, `${what}：${a.code} ${a.name}`, reg, bk, note))
      }
    }
    const total = [...register.values()].reduce((s, v) => s + v, 0)
    checks.push(check(root, `${what}合计（${root}）`, total, sign * sumUnder(root), note))
  }
  byLeaf('151', cost, 1, '固定资产原值')
  byLeaf('152', dep, -1, '累计折旧')
  return { villageId, date, checks, ok: checks.every((c) => c.ok) }
}

export async function reconcile(ctx: ServiceContext, input: MethodParsedInput<'register.reconcile'>): Promise<Outcome<ReconcileReport>> {
  return { value: await reconcileRegisters(ctx.db, input.villageId, input.date) }
}
