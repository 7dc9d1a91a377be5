import { describe, expect, it } from 'vitest'
import { businessDaysBetween, reconcileBank, statementChainBreaks, type BookLine, type StatementLine } from '../../../shared/campaign/bankReconciliation'

const book = (date: string, debit: number, credit: number, label = '记-0001', summary = '摘要'): BookLine => ({ date, voucherLabel: label, summary, debit, credit })
const bank = (date: string, inflow: number, outflow: number, balance: number | null = null, serial: string | null = null): StatementLine => ({
  date,
  summary: '交易',
  inflow,
  outflow,
  balance,
  counterparty: null,
  serial,
})

describe('businessDaysBetween', () => {
  it('counts Monday to Friday after the first date up to the second, signed', () => {
    expect(businessDaysBetween('2024-12-20', '2024-12-20')).toBe(0)
    expect(businessDaysBetween('2024-12-20', '2024-12-23')).toBe(1) // Friday → Monday
    expect(businessDaysBetween('2024-12-23', '2024-12-20')).toBe(-1)
    expect(businessDaysBetween('2024-12-21', '2024-12-22')).toBe(0) // Saturday → Sunday
    expect(businessDaysBetween('2024-12-02', '2024-12-16')).toBe(10)
    expect(businessDaysBetween('2024-12-31', '2025-01-02')).toBe(2)
  })
})

