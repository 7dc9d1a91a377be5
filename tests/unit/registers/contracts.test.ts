import { describe, expect, it } from 'vitest'
import { parseYuan, type Fen } from '../../../shared/money'
import {
  absorbDifference,
  addMonths,
  arrears,
  checkSchedule,
  dueBy,
  escalationText,
  FREQUENCY_WORDS,
  generateSchedule,
  parseEscalation,
  termMonths,
  type Escalation,
} from '../../../shared/registers/contracts'

const fen = (y: string | number): Fen => {
  const r = parseYuan(String(y))
  if (!r.ok) throw new Error(r.reason)
  return r.fen
}
const esc = (t: string): Escalation => {
  const r = parseEscalation(t)
  if (!r.ok) throw new Error(r.reason)
  return r.value
}

/** contracts.xlsx: 合同编号, 起始, 终止, 合同金额 (全期应收，含递增), 收款方式, 递增, 已收金额 (截至 2024-12-31), 年租金(首年) */
const FIXTURE: [string, string, string, number, string, string, number, number][] = [
  ['HT2022-001', '2022-03-01', '2025-02-28', 145800, '按季', '每5年递增10%', 145800, 48600],
  ['HT2020-002', '2020-01-01', '2029-12-31', 2139700, '按半年', '无', 727510, 213970],
  ['HT2024-003', '2024-07-01', '2027-06-30', 256800, '按半年', '无', 42800, 85600],
  ['HT2015-004', '2015-01-01', '2027-12-31', 407624.34, '按半年', '每年递增3%', 299207.26, 26100],
  ['HT2020-005', '2020-10-01', '2030-09-30', 215000, '按半年', '无', 96750, 21500],
  ['HT2020-006', '2020-10-01', '2028-09-30', 1394400, '按半年', '无', 784350, 174300],
  ['HT2020-007', '2020-01-01', '2029-12-31', 544534.32, '按月', '每年递增3%', 252183.96, 47500],
  ['HT2021-008', '2021-01-01', '2028-12-31', 1284080, '按年', '无', 321020, 160510],
  ['HT2018-009', '2018-01-01', '2027-12-31', 369000, '按季', '无', 258300, 36900],
  ['HT2021-010', '2021-07-01', '2024-06-30', 527370, '按年', '每3年递增5%', 527370, 175790],
  ['HT2018-011', '2018-01-01', '2032-12-31', 518856.78, '按半年', '每3年递增5%', 227003.26, 31300],
  ['HT2024-012', '2024-03-01', '2025-02-28', 93560, '一次性', '无', 93560, 93560],
  ['HT2022-013', '2022-07-01', '2025-06-30', 359040, '按年', '每3年递增5%', 359040, 119680],
  ['HT2021-014', '2021-10-01', '2031-09-30', 479850, '按季', '每5年递增10%', 148525, 45700],
  ['HT2022-015', '2022-01-01', '2031-12-31', 1720000, '按年', '无', 516000, 172000],
  ['HT2024-016', '2024-07-01', '2029-06-30', 1594700, '按年', '无', 318940, 318940],
]

