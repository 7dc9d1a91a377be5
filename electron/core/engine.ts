import type { Statement } from 'better-sqlite3'
import type { Kysely } from 'kysely'
import {
  accessAllows,
  isMethodName,
  methods,
  villageOfInput,
  type MethodInput,
  type MethodName,
  type MethodResult,
} from '../../shared/api/contract'
import { AppError, type CallResult } from '../../shared/errors'
import { roleLabel } from '../../shared/roles'
import { toValidationError } from '../../shared/validation'
import packageJson from '../../package.json'
import { assertVillageAccess, loadActor } from './access'
import { appendAudit } from './audit/log'
import { recordRefusedSignIn, SignInRefused } from './auth/service'
import type { Actor, EngineInfo, Outcome, ServiceContext, Session } from './context'
import { backupTo } from './db/backup'
import { bindDirect } from './db/raw'
import { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './db/open'
import type { Database } from './db/schema'
import { createHandlers, type HandlerMap } from './handlers'
import { checkDatabase } from './system/service'

export const APP_VERSION: string = packageJson.version

/**
 * The engine: one agency database and the one dispatcher that every face (IPC, CLI, e2e harness) calls.
 * Input is parsed against the contract, the caller's role and villages are checked, and a write runs
 * with its audit entry in one IMMEDIATE transaction.
 */
export class Engine {
  private readonly handlers: HandlerMap
  private closed = false
  /** prepared once: run on the connection while `writeTransaction` holds it */
  private readonly txn: { begin: Statement; commit: Statement; rollback: Statement }

  private constructor(private readonly opened: OpenedDatabase) {
    this.handlers = createHandlers({ checkDatabase: () => checkDatabase(this.opened.sqlite, this.opened.db) })
    const { sqlite } = opened
    this.txn = { begin: sqlite.prepare('BEGIN IMMEDIATE'), commit: sqlite.prepare('COMMIT'), rollback: sqlite.prepare('ROLLBACK') }
  }

  static async open(path: string, options: OpenDatabaseOptions = {}): Promise<Engine> {
    return new Engine(await openDatabase(path, options))
  }

  get path(): string {
    return this.opened.path
  }

  get info(): EngineInfo {
    return { path: this.opened.path, schemaVersion: this.opened.schemaVersion, appVersion: APP_VERSION }
  }

  /** For the engine's own modules and tests; faces use `call`. */
  get db(): Kysely<Database> {
    return this.opened.db
  }

  get sqlite() {
    return this.opened.sqlite
  }

  createSession(): Session {
    return { userId: null }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.opened.close()
  }

  /** Typed convenience for trusted in-process callers; throws the AppError on failure. */
  async invoke<M extends MethodName>(session: Session, method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
    const r = await this.call(session, method, input)
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details)
    return r.value as MethodResult<M>
  }

  /** The dispatcher: never throws; every failure comes back as `{ code, message, details }`. */
  async call(session: Session, method: string, rawInput: unknown): Promise<CallResult<unknown>> {
    try {
      return { ok: true, value: await this.dispatch(session, method, rawInput) }
    } catch (e) {
      return { ok: false, error: toErrorShape(e) }
    }
  }

  private async dispatch(session: Session, method: string, rawInput: unknown): Promise<unknown> {
    if (this.closed) throw new AppError('STATE', '账套已关闭，请重新打开')
    if (!isMethodName(method)) throw new AppError('UNKNOWN_METHOD', `未知的操作：${String(method).slice(0, 80)}`)
    const def = methods[method]
    // role first: a call beyond one's role is refused whatever its input
    const actor = session.userId === null ? null : await loadActor(this.opened.db, session.userId)
    if (session.userId !== null && actor === null) session.userId = null
    if (!accessAllows(def.access, actor?.role ?? null)) {
      if (!actor) throw new AppError('UNAUTHENTICATED', '请先登录')
      throw new AppError('FORBIDDEN', `「${roleLabel(actor.role)}」岗位不能${def.title}，如需办理请联系管理员`)
    }
    const parsed = def.input.safeParse(rawInput ?? {})
    if (!parsed.success) throw toValidationError(parsed.error)
    const input = parsed.data
    const villageId = villageOfInput(input)
    if (actor && villageId !== null) await assertVillageAccess(this.opened.db, actor, villageId)

    const handler = this.handlers[method] as (ctx: ServiceContext, input: unknown) => ReturnType<HandlerMap[MethodName]>
    if (!def.write) {
      const out = await handler(this.context(this.opened.db, actor, session), input)
      // an operation outside the book's transactions (a backup) is logged once it has succeeded
      if (out.audit) await this.writeTransaction((trx) => this.appendFor(trx, method, actor, villageId, out.audit as NonNullable<typeof out.audit>))
      return out.value
    }
    const userBefore = session.userId
    try {
      return await this.writeTransaction(async (trx) => {
        const out = await handler(this.context(trx, actor, session), input)
        if (!out.audit) throw new AppError('INTERNAL', `内部错误：${def.title}没有记录操作日志`)
        await this.appendFor(trx, method, actor, villageId, out.audit)
        return out.value
      })
    } catch (e) {
      session.userId = userBefore
      if (e instanceof SignInRefused) await this.writeTransaction((trx) => recordRefusedSignIn(trx, e))
      throw e
    }
  }

  private async appendFor(trx: Kysely<Database>, method: string, actor: Actor | null, villageId: number | null, audit: NonNullable<Outcome<unknown>['audit']>) {
    const { actor: auditActor, villageId: auditVillage, ...summary } = audit
    await appendAudit(trx, {
      userId: auditActor ? auditActor.id : (actor?.id ?? null),
      userName: auditActor ? auditActor.name : (actor?.username ?? '（未登录）'),
      method,
      villageId: auditVillage ?? villageId,
      summary,
    })
  }

  private context(db: Kysely<Database>, actor: Actor | null, session: Session): ServiceContext {
    return {
      db,
      actor,
      session,
      engine: this.info,
      // holding the connection keeps every other statement of this engine out until the copy is verified
      backup: (to) => this.opened.db.connection().execute(() => backupTo(this.opened.sqlite, to)),
    }
  }

  /** One IMMEDIATE transaction on the single connection: all or nothing, and no other statement interleaves. */
  private async writeTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.opened.db.connection().execute(async (conn) => {
      bindDirect(conn, this.opened.sqlite)
      this.txn.begin.run()
      try {
        const result = await fn(conn)
        this.txn.commit.run()
        return result
      } catch (e) {
        if (this.opened.sqlite.inTransaction) this.txn.rollback.run()
        throw e
      }
    })
  }
}

export function toErrorShape(e: unknown) {
  if (e instanceof AppError) return e.toJSON()
  const err = e as { code?: string; message?: string }
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_')) {
    if (err.code === 'SQLITE_BUSY') return { code: 'CONFLICT' as const, message: '账套正被其他程序使用，请稍后重试' }
    if (err.code === 'SQLITE_CONSTRAINT_TRIGGER') return { code: 'STATE' as const, message: err.message ?? '数据受保护，不能修改' }
    if (err.code.startsWith('SQLITE_CONSTRAINT')) return { code: 'CONFLICT' as const, message: `数据约束不满足，操作未执行（${err.message ?? ''}）` }
    if (err.code === 'SQLITE_FULL') return { code: 'INTERNAL' as const, message: '磁盘空间不足，操作未执行；请清理磁盘后重试' }
  }
  return { code: 'INTERNAL' as const, message: `内部错误，操作未执行：${err?.message ?? String(e)}` }
}
