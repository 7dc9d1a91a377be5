import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CampaignBoard } from '../../../shared/api/campaignBoardTypes'
import type { MethodInput } from '../../../shared/api/contract'
import type { Session } from '../../../electron/core/context'
import { addDays } from '../../../shared/periods'
import { nowIso } from '../../../electron/core/audit/log'
import { tempDir } from '../../helpers/temp'
import { DEMO_PASSWORD, demoBooks, refusal, type DemoCampaignBooks } from './setup'

/**
 * The district board on the demo agency: two villages (340122101 of 刘志强, 340122102 of 赵红梅) and the five
 * groups under them; 主管会计 sees all seven. The clock is moved forward (Date only) to see steps age.
 */
describe('清查 district board (campaign.board)', () => {
  const t = tempDir()
  let d: DemoCampaignBooks
  let clerk2: Session
  let other = 0
  let day0 = ''
  const board = (s: Session, input: MethodInput<'campaign.board'> = {}) => d.engine.invoke(s, 'campaign.board', input)
  const codes = (b: CampaignBoard) => b.rows.map((r) => r.villageCode)
  const rowOf = (b: CampaignBoard, code: string) => {
    const r = b.rows.find((x) => x.villageCode === code)
    if (!r) throw new Error(`no row ${code}`)
    return r
  }
  /** moves the clock `days` days after the day the campaigns started (Date only: timers keep running) */
  const at = (days: number) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(`${addDays(day0, days)}T10:00:00`))
  }

  beforeAll(async () => {
    d = await demoBooks(t.dir)
    clerk2 = d.engine.createSession()
    await d.engine.invoke(clerk2, 'auth.signIn', { username: 'jizhang2', password: DEMO_PASSWORD })
    const villages = await d.engine.invoke(d.admin, 'village.list', {})
    other = villages.find((v) => v.code === '340122102')?.id ?? 0
    day0 = nowIso().slice(0, 10)
    const a = await d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2024-11-30' })
    await d.engine.invoke(clerk2, 'campaign.start', { villageId: other, asOf: '2024-11-30' })
    // 杨桥村 leaves 清理 three days later
    at(3)
    await d.engine.invoke(d.clerk, 'campaign.advance', { villageId: d.villageId, campaignId: a.id, from: 'snapshot' })
    vi.useRealTimers()
  }, 180_000)
  afterEach(() => vi.useRealTimers())
  afterAll(async () => {
    await d.engine.close()
    t.cleanup()
  })

  it('lists every active village of the scope by code, with its step, the dates each step was entered and the header counts', async () => {
    at(5)
    const b = await board(d.supervisor)
    expect(b.today).toBe(addDays(day0, 5))
    expect(codes(b)).toEqual(['340122101', '340122101-01', '340122101-02', '340122101-03', '340122102', '340122102-01', '340122102-02'])
    expect(rowOf(b, '340122101')).toMatchObject({
      step: 'registration',
      stepLabel: '登记',
      enteredOn: addDays(day0, 3),
      daysInStep: 2,
      allowanceDays: 15,
      overdue: false,
      overdueReason: null,
      reported: false,
      entered: { snapshot: day0, registration: addDays(day0, 3), verification: null, notice: null, confirmation: null, report: null },
      campaign: expect.objectContaining({ asOf: '2024-11-30', status: 'open' }),
    })
    expect(rowOf(b, '340122102')).toMatchObject({ step: 'snapshot', stepLabel: '清理', enteredOn: day0, daysInStep: 5, allowanceDays: 10, overdue: false })
    expect(rowOf(b, '340122101-01')).toMatchObject({ campaign: null, step: null, stepLabel: '未发起', enteredOn: null, daysInStep: null, overdue: false, level: 'group' })
    expect(b.totals).toEqual({
      villages: 7,
      none: 5,
      steps: { snapshot: 1, registration: 1, verification: 0, notice: 0, confirmation: 0, report: 0 },
      reported: 0,
      overdue: 0,
    })
  })

  it('marks a step kept past its allowance overdue, with the reason; the allowance counts from the day the step was (last) entered', async () => {
    // day 14: 清理 of 杨桥村 14 days (limit 10); 登记 of 340122101 11 days (limit 15)
    at(14)
    const b = await board(d.supervisor)
    expect(rowOf(b, '340122102')).toMatchObject({ overdue: true, daysInStep: 14, overdueReason: '清理已 14 天（限 10 天）' })
    expect(rowOf(b, '340122101')).toMatchObject({ overdue: false, daysInStep: 11 })
    expect(b.totals.overdue).toBe(1)
    expect(codes(await board(d.supervisor, { overdueOnly: true }))).toEqual(['340122102'])

    // a step back and forward again: 登记 counts from its second entry
    const [a] = await d.engine.invoke(d.clerk, 'campaign.list', { villageId: d.villageId })
    if (!a) throw new Error('no campaign')
    await d.engine.invoke(d.clerk, 'campaign.back', { villageId: d.villageId, campaignId: a.id, from: 'registration', reason: '补记 11 月收入后重新清理' })
    at(20)
    await d.engine.invoke(d.clerk, 'campaign.advance', { villageId: d.villageId, campaignId: a.id, from: 'snapshot' })
    at(33)
    const later = rowOf(await board(d.supervisor), '340122101')
    expect(later).toMatchObject({ step: 'registration', enteredOn: addDays(day0, 20), daysInStep: 13, overdue: false })
    expect(later.entered.snapshot).toBe(addDays(day0, 14))
    at(36)
    expect(rowOf(await board(d.supervisor), '340122101')).toMatchObject({ daysInStep: 16, overdue: true, overdueReason: '登记已 16 天（限 15 天）' })
  })

  it('a district deadline in the past makes every village not yet reported overdue, those without a campaign too', async () => {
    const today = nowIso().slice(0, 10)
    const past = addDays(today, -1)
    const b = await board(d.supervisor, { deadline: past })
    expect(b.deadline).toBe(past)
    expect(b.rows.every((r) => r.overdue)).toBe(true)
    expect(b.totals.overdue).toBe(7)
    expect(rowOf(b, '340122102').overdueReason).toBe(`已过区定期限 ${past}，尚未上报`)
    expect(rowOf(b, '340122101-02').overdueReason).toBe(`已过区定期限 ${past}，尚未发起清查`)
    // the deadline day itself is not past it
    const onTheDay = await board(d.supervisor, { deadline: today, overdueOnly: true })
    expect(onTheDay.rows).toEqual([])
    expect(onTheDay.totals.villages).toBe(7)
  })

  it('filters by step (未发起 as none) and by as-of date; the header counts stay those of the whole scope', async () => {
    const none = await board(d.supervisor, { step: 'none' })
    expect(codes(none)).toEqual(['340122101-01', '340122101-02', '340122101-03', '340122102-01', '340122102-02'])
    expect(none.totals.none).toBe(5)
    expect(none.totals.villages).toBe(7)
    expect(codes(await board(d.supervisor, { step: 'snapshot' }))).toEqual(['340122102'])
    expect(codes(await board(d.supervisor, { step: 'report' }))).toEqual([])

    const dec = await board(d.supervisor, { asOf: '2024-12-31' })
    expect(dec.asOf).toBe('2024-12-31')
    expect(dec.rows.every((r) => r.campaign === null && r.stepLabel === '未发起')).toBe(true)
    expect(dec.totals.none).toBe(7)
    const nov = await board(d.supervisor, { asOf: '2024-11-30', step: 'none' })
    expect(nov.totals.none).toBe(5)

    const bad = await refusal(board(d.supervisor, { step: 'archive' as 'none' }))
    expect(bad.code).toBe('VALIDATION')
    expect(bad.message).toContain('「步骤」只能是：清理、登记、核实、公示、确认、上报、未发起')
    expect((await refusal(board(d.supervisor, { deadline: '2025-02-30' }))).code).toBe('VALIDATION')
  })

  it('shows a user only the villages he manages; 审计 reads the whole district', async () => {
    const mine = await board(d.clerk)
    expect(codes(mine)).toEqual(['340122101'])
    expect(mine.totals).toMatchObject({ villages: 1, none: 0 })
    expect(codes(await board(clerk2))).toEqual(['340122102'])
    expect((await board(d.auditor)).rows).toHaveLength(7)
  })

  it('leaves out disabled villages', async () => {
    const villages = await d.engine.invoke(d.admin, 'village.list', {})
    const group = villages.find((v) => v.code === '340122102-02')
    if (!group) throw new Error('no group')
    await d.engine.invoke(d.admin, 'village.setStatus', { villageId: group.id, status: 'disabled' })
    const b = await board(d.supervisor)
    expect(codes(b)).not.toContain('340122102-02')
    expect(b.totals).toMatchObject({ villages: 6, none: 4 })
  })
})
