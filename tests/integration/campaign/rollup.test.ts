import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CampaignDetail } from '../../../shared/api/campaignTypes'
import type { Session } from '../../../electron/core/context'
import { contentDigest, type CanonicalCell } from '../../../electron/core/campaign/fingerprint'
import { exportReport } from '../../../electron/core/campaign/report'
import { parseYuan } from '../../../shared/money'
import { sanzi } from '../../helpers/cli'
import { tempDir } from '../../helpers/temp'
import { DEMO_PASSWORD, demoBooks, refusal, type DemoCampaignBooks } from './setup'

const fen = (y: string | number | null | CanonicalCell): number => {
  if (typeof y === 'number') return Math.round(y * 100)
  const r = parseYuan(String(y ?? '0'))
  if (!r.ok) throw new Error(String(y))
  return r.fen
}

async function sheetRows(path: string, name: string): Promise<CanonicalCell[][]> {
  const d = await contentDigest(readFileSync(path))
  const s = d.sheets.find((x) => x.name === name)
  if (!s) throw new Error(`no sheet ${name}: ${d.sheets.map((x) => x.name).join(',')}`)
  return s.rows.map((r) => r.cells)
}

/** exact decimal text sum of areas (in ten-thousandths of a 亩) */
const tenThousandths = (v: CanonicalCell): number => Math.round(Number(String(v ?? '0').replace('\u2212', '-')) * 10_000)

/**
 * Two demo villages with a campaign as of 2024-11-30 — 杨桥村 through 核实 (a missing card, a 盘盈 pump, cash
 * 12.50 short, a parcel 0.5 亩 smaller), 340122102 frozen at 登记 — and five groups without one.
 */
async function twoCampaigns(dir: string): Promise<{ d: DemoCampaignBooks; clerk2: Session; ids: number[]; parcelCode: string }> {
  const d = await demoBooks(dir)
  const clerk2 = d.engine.createSession()
  await d.engine.invoke(clerk2, 'auth.signIn', { username: 'jizhang2', password: DEMO_PASSWORD })
  const other = (await d.engine.invoke(clerk2, 'village.list', {})).find((v) => v.code === '340122102')
  if (!other) throw new Error('no second village')
  const a = await d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2024-11-30', team: [{ name: '孙立军', unit: 'commission', role: '组长' }] })
  const ref = { villageId: d.villageId, campaignId: a.id }
  await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref, from: 'snapshot' })
  const detail: CampaignDetail = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref, rows: true })
  const items = detail.rows.filter((r) => r.kind !== 'account')
  const asset = items.find((r) => r.kind === 'asset' && fen(r.amount) > 0)
  const cash = detail.rows.find((r) => r.kind === 'account' && r.code.startsWith('101') && fen(r.amount) > 0)
  const parcel = detail.rows.find((r) => r.kind === 'parcel')
  if (!asset || !cash || !parcel) throw new Error('demo books without a card, cash or a parcel')
  await d.engine.invoke(d.clerk, 'campaign.mark', {
    ...ref,
    marks: items.map((r) => ({ snapshotId: r.id, result: r.id === asset.id ? ('missing' as const) : ('found' as const) })),
    surplus: [{ kind: 'asset', label: '旧抽水机', amount: '800.00', quantity: '1', unit: '台', evidence: '泵站仓库实地盘点' }],
  })
  await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref, from: 'registration' })
  await d.engine.invoke(d.clerk, 'campaign.verify', {
    ...ref,
    rows: [
      { snapshotId: cash.id, amount: ((fen(cash.amount) - 1250) / 100).toFixed(2), reason: '现金盘点短款', opinion: '由出纳赔偿' },
      { snapshotId: parcel.id, quantity: (Number(parcel.quantity) - 0.5).toFixed(4), reason: '实测面积减少', opinion: '按实测面积调整台账' },
    ],
  })
  const b = await d.engine.invoke(clerk2, 'campaign.start', { villageId: other.id, asOf: '2024-11-30' })
  await d.engine.invoke(clerk2, 'campaign.advance', { villageId: other.id, campaignId: b.id, from: 'snapshot' })
  return { d, clerk2, ids: [a.id, b.id], parcelCode: parcel.code }
}

