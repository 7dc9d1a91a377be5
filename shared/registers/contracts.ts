import Decimal from 'decimal.js'
import { addDays, daysBetween, daysInMonth } from '../periods'
import { formatFen, type Fen } from '../money'

/**
 * 合同 (contracts): the words of the register and the collection schedule (收款计划). Pure: no Node, no SQL.
 *
 * The schedule: instalments of 1, 3, 6 or 12 months from the start date (or one for the whole term), each due
 * on the first day of its period (rent is paid in advance). An instalment's amount is the annual charge of the
 * months it covers — escalated by a percent or an amount every N months from the start — rounded half up to the
 * 分. Without an annual charge the contract amount is spread over the term by months, the rounding remainder on
 * the last instalment. A schedule always sums to the contract amount: when the annual charge and escalation give
 * another total the caller decides (refuse, or let the last instalment absorb the difference).
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP })

export const CONTRACT_KINDS = ['contracting', 'lease', 'transfer', 'sale', 'construction', 'purchase', 'loan'] as const
export type ContractKind = (typeof CONTRACT_KINDS)[number]
export const CONTRACT_KIND_LABELS: Record<ContractKind, string> = {
  contracting: '发包',
  lease: '出租',
  transfer: '出让',
  sale: '出售',
  construction: '工程',
  purchase: '采购',
  loan: '借款',
}
export const CONTRACT_KIND_WORDS: Record<string, ContractKind> = {
  ...Object.fromEntries(Object.entries(CONTRACT_KIND_LABELS).map(([k, v]) => [v, k as ContractKind])),
  承包: 'contracting',
  租赁: 'lease',
  工程施工: 'construction',
  购销: 'purchase',
  借贷: 'loan',
}

export const CONTRACT_DIRECTIONS = ['receivable', 'payable'] as const
export type ContractDirection = (typeof CONTRACT_DIRECTIONS)[number]
export const CONTRACT_DIRECTION_LABELS: Record<ContractDirection, string> = { receivable: '收款', payable: '付款' }
/** the village collects on what it lets out or sells, and pays for works, purchases and loans it takes */
export function defaultDirection(kind: ContractKind): ContractDirection {
  return kind === 'construction' || kind === 'purchase' || kind === 'loan' ? 'payable' : 'receivable'
}

export const CONTRACT_STATUSES = ['active', 'terminated', 'completed'] as const
export type ContractStatus = (typeof CONTRACT_STATUSES)[number]
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = { active: '履行中', terminated: '已终止', completed: '已履行完毕' }

export const FREQUENCIES = ['monthly', 'quarterly', 'halfYearly', 'yearly', 'once'] as const
export type Frequency = (typeof FREQUENCIES)[number]
export const FREQUENCY_LABELS: Record<Frequency, string> = { monthly: '按月', quarterly: '按季', halfYearly: '按半年', yearly: '按年', once: '一次性' }
export const FREQUENCY_WORDS: Record<string, Frequency> = {
  ...Object.fromEntries(Object.entries(FREQUENCY_LABELS).map(([k, v]) => [v, k as Frequency])),
  每月: 'monthly',
  月付: 'monthly',
  按季度: 'quarterly',
  每季: 'quarterly',
  季付: 'quarterly',
  每半年: 'halfYearly',
  半年付: 'halfYearly',
  每年: 'yearly',
  年付: 'yearly',
  一次性收取: 'once',
  一次付清: 'once',
  一次性付清: 'once',
}
const PERIOD_MONTHS: Record<Exclude<Frequency, 'once'>, number> = { monthly: 1, quarterly: 3, halfYearly: 6, yearly: 12 }

export type Escalation = { kind: 'none' } | { kind: 'percent'; basisPoints: number; everyMonths: number } | { kind: 'amount'; fen: Fen; everyMonths: number }

export const NO_ESCALATION: Escalation = { kind: 'none' }

/** the longest term a schedule is made for (土地经营权 up to 30 years, 出让 up to 70) */
export const MAX_TERM_MONTHS = 1200

// —— dates ——

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))]
}

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** the date n months after, the day kept or cut to the month's last (01-31 + 1 month = 02-28/29) */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = parts(date)
  const total = y * 12 + (m - 1) + n
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)))
}

/**
 * The term in months, counted from the start: whole months while start + n months − 1 day ≤ end, then the
 * days left as a fraction of the next month-long step. 2022-03-01 … 2025-02-28 is exactly 36.
 */
export function termMonths(startOn: string, endOn: string): Decimal {
  const after = addDays(endOn, 1)
  let n = 0
  // months are counted from the start each time (no drift on the 31st)
  while (addMonths(startOn, n + 1) <= after) n++
  const from = addMonths(startOn, n)
  if (from === after) return new D(n)
  const step = daysBetween(from, addMonths(startOn, n + 1))
  return new D(n).plus(new D(daysBetween(from, after)).dividedBy(step))
}

// —— escalation ——

