import { extname } from 'node:path'
import { columnLetter, isBlank, type CellRange, type CellValue } from './cells'
import { csvSheet, type CsvEncoding } from './csv'
import { DEFAULT_LIMITS, megabytes, ReadBudget, SpreadsheetError, type ReadLimits } from './limits'
import type { SheetSource } from './sheet'
import { xlsxSheets } from './xlsx'
import { isOle, isZip } from './zip'

/**
 * A table in a spreadsheet, found by its column names: the header row may be anywhere in the first 20
 * non-blank rows (title rows and blank rows above it are skipped), columns may come in any order and under
 * the usual synonyms of other software. Data rows stream out one by one; what can only be known at the end
 * (merged ranges, hidden rows) is reported in `TableInfo` once the rows are read.
 */
export interface ColumnDef<K extends string> {
  key: K
  /** the name we write in our own templates and messages */
  label: string
  /** other names accepted in a header (after removing spaces; full-width brackets count as half-width) */
  aliases?: readonly string[]
}

export interface TableSpec<K extends string> {
  /** what the table is, for messages: 序时账, 期初余额表, 科目表 */
  what: string
  columns: readonly ColumnDef<K>[]
  /** the header must hold every column of at least one of these sets */
  required: readonly (readonly K[])[]
}

export interface TableRow<K extends string> {
  row: number
  values: Partial<Record<K, CellValue>>
}

export interface TableIssue {
  kind: 'merge' | 'hiddenRow' | 'isoDate'
  /** the merged range or the cell, for merges and ISO date cells */
  ref: string | null
  row: number | null
  column: string | null
  message: string
}

export interface TableInfo<K extends string> {
  format: 'xlsx' | 'csv'
  encoding: CsvEncoding | null
  sheet: string | null
  headerRow: number | null
  date1904: boolean
  /** column letter of each key found in the header */
  letters: Partial<Record<K, string>>
  rowsRead: number
  /** problems with the sheet's structure in the data area: merged ranges, hidden rows, ISO date cells */
  structural: TableIssue[]
  notices: string[]
}

export interface SpreadsheetFile {
  name: string
  bytes: Buffer
}

const HEADER_SCAN_ROWS = 20

export function normaliseHeader(text: string): string {
  return text
    .replace(/[\s\u3000]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[*＊:：]+$/, '')
    .replace(/^[*＊]+/, '')
}

function headerText(c: CellValue | undefined): string | null {
  if (typeof c === 'string') return normaliseHeader(c)
  return null
}

export function isCsvName(name: string): boolean {
  return ['.csv', '.txt'].includes(extname(name).toLowerCase())
}

export function formatOf(file: SpreadsheetFile): 'xlsx' | 'csv' | null {
  if (isZip(file.bytes)) return 'xlsx'
  if (isOle(file.bytes)) return null
  return isCsvName(file.name) ? 'csv' : null
}

/** The sheets of a file, by content (an .xlsx is a zip; a legacy .xls or a password-protected one is OLE). */
async function* sheetsOf(file: SpreadsheetFile, budget: ReadBudget, info: { format: 'xlsx' | 'csv'; encoding: CsvEncoding | null }): AsyncGenerator<SheetSource> {
  const { bytes } = file
  if (bytes.length === 0) throw new SpreadsheetError('文件是空的（0 字节）')
  if (bytes.length > budget.limits.maxFileBytes) {
    throw new SpreadsheetError(`文件过大（${megabytes(bytes.length)}），单个文件不能超过 ${megabytes(budget.limits.maxFileBytes)}，请拆分后再导入`)
  }
  if (isZip(bytes)) {
    info.format = 'xlsx'
    yield* xlsxSheets(bytes, budget)
    return
  }
  if (isOle(bytes)) {
    throw new SpreadsheetError('不是有效的 Excel 文件（.xlsx）：这是旧版 .xls 文件或加密的工作簿，请在 Excel 中取消密码并另存为 .xlsx 后再导入')
  }
  if (!isCsvName(file.name)) throw new SpreadsheetError('不是有效的 Excel 文件（.xlsx），也不是 CSV 文件')
  info.format = 'csv'
  const { sheet, encoding } = csvSheet(bytes, file.name.replace(/\.[^.]*$/, ''))
  info.encoding = encoding
  yield sheet
}

interface HeaderMatch<K extends string> {
  row: number
  cols: Map<K, number>
  duplicates: string[]
  unknown: string[]
  score: number
  complete: boolean
}

function matchHeader<K extends string>(spec: TableSpec<K>, row: number, cells: readonly (CellValue | undefined)[]): HeaderMatch<K> {
  const byName = new Map<string, K>()
  for (const c of spec.columns) {
    byName.set(normaliseHeader(c.label), c.key)
    for (const a of c.aliases ?? []) byName.set(normaliseHeader(a), c.key)
  }
  const cols = new Map<K, number>()
  const duplicates: string[] = []
  const unknown: string[] = []
  cells.forEach((c, i) => {
    const t = headerText(c)
    if (t === null || t === '') return
    const key = byName.get(t)
    if (key === undefined) {
      unknown.push(`${columnLetter(i + 1)} 列「${t}」`)
      return
    }
    const prev = cols.get(key)
    if (prev !== undefined) duplicates.push(`「${t}」（${columnLetter(prev + 1)} 列和 ${columnLetter(i + 1)} 列）`)
    else cols.set(key, i)
  })
  const complete = spec.required.some((set) => set.every((k) => cols.has(k)))
  return { row, cols, duplicates, unknown, score: cols.size, complete }
}

