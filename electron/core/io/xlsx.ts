import ExcelJS from 'exceljs'
import { Readable } from 'node:stream'
import { fromExcelValue, parseRange, type CellRange, type CellValue } from './cells'
import { ReadBudget, SpreadsheetError } from './limits'
import type { SheetSource, SourceRow } from './sheet'
import { entryText, readZipDirectory, type ZipEntry } from './zip'

/**
 * The .xlsx reader: exceljs' streaming parsers (workbook, relationships, shared strings, worksheet rows) fed by
 * our own zip reader, so that
 * - every entry is inflated against the byte budget and the deadline (exceljs' unzipper path has no cap and
 *   spools worksheets to temporary files when the shared strings come later in the zip);
 * - UTF-8 is decoded as a stream (exceljs decodes chunk by chunk and can split a Chinese character);
 * - the worksheet XML is also watched for what exceljs' streaming reader drops: merged ranges, hidden rows,
 *   and ISO date cells (t="d", which it would read as the number 2024).
 * Styles are not loaded: a date cell comes as its serial number and is converted by `dateOf` with the
 * workbook's own 1900/1904 system.
 */

interface ExcelCellLike {
  value: unknown
}
interface ExcelRowLike {
  number: number
  eachCell(options: { includeEmpty: boolean }, cb: (cell: ExcelCellLike, col: number) => void): void
}
interface WorksheetReaderLike extends AsyncIterable<ExcelRowLike> {
  name: string
  state?: string
}
interface SheetModel {
  name: string
  id: number
  rId: string
  state?: string
}
interface Relationship {
  Id: string
  Target: string
  Type: string
}
/** The parts of exceljs' WorkbookReader we drive ourselves (exceljs 4.4.0, pinned). */
interface WorkbookReaderInternals {
  sharedStrings?: unknown[]
  model?: { sheets?: SheetModel[] }
  properties?: { model?: { date1904?: boolean } }
  workbookRels?: Relationship[]
  _parseWorkbook(entry: Readable): Promise<void>
  _parseRels(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: WorksheetReaderLike }>
}

