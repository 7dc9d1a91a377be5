import { sql, type Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { ReconcileCheck, ReconcileReport } from '../../../shared/api/registerTypes'
import { fenOf, fenToYuanString, type Fen } from '../../../shared/money'
import { periodOfDate } from '../../../shared/periods'
import type { Outcome, ServiceContext } from '../context'
import type { Database } from '../db/schema'
import type { ChartIndex } from './accounts'
import { cardsAt, runsCountedAt, villageBooks } from './assets'
import { contractReceivableChecks } from './contracts'
import { allLeavesUnder, itemBalancesAt, itemKey } from './claims'
import { bankAccountsAt, bankBalance } from './funds'
import { bioSpec, endedAt, inventorySpec, investmentSpec, itemsAt } from './smallRegisters'

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

export function check(key: string, title: string, register: Fen, books: Fen, note: string | null): ReconcileCheck {
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
  const other = '期初余额、未经台账登记的凭证或卡片数据'
  const note = unposted > 0 ? `台账生成的凭证中有 ${unposted} 张尚未记账，记账后再核对；如仍不符，请检查${other}` : `请检查${other}`
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
  checks.push(...(await fundChecks(db, villageId, date, books.index, balances)))
  checks.push(...(await contractReceivableChecks(db, villageId, date, books.index)))
  return { villageId, date, checks, ok: checks.every((c) => c.ok) }
}

export async function reconcile(ctx: ServiceContext, input: MethodParsedInput<'register.reconcile'>): Promise<Outcome<ReconcileReport>> {
  return { value: await reconcileRegisters(ctx.db, input.villageId, input.date) }
}

// —— 资金 and the small registers: bank accounts = 102, 库存物资 = 121, 生物资产 = 131–134, 长期投资 = 141 ——

const SMALL_NOTE = '库存物资、生物资产、长期投资台账的变动不自动生成凭证：请检查是否已编制凭证并记账，或台账登记有误'

/** per leaf under `root` where either side is not zero, then the total */
function leafChecks(index: ChartIndex, balances: Map<number, Fen>, root: string, register: Map<number, Fen>, sign: 1 | -1, what: string, note: string): ReconcileCheck[] {
  const leaves = allLeavesUnder(index, root)
  const out: ReconcileCheck[] = []
  let reg = 0
  let bk = 0
  for (const a of leaves) {
    const r = register.get(a.id) ?? 0
    const b = sign * (balances.get(a.id) ?? 0)
    reg += r
    bk += b
    if (leaves.length > 1 && (r !== 0 || b !== 0)) out.push(check(`${root}:${a.code}`, `${what}：${a.code} ${a.name}`, r, b, note))
  }
  out.push(check(root, `${what}合计（${root}）`, reg, bk, note))
  return out
}

async function fundChecks(db: Kysely<Database>, villageId: number, date: string, index: ChartIndex, balances: Map<number, Fen>): Promise<ReconcileCheck[]> {
  const checks: ReconcileCheck[] = []
  // 银行存款: every item of the books (a 102 leaf, or its 银行账户 item) against the open register accounts linked to it
  const bankLeaves = allLeavesUnder(index, '102')
  const items = await itemBalancesAt(db, villageId, date, bankLeaves.map((a) => a.id))
  const open = (await bankAccountsAt(db, villageId, date)).filter((r) => r.opened_on <= date && (r.closed_on === null || r.closed_on > date))
  const keyOf = (accountId: number, auxItemId: number | null) => (index.byId(accountId)?.auxKind === 'bank' ? itemKey(accountId, auxItemId) : itemKey(accountId, null))
  const books = new Map<string, Fen>()
  for (const [k, v] of items) {
    const [a, aux] = k.split(':').map(Number) as [number, number]
    books.set(keyOf(a, aux || null), (books.get(keyOf(a, aux || null)) ?? 0) + v)
  }
  const linked = new Map<string, typeof open>()
  for (const r of open) {
    const k = keyOf(r.account_id, r.aux_item_id)
    linked.set(k, [...(linked.get(k) ?? []), r])
  }
  const auxIds = [...new Set([...books.keys(), ...linked.keys()].map((k) => Number(k.split(':')[1])).filter((x) => x > 0))]
  const auxNames = new Map(auxIds.length ? (await db.selectFrom('aux_item').select(['id', 'name']).where('id', 'in', auxIds).execute()).map((r) => [r.id, r.name]) : [])
  let regTotal = 0
  for (const k of [...new Set([...books.keys(), ...linked.keys()])].sort()) {
    const [accountId, aux] = k.split(':').map(Number) as [number, number]
    const a = index.byId(accountId)
    const accounts = linked.get(k) ?? []
    const reg = accounts.reduce((s, r) => s + bankBalance(r, items), 0)
    const bk = books.get(k) ?? 0
    regTotal += reg
    if (reg === 0 && bk === 0 && accounts.length <= 1) continue
    const where = `${a?.code ?? ''} ${a?.name ?? ''}${aux ? `：${auxNames.get(aux) ?? ''}` : ''}`
    const title = accounts.length === 1 ? `银行账户 ${accounts[0]?.bank_name} ${accounts[0]?.account_no}（${where}）` : `银行存款 ${where}`
    const note =
      accounts.length === 0
        ? '该银行存款科目（项目）有余额，但没有登记在用的银行账户：请登记开户信息，或检查是否已销户'
        : accounts.length > 1
          ? `该科目（项目）关联了 ${accounts.length} 个在用账户，账面无法区分，请为每个账户设置明细科目或银行账户项目`
          : '请检查银行账户关联的科目或项目'
    checks.push({ ...check(`102:${k}`, title, reg, bk, note), ok: reg === bk && accounts.length === 1 })
  }
  const bankBooks = bankLeaves.reduce((s, a) => s + (balances.get(a.id) ?? 0), 0)
  checks.push(check('102', '银行存款合计（102）', regTotal, bankBooks, '有银行存款余额未对应到在用的银行账户，见上面各行'))

  // 库存物资, 生物资产, 长期投资: the items held at the date, by the leaf each books to
  const held = async (spec: Parameters<typeof itemsAt>[1]) => (await itemsAt(db, spec, villageId, date)).filter((r) => !endedAt(spec, r, date))
  const sumBy = (rows: Record<string, unknown>[], value: (r: Record<string, unknown>) => Fen) => {
    const m = new Map<number, Fen>()
    for (const r of rows) m.set(Number(r.account_id), (m.get(Number(r.account_id)) ?? 0) + value(r))
    return m
  }
  checks.push(...leafChecks(index, balances, '121', sumBy(await held(inventorySpec), (r) => fenOf(r.amount)), 1, '库存物资', SMALL_NOTE))
  const bio = await held(bioSpec)
  if (index.byCodeOrNull('133')) {
    for (const root of ['131', '132', '134']) if (index.byCodeOrNull(root)) checks.push(...leafChecks(index, balances, root, sumBy(bio, (r) => fenOf(r.original_value)), 1, `${index.byCodeOrNull(root)?.name}`, SMALL_NOTE))
    const acc = bio.filter((r) => r.kind === 'productive').reduce((s, r) => s + fenOf(r.accumulated), 0)
    const leaves133 = allLeavesUnder(index, '133')
    checks.push(...leafChecks(index, balances, '133', new Map(leaves133.length === 1 ? [[(leaves133[0] as { id: number }).id, acc]] : []), -1, '生产性生物资产累计折旧', SMALL_NOTE))
  } else {
    // 2004: 牲畜(禽)资产 and 林木资产 are carried net of what was written off
    for (const root of ['131', '132']) if (index.byCodeOrNull(root)) checks.push(...leafChecks(index, balances, root, sumBy(bio, (r) => bioSpec.value(r as never)), 1, `${index.byCodeOrNull(root)?.name}`, SMALL_NOTE))
  }
  checks.push(...leafChecks(index, balances, '141', sumBy(await held(investmentSpec), (r) => fenOf(r.amount)), 1, '长期投资', SMALL_NOTE))
  return checks
}
