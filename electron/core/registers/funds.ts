import type { Kysely, Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import { BANK_NATURE_LABELS, type BankAccountDetail, type BankAccountList, type BankAccountRow, type BankNature, type CashStatus } from '../../../shared/api/fundTypes'
import { AppError } from '../../../shared/errors'
import { fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import { nowIso, todayIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { BankAccountTable, Database } from '../db/schema'
import type { ChartIndex } from './accounts'
import { villageBooks } from './assets'
import { allLeavesUnder, itemBalancesAt, itemKey } from './claims'
import { assertMovementDate, diff, listMovements, movementsAfter, recordMovement, stateAt, type Changes, type FieldDisplay, type StoredValue } from './movements'

/**
 * 资金 (issue 4 §1): the village's bank accounts — 开户行, 账号, 基本户/专户/一般户, the 102 leaf (and its 银行账户
 * item) that books each — opened, changed and closed as dated movements; and 库存现金 against its holding limit.
 * Balances are the books' posted figures; the register itself holds no money figure.
 */
type BankDb = Selectable<BankAccountTable>

const FIELD_LABELS: Record<string, string> = {
  bank_name: '开户行',
  account_no: '账号',
  nature: '账户性质',
  account_id: '银行存款科目',
  aux_item_id: '银行账户项目',
  opened_on: '开户日期',
  closed_on: '销户日期',
  note: '备注',
}

function display(index: ChartIndex, auxNames: Map<number, string>): FieldDisplay {
  return {
    labels: FIELD_LABELS,
    format(field, v) {
      if (v === null) return null
      if (field === 'nature') return BANK_NATURE_LABELS[v as BankNature] ?? String(v)
      if (field === 'account_id') {
        const a = index.byId(Number(v))
        return a ? `${a.code} ${a.name}` : String(v)
      }
      if (field === 'aux_item_id') return auxNames.get(Number(v)) ?? String(v)
      return String(v)
    },
  }
}

const isOpenAt = (r: Pick<BankDb, 'opened_on' | 'closed_on'>, date: string) => r.opened_on <= date && (r.closed_on === null || r.closed_on > date)

/** The posted balance a bank account stands for: its item of the leaf, or the whole leaf when it keeps no items. */
export function bankBalance(r: Pick<BankDb, 'account_id' | 'aux_item_id'>, balances: Map<string, Fen>): Fen {
  if (r.aux_item_id !== null) return balances.get(itemKey(r.account_id, r.aux_item_id)) ?? 0
  let s = 0
  for (const [k, v] of balances) if (k.startsWith(`${r.account_id}:`)) s += v
  return s
}

/** Every bank account of the village as it stood at the end of `asOf` (accounts opened later left out). */
export async function bankAccountsAt(db: Kysely<Database>, villageId: number, asOf: string): Promise<BankDb[]> {
  const current = await db.selectFrom('bank_account').selectAll().where('village_id', '=', villageId).orderBy('opened_on').orderBy('id').execute()
  const later = await movementsAfter(db, villageId, 'bankAccount', asOf)
  const out: BankDb[] = []
  for (const r of current) {
    const s = stateAt(r, later.filter((m) => m.itemId === r.id))
    if (s) out.push(s)
  }
  return out
}

async function auxNamesOf(db: Kysely<Database>, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))]
  if (wanted.length === 0) return new Map()
  return new Map((await db.selectFrom('aux_item').select(['id', 'name']).where('id', 'in', wanted).execute()).map((r) => [r.id, r.name]))
}

function toRow(r: BankDb, asOf: string, index: ChartIndex, auxNames: Map<number, string>, balances: Map<string, Fen>): BankAccountRow {
  const a = index.byId(r.account_id)
  return {
    id: r.id,
    bankName: r.bank_name,
    accountNo: r.account_no,
    nature: r.nature,
    accountId: r.account_id,
    accountCode: a?.code ?? '',
    accountName: a?.name ?? '',
    auxItemId: r.aux_item_id,
    auxItemName: r.aux_item_id === null ? null : (auxNames.get(r.aux_item_id) ?? null),
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    open: isOpenAt(r, asOf),
    balance: fenToYuanString(bankBalance(r, balances)),
    note: r.note,
  }
}

export async function bankAccountList(db: Kysely<Database>, villageId: number, asOf: string): Promise<BankAccountList> {
  const books = await villageBooks(db, villageId)
  const rows = await bankAccountsAt(db, villageId, asOf)
  const balances = await itemBalancesAt(db, villageId, asOf, allLeavesUnder(books.index, '102').map((a) => a.id))
  const auxNames = await auxNamesOf(db, rows.map((r) => r.aux_item_id))
  const out = rows.map((r) => toRow(r, asOf, books.index, auxNames, balances))
  const total = rows.filter((r) => isOpenAt(r, asOf)).reduce((s, r) => s + bankBalance(r, balances), 0)
  return { asOf, rows: out, total: fenToYuanString(total), cash: await cashStatus(db, villageId, asOf, books.index) }
}