describe('the collection schedule', () => {
  it.each(FIXTURE)('%s: reproduces the fixture’s 合同金额 from the first year’s rent and the escalation', (_n, startOn, endOn, amount, freq, e, _received, annual) => {
    const r = generateSchedule({ startOn, endOn, frequency: FREQUENCY_WORDS[freq] ?? 'once', amount: fen(amount), annualAmount: fen(annual), escalation: esc(e) })
    if (!r.ok) throw new Error(r.reason)
    expect(r.total).toBe(fen(amount))
    expect(r.instalments.reduce((s, i) => s + i.amount, 0)).toBe(fen(amount))
  })

  it.each(FIXTURE)('%s: what fell due by 2024-12-31 is what the fixture says the 2024 books had collected or still owe', (number, startOn, endOn, amount, freq, e, received, annual) => {
    const r = generateSchedule({ startOn, endOn, frequency: FREQUENCY_WORDS[freq] ?? 'once', amount: fen(amount), annualAmount: fen(annual), escalation: esc(e) })
    if (!r.ok) throw new Error(r.reason)
    const owed = { 'HT2020-002': fen('342340'), 'HT2021-008': fen('321020') }[number] ?? 0
    expect(dueBy(r.instalments, '2024-12-31', null) - fen(received)).toBe(owed)
  })

  it('HT2015-004: half-yearly, 3% a year — 2024’s halves are the journal’s 17,027.29', () => {
    const r = generateSchedule({ startOn: '2015-01-01', endOn: '2027-12-31', frequency: 'halfYearly', amount: fen('407624.34'), annualAmount: fen('26100'), escalation: esc('每年递增3%') })
    if (!r.ok) throw new Error(r.reason)
    expect(r.instalments).toHaveLength(26)
    expect(r.instalments[0]).toEqual({ seq: 1, dueOn: '2015-01-01', amount: fen('13050'), label: '2015-01-01至2015-06-30' })
    expect(r.instalments.filter((i) => i.dueOn.startsWith('2024')).map((i) => i.amount)).toEqual([fen('17027.29'), fen('17027.29')])
  })

  it('HT2022-001: 每5年递增10% never applies in a 3-year lease; due on the first day of each quarter', () => {
    const r = generateSchedule({ startOn: '2022-03-01', endOn: '2025-02-28', frequency: 'quarterly', amount: fen('145800'), annualAmount: fen('48600'), escalation: esc('每5年递增10%') })
    if (!r.ok) throw new Error(r.reason)
    expect(r.instalments.map((i) => i.dueOn)).toEqual(['2022-03-01', '2022-06-01', '2022-09-01', '2022-12-01', '2023-03-01', '2023-06-01', '2023-09-01', '2023-12-01', '2024-03-01', '2024-06-01', '2024-09-01', '2024-12-01'])
    expect(new Set(r.instalments.map((i) => i.amount))).toEqual(new Set([fen('12150')]))
  })

  it('HT2021-014: quarterly with 10% after five years', () => {
    const r = generateSchedule({ startOn: '2021-10-01', endOn: '2031-09-30', frequency: 'quarterly', amount: fen('479850'), annualAmount: fen('45700'), escalation: esc('每5年递增10%') })
    if (!r.ok) throw new Error(r.reason)
    expect(r.instalments[19]).toMatchObject({ dueOn: '2026-07-01', amount: fen('11425') })
    expect(r.instalments[20]).toMatchObject({ dueOn: '2026-10-01', amount: fen('12567.5') })
  })

  it('spreads an amount without a rent over the term, the remainder on the last instalment', () => {
    const r = generateSchedule({ startOn: '2024-01-01', endOn: '2024-12-31', frequency: 'quarterly', amount: 10_000_00 + 1, annualAmount: null, escalation: { kind: 'none' } })
    if (!r.ok) throw new Error(r.reason)
    expect(r.instalments.map((i) => i.amount)).toEqual([250000, 250000, 250000, 250001])
    const thirds = generateSchedule({ startOn: '2024-01-01', endOn: '2024-03-31', frequency: 'monthly', amount: 100_00, annualAmount: null, escalation: { kind: 'none' } })
    if (!thirds.ok) throw new Error(thirds.reason)
    expect(thirds.instalments.map((i) => i.amount)).toEqual([3333, 3333, 3334])
  })

  it('prorates a short last period and an escalation step that falls inside an instalment', () => {
    // 18 months yearly: the second instalment is half a year
    const r = generateSchedule({ startOn: '2024-01-01', endOn: '2025-06-30', frequency: 'yearly', amount: 1, annualAmount: fen('1200'), escalation: { kind: 'none' } })
    if (!r.ok) throw new Error(r.reason)
    expect(r.instalments.map((i) => [i.dueOn, i.amount, i.label])).toEqual([
      ['2024-01-01', fen('1200'), '2024-01-01至2024-12-31'],
      ['2025-01-01', fen('600'), '2025-01-01至2025-06-30'],
    ])
    // an amount escalation every 6 months inside a yearly instalment: half at 1200, half at 1300
    const s = generateSchedule({ startOn: '2024-01-01', endOn: '2024-12-31', frequency: 'yearly', amount: 1, annualAmount: fen('1200'), escalation: esc('每6个月递增100元') })
    if (!s.ok) throw new Error(s.reason)
    expect(s.instalments.map((i) => i.amount)).toEqual([fen('1250')])
  })

  it('refuses an end before the start, a zero amount, and an escalation without a first-year rent', () => {
    expect(generateSchedule({ startOn: '2024-05-01', endOn: '2024-04-30', frequency: 'yearly', amount: 100, annualAmount: null, escalation: { kind: 'none' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/早于起始日期/) })
    expect(generateSchedule({ startOn: '2024-01-01', endOn: '2024-12-31', frequency: 'yearly', amount: 0, annualAmount: null, escalation: { kind: 'none' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/大于 0/) })
    expect(generateSchedule({ startOn: '2024-01-01', endOn: '2024-12-31', frequency: 'yearly', amount: 100, annualAmount: null, escalation: esc('每年递增3%') })).toMatchObject({ ok: false, reason: expect.stringMatching(/首年年租金/) })
    expect(generateSchedule({ startOn: '2024-01-01', endOn: '2024-12-31', frequency: 'monthly', amount: 5, annualAmount: null, escalation: { kind: 'none' } })).toMatchObject({ ok: false })
    expect(generateSchedule({ startOn: '1900-01-01', endOn: '2024-12-31', frequency: 'yearly', amount: 5000, annualAmount: null, escalation: { kind: 'none' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/超过 100 年/) })
  })

  it('a hand-made schedule must sum to the contract amount and stay within the term', () => {
    const t = { startOn: '2024-01-01', endOn: '2024-12-31', amount: fen('1000') }
    expect(checkSchedule([{ dueOn: '2024-01-01', amount: fen('600') }, { dueOn: '2024-07-01', amount: fen('400') }], t)).toBeNull()
    expect(checkSchedule([{ dueOn: '2024-01-01', amount: fen('600') }, { dueOn: '2024-07-01', amount: fen('399.99') }], t)).toMatch(/收款计划合计 999.99 与合同金额 1,000.00 不符（相差 0.01）/)
    expect(checkSchedule([{ dueOn: '2025-01-01', amount: fen('1000') }], t)).toMatch(/不在合同期限/)
    expect(checkSchedule([{ dueOn: '2024-01-01', amount: fen('1000') }, { dueOn: '2024-02-01', amount: 0 }], t)).toMatch(/大于 0/)
    expect(checkSchedule([], t)).toMatch(/不能为空/)
  })

  it('lets the last instalment absorb a difference, unless it would not stay above zero', () => {
    const xs = [
      { seq: 1, dueOn: '2024-01-01', amount: 500, label: 'a' },
      { seq: 2, dueOn: '2024-07-01', amount: 500, label: 'b' },
    ]
    expect(absorbDifference(xs, 1003)?.map((i) => i.amount)).toEqual([500, 503])
    expect(absorbDifference(xs, 500)).toBeNull()
  })
})

describe('terms, escalation words and arrears', () => {
  it('counts months from the start without drift and cuts the 31st to the month’s end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31')
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15')
    expect(termMonths('2022-03-01', '2025-02-28').toString()).toBe('36')
    expect(termMonths('2024-01-31', '2024-03-30').toString()).toBe('2')
    expect(termMonths('2024-01-01', '2024-01-16').times(31).toNumber()).toBeCloseTo(16, 10)
  })

  it('reads and writes the escalation words', () => {
    expect(parseEscalation('每年递增3%')).toEqual({ ok: true, value: { kind: 'percent', basisPoints: 300, everyMonths: 12 } })
    expect(parseEscalation('每5年递增10%')).toEqual({ ok: true, value: { kind: 'percent', basisPoints: 1000, everyMonths: 60 } })
    expect(parseEscalation('每 6 个月递增 2.5％')).toEqual({ ok: true, value: { kind: 'percent', basisPoints: 250, everyMonths: 6 } })
    expect(parseEscalation('每2年增加1000元')).toEqual({ ok: true, value: { kind: 'amount', fen: 100000, everyMonths: 24 } })
    expect(parseEscalation('无')).toEqual({ ok: true, value: { kind: 'none' } })
    expect(parseEscalation(null)).toEqual({ ok: true, value: { kind: 'none' } })
    expect(parseEscalation('逐年上涨')).toMatchObject({ ok: false })
    expect(parseEscalation('每年递增3.125%')).toMatchObject({ ok: false, reason: expect.stringMatching(/2 位小数/) })
    expect(parseEscalation('每年递增300%')).toMatchObject({ ok: false, reason: expect.stringMatching(/超出合理范围/) })
    expect(parseEscalation('每0年递增3%')).toMatchObject({ ok: false })
    for (const t of ['每年递增3%', '每5年递增10%', '每6个月递增2.5%', '每2年递增1000元']) expect(escalationText(esc(t))).toBe(t)
  })

  it('pays the oldest instalments first and dates the arrears from the first unpaid one', () => {
    const s = [
      { dueOn: '2023-01-01', amount: 100 },
      { dueOn: '2023-07-01', amount: 100 },
      { dueOn: '2024-01-01', amount: 100 },
      { dueOn: '2024-07-01', amount: 100 },
    ]
    expect(arrears(s, 150, '2024-03-31', null)).toEqual({ outstanding: 150, since: '2023-07-01', instalments: 2 })
    expect(arrears(s, 400, '2024-12-31', null)).toEqual({ outstanding: 0, since: null, instalments: 0 })
    expect(arrears(s, 100, '2024-12-31', '2023-12-31')).toEqual({ outstanding: 100, since: '2023-07-01', instalments: 1 })
    expect(dueBy(s, '2024-01-01', null)).toBe(300)
    expect(dueBy(s, '2024-12-31', '2024-06-30')).toBe(300)
  })
})
