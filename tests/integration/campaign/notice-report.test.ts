import ExcelJS from 'exceljs'
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CampaignDetail } from '../../../shared/api/campaignTypes'
import { parseYuan } from '../../../shared/money'
import { checkWorkbook, contentDigest, type CanonicalCell } from '../../../electron/core/campaign/fingerprint'
import { exportNotice } from '../../../electron/core/campaign/notice'
import { exportReport } from '../../../electron/core/campaign/report'
import { sanzi } from '../../helpers/cli'
import { tempDir } from '../../helpers/temp'
import { demoBooks, type DemoCampaignBooks } from './setup'

const fen = (y: string | null): number => {
  const r = parseYuan(y ?? '0')
  if (!r.ok) throw new Error(String(y))
  return r.fen
}
const yuan = (f: number) => f / 100

/** the rows of a sheet (by name) as read back, keyed by the text of their first cell */
async function sheetRows(path: string, name: string): Promise<CanonicalCell[][]> {
  const d = await contentDigest(readFileSync(path))
  const s = d.sheets.find((x) => x.name === name)
  if (!s) throw new Error(`no sheet ${name}: ${d.sheets.map((x) => x.name).join(',')}`)
  return s.rows.map((r) => r.cells)
}
const rowOf = (rows: CanonicalCell[][], first: string) => rows.find((r) => r[0] === first)