describe('清查 roll-up workbook (campaign.rollup) on two demo villages', () => {
  const t = tempDir()
  let d: DemoCampaignBooks
  let clerk2: Session
  let ids: number[] = []
  const out = () => join(t.dir, 'out', '汇总.xlsx')
  const reports = () => ids.map((_, i) => join(t.dir, `上报表-${i}.xlsx`))

  beforeAll(async () => {
    ;({ d, clerk2, ids } = await twoCampaigns(t.dir))
    for (const [i, id] of ids.entries()) await exportReport(d.engine.db, id, reports()[i] as string)
  }, 180_000)
  afterAll(async () => {
    await d.engine.close()
    t.cleanup()
  })

  it('writes the workbook with its four sheets, counts the villages summed, and logs the export', async () => {
    const r = await d.engine.invoke(d.supervisor, 'campaign.rollup', { asOf: '2024-11-30', to: out() })
    expect(r).toMatchObject({ path: out(), villages: 2, notSummed: 5 })
    expect(r.bytes).toBe(statSync(out()).size)
    const digest = await contentDigest(readFileSync(out()))
    expect(digest.sheets.map((s) => s.name)).toEqual(['资产负债汇总', '分村汇总', '资源汇总', '分村资源汇总'])
    expect(r.rows).toBeGreaterThan(50)
    const log = await d.engine.invoke(d.supervisor, 'audit.list', { search: '清产核资汇总表' })
    expect(log.rows[0]?.summary.action).toBe(`导出清产核资汇总表（基准日 2024-11-30，汇总 2 个村，${r.rows} 行）到：${out()}`)
  })

  it('资产负债汇总: every line is exactly the sum of the two villages’ 上报 资产负债表 lines (账面数, 核实数, 差额)', async () => {
    const district = await sheetRows(out(), '资产负债汇总')
    const villages = await Promise.all(reports().map((p) => sheetRows(p, '资产负债表')))
    // the data lines carry their 行次 in the second column
    const lines = (rows: CanonicalCell[][]) => rows.filter((r) => typeof r[1] === 'number')
    const dl = lines(district)
    expect(dl.map((r) => r[0])).toEqual(lines(villages[0] ?? []).map((r) => r[0]))
    expect(dl.length).toBeGreaterThan(30)
    for (const row of dl) {
      const theirs = villages.map((v) => lines(v).find((x) => x[1] === row[1]) ?? [])
      for (const col of [2, 3, 4]) expect(fen(row[col] ?? 0), `${String(row[0])} column ${col}`).toBe(theirs.reduce((a, x) => a + fen(x[col] ?? 0), 0))
    }
    const at = (label: string) => dl.find((r) => r[0] === label) ?? []
    expect(fen(at('资产总计')[2] ?? 0)).toBe(fen(at('负债和所有者权益总计')[2] ?? 0))
    expect(fen(at('资产总计')[2] ?? 0)).toBeGreaterThan(0)
    // the only differences: 杨桥村's cash 12.50 short, the missing card and the 800.00 pump
    expect(fen(at('货币资金')[4] ?? 0)).toBe(-1250)
    expect(district.slice(1, 4).map((r) => r[0])).toEqual(['汇总单位：肥东县长临河镇农村集体经济组织会计代理服务中心', '清查基准日：2024-11-30\u3000单位：元', '汇总 2 个村（所辖 7 个，5 个未发起或仍在清理）'])
  })

  it('分村汇总: one row per village by code, those without figures listed as 未发起, and a total row that ties to the district sheet', async () => {
    const rows = await sheetRows(out(), '分村汇总')
    const data = rows.filter((r) => typeof r[0] === 'string' && /^340122/.test(r[0]))
    expect(data.map((r) => [r[0], r[2]])).toEqual([
      ['340122101', '核实'],
      ['340122101-01', '未发起'],
      ['340122101-02', '未发起'],
      ['340122101-03', '未发起'],
      ['340122102', '登记'],
      ['340122102-01', '未发起'],
      ['340122102-02', '未发起'],
    ])
    expect(data[1]?.slice(3)).toEqual([])
    const district = await sheetRows(out(), '资产负债汇总')
    const line = (label: string) => district.find((r) => r[0] === label) ?? []
    const total = rows.find((r) => r[0] === '合计') ?? []
    const pairs: [string, number][] = [
      ['资产总计', 3],
      ['负债合计', 5],
      ['所有者权益合计', 7],
    ]
    for (const [label, col] of pairs) {
      expect(fen(total[col] ?? 0), label).toBe(fen(line(label)[2] ?? 0))
      expect(fen(total[col + 1] ?? 0), label).toBe(fen(line(label)[3] ?? 0))
      expect(fen(total[col] ?? 0)).toBe(data.reduce((a, r) => a + fen(r[col] ?? 0), 0))
    }
    // 杨桥村: the missing card, the pump, the cash and the parcel; 340122102 nothing verified yet
    expect(data[0]?.[9]).toBe(4)
    expect(data[4]?.[9]).toBe(0)
    expect(rows.some((r) => r[0] === '差异项合计 4 项（账面数与核实数不符、登记时未找到或盘盈的项目）。')).toBe(true)
  })

  it('资源汇总: areas by 地类 are the exact sums of the villages’ 资源性资产清查登记表, and village × 地类 ties to them', async () => {
    const byClass = await sheetRows(out(), '资源汇总')
    const total = byClass.find((r) => r[0] === '合计') ?? []
    const villageTotals = await Promise.all(reports().map(async (p) => (await sheetRows(p, '资源性资产清查登记表')).find((r) => r[1] === '合计') ?? []))
    expect(tenThousandths(total[2] ?? null)).toBe(villageTotals.reduce((a, r) => a + tenThousandths(r[4] ?? null), 0))
    expect(tenThousandths(total[3] ?? null)).toBe(villageTotals.reduce((a, r) => a + tenThousandths(r[5] ?? null), 0))
    expect(total[4]).toBe('\u22120.5')
    expect(total[1]).toBe(villageTotals.reduce((a, r) => a + Number(String(r[2]).replace(' 块', '')), 0))
    // each 地类 line is the sum of the village × 地类 lines below
    const byVillage = await sheetRows(out(), '分村资源汇总')
    const classes = byClass.filter((r) => typeof r[1] === 'number' && r[0] !== '合计')
    expect(classes.length).toBeGreaterThan(1)
    // no difference prints as a hyphen, not the “'-” a neutralised ASCII “-” would show
    expect(classes.filter((c) => c[4] !== '\u22120.5').map((c) => c[4])).toEqual(classes.slice(1).map(() => '\u2010'))
    for (const c of classes) {
      const own = byVillage.filter((r) => r[2] === c[0])
      expect(own.length, String(c[0])).toBeGreaterThan(0)
      expect(c[1]).toBe(own.reduce((a, r) => a + Number(r[3]), 0))
      expect(tenThousandths(c[2] ?? null)).toBe(own.reduce((a, r) => a + tenThousandths(r[4] ?? null), 0))
      expect(tenThousandths(c[3] ?? null)).toBe(own.reduce((a, r) => a + tenThousandths(r[5] ?? null), 0))
    }
    expect(byVillage.filter((r) => r[2] === '小计').map((r) => r[0])).toEqual(['340122101', '340122102'])
  })

  it('a user who manages one village rolls up only that one; another date has nothing to sum', async () => {
    const mine = await d.engine.invoke(clerk2, 'campaign.rollup', { asOf: '2024-11-30', to: join(t.dir, 'mine.xlsx') })
    expect(mine).toMatchObject({ villages: 1, notSummed: 0 })
    const rows = await sheetRows(mine.path, '分村汇总')
    expect(rows.filter((r) => typeof r[0] === 'string' && r[0].startsWith('340122')).map((r) => r[0])).toEqual(['340122102'])

    const none = await d.engine.invoke(d.supervisor, 'campaign.rollup', { asOf: '2024-12-31', to: join(t.dir, 'none.xlsx') })
    expect(none).toMatchObject({ villages: 0, notSummed: 7 })
    const lines = await sheetRows(none.path, '资产负债汇总')
    expect(lines.find((r) => r[0] === '资产总计')?.slice(2)).toEqual([0, 0, 0])
  })

  it('writes exports/ beside the book by default; refuses a file that is not .xlsx and an unwritable path', async () => {
    const r = await d.engine.invoke(d.supervisor, 'campaign.rollup', { asOf: '2024-11-30' })
    expect(dirname(r.path)).toBe(join(dirname(d.engine.path), 'exports'))
    expect(r.path).toMatch(/清产核资汇总表-2024-11-30-.*\.xlsx$/)
    expect(existsSync(r.path)).toBe(true)

    const pdf = await refusal(d.engine.invoke(d.supervisor, 'campaign.rollup', { asOf: '2024-11-30', to: join(t.dir, '汇总.pdf') }))
    expect(pdf).toMatchObject({ code: 'VALIDATION' })
    expect(pdf.message).toContain('导出文件须以 .xlsx 结尾')
    // a folder where the file should be
    const blocked = join(t.dir, 'out')
    const err = await d.engine.invoke(d.supervisor, 'campaign.rollup', { asOf: '2024-11-30', to: join(blocked, '汇总.xlsx', 'x.xlsx') }).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect(existsSync(join(blocked, '汇总.xlsx', 'x.xlsx'))).toBe(false)
    expect((await refusal(d.engine.invoke(d.supervisor, 'campaign.rollup', { asOf: '2024-13-01' }))).code).toBe('VALIDATION')
  })
})

