import { formatFen, MAX_FEN, type Fen } from '../money'

/**
 * 现金盘点表 (domain.md §4.1): notes and coins counted by denomination give 实点现金; the book balance on the
 * count day, corrected by what was received or paid but not yet booked (已收未入账 / 已付未入账), gives 调整后应有
 * 余额; the difference is 盘盈 (more cash than the books) or 盘亏. Pure; integer 分.
 */

export type CashForm = 'note' | 'coin'

export interface Denomination {
  /** face value in 分 */
  value: Fen
  form: CashForm
  label: string
}

/** The denominations of the 现金盘点表, in the order printed: notes from 100 元 down, then coins. */
export const DENOMINATIONS: readonly Denomination[] = [
  { value: 10_000, form: 'note', label: '100 元' },
  { value: 5_000, form: 'note', label: '50 元' },
  { value: 2_000, form: 'note', label: '20 元' },
  { value: 1_000, form: 'note', label: '10 元' },
  { value: 500, form: 'note', label: '5 元' },
  { value: 200, form: 'note', label: '2 元' },
  { value: 100, form: 'note', label: '1 元' },
  { value: 50, form: 'note', label: '5 角' },
  { value: 20, form: 'note', label: '2 角' },
  { value: 10, form: 'note', label: '1 角' },
  { value: 100, form: 'coin', label: '1 元（硬币）' },
  { value: 50, form: 'coin', label: '5 角（硬币）' },
  { value: 10, form: 'coin', label: '1 角（硬币）' },
  { value: 5, form: 'coin', label: '5 分（硬币）' },
  { value: 2, form: 'coin', label: '2 分（硬币）' },
  { value: 1, form: 'coin', label: '1 分（硬币）' },
]

export interface CountEntry {
  value: Fen
  form: CashForm
  /** 张数 / 枚数 */
  count: number
}

/** An item received or paid but not yet booked on the count day, with its document. */
export interface UnbookedItem {
  date: string
  summary: string
  amount: Fen
}

export interface CashCountInput {
  counts: readonly CountEntry[]
  /** 盘点日账面余额 (the 101 balance on the count day) */
  bookBalance: Fen
  /** 已收未入账: cash in the till whose receipt is not booked yet */
  receiptsNotBooked: readonly UnbookedItem[]
  /** 已付未入账: cash paid out whose payment is not booked yet */
  paymentsNotBooked: readonly UnbookedItem[]
}

export interface CountLine extends Denomination {
  count: number
  amount: Fen
}

export interface CashCount {
  /** every denomination in printed order, zero counts included */
  lines: CountLine[]
  /** 实点现金 */
  counted: Fen
  bookBalance: Fen
  receiptsNotBooked: Fen
  paymentsNotBooked: Fen
  /** 调整后应有余额 = 账面余额 + 已收未入账 − 已付未入账 */
  adjustedBook: Fen
  /** 实点现金 − 调整后应有余额: positive 盘盈, negative 盘亏 */
  difference: Fen
  result: 'equal' | 'surplus' | 'shortage'
  /** “账实相符”, “盘盈 12.30 元”, “盘亏 12.30 元” */
  resultText: string
}

export interface CashCountIssue {
  path: string
  message: string
}

const MAX_COUNT = 10_000_000

function denominationOf(e: Pick<CountEntry, 'value' | 'form'>): Denomination | undefined {
  return DENOMINATIONS.find((d) => d.value === e.value && d.form === e.form)
}

/** What is wrong with the input, each at its place (empty when it can be computed). */
export function cashCountIssues(input: CashCountInput): CashCountIssue[] {
  const issues: CashCountIssue[] = []
  const seen = new Set<string>()
  input.counts.forEach((e, i) => {
    const d = denominationOf(e)
    if (!d) {
      issues.push({ path: `counts.${i}`, message: `没有面额为 ${formatFen(e.value)} 元的${e.form === 'coin' ? '硬币' : '纸币'}` })
      return
    }
    if (seen.has(d.label)) issues.push({ path: `counts.${i}`, message: `面额 ${d.label} 填写了两次` })
    seen.add(d.label)
    if (!Number.isSafeInteger(e.count) || e.count < 0 || e.count > MAX_COUNT) issues.push({ path: `counts.${i}.count`, message: `${d.label}的张数应为 0 至 ${MAX_COUNT} 的整数：${e.count}` })
  })
  if (!Number.isSafeInteger(input.bookBalance) || Math.abs(input.bookBalance) > MAX_FEN) issues.push({ path: 'bookBalance', message: '账面余额不是有效的金额' })
  for (const [key, what] of [
    ['receiptsNotBooked', '已收未入账'],
    ['paymentsNotBooked', '已付未入账'],
  ] as const) {
    input[key].forEach((it, i) => {
      if (!Number.isSafeInteger(it.amount) || it.amount <= 0 || it.amount > MAX_FEN) issues.push({ path: `${key}.${i}.amount`, message: `${what}第 ${i + 1} 笔的金额应大于 0` })
      if (it.summary.trim() === '') issues.push({ path: `${key}.${i}.summary`, message: `${what}第 ${i + 1} 笔应写明摘要（单据内容）` })
    })
  }
  return issues
}

export function cashCount(input: CashCountInput): CashCount {
  const issues = cashCountIssues(input)
  if (issues.length > 0) throw new RangeError(issues.map((x) => x.message).join('；'))
  const lines: CountLine[] = DENOMINATIONS.map((d) => {
    const count = input.counts.find((e) => e.value === d.value && e.form === d.form)?.count ?? 0
    return { ...d, count, amount: d.value * count }
  })
  const counted = lines.reduce((s, l) => s + l.amount, 0)
  const receiptsNotBooked = input.receiptsNotBooked.reduce((s, x) => s + x.amount, 0)
  const paymentsNotBooked = input.paymentsNotBooked.reduce((s, x) => s + x.amount, 0)
  const adjustedBook = input.bookBalance + receiptsNotBooked - paymentsNotBooked
  const difference = counted - adjustedBook
  const result = difference === 0 ? 'equal' : difference > 0 ? 'surplus' : 'shortage'
  const resultText = result === 'equal' ? '账实相符' : `${result === 'surplus' ? '盘盈' : '盘亏'} ${formatFen(Math.abs(difference))} 元`
  return { lines, counted, bookBalance: input.bookBalance, receiptsNotBooked, paymentsNotBooked, adjustedBook, difference, result, resultText }
}

/** The fewest notes (then coins) that make up an amount: how a till holding exactly that much is counted. */
export function countsMakingUp(amount: Fen): CountEntry[] {
  const out: CountEntry[] = []
  let left = amount
  for (const d of DENOMINATIONS) {
    if (left <= 0) break
    // 1 元 and 5 角 are counted as notes; their coins only take what the notes cannot (none, here)
    const n = Math.floor(left / d.value)
    if (n > 0) {
      out.push({ value: d.value, form: d.form, count: n })
      left -= n * d.value
    }
  }
  return out
}
