/**
 * The registers part of `npm run bench` (BENCH_ONLY=registers): one village with BENCH_ASSETS fixed-asset cards
 * (default 5,000, the size), imported from a generated workbook through the real importer; then the
 * register page, a card with its history, the depreciation preview and run of a month, and reconciliation.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import { Engine } from '../../electron/core/engine'
import { campaignVillageBench } from './campaign'
import { median } from './median'

const ASSETS = Number(process.env.BENCH_ASSETS ?? 5000)
const PARCELS = Number(process.env.BENCH_PARCELS ?? 3000)
const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 1000)
const LAND = ['耕地', '园地', '林地', '草地', '其他农用地', '工矿仓储用地', '商服用地', '未利用地']
const CATEGORIES = ['房屋及建筑物', '机器设备', '运输设备', '办公设备', '农业基本建设设施', '其他']

async function cardsWorkbook(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('固定资产卡片')
  ws.addRow(['资产编码', '名称', '类别', '经营性/非经营性', '数量', '坐落/存放地点', '取得方式', '资金来源', '取得日期', '原值', '预计使用年限(月)', '净残值率', '折旧方法', '累计折旧', '使用状况', '管护人'])
  for (let i = 0; i < n; i++) {
    const operating = i % 3 === 0
    const year = 2005 + (i % 19)
    const month = 1 + (i % 12)
    const original = 1000 + ((i * 7919) % 2_000_000) // 元
    const life = [60, 96, 120, 180, 240, 300, 360][i % 7] as number
    // accumulated to 2023-12 at most the depreciable amount (straight line, 5% salvage)
    const months = Math.max(0, (2023 - year) * 12 + (12 - month))
    const monthly = Math.round((original * 95) / life) // 分
    const accumulated = Math.min(months * monthly, original * 95) / 100
    ws.addRow([
      `${operating ? 'J' : 'F'}${String(i + 1).padStart(6, '0')}`,
      `资产${i + 1}`,
      CATEGORIES[i % CATEGORIES.length],
      operating ? '经营性' : '非经营性',
      1 + (i % 5),
      `第${1 + (i % 12)}村民小组`,
      '购置',
      '集体自筹',
      `${year}-${String(month).padStart(2, '0')}-15`,
      original,
      life,
      0.05,
      '年限平均法',
      accumulated,
      i % 11 === 0 ? '出租' : '在用',
      `管护人${i % 40}`,
    ])
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function parcelsWorkbook(n: number, let_: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('资源性资产台账')
  ws.addRow(['资源编号', '名称', '地类', '面积(亩)', '坐落', '东至', '南至', '西至', '北至', '宗地号', '权属', '使用状况', '承包方/承租方', '合同编号'])
  for (let i = 0; i < n; i++) {
    const leased = i < let_
    ws.addRow([
      `ZY${String(i + 1).padStart(5, '0')}`,
      `地块${i + 1}`,
      LAND[i % LAND.length],
      `${1 + (i % 300)}.${String((i * 37) % 10000).padStart(4, '0')}`,
      `第${1 + (i % 12)}村民小组`,
      '沟渠',
      '道路',
      '河道',
      '林地',
      `340122106211JA${String(i + 1).padStart(5, '0')}`,
      '杨桥村股份经济合作社',
      leased ? '发包' : i % 3 === 0 ? '承包到户' : '自营',
      leased ? `承包户${i + 1}` : null,
      leased ? `HT${String(i + 1).padStart(5, '0')}` : null,
    ])
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function contractsWorkbook(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('合同台账')
  ws.addRow(['合同编号', '合同名称', '类型', '甲方', '乙方', '标的编号', '起始日期', '终止日期', '合同金额', '收款方式', '递增', '保证金', '决议日期', '已收金额', '年租金(首年)'])
  for (let i = 0; i < n; i++) {
    const annual = 1000 + ((i * 131) % 50_000)
    ws.addRow([`HT${String(i + 1).padStart(5, '0')}`, `地块${i + 1}承包合同`, '发包', '杨桥村股份经济合作社', `承包户${i + 1}`, `ZY${String(i + 1).padStart(5, '0')}`, '2024-01-01', '2033-12-31', annual * 10, '按年', '无', 0, '2023-11-20', 0, annual])
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function registersBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sanzi-bench-registers-'))
  try {
    console.log(`\n== 三资台账 — 1 个村，${ASSETS} 张固定资产卡片`)
    const engine = await Engine.open(join(dir, 'registers.db'), { create: true })
    const s = engine.createSession()
    await engine.invoke(s, 'setup.loadDemo', { villages: 1, password: 'Bench2024', books: false })
    await engine.invoke(s, 'auth.signIn', { username: 'zhuguan', password: 'Bench2024' })
    const village = (await engine.invoke(s, 'village.list', {})).find((v) => v.level === 'village') as { id: number }
    for (const [code, name] of [
      ['15101', '经营性固定资产'],
      ['15102', '非经营性固定资产'],
      ['15201', '经营性固定资产累计折旧'],
      ['15202', '非经营性固定资产累计折旧'],
      ['51101', '出租资产折旧'],
      ['51307', '折旧费'],
    ] as const) {
      const have = (await engine.invoke(s, 'account.list', { villageId: village.id })).some((a) => a.code === code)
      if (!have) await engine.invoke(s, 'account.create', { villageId: village.id, code, name, auxKind: null })
    }
    const file = { fileName: 'cards.xlsx', contentBase64: (await cardsWorkbook(ASSETS)).toString('base64') }
    let t0 = performance.now()
    const preview = await engine.invoke(s, 'import.assets', { villageId: village.id, file, commit: false })
    const checkMs = performance.now() - t0
    t0 = performance.now()
    const imported = await engine.invoke(s, 'import.assets', { villageId: village.id, file, commit: true })
    console.log(`import ${imported.cards} cards: check ${checkMs.toFixed(0)} ms, commit ${(performance.now() - t0).toFixed(0)} ms (errors in preview: ${preview.errorCount})`)

    await median('register page: first 100 cards with totals', () => engine.invoke(s, 'asset.list', { villageId: village.id, limit: 100 }), 21)
    await median('register page: search "资产12" ', () => engine.invoke(s, 'asset.list', { villageId: village.id, search: '资产12', limit: 100 }), 21)
    await median('register page: as of 2024-06-30 (history replayed)', () => engine.invoke(s, 'asset.list', { villageId: village.id, asOf: '2024-06-30', limit: 100 }), 11)
    const some = (await engine.invoke(s, 'asset.list', { villageId: village.id, limit: 1 })).rows[0] as { id: number }
    await median('one card with its movements and depreciation', () => engine.invoke(s, 'asset.get', { villageId: village.id, assetId: some.id }), 21)
    await median('depreciation preview, one month', () => engine.invoke(s, 'depreciation.preview', { villageId: village.id, period: '2024-01' }), 7)
    // run, cancel, run again: each run is one write transaction drafting its voucher
    const runs: number[] = []
    for (let i = 0; i < 5; i++) {
      t0 = performance.now()
      await engine.invoke(s, 'depreciation.run', { villageId: village.id, period: '2024-01' })
      runs.push(performance.now() - t0)
      if (i < 4) await engine.invoke(s, 'depreciation.cancel', { villageId: village.id, period: '2024-01', reason: '基准测试重算' })
    }
    runs.sort((a, b) => a - b)
    console.log(`${'depreciation run, one village-month (5 runs)'.padEnd(52)} median ${(runs[2] as number).toFixed(2).padStart(9)} ms`)
    await median('reconcile registers with the books', () => engine.invoke(s, 'register.reconcile', { villageId: village.id, date: '2024-01-31' }), 7)

    // 资源 and 合同: parcels first (contracts name them as subjects)
    for (const [label, method, bytes] of [
      [`${PARCELS} parcels`, 'import.resources', await parcelsWorkbook(PARCELS, CONTRACTS)],
      [`${CONTRACTS} contracts`, 'import.contracts', await contractsWorkbook(CONTRACTS)],
    ] as const) {
      t0 = performance.now()
      const r = await engine.invoke(s, method, { villageId: village.id, file: { fileName: `${method}.xlsx`, contentBase64: bytes.toString('base64') }, commit: true })
      console.log(`import ${label}: ${(performance.now() - t0).toFixed(0)} ms (committed: ${r.committed})`)
    }
    await median('parcel register page: first 100 with area totals', () => engine.invoke(s, 'parcel.list', { villageId: village.id, limit: 100 }), 11)
    await median('contract register page: first 100 with arrears', () => engine.invoke(s, 'contract.list', { villageId: village.id, limit: 100 }), 11)
    await median('alerts (overdue, expiring, let out without contract)', () => engine.invoke(s, 'register.alerts', { villageId: village.id, date: '2024-12-31' }), 5)
    await median('三资明白台账 workbook export (all sheets)', () => engine.invoke(s, 'register.export', { villageId: village.id, date: '2024-12-31', to: join(dir, 'registers.xlsx') }), 3)
    await campaignVillageBench(engine, s, village.id, dir)
    await engine.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
