import { CompiledQuery, type Kysely } from 'kysely'
import { periodOfDate } from '../../../shared/periods'
import { nowIso } from '../audit/log'
import type { Database, VoucherLineTable, VoucherSource, VoucherTable } from '../db/schema'
import type { LineInput } from './vouchers'

/**
 * The bulk twin of `insertDraft` (imports, generated books): the same rows (a draft voucher per entry, its lines numbered from
 * 1), written with multi-row INSERTs of a fixed size so that each statement is prepared once and reused.
 * Voucher ids are assigned here, consecutively after the current maximum — safe because the caller holds the
 * write lock (BEGIN IMMEDIATE) — so lines need no round trip per voucher. Call only inside that transaction.
 */
export interface BulkDraft {
  date: string
  attachments: number
  lines: readonly LineInput[]
}

export interface BulkDraftOptions {
  villageId: number
  preparedBy: number
  source: VoucherSource
  importBatchId: number | null
  drafts: readonly BulkDraft[]
  onProgress?: (linesWritten: number) => void
}

const VOUCHER_COLUMNS = [
  'id', 'village_id', 'period', 'date', 'word', 'number', 'status', 'attachments', 'source', 'reverses_id', 'import_batch_id',
  'total', 'prepared_by', 'prepared_at', 'reviewed_by', 'reviewed_at', 'posted_by', 'posted_at', 'hash',
] as const satisfies readonly (keyof VoucherTable)[]
const LINE_COLUMNS = ['voucher_id', 'line_no', 'period', 'summary', 'account_id', 'aux_item_id', 'debit', 'credit'] as const satisfies readonly (keyof VoucherLineTable)[]

/** rows per statement: well under SQLite's 32766 bound parameters */
const VOUCHERS_PER_STATEMENT = 200
const LINES_PER_STATEMENT = 400

function insertSql(table: string, columns: readonly string[], rows: number): string {
  const tuple = `(${columns.map(() => '?').join(', ')})`
  return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`
}

class Batcher {
  /** the values of the rows so far, in column order; pushed one by one (no array per row) */
  readonly params: unknown[] = []
  private readonly fullSql: string

  constructor(
    private readonly db: Kysely<Database>,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly perStatement: number,
  ) {
    this.fullSql = insertSql(table, columns, perStatement)
  }

  /** true when a full statement's worth of rows is waiting: the caller then awaits `flush` */
  get full(): boolean {
    return this.params.length >= this.columns.length * this.perStatement
  }

  async flush(): Promise<void> {
    const rows = this.params.length / this.columns.length
    if (rows === 0) return
    const text = rows === this.perStatement ? this.fullSql : insertSql(this.table, this.columns, rows)
    await this.db.executeQuery(CompiledQuery.raw(text, this.params.splice(0)))
  }
}

export async function insertDraftsBulk(db: Kysely<Database>, o: BulkDraftOptions): Promise<{ firstId: number | null; lastId: number | null; lines: number }> {
  if (o.drafts.length === 0) return { firstId: null, lastId: null, lines: 0 }
  const max = await db.selectFrom('voucher').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst()
  const firstId = Number(max?.m ?? 0) + 1
  const now = nowIso()
  const vouchers = new Batcher(db, 'voucher', VOUCHER_COLUMNS, VOUCHERS_PER_STATEMENT)
  const vp = vouchers.params
  const periods: string[] = []
  let id = firstId
  for (const d of o.drafts) {
    let total = 0
    for (const l of d.lines) total += l.debit
    const period = periodOfDate(d.date)
    periods.push(period)
    // the order of VOUCHER_COLUMNS
    vp.push(id++, o.villageId, period, d.date, '记', null, 'draft', d.attachments, o.source, null, o.importBatchId, total, o.preparedBy, now, null, null, null, null, null)
    if (vouchers.full) await vouchers.flush()
  }
  await vouchers.flush()
  const lines = new Batcher(db, 'voucher_line', LINE_COLUMNS, LINES_PER_STATEMENT)
  const lp = lines.params
  let written = 0
  let next = 20_000
  for (const [k, d] of o.drafts.entries()) {
    const vid = firstId + k
    const period = periods[k] as string
    let no = 1
    for (const l of d.lines) {
      // the order of LINE_COLUMNS
      lp.push(vid, no++, period, l.summary, l.accountId, l.auxItemId, l.debit, l.credit)
      if (lines.full) {
        await lines.flush()
        written += LINES_PER_STATEMENT
        if (written >= next) {
          o.onProgress?.(written)
          next += 20_000
        }
      }
    }
  }
  await lines.flush()
  const total = o.drafts.reduce((s, d) => s + d.lines.length, 0)
  o.onProgress?.(total)
  return { firstId, lastId: id - 1, lines: total }
}