/**
 * 递增 as ledgers write it: 无 / 不递增, 每年递增3%, 每5年递增10%, 每6个月递增2%, 每2年递增1000元.
 * A percent has at most 2 decimals (kept in basis points), an amount at most 2 (kept in 分).
 */
export function parseEscalation(text: string | null): { ok: true; value: Escalation } | { ok: false; reason: string } {
  const t = (text ?? '').trim().replace(/\s/g, '').replace(/％/g, '%')
  if (t === '' || t === '无' || t === '不递增' || t === '否' || t === '-' || t === '—') return { ok: true, value: NO_ESCALATION }
  const m = /^每(\d{0,3})(年|个月|月)(?:递增|增加|上浮|上涨)(\d+(?:\.\d+)?)(%|元)$/.exec(t)
  if (!m) return { ok: false, reason: `递增应写作“无”“每年递增3%”“每5年递增10%”“每2年递增1000元”之类（不能是“${t}”）` }
  const count = m[1] === '' ? 1 : Number(m[1])
  const everyMonths = m[2] === '年' ? count * 12 : count
  if (everyMonths < 1 || everyMonths > 600) return { ok: false, reason: `递增间隔应在 1 个月到 50 年之间（“${t}”）` }
  const number = new D(m[3] as string)
  if (number.decimalPlaces() > 2) return { ok: false, reason: `递增${m[4] === '%' ? '比例' : '金额'}最多 2 位小数（“${t}”）` }
  if (number.isZero()) return { ok: true, value: NO_ESCALATION }
  if (m[4] === '%') {
    if (number.greaterThan(100)) return { ok: false, reason: `递增比例 ${m[3]}% 超出合理范围（不超过 100%）` }
    return { ok: true, value: { kind: 'percent', basisPoints: number.times(100).toNumber(), everyMonths } }
  }
  if (number.greaterThan('100000000')) return { ok: false, reason: `递增金额 ${m[3]} 元超出合理范围` }
  return { ok: true, value: { kind: 'amount', fen: number.times(100).toNumber(), everyMonths } }
}

export function escalationText(e: Escalation): string {
  if (e.kind === 'none') return '无'
  const every = e.everyMonths % 12 === 0 ? (e.everyMonths === 12 ? '每年' : `每${e.everyMonths / 12}年`) : `每${e.everyMonths}个月`
  return e.kind === 'percent' ? `${every}递增${new D(e.basisPoints).dividedBy(100).toFixed()}%` : `${every}递增${new D(e.fen).dividedBy(100).toFixed()}元`
}

/** the annual charge in the k-th escalation step (k = 0 for the first N months), exact */
function annualCharge(base: Fen, e: Escalation, k: number): Decimal {
  if (e.kind === 'none' || k === 0) return new D(base)
  if (e.kind === 'amount') return new D(base).plus(new D(e.fen).times(k))
  return new D(base).times(new D(1).plus(new D(e.basisPoints).dividedBy(10_000)).pow(k))
}

// —— the schedule ——

export interface ScheduleTerms {
  startOn: string
  endOn: string
  frequency: Frequency
  /** the whole term's amount; without `annualAmount` it is spread over the term by months */
  amount: Fen
  /** 年租金(首年): the first year's annual charge; needed with an escalation */
  annualAmount: Fen | null
  escalation: Escalation
}

export interface Instalment {
  seq: number
  dueOn: string
  amount: Fen
  /** the period it pays for: 2024-01-01至2024-06-30 */
  label: string
}

export type ScheduleResult = { ok: true; instalments: Instalment[]; total: Fen } | { ok: false; reason: string }

interface Slice {
  from: string
  to: string
  /** month offsets from the start, [a, b) */
  a: Decimal
  b: Decimal
}

function slices(t: ScheduleTerms, months: Decimal): Slice[] {
  if (t.frequency === 'once') return [{ from: t.startOn, to: t.endOn, a: new D(0), b: months }]
  const p = PERIOD_MONTHS[t.frequency]
  const out: Slice[] = []
  for (let i = 0; new D(i * p).lessThan(months); i++) {
    const from = addMonths(t.startOn, i * p)
    const nextFrom = addMonths(t.startOn, (i + 1) * p)
    const to = addDays(nextFrom, -1) < t.endOn ? addDays(nextFrom, -1) : t.endOn
    out.push({ from, to, a: new D(i * p), b: D.min(new D((i + 1) * p), months) })
  }
  return out
}

/** the charge of the months [a, b) of the term, in 分, exact: Σ over the escalation steps it overlaps */
function chargeOf(base: Fen, e: Escalation, a: Decimal, b: Decimal): Decimal {
  if (e.kind === 'none') return new D(base).times(b.minus(a)).dividedBy(12)
  let sum = new D(0)
  const n = e.everyMonths
  for (let k = a.dividedToIntegerBy(n).toNumber(); new D(k * n).lessThan(b); k++) {
    const lo = D.max(a, new D(k * n))
    const hi = D.min(b, new D((k + 1) * n))
    if (hi.greaterThan(lo)) sum = sum.plus(annualCharge(base, e, k).times(hi.minus(lo)).dividedBy(12))
  }
  return sum
}

