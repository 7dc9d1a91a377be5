import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AssetRow, ReconcileReport } from '../../../shared/api/registerTypes'
import { AppError } from '../../../shared/errors'
import { tempDir } from '../../helpers/temp'
import { bytesOf, fileOf, fixture, importFixture, reviewAndPostAll, rowCounts, type ImportFixture } from '../imports/setup'

/** The 12 cards whose depreciation the fixture journal charges to 51406 公益支出/公益性固定资产折旧. */
const PUBLIC_WELFARE = ['F01013', 'F01014', 'F01015', 'F01016', 'F01017', 'F02024', 'F03022', 'F05018', 'F05019', 'F05020', 'F05021', 'F06023']

/** the fixed-asset checks of a reconciliation (other registers add checks of their own) */
const assetChecksOk = (r: ReconcileReport): boolean => r.checks.filter((c) => c.key.startsWith('151') || c.key.startsWith('152')).every((c) => c.ok)

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('fixed-asset cards and monthly depreciation on the fixture books', () => {
  const t = tempDir()
  let f: ImportFixture
  let cards: AssetRow[]
  const id = (code: string) => (cards.find((c) => c.code === code) as AssetRow).id
  const account = async (code: string) => (await f.engine.invoke(f.clerk, 'account.list', { villageId: f.villageId })).find((a) => a.code === code)?.id as number

  beforeAll(async () => {
    f = await importFixture(t.dir)
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('imports the 38 cards of assets.xlsx: totals equal the 151 and 152 openings, accounts by nature', async () => {
    const before = await rowCounts(f.engine)
    const preview = await f.engine.invoke(f.clerk, 'import.assets', { villageId: f.villageId, file: fileOf(fixture('assets.xlsx')), commit: false })
    expect(preview).toMatchObject({ kind: 'assets', committed: false, errorCount: 0, cards: 38, originalValue: '12605361.00', accumulated: '4635517.24', accumulatedAsOf: '2023-12' })
    expect(await rowCounts(f.engine)).toEqual(before)
    const r = await f.engine.invoke(f.clerk, 'import.assets', { villageId: f.villageId, file: fileOf(fixture('assets.xlsx')), commit: true })
    expect(r).toMatchObject({ committed: true, cards: 38 })
    const list = await f.engine.invoke(f.clerk, 'asset.list', { villageId: f.villageId, limit: 1000 })
    cards = list.rows
    expect(list.total).toBe(38)
    expect(list.totals).toEqual({ originalValue: '12605361.00', accumulated: '4635517.24', netValue: '7969843.76' })
    expect(cards.find((c) => c.code === 'J01006')).toMatchObject({ nature: 'operating', assetAccount: '15101', accumulatedAccount: '15201', expenseAccount: '51101', monthlyCharge: '4338.65', status: 'leased' })
    expect(cards.find((c) => c.code === 'F01001')).toMatchObject({ nature: 'nonOperating', assetAccount: '15102', accumulatedAccount: '15202', expenseAccount: '51307', quantity: '1', salvageRate: '0.05' })
    expect(cards.find((c) => c.code === 'F06026')).toMatchObject({ method: 'none', originalValue: '1.00', monthlyCharge: '0.00' })
    // filters and search run in SQL for the current register; the as-of view replays history and agrees
    const leased = await f.engine.invoke(f.clerk, 'asset.list', { villageId: f.villageId, status: 'leased', search: '门面', limit: 3 })
    expect(leased.total).toBe(5)
    expect(leased.rows.map((c) => c.code)).toEqual(['J01001', 'J01002', 'J01003'])
    const same = await f.engine.invoke(f.clerk, 'asset.list', { villageId: f.villageId, status: 'leased', search: '门面', limit: 3, asOf: '2030-01-01' })
    expect({ ...same, asOf: '' }).toEqual({ ...leased, asOf: '' })
    expect((await f.engine.invoke(f.clerk, 'asset.list', { villageId: f.villageId, search: '100%_x' })).total).toBe(0)
    // the same file again is refused as a duplicate
    const again = await refusal(f.engine.invoke(f.clerk, 'import.assets', { villageId: f.villageId, file: fileOf(fixture('assets.xlsx')), commit: true }))
    expect(again.message).toMatch(/不能重复导入/)
  })

  it('reconciles with the books at the start: 151 and 152 by sub-account, no difference', async () => {
    const rec = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: f.villageId, date: '2024-01-01' })
    expect(assetChecksOk(rec)).toBe(true)
    const byKey = new Map(rec.checks.map((c) => [c.key, c]))
    expect(byKey.get('151:15101')).toMatchObject({ register: '5609200.00', books: '5609200.00', difference: '0.00' })
    expect(byKey.get('151:15102')).toMatchObject({ register: '6996161.00', books: '6996161.00' })
    expect(byKey.get('152')).toMatchObject({ register: '4635517.24', books: '4635517.24', ok: true })
  })

  it('charges January as the journal’s 记-0056 once the public-welfare cards charge 51406', async () => {
    const welfare = await account('51406')
    for (const code of PUBLIC_WELFARE) {
      await f.engine.invoke(f.clerk, 'asset.change', { villageId: f.villageId, assetId: id(code), date: '2024-01-01', reason: '公益性资产折旧计入公益支出', changes: { expenseAccountId: welfare } })
    }
    const preview = await f.engine.invoke(f.clerk, 'depreciation.preview', { villageId: f.villageId, period: '2024-01' })
    expect(preview.entries).toEqual([
      { accountCode: '51101', accountName: '出租资产折旧', debit: '20180.59', credit: '0.00' },
      { accountCode: '51307', accountName: '折旧费', debit: '9650.15', credit: '0.00' },
      { accountCode: '51406', accountName: '公益性固定资产折旧', debit: '16720.81', credit: '0.00' },
      { accountCode: '15201', accountName: '经营性固定资产累计折旧', debit: '0.00', credit: '20180.59' },
      { accountCode: '15202', accountName: '非经营性固定资产累计折旧', debit: '0.00', credit: '26370.96' },
    ])
    expect(preview.lines.find((l) => l.code === 'F04003')).toMatchObject({ amount: '0.00', reason: 'full' })
    expect(preview.lines.find((l) => l.code === 'F06026')).toMatchObject({ amount: '0.00', reason: 'method' })
    const run = await f.engine.invoke(f.clerk, 'depreciation.run', { villageId: f.villageId, period: '2024-01' })
    expect(run).toMatchObject({ period: '2024-01', total: '46551.55', status: 'active', voucherLabel: '草稿' })
    const v = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: run.voucherId as number })
    expect(v).toMatchObject({ date: '2024-01-31', status: 'draft', total: '46551.55' })
    expect(v.lines.map((l) => l.summary)).toEqual(Array(5).fill('计提1月固定资产折旧'))
  })

  it('refuses a second run of a month, a month out of order, and deleting the run’s voucher', async () => {
    expect((await refusal(f.engine.invoke(f.clerk, 'depreciation.run', { villageId: f.villageId, period: '2024-01' }))).message).toMatch(/已计提折旧.*不能重复计提/)
    expect((await refusal(f.engine.invoke(f.clerk, 'depreciation.run', { villageId: f.villageId, period: '2024-03' }))).message).toMatch(/请按月份顺序计提/)
    const run = (await f.engine.invoke(f.clerk, 'depreciation.list', { villageId: f.villageId }))[0]
    const del = await refusal(f.engine.invoke(f.clerk, 'voucher.delete', { villageId: f.villageId, voucherIds: [run?.voucherId as number] }))
    expect(del.message).toMatch(/折旧计提生成.*撤销/)
    // the database refuses a second active run by itself too
    await expect(
      sql`INSERT INTO depreciation_run (village_id, period, voucher_id, total, assets, status, created_by, created_at) VALUES (${f.villageId}, '2024-01', NULL, 0, 0, 'active', 1, '2024-01-31T00:00:00Z')`.execute(f.engine.db),
    ).rejects.toThrow(/UNIQUE/)
  })

  it('charges 545,842.94 over 2024; once posted the register ties to 152 at year end', async () => {
    for (let m = 2; m <= 12; m++) await f.engine.invoke(f.clerk, 'depreciation.run', { villageId: f.villageId, period: `2024-${String(m).padStart(2, '0')}` })
    const runs = await f.engine.invoke(f.clerk, 'depreciation.list', { villageId: f.villageId })
    expect(runs).toHaveLength(12)
    const total = runs.reduce((s, r) => s + Math.round(Number(r.total) * 100), 0)
    expect(total).toBe(54_584_294)
    expect(runs.find((r) => r.period === '2024-03')?.total).toBe('46551.15')
    // before posting, the books lag the register and the report says why
    const lagging = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: f.villageId, date: '2024-12-31' })
    expect(lagging.checks.find((c) => c.key === '152')).toMatchObject({ register: '5181360.18', books: '4635517.24', ok: false })
    expect(lagging.checks.find((c) => c.key === '152')?.note).toMatch(/12 张尚未记账/)
    await reviewAndPostAll(f)
    const rec = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: f.villageId, date: '2024-12-31' })
    expect(assetChecksOk(rec)).toBe(true)
    expect(rec.checks.find((c) => c.key === '152')).toMatchObject({ register: '5181360.18', books: '5181360.18' })
    const copier = await f.engine.invoke(f.clerk, 'asset.get', { villageId: f.villageId, assetId: id('F04009') })
    expect(copier.accumulated).toBe('12101.10') // fully depreciated in November: 12,738 × 95%
    expect(copier.depreciation.find((d) => d.period === '2024-11')?.amount).toBe('201.39')
    expect(copier.depreciation.find((d) => d.period === '2024-12')).toBeUndefined()
  })

  it('cancels a posted run by a red reversal, and runs the month again', async () => {
    const before = await f.engine.invoke(f.clerk, 'asset.get', { villageId: f.villageId, assetId: id('J01006') })
    const cancelled = await f.engine.invoke(f.clerk, 'depreciation.cancel', { villageId: f.villageId, period: '2024-12', reason: '重新核定' })
    expect(cancelled.status).toBe('cancelled')
    const after = await f.engine.invoke(f.clerk, 'asset.get', { villageId: f.villageId, assetId: id('J01006') })
    expect(Number(before.accumulated) - Number(after.accumulated)).toBeCloseTo(4338.65, 2)
    const reversal = (await f.engine.invoke(f.clerk, 'voucher.list', { villageId: f.villageId, status: 'draft' })).rows.find((r) => r.summary.startsWith('冲销'))
    expect(reversal).toBeDefined()
    const rerun = await f.engine.invoke(f.clerk, 'depreciation.run', { villageId: f.villageId, period: '2024-12' })
    expect(rerun.total).toBe(cancelled.total)
    await reviewAndPostAll(f)
    expect(assetChecksOk(await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: f.villageId, date: '2024-12-31' }))).toBe(true)
  })

  it('keeps a dated history: the card as it stood before a change, and its timeline', async () => {
    await f.engine.invoke(f.clerk, 'asset.change', { villageId: f.villageId, assetId: id('J02011'), date: '2024-12-15', reason: '移交合作社保管', changes: { location: '杨桥农机合作社', custodian: '张强', status: 'inUse' } })
    const then = await f.engine.invoke(f.clerk, 'asset.get', { villageId: f.villageId, assetId: id('J02011'), asOf: '2024-12-14' })
    expect(then).toMatchObject({ status: 'leased', custodian: cards.find((c) => c.code === 'J02011')?.custodian ?? null })
    const now = await f.engine.invoke(f.clerk, 'asset.get', { villageId: f.villageId, assetId: id('J02011') })
    expect(now).toMatchObject({ status: 'inUse', location: '杨桥农机合作社', custodian: '张强' })
    expect(now.movements.map((m) => m.kind)).toEqual(['register', 'change'])
    expect(now.movements[1]?.changes['使用状况']).toEqual(['出租', '在用'])
    expect(now.movements[1]).toMatchObject({ date: '2024-12-15', note: '移交合作社保管', operator: '李会计' })
    // a movement dated before the card's latest one is refused (history is replayed in date order)
    const early = await refusal(f.engine.invoke(f.clerk, 'asset.change', { villageId: f.villageId, assetId: id('J02011'), date: '2024-12-01', reason: '补记', changes: { custodian: '李四' } }))
    expect(early.message).toMatch(/早于该卡片最近一次变动/)
    await expect(sql`UPDATE register_movement SET note = 'x'`.execute(f.engine.db)).rejects.toThrow(/不能修改/)
    await expect(sql`DELETE FROM register_movement`.execute(f.engine.db)).rejects.toThrow(/不能删除/)
    await expect(sql`DELETE FROM asset`.execute(f.engine.db)).rejects.toThrow(/不能删除/)
  })

  it('disposes of a card with a draft voucher through 154, once only', async () => {
    const r = await f.engine.invoke(f.clerk, 'asset.dispose', { villageId: f.villageId, assetId: id('F04003'), date: '2024-12-31', mode: '报废', reason: '电脑损坏无法修复' })
    const v = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: r.voucherId as number })
    expect(v.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
      ['154', '334.15', '0.00'],
      ['15202', '6348.85', '0.00'],
      ['15102', '0.00', '6683.00'],
    ])
    expect(r.asset).toMatchObject({ disposedOn: '2024-12-31', disposalMode: '报废' })
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.dispose', { villageId: f.villageId, assetId: id('F04003'), date: '2024-12-31', mode: '报废', reason: '再次' }))).message).toMatch(/不能重复处置/)
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.change', { villageId: f.villageId, assetId: id('F04003'), date: '2024-12-31', reason: 'x', changes: { custodian: '某人' } }))).message).toMatch(/已.*处置/)
    expect((await refusal(f.engine.invoke(f.clerk, 'voucher.delete', { villageId: f.villageId, voucherIds: [r.voucherId as number] }))).message).toMatch(/三资台账/)
    const live = await f.engine.invoke(f.clerk, 'asset.list', { villageId: f.villageId, limit: 1000 })
    expect(live.total).toBe(37)
    await reviewAndPostAll(f)
    expect(assetChecksOk(await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: f.villageId, date: '2024-12-31' }))).toBe(true)
  })

  it('refuses bad cards with clear messages and writes nothing', async () => {
    const base = {
      villageId: f.villageId,
      code: 'J09001',
      name: '新建仓库',
      category: '房屋及建筑物',
      nature: 'operating' as const,
      quantity: '1',
      acquisitionMode: '购置' as const,
      fundSource: '集体自筹' as const,
      acquiredOn: '2024-12-20',
      originalValue: '120000.00',
      usefulLifeMonths: 240,
      salvageRate: '0.05',
      method: 'straightLine' as const,
      status: 'inUse' as const,
      entry: 'acquire' as const,
      creditAccountId: await account('10201'),
    }
    const before = await rowCounts(f.engine)
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.create', { ...base, originalValue: '-5.00' }))).message).toMatch(/原值.*大于 0/)
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.create', { ...base, usefulLifeMonths: 0 }))).message).toMatch(/不能为 0/)
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.create', { ...base, quantity: '-3' }))).message).toMatch(/数量/)
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.create', { ...base, salvageRate: '1.2' }))).message).toMatch(/净残值率/)
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.create', { ...base, code: 'J01006' }))).message).toMatch(/已被.*使用/)
    // 10201 keeps bank accounts as auxiliary items: the acquisition's credit line needs one
    expect((await refusal(f.engine.invoke(f.clerk, 'asset.create', base))).message).toMatch(/银行账户/)
    expect(await rowCounts(f.engine)).toEqual(before)
    const cash = await account('101')
    const made = await f.engine.invoke(f.clerk, 'asset.create', { ...base, creditAccountId: cash })
    expect(made.asset).toMatchObject({ code: 'J09001', assetAccount: '15101', expenseAccount: '51101', monthlyCharge: '475.00' })
    const v = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: made.voucherId as number })
    expect(v.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
      ['15101', '120000.00', '0.00'],
      ['101', '0.00', '120000.00'],
    ])
  })

  it('refuses a movement in a closed month', async () => {
    await reviewAndPostAll(f)
    await f.engine.invoke(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-01' })
    const e = await refusal(f.engine.invoke(f.clerk, 'asset.create', {
      villageId: f.villageId, code: 'J09002', name: '水泵', category: '机器设备', nature: 'operating', quantity: '1', acquisitionMode: '购置', fundSource: '集体自筹',
      acquiredOn: '2024-01-10', originalValue: '3000.00', usefulLifeMonths: 60, salvageRate: '0.05', method: 'straightLine', status: 'inUse', entry: 'acquire', creditAccountId: await account('101'),
    }))
    expect(e.message).toMatch(/已结账/)
  })

  it('refuses an import with one bad row and names its cells; nothing is written', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('固定资产卡片')
    ws.addRow(['资产编码', '名称', '类别', '经营性/非经营性', '取得日期', '原值', '预计使用年限(月)', '净残值率', '折旧方法', '累计折旧', '使用状况'])
    ws.addRow(['K001', '抽水机', '机器设备', '经营性', '2023-05-01', 5000, 60, 0.05, '年限平均法', 0, '在用'])
    ws.addRow(['K002', '旧仓库', '房屋及建筑物', '半经营性', '2023-05-01', -100, 0, 1.5, '年限平均法', 0, '在用'])
    ws.addRow(['K001', '抽水机二', '机器设备', '经营性', '2023-05-01', 5000, 60, 0.05, '年限平均法', 6000, '在用'])
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    const before = await rowCounts(f.engine)
    const e = await refusal(f.engine.invoke(f.clerk, 'import.assets', { villageId: f.villageId, file: bytesOf(bytes, 'bad-assets.xlsx'), commit: true }))
    expect(e.message).toMatch(/固定资产卡片未导入，账套没有任何改动/)
    const text = JSON.stringify(e.details)
    expect(text).toMatch(/第 3 行 D 列（经营性\/非经营性）：资产性质应为/)
    expect(text).toMatch(/第 3 行 F 列（原值）：原值不能为负数/)
    expect(text).toMatch(/第 3 行 H 列（净残值率）/)
    expect(text).toMatch(/第 4 行 A 列（资产编码）：资产编码 K001 与第 2 行重复/)
    expect(text).toMatch(/第 4 行 J 列（累计折旧）：累计折旧 6,000.00 超过原值/)
    expect(await rowCounts(f.engine)).toEqual(before)
  })
})
