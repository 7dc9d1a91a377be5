import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DistrictSummary, TrialBalanceRow } from '../../../shared/api/types'
import { fenToYuanString, parseYuan } from '../../../shared/money'
import { sanzi } from '../../helpers/cli'
import { tempDir, VILLAGE } from '../../helpers/temp'
import { fen, postVoucher, reportFixture, village2004, type ReportFixture } from './fixture'

const amount = (y: string) => {
  const r = parseYuan(y)
  if (!r.ok) throw new Error(r.reason)
  return r.fen
}

/** what a district row shows of a village's trial balance row */
const figures = (r: Omit<TrialBalanceRow, 'auxItemId' | 'auxItemName'>) => ({
  accountId: r.accountId,
  code: r.code,
  name: r.name,
  level: r.level,
  isLeaf: r.isLeaf,
  openingDebit: r.openingDebit,
  openingCredit: r.openingCredit,
  debit: r.debit,
  credit: r.credit,
  ytdDebit: r.ytdDebit,
  ytdCredit: r.ytdCredit,
  closingDebit: r.closingDebit,
  closingCredit: r.closingCredit,
})

describe('区级汇总 (report.districtSummary)', () => {
  const t = tempDir()
  let f: ReportFixture
  let second: number
  let old: number
  beforeAll(async () => {
    f = await reportFixture(t.dir)
    // a second 2023-chart village that only the administrator sees, with its own books
    const v = await f.engine.invoke(f.admin, 'village.create', { ...VILLAGE, code: '340122102', name: '长临河村股份经济合作社', uscc: null })
    second = v.id
    const chart = await f.engine.invoke(f.admin, 'account.list', { villageId: second })
    const idOf = (code: string) => chart.find((a) => a.code === code)?.id as number
    await f.engine.db
      .insertInto('opening_balance')
      .values([
        { village_id: second, account_id: idOf('101'), aux_item_id: 0, amount: fen('2500.50') },
        { village_id: second, account_id: idOf('151'), aux_item_id: 0, amount: fen('40000') },
        { village_id: second, account_id: idOf('301'), aux_item_id: 0, amount: fen('-42500.50') },
      ])
      .execute()
    const users = await f.engine.invoke(f.admin, 'user.list', {})
    for (const u of users.filter((x) => x.username === 'checker')) {
      await f.engine.invoke(f.admin, 'user.update', { userId: u.id, displayName: u.displayName, role: u.role, allVillages: false, villageIds: [...u.villageIds, second] })
    }
    await f.engine.invoke(f.admin, 'user.create', { username: 'clerk2', displayName: 'clerk2', role: 'bookkeeper', password: 'Pass1234', villageIds: [second] })
    const clerk2 = f.engine.createSession()
    await f.engine.invoke(clerk2, 'auth.signIn', { username: 'clerk2', password: 'Pass1234' })
    await postVoucher(f.engine, clerk2, f.reviewer, second, idOf, '2024-02-10', '收到捐赠', [
      { account: '101', debit: '300' },
      { account: '511', credit: '300' },
    ])
    await postVoucher(f.engine, clerk2, f.reviewer, second, idOf, '2024-03-05', '支付水电费', [
      { account: '513', debit: '120.25' },
      { account: '101', credit: '120.25' },
    ])
    // and a 2004-chart village, summed apart
    const o = await village2004(f)
    old = o.villageId
    await o.post('2024-03-03', '收到现金', [
      { account: '101', debit: '10' },
      { account: '301', credit: '10' },
    ])
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('village by village, equals each village’s own trial balance at every level and range', async () => {
    for (const [from, to] of [
      ['2024-01', '2024-03'],
      ['2024-03', '2024-03'],
      ['2024-02', '2024-08'],
    ] as const) {
      for (const level of [1, 2, 3, 4]) {
        const d = await f.engine.invoke(f.admin, 'report.districtSummary', { from, to, level })
        expect(d.villages.map((v) => v.villageId)).toEqual([f.villageId, second])
        for (const v of [f.villageId, second]) {
          const tb = await f.engine.invoke(f.admin, 'report.trialBalance', { villageId: v, from, to, level })
          const mine = d.rows.filter((r) => r.villageId === v)
          expect(mine.length, `${v} ${from}..${to} L${level}`).toBeGreaterThan(0)
          expect(mine.map(figures), `${v} ${from}..${to} L${level}`).toEqual(tb.rows.map(figures))
        }
      }
    }
  })

  it('the district totals are the first-level accounts summed over the villages, and they balance', async () => {
    const d = await f.engine.invoke(f.admin, 'report.districtSummary', { from: '2024-01', to: '2024-03' })
    const sum = (code: string, k: 'openingDebit' | 'debit' | 'credit' | 'closingDebit') => fenToYuanString(d.rows.filter((r) => r.code === code).reduce((s, r) => s + amount(r[k]), 0))
    const cash = d.totals.find((x) => x.code === '101')
    expect(cash).toMatchObject({ name: '库存现金', openingDebit: sum('101', 'openingDebit'), debit: sum('101', 'debit'), credit: sum('101', 'credit'), closingDebit: sum('101', 'closingDebit') })
    // 5000.00 + 2500.50 opening; 3500.00 + 300.00 in, 680.32 + 120.25 out
    expect(cash).toMatchObject({ openingDebit: '7500.50', debit: '3800.00', credit: '800.57', closingDebit: '10499.93' })
    const total = (k: 'openingDebit' | 'openingCredit' | 'debit' | 'credit' | 'closingDebit' | 'closingCredit') => d.totals.reduce((s, x) => s + amount(x[k]), 0)
    expect(total('debit')).toBe(total('credit'))
    expect(total('openingDebit')).toBe(total('openingCredit'))
    expect(total('closingDebit')).toBe(total('closingCredit'))
  })

  it('only the villages one may see, one chart version at a time', async () => {
    const mine = await f.engine.invoke(f.clerk, 'report.districtSummary', { from: '2024-01', to: '2024-03' })
    expect(mine.villages.map((v) => v.villageId)).toEqual([f.villageId])
    expect(new Set(mine.rows.map((r) => r.villageId))).toEqual(new Set([f.villageId]))
    const older = await f.engine.invoke(f.clerk, 'report.districtSummary', { from: '2024-01', to: '2024-03', chartVersion: '2004' })
    expect(older.villages.map((v) => v.villageId)).toEqual([old])
    expect(older.totals.find((x) => x.code === '101')).toMatchObject({ openingDebit: '1000.00', debit: '10.00', closingDebit: '1010.00' })
    const chosen = await f.engine.invoke(f.reviewer, 'report.districtSummary', { from: '2024-01', to: '2024-03', villageIds: [second] })
    expect(chosen.villages.map((v) => v.villageId)).toEqual([second])
    expect(await f.engine.call(f.clerk, 'report.districtSummary', { from: '2024-01', to: '2024-03', villageIds: [second] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await f.engine.call(f.clerk, 'report.districtSummary', { from: '2024-04', to: '2024-03' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '开始期间 2024年4月 不能晚于结束期间 2024年3月' } })
  })

  it('sanzi report district: a text table and the same figures as --json', async () => {
    const path = f.engine.path
    const text = await sanzi(['report', 'district', '--db', path, '--as', 'checker', '--period', '2024-01..2024-03'], { SANZI_PASSWORD: 'Pass1234' })
    expect(text).toMatchObject({ code: 0, err: '' })
    expect(text.out).toContain('区级汇总  2024年1月—2024年3月  2 个村（2023 年制度）  单位：元')
    expect(text.out).toMatch(/长临河村股份经济合作社 +101 +库存现金 +2,500\.50 +0\.00 +300\.00 +120\.25 +2,680\.25 +0\.00/)
    expect(text.out).toMatch(/全区合计[\s\S]*101 +库存现金 +7,500\.50 +0\.00 +3,800\.00 +800\.57 +10,499\.93 +0\.00/)
    const j = await sanzi(['report', 'district', '--db', path, '--as', 'checker', '--period', '2024-01..2024-03', '--level', '2', '--json'], { SANZI_PASSWORD: 'Pass1234' })
    const d = JSON.parse(j.out) as DistrictSummary
    expect(d).toEqual(await f.engine.invoke(f.reviewer, 'report.districtSummary', { from: '2024-01', to: '2024-03', level: 2 }))
    const bad = await sanzi(['report', 'district', '--db', path, '--as', 'checker', '--period', '2024-13'], { SANZI_PASSWORD: 'Pass1234' })
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('「--period」应为 YYYY-MM')
  })
})
