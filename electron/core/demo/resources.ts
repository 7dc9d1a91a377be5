import type { Kysely } from 'kysely'
import type { Ownership, UseStatus } from '../../../shared/registers/parcels'
import type { Database } from '../db/schema'
import { insertParcel } from '../registers/parcels'
import { Prng } from './books'

/**
 * The demo village's 资源 register: parcels of mixed 地类 and 使用状况, areas to 0.0001 亩. The parcels a demo
 * contract lets out carry a `role` (demo/contracts.ts finds them by it); one parcel is marked 发包 with no
 * contract at all, for the 应签尽签 check.
 */
/** the tenant of the 标准厂房 and of the land under them */
export const FACTORY_TENANT = '合肥恒瑞包装材料有限公司'

export type ParcelRole = 'pond' | 'factoryLand' | 'nursery1' | 'nursery2' | 'orchard' | 'paddy1' | 'paddy2' | 'unsigned'

interface Template {
  name: string
  landClass: string
  /** area range in whole 亩 */
  area: [number, number]
  status: UseStatus
  place: string
  user?: string
  group?: number
  role?: ParcelRole
  /** a 不动产权证 number is kept for construction land */
  certified?: boolean
}

/** the let-out parcels (always present) and the others (a village keeps a random selection of them) */
const LET_OUT: Template[] = [
  { name: '大塘鱼塘', landClass: '坑塘水面', area: [30, 80], status: 'contracted', place: '大塘', user: '杨桥渔业养殖专业合作社', role: 'pond' },
  { name: '工业集中区厂区用地', landClass: '集体经营性建设用地', area: [8, 20], status: 'leased', place: '村工业集中区', user: FACTORY_TENANT, role: 'factoryLand', certified: true },
  { name: '北岗苗圃一号地', landClass: '旱地', area: [40, 120], status: 'contracted', place: '北岗', user: '肥东鑫达苗木有限公司', role: 'nursery1' },
  { name: '北岗苗圃二号地', landClass: '旱地', area: [20, 60], status: 'contracted', place: '北岗', user: '肥东鑫达苗木有限公司', role: 'nursery2' },
  { name: '东山果园', landClass: '果园', area: [30, 90], status: 'contracted', place: '东山', user: '肥东华农果业有限公司', role: 'orchard' },
  { name: '圩区水田一片', landClass: '水田', area: [60, 150], status: 'contracted', place: '圩区', user: '肥东丰收种植专业合作社', role: 'paddy1' },
  { name: '圩区水田二片', landClass: '水田', area: [40, 100], status: 'contracted', place: '圩区', user: '肥东丰收种植专业合作社', role: 'paddy2' },
  { name: '新开河果园', landClass: '果园', area: [5, 20], status: 'contracted', place: '新开河', user: '邱波忠', role: 'unsigned' },
]

const OTHERS: Template[] = [
  { name: '一组责任田', landClass: '水田', area: [150, 400], status: 'household', place: '一组', user: '第一村民小组农户', group: 0 },
  { name: '二组责任田', landClass: '水田', area: [120, 350], status: 'household', place: '二组', user: '第二村民小组农户', group: 1 },
  { name: '三组责任田', landClass: '旱地', area: [80, 250], status: 'household', place: '三组', user: '第三村民小组农户', group: 2 },
  { name: '南岗茶园', landClass: '茶园', area: [10, 40], status: 'household', place: '南岗', user: '承包到户（12户）' },
  { name: '后山林地', landClass: '乔木林地', area: [100, 500], status: 'selfRun', place: '后山' },
  { name: '西山竹园', landClass: '竹林地', area: [10, 50], status: 'selfRun', place: '西山' },
  { name: '西塘', landClass: '坑塘水面', area: [3, 15], status: 'idle', place: '西塘' },
  { name: '村部办公用地', landClass: '公共管理与公共服务用地', area: [2, 6], status: 'selfRun', place: '村部', certified: true },
  { name: '文化广场', landClass: '公园与绿地', area: [1, 5], status: 'other', place: '村部西侧' },
  { name: '老砖窑旧址', landClass: '集体经营性建设用地', area: [5, 18], status: 'idle', place: '老砖窑', certified: true },
  { name: '东坡荒地', landClass: '四荒地', area: [15, 60], status: 'idle', place: '东坡' },
  { name: '主干机耕路', landClass: '农村道路', area: [6, 20], status: 'other', place: '全村' },
  { name: '灌溉干渠', landClass: '沟渠', area: [8, 25], status: 'other', place: '圩区' },
  { name: '泵站用地', landClass: '水工建筑用地', area: [1, 3], status: 'selfRun', place: '北岗', certified: true },
  { name: '设施大棚用地', landClass: '设施农用地', area: [10, 30], status: 'idle', place: '东山脚' },
  { name: '河滩草地', landClass: '其他草地', area: [10, 40], status: 'idle', place: '河滩' },
]

