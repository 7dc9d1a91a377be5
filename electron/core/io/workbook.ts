import ExcelJS from 'exceljs'
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Writable } from 'node:stream'
import { fenToCellNumber } from '../../../shared/money'
import { neutraliseText } from './neutralise'

export type ColumnKind = 'text' | 'money' | 'integer' | 'date' | 'datetime'

/** Per-cell look: bold, indent (levels of the row label), alignment. */
export interface CellStyle {
  bold?: boolean
  indent?: number
  align?: 'left' | 'center' | 'right'
}

export interface ColumnSpec<R> {
  header: string
  width: number
  kind: ColumnKind
  /** money: integer 分 (written as yuan numbers with #,##0.00); text: written as neutralised text */
  value: (row: R) => string | number | null
  /** look of this column's cell in a given row */
  style?: (row: R) => CellStyle | undefined
  /** money columns summed into the totals row (exact, in 分) */
  sum?: boolean
  /** wrap long text (摘要) instead of cutting it off */
  wrap?: boolean
}

/** A subtitle line: one text across the sheet (the first centred, later ones left-aligned unless `centred`), or 单位 / 期间 / 单位：元 on one line */
export type Subtitle = string | { line: string; centred: boolean } | { left?: string; center?: string; right?: string }

export interface SheetSpec<R> {
  name: string
  /** first title row, e.g. 村名册 */
  title: string
  /** rows under the title: 单位、期间、单位：元 … */
  subtitles?: Subtitle[]
  /** a group row above the column headers (two-row header): each group spans `span` columns; a group of one
   *  column with an empty label merges that column's header over both rows */
  headerGroups?: { label: string; span: number }[]
  columns: ColumnSpec<R>[]
  rows: Iterable<R> | AsyncIterable<R>
  /** how many rows `rows` yields, when a streamed sheet knows it beforehand (an array's length is taken as is) */
  rowCount?: number
  /** look of a whole row (本月合计, 小计 …) */
  rowStyle?: (row: R) => { bold?: boolean; fill?: boolean } | undefined
  /** a totals row after the data: the sum of every `sum` column, with `label` in the first text column */
  totals?: { label: string }
  /** lines right under the table (勾稽关系, notes); may depend on the rows written */
  notes?: string[] | (() => string[])
  /** signature line under the table */
  signatures?: string[]
  /** last lines, e.g. the data fingerprint where integrity matters; evaluated after the rows were written */
  footer?: string | string[] | (() => string | string[] | undefined)
  landscape?: boolean
}

export interface WorkbookOptions {
  creator?: string
  /** called every 1,000 data rows and once at the end, with the data rows of all sheets when every sheet knows them */
  onProgress?: (rowsWritten: number, totalRows: number | null) => void
}

const MONEY_FMT = '#,##0.00;-#,##0.00;"-"'
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } }
const BORDER = { top: THIN, bottom: THIN, left: THIN, right: THIN }
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8EEF7' } }
const TOTAL_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF5F5F5' } }
/** a Chinese font that Excel and WPS have on every Windows PC; LibreOffice substitutes a CJK font */
const FONT = '宋体'
/** uncompressed sheet XML allowed to wait for the zip before rows are held back, and where they resume */
const HIGH_WATER_BYTES = 4 * 1024 * 1024
const LOW_WATER_BYTES = 1024 * 1024
/** data rows between two turns of the event loop (the zip compresses only on its turns) */
const ROWS_PER_TURN = 250
/**
 * The style of every data row object. exceljs gives each new row its own `{}` style, which its style registry
 * cannot recognise by identity (a WeakMap), so it serialises that empty style to XML to look it up — once per
 * row. One shared object is looked up once. Frozen: a row-level style setter on a data row would throw
 * instead of restyling every row.
 */
const DATA_ROW_STYLE: Partial<ExcelJS.Style> = Object.freeze({})

/**
 * The one workbook builder: title rows, frozen header (one or two rows), number formats, per-cell bold/indent,
 * totals, print setup (A4, fit to width, repeated header), notes, signature line and footer; streams rows so
 * that large books stay within memory. Writes to a temporary name and renames, so a failed export never leaves
 * a half file under the real name.
 */
/** Erases a sheet's row type so sheets of different rows go into one workbook. */
export function defineSheet<R>(spec: SheetSpec<R>): SheetSpec<unknown> {
  return spec as unknown as SheetSpec<unknown>
}

