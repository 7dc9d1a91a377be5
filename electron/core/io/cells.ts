import Decimal from 'decimal.js'
import { formatFen, MAX_FEN, parseYuan, type Fen } from '../../../shared/money'
import { isValidDate } from '../../../shared/periods'

/**
 * One cell as the import readers hand it over, whatever the file: xlsx cells keep their type (number, text,
 * formula, error), CSV cells are always text. Nothing here ever calls Number() or parseFloat on text.
 */
export type PlainCell = string | number | boolean | Date
export type CellValue = null | PlainCell | FormulaCell | ErrorCell

export interface FormulaCell {
  kind: 'formula'
  /** as written, with a leading “=”; “=（共享公式）” for a shared-formula child, whose own text is not stored */
  formula: string
  /** the cached result the file carries, if any */
  result: PlainCell | null
}

export interface ErrorCell {
  kind: 'error'
  error: string
}

export type Converted<T> = { ok: true; value: T } | { ok: false; message: string }

const ok = <T>(value: T): Converted<T> => ({ ok: true, value })
const fail = <T>(message: string): Converted<T> => ({ ok: false, message })

export function isFormula(c: CellValue): c is FormulaCell {
  return typeof c === 'object' && c !== null && !(c instanceof Date) && c.kind === 'formula'
}

export function isErrorCell(c: CellValue): c is ErrorCell {
  return typeof c === 'object' && c !== null && !(c instanceof Date) && c.kind === 'error'
}

export function isBlank(c: CellValue | undefined): boolean {
  return c === null || c === undefined || (typeof c === 'string' && c.trim() === '')
}

/** exceljs' cell value (rich text, hyperlink, formula, shared formula, error…) as one of ours. */
export function fromExcelValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (v instanceof Date) return v
  if (typeof v !== 'object') return { kind: 'error', error: '无法识别的单元格' }
  const o = v as Record<string, unknown>
  // a shared-formula child comes as { formula: '' , result } or { sharedFormula, result }: look at the keys, not the truthiness
  if ('formula' in o || 'sharedFormula' in o) {
    const text = typeof o.formula === 'string' && o.formula !== '' ? `=${o.formula}` : '=（共享公式）'
    const r = fromExcelValue(o.result)
    return { kind: 'formula', formula: text, result: r === null || isFormula(r) || isErrorCell(r) ? null : r }
  }
  if ('error' in o) return { kind: 'error', error: String(o.error) }
  if (Array.isArray(o.richText)) return o.richText.map((p: unknown) => (typeof p === 'object' && p !== null ? String((p as { text?: unknown }).text ?? '') : '')).join('')
  if ('text' in o) return fromExcelValue(o.text)
  return { kind: 'error', error: '无法识别的单元格' }
}

/** How a cell reads in a message: “=106885+100”, “１０６９８５．００”, “#DIV/0!”. */
export function describeCell(c: CellValue): string {
  if (c === null) return '（空）'
  if (typeof c === 'string') return c.length > 40 ? `${c.slice(0, 40)}…` : c
  if (typeof c === 'number') return numberText(c)
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE'
  if (c instanceof Date) return c.toISOString().slice(0, 10)
  if (c.kind === 'formula') return c.formula
  return c.error
}

/** The shortest text that reads back as the same double: what Excel showed when the cell was typed. */
function numberText(n: number): string {
  return String(n)
}

function cellProblem(c: CellValue, what: string): string | null {
  if (isErrorCell(c)) return `单元格为错误值 ${c.error}，请改正后再导入`
  if (typeof c === 'boolean') return `${what}不能是逻辑值 ${c ? 'TRUE' : 'FALSE'}`
  return null
}

// —— text ——

/**
 * A text column (摘要, 名称, 往来单位): text as written, numbers as their shortest form; a formula gives its
 * cached result (a text column's formula does not change any amount). Blank → null.
 */
