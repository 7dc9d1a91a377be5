import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { sql, type Kysely } from 'kysely'
import type { AuditSummary, ImportIssue, ImportKind, ImportResultBase } from '../../../../shared/api/types'
import { AppError, type FieldIssue } from '../../../../shared/errors'
import { fenToYuanString, formatFen, MAX_FEN, type Fen } from '../../../../shared/money'
import { appendAudit } from '../../audit/log'
import { requireActor, type ServiceContext } from '../../context'
import type { Database } from '../../db/schema'
import { DEFAULT_LIMITS, SpreadsheetError, type ReadLimits } from '../../io/limits'
import { formatOf, newTableInfo, readTable, type SpreadsheetFile, type TableInfo, type TableRow, type TableSpec } from '../../io/table'
import { reportJobProgress } from '../../jobs/progress'

/** Shared machinery of the importers: the file, its fingerprint, the issue list, progress, the transaction. */

export interface ImportFileInput {
  fileName: string
  contentBase64: string
}

export interface DecodedFile extends SpreadsheetFile {
  sha256: string
}

export function decodeFile(f: ImportFileInput): DecodedFile {
  const bytes = Buffer.from(f.contentBase64, 'base64')
  return { name: f.fileName, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** Limits of reading; tests may lower them. */
export const importLimits: ReadLimits = { ...DEFAULT_LIMITS }

/** How many problems a result carries (the count says how many there were in all). */
export const MAX_REPORTED_ISSUES = 200
const MAX_KEPT_ISSUES = 10_000

export class IssueList<K extends string> {
  private readonly kept: ImportIssue[] = []
  count = 0

  constructor(
    private readonly info: TableInfo<K>,
    private readonly labels: Record<K, string>,
  ) {}

  private columnOf(keys: K | readonly K[] | null): { column: string | null; columnName: string | null } {
    if (keys === null) return { column: null, columnName: null }
    const list = (Array.isArray(keys) ? keys : [keys]) as K[]
    const letters = list.map((k) => this.info.letters[k]).filter((x): x is string => x !== undefined)
    return { column: letters.length ? letters.join(':') : null, columnName: list.map((k) => this.labels[k]).join('、') }
  }

  /** A problem of a cell (or a pair of cells, or a whole row when `keys` is null). */
  at(row: number | null, keys: K | readonly K[] | null, message: string): void {
    this.push({ sheet: this.info.sheet, row, ...this.columnOf(keys), message })
  }

  /** A problem of the file as a whole. */
  file(message: string): void {
    this.push({ sheet: null, row: null, column: null, columnName: null, message })
  }

  /** A copy to add the checks against the books to, leaving the file's own findings as they were. */
  clone(): IssueList<K> {
    const c = new IssueList<K>(this.info, this.labels)
    c.kept.push(...this.kept)
    c.count = this.count
    return c
  }

  raw(issue: ImportIssue): void {
    this.push(issue)
  }

  /** The sheet's structural findings (merges, hidden rows, formulas), each at its cell. */
  structural(): void {
    for (const s of this.info.structural) this.raw({ sheet: this.info.sheet, row: s.row, column: s.column, columnName: null, message: s.message })
  }

  /** A spreadsheet refusal met while reading the rows becomes one file issue; anything else is rethrown. */
  fileRefusal(e: unknown): void {
    if (!(e instanceof SpreadsheetError)) throw e
    this.file(e.message)
  }

  private push(issue: ImportIssue): void {
    this.count++
    if (this.kept.length < MAX_KEPT_ISSUES) this.kept.push(issue)
  }

  get empty(): boolean {
    return this.count === 0
  }

  /** In sheet order: whole-file problems first, then by row and column. */
  sorted(): ImportIssue[] {
    return [...this.kept].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''))
  }
}

/**
 * Reads every data row of an import file into `onRow`, with the issue list the rows report to. A spreadsheet
 * refusal met on the way becomes one file issue (and stops the reading); otherwise the sheet's structural
 * findings (merges, hidden rows, formulas) are added at the end. The parse step of every importer.
 */
export async function readImportRows<K extends string>(
  file: DecodedFile,
  spec: TableSpec<K>,
  labels: Record<K, string>,
  onRow: (r: TableRow<K>, info: TableInfo<K>, issues: IssueList<K>) => void,
): Promise<{ info: TableInfo<K>; issues: IssueList<K> }> {
  const info = newTableInfo<K>()
  const issues = new IssueList<K>(info, labels)
  try {
    for await (const r of readTable(file, spec, info, importLimits)) onRow(r, info, issues)
  } catch (e) {
    issues.fileRefusal(e)
    return { info, issues }
  }
  issues.structural()
  return { info, issues }
}

/** 1,680.32 in a message; a sum beyond the cap of an amount (itself a problem) is named, not formatted */
export function money(f: Fen): string {
  return Number.isSafeInteger(f) && Math.abs(f) <= MAX_FEN ? formatFen(f) : '（超出允许范围）'
}

