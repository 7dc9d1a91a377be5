import { describe, expect, it } from 'vitest'
import { CAMPAIGN_STEPS } from '../../../shared/api/campaignTypes'
import { daysBetween, overdueOf, STEP_ALLOWANCE_DAYS } from '../../../shared/campaign/board'

describe('overdueOf (the district board rule)', () => {
  it('allows 10, 15, 20, 15, 10 and 7 days for 清理 … 上报: 77 days from 12-31 end before the 3-31 due date', () => {
    expect(CAMPAIGN_STEPS.map((s) => STEP_ALLOWANCE_DAYS[s])).toEqual([10, 15, 20, 15, 10, 7])
    expect(daysBetween('2024-12-31', '2025-03-31')).toBe(90)
    expect(CAMPAIGN_STEPS.reduce((a, s) => a + STEP_ALLOWANCE_DAYS[s], 0)).toBeLessThan(90)
  })

  it('counts whole calendar days from the day the step was entered, across months and a leap day', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1)
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1)
    expect(overdueOf({ step: 'verification', enteredOn: '2025-01-10', reported: false, today: '2025-01-10' })).toEqual({ overdue: false, daysInStep: 0, allowanceDays: 20, reason: null })
  })

  it('is overdue only past the allowance: the last allowed day is not overdue', () => {
    expect(overdueOf({ step: 'verification', enteredOn: '2025-01-10', reported: false, today: '2025-01-30' })).toMatchObject({ overdue: false, daysInStep: 20 })
    expect(overdueOf({ step: 'verification', enteredOn: '2025-01-10', reported: false, today: '2025-01-31' })).toMatchObject({ overdue: true, daysInStep: 21, reason: '核实已 21 天（限 20 天）' })
    expect(overdueOf({ step: 'verification', enteredOn: '2025-01-06', reported: false, today: '2025-01-31' }).reason).toBe('核实已 25 天（限 20 天）')
    expect(overdueOf({ step: 'report', enteredOn: '2025-03-01', reported: false, today: '2025-03-09' }).reason).toBe('上报已 8 天（限 7 天）')
  })

  it('a district deadline makes every campaign not yet reported overdue after that day, and a village without one', () => {
    const base = { step: 'registration' as const, enteredOn: '2025-03-30', reported: false }
    expect(overdueOf({ ...base, today: '2025-03-31', deadline: '2025-03-31' })).toMatchObject({ overdue: false, reason: null })
    expect(overdueOf({ ...base, today: '2025-04-01', deadline: '2025-03-31' })).toMatchObject({ overdue: true, daysInStep: 2, reason: '已过区定期限 2025-03-31，尚未上报' })
    // both reasons
    expect(overdueOf({ ...base, enteredOn: '2025-03-01', today: '2025-04-01', deadline: '2025-03-31' }).reason).toBe('登记已 31 天（限 15 天）；已过区定期限 2025-03-31，尚未上报')
    expect(overdueOf({ step: null, enteredOn: null, reported: false, today: '2025-04-01', deadline: '2025-03-31' })).toEqual({
      overdue: true,
      daysInStep: null,
      allowanceDays: null,
      reason: '已过区定期限 2025-03-31，尚未发起清查',
    })
    expect(overdueOf({ step: null, enteredOn: null, reported: false, today: '2025-04-01' })).toMatchObject({ overdue: false, reason: null })
  })

  it('a reported campaign is never overdue', () => {
    expect(overdueOf({ step: 'report', enteredOn: '2025-01-01', reported: true, today: '2025-06-01', deadline: '2025-03-31' })).toEqual({ overdue: false, daysInStep: 151, allowanceDays: 7, reason: null })
  })

  it('a step entered after today (a clock set back) counts as 0 days; a malformed date is refused in Chinese', () => {
    expect(overdueOf({ step: 'snapshot', enteredOn: '2025-01-05', reported: false, today: '2025-01-03' }).daysInStep).toBe(0)
    expect(() => daysBetween('2025/01/05', '2025-01-06')).toThrow('日期应为 YYYY-MM-DD，而不是「2025/01/05」')
  })
})