export function textOf(c: CellValue, what: string): Converted<string | null> {
  if (isBlank(c)) return ok(null)
  const p = cellProblem(c, what)
  if (p) return fail(p)
  let v: CellValue = c
  if (isFormula(c)) {
    if (c.result === null) return fail(`${what}单元格是公式（${c.formula}）且没有计算结果，请改为文字`)
    v = c.result
  }
  if (typeof v === 'string') return ok(v.trim() === '' ? null : v.trim())
  if (typeof v === 'number') return ok(numberText(v))
  if (v instanceof Date) return fail(`${what}不能是日期`)
  return fail(`${what}无法识别`)
}

/** A key column (科目编码, 凭证号): as text, but never from a formula. */
export function keyTextOf(c: CellValue, what: string): Converted<string | null> {
  if (isFormula(c)) return fail(`${what}单元格含公式（${c.formula}），请改为直接填写`)
  return textOf(c, what)
}

// —— amounts ——

const FULL_WIDTH = /[\uff10-\uff19\uff0c\uff0e\uff0d\uff0b]/

/**
 * An amount cell as signed 分: blank = 0; numbers through their shortest decimal text (so 106985.125 and
 * 0.30000000000000004 are refused, never rounded); text through the strict `parseYuan` (thousands separators
 * allowed; exponent, full-width digits, currency signs refused). Formulas and error cells are refused.
 */
export function amountOf(c: CellValue): Converted<Fen> {
  if (isBlank(c)) return ok(0)
  if (isFormula(c)) {
    let r = '没有计算结果'
    if (c.result !== null) {
      const cached = typeof c.result === 'number' ? amountFromNumber(c.result) : null
      r = `缓存结果 ${cached?.ok ? formatFen(cached.value) : describeCell(c.result)}`
    }
    return fail(`金额单元格含公式（${c.formula}，${r}），请将公式转为数值后再导入`)
  }
  const p = cellProblem(c, '金额')
  if (p) return fail(p)
  if (c instanceof Date) return fail('金额格式不正确：单元格是日期')
  if (typeof c === 'number') return amountFromNumber(c)
  if (typeof c === 'string') {
    const t = c.trim()
    const r = parseYuan(t)
    if (r.ok) return ok(r.fen)
    if (FULL_WIDTH.test(t)) return fail(`金额格式不正确：“${t}”含全角字符，请改为半角数字`)
    if (/超过两位小数/.test(r.reason)) return fail(`金额超过两位小数：“${t}”（不会四舍五入）`)
    if (/超出允许范围/.test(r.reason)) return fail(`金额超出允许范围：“${t}”`)
    return fail(`金额格式不正确：“${t}”（应为数字，最多两位小数，可带千分位逗号）`)
  }
  return fail('金额格式不正确')
}

const PLAIN_NUMBER = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/

export function amountFromNumber(n: number): Converted<Fen> {
  if (!Number.isFinite(n)) return fail('金额格式不正确')
  const text = numberText(n)
  const m = PLAIN_NUMBER.exec(text)
  if (m) {
    // the common case without decimal.js: at most 13 + 2 digits, exact as an integer
    const fen = Number.parseInt(`${m[2]}${(m[3] ?? '').padEnd(2, '0')}`, 10)
    return ok(m[1] === '-' && fen !== 0 ? -fen : fen)
  }
  if (/e/i.test(text)) return fail(`金额格式不正确：${text}（数值过大或过小）`)
  const d = new Decimal(text)
  if (d.decimalPlaces() > 2) return fail(`金额超过两位小数：${text}（不会四舍五入）`)
  const fen = d.times(100)
  if (fen.abs().greaterThan(MAX_FEN)) return fail(`金额超出允许范围：${text}`)
  const v = fen.toNumber()
  return ok(v === 0 ? 0 : v)
}

// —— integers ——

