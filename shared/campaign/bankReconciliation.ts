import { fenOf, formatFen, type Fen } from '../money'
import { isValidDate } from '../periods'

/**
 * 银行存款余额调节表 (domain.md §4.2): the bank journal of one account against the bank's statement for the
 * same period. Lines are matched one to one by direction and amount with dates at most N business days apart
 * (closest date first, then the order of the lines); what stays unmatched are the four kinds of reconciling
 * items, and both adjusted balances must agree. Pure: integer 分 in, integer 分 out.
 */

/** One posted line of the bank account (debit = money in, credit = money out). */
export interface BookLine {
  date: string
  voucherLabel: string | null
  summary: string
  debit: Fen
  credit: Fen
}

/** One transaction of the bank statement (收入 = money in, 支出 = money out). */
export interface StatementLine {
  date: string
  summary: string
  inflow: Fen
  outflow: Fen
  /** the running balance after the transaction, when the statement gives it */
  balance: Fen | null
  counterparty: string | null
  serial: string | null
  /** the spreadsheet row it was read from, when read from a file */
  row?: number
}

export interface ReconcileInput {
  /** balance of the account (debit positive) before the first book line */
  bookOpening: Fen
  bookLines: readonly BookLine[]
  statementOpening: Fen
  statementClosing: Fen
  statementLines: readonly StatementLine[]
  /**
   * reconciling items left over from the previous reconciliation (企业已收/已付银行未收/未付 of earlier months on the
   * book side, 银行已收/已付企业未收/未付 on the bank side): they take part in the matching, whatever their date,
   * but not in this period's balances; those still unmatched stay reconciling items
   */
  carriedBookLines?: readonly BookLine[]
  carriedStatementLines?: readonly StatementLine[]
}

export interface ReconcileOptions {
  /** the largest distance in business days (Monday to Friday) between the book date and the bank date; default 3 */
  windowBusinessDays?: number
}

/** Indexes count the carried lines first, then the period's lines (without carried lines: the period's index). */
export interface Match {
  book: number
  statement: number
  amount: Fen
  direction: 'in' | 'out'
  /** business days from the book date to the bank date (negative: the bank was earlier) */
  businessDays: number
}

export interface BookItem {
  index: number
  line: BookLine
  amount: Fen
  /** left over from an earlier reconciliation */
  carried: boolean
}

export interface StatementItem {
  index: number
  line: StatementLine
  amount: Fen
  carried: boolean
}

export interface ReconciliationTable {
  /** 银行存款日记账余额 */
  bookBalance: Fen
  /** 加：银行已收、单位未收 */
  bankReceivedNotBooked: Fen
  /** 减：银行已付、单位未付 */
  bankPaidNotBooked: Fen
  bookAdjusted: Fen
  /** 银行对账单余额 */
  statementBalance: Fen
  /** 加：单位已收、银行未收 */
  bookReceivedNotBanked: Fen
  /** 减：单位已付、银行未付 */
  bookPaidNotBanked: Fen
  statementAdjusted: Fen
  agrees: boolean
  /** bookAdjusted − statementAdjusted */
  difference: Fen
}

export interface Reconciliation {
  matches: Match[]
  /** 银行已收企业未收: statement receipts without a book line */
  bankReceivedNotBooked: StatementItem[]
  /** 银行已付企业未付 */
  bankPaidNotBooked: StatementItem[]
  /** 企业已收银行未收 */
  bookReceivedNotBanked: BookItem[]
  /** 企业已付银行未付 */
  bookPaidNotBanked: BookItem[]
  table: ReconciliationTable
  /** the statement's own check: opening + Σ收入 − Σ支出 = closing */
  statementConsistent: boolean
}

export const DEFAULT_WINDOW_BUSINESS_DAYS = 3

const DAY_MS = 86_400_000

function dayNumber(date: string): number {
  if (!isValidDate(date)) throw new RangeError(`日期无效：${date}`)
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS
}

