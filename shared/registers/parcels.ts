/**
 * 资源性资产 (parcels): the words of the register — code values in English, labels in Chinese — the 地类 list
 * (GB/T 21010-2017 土地利用现状分类, with the collective-land terms village ledgers also use) and the area, kept as
 * an integer of ten-thousandths of a 亩 (0.0001 亩), never a float.
 */
export const USE_STATUSES = ['selfRun', 'contracted', 'leased', 'idle', 'household', 'other'] as const
export type UseStatus = (typeof USE_STATUSES)[number]
export const USE_STATUS_LABELS: Record<UseStatus, string> = {
  selfRun: '自营',
  contracted: '发包',
  leased: '出租',
  idle: '闲置',
  household: '承包到户',
  other: '其他',
}
/** statuses under which the parcel is let out: a contract in force must cover it (应签尽签) */
export const LET_OUT_USE_STATUSES: readonly UseStatus[] = ['contracted', 'leased']

/** the labels and the words other ledgers use for them */
export const USE_STATUS_WORDS: Record<string, UseStatus> = {
  ...Object.fromEntries(Object.entries(USE_STATUS_LABELS).map(([k, v]) => [v, k as UseStatus])),
  自用: 'selfRun',
  自主经营: 'selfRun',
  集体自营: 'selfRun',
  承包: 'contracted',
  租赁: 'leased',
  租出: 'leased',
  空闲: 'idle',
  家庭承包: 'household',
  承包到户经营: 'household',
}

export const OWNERSHIPS = ['village', 'group'] as const
export type Ownership = (typeof OWNERSHIPS)[number]
export const OWNERSHIP_LABELS: Record<Ownership, string> = { village: '村集体', group: '村民小组' }

/** 权属 as written in a ledger: “杨桥四组”, “第三村民小组” are groups; anything else is the village's. */
export function ownershipOf(text: string): { ownership: Ownership; ownerName: string | null } {
  const t = text.trim()
  if (t === '' || t === '村' || t === '村集体' || t === OWNERSHIP_LABELS.village) return { ownership: 'village', ownerName: null }
  if (/(组|小组|村民组)$/.test(t) || t === OWNERSHIP_LABELS.group) return { ownership: 'group', ownerName: t === OWNERSHIP_LABELS.group ? null : t }
  return { ownership: 'village', ownerName: t }
}

/**
 * 地类: GB/T 21010-2017 一级类 and the 二级类 village resources usually are, then the collective-land terms
 * (三大类, 集体经营性建设用地 …) ledgers keep. The register stores the text; these are the accepted ones.
 */
export const GB21010_CLASSES: readonly { code: string; name: string }[] = [
  { code: '01', name: '耕地' },
  { code: '0101', name: '水田' },
  { code: '0102', name: '水浇地' },
  { code: '0103', name: '旱地' },
  { code: '02', name: '园地' },
  { code: '0201', name: '果园' },
  { code: '0202', name: '茶园' },
  { code: '0203', name: '橡胶园' },
  { code: '0204', name: '其他园地' },
  { code: '03', name: '林地' },
  { code: '0301', name: '乔木林地' },
  { code: '0302', name: '竹林地' },
  { code: '0305', name: '灌木林地' },
  { code: '0307', name: '其他林地' },
  { code: '04', name: '草地' },
  { code: '0401', name: '天然牧草地' },
  { code: '0403', name: '人工牧草地' },
  { code: '0404', name: '其他草地' },
  { code: '05', name: '商服用地' },
  { code: '06', name: '工矿仓储用地' },
  { code: '0601', name: '工业用地' },
  { code: '0604', name: '仓储用地' },
  { code: '07', name: '住宅用地' },
  { code: '0702', name: '农村宅基地' },
  { code: '08', name: '公共管理与公共服务用地' },
  { code: '0809', name: '公用设施用地' },
  { code: '0810', name: '公园与绿地' },
  { code: '09', name: '特殊用地' },
  { code: '10', name: '交通运输用地' },
  { code: '1006', name: '农村道路' },
  { code: '11', name: '水域及水利设施用地' },
  { code: '1101', name: '河流水面' },
  { code: '1103', name: '水库水面' },
  { code: '1104', name: '坑塘水面' },
  { code: '1107', name: '沟渠' },
  { code: '1109', name: '水工建筑用地' },
  { code: '12', name: '其他土地' },
  { code: '1202', name: '设施农用地' },
  { code: '1203', name: '田坎' },
  { code: '1206', name: '裸土地' },
]

export const COLLECTIVE_LAND_TERMS = ['农用地', '建设用地', '未利用地', '其他农用地', '其他建设用地', '集体经营性建设用地', '宅基地', '四荒地', '交通运输和水利设施用地', '养殖水面'] as const

export const LAND_CLASSES: readonly string[] = [...GB21010_CLASSES.map((c) => c.name), ...COLLECTIVE_LAND_TERMS]

/** A 地类 as typed: the name, or its GB/T 21010 code (“1104”). Null when it is none of the accepted ones. */
export function landClassOf(text: string): string | null {
  const t = text.trim().replace(/\s/g, '')
  if (LAND_CLASSES.includes(t)) return t
  return GB21010_CLASSES.find((c) => c.code === t)?.name ?? null
}

/** 10^7 亩 in ten-thousandths: a bound no village parcel comes near */
export const MAX_AREA = 100_000_000_000
export const AREA_SCALE = 10_000

export type AreaParse = { ok: true; value: number } | { ok: false; reason: string }

/**
 * An area in 亩 typed or imported as text or number: at most 4 decimals, greater than 0, at most 10,000,000 亩.
 * Returns ten-thousandths of a 亩 (193.1521 → 1931521); never rounds.
 */
export function parseArea(input: string | number, label = '面积(亩)'): AreaParse {
  let t: string
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: `「${label}」不是有效数字` }
    // the shortest text of the double: 193.1521 reads back as written, 0.30000000000000004 is refused below
    t = String(input)
    if (/e/i.test(t)) return { ok: false, reason: `「${label}」${t} 超出合理范围` }
  } else t = input.trim()
  if (t === '') return { ok: false, reason: `「${label}」不能为空` }
  if (t.startsWith('-')) return { ok: false, reason: `「${label}」不能为负数（“${t}”）` }
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(t)
  if (!m) return { ok: false, reason: `「${label}」应为不带单位的数字，最多 4 位小数（不能是“${t}”）` }
  const decimals = m[2] ?? ''
  if (decimals.length > 4) return { ok: false, reason: `「${label}」最多 4 位小数（“${t}”），不会四舍五入` }
  const whole = m[1] as string
  if (whole.length > 8) return { ok: false, reason: `「${label}」${t} 超出合理范围（不超过 10,000,000 亩）` }
  const value = Number(whole) * AREA_SCALE + Number(decimals.padEnd(4, '0'))
  if (value === 0) return { ok: false, reason: `「${label}」必须大于 0` }
  if (value > MAX_AREA) return { ok: false, reason: `「${label}」${t} 超出合理范围（不超过 10,000,000 亩）` }
  return { ok: true, value }
}

/** ten-thousandths of a 亩 as the decimal text of the API: 1931521 → "193.1521", 22000 → "2.2" */
export function areaText(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`不是有效的面积：${value}`)
  const whole = Math.floor(value / AREA_SCALE)
  const frac = String(value % AREA_SCALE).padStart(4, '0').replace(/0+$/, '')
  return frac === '' ? String(whole) : `${whole}.${frac}`
}
