import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely'
import type { Database } from './schema'

export type Sqlite = BetterSqlite3.Database

export interface OpenOptions {
  readonly?: boolean
  /** path of a better-sqlite3 binary built for the running runtime (Electron passes its own) */
  nativeBinding?: string
  busyTimeoutMs?: number
}

export const BUSY_TIMEOUT_MS = 5000

/** The one place a connection is made; every connection gets the same pragmas (reliability.md §1.9). */
export function connect(path: string, options: OpenOptions = {}): Sqlite {
  const db = new BetterSqlite3(path, {
    fileMustExist: true,
    readonly: options.readonly ?? false,
    timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  db.pragma('trusted_schema = OFF')
  db.pragma('cell_size_check = ON')
  db.pragma('mmap_size = 0')
  db.pragma('cache_size = -65536')
  return db
}

/** Creates a new database file stamped with our application id. */
export function createEmptyFile(path: string, applicationId: number, options: OpenOptions = {}): void {
  const db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    db.pragma(`application_id = ${applicationId}`)
    db.pragma('journal_mode = WAL')
  } finally {
    db.close()
  }
}

export function applyWritePragmas(db: Sqlite): void {
  db.pragma('journal_mode = WAL')
  // better-sqlite3 is compiled with WAL synchronous=NORMAL, which can lose the last commits on power loss.
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
}

export interface ConnectionPragmas {
  journalMode: string
  synchronous: number
  foreignKeys: number
  trustedSchema: number
  busyTimeout: number
  applicationId: number
  userVersion: number
}

export function readPragmas(db: Sqlite): ConnectionPragmas {
  const p = (name: string) => db.pragma(name, { simple: true }) as string | number
  return {
    journalMode: String(p('journal_mode')),
    synchronous: Number(p('synchronous')),
    foreignKeys: Number(p('foreign_keys')),
    trustedSchema: Number(p('trusted_schema')),
    busyTimeout: Number(p('busy_timeout')),
    applicationId: Number(p('application_id')),
    userVersion: Number(p('user_version')),
  }
}

/**
 * Kysely prepares every query anew; on the posting and import paths that costs more than running the
 * statement. Statements are cached by their SQL text (a bounded map; DDL is never cached because a
 * schema change invalidates prepared statements).
 */
const statementCaches = new WeakMap<Sqlite, (sql: string) => BetterSqlite3.Statement>()

/** The one statement cache of a connection, shared by Kysely's driver and the raw fast path (raw.ts). */
export function statementCache(db: Sqlite, capacity = 512): (sql: string) => BetterSqlite3.Statement {
  const known = statementCaches.get(db)
  if (known) return known
  const cache = new Map<string, BetterSqlite3.Statement>()
  const prepare = (sql: string) => {
    let stmt = cache.get(sql)
    if (stmt) return stmt
    stmt = db.prepare(sql)
    if (/^\s*(select|insert|update|delete|with)\b/i.test(sql)) {
      if (cache.size >= capacity) cache.clear()
      cache.set(sql, stmt)
    }
    return stmt
  }
  statementCaches.set(db, prepare)
  return prepare
}

export function cachingDatabase(db: Sqlite, capacity = 512): SqliteDatabase {
  const prepare = statementCache(db, capacity)
  return {
    close: () => db.close(),
    prepare: (sql: string) => prepare(sql) as unknown as SqliteStatement,
  }
}

export function toKysely(db: Sqlite): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(db) }) })
}