/** Monday to Friday after the earlier date up to and including the later one; signed (b before a: negative). */
export function businessDaysBetween(a: string, b: string): number {
  const x = dayNumber(a)
  const y = dayNumber(b)
  const [lo, hi, sign] = x <= y ? [x, y, 1] : [y, x, -1]
  // 1970-01-01 (day 0) was a Thursday: weekday index with Monday = 0
  const weekdaysUpTo = (d: number): number => {
    const weeks = Math.floor((d + 3) / 7)
    const rest = (((d + 3) % 7) + 7) % 7
    return weeks * 5 + Math.min(rest + 1, 5)
  }
  return sign * (weekdaysUpTo(hi) - weekdaysUpTo(lo))
}

type Direction = 'in' | 'out'

function bookMovement(l: BookLine): { direction: Direction; amount: Fen } | null {
  const net = l.debit - l.credit
  if (net === 0) return null
  return net > 0 ? { direction: 'in', amount: net } : { direction: 'out', amount: -net }
}

function statementMovement(l: StatementLine): { direction: Direction; amount: Fen } | null {
  const net = l.inflow - l.outflow
  if (net === 0) return null
  return net > 0 ? { direction: 'in', amount: net } : { direction: 'out', amount: -net }
}

interface Edge {
  book: number
  statement: number
  distance: number
  businessDays: number
}

/**
 * One group (same direction and amount): greedy by (distance, book order, statement order) — the closest dates
 * pair first and equal lines keep their order — then augmenting paths, so that no pair the window allows is lost
 * to a greedy choice (as many matches as possible, each change the smallest).
 */
function matchGroup(edges: Edge[]): Map<number, Edge> {
  edges.sort((p, q) => p.distance - q.distance || p.book - q.book || p.statement - q.statement)
  const byBook = new Map<number, Edge>()
  const byStatement = new Map<number, Edge>()
  for (const e of edges) {
    if (byBook.has(e.book) || byStatement.has(e.statement)) continue
    byBook.set(e.book, e)
    byStatement.set(e.statement, e)
  }
  const adjacency = new Map<number, Edge[]>()
  for (const e of edges) {
    const list = adjacency.get(e.book)
    if (list) list.push(e)
    else adjacency.set(e.book, [e])
  }
  const augment = (book: number, seen: Set<number>): boolean => {
    for (const e of adjacency.get(book) ?? []) {
      if (seen.has(e.statement)) continue
      seen.add(e.statement)
      const holder = byStatement.get(e.statement)
      if (!holder || augment(holder.book, seen)) {
        byBook.set(book, e)
        byStatement.set(e.statement, e)
        return true
      }
    }
    return false
  }
  for (const book of [...adjacency.keys()].sort((a, b) => a - b)) {
    if (!byBook.has(book)) augment(book, new Set())
  }
  return byBook
}