/** yuan for a preview; a sum beyond the cap (reported as a problem) shows as 0.00 rather than failing */
export function yuanOrZero(f: Fen): string {
  return Number.isSafeInteger(f) && Math.abs(f) <= MAX_FEN ? fenToYuanString(f) : '0.00'
}

/** “工作表「序时账」第 6 行 D 列（科目编码）：科目 51399 不存在” */
export function issueText(i: ImportIssue): string {
  const where = `${i.sheet ? `工作表「${i.sheet}」` : ''}${i.row !== null ? `第 ${i.row} 行` : ''}${i.column ? ` ${i.column} 列` : ''}${i.columnName && i.row !== null ? `（${i.columnName}）` : ''}`
  return where ? `${where}：${i.message}` : i.message
}

export function issuePath(i: ImportIssue): string {
  return `${i.sheet ?? ''}${i.sheet ? '!' : ''}${i.column?.split(':')[0] ?? ''}${i.row ?? ''}` || 'file'
}

/** The refusal of an import with problems: nothing was written; every problem (up to the cap) in the details. */
export function rejection(what: string, errors: readonly ImportIssue[], errorCount: number): AppError {
  const first = errors[0] ? issueText(errors[0]) : '文件有问题'
  const more = errorCount > 1 ? `（共 ${errorCount} 处问题）` : ''
  const shown = errors.slice(0, MAX_REPORTED_ISSUES)
  const issues: FieldIssue[] = shown.map((e) => ({ path: issuePath(e), message: issueText(e) }))
  return new AppError('VALIDATION', `${what}未导入，账套没有任何改动：${first}${more}`, { issues, errors: shown, errorCount })
}

export function baseResult<K extends string, T extends ImportKind>(kind: T, file: DecodedFile, info: TableInfo<K>): ImportResultBase & { kind: T } {
  return {
    kind,
    fileName: file.name,
    sha256: file.sha256,
    format: formatOf(file),
    encoding: info.encoding,
    sheet: info.sheet,
    headerRow: info.headerRow,
    committed: false,
    batchId: null,
    errors: [],
    errorCount: 0,
    notices: [...info.notices],
  }
}

// —— progress ——

export interface ImportProgress {
  kind: ImportKind
  phase: 'read' | 'check' | 'write' | 'done'
  done: number
  total: number | null
}

/** @deprecated subscribe to onJobProgress (jobs/progress.ts); kept until the bench that watches it moves over */
export const importProgress = new EventEmitter()

/** Progress of a running import, on the engine's one job stream (jobs/progress.ts) that faces subscribe to. */
export function reportProgress(p: ImportProgress): void {
  reportJobProgress({ kind: 'import', what: p.kind, phase: p.phase, done: p.done, total: p.total })
  importProgress.emit('progress', p)
}

// —— duplicate files ——

export async function previousImport(db: Kysely<Database>, villageId: number, kind: ImportKind, sha256: string): Promise<string | null> {
  const b = await db
    .selectFrom('import_batch')
    .leftJoin('app_user', 'app_user.id', 'import_batch.created_by')
    .select(['import_batch.id', 'import_batch.file_name', 'import_batch.rows', 'import_batch.created_at', 'app_user.display_name'])
    .where('import_batch.village_id', '=', villageId)
    .where('import_batch.kind', '=', kind)
    .where('import_batch.sha256', '=', sha256)
    .executeTakeFirst()
  if (!b) return null
  return `该文件已于 ${b.created_at.slice(0, 16).replace('T', ' ')} 由${b.display_name ?? '他人'}导入过（“${b.file_name}”，导入批次 ${b.id}，${b.rows} 行），不能重复导入（防止重复入账）`
}

export async function insertBatch(db: Kysely<Database>, villageId: number, kind: ImportKind, file: DecodedFile, rows: number, userId: number, at: string): Promise<number> {
  const { id } = await db
    .insertInto('import_batch')
    .values({ village_id: villageId, kind, file_name: file.name.slice(0, 255), sha256: file.sha256, rows, created_by: userId, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

// —— the write transaction ——

/**
 * Runs `fn` in one IMMEDIATE transaction on the engine's connection together with its audit entry: all or
 * nothing. The import methods are not `write` methods of the dispatcher (a preview must write nothing, not
 * even to the audit log, and the file is parsed before the write lock is taken), so they open their own.
 */
export async function inWriteTransaction<T>(
  ctx: ServiceContext,
  method: string,
  villageId: number,
  fn: (trx: Kysely<Database>) => Promise<{ value: T; audit: AuditSummary }>,
): Promise<T> {
  const actor = requireActor(ctx)
  return ctx.db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const out = await fn(conn)
      await appendAudit(conn, { userId: actor.id, userName: actor.username, method, villageId, summary: out.audit })
      await sql`COMMIT`.execute(conn)
      return out.value
    } catch (e) {
      try {
        await sql`ROLLBACK`.execute(conn)
      } catch {
        // no transaction left to roll back (it failed to begin)
      }
      throw e
    }
  })
}