describe('reconcileBank', () => {
  it('matches by direction and amount within the window and lists the four kinds of items', () => {
    const r = reconcileBank({
      bookOpening: 100_000,
      bookLines: [book('2024-12-02', 5_000, 0), book('2024-12-03', 0, 2_000), book('2024-12-30', 1_000, 0, '记-0003'), book('2024-12-31', 0, 700, '记-0004')],
      statementOpening: 100_000,
      statementClosing: 100_000 + 5_000 - 2_000 + 300 - 40,
      statementLines: [bank('2024-12-02', 5_000, 0), bank('2024-12-04', 0, 2_000), bank('2024-12-21', 300, 0), bank('2024-12-21', 0, 40)],
    })
    expect(r.matches).toEqual([
      { book: 0, statement: 0, amount: 5_000, direction: 'in', businessDays: 0 },
      { book: 1, statement: 1, amount: 2_000, direction: 'out', businessDays: 1 },
    ])
    expect(r.bankReceivedNotBooked.map((x) => x.amount)).toEqual([300])
    expect(r.bankPaidNotBooked.map((x) => x.amount)).toEqual([40])
    expect(r.bookReceivedNotBanked.map((x) => [x.line.voucherLabel, x.amount])).toEqual([['记-0003', 1_000]])
    expect(r.bookPaidNotBanked.map((x) => [x.line.voucherLabel, x.amount])).toEqual([['记-0004', 700]])
    expect(r.table).toEqual({
      bookBalance: 103_300,
      bankReceivedNotBooked: 300,
      bankPaidNotBooked: 40,
      bookAdjusted: 103_560,
      statementBalance: 103_260,
      bookReceivedNotBanked: 1_000,
      bookPaidNotBanked: 700,
      statementAdjusted: 103_560,
      agrees: true,
      difference: 0,
    })
    expect(r.statementConsistent).toBe(true)
  })

  it('does not match the same amount in the other direction, or outside the window', () => {
    const r = reconcileBank(
      { bookOpening: 0, bookLines: [book('2024-12-02', 5_000, 0), book('2024-12-02', 0, 3_000)], statementOpening: 0, statementClosing: 0, statementLines: [bank('2024-12-02', 0, 5_000), bank('2024-12-06', 0, 3_000)] },
      { windowBusinessDays: 3 },
    )
    expect(r.matches).toEqual([])
    expect(r.bookReceivedNotBanked).toHaveLength(1)
    expect(r.bookPaidNotBanked).toHaveLength(1)
    expect(r.bankPaidNotBooked).toHaveLength(2)
    expect(r.statementConsistent).toBe(false) // 0 − 8,000 ≠ 0
    const wider = reconcileBank(
      { bookOpening: 0, bookLines: [book('2024-12-02', 0, 3_000)], statementOpening: 0, statementClosing: -3_000, statementLines: [bank('2024-12-06', 0, 3_000)] },
      { windowBusinessDays: 4 },
    )
    expect(wider.matches).toEqual([{ book: 0, statement: 0, amount: 3_000, direction: 'out', businessDays: 4 }])
    expect(wider.table.agrees).toBe(true)
  })

  it('pairs duplicates one to one, closest date first, then in order', () => {
    // three cash withdrawals of 5,000: two on the 11th (book and bank), one on the 16th in the book only the bank a day later
    const r = reconcileBank({
      bookOpening: 0,
      bookLines: [book('2024-12-16', 0, 5_000, 'C'), book('2024-12-11', 0, 5_000, 'A'), book('2024-12-11', 0, 5_000, 'B')],
      statementOpening: 0,
      statementClosing: -15_000,
      statementLines: [bank('2024-12-11', 0, 5_000, null, 's1'), bank('2024-12-11', 0, 5_000, null, 's2'), bank('2024-12-17', 0, 5_000, null, 's3')],
    })
    expect(r.matches.map((m) => [m.book, m.statement, m.businessDays])).toEqual([
      [0, 2, 1],
      [1, 0, 0],
      [2, 1, 0],
    ])
  })

  it('on a tie of distance the earlier book line takes the earlier statement line, and a surplus stays unmatched', () => {
    const r = reconcileBank({
      bookOpening: 0,
      bookLines: [book('2024-12-10', 1_234, 0, 'A'), book('2024-12-12', 1_234, 0, 'B')],
      statementOpening: 0,
      statementClosing: 3 * 1_234,
      statementLines: [bank('2024-12-11', 1_234, 0, null, 'x'), bank('2024-12-11', 1_234, 0, null, 'y'), bank('2024-12-11', 1_234, 0, null, 'z')],
    })
    expect(r.matches.map((m) => [m.book, m.statement])).toEqual([
      [0, 0],
      [1, 1],
    ])
    expect(r.bankReceivedNotBooked.map((x) => x.line.serial)).toEqual(['z'])
    expect(r.table).toMatchObject({ bookBalance: 2_468, bookAdjusted: 3_702, statementAdjusted: 3_702, agrees: true })
  })

  it('never loses a match to a greedy choice (augmenting path)', () => {
    // book A (12-10) reaches both bank lines; book B (12-13) reaches only the first. Greedy by distance gives A the
    // first line (1 day) and leaves B alone; the augmenting path moves A to the second line.
    const r = reconcileBank(
      {
        bookOpening: 0,
        bookLines: [book('2024-12-10', 0, 900, 'A'), book('2024-12-13', 0, 900, 'B')],
        statementOpening: 0,
        statementClosing: -1_800,
        statementLines: [bank('2024-12-11', 0, 900, null, 'p'), bank('2024-12-09', 0, 900, null, 'q')],
      },
      { windowBusinessDays: 2 },
    )
    expect(r.matches.map((m) => [m.book, m.statement])).toEqual([
      [0, 1],
      [1, 0],
    ])
    expect(r.bookPaidNotBanked).toEqual([])
    expect(r.bankPaidNotBooked).toEqual([])
  })

  it('treats a book line by its net (a red reversal −500 on the debit side is money out) and says when the tables do not agree', () => {
    const r = reconcileBank({
      bookOpening: 10_000,
      bookLines: [book('2024-12-05', -500, 0)],
      statementOpening: 10_000,
      statementClosing: 9_000,
      statementLines: [bank('2024-12-05', 0, 500), bank('2024-12-05', 0, 500)],
    })
    expect(r.matches).toHaveLength(1)
    expect(r.table).toMatchObject({ bookBalance: 9_500, bankPaidNotBooked: 500, bookAdjusted: 9_000, statementAdjusted: 9_000, agrees: true })
    const off = reconcileBank({ bookOpening: 10_000, bookLines: [], statementOpening: 10_000, statementClosing: 10_001, statementLines: [] })
    expect(off.table).toMatchObject({ agrees: false, difference: -1 })
  })

  it('matches items carried from last month whatever their date, keeps the others as items, and leaves the balances to this period', () => {
    // at the end of November two cheques (500, 300) were in the book only and interest of 12 in the bank only
    const carriedBookLines = [book('2024-11-28', 0, 500, '记-0040', '支付维修款（支票）'), book('2024-11-29', 0, 300, '记-0041', '支付材料款（支票）')]
    const carriedStatementLines = [bank('2024-11-30', 12, 0)]
    const r = reconcileBank({
      bookOpening: 50_000 - 800, // the book already paid both cheques
      bookLines: [book('2024-12-02', 12, 0, '记-0001', '补记十一月利息'), book('2024-12-10', 0, 1_000, '记-0002')],
      statementOpening: 50_000 + 12,
      statementClosing: 50_000 + 12 - 500 - 1_000,
      statementLines: [bank('2024-12-20', 0, 500), bank('2024-12-10', 0, 1_000)],
      carriedBookLines,
      carriedStatementLines,
    })
    // indexes count the carried lines first
    expect(r.matches.map((m) => [m.book, m.statement, m.amount])).toEqual([
      [0, 1, 500],
      [2, 0, 12],
      [3, 2, 1_000],
    ])
    expect(r.bookPaidNotBanked).toEqual([{ index: 1, line: carriedBookLines[1], amount: 300, carried: true }])
    expect(r.bankReceivedNotBooked).toEqual([])
    expect(r.table).toMatchObject({ bookBalance: 48_212, bookAdjusted: 48_212, statementBalance: 48_512, bookPaidNotBanked: 300, statementAdjusted: 48_212, agrees: true })
    // without the carried items the cleared cheque would be a bank payment the book has not made
    const bare = reconcileBank({ ...{ bookOpening: 49_200, statementOpening: 50_012, statementClosing: 48_512 }, bookLines: [book('2024-12-10', 0, 1_000)], statementLines: [bank('2024-12-20', 0, 500), bank('2024-12-10', 0, 1_000)] })
    expect(bare.bankPaidNotBooked.map((x) => [x.amount, x.carried])).toEqual([[500, false]])
    expect(bare.table.agrees).toBe(false)
  })

  it('refuses a negative window', () => {
    expect(() => reconcileBank({ bookOpening: 0, bookLines: [], statementOpening: 0, statementClosing: 0, statementLines: [] }, { windowBusinessDays: -1 })).toThrow(/日期容差/)
  })
})

describe('statementChainBreaks', () => {
  it('accepts a chaining balance (blank balances carry the computed one) and names each break', () => {
    expect(statementChainBreaks(1_000, [bank('2024-12-01', 500, 0, 1_500), bank('2024-12-02', 0, 200, null), bank('2024-12-03', 0, 300, 1_000)])).toEqual([])
    const breaks = statementChainBreaks(1_000, [bank('2024-12-01', 500, 0, 1_500), bank('2024-12-02', 0, 200, 1_200), bank('2024-12-03', 0, 300, 1_000)])
    expect(breaks.map((b) => [b.index, b.expected, b.actual])).toEqual([
      [1, 1_300, 1_200],
      [2, 900, 1_000],
    ])
    expect(breaks[0]?.message).toBe('余额 12.00 与上一笔余额 15.00 + 收入 0.00 − 支出 2.00 = 13.00 不符')
  })
})
