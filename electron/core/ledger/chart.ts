import type { Kysely, Selectable } from 'kysely'
import { accountLevel, AUX_KIND_LABELS, checkAccountCode, parentCode, type AuxKind } from '../../../shared/accounts'
import type { Account, ChartVersion } from '../../../shared/api/types'
import type { MethodParsedInput } from '../../../shared/api/contract'
import { AppError } from '../../../shared/errors'
import { nowIso } from '../audit/log'
import type { Outcome, ServiceContext } from '../context'
import type { AccountTable, Database } from '../db/schema'
import { STANDARD_CHARTS } from './chartData'

/** Gives a village the official first-level accounts of its chart version. */
export async function seedStandardChart(db: Kysely<Database>, villageId: number, version: ChartVersion): Promise<void> {
  const now = nowIso()
  const rows = STANDARD_CHARTS[version].accounts.map((a) => ({
    village_id: villageId,
    code: a.code,
    name: a.name,
    parent_id: null,
    level: 1,
    class: a.class,
    normal_side: a.normalSide,
    aux_kind: null,
    is_leaf: 1,
    standard: 1,
    status: 'active' as const,
    created_at: now,
    updated_at: now,
  }))
  await db.insertInto('account').values(rows).execute()
}

export function toAccount(r: Selectable<AccountTable>): Account {
  return {
    id: r.id,
    villageId: r.village_id,
    code: r.code,
    name: r.name,
    parentId: r.parent_id,
    level: r.level,
    class: r.class,
    normalSide: r.normal_side,
    auxKind: r.aux_kind,
    isLeaf: r.is_leaf === 1,
    standard: r.standard === 1,
    status: r.status,
  }
}

export async function loadChart(db: Kysely<Database>, villageId: number): Promise<Account[]> {
  const rows = await db.selectFrom('account').selectAll().where('village_id', '=', villageId).orderBy('code').execute()
  return rows.map(toAccount)
}

export async function accountByCode(db: Kysely<Database>, villageId: number, code: string): Promise<Account | null> {
  const r = await db.selectFrom('account').selectAll().where('village_id', '=', villageId).where('code', '=', code).executeTakeFirst()
  return r ? toAccount(r) : null
}

/** Whether anything has been booked on the account: voucher lines, opening balances. */
export async function accountInUse(db: Kysely<Database>, accountId: number): Promise<boolean> {
  const line = await db.selectFrom('voucher_line').select('id').where('account_id', '=', accountId).limit(1).executeTakeFirst()
  if (line) return true
  const opening = await db.selectFrom('opening_balance').select('account_id').where('account_id', '=', accountId).limit(1).executeTakeFirst()
  return opening !== undefined
}

export async function listAccounts(ctx: ServiceContext, input: MethodParsedInput<'account.list'>): Promise<Outcome<Account[]>> {
  const all = await loadChart(ctx.db, input.villageId)
  return { value: input.includeDisabled ? all : all.filter((a) => a.status === 'active') }
}

export interface NewAccount {
  villageId: number
  code: string
  name: string
  auxKind: AuxKind | null
}