export function reconcileBank(input: ReconcileInput, options: ReconcileOptions = {}): Reconciliation {
  const window = options.windowBusinessDays ?? DEFAULT_WINDOW_BUSINESS_DAYS
  if (!Number.isInteger(window) || window < 0) throw new RangeError(`日期容差应为不小于 0 的整数个工作日：${window}`)

  const groups = new Map<string, { books: number[]; statements: number[] }>()
  const keyOf = (m: { direction: Direction; amount: Fen }): string => `${m.direction}:${m.amount}`
  const group = (k: string) => {
    let g = groups.get(k)
    if (!g) groups.set(k, (g = { books: [], statements: [] }))
    return g
  }
  const carriedBooks = input.carriedBookLines?.length ?? 0
  const carriedStatements = input.carriedStatementLines?.length ?? 0
  const books = [...(input.carriedBookLines ?? []), ...input.bookLines]
  const statements = [...(input.carriedStatementLines ?? []), ...input.statementLines]
  const bookMoves = books.map(bookMovement)
  const statementMoves = statements.map(statementMovement)
  bookMoves.forEach((m, i) => m && group(keyOf(m)).books.push(i))
  statementMoves.forEach((m, j) => m && group(keyOf(m)).statements.push(j))

  const matches: Match[] = []
  const matchedBooks = new Set<number>()
  const matchedStatements = new Set<number>()
  for (const [key, g] of groups) {
    if (g.books.length === 0 || g.statements.length === 0) continue
    const edges: Edge[] = []
    for (const b of g.books) {
      for (const s of g.statements) {
        const bookDate = (books[b] as BookLine).date
        const bankDate = (statements[s] as StatementLine).date
        const bd = businessDaysBetween(bookDate, bankDate)
        // a carried item is a known outstanding one: it may clear any time later (an outstanding cheque)
        const carried = b < carriedBooks || s < carriedStatements
        if (Math.abs(bd) <= window || carried) {
          // calendar days break ties between equal business distances (a Saturday bank date is nearer than Monday's)
          const calendar = Math.abs(dayNumber(bankDate) - dayNumber(bookDate))
          edges.push({ book: b, statement: s, distance: Math.abs(bd) * 1000 + calendar, businessDays: bd })
        }
      }
    }
    const [direction, amount] = key.split(':') as [Direction, string]
    for (const e of matchGroup(edges).values()) {
      matches.push({ book: e.book, statement: e.statement, amount: fenOf(amount), direction, businessDays: e.businessDays })
      matchedBooks.add(e.book)
      matchedStatements.add(e.statement)
    }
  }
  matches.sort((a, b) => a.book - b.book)

  const bankReceivedNotBooked: StatementItem[] = []
  const bankPaidNotBooked: StatementItem[] = []
  statements.forEach((line, index) => {
    const m = statementMoves[index]
    if (!m || matchedStatements.has(index)) return
    ;(m.direction === 'in' ? bankReceivedNotBooked : bankPaidNotBooked).push({ index, line, amount: m.amount, carried: index < carriedStatements })
  })
  const bookReceivedNotBanked: BookItem[] = []
  const bookPaidNotBanked: BookItem[] = []
  books.forEach((line, index) => {
    const m = bookMoves[index]
    if (!m || matchedBooks.has(index)) return
    ;(m.direction === 'in' ? bookReceivedNotBanked : bookPaidNotBanked).push({ index, line, amount: m.amount, carried: index < carriedBooks })
  })

  const sum = (items: readonly { amount: Fen }[]): Fen => items.reduce((s, x) => s + x.amount, 0)
  const bookBalance = input.bookLines.reduce((s, l) => s + l.debit - l.credit, input.bookOpening)
  const table = {
    bookBalance,
    bankReceivedNotBooked: sum(bankReceivedNotBooked),
    bankPaidNotBooked: sum(bankPaidNotBooked),
    statementBalance: input.statementClosing,
    bookReceivedNotBanked: sum(bookReceivedNotBanked),
    bookPaidNotBanked: sum(bookPaidNotBanked),
  }
  const bookAdjusted = table.bookBalance + table.bankReceivedNotBooked - table.bankPaidNotBooked
  const statementAdjusted = table.statementBalance + table.bookReceivedNotBanked - table.bookPaidNotBanked
  const statementNet = input.statementLines.reduce((s, l) => s + l.inflow - l.outflow, 0)
  return {
    matches,
    bankReceivedNotBooked,
    bankPaidNotBooked,
    bookReceivedNotBanked,
    bookPaidNotBanked,
    table: { ...table, bookAdjusted, statementAdjusted, agrees: bookAdjusted === statementAdjusted, difference: bookAdjusted - statementAdjusted },
    statementConsistent: input.statementOpening + statementNet === input.statementClosing,
  }
}

export interface ChainBreak {
  /** index of the line whose balance does not follow */
  index: number
  expected: Fen
  actual: Fen
  message: string
}

/**
 * The running balance of a statement: each line's balance = the previous balance + 收入 − 支出, the first from
 * the opening. Lines without a balance carry the computed one on. Returns the breaks (empty when it chains).
 */
export function statementChainBreaks(opening: Fen, lines: readonly StatementLine[]): ChainBreak[] {
  const breaks: ChainBreak[] = []
  let running = opening
  lines.forEach((l, index) => {
    const expected = running + l.inflow - l.outflow
    if (l.balance !== null && l.balance !== expected) {
      breaks.push({
        index,
        expected,
        actual: l.balance,
        message: `余额 ${formatFen(l.balance)} 与上一笔余额 ${formatFen(running)} + 收入 ${formatFen(l.inflow)} − 支出 ${formatFen(l.outflow)} = ${formatFen(expected)} 不符`,
      })
      running = l.balance
    } else running = expected
  })
  return breaks
}
