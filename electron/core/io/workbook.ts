import ExcelJS from 'exceljs'
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { fenToCellNumber } from '../../../shared/money'
import { neutraliseText } from './neutralise'

export type ColumnKind = 'text' | 'money' | 'integer' | 'date' | 'datetime'

export interface ColumnSpec<R> {
  header: string
  width: number
  kind: ColumnKind
  value: (row: R) => string | number | null
}

export interface SheetSpec<R> {
  name: string
  /** first title row, e.g. 村名册 */
  title: string
  /** rows under the title: 单位、期间、单位：元 … */
  subtitles?: string[]
  columns: ColumnSpec<R>[]
  rows: Iterable<R> | AsyncIterable<R>
  /** signature line under the table */
  signatures?: string[]
  /** a last line, e.g. the data fingerprint where integrity matters */
  footer?: string
  landscape?: boolean
}

export interface WorkbookOptions {
  creator?: string
  onProgress?: (rowsWritten: number) => void
}

const MONEY_FMT = '#,##0.00;-#,##0.00;"-"'
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } }

/**
 * The one workbook builder: title rows, frozen header, number formats, print setup (A4, fit to width,
 * repeated header), signature line and footer; streams rows so that large books stay within memory.
 * Writes to a temporary name and renames, so a failed export never leaves a half file under the real name.
 */
/** Erases a sheet's row type so sheets of different rows go into one workbook. */
export function defineSheet<R>(spec: SheetSpec<R>): SheetSpec<unknown> {
  return spec as unknown as SheetSpec<unknown>
}

export async function writeWorkbook(path: string, sheets: SheetSpec<unknown>[], options: WorkbookOptions = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.part`
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false })
  wb.creator = options.creator ?? '三资台账'
  wb.created = new Date()
  let written = 0
  try {
    for (const sheet of sheets) {
      const ncol = sheet.columns.length
      const headerRowNo = 2 + (sheet.subtitles?.length ?? 0)
      const ws = wb.addWorksheet(safeSheetName(sheet.name), {
        views: [{ state: 'frozen', ySplit: headerRowNo }],
        pageSetup: {
          paperSize: 9,
          orientation: sheet.landscape ? 'landscape' : 'portrait',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: `${headerRowNo}:${headerRowNo}`,
          margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        },
        headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
      })
      ws.columns = sheet.columns.map((c) => ({ width: c.width }))

      const title = ws.addRow([neutraliseText(sheet.title)])
      title.font = { bold: true, size: 16 }
      title.alignment = { horizontal: 'center' }
      title.height = 26
      ws.mergeCells(1, 1, 1, ncol)
      title.commit()
      for (const [i, sub] of (sheet.subtitles ?? []).entries()) {
        const r = ws.addRow([neutraliseText(sub)])
        r.alignment = { horizontal: i === 0 ? 'center' : 'left' }
        ws.mergeCells(r.number, 1, r.number, ncol)
        r.commit()
      }
      const header = ws.addRow(sheet.columns.map((c) => neutraliseText(c.header)))
      header.font = { bold: true }
      header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
      header.eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } }
        cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN }
      })
      header.commit()

      for await (const row of sheet.rows as AsyncIterable<unknown>) {
        const r = ws.addRow(sheet.columns.map((c) => cellValue(c, row)))
        sheet.columns.forEach((c, i) => {
          const cell = r.getCell(i + 1)
          cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN }
          if (c.kind === 'money') cell.numFmt = MONEY_FMT
          else if (c.kind === 'integer') cell.numFmt = '0'
          else if (c.kind === 'date' || c.kind === 'datetime') cell.alignment = { horizontal: 'center' }
        })
        r.commit()
        written++
        if (options.onProgress && written % 1000 === 0) options.onProgress(written)
      }
      if (sheet.signatures && sheet.signatures.length > 0) {
        ws.addRow([]).commit()
        const sig = ws.addRow([sheet.signatures.map((s) => `${s}：__________`).join('        ')])
        ws.mergeCells(sig.number, 1, sig.number, ncol)
        sig.commit()
      }
      if (sheet.footer) {
        const f = ws.addRow([neutraliseText(sheet.footer)])
        f.font = { size: 9, color: { argb: 'FF666666' } }
        ws.mergeCells(f.number, 1, f.number, ncol)
        f.commit()
      }
      ws.commit()
    }
    await wb.commit()
    renameSync(tmp, path)
    options.onProgress?.(written)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
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
