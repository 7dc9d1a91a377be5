import Decimal from 'decimal.js'

/** Amounts are integers of 分. 10^15 分 (10 万亿元) is far below 2^53, so sums of amounts stay exact. */
export type Fen = number
export const MAX_FEN = 1_000_000_000_000_000

export type ParsedAmount = { ok: true; fen: Fen } | { ok: false; reason: string }

const PLAIN = /^-?\d{1,13}(\.\d{1,2})?$/
const GROUPED = /^-?\d{1,3}(,\d{3}){1,4}(\.\d{1,2})?$/

/**
 * Strict parser of a yuan amount typed or imported as text: digits with at most two decimals, optionally
 * grouped by thousands ("12,345.60"). Never rounds, never accepts 1e3, 0x10, spaces-only or full-width digits.
 */
export function parseYuan(text: string): ParsedAmount {
  const t = text.trim()
  if (t === '') return { ok: false, reason: '金额不能为空' }
  if (!PLAIN.test(t) && !GROUPED.test(t)) {
    if (/^-?[\d,]*\.\d{3,}$/.test(t)) return { ok: false, reason: `金额“${t}”超过两位小数` }
    return { ok: false, reason: `金额“${t}”格式不正确，应为数字，最多两位小数` }
  }
  const fen = new Decimal(t.replaceAll(',', '')).times(100)
  if (fen.abs().greaterThan(MAX_FEN)) return { ok: false, reason: `金额“${t}”超出允许范围` }
  const n = fen.toNumber()
  return { ok: true, fen: n === 0 ? 0 : n }
}

/** "1680.32", "-5.00": the JSON form of an amount (README: amounts as strings of yuan with two decimals). */
export function fenToYuanString(fen: Fen): string {
  if (fen === 0) return '0.00'
  assertFen(fen)
  // integer arithmetic below 2^53 is exact: the remainder, and a multiple of 100 divided by 100 (books print
  // thousands of amounts per call; this is ~50× faster than going through Decimal)
  const abs = Math.abs(fen)
  const cents = abs % 100
  return `${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`
}

/** "1,680.32" for screens and printouts. */
export function formatFen(fen: Fen): string {
  const s = fenToYuanString(fen)
  const neg = s.startsWith('-')
  const [int, dec] = (neg ? s.slice(1) : s).split('.') as [string, string]
  return `${neg ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`
}

/** The number a spreadsheet cell holds for an amount (formatted #,##0.00 there). */
export function fenToCellNumber(fen: Fen): number {
  // the exact decimal text read as a number: the nearest double to the amount, as Decimal's toNumber gives
  return Number(fenToYuanString(fen))
}

export function assertFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen) || Math.abs(fen) > MAX_FEN) throw new RangeError(`不是有效的分金额：${fen}`)
}

/**
 * An amount as SQLite returns it (a column or a `sum()` of INTEGER 分, typed number | bigint | string by the
 * query builder) as a checked integer of 分 — never a float on the way.
 */
export function fenOf(value: unknown): Fen {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : (value ?? 0)
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new RangeError(`不是整数分的金额：${String(value)}`)
  return n
}
