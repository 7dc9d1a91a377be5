import { describe, expect, it } from 'vitest'
import { ageFifo, bucketOf, yearsBefore } from '../../../shared/registers/ageing'

describe('债权债务账龄: first in, first out', () => {
  it('buckets by whole years before the date; exactly one year old is 1–2年', () => {
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28')
    expect(yearsBefore('2024-02-29', 4)).toBe('2020-02-29')
    expect(bucketOf('2024-01-01', '2024-12-31')).toBe('within1')
    expect(bucketOf('2023-12-31', '2024-12-31')).toBe('y1to2')
    expect(bucketOf('2022-12-31', '2024-12-31')).toBe('y2to3')
    expect(bucketOf('2021-12-31', '2024-12-31')).toBe('over3')
  })

  it('a payment settles the oldest increases: what stays open is the latest', () => {
    const a = ageFifo(
      [
        { date: '2020-06-30', amount: 100_00 },
        { date: '2022-06-30', amount: 300_00 },
        { date: '2024-03-01', amount: 200_00 },
        { date: '2024-09-01', amount: -250_00 }, // settles 2020 in full and 150 of 2022
      ],
      '2024-12-31',
    )
    expect(a.balance).toBe(350_00)
    expect(a.buckets).toEqual({ within1: 200_00, y1to2: 0, y2to3: 150_00, over3: 0 })
    expect(a.oldestOpen).toBe('2022-06-30')
  })

  it('a credit item (a payable, or a household in credit on 113) ages its credits; movements after the date are ignored', () => {
    const a = ageFifo(
      [
        { date: '2023-12-31', amount: -1874_00 },
        { date: '2024-05-01', amount: -500_00 },
        { date: '2024-07-01', amount: 300_00 },
        { date: '2025-01-02', amount: 2074_00 },
      ],
      '2024-12-31',
    )
    expect(a.balance).toBe(-2074_00)
    expect(a.buckets).toEqual({ within1: 500_00, y1to2: 1574_00, y2to3: 0, over3: 0 })
  })

  it('an overpayment turns the item round from the day it happened; a settled item has nothing open', () => {
    const over = ageFifo(
      [
        { date: '2021-01-10', amount: 100_00 },
        { date: '2024-02-01', amount: -130_00 },
      ],
      '2024-12-31',
    )
    expect(over).toEqual({ balance: -30_00, buckets: { within1: 30_00, y1to2: 0, y2to3: 0, over3: 0 }, oldestOpen: '2024-02-01' })
    const settled = ageFifo(
      [
        { date: '2021-01-10', amount: 100_00 },
        { date: '2024-02-01', amount: -100_00 },
      ],
      '2024-12-31',
    )
    expect(settled).toEqual({ balance: 0, buckets: { within1: 0, y1to2: 0, y2to3: 0, over3: 0 }, oldestOpen: null })
  })
})