async function loadDetail(db: Kysely<Database>, villageId: number, id: number, asOf: string | null): Promise<BankAccountDetail> {
  const books = await villageBooks(db, villageId)
  const current = await db.selectFrom('bank_account').selectAll().where('id', '=', id).where('village_id', '=', villageId).executeTakeFirst()
  if (!current) throw new AppError('NOT_FOUND', '银行账户不存在或不属于本村')
  const date = asOf ?? todayIso()
  const r = asOf === null ? current : stateAt(current, (await movementsAfter(db, villageId, 'bankAccount', asOf)).filter((m) => m.itemId === id))
  if (!r) throw new AppError('NOT_FOUND', `${asOf} 时该银行账户尚未登记`)
  const balances = await itemBalancesAt(db, villageId, date, [r.account_id])
  const moves = await db.selectFrom('register_movement').select('changes').where('item_kind', '=', 'bankAccount').where('item_id', '=', id).execute()
  // the timeline names every item the account was ever linked to
  const linked = moves.flatMap((m) => ((JSON.parse(m.changes) as Changes).aux_item_id ?? []).filter((v) => typeof v === 'number')) as number[]
  const auxNames = await auxNamesOf(db, [current.aux_item_id, r.aux_item_id, ...linked])
  return { ...toRow(r, date, books.index, auxNames, balances), movements: await listMovements(db, 'bankAccount', id, display(books.index, auxNames)) }
}

/** The leaf must be an active 102 leaf; a leaf that keeps 银行账户 items needs one (by default the item named as the leaf). */
async function checkLink(db: Kysely<Database>, villageId: number, index: ChartIndex, accountId: number, auxItemId: number | null | undefined): Promise<number | null> {
  const a = index.byId(accountId)
  const fail = (m: string, path = 'accountId'): never => {
    throw new AppError('VALIDATION', m, { issues: [{ path, message: m }] })
  }
  if (!a) return fail('银行存款科目不存在或不属于本村')
  if (!a.code.startsWith('102')) return fail(`银行账户应关联 102 银行存款下的明细科目（而不是“${a.code} ${a.name}”）`)
  if (!a.isLeaf) return fail(`“${a.code} ${a.name}”不是末级科目，请选择其下的明细科目`)
  if (a.status !== 'active') return fail(`“${a.code} ${a.name}”已停用`)
  if (a.auxKind === null) {
    if (auxItemId !== null && auxItemId !== undefined) return fail(`“${a.code} ${a.name}”不设辅助核算，不能指定银行账户项目`, 'auxItemId')
    return null
  }
  if (a.auxKind !== 'bank') return fail(`“${a.code} ${a.name}”的辅助核算不是银行账户，不能关联银行账户`)
  const items = await db.selectFrom('aux_item').select(['id', 'name', 'status']).where('village_id', '=', villageId).where('kind', '=', 'bank').execute()
  const item = auxItemId === null || auxItemId === undefined ? items.find((i) => i.name === a.name) : items.find((i) => i.id === auxItemId)
  if (!item) return fail(auxItemId ? '银行账户项目不存在或不属于本村' : `“${a.code} ${a.name}”按银行账户辅助核算，请指定银行账户项目`, 'auxItemId')
  if (item.status !== 'active') return fail(`银行账户项目“${item.name}”已停用`, 'auxItemId')
  return item.id
}

/** One open register account per books item: two accounts on one leaf without items could not be told apart. */
async function assertLinkFree(db: Kysely<Database>, villageId: number, accountId: number, auxItemId: number | null, except: number | null): Promise<void> {
  let q = db.selectFrom('bank_account').select(['bank_name', 'account_no']).where('village_id', '=', villageId).where('account_id', '=', accountId).where('closed_on', 'is', null)
  q = auxItemId === null ? q : q.where('aux_item_id', '=', auxItemId)
  if (except !== null) q = q.where('id', '<>', except)
  const other = await q.executeTakeFirst()
  if (other) throw new AppError('CONFLICT', `该科目${auxItemId === null ? '' : '（银行账户项目）'}已关联账户 ${other.bank_name} ${other.account_no}，一个账户对应一个明细科目或银行账户项目`, { issues: [{ path: 'accountId', message: '已关联其他银行账户' }] })
}

async function loadForWrite(db: Kysely<Database>, villageId: number, id: number): Promise<BankDb> {
  const r = await db.selectFrom('bank_account').selectAll().where('id', '=', id).where('village_id', '=', villageId).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', '银行账户不存在或不属于本村')
  if (r.closed_on !== null) throw new AppError('STATE', `账户 ${r.bank_name} ${r.account_no} 已于 ${r.closed_on} 销户，不能再变动`)
  return r
}

