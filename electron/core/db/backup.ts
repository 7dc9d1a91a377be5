import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, existsSync, mkdirSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname, basename, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { connect, type Sqlite } from './connection'
import { APPLICATION_ID } from './header'

export interface VerifiedBackup {
  path: string
  bytes: number
  verified: true
}

export function tableRowCounts(db: Sqlite): Record<string, number> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[]
  const counts: Record<string, number> = {}
  for (const t of tables) {
    counts[t] = db.prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`).pluck().get() as number
  }
  return counts
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Online backup to `target`: copy with SQLite's backup API to a temporary name, switch the copy to a
 * single-file journal mode, fsync, verify it independently (integrity, ids, row counts), then rename.
 * The final name never holds an unverified file. The caller must keep other writers out meanwhile
 * (the engine holds its connection lock).
 */
export async function backupTo(source: Sqlite, target: string): Promise<VerifiedBackup> {
  if (existsSync(target)) throw new AppError('CONFLICT', `备份文件已存在：${target}，请换一个文件名`)
  const dir = dirname(target)
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  rmSync(tmp, { force: true })
  const expectedCounts = tableRowCounts(source)
  const expectedVersion = Number(source.pragma('user_version', { simple: true }))
  try {
    await source.backup(tmp)
    const copy = connect(tmp)
    try {
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    fsyncFile(tmp)
    verifyCopy(tmp, expectedVersion, expectedCounts)
    renameSync(tmp, target)
    try {
      const dfd = openSync(dir, 'r')
      try {
        fsyncSync(dfd)
      } finally {
        closeSync(dfd)
      }
    } catch {
      // directories cannot be fsynced on Windows; the rename is still atomic there
    }
    return { path: target, bytes: statSync(target).size, verified: true }
  } catch (e) {
    rmSync(tmp, { force: true })
    rmSync(`${tmp}-journal`, { force: true })
    if (e instanceof AppError) throw e
    throw new AppError('INTERNAL', `备份失败：${(e as Error).message}。原账套未受影响。`)
  }
}

function verifyCopy(path: string, expectedVersion: number, expectedCounts: Record<string, number>): void {
  const copy = connect(path, { readonly: true })
  try {
    const integrity = copy.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new AppError('INTERNAL', `备份校验失败：完整性检查未通过（${String(integrity)}）`)
    if (Number(copy.pragma('application_id', { simple: true })) !== APPLICATION_ID)
      throw new AppError('INTERNAL', '备份校验失败：文件标识不符')
    if (Number(copy.pragma('user_version', { simple: true })) !== expectedVersion)
      throw new AppError('INTERNAL', '备份校验失败：账套版本不符')
    const counts = tableRowCounts(copy)
    for (const [table, n] of Object.entries(expectedCounts)) {
      if (counts[table] !== n) throw new AppError('INTERNAL', `备份校验失败：表 ${table} 行数 ${counts[table] ?? 0} ≠ ${n}`)
    }
  } finally {
    copy.close()
  }
}

export function timestampForFile(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

/** `backups/` beside the book: <name>-<reason>-<yyyymmdd-HHMMss>.db */
export function defaultBackupPath(bookPath: string, reason: string, d = new Date()): string {
  return join(dirname(bookPath), 'backups', `${basename(bookPath).replace(/\.[^.]*$/, '')}-${reason}-${timestampForFile(d)}.db`)
}
