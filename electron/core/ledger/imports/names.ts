/**
 * Small text rules shared by the importers: how names are compared, what a voucher number may look like,
 * which texts are refused.
 */

// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f]/

/** Names compare without spaces and with full-width brackets as half-width: 生产（劳务）成本 = 生产(劳务)成本. */
export function normName(s: string): string {
  return s.replace(/[\s\u3000]/g, '').replace(/（/g, '(').replace(/）/g, ')')
}

/**
 * Does a 科目名称 cell name this account? The leaf name (干部报酬) or the full path (管理费用/干部报酬), with
 * “/”, “\”, “>”, “|” or dashes between the levels.
 */
export function nameMatches(given: string, leafName: string, path: string): boolean {
  const g = normName(given)
  const p = normName(path)
  if (g === normName(leafName) || g === p) return true
  if (g.split(/[/\\>＞|｜]+/).join('/') === p) return true
  return g.split(/[/\\>＞|｜\-－—_]+/).join('/') === p
}

export interface VoucherNo {
  word: string
  no: number
}

/** 记-12, 记12, 记-0012, 12, 记字第12号, 收-3 → word and number; null when it is none of these. */
export function parseVoucherNo(text: string): VoucherNo | null {
  const m = /^(?:([\u4e00-\u9fa5]{1,2}?)字?\s*[-－—_·.]?\s*)?(?:第\s*)?(\d{1,6})\s*号?$/.exec(text.trim())
  if (!m) return null
  const no = Number.parseInt(m[2] as string, 10)
  if (no < 1) return null
  return { word: m[1] ?? '记', no }
}

export function voucherNoLabel(v: VoucherNo): string {
  return `${v.word}-${String(v.no).padStart(4, '0')}`
}

const TOTAL_WORDS = new Set(['合计', '总计', '合计数', '本期合计'])

export function isTotalText(s: string | null | undefined): boolean {
  return s !== null && s !== undefined && TOTAL_WORDS.has(s.replace(/[\s\u3000]/g, ''))
}