/** Adds a sub-account under an existing one (3-2-2-2); the parent stops being a leaf. */
export async function insertSubAccount(db: Kysely<Database>, a: NewAccount): Promise<Account> {
  const pCode = parentCode(a.code)
  const problem = checkAccountCode(a.code, pCode)
  if (problem) throw new AppError('VALIDATION', problem, { issues: [{ path: 'code', message: problem }] })
  if (pCode === null) throw new AppError('VALIDATION', '一级科目由会计制度规定，不能自行增设；请在一级科目下增设明细科目', { issues: [{ path: 'code', message: '不能增设一级科目' }] })
  const parent = await accountByCode(db, a.villageId, pCode)
  if (!parent) throw new AppError('VALIDATION', `上级科目“${pCode}”不存在，请先增设上级科目`, { issues: [{ path: 'code', message: '上级科目不存在' }] })
  if (parent.status !== 'active') throw new AppError('STATE', `上级科目“${parent.code} ${parent.name}”已停用`)
  if (await accountByCode(db, a.villageId, a.code)) {
    throw new AppError('CONFLICT', `科目编码“${a.code}”已存在`, { issues: [{ path: 'code', message: '科目编码已存在' }] })
  }
  const dupName = await db
    .selectFrom('account')
    .select('code')
    .where('village_id', '=', a.villageId)
    .where('parent_id', '=', parent.id)
    .where('name', '=', a.name)
    .executeTakeFirst()
  if (dupName) throw new AppError('CONFLICT', `“${parent.name}”下已有名为“${a.name}”的科目（${dupName.code}）`, { issues: [{ path: 'name', message: '同级科目名称重复' }] })
  if (parent.isLeaf && (await accountInUse(db, parent.id))) {
    throw new AppError('STATE', `上级科目“${parent.code} ${parent.name}”已有期初余额或凭证，不能再增设下级科目`)
  }
  const now = nowIso()
  const { id } = await db
    .insertInto('account')
    .values({
      village_id: a.villageId,
      code: a.code,
      name: a.name,
      parent_id: parent.id,
      level: accountLevel(a.code) as number,
      class: parent.class,
      normal_side: parent.normalSide,
      aux_kind: a.auxKind,
      is_leaf: 1,
      standard: 0,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (parent.isLeaf) await db.updateTable('account').set({ is_leaf: 0, aux_kind: null, updated_at: now }).where('id', '=', parent.id).execute()
  const r = await db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return toAccount(r)
}

export async function createAccount(ctx: ServiceContext, input: MethodParsedInput<'account.create'>): Promise<Outcome<Account>> {
  const a = await insertSubAccount(ctx.db, input)
  return {
    value: a,
    audit: {
      action: `增设科目：${a.code} ${a.name}${a.auxKind ? `（辅助核算：${AUX_KIND_LABELS[a.auxKind]}）` : ''}`,
      after: { code: a.code, name: a.name, auxKind: a.auxKind },
    },
  }
}

async function getAccount(db: Kysely<Database>, villageId: number, accountId: number): Promise<Account> {
  const r = await db.selectFrom('account').selectAll().where('id', '=', accountId).where('village_id', '=', villageId).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', `科目（编号 ${accountId}）不存在`)
  return toAccount(r)
}

export async function updateAccount(ctx: ServiceContext, input: MethodParsedInput<'account.update'>): Promise<Outcome<Account>> {
  const before = await getAccount(ctx.db, input.villageId, input.accountId)
  if (before.standard && input.name !== before.name) {
    throw new AppError('STATE', `“${before.code} ${before.name}”是会计制度规定的一级科目，名称不能修改`)
  }
  if (input.auxKind !== before.auxKind) {
    if (!before.isLeaf && input.auxKind !== null) throw new AppError('STATE', '只有末级科目可以设置辅助核算')
    if (await accountInUse(ctx.db, before.id)) throw new AppError('STATE', `“${before.code} ${before.name}”已有期初余额或凭证，辅助核算不能再改`)
  }
  await ctx.db
    .updateTable('account')
    .set({ name: input.name, aux_kind: input.auxKind, updated_at: nowIso() })
    .where('id', '=', before.id)
    .execute()
  const after = await getAccount(ctx.db, input.villageId, input.accountId)
  return {
    value: after,
    audit: { action: `修改科目：${after.code} ${after.name}`, before: { name: before.name, auxKind: before.auxKind }, after: { name: after.name, auxKind: after.auxKind } },
  }
}

export async function setAccountStatus(ctx: ServiceContext, input: MethodParsedInput<'account.setStatus'>): Promise<Outcome<Account>> {
  const before = await getAccount(ctx.db, input.villageId, input.accountId)
  if (before.status === input.status) throw new AppError('STATE', `科目“${before.code} ${before.name}”已经是${input.status === 'active' ? '启用' : '停用'}状态`)
  if (input.status === 'disabled') {
    const open = await ctx.db
      .selectFrom('voucher_line')
      .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
      .select('voucher.id')
      .where('voucher_line.account_id', 'in', (eb) => eb.selectFrom('account').select('id').where('village_id', '=', input.villageId).where('code', 'like', `${before.code}%`))
      .where('voucher.status', '<>', 'posted')
      .limit(1)
      .executeTakeFirst()
    if (open) throw new AppError('STATE', `科目“${before.code} ${before.name}”还有未记账的凭证，请先处理后再停用`)
    await ctx.db.updateTable('account').set({ status: 'disabled', updated_at: nowIso() }).where('village_id', '=', input.villageId).where('code', 'like', `${before.code}%`).execute()
  } else {
    const p = before.parentId === null ? null : await getAccount(ctx.db, input.villageId, before.parentId)
    if (p && p.status !== 'active') throw new AppError('STATE', `请先启用上级科目“${p.code} ${p.name}”`)
    await ctx.db.updateTable('account').set({ status: 'active', updated_at: nowIso() }).where('id', '=', before.id).execute()
  }
  const after = await getAccount(ctx.db, input.villageId, input.accountId)
  return {
    value: after,
    audit: { action: `${input.status === 'active' ? '启用' : '停用'}科目：${after.code} ${after.name}`, before: { status: before.status }, after: { status: after.status } },
  }
}