export async function createBankAccount(ctx: ServiceContext, input: MethodParsedInput<'bankAccount.create'>): Promise<Outcome<BankAccountDetail>> {
  const actor = requireActor(ctx)
  const books = await villageBooks(ctx.db, input.villageId)
  const dup = await ctx.db.selectFrom('bank_account').select(['bank_name']).where('village_id', '=', input.villageId).where('account_no', '=', input.accountNo).executeTakeFirst()
  if (dup) throw new AppError('CONFLICT', `账号 ${input.accountNo} 已登记（${dup.bank_name}），不能重复登记`, { issues: [{ path: 'accountNo', message: '账号重复' }] })
  const auxItemId = await checkLink(ctx.db, input.villageId, books.index, input.accountId, input.auxItemId)
  await assertLinkFree(ctx.db, input.villageId, input.accountId, auxItemId, null)
  const now = nowIso()
  const fields = { bank_name: input.bankName, account_no: input.accountNo, nature: input.nature, account_id: input.accountId, aux_item_id: auxItemId, opened_on: input.openedOn, note: input.note }
  const { id } = await ctx.db
    .insertInto('bank_account')
    .values({ ...fields, village_id: input.villageId, closed_on: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const changes: Changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null).map(([k, v]) => [k, [null, v as StoredValue]]))
  // registering an account records a fact of its opening: dated at the opening, no voucher
  await recordMovement(ctx.db, { villageId: input.villageId, itemKind: 'bankAccount', itemId: id, date: input.openedOn, kind: 'register', changes, amount: null, voucherId: null, operatorId: actor.id, note: null })
  return {
    value: await loadDetail(ctx.db, input.villageId, id, null),
    audit: { action: `登记银行账户：${input.bankName} ${input.accountNo}（${BANK_NATURE_LABELS[input.nature]}）`, after: { bankAccountId: id } },
  }
}

export async function changeBankAccount(ctx: ServiceContext, input: MethodParsedInput<'bankAccount.change'>): Promise<Outcome<BankAccountDetail>> {
  const actor = requireActor(ctx)
  const r = await loadForWrite(ctx.db, input.villageId, input.bankAccountId)
  await assertMovementDate(ctx.db, input.villageId, 'bankAccount', r.id, input.date, '变更日期')
  const c = input.changes
  const after: Partial<BankDb> = { bank_name: c.bankName, nature: c.nature, note: c.note }
  if (c.accountId !== undefined || c.auxItemId !== undefined) {
    const books = await villageBooks(ctx.db, input.villageId)
    const accountId = c.accountId ?? r.account_id
    const aux = await checkLink(ctx.db, input.villageId, books.index, accountId, c.auxItemId === undefined ? (c.accountId === undefined ? r.aux_item_id : undefined) : c.auxItemId)
    await assertLinkFree(ctx.db, input.villageId, accountId, aux, r.id)
    after.account_id = accountId
    after.aux_item_id = aux
  }
  const filtered = Object.fromEntries(Object.entries(after).filter(([, v]) => v !== undefined)) as Partial<BankDb>
  const changes = diff(r as unknown as Record<string, StoredValue>, filtered as Record<string, StoredValue>)
  if (Object.keys(changes).length === 0) throw new AppError('VALIDATION', '没有任何变更')
  await ctx.db.updateTable('bank_account').set({ ...filtered, updated_at: nowIso() }).where('id', '=', r.id).execute()
  await recordMovement(ctx.db, { villageId: input.villageId, itemKind: 'bankAccount', itemId: r.id, date: input.date, kind: 'change', changes, amount: null, voucherId: null, operatorId: actor.id, note: input.reason })
  return {
    value: await loadDetail(ctx.db, input.villageId, r.id, null),
    audit: { action: `变更银行账户 ${r.account_no}（${Object.keys(changes).map((k) => FIELD_LABELS[k] ?? k).join('、')}）`, before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[0]])), after: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])) },
  }
}