describe('sanzi campaign board | rollup', () => {
  const t = tempDir()
  let db = ''
  const env = { SANZI_PASSWORD: DEMO_PASSWORD }
  beforeAll(async () => {
    const { d } = await twoCampaigns(t.dir)
    db = d.engine.path
    await d.engine.close()
  }, 180_000)
  afterAll(() => t.cleanup())

  it('board prints the villages with their step, date entered, days and overdue marks; filters; --json', async () => {
    const all = await sanzi(['campaign', 'board', '--db', db, '--as', 'zhuguan'], env)
    expect(all, all.err).toMatchObject({ code: 0 })
    for (const h of ['村编码', '村名', '基准日', '当前步骤', '进入日期', '已用天数', '逾期']) expect(all.out).toContain(h)
    expect(all.out).toMatch(/340122101 .*2024-11-30 .*核实 .*\d{4}-\d{2}-\d{2} .*0/)
    expect(all.out).toContain('未发起')
    expect(all.out).toContain('共 7 个村：未发起 5，清理 0，登记 1，核实 1，公示 0，确认 0，上报 0；已上报 0，逾期 0')

    const late = await sanzi(['campaign', 'board', '--db', db, '--as', 'zhuguan', '--deadline', '2025-03-31', '--overdue', '--step', '未发起'], env)
    expect(late, late.err).toMatchObject({ code: 0 })
    expect(late.out).toContain('已过区定期限 2025-03-31，尚未发起清查')
    expect(late.out).not.toContain('340122101 ')
    const empty = await sanzi(['campaign', 'board', '--db', db, '--as', 'zhuguan', '--step', '上报'], env)
    expect(empty.out).toContain('（没有符合条件的村）')
    expect(empty.out).toContain('（按条件列出 0 个）')

    const json = await sanzi(['campaign', 'board', '--db', db, '--as', 'jizhang1', '--date', '2024-11-30', '--step', 'verification', '--json'], env)
    const b = JSON.parse(json.out) as { rows: { villageCode: string; step: string }[]; totals: { villages: number } }
    expect(b.rows.map((r) => [r.villageCode, r.step])).toEqual([['340122101', 'verification']])
    expect(b.totals.villages).toBe(1)

    const bad = await sanzi(['campaign', 'board', '--db', db, '--as', 'zhuguan', '--step', '归档'], env)
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('未知的步骤「归档」，可选：清理、登记、核实、公示、确认、上报、未发起')
    expect((await sanzi(['campaign', 'board', '--db', db, '--as', 'zhuguan', '--deadline', '2025-02-30'], env)).err).toContain('「--deadline」应为 YYYY-MM-DD 的有效日期')
  })

  it('rollup writes the workbook to --out and says what it summed; a non-.xlsx --out is refused', async () => {
    const to = join(t.dir, '汇总.xlsx')
    const r = await sanzi(['campaign', 'rollup', '--db', db, '--as', 'zhuguan', '--date', '2024-11-30', '--out', to], env)
    expect(r, r.err).toMatchObject({ code: 0 })
    expect(r.out).toContain(`已导出：${to}`)
    expect(r.out).toContain('汇总 2 个村，未发起或仍在清理 5 个')
    expect(existsSync(to)).toBe(true)
    const bad = await sanzi(['campaign', 'rollup', '--db', db, '--as', 'zhuguan', '--date', '2024-11-30', '--out', join(t.dir, '汇总.csv')], env)
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('导出文件须以 .xlsx 结尾')
    const noDate = await sanzi(['campaign', 'rollup', '--db', db, '--as', 'zhuguan', '--out', to], env)
    expect(noDate.code).not.toBe(0)
  })
})
