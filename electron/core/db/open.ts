import { mkdirSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { AppError } from '../../../shared/errors'
import { applyWritePragmas, connect, createEmptyFile, toKysely, type OpenOptions, type Sqlite } from './connection'
import { APPLICATION_ID, probeHeader } from './header'
import { MIGRATIONS, type Migration } from './migrations'
import { backupTo, defaultBackupPath } from './backup'
import type { Database } from './schema'

export interface OpenedDatabase {
  path: string
  sqlite: Sqlite
  db: Kysely<Database>
  schemaVersion: number
  /** the verified backup taken before migrating an existing book, if any */
  preMigrationBackup: string | null
  close(): Promise<void>
}

export interface OpenDatabaseOptions extends OpenOptions {
  /** create a new, empty agency database when the file does not exist */
  create?: boolean
  /** for tests: another migration list */
  migrations?: readonly Migration[]
  /** where pre-migration backups go (default: `backups/` beside the book) */
  backupDir?: string
}

const refuse = (path: string, why: string, what: string) =>
  new AppError('DB_REFUSED', `无法打开账套文件「${basename(path)}」：${why}。${what}`, { path })

/**
 * Opens (or creates) the agency database. A file that is not ours, empty, damaged or from a newer
 * version is refused with a clear message and left byte-for-byte untouched; an older one is migrated
 * after a verified backup, each migration in one transaction with its `user_version` bump.
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const migrations = options.migrations ?? MIGRATIONS
  const latest = migrations[migrations.length - 1]?.version ?? 0
  const probe = probeHeader(path)
  let created = false
  switch (probe.kind) {
    case 'missing':
      if (!options.create) throw refuse(path, '文件不存在', '请检查路径，或先用 init 新建账套')
      mkdirSync(dirname(path), { recursive: true })
      created = true
      break
    case 'empty':
      throw refuse(path, '文件是空的（0 字节），不是有效的账套文件', '请从备份恢复或选择正确的文件')
    case 'not-sqlite':
      throw refuse(path, '不是有效的账套文件', '请选择三资台账的账套文件（.db）')
    case 'truncated':
      throw refuse(path, `文件已损坏（应有 ${probe.expectedBytes} 字节，实际只有 ${probe.actualBytes} 字节）`, '请从最近的备份恢复')
    case 'sqlite': {
      if (probe.header.applicationId !== APPLICATION_ID)
        throw refuse(path, '这是其他软件的数据库文件，不是三资台账的账套', '请选择正确的账套文件')
      if (probe.header.userVersion > latest)
        throw refuse(
          path,
          `账套版本为 ${probe.header.userVersion}，高于本软件支持的版本 ${latest}`,
          '请升级三资台账后再打开，账套未做任何改动',
        )
      break
    }
  }

  if (created) {
    createEmptyFile(path, APPLICATION_ID, options)
  } else {
    // Check the file before the first write: a damaged book is refused read-only.
    checkReadOnly(path, options)
  }

  const sqlite = connect(path, options)
  let db: Kysely<Database> | null = null
  try {
    applyWritePragmas(sqlite)
    db = toKysely(sqlite)
    const current = Number(sqlite.pragma('user_version', { simple: true }))
    let preMigrationBackup: string | null = null
    const pending = migrations.filter((m) => m.version > current)
    if (pending.length > 0 && current > 0) {
      const target = options.backupDir
        ? join(options.backupDir, basename(defaultBackupPath(path, `升级前-v${current}`)))
        : defaultBackupPath(path, `升级前-v${current}`)
      preMigrationBackup = (await backupTo(sqlite, target)).path
    }
    for (const m of pending) await runMigration(db, m, preMigrationBackup)
    const opened: OpenedDatabase = {
      path,
      sqlite,
      db,
      schemaVersion: Number(sqlite.pragma('user_version', { simple: true })),
      preMigrationBackup,
      close: async () => {
        await opened.db.destroy()
        if (sqlite.open) sqlite.close()
      },
    }
    return opened
  } catch (e) {
    if (db) await db.destroy().catch(() => undefined)
    if (sqlite.open) sqlite.close()
    if (created) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    }
    throw e
  }
}

function checkReadOnly(path: string, options: OpenOptions): void {
  let probeDb: Sqlite | null = null
  try {
    probeDb = connect(path, { ...options, readonly: true })
    const rows = probeDb.pragma('quick_check') as { quick_check: string }[]
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok')
    if (problems.length > 0) {
      throw refuse(path, `文件已损坏（完整性检查：${problems.slice(0, 3).join('；')}）`, '请从最近的备份恢复')
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    const code = (e as { code?: string }).code ?? ''
    // not SQLite's verdict on the file (e.g. a native module built for another runtime): say so as it is
    if (!code.startsWith('SQLITE_')) throw e
    if (code === 'SQLITE_BUSY') throw refuse(path, '账套正被其他程序使用', '请关闭其他程序后重试')
    if (code === 'SQLITE_NOTADB') throw refuse(path, '不是有效的账套文件', '请选择三资台账的账套文件')
    throw refuse(path, `文件已损坏（${(e as Error).message}）`, '请从最近的备份恢复')
  } finally {
    probeDb?.close()
  }
}

async function runMigration(db: Kysely<Database>, m: Migration, backup: string | null): Promise<void> {
  try {
    await db.connection().execute(async (conn) => {
      // a table rebuild drops a table others refer to: foreign keys off, which only works outside a transaction
      if (m.rebuildsTables) await sql`PRAGMA foreign_keys = OFF`.execute(conn)
      try {
        await sql`BEGIN IMMEDIATE`.execute(conn)
        try {
          await m.up(conn as unknown as Kysely<unknown>)
          await sql.raw(`PRAGMA user_version = ${m.version}`).execute(conn)
          const fk = await sql<{ table: string }>`PRAGMA foreign_key_check`.execute(conn)
          if (fk.rows.length > 0) throw new Error(`外键检查未通过（${fk.rows.length} 处）`)
          await sql`COMMIT`.execute(conn)
        } catch (e) {
          await sql`ROLLBACK`.execute(conn)
          throw e
        }
      } finally {
        if (m.rebuildsTables) await sql`PRAGMA foreign_keys = ON`.execute(conn)
      }
    })
  } catch (e) {
    const where = backup ? `升级前的备份在：${backup}` : '账套未做任何改动'
    throw new AppError('DB_REFUSED', `账套升级失败（第 ${m.version} 步「${m.name}」：${(e as Error).message}）。已全部撤销，${where}`, {
      migration: m.version,
      backup,
    })
  }
}

