import { SpreadsheetError } from './limits'
import type { SheetSource, SourceRow } from './sheet'

export type CsvEncoding = 'UTF-8' | 'UTF-8（带 BOM）' | 'GBK'

/**
 * CSV text from bytes: a UTF-8 BOM says UTF-8; otherwise strict UTF-8 is tried and, failing that, GBK
 * (decoded as GB18030, its superset — what Excel on a Chinese Windows writes). UTF-16 is refused with a hint.
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8（带 BOM）' }
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new SpreadsheetError('不支持 UTF-16（Unicode 文本）编码的 CSV，请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”')
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GBK' }
  }
}

/** a spreadsheet has at most 16,384 columns; a “record” with more is not a table */
const MAX_FIELDS = 16_384

/** Comma, or tab when the first line has tabs and no commas. */
function delimiterOf(text: string): string {
  const nl = text.search(/\r|\n/)
  const first = nl < 0 ? text : text.slice(0, nl)
  return !first.includes(',') && first.includes('\t') ? '\t' : ','
}

/**
 * RFC 4180 records: fields separated by the delimiter, quoted fields may hold delimiters, doubled quotes and
 * line breaks; records end at CRLF, LF or CR. Every field stays text. Row numbers count records from 1, which is
 * what Excel shows when it opens the file.
 */
export function* csvRecords(text: string, delimiter = delimiterOf(text)): Generator<SourceRow> {
  const n = text.length
  let i = 0
  let row = 0
  while (i < n) {
    row++
    const startRow = row
    const cells: string[] = []
    let field = ''
    for (;;) {
      if (text[i] === '"') {
        // quoted field
        i++
        let closed = false
        while (i < n) {
          const q = text.indexOf('"', i)
          if (q < 0) {
            i = n
            break
          }
          field += text.slice(i, q)
          if (text[q + 1] === '"') {
            field += '"'
            i = q + 2
            continue
          }
          i = q + 1
          closed = true
          break
        }
        if (!closed) throw new SpreadsheetError(`CSV 格式错误：第 ${startRow} 行的引号没有结束`)
        const next = text[i]
        if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
          throw new SpreadsheetError(`CSV 格式错误：第 ${startRow} 行引号后面还有字符（引号不配对）`)
        }
      } else {
        let j = i
        while (j < n) {
          const ch = text[j]
          if (ch === delimiter || ch === '\r' || ch === '\n') break
          j++
        }
        field = text.slice(i, j)
        i = j
      }
      cells.push(field)
      field = ''
      if (cells.length > MAX_FIELDS) throw new SpreadsheetError(`CSV 格式错误：第 ${startRow} 行超过 ${MAX_FIELDS} 列，不像是表格数据`)
      if (text[i] === delimiter) {
        i++
        continue
      }
      break
    }
    if (text[i] === '\r') i++
    if (text[i] === '\n') i++
    yield { row: startRow, cells }
  }
}

export function csvSheet(bytes: Buffer, name: string): { sheet: SheetSource; encoding: CsvEncoding } {
  const { text, encoding } = decodeCsv(bytes)
  if (text.includes('\u0000')) throw new SpreadsheetError('文件不是文本格式的 CSV（含有二进制内容）')
  const sheet: SheetSource = {
    name,
    hidden: false,
    date1904: false,
    rows: () => asyncRows(text),
    merges: () => [],
    hiddenRows: () => [],
    isoDateCells: () => [],
  }
  return { sheet, encoding }
}

async function* asyncRows(text: string): AsyncGenerator<SourceRow> {
  let k = 0
  for (const r of csvRecords(text)) {
    yield r
    // let the event loop breathe on large files
    if (++k % 5000 === 0) await new Promise((res) => setImmediate(res))
  }
}
