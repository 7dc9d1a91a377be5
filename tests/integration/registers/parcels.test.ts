import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { tempDir } from '../../helpers/temp'
import { bytesOf, fileOf, fixture, importFixture, type ImportFixture } from '../imports/setup'

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

async function parcelRows(f: ImportFixture): Promise<number> {
  const r = await sql<{ n: number }>`SELECT (SELECT count(*) FROM parcel) + (SELECT count(*) FROM register_movement) + (SELECT count(*) FROM import_batch) AS n`.execute(f.engine.db)
  return Number(r.rows[0]?.n ?? 0)
}

async function resourcesWith(edit: (ws: ExcelJS.Worksheet) => void): Promise<{ fileName: string; contentBase64: string }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(fixture('resources.xlsx'))
  edit(wb.worksheets[0] as ExcelJS.Worksheet)
  return bytesOf(Buffer.from(await wb.xlsx.writeBuffer()), 'resources-edited.xlsx')
}

describe('the parcel register: import of resources.xlsx, dated changes and the state at a past date', () => {
  const t = tempDir()
  let f: ImportFixture
  const parcel = async (code: string) => (await f.engine.invoke(f.clerk, 'parcel.list', { villageId: f.villageId, search: code })).rows.find((p) => p.code === code)
  beforeAll(async () => {
    f = await importFixture(t.dir)
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('refuses a file with bad rows as a whole, each problem at its cell: negative, absurd and over-precise areas, an unknown 地类, a duplicate code', async () => {
    const before = await parcelRows(f)
    const bad = await resourcesWith((ws) => {
      ws.getCell('D3').value = -12.5
      ws.getCell('D4').value = 99999999
      ws.getCell('D5').value = '267.13215'
      ws.getCell('C6').value = '月球用地'
      ws.getCell('A7').value = 'ZY001'
      ws.getCell('L8').value = '转让中'
    })
    const preview = await f.engine.invoke(f.clerk, 'import.resources', { villageId: f.villageId, file: bad, commit: false })
    expect(preview.errors.map((e) => [`${e.column}${e.row}`, e.message])).toEqual([
      ['D3', expect.stringMatching(/不能为负数/)],
      ['D4', expect.stringMatching(/超出合理范围/)],
      ['D5', expect.stringMatching(/最多 4 位小数/)],
      ['C6', expect.stringMatching(/不在 GB\/T 21010/)],
      ['A7', expect.stringMatching(/与第 2 行重复/)],
      ['L8', expect.stringMatching(/使用状况应为/)],
    ])
    const e = await refusal(f.engine.invoke(f.clerk, 'import.resources', { villageId: f.villageId, file: bad, commit: true }))
    expect(e.message).toMatch(/资源台账未导入，账套没有任何改动/)
    expect(await parcelRows(f)).toBe(before)
  })

  it('imports the 30 parcels exactly to 0.0001 亩, with 权属 and 使用状况 read as written', async () => {
    const r = await f.engine.invoke(f.clerk, 'import.resources', { villageId: f.villageId, file: fileOf(fixture('resources.xlsx')), commit: true })
    expect(r).toMatchObject({ committed: true, errorCount: 0, parcels: 30, totalArea: '3247.2409' })
    const list = await f.engine.invoke(f.clerk, 'parcel.list', { villageId: f.villageId, limit: 100 })
    expect(list.total).toBe(30)
    expect(list.totalArea).toBe('3247.2409')
    expect(list.rows.find((p) => p.code === 'ZY001')).toMatchObject({ area: '193.1521', landClass: '耕地', ownership: 'group', ownerName: '杨桥四组', useStatus: 'contracted', userName: '杨桥家庭农场', east: '沟渠', parcelNo: '340122106211JA07446', contracts: [] })
    expect(list.rows.find((p) => p.code === 'ZY023')).toMatchObject({ area: '2.2', landClass: '集体经营性建设用地', useStatus: 'idle' })
    expect(list.rows.find((p) => p.code === 'ZY025')).toMatchObject({ useStatus: 'selfRun', ownership: 'village' })
    expect((await f.engine.invoke(f.clerk, 'parcel.list', { villageId: f.villageId, useStatus: 'household' })).rows.map((p) => p.code)).toEqual(['ZY003', 'ZY006', 'ZY007'])
    expect((await refusal(f.engine.invoke(f.clerk, 'import.resources', { villageId: f.villageId, file: fileOf(fixture('resources.xlsx')), commit: true }))).message).toMatch(/不能重复导入/)
  })

  it('registers and changes a parcel by dated movements; the register shows it as it stood at a past date', async () => {
    const base = { villageId: f.villageId, date: '2024-01-01', code: 'ZY031', name: '北湾荒地', landClass: '未利用地', area: '6.5', ownership: 'village' as const, useStatus: 'idle' as const }
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.create', { ...base, code: 'ZY001' }))).message).toMatch(/资源编号 ZY001 已被“北岗地块”使用/)
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.create', { ...base, area: '-3' }))).message).toMatch(/不能为负数/)
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.create', { ...base, area: '0' }))).message).toMatch(/必须大于 0/)
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.create', { ...base, area: '1.00001' }))).message).toMatch(/最多 4 位小数/)
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.create', { ...base, landClass: '月球用地' }))).message).toMatch(/地类/)
    const p = await f.engine.invoke(f.clerk, 'parcel.create', base)
    expect(p).toMatchObject({ code: 'ZY031', area: '6.5', useStatus: 'idle' })
    const changed = await f.engine.invoke(f.clerk, 'parcel.change', { villageId: f.villageId, parcelId: p.id, date: '2024-05-10', reason: '实测面积更正并出租', changes: { area: '6.4873', useStatus: 'leased', userName: '杨桥家庭农场' } })
    expect(changed).toMatchObject({ area: '6.4873', useStatus: 'leased', userName: '杨桥家庭农场' })
    expect(changed.movements.map((m) => [m.date, m.kind])).toEqual([
      ['2024-01-01', 'register'],
      ['2024-05-10', 'change'],
    ])
    expect(changed.movements[1]?.changes).toEqual({ '面积(亩)': ['6.5', '6.4873'], 使用状况: ['闲置', '出租'], '使用人/承包方': [null, '杨桥家庭农场'] })
    expect(await f.engine.invoke(f.clerk, 'parcel.get', { villageId: f.villageId, parcelId: p.id, asOf: '2024-04-30' })).toMatchObject({ area: '6.5', useStatus: 'idle', userName: null })
    expect((await f.engine.invoke(f.clerk, 'parcel.list', { villageId: f.villageId, asOf: '2024-04-30', search: 'ZY031' })).rows[0]).toMatchObject({ area: '6.5' })
    // not before the latest movement, nothing to change, the database keeps no twin code
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.change', { villageId: f.villageId, parcelId: p.id, date: '2024-05-01', reason: '补登', changes: { area: '7' } }))).message).toMatch(/早于该项目最近一次变动/)
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.change', { villageId: f.villageId, parcelId: p.id, date: '2024-06-01', reason: '无', changes: { area: '6.4873' } }))).message).toMatch(/没有任何变更/)
    await expect(sql`DELETE FROM parcel WHERE id = ${p.id}`.execute(f.engine.db)).rejects.toThrow(/资源不能删除/)
    const removed = await f.engine.invoke(f.clerk, 'parcel.remove', { villageId: f.villageId, parcelId: p.id, date: '2024-06-30', reason: '征收' })
    expect(removed).toMatchObject({ removedOn: '2024-06-30', removalReason: '征收' })
    expect((await refusal(f.engine.invoke(f.clerk, 'parcel.remove', { villageId: f.villageId, parcelId: p.id, date: '2024-07-01', reason: '再次' }))).message).toMatch(/不能重复核销/)
    expect((await f.engine.invoke(f.clerk, 'parcel.list', { villageId: f.villageId, search: 'ZY031' })).total).toBe(0)
    expect((await f.engine.invoke(f.clerk, 'parcel.list', { villageId: f.villageId, search: 'ZY031', asOf: '2024-06-29' })).total).toBe(1)
  })

  it('refuses a movement dated in a closed month', async () => {
    const id = (await parcel('ZY011'))?.id as number
    await sql`INSERT INTO period_close (village_id, period, closed_by, closed_at) VALUES (${f.villageId}, '2024-01', 1, '2024-02-01T00:00:00Z')`.execute(f.engine.db)
    const e = await refusal(f.engine.invoke(f.clerk, 'parcel.change', { villageId: f.villageId, parcelId: id, date: '2024-01-20', reason: '出租', changes: { useStatus: 'leased', userName: '某人' } }))
    expect(e.message).toMatch(/2024年1月 已结账/)
    expect((await parcel('ZY011'))?.useStatus).toBe('idle')
  })
})