export async function writeWorkbook(path: string, sheets: SheetSpec<unknown>[], options: WorkbookOptions = {}): Promise<{ rows: number }> {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.part`
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false })
  wb.creator = options.creator ?? '三资台账'
  wb.created = new Date()
  let written = 0
  const counts = sheets.map((s) => s.rowCount ?? (Array.isArray(s.rows) ? s.rows.length : null))
  const total = counts.every((n) => n !== null) ? counts.reduce<number>((a, n) => a + (n ?? 0), 0) : null
  try {
    for (const sheet of sheets) {
      const ncol = sheet.columns.length
      const firstHeaderRow = 2 + (sheet.subtitles?.length ?? 0)
      const lastHeaderRow = firstHeaderRow + (sheet.headerGroups ? 1 : 0)
      const ws = wb.addWorksheet(safeSheetName(sheet.name), {
        views: [{ state: 'frozen', ySplit: lastHeaderRow }],
        pageSetup: {
          paperSize: 9,
          orientation: sheet.landscape ? 'landscape' : 'portrait',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          horizontalCentered: true,
          printTitlesRow: `${firstHeaderRow}:${lastHeaderRow}`,
          margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        },
        headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
      })
      ws.columns = sheet.columns.map((c) => ({ width: c.width }))

      const title = ws.addRow([neutraliseText(sheet.title)])
      title.font = { name: FONT, bold: true, size: 16 }
      title.alignment = { horizontal: 'center', vertical: 'middle' }
      title.height = 28
      ws.mergeCells(1, 1, 1, ncol)
      title.commit()
      for (const [i, sub] of (sheet.subtitles ?? []).entries()) writeSubtitle(ws, sub, i, sheet.columns.map((c) => c.width))
      // with a group row the header row is made first and both are committed after the merges that span them
      const groupRow = sheet.headerGroups ? writeHeaderGroups(ws, sheet) : null
      const merged = verticallyMerged(sheet)
      const header = groupRow ? ws.getRow(groupRow.number + 1) : ws.addRow([])
      header.font = { name: FONT, bold: true }
      header.height = 20
      sheet.columns.forEach((c, i) => {
        const cell = header.getCell(i + 1)
        if (!merged.has(i)) cell.value = neutraliseText(c.header)
        cell.font = { name: FONT, bold: true }
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
        cell.fill = HEADER_FILL
        cell.border = BORDER
      })
      if (groupRow) {
        mergeHeaderGroups(ws, sheet, groupRow.number)
        groupRow.commit()
      }
      header.commit()

      const sums = sheet.columns.map(() => 0)
      const styles = new StyleCache()
      for await (const row of sheet.rows as AsyncIterable<unknown>) {
        const values = sheet.columns.map((c) => cellValue(c, row))
        const r = ws.addRow(values)
        // the row's own style object is not in exceljs's typings (only its per-property setters are)
        const untyped: { style: Partial<ExcelJS.Style> } = r as unknown as { style: Partial<ExcelJS.Style> }
        untyped.style = DATA_ROW_STYLE
        // rows do not grow by themselves in a streamed sheet: give wrapped text the lines it needs
        const lines = wrapLines(sheet.columns, values)
        if (lines > 1) r.height = LINE_HEIGHT * lines
        const rowLook = sheet.rowStyle?.(row)
        sheet.columns.forEach((c, i) => {
          const look = c.style?.(row)
          // one shared style object per look: exceljs recognises it and does not serialise a style per cell
          r.getCell(i + 1).style = styles.get(i, c, look?.bold ?? rowLook?.bold ?? false, rowLook?.fill ?? false, look?.align, look?.indent)
          if (c.sum && c.kind === 'money') sums[i] = (sums[i] as number) + ((c.value(row) as number | null) ?? 0)
        })
        r.commit()
        written++
        if (written % ROWS_PER_TURN === 0) {
          if (written % 1000 === 0) options.onProgress?.(written, total)
          await drained(ws)
        }
      }
      if (sheet.totals) {
        const labelAt = Math.max(0, sheet.columns.findIndex((c) => c.kind === 'text'))
        const r = ws.addRow(sheet.columns.map((c, i) => (c.sum && c.kind === 'money' ? fenToCellNumber(sums[i] as number) : i === labelAt ? neutraliseText(sheet.totals?.label ?? '') : null)))
        sheet.columns.forEach((c, i) => {
          const cell = r.getCell(i + 1)
          cell.border = BORDER
          cell.font = { name: FONT, bold: true }
          cell.fill = TOTAL_FILL
          if (c.kind === 'money') cell.numFmt = MONEY_FMT
        })
        r.commit()
      }
      const notes = typeof sheet.notes === 'function' ? sheet.notes() : (sheet.notes ?? [])
      for (const n of notes) writeLine(ws, n, ncol, { name: FONT, size: 10 })
      if (sheet.signatures && sheet.signatures.length > 0) {
        ws.addRow([]).commit()
        const sig = ws.addRow([sheet.signatures.map((s) => `${s}：__________`).join('      ')])
        sig.font = { name: FONT }
        sig.height = 22
        ws.mergeCells(sig.number, 1, sig.number, ncol)
        sig.commit()
      }
      const footer = typeof sheet.footer === 'function' ? sheet.footer() : sheet.footer
      for (const f of footer === undefined ? [] : Array.isArray(footer) ? footer : [footer]) writeLine(ws, f, ncol, { name: FONT, size: 8, color: { argb: 'FF666666' } })
      ws.commit()
    }
    await wb.commit()
    renameSync(tmp, path)
    options.onProgress?.(written, total === null ? null : written)
    return { rows: written }
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

function writeLine(ws: ExcelJS.Worksheet, text: string, ncol: number, font: Partial<ExcelJS.Font>): void {
  const r = ws.addRow([neutraliseText(text)])
  r.font = font
  r.alignment = { wrapText: true, vertical: 'top' }
  // a long line (a fingerprint) gets a second line of height when the sheet is narrow
  if (text.length > ncol * 12) r.height = 24
  ws.mergeCells(r.number, 1, r.number, ncol)
  r.commit()
}

function writeSubtitle(ws: ExcelJS.Worksheet, sub: Subtitle, index: number, widths: number[]): void {
  const ncol = widths.length
  if (typeof sub === 'string' || 'line' in sub) {
    const text = typeof sub === 'string' ? sub : sub.line
    const r = ws.addRow([neutraliseText(text)])
    r.font = { name: FONT }
    r.alignment = { horizontal: index === 0 || (typeof sub !== 'string' && sub.centred) ? 'center' : 'left' }
    ws.mergeCells(r.number, 1, r.number, ncol)
    r.commit()
    return
  }
  // three parts by width: 编制单位 on the left ~45%, the date in the middle, 单位：元 on the right ~20%
  const total = widths.reduce((a, b) => a + b, 0)
  let leftEnd = 0
  for (let acc = 0; leftEnd < ncol - 2 && acc < total * 0.45; leftEnd++) acc += widths[leftEnd] ?? 0
  leftEnd = Math.max(1, leftEnd)
  let rightStart = ncol
  for (let acc = 0; rightStart > leftEnd + 1 && acc < total * 0.2; ) acc += widths[--rightStart] ?? 0
  const values: (string | null)[] = Array.from({ length: ncol }, () => null)
  values[0] = neutraliseText(sub.left ?? '')
  if (leftEnd < ncol) values[leftEnd] = neutraliseText(sub.center ?? '')
  if (rightStart < ncol && rightStart > leftEnd) values[rightStart] = neutraliseText(sub.right ?? '')
  const r = ws.addRow(values)
  r.font = { name: FONT }
  r.getCell(1).alignment = { horizontal: 'left' }
  if (leftEnd < ncol) r.getCell(leftEnd + 1).alignment = { horizontal: 'center' }
  if (rightStart < ncol) r.getCell(rightStart + 1).alignment = { horizontal: 'right' }
  if (leftEnd > 1) ws.mergeCells(r.number, 1, r.number, leftEnd)
  if (rightStart - 1 > leftEnd) ws.mergeCells(r.number, leftEnd + 1, r.number, rightStart)
  if (ncol > rightStart + 1) ws.mergeCells(r.number, rightStart + 1, r.number, ncol)
  r.commit()
}

/** columns whose header spans both header rows */
function verticallyMerged(sheet: SheetSpec<unknown>): Set<number> {
  const out = new Set<number>()
  let col = 0
  for (const g of sheet.headerGroups ?? []) {
    if (g.span === 1 && g.label === '') out.add(col)
    col += g.span
  }
  return out
}

function writeHeaderGroups(ws: ExcelJS.Worksheet, sheet: SheetSpec<unknown>): ExcelJS.Row {
  const values: (string | null)[] = []
  for (const g of sheet.headerGroups ?? []) {
    values.push(g.span === 1 && g.label === '' ? neutraliseText(sheet.columns[values.length]?.header ?? '') : neutraliseText(g.label))
    for (let i = 1; i < g.span; i++) values.push(null)
  }
  const r = ws.addRow(values)
  r.font = { name: FONT, bold: true }
  r.height = 20
  for (let i = 1; i <= sheet.columns.length; i++) {
    const cell = r.getCell(i)
    cell.font = { name: FONT, bold: true }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.fill = HEADER_FILL
    cell.border = BORDER
  }
  return r
}

function mergeHeaderGroups(ws: ExcelJS.Worksheet, sheet: SheetSpec<unknown>, rowNo: number): void {
  let col = 1
  for (const g of sheet.headerGroups ?? []) {
    if (g.span > 1) ws.mergeCells(rowNo, col, rowNo, col + g.span - 1)
    else if (g.label === '') ws.mergeCells(rowNo, col, rowNo + 1, col)
    col += g.span
  }
}

/**
 * Gives the zip its turn and holds the rows back while it is behind. exceljs writes committed rows into the zip
 * entry without heeding back-pressure (its StreamBuf ignores what the entry's write returns), and rows come
 * from synchronous SQLite reads behind promises that never leave the microtask queue, so zlib — whose work
 * comes back on the event loop — would never run: a large book would pile up uncompressed in memory until
 * the end (≈ 400 bytes a row, ≈ 500 MB for a million rows). Between the marks rows and compression overlap.
 */
async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  const pipes = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? []
  for (const p of pipes) {
    // the zip's entry stream is a readable-stream v2 PassThrough: its state is not on the modern getters
    const w = p as Writable & { _writableState?: { length?: number } }
    const queued = () => w.writableLength ?? w._writableState?.length ?? 0
    if (queued() <= HIGH_WATER_BYTES) continue
    const deadline = Date.now() + 30_000
    while (queued() > LOW_WATER_BYTES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

const LINE_HEIGHT = 15

/** East Asian wide characters: CJK, Hangul, compatibility ideographs and forms, full-width forms */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  )
}

/** how many lines the widest wrapped cell of a row takes (a CJK character is about 1.75 widths of "0") */
function wrapLines(columns: ColumnSpec<unknown>[], values: (string | number | null)[]): number {
  let lines = 1
  columns.forEach((c, i) => {
    const v = values[i]
    if (!c.wrap || typeof v !== 'string') return
    const room = Math.max(1, c.width - 1)
    // most cells fit even if every character were wide
    if (v.length * 1.75 <= room) return
    let w = 0
    for (let k = 0; k < v.length; k++) {
      const code = v.charCodeAt(k)
      // a surrogate pair is one character of width 1, as the old per-code-point loop counted it
      if (code >= 0xd800 && code <= 0xdbff) k++
      w += isWide(code) ? 1.75 : 1
    }
    lines = Math.max(lines, Math.ceil(w / room))
  })
  return Math.min(lines, 10)
}

const ALIGN_CODE = { left: 1, center: 2, right: 3 } as const

/** the style objects of data cells, one per column and distinct look (found by a number: cells are many) */
class StyleCache {
  private readonly byColumn: Map<number, Partial<ExcelJS.Style>>[] = []

  get(column: number, c: ColumnSpec<unknown>, bold: boolean, fill: boolean, align: CellStyle['align'], indent: number | undefined): Partial<ExcelJS.Style> {
    const key = (bold ? 1 : 0) | (fill ? 2 : 0) | ((align ? ALIGN_CODE[align] : 0) << 2) | ((indent ?? 0) << 4)
    let looks = this.byColumn[column]
    if (!looks) this.byColumn[column] = looks = new Map()
    let style = looks.get(key)
    if (!style) {
      style = { border: BORDER, font: bold ? { name: FONT, bold: true } : { name: FONT } }
      if (fill) style.fill = TOTAL_FILL
      if (c.kind === 'money') style.numFmt = MONEY_FMT
      else if (c.kind === 'integer') style.numFmt = '0'
      // Excel and LibreOffice apply an indent only to left-aligned cells
      const horizontal = align ?? (indent ? 'left' : c.kind === 'date' || c.kind === 'datetime' ? 'center' : undefined)
      style.alignment = { horizontal, indent, wrapText: c.wrap, vertical: 'middle' }
      looks.set(key, style)
    }
    return style
  }
}

function cellValue<R>(c: ColumnSpec<R>, row: R): string | number | null {
  const v = c.value(row)
  if (v === null || v === undefined) return null
  if (c.kind === 'money') return fenToCellNumber(v as number)
  if (c.kind === 'integer') return v as number
  return neutraliseText(String(v))
}

/** Excel forbids : \ / ? * [ ] in sheet names and allows 31 characters. */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31)
  return cleaned === '' ? 'Sheet' : cleaned
}
