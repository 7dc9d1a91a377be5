import type { Kysely, Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { UserSummary } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { roleLabel, type Role } from '../../../shared/roles'
import { nowIso } from '../audit/log'
import { hashPassword } from '../auth/password'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import { rawFirst } from '../db/raw'
import type { AppUserTable, Database } from '../db/schema'
import { diff } from '../villages/service'

// Fixed text (db/raw.ts): every call of the dispatcher reads its caller afresh through readUser (access.ts).
const USER_SQL = `SELECT id, username, display_name, role, all_villages, status, created_at, last_sign_in_at,
  (SELECT json_group_array(village_id) FROM user_village WHERE user_id = app_user.id) AS village_ids
  FROM app_user WHERE id = ?`

type UserRow = Pick<Selectable<AppUserTable>, 'id' | 'username' | 'display_name' | 'role' | 'all_villages' | 'status' | 'created_at' | 'last_sign_in_at'> & {
  village_ids: string
}

/** The user with his villages, or null (one statement). */
export async function readUser(db: Kysely<Database>, id: number): Promise<UserSummary | null> {
  const u = await rawFirst<UserRow>(db, USER_SQL, [id])
  if (!u) return null
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    allVillages: u.all_villages === 1,
    // sorted here: an ORDER BY inside the aggregate costs a sorter on every call of the dispatcher
    villageIds: (JSON.parse(u.village_ids) as number[]).sort((x, y) => x - y),
    status: u.status,
    createdAt: u.created_at,
    lastSignInAt: u.last_sign_in_at,
  }
}

export async function getUser(db: Kysely<Database>, id: number): Promise<UserSummary> {
  const u = await readUser(db, id)
  if (!u) throw new AppError('NOT_FOUND', `用户（编号 ${id}）不存在，请刷新后重试`)
  return u
}

export interface NewUser {
  username: string
  displayName: string
  role: Role
  passwordHash: string
  allVillages: boolean
  villageIds: readonly number[]
  signedIn?: boolean
}

/** The one place a user row is made: set-up, the demo and 新增用户 all come through here. */
export async function insertUser(db: Kysely<Database>, u: NewUser): Promise<number> {
  const now = nowIso()
  const { id } = await db
    .insertInto('app_user')
    .values({
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      password_hash: u.passwordHash,
      all_villages: u.allVillages ? 1 : 0,
      status: 'active',
      failed_sign_ins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
      last_sign_in_at: u.signedIn ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await setVillages(db, id, u.villageIds)
  return id
}

export async function listUsers(ctx: ServiceContext, input: MethodParsedInput<'user.list'>): Promise<Outcome<UserSummary[]>> {
  let q = ctx.db.selectFrom('app_user').select('id').orderBy('id')
  if (!input.includeDisabled) q = q.where('status', '=', 'active')
  const ids = await q.execute()
  const value: UserSummary[] = []
  for (const { id } of ids) value.push(await getUser(ctx.db, id))
  return { value }
}

async function checkVillages(db: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)].sort((a, b) => a - b)
  if (unique.length === 0) return unique
  const found = await db.selectFrom('village').select('id').where('id', 'in', unique).execute()
  if (found.length !== unique.length) {
    const have = new Set(found.map((f) => f.id))
    const missing = unique.filter((i) => !have.has(i))
    throw new AppError('VALIDATION', `「所管村」中有不存在的村（编号 ${missing.join('、')}），请重新选择`, {
      issues: [{ path: 'villageIds', message: '所管村不存在' }],
    })
  }
  return unique
}

async function setVillages(db: Kysely<Database>, userId: number, ids: readonly number[]): Promise<void> {
  await db.deleteFrom('user_village').where('user_id', '=', userId).execute()
  if (ids.length > 0) await db.insertInto('user_village').values(ids.map((village_id) => ({ user_id: userId, village_id }))).execute()
}

/** 会计基础工作规范 Art. 12: an 出纳 keeps no other duty; a role is one duty, so only the 全部村 flag is checked here. */
function checkRoleScope(role: Role, allVillages: boolean, villageIds: readonly number[]): void {
  if (role !== 'admin' && role !== 'auditor' && !allVillages && villageIds.length === 0) {
    throw new AppError('VALIDATION', `${roleLabel(role)}必须分配至少一个「所管村」，或勾选「管理全部村」`, {
      issues: [{ path: 'villageIds', message: '请分配所管村' }],
    })
  }
}

