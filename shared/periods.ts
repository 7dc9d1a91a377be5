/** Dates are `YYYY-MM-DD` text and periods `YYYY-MM`; both parsed strictly (V8's Date would roll 02-30 over). */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const PERIOD_RE = /^(\d{4})-(\d{2})$/

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number
}

export function isValidDate(text: string): boolean {
  const m = DATE_RE.exec(text)
  if (!m) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

export function isValidPeriod(text: string): boolean {
  const m = PERIOD_RE.exec(text)
  if (!m) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12
}

export function periodOfDate(date: string): string {
  return date.slice(0, 7)
}

export function nextPeriod(period: string): string {
  const y = Number(period.slice(0, 4))
  const m = Number(period.slice(5, 7))
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

export function previousPeriod(period: string): string {
  const y = Number(period.slice(0, 4))
  const m = Number(period.slice(5, 7))
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

export function yearOf(period: string): number {
  return Number(period.slice(0, 4))
}

export function lastDayOf(period: string): string {
  const y = Number(period.slice(0, 4))
  const m = Number(period.slice(5, 7))
  return `${period}-${String(daysInMonth(y, m)).padStart(2, '0')}`
}

/** 2024-03 → 2024年3月 */
export function periodLabel(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`
}