const OFFICE_DOC = /\/officeDocument$/
const WORKSHEET_REL = /\/worksheet$/
const SHARED_STRINGS_REL = /\/sharedStrings$/

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const parts = base.split('/').slice(0, -1)
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop()
    else if (seg !== '.' && seg !== '') parts.push(seg)
  }
  return parts.join('/')
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/')
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`
}

async function wholeText(buf: Buffer, e: ZipEntry, budget: ReadBudget): Promise<string> {
  let s = ''
  for await (const chunk of entryText(buf, e, budget)) s += chunk
  return s
}

/** Watches the worksheet XML as it streams past exceljs and notes merges, hidden rows and t="d" cells. */
class SheetWatcher {
  readonly merges: CellRange[] = []
  readonly hiddenRows: number[] = []
  readonly isoDateCells: string[] = []
  private carry = ''

  async *tap(source: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const chunk of source) {
      this.scan(chunk)
      yield chunk
    }
    this.scan('', true)
  }

  private scan(chunk: string, end = false): void {
    let s = this.carry + chunk
    this.carry = ''
    if (!end) {
      const lt = s.lastIndexOf('<')
      if (lt >= 0 && s.indexOf('>', lt) < 0) {
        // a tag cut by the chunk boundary waits for its end; no real tag is anywhere near 64 KB long
        this.carry = s.length - lt > 65_536 ? '' : s.slice(lt)
        s = s.slice(0, lt)
      }
    }
    if (s.includes('row') && s.includes('hidden')) {
      for (const m of s.matchAll(/<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>/g)) {
        const attrs = m[1] as string
        if (/\bhidden="(?:1|true)"/.test(attrs)) {
          const r = /\br="(\d+)"/.exec(attrs)
          if (r) this.hiddenRows.push(Number.parseInt(r[1] as string, 10))
        }
      }
    }
    if (s.includes('mergeCell')) {
      for (const m of s.matchAll(/<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*\bref="([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)"/g)) {
        const r = parseRange(m[1] as string)
        if (r && (r.top !== r.bottom || r.left !== r.right)) this.merges.push(r)
      }
    }
    if (s.includes('t="d"')) {
      for (const m of s.matchAll(/<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*\bt="d"[^>]*)>/g)) {
        const r = /\br="([A-Za-z]+\d+)"/.exec(m[1] as string)
        if (r) this.isoDateCells.push(r[1] as string)
      }
    }
  }
}

export async function* xlsxSheets(buf: Buffer, budget: ReadBudget): AsyncGenerator<SheetSource> {
  const dir = readZipDirectory(buf, budget.limits.maxInflatedBytes)
  const stream = (e: ZipEntry) => Readable.from(entryText(buf, e, budget))

  // the workbook part named by the package relationships (xl/workbook.xml in practice)
  let workbookPath = 'xl/workbook.xml'
  const rootRels = dir.get('_rels/.rels')
  if (rootRels) {
    const xml = await wholeText(buf, rootRels, budget)
    for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
      const type = /\bType="([^"]*)"/.exec(m[0])?.[1] ?? ''
      const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1]
      if (OFFICE_DOC.test(type) && target) workbookPath = resolveTarget('', target)
    }
  }
  const workbookEntry = dir.get(workbookPath)
  if (!workbookEntry) throw new SpreadsheetError('不是有效的 Excel 文件（.xlsx）：缺少工作簿内容')

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookReaderInternals
  try {
    await reader._parseWorkbook(stream(workbookEntry))
    const relsEntry = dir.get(relsPathOf(workbookPath))
    if (relsEntry) await reader._parseRels(stream(relsEntry))
  } catch (e) {
    if (e instanceof SpreadsheetError) throw e
    throw new SpreadsheetError('文件格式异常：工作簿结构无法读取')
  }
  const rels = reader.workbookRels ?? []
  const date1904 = reader.properties?.model?.date1904 === true

  const ssRel = rels.find((r) => SHARED_STRINGS_REL.test(r.Type))
  const ssEntry = dir.get(ssRel ? resolveTarget(workbookPath, ssRel.Target) : 'xl/sharedStrings.xml')
  if (ssEntry) {
    try {
      for await (const _ of reader._parseSharedStrings(stream(ssEntry))) {
        // cached on the reader
      }
    } catch (e) {
      if (e instanceof SpreadsheetError) throw e
      throw new SpreadsheetError('文件格式异常：共享字符串无法读取')
    }
  } else reader.sharedStrings = []

  const sheets = reader.model?.sheets ?? []
  for (const [index, sheet] of sheets.entries()) {
    const rel = rels.find((r) => r.Id === sheet.rId)
    if (!rel || !WORKSHEET_REL.test(rel.Type)) continue // chart sheets and the like hold no rows
    const entry = dir.get(resolveTarget(workbookPath, rel.Target))
    if (!entry) throw new SpreadsheetError(`文件已损坏：缺少工作表「${sheet.name}」的内容`)
    const watcher = new SheetWatcher()
    const gen = reader._parseWorksheet(watcher.tap(entryText(buf, entry, budget)), String(index + 1))
    const ws = gen.next().value?.value
    if (!ws) continue
    yield {
      name: sheet.name,
      hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden',
      date1904,
      rows: () => worksheetRows(ws, budget),
      merges: () => watcher.merges,
      hiddenRows: () => watcher.hiddenRows,
      isoDateCells: () => watcher.isoDateCells,
    }
  }
}

async function* worksheetRows(ws: WorksheetReaderLike, budget: ReadBudget): AsyncGenerator<SourceRow> {
  try {
    for await (const row of ws) {
      const cells: CellValue[] = []
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = fromExcelValue(cell.value)
      })
      yield { row: row.number, cells }
    }
  } catch (e) {
    if (e instanceof SpreadsheetError) throw e
    const msg = (e as Error)?.message ?? ''
    if (/entity/i.test(msg)) throw new SpreadsheetError('文件格式异常：工作表含有不允许的 XML 实体')
    throw new SpreadsheetError('文件格式异常：工作表内容无法读取')
  }
  budget.checkTime()
}