function missingMessage<K extends string>(spec: TableSpec<K>, m: HeaderMatch<K>): string {
  // the required set closest to what the row has
  const best = [...spec.required].sort((a, b) => b.filter((k) => m.cols.has(k)).length - a.filter((k) => m.cols.has(k)).length)[0] ?? []
  const missing = best.filter((k) => !m.cols.has(k))
  const names = missing.map((k) => {
    const c = spec.columns.find((x) => x.key === k)
    if (!c) return k
    return c.aliases?.length ? `「${c.label}」（也可写作：${c.aliases.join('、')}）` : `「${c.label}」`
  })
  return `第 ${m.row} 行像是${spec.what}的表头，但缺少列：${names.join('；')}`
}

/**
 * Reads the table: yields its data rows (blank rows skipped) and fills `info`. Throws `SpreadsheetError` when
 * the file as a whole cannot be used.
 */
export async function* readTable<K extends string>(
  file: SpreadsheetFile,
  spec: TableSpec<K>,
  info: TableInfo<K>,
  limits: ReadLimits = DEFAULT_LIMITS,
): AsyncGenerator<TableRow<K>> {
  const budget = new ReadBudget(limits)
  let found: { sheet: string; hidden: boolean } | null = null
  let best: HeaderMatch<K> | null = null
  let bestSheet = ''
  let anyContent = false
  const alsoHeaders: string[] = []

  for await (const sheet of sheetsOf(file, budget, info)) {
    let header: HeaderMatch<K> | null = null
    let scanned = 0
    let count = 0
    for await (const r of sheet.rows()) {
      if (++count > limits.maxRows) {
        throw new SpreadsheetError(`工作表「${sheet.name}」超过 ${limits.maxRows.toLocaleString('en-US')} 行的上限，请拆分后再导入`)
      }
      if (count % 2000 === 0) budget.checkTime()
      if (header === null) {
        if (r.cells.every((c) => isBlank(c))) continue
        anyContent = true
        const m = matchHeader(spec, r.row, r.cells)
        if (m.complete) {
          if (m.duplicates.length > 0) throw new SpreadsheetError(`工作表「${sheet.name}」第 ${m.row} 行表头中有重复的列：${m.duplicates.join('、')}`)
          if (found) {
            alsoHeaders.push(sheet.name)
            break
          }
          header = m
          found = { sheet: sheet.name, hidden: sheet.hidden }
          info.sheet = sheet.name
          info.headerRow = m.row
          info.date1904 = sheet.date1904
          for (const [k, i] of m.cols) info.letters[k] = columnLetter(i + 1)
          if (m.unknown.length > 0) info.notices.push(`未使用的列：${m.unknown.join('、')}`)
          if (sheet.hidden) throw new SpreadsheetError(`含有${spec.what}表头的工作表「${sheet.name}」是隐藏的，请取消隐藏并核对后再导入`)
          continue
        }
        if (!best || m.score > best.score) {
          best = m
          bestSheet = sheet.name
        }
        if (++scanned >= HEADER_SCAN_ROWS) break
        continue
      }
      info.rowsRead++
      const values: Partial<Record<K, CellValue>> = {}
      let blank = true
      for (const [k, i] of header.cols) {
        const c = r.cells[i]
        if (c === undefined || c === null) continue
        values[k] = c
        if (!isBlank(c)) blank = false
      }
      if (blank) continue
      yield { row: r.row, values }
    }
    if (header) structuralIssues(sheet, header, info)
  }
  if (alsoHeaders.length > 0) {
    throw new SpreadsheetError(`工作簿中有多个工作表含有${spec.what}表头（「${info.sheet}」、${alsoHeaders.map((s) => `「${s}」`).join('、')}），请只保留一个后再导入`)
  }
  if (!found) {
    if (!anyContent) throw new SpreadsheetError('文件中没有数据（未找到表头）')
    if (best && best.score >= 2) throw new SpreadsheetError(`${bestSheet && info.format === 'xlsx' ? `工作表「${bestSheet}」` : ''}${missingMessage(spec, best)}`)
    const names = spec.required[0]?.map((k) => `「${spec.columns.find((c) => c.key === k)?.label ?? k}」`).join('') ?? ''
    throw new SpreadsheetError(`未找到${spec.what}的表头：前 ${HEADER_SCAN_ROWS} 行中没有包含${names}等列名的行`)
  }
}

function rangesIntersectData(r: CellRange, headerRow: number): boolean {
  return r.bottom >= headerRow
}

function structuralIssues<K extends string>(sheet: SheetSource, header: HeaderMatch<K>, info: TableInfo<K>): void {
  for (const r of sheet.merges()) {
    if (rangesIntersectData(r, header.row)) info.structural.push({ kind: 'merge', ref: r.ref, row: r.top, column: columnLetter(r.left), message: `${r.ref} 为合并单元格` })
  }
  for (const row of sheet.hiddenRows()) {
    if (row > header.row) info.structural.push({ kind: 'hiddenRow', ref: null, row, column: null, message: `第 ${row} 行是隐藏行，请取消隐藏并核对后再导入（不导入看不见的数据）` })
  }
  for (const ref of sheet.isoDateCells()) {
    const row = Number.parseInt(ref.replace(/^[A-Z]+/i, ''), 10)
    if (row > header.row) info.structural.push({ kind: 'isoDate', ref, row, column: ref.replace(/\d+$/, ''), message: `${ref} 为 ISO 日期格式单元格，无法可靠读取，请在 Excel 中重新保存后再导入` })
  }
}

export function newTableInfo<K extends string>(): TableInfo<K> {
  return { format: 'xlsx', encoding: null, sheet: null, headerRow: null, date1904: false, letters: {}, rowsRead: 0, structural: [], notices: [] }
}