const BOUNDS = ['村道', '沟渠', '农户承包地', '林地', '河堤', '机耕路', '水塘', '村民住宅', '县道', '山脚', '集体荒地', '邻村地界']
const GROUPS = ['第一村民小组', '第二村民小组', '第三村民小组']

export interface DemoParcel {
  id: number
  code: string
  name: string
  area: number
}

/** Registers 16–24 parcels (all let-out ones plus a selection of the others); returns the let-out ones by role. */
export async function seedDemoParcels(db: Kysely<Database>, villageId: number, seed: number, operatorId: number): Promise<Map<ParcelRole, DemoParcel>> {
  const r = new Prng(seed)
  const v = await db.selectFrom('village').select(['code', 'name', 'start_period']).where('id', '=', villageId).executeTakeFirstOrThrow()
  const place = v.name.replace(/股份经济合作社$/, '')
  const keep = OTHERS.filter(() => r.next() < 0.7)
  // mixed order: the let-out parcels are not all at the top of the register
  const chosen = [...LET_OUT, ...(keep.length >= 8 ? keep : OTHERS.slice(0, 8))].map((t) => ({ t, k: r.next() })).sort((a, b) => a.k - b.k).map((x) => x.t)
  const out = new Map<ParcelRole, DemoParcel>()
  for (const [i, t] of chosen.entries()) {
    const seq = i + 1
    const code = `ZY${String(seq).padStart(3, '0')}`
    const area = r.int(t.area[0] * 10_000, t.area[1] * 10_000)
    const ownership: Ownership = t.group !== undefined ? 'group' : 'village'
    const construction = t.landClass.includes('建设用地') || t.certified === true
    const id = await insertParcel(
      db,
      villageId,
      {
        code,
        name: t.name,
        land_class: t.landClass,
        area,
        location: `长临河镇${place}${t.place}`,
        east: `${r.pick(BOUNDS)}`,
        south: `${r.pick(BOUNDS)}`,
        west: `${r.pick(BOUNDS)}`,
        north: `${r.pick(BOUNDS)}`,
        // 县 6 位 + 乡镇 3 位 + 村 3 位 + 特征码 2 位 + 顺序号 5 位
        parcel_no: `340122104${v.code.slice(6, 9)}${construction ? 'JC' : 'JA'}${String(r.int(1, 99_999)).padStart(5, '0')}`,
        certificate_no: t.certified ? `皖(20${r.int(17, 23)})肥东县不动产权第${String(r.int(1, 9_999_999)).padStart(7, '0')}号` : null,
        ownership,
        owner_name: t.group !== undefined ? (GROUPS[t.group] as string) : null,
        use_status: t.status,
        user_name: t.user ?? null,
        note: t.role === 'unsigned' ? '口头约定由农户经营，尚未签订书面合同' : null,
      },
      `${v.start_period}-01`,
      operatorId,
      '建账时登记',
    )
    if (t.role) out.set(t.role, { id, code, name: t.name, area })
  }
  return out
}
