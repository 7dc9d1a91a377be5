import { describe, expect, it } from 'vitest'
import { cashCount, cashCountIssues, DENOMINATIONS, type CashCountInput } from '../../../shared/campaign/cashCount'

const base: CashCountInput = {
  counts: [
    { value: 10_000, form: 'note', count: 42 },
    { value: 5_000, form: 'note', count: 3 },
    { value: 1_000, form: 'note', count: 7 },
    { value: 100, form: 'coin', count: 5 },
    { value: 50, form: 'note', count: 1 },
    { value: 10, form: 'coin', count: 3 },
  ],
  bookBalance: 496_333, // 101 on 2024-12-31: 4,963.33
  receiptsNotBooked: [],
  paymentsNotBooked: [],
}

describe('cashCount (现金盘点表)', () => {
  it('totals the counts by denomination in 分 and lists every denomination in printed order', () => {
    const r = cashCount(base)
    expect(r.lines.map((l) => l.label)).toEqual(DENOMINATIONS.map((d) => d.label))
    expect(r.lines.find((l) => l.label === '100 元')).toMatchObject({ count: 42, amount: 420_000 })
    expect(r.lines.find((l) => l.label === '1 元（硬币）')).toMatchObject({ count: 5, amount: 500 })
    expect(r.lines.find((l) => l.label === '1 元')).toMatchObject({ count: 0, amount: 0 })
    // 4200 + 150 + 70 + 5 + 0.5 + 0.3 = 4,425.80
    expect(r.counted).toBe(442_580)
    expect(r).toMatchObject({ adjustedBook: 496_333, difference: 442_580 - 496_333, result: 'shortage', resultText: '盘亏 537.53 元' })
  })

  it('adjusts the book by receipts and payments not yet booked', () => {
    const r = cashCount({
      ...base,
      receiptsNotBooked: [{ date: '2024-12-31', summary: '收到废品变卖款（收据未入账）', amount: 1_253 }],
      paymentsNotBooked: [
        { date: '2024-12-31', summary: '报销打印费（发票未入账）', amount: 35_000 },
        { date: '2024-12-31', summary: '白条：借支差旅费', amount: 20_006 },
      ],
    })
    expect(r).toMatchObject({ receiptsNotBooked: 1_253, paymentsNotBooked: 55_006, adjustedBook: 496_333 + 1_253 - 55_006 })
    // 442,580 vs 442,580: 账实相符
    expect(r).toMatchObject({ adjustedBook: 442_580, difference: 0, result: 'equal', resultText: '账实相符' })
  })

  it('says 盘盈 when there is more cash than the books', () => {
    const r = cashCount({ ...base, bookBalance: 442_000 })
    expect(r).toMatchObject({ difference: 580, result: 'surplus', resultText: '盘盈 5.80 元' })
  })

  it('refuses unknown denominations, duplicates, bad counts and empty items, each at its place', () => {
    const issues = cashCountIssues({
      counts: [
        { value: 10_000, form: 'note', count: 1 },
        { value: 10_000, form: 'note', count: 2 },
        { value: 300, form: 'note', count: 1 },
        { value: 5_000, form: 'coin', count: 1 },
        { value: 2_000, form: 'note', count: 1.5 },
        { value: 1_000, form: 'note', count: -1 },
      ],
      bookBalance: 0.5,
      receiptsNotBooked: [{ date: '2024-12-31', summary: ' ', amount: 0 }],
      paymentsNotBooked: [],
    })
    expect(issues).toEqual([
      { path: 'counts.1', message: '面额 100 元 填写了两次' },
      { path: 'counts.2', message: '没有面额为 3.00 元的纸币' },
      { path: 'counts.3', message: '没有面额为 50.00 元的硬币' },
      { path: 'counts.4.count', message: '20 元的张数应为 0 至 10000000 的整数：1.5' },
      { path: 'counts.5.count', message: '10 元的张数应为 0 至 10000000 的整数：-1' },
      { path: 'bookBalance', message: '账面余额不是有效的金额' },
      { path: 'receiptsNotBooked.0.amount', message: '已收未入账第 1 笔的金额应大于 0' },
      { path: 'receiptsNotBooked.0.summary', message: '已收未入账第 1 笔应写明摘要（单据内容）' },
    ])
    expect(() => cashCount({ ...base, counts: [{ value: 300, form: 'note', count: 1 }] })).toThrow('没有面额为 3.00 元的纸币')
  })
})