export async function createUser(ctx: ServiceContext, input: MethodParsedInput<'user.create'>): Promise<Outcome<UserSummary>> {
  const exists = await ctx.db.selectFrom('app_user').select('id').where('username', '=', input.username).executeTakeFirst()
  if (exists) {
    throw new AppError('CONFLICT', `用户名「${input.username}」已存在，请换一个`, { issues: [{ path: 'username', message: '用户名已存在' }] })
  }
  const villageIds = await checkVillages(ctx.db, input.villageIds)
  checkRoleScope(input.role, input.allVillages, villageIds)
  const id = await insertUser(ctx.db, {
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    allVillages: input.allVillages,
    villageIds,
  })
  const user = await getUser(ctx.db, id)
  return {
    value: user,
    audit: {
      action: `新增用户：${user.displayName}（${user.username}，${roleLabel(user.role)}）`,
      after: { username: user.username, displayName: user.displayName, role: user.role, allVillages: user.allVillages, villageIds: user.villageIds },
    },
  }
}

async function activeAdminCount(db: Kysely<Database>, exceptId: number): Promise<number> {
  const r = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('id', '<>', exceptId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function updateUser(ctx: ServiceContext, input: MethodParsedInput<'user.update'>): Promise<Outcome<UserSummary>> {
  const actor = requireActor(ctx)
  const before = await getUser(ctx.db, input.userId)
  if (before.role === 'admin' && input.role !== 'admin' && (await activeAdminCount(ctx.db, before.id)) === 0) {
    throw new AppError('CONFLICT', '这是最后一个管理员，不能改为其他岗位，请先新增一个管理员')
  }
  if (actor.id === before.id && input.role !== before.role) {
    throw new AppError('FORBIDDEN', '不能修改自己的岗位，请由另一位管理员操作')
  }
  const villageIds = await checkVillages(ctx.db, input.villageIds)
  checkRoleScope(input.role, input.allVillages, villageIds)
  await ctx.db
    .updateTable('app_user')
    .set({ display_name: input.displayName, role: input.role, all_villages: input.allVillages ? 1 : 0, updated_at: nowIso() })
    .where('id', '=', input.userId)
    .execute()
  await setVillages(ctx.db, input.userId, villageIds)
  const after = await getUser(ctx.db, input.userId)
  return { value: after, audit: { action: `修改用户：${after.displayName}（${after.username}）`, ...diff(before, after) } }
}

export async function setUserStatus(ctx: ServiceContext, input: MethodParsedInput<'user.setStatus'>): Promise<Outcome<UserSummary>> {
  const actor = requireActor(ctx)
  const before = await getUser(ctx.db, input.userId)
  if (before.status === input.status) throw new AppError('STATE', `用户「${before.displayName}」已经是${input.status === 'active' ? '启用' : '停用'}状态`)
  if (input.status === 'disabled') {
    if (actor.id === before.id) throw new AppError('FORBIDDEN', '不能停用自己')
    if (before.role === 'admin' && (await activeAdminCount(ctx.db, before.id)) === 0) {
      throw new AppError('CONFLICT', '这是最后一个管理员，不能停用')
    }
  }
  await ctx.db
    .updateTable('app_user')
    .set({ status: input.status, failed_sign_ins: 0, locked_until: null, updated_at: nowIso() })
    .where('id', '=', input.userId)
    .execute()
  const after = await getUser(ctx.db, input.userId)
  return {
    value: after,
    audit: {
      action: `${input.status === 'active' ? '启用' : '停用'}用户：${after.displayName}（${after.username}）`,
      before: { status: before.status },
      after: { status: after.status },
    },
  }
}

export async function resetPassword(ctx: ServiceContext, input: MethodParsedInput<'user.resetPassword'>): Promise<Outcome<null>> {
  const user = await getUser(ctx.db, input.userId)
  await ctx.db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(input.password), failed_sign_ins: 0, locked_until: null, updated_at: nowIso() })
    .where('id', '=', input.userId)
    .execute()
  return { value: null, audit: { action: `重置密码：${user.displayName}（${user.username}）` } }
}