describe('清查 公示表 and 上报表 with a content fingerprint (demo books as of 2024-11-30)', () => {
  const t = tempDir()
  let d: DemoCampaignBooks
  let detail: CampaignDetail
  const TEAM = [
    { name: '孙立军', unit: 'commission' as const, role: '组长' },
    { name: '刘志强', unit: 'agency' as const, role: '记账' },
  ]
  let missingAsset: CampaignDetail['rows'][number]
  let cashRow: CampaignDetail['rows'][number]
  let parcel: CampaignDetail['rows'][number]
  const report = () => join(t.dir, '上报表.xlsx')
  const notice = () => join(t.dir, '公示表.xlsx')

  beforeAll(async () => {
    d = await demoBooks(t.dir)
    const started = await d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2024-11-30', team: TEAM })
    const ref = { villageId: d.villageId, campaignId: started.id }
    await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref, from: 'snapshot' })
    detail = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref, rows: true })
    const items = detail.rows.filter((r) => r.kind !== 'account')
    const asset = items.find((r) => r.kind === 'asset' && fen(r.amount) > 0)
    const cash = detail.rows.find((r) => r.kind === 'account' && r.code.startsWith('101') && fen(r.amount) > 0)
    if (!asset || !cash) throw new Error('demo books without a fixed asset or cash')
    missingAsset = asset
    cashRow = cash
    await d.engine.invoke(d.clerk, 'campaign.mark', {
      ...ref,
      marks: items.map((r) => (r.id === asset.id ? { snapshotId: r.id, result: 'missing' as const, note: '实地未找到，疑已报废' } : { snapshotId: r.id, result: 'found' as const })),
      surplus: [{ kind: 'asset', label: '旧抽水机', amount: '800.00', quantity: '1', unit: '台', evidence: '泵站仓库实地盘点' }],
    })
    await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref, from: 'registration' })
    // 核实: the cash 12.50 short, and the first parcel measured 0.5 亩 smaller
    parcel = detail.rows.find((r) => r.kind === 'parcel') ?? cash
    await d.engine.invoke(d.clerk, 'campaign.verify', {
      ...ref,
      rows: [
        { snapshotId: cash.id, amount: ((fen(cash.amount) - 1250) / 100).toFixed(2), reason: '现金盘点短款', opinion: '由出纳赔偿' },
        { snapshotId: parcel.id, quantity: (Number(parcel.quantity) - 0.5).toFixed(4), reason: '实测面积减少', opinion: '按实测面积调整台账' },
      ],
    })
    await exportReport(d.engine.db, started.id, report())
    await exportNotice(d.engine.db, started.id, notice(), { from: '2024-12-06', place: '杨桥村村务公开栏' })
  }, 180_000)
  afterAll(async () => {
    await d.engine.close()
    t.cleanup()
  })

  it('the 资产负债表 balances on the book figures and carries the verified differences into 核实数', async () => {
    const rows = await sheetRows(report(), '资产负债表')
    const assets = rowOf(rows, '资产总计')
    const total = rowOf(rows, '负债和所有者权益总计')
    expect(assets?.[2]).toBe(total?.[2])
    expect(Number(assets?.[2])).toBeGreaterThan(0)
    // the 核实数 column balances too: the net verified difference lands in 未分配收益, and the notes say how much
    expect(assets?.[3]).toBe(total?.[3])
    const net = Number(assets?.[4])
    expect(net).not.toBe(0)
    expect(rowOf(rows, '未分配收益')?.[4]).toBe(net)
    expect(rows.some((r) => typeof r[0] === 'string' && r[0].includes(`资产、负债核实差额净额 ${net.toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`))).toBe(true)
    const sum = (root: string) => detail.rows.filter((r) => r.kind === 'account' && r.code.startsWith(root)).reduce((a, r) => a + fen(r.amount), 0)
    const cash = rowOf(rows, '货币资金')
    expect(cash?.slice(1)).toEqual([1, yuan(sum('101') + sum('102')), yuan(sum('101') + sum('102') - 1250), -12.5])
    // the missing card leaves 原值 and 累计折旧; the 盘盈 pump adds 800 to 原值
    const detailOf = missingAsset.detail as { originalValue: number; accumulated: number }
    const cost = rowOf(rows, '固定资产原值')
    expect(cost?.[2]).toBe(yuan(sum('151')))
    expect(cost?.[3]).toBe(yuan(sum('151') - detailOf.originalValue + 80_000))
    expect(rowOf(rows, '减：累计折旧')?.[3]).toBe(yuan(-sum('152') - detailOf.accumulated))
    expect(rowOf(rows, '固定资产净值')?.[4]).toBe(yuan(80_000 - fen(missingAsset.amount)))
  })

  it('the 资源性资产清查登记表 adds the parcels up by 地类, and the differences list names every difference', async () => {
    const parcels = detail.rows.filter((r) => r.kind === 'parcel')
    const res = await sheetRows(report(), '资源性资产清查登记表')
    const total = res.find((r) => r[1] === '合计')
    const area = parcels.reduce((a, p) => a + Number(p.quantity), 0)
    expect(Number(total?.[4])).toBeCloseTo(area, 4)
    expect(Number(total?.[5])).toBeCloseTo(area - 0.5, 4)
    expect(total?.[6]).toBe('\u22120.5')
    expect(res.find((r) => r[2] === parcel.code)?.slice(4, 7)).toEqual([parcel.quantity, (Number(parcel.quantity) - 0.5).toFixed(4).replace(/0+$/, ''), '\u22120.5'])
    expect(total?.[2]).toBe(`${parcels.length} 块`)
    expect(res.filter((r) => r[1] === '小计').length).toBeGreaterThan(0)

    const diffs = await sheetRows(report(), '差异明细')
    const labels = diffs.map((r) => r[2])
    expect(labels).toContain(missingAsset.label)
    expect(labels).toContain('旧抽水机')
    expect(labels).toContain(cashRow.label)
    expect(diffs.find((r) => r[2] === cashRow.label)?.slice(7, 11)).toEqual([-12.5, null, '现金盘点短款', '由出纳赔偿'])
    expect(diffs.find((r) => r[2] === missingAsset.label)?.[8]).toBe(`\u2212${missingAsset.quantity} ${missingAsset.unit}`)
    expect(diffs.find((r) => r[2] === '旧抽水机')?.slice(1, 9)).toEqual(['盘盈', '旧抽水机', null, null, 0, 800, 800, '1 台'])
    expect(diffs.find((r) => r[0] === '共 4 项')).toBeTruthy()
    expect(diffs.find((r) => r[1] === parcel.code)?.slice(8, 11)).toEqual(['\u22120.5 亩', '实测面积减少', '按实测面积调整台账'])
    const team = await sheetRows(report(), '清查工作组')
    expect(team.map((r) => r[0])).toEqual(expect.arrayContaining(['孙立军', '刘志强']))
  })

  it('the 公示表 shows 资金/资产/债权/债务 and 资源 with the period, place and signature lines', async () => {
    const rows = await sheetRows(notice(), '资金 资产 债权债务')
    const texts = rows.map((r) => r[0])
    expect(texts).toEqual(expect.arrayContaining(['一、资金', '资金合计', '资产合计', '债权合计', '债务合计', '公示期：2024-12-06 至 2024-12-12（7 天）\u3000公示地点：杨桥村村务公开栏']))
    expect(texts.some((x) => typeof x === 'string' && x.startsWith('村清产核资小组（盖章）：') && x.includes('民主理财小组（签字）'))).toBe(true)
    const cash = rows.find((r) => r[0] === cashRow.label)
    expect(cash?.slice(2, 6)).toEqual([yuan(fen(cashRow.amount)), yuan(fen(cashRow.amount) - 1250), -12.5, '现金盘点短款；由出纳赔偿'])
    const asset = rows.find((r) => r[0] === missingAsset.label && r[1] === missingAsset.code)
    expect(asset?.slice(2, 4)).toEqual([yuan(fen(missingAsset.amount)), 0])
    const banks = detail.rows.filter((r) => r.kind === 'bankAccount')
    const funds = rowOf(rows, '资金合计')
    const book = detail.rows.filter((r) => r.kind === 'account' && r.code.startsWith('101')).reduce((a, r) => a + fen(r.amount), 0) + banks.reduce((a, r) => a + fen(r.amount), 0)
    expect(funds?.slice(2, 5)).toEqual([yuan(book), yuan(book - 1250), -12.5])
    const res = await sheetRows(notice(), '资源')
    expect(rowOf(res, '资源合计')?.[1]).toBe(`${detail.rows.filter((r) => r.kind === 'parcel').length} 块`)
  })

  it('the fingerprint: unchanged → 未被改动; one cell changed by hand → 已被改动 naming the sheet; re-saved unchanged by exceljs → still 未被改动', async () => {
    const ok = await checkWorkbook(report())
    expect(ok).toMatchObject({ ok: true, changedSheets: [] })
    expect(ok.embedded).toMatch(/^[0-9a-f]{64}$/)
    expect(ok.message).toContain('未被改动')

    const resaved = join(t.dir, 'resaved.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(report())
    await wb.xlsx.writeFile(resaved)
    expect(readFileSync(resaved).equals(readFileSync(report()))).toBe(false)
    expect(await checkWorkbook(resaved)).toMatchObject({ ok: true, embedded: ok.embedded, computed: ok.computed })

    const edited = join(t.dir, 'edited.xlsx')
    copyFileSync(report(), edited)
    const wb2 = new ExcelJS.Workbook()
    await wb2.xlsx.readFile(edited)
    const ws = wb2.getWorksheet('资产负债表')
    const cell = ws?.findRow(6)?.getCell(4)
    expect(typeof cell?.value).toBe('number')
    if (cell) cell.value = Number(cell.value) + 1000
    await wb2.xlsx.writeFile(edited)
    const bad = await checkWorkbook(edited)
    expect(bad).toMatchObject({ ok: false, embedded: ok.embedded, changedSheets: ['资产负债表'] })
    expect(bad.message).toContain('已被改动：工作表「资产负债表」的内容与其指纹不符')

    const cliOk = await sanzi(['fingerprint', resaved])
    expect(cliOk, cliOk.err).toMatchObject({ code: 0 })
    expect(cliOk.out).toContain('未被改动')
    const cliBad = await sanzi(['fingerprint', edited])
    expect(cliBad.code).toBe(1)
    expect(cliBad.out).toContain('已被改动')
    expect(cliBad.err).toContain('已被改动（工作表「资产负债表」）')
    // a workbook without a fingerprint cannot be confirmed
    const plain = await sanzi(['fingerprint', notice()])
    expect(plain.code).toBe(1)
    expect(plain.out).toContain('工作簿中没有内容指纹')
  })
})
