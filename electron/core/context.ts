import type { Kysely } from 'kysely'
import type { AuditSummary, CurrentUser } from '../../shared/api/types'
import type { Database } from './db/schema'

/** The signed-in user as read afresh from the database on every call (a role change applies at once). */
export type Actor = CurrentUser

/** One per face: the window, one CLI run, one e2e page. */
export interface Session {
  userId: number | null
}

export interface EngineInfo {
  path: string
  schemaVersion: number
  appVersion: string
}

export interface ServiceContext {
  /** inside a write: the transaction; otherwise the database */
  db: Kysely<Database>
  actor: Actor | null
  session: Session
  engine: EngineInfo
  /** takes a verified online backup while holding the connection */
  backup(to: string): Promise<{ path: string; bytes: number; verified: true }>
}

/** What a handler returns: the value, and for writes what the audit log must say. */
export interface Outcome<T> {
  value: T
  audit?: AuditSummary & {
    villageId?: number | null
    /** who the entry is for, when the call had no signed-in user (sign-in, set-up) */
    actor?: { id: number | null; name: string }
  }
}

export function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new Error('internal: handler needs a signed-in user')
  return ctx.actor
}
