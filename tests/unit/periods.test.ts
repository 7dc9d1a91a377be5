import { describe, expect, it } from 'vitest'
import { daysInMonth, isValidDate, isValidPeriod, periodOfDate } from '../../shared/periods'

describe('dates and periods', () => {
  it('accepts real dates and leap days', () => {
    expect(isValidDate('2024-02-29')).toBe(true)
    expect(isValidDate('2000-02-29')).toBe(true)
    expect(isValidDate('2024-12-31')).toBe(true)
  })
  it('refuses impossible dates instead of rolling them over', () => {
    for (const d of ['2023-02-29', '1900-02-29', '2023-02-30', '2023-13-01', '2023-00-10', '2023-04-31', '2023-1-5', '20230105', '2023/01/05', '']) {
      expect(isValidDate(d), d).toBe(false)
    }
  })
  it('checks periods', () => {
    expect(isValidPeriod('2024-01')).toBe(true)
    for (const p of ['2024-13', '2024-00', '2024-1', '24-01', '2024-01-01']) expect(isValidPeriod(p), p).toBe(false)
    expect(periodOfDate('2024-03-05')).toBe('2024-03')
    expect(daysInMonth(2024, 2)).toBe(29)
    expect(daysInMonth(2023, 2)).toBe(28)
  })
})