/** A small count (附单据数): blank → null; a whole number 0…max as number or text. */
export function countOf(c: CellValue, what: string, max: number): Converted<number | null> {
  if (isBlank(c)) return ok(null)
  if (isFormula(c)) return fail(`${what}单元格含公式（${c.formula}），请改为数字`)
  const p = cellProblem(c, what)
  if (p) return fail(p)
  let text: string
  if (typeof c === 'number') text = numberText(c)
  else if (typeof c === 'string') text = c.trim()
  else return fail(`${what}应为整数`)
  if (!/^\d{1,9}$/.test(text)) return fail(`${what}应为不小于 0 的整数：“${text}”`)
  const n = Number.parseInt(text, 10)
  if (n > max) return fail(`${what}不能超过 ${max}：“${text}”`)
  return ok(n)
}

// —— dates ——

const DAY_MS = 86_400_000

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/**
 * An Excel date serial (the day part) as YYYY-MM-DD. The 1900 system counts the non-existent 1900-02-29
 * as serial 60 (Lotus' leap-year bug): 1–59 are 1900-01-01…02-28, 60 is refused, 61 on is one day less.
 * The 1904 system counts from 1904-01-01 = 0.
 */
export function excelSerialToDate(serial: number, date1904: boolean): Converted<string> {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1)) return fail(`日期无效：Excel 日期序号 ${numberText(serial)}`)
  const day = Math.floor(serial)
  let ms: number
  if (date1904) ms = Date.UTC(1904, 0, 1) + day * DAY_MS
  else if (day === 60) return fail('日期无效：Excel 日期序号 60 对应不存在的 1900-02-29（Excel 1900 闰年错误）')
  else ms = (day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)) + day * DAY_MS
  const d = new Date(ms)
  const text = ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
  if (!isValidDate(text)) return fail(`日期无效：${text}`)
  return ok(text)
}

const DATE_FORMS: RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
  /^(\d{4})(\d{2})(\d{2})$/,
]

export const DATE_HINT = '可用 2024-03-05、2024/3/5、2024年3月5日、20240305 或 Excel 日期'

/** A date written as text: the forms above only, checked against the calendar (2024-02-30 is refused). */
export function dateFromText(text: string): Converted<string> {
  const t = text.trim()
  for (const re of DATE_FORMS) {
    const m = re.exec(t)
    if (!m) continue
    const iso = ymd(Number.parseInt(m[1] as string, 10), Number.parseInt(m[2] as string, 10), Number.parseInt(m[3] as string, 10))
    return isValidDate(iso) ? ok(iso) : fail(`日期无效：${t}`)
  }
  return fail(`日期格式不正确：“${t}”（${DATE_HINT}）`)
}

/** A date cell: an Excel date or serial (the file's 1900/1904 system), 20240305 as a number, or text. */
export function dateOf(c: CellValue, date1904: boolean): Converted<string | null> {
  if (isBlank(c)) return ok(null)
  if (isFormula(c)) return fail(`日期单元格含公式（${c.formula}），请改为日期值后再导入`)
  const p = cellProblem(c, '日期')
  if (p) return fail(p)
  if (c instanceof Date) {
    // exceljs builds dates at UTC midnight: read them back with the UTC getters, never the local ones
    const iso = ymd(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate())
    return isValidDate(iso) ? ok(iso) : fail(`日期无效：${iso}`)
  }
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 29991231) return dateFromText(String(c))
    return excelSerialToDate(c, date1904)
  }
  if (typeof c === 'string') return dateFromText(c)
  return fail('日期格式不正确')
}

// —— addresses ——

export function columnLetter(col: number): string {
  let n = col
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

export function columnNumber(letters: string): number {
  let n = 0
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

export interface CellRange {
  ref: string
  top: number
  left: number
  bottom: number
  right: number
}

export function parseRange(ref: string): CellRange | null {
  const m = /^([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?$/.exec(ref.toUpperCase())
  if (!m) return null
  const left = columnNumber(m[1] as string)
  const top = Number.parseInt(m[2] as string, 10)
  const right = m[3] ? columnNumber(m[3]) : left
  const bottom = m[4] ? Number.parseInt(m[4], 10) : top
  return { ref: ref.toUpperCase(), top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: Math.min(left, right), right: Math.max(left, right) }
}