export async function closeBankAccount(ctx: ServiceContext, input: MethodParsedInput<'bankAccount.close'>): Promise<Outcome<BankAccountDetail>> {
  const actor = requireActor(ctx)
  const r = await loadForWrite(ctx.db, input.villageId, input.bankAccountId)
  if (input.date < r.opened_on) throw new AppError('VALIDATION', `销户日期 ${input.date} 早于开户日期 ${r.opened_on}`, { issues: [{ path: 'date', message: '早于开户日期' }] })
  await assertMovementDate(ctx.db, input.villageId, 'bankAccount', r.id, input.date, '销户日期')
  // the books must show the account empty on the day, and nothing posted to it afterwards
  for (const when of [input.date, '9999-12-31']) {
    const balance = bankBalance(r, await itemBalancesAt(ctx.db, input.villageId, when, [r.account_id]))
    if (balance !== 0) {
      throw new AppError('STATE', `账户 ${r.bank_name} ${r.account_no} ${when === input.date ? `在 ${input.date}` : '在销户日之后'}账面余额为 ${formatFen(balance)} 元，余额为零才能销户：请先将余额转出并记账`)
    }
  }
  const drafts = await ctx.db
    .selectFrom('voucher_line as l')
    .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('v.village_id', '=', input.villageId)
    .where('v.status', '<>', 'posted')
    .where('l.account_id', '=', r.account_id)
    .$if(r.aux_item_id !== null, (q) => q.where('l.aux_item_id', '=', r.aux_item_id))
    .executeTakeFirst()
  if (Number(drafts?.n ?? 0) > 0) throw new AppError('STATE', `还有 ${Number(drafts?.n)} 行未记账的凭证使用该账户，记账或删除后才能销户`)
  await ctx.db.updateTable('bank_account').set({ closed_on: input.date, updated_at: nowIso() }).where('id', '=', r.id).execute()
  await recordMovement(ctx.db, { villageId: input.villageId, itemKind: 'bankAccount', itemId: r.id, date: input.date, kind: 'close', changes: { closed_on: [null, input.date] }, amount: null, voucherId: null, operatorId: actor.id, note: input.reason })
  return { value: await loadDetail(ctx.db, input.villageId, r.id, null), audit: { action: `银行账户销户：${r.bank_name} ${r.account_no}（${input.date}）`, after: { bankAccountId: r.id, closedOn: input.date } } }
}

// —— 库存现金限额 ——

export async function cashStatus(db: Kysely<Database>, villageId: number, date: string, index?: ChartIndex): Promise<CashStatus> {
  const chart = index ?? (await villageBooks(db, villageId)).index
  const balances = await itemBalancesAt(db, villageId, date, allLeavesUnder(chart, '101').map((a) => a.id))
  const balance = [...balances.values()].reduce((s, v) => s + v, 0)
  const setting = await db.selectFrom('village_register_setting').select('cash_limit').where('village_id', '=', villageId).executeTakeFirst()
  const limit = setting?.cash_limit ?? null
  const excess = limit === null ? 0 : Math.max(0, balance - limit)
  return {
    date,
    balance: fenToYuanString(balance),
    limit: limit === null ? null : fenToYuanString(limit),
    over: excess > 0,
    excess: fenToYuanString(excess),
    warning: excess > 0 ? `${date} 库存现金余额 ${formatFen(balance)} 元，超过限额 ${formatFen(limit ?? 0)} 元（超出 ${formatFen(excess)} 元），请及时送存银行` : null,
  }
}

export async function setCashLimit(ctx: ServiceContext, input: MethodParsedInput<'cash.setLimit'>): Promise<Outcome<CashStatus>> {
  const before = await ctx.db.selectFrom('village_register_setting').select('cash_limit').where('village_id', '=', input.villageId).executeTakeFirst()
  if (input.limit === null) await ctx.db.deleteFrom('village_register_setting').where('village_id', '=', input.villageId).execute()
  else {
    await ctx.db
      .insertInto('village_register_setting')
      .values({ village_id: input.villageId, cash_limit: input.limit, updated_at: nowIso() })
      .onConflict((oc) => oc.column('village_id').doUpdateSet({ cash_limit: input.limit ?? 0, updated_at: nowIso() }))
      .execute()
  }
  return {
    value: await cashStatus(ctx.db, input.villageId, input.date),
    audit: {
      action: input.limit === null ? '取消库存现金限额' : `设置库存现金限额为 ${formatFen(input.limit)} 元`,
      before: { cashLimit: before?.cash_limit ?? null },
      after: { cashLimit: input.limit },
    },
  }
}

export const fundReads = {
  list: async (ctx: ServiceContext, input: MethodParsedInput<'bankAccount.list'>): Promise<Outcome<BankAccountList>> => ({
    value: await bankAccountList(ctx.db, input.villageId, input.asOf ?? todayIso()),
  }),
  get: async (ctx: ServiceContext, input: MethodParsedInput<'bankAccount.get'>): Promise<Outcome<BankAccountDetail>> => ({
    value: await loadDetail(ctx.db, input.villageId, input.bankAccountId, input.asOf ?? null),
  }),
  cash: async (ctx: ServiceContext, input: MethodParsedInput<'cash.status'>): Promise<Outcome<CashStatus>> => ({ value: await cashStatus(ctx.db, input.villageId, input.date) }),
}
