import Decimal from 'decimal.js'
import type { Kysely } from 'kysely'
import type { Fen } from '../../../shared/money'
import { monthlyCharge } from '../../../shared/registers/depreciation'
import type { Database } from '../db/schema'
import { insertCard, type CardFields } from '../registers/assets'
import { Prng, type BookCodes } from './books'

/**
 * The demo village's fixed-asset cards: they split the opening balances of 15101/15102 (原值) and 15201/15202
 * (累计折旧) exactly, so that the 台账 ties to the books from the first day; the monthly depreciation of the demo
 * books is then charged from these cards by the real depreciation run.
 */
interface Template {
  name: string
  category: string
  unit: string
  life: number
  /** where the charge goes: 51101 出租资产折旧, 51307 管理费用/折旧费, 51406 公益性固定资产折旧 */
  expense: '51101' | '51307' | '51406'
  status: 'inUse' | 'leased' | 'idle'
  location: string
}

const OPERATING: Template[] = [
  { name: '临街门面房1号', category: '房屋及建筑物', unit: '间', life: 300, expense: '51101', status: 'leased', location: '村部临街' },
  { name: '临街门面房2号', category: '房屋及建筑物', unit: '间', life: 300, expense: '51101', status: 'leased', location: '村部临街' },
  { name: '标准厂房A幢', category: '房屋及建筑物', unit: '幢', life: 300, expense: '51101', status: 'leased', location: '村工业集中区' },
  { name: '标准厂房B幢', category: '房屋及建筑物', unit: '幢', life: 300, expense: '51101', status: 'leased', location: '村工业集中区' },
  { name: '仓储用房', category: '房屋及建筑物', unit: '幢', life: 240, expense: '51101', status: 'idle', location: '村工业集中区' },
  { name: '冷藏库', category: '房屋及建筑物', unit: '座', life: 180, expense: '51101', status: 'leased', location: '农贸市场东侧' },
  { name: '光伏发电设备', category: '机器设备', unit: '套', life: 240, expense: '51101', status: 'inUse', location: '村部屋顶' },
  { name: '联合收割机', category: '机器设备', unit: '台', life: 120, expense: '51101', status: 'leased', location: '农机合作社' },
]

const NON_OPERATING: Template[] = [
  { name: '村委会办公楼', category: '房屋及建筑物', unit: '幢', life: 360, expense: '51307', status: 'inUse', location: '村部' },
  { name: '党群服务中心', category: '房屋及建筑物', unit: '幢', life: 360, expense: '51307', status: 'inUse', location: '村部' },
  { name: '办公电脑', category: '办公设备', unit: '台', life: 60, expense: '51307', status: 'inUse', location: '村部财务室' },
  { name: '视频监控系统', category: '机器设备', unit: '套', life: 96, expense: '51307', status: 'inUse', location: '全村主要路口' },
  { name: '文化礼堂', category: '房屋及建筑物', unit: '幢', life: 360, expense: '51406', status: 'inUse', location: '村部西侧' },
  { name: '村卫生室', category: '房屋及建筑物', unit: '幢', life: 300, expense: '51406', status: 'inUse', location: '村部南侧' },
  { name: '太阳能路灯', category: '农业基本建设设施', unit: '盏', life: 120, expense: '51406', status: 'inUse', location: '村内道路' },
  { name: '村内主干道硬化', category: '农业基本建设设施', unit: '米', life: 240, expense: '51406', status: 'inUse', location: '全村' },
  { name: '灌溉泵站', category: '农业基本建设设施', unit: '座', life: 180, expense: '51406', status: 'inUse', location: '北岗' },
  { name: '室外健身器材', category: '其他', unit: '套', life: 96, expense: '51406', status: 'inUse', location: '村文化广场' },
]

/** Splits `total` by random weights into parts that sum to it exactly. */
function split(total: Fen, n: number, r: Prng): Fen[] {
  const weights = Array.from({ length: n }, () => r.int(5, 30))
  const sum = weights.reduce((a, b) => a + b, 0)
  const parts = weights.map((w) => new Decimal(total).times(w).dividedToIntegerBy(sum).toNumber())
  parts[n - 1] = total - parts.slice(0, -1).reduce((a, b) => a + b, 0)
  return parts
}

function monthsBack(period: string, n: number): string {
  const total = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 - n
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

export async function seedDemoCards(db: Kysely<Database>, villageId: number, codes: BookCodes, seed: number, operatorId: number): Promise<number> {
  const r = new Prng(seed)
  const opening = new Map<number, Fen>()
  for (const o of await db.selectFrom('opening_balance').select(['account_id', 'amount']).where('village_id', '=', villageId).execute()) {
    opening.set(o.account_id, (opening.get(o.account_id) ?? 0) + o.amount)
  }
  const start = (await db.selectFrom('village').select('start_period').where('id', '=', villageId).executeTakeFirstOrThrow()).start_period
  let made = 0
  for (const [prefix, templates, asset, acc, nature] of [
    ['J', OPERATING, '15101', '15201', 'operating'],
    ['F', NON_OPERATING, '15102', '15202', 'nonOperating'],
  ] as const) {
    const originals = split(opening.get(codes.id(asset)) ?? 0, templates.length, r)
    const total = originals.reduce((a, b) => a + b, 0)
    const accTotal = -(opening.get(codes.id(acc)) ?? 0)
    // accumulated in proportion to cost (the demo openings keep it well under 95% of cost)
    const accs = originals.map((o) => Math.floor((o * accTotal) / Math.max(total, 1)))
    accs[accs.length - 1] = accTotal - accs.slice(0, -1).reduce((a, b) => a + b, 0)
    for (const [i, t] of templates.entries()) {
      const original = originals[i] as Fen
      if (original <= 0) continue
      const accumulated = accs[i] as Fen
      const card = { originalValue: original, salvageRate: '0.05', usefulLifeMonths: t.life, method: 'straightLine' as const }
      const monthly = Math.max(monthlyCharge(card), 1)
      const elapsed = Math.min(Math.floor(accumulated / monthly), t.life - 1)
      const fields: CardFields = {
        code: `${prefix}${String(i + 1).padStart(5, '0')}`,
        name: t.name,
        category: t.category,
        nature,
        spec: null,
        unit: t.unit,
        quantity: '1',
        location: t.location,
        custodian: null,
        acquisition_mode: t.expense === '51406' ? '财政项目形成' : t.category === '房屋及建筑物' ? '自建' : '购置',
        fund_source: t.expense === '51406' ? '财政项目' : '集体自筹',
        acquired_on: `${monthsBack(start, elapsed + 1)}-15`,
        original_value: original,
        useful_life_months: t.life,
        salvage_rate: '0.05',
        method: 'straightLine',
        status: t.status,
        certificate_no: null,
        building_area: null,
        land_area: null,
        asset_account_id: codes.id(asset),
        accumulated_account_id: codes.id(acc),
        expense_account_id: codes.id(t.expense),
        opening_accumulated: accumulated,
        note: null,
      }
      await insertCard(db, { villageId, fields, entry: 'register', voucherId: null, operatorId, note: '建账时登记' })
      made++
    }
  }
  return made
}
