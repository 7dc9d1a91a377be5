import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { CurrentUser } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { roleLabel } from '../../../shared/roles'
import { loadActor } from '../access'
import { appendAudit, nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { dummyPasswordHash, hashPassword, verifyPassword } from './password'

export const MAX_FAILED_SIGN_INS = 5
export const LOCK_MINUTES = 15

/** Never says which part was wrong. */
const WRONG = '用户名或密码错误，请重新输入'

/** A refused sign-in that the engine records after the rollback (failure count, audit entry). */
export class SignInRefused extends AppError {
  constructor(
    message: string,
    readonly userId: number | null,
    readonly attemptedName: string,
  ) {
    super('UNAUTHENTICATED', message)
  }
}

export async function signIn(ctx: ServiceContext, input: MethodParsedInput<'auth.signIn'>): Promise<Outcome<CurrentUser>> {
  const u = await ctx.db.selectFrom('app_user').selectAll().where('username', '=', input.username).executeTakeFirst()
  if (!u) {
    await verifyPassword(input.password, await dummyPasswordHash())
    throw new SignInRefused(WRONG, null, input.username)
  }
  if (u.locked_until && u.locked_until > nowIso()) {
    throw new SignInRefused(`连续输错密码次数过多，账号已锁定至 ${u.locked_until.slice(11, 16)}，请稍后再试或请管理员重置密码`, u.id, u.username)
  }
  const ok = await verifyPassword(input.password, u.password_hash)
  if (!ok) throw new SignInRefused(WRONG, u.id, u.username)
  if (u.status !== 'active') throw new SignInRefused('该账号已停用，请联系管理员', u.id, u.username)
  await ctx.db
    .updateTable('app_user')
    .set({ last_sign_in_at: nowIso(), failed_sign_ins: 0, locked_until: null })
    .where('id', '=', u.id)
    .execute()
  const actor = await loadActor(ctx.db, u.id)
  if (!actor) throw new SignInRefused('该账号已停用，请联系管理员', u.id, u.username)
  ctx.session.userId = actor.id
  return {
    value: actor,
    audit: { action: `登录：${actor.displayName}（${roleLabel(actor.role)}）`, actor: { id: actor.id, name: actor.username } },
  }
}

/** Runs in its own transaction after a refused sign-in. */
export async function recordRefusedSignIn(db: Kysely<Database>, e: SignInRefused): Promise<void> {
  if (e.userId !== null) {
    const u = await db.selectFrom('app_user').select(['failed_sign_ins']).where('id', '=', e.userId).executeTakeFirst()
    const failed = (u?.failed_sign_ins ?? 0) + 1
    const lock = failed >= MAX_FAILED_SIGN_INS ? nowIso(new Date(Date.now() + LOCK_MINUTES * 60_000)) : null
    await db
      .updateTable('app_user')
      .set(lock ? { failed_sign_ins: 0, locked_until: lock } : { failed_sign_ins: failed })
      .where('id', '=', e.userId)
      .execute()
  }
  await appendAudit(db, {
    userId: e.userId,
    userName: e.attemptedName.slice(0, 64),
    method: 'auth.signIn',
    villageId: null,
    summary: { action: `登录失败：${e.message}` },
  })
}

export async function signOut(ctx: ServiceContext): Promise<Outcome<null>> {
  const actor = requireActor(ctx)
  ctx.session.userId = null
  return { value: null, audit: { action: `退出登录：${actor.displayName}` } }
}

export async function me(ctx: ServiceContext): Promise<Outcome<CurrentUser>> {
  return { value: requireActor(ctx) }
}

export async function changePassword(ctx: ServiceContext, input: MethodParsedInput<'auth.changePassword'>): Promise<Outcome<null>> {
  const actor = requireActor(ctx)
  const u = await ctx.db.selectFrom('app_user').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow()
  if (!(await verifyPassword(input.oldPassword, u.password_hash))) {
    throw new AppError('VALIDATION', '「原密码」不正确，请重新输入', { issues: [{ path: 'oldPassword', message: '原密码不正确' }] })
  }
  if (input.oldPassword === input.newPassword) {
    throw new AppError('VALIDATION', '「新密码」不能与原密码相同', { issues: [{ path: 'newPassword', message: '与原密码相同' }] })
  }
  await ctx.db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(input.newPassword), updated_at: nowIso() })
    .where('id', '=', actor.id)
    .execute()
  return { value: null, audit: { action: `修改自己的密码：${actor.displayName}` } }
}