export function checkTerms(t: ScheduleTerms): string | null {
  if (t.endOn < t.startOn) return `终止日期 ${t.endOn} 早于起始日期 ${t.startOn}`
  if (t.amount <= 0) return '合同金额必须大于 0'
  if (t.annualAmount !== null && t.annualAmount <= 0) return '年租金(首年)必须大于 0'
  if (t.escalation.kind !== 'none' && t.annualAmount === null) return '有递增约定的合同须填写首年年租金，才能生成逐年递增的收款计划'
  if (termMonths(t.startOn, t.endOn).greaterThan(MAX_TERM_MONTHS)) return `合同期限超过 ${MAX_TERM_MONTHS / 12} 年`
  return null
}

/** The collection schedule of a contract's terms (see the module comment); refuses impossible terms. */
export function generateSchedule(t: ScheduleTerms): ScheduleResult {
  const problem = checkTerms(t)
  if (problem) return { ok: false, reason: problem }
  const months = termMonths(t.startOn, t.endOn)
  const parts = slices(t, months)
  let amounts: Fen[]
  if (t.annualAmount !== null) {
    const base = t.annualAmount
    amounts = parts.map((s) => chargeOf(base, t.escalation, s.a, s.b).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber())
  } else {
    // the amount over the term by months, the remainder on the last instalment
    amounts = parts.map((s) => new D(t.amount).times(s.b.minus(s.a)).dividedBy(months).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber())
    const others = amounts.slice(0, -1).reduce((x, y) => x + y, 0)
    amounts[amounts.length - 1] = t.amount - others
  }
  if (amounts.some((a) => a <= 0)) return { ok: false, reason: '合同金额过小，分期后有一期金额不足 0.01 元，请改用一次性收款或更长的收款间隔' }
  const instalments = parts.map((s, i) => ({ seq: i + 1, dueOn: s.from, amount: amounts[i] as Fen, label: `${s.from}至${s.to}` }))
  return { ok: true, instalments, total: amounts.reduce((x, y) => x + y, 0) }
}

/**
 * The schedule moved to sum to `amount`: the difference on the last instalment. Null when the last would not
 * stay above zero.
 */
export function absorbDifference(instalments: readonly Instalment[], amount: Fen): Instalment[] | null {
  const total = instalments.reduce((s, i) => s + i.amount, 0)
  const last = instalments[instalments.length - 1]
  if (!last) return null
  const adjusted = last.amount + (amount - total)
  if (adjusted <= 0) return null
  return [...instalments.slice(0, -1), { ...last, amount: adjusted }]
}

/** A schedule typed by hand: every instalment within the term, amounts above zero, summing to the amount. */
export function checkSchedule(instalments: readonly { dueOn: string; amount: Fen }[], t: { startOn: string; endOn: string; amount: Fen }): string | null {
  if (instalments.length === 0) return '收款计划不能为空'
  for (const [i, x] of instalments.entries()) {
    if (x.amount <= 0) return `收款计划第 ${i + 1} 期金额必须大于 0`
    if (x.dueOn < t.startOn || x.dueOn > t.endOn) return `收款计划第 ${i + 1} 期的应收日期 ${x.dueOn} 不在合同期限（${t.startOn} 至 ${t.endOn}）内`
  }
  const total = instalments.reduce((s, x) => s + x.amount, 0)
  if (total !== t.amount) return `收款计划合计 ${formatFen(total)} 与合同金额 ${formatFen(t.amount)} 不符（相差 ${formatFen(t.amount - total)}）`
  return null
}

// —— what is due and what is owed ——

export interface DueInstalment {
  dueOn: string
  amount: Fen
}

/** Σ of the instalments due by the end of `date` (none after the day a terminated contract ended). */
export function dueBy(schedule: readonly DueInstalment[], date: string, endedOn: string | null): Fen {
  let sum = 0
  for (const i of schedule) if (i.dueOn <= date && (endedOn === null || i.dueOn <= endedOn)) sum += i.amount
  return sum
}

/**
 * What is overdue at `date` given the receipts so far: the receipts pay the oldest instalments first; the
 * oldest instalment not fully paid gives the date the arrears started.
 */
export function arrears(schedule: readonly DueInstalment[], received: Fen, date: string, endedOn: string | null): { outstanding: Fen; since: string | null; instalments: number } {
  let paid = received
  let since: string | null = null
  let count = 0
  let outstanding = 0
  for (const i of [...schedule].sort((a, b) => a.dueOn.localeCompare(b.dueOn))) {
    if (i.dueOn > date || (endedOn !== null && i.dueOn > endedOn)) break
    const covered = Math.min(paid, i.amount)
    paid -= covered
    if (covered < i.amount) {
      outstanding += i.amount - covered
      since ??= i.dueOn
      count++
    }
  }
  return { outstanding, since, instalments: count }
}
