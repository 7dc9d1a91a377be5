import Decimal from 'decimal.js'
import type { AssetStatus, DepreciationMethod } from './depreciation'

/**
 * 固定资产卡片: the words of the card (domain.md §4.3, issue 4) — code values in English, labels in Chinese.
 */
export const ASSET_NATURES = ['operating', 'nonOperating', 'publicWelfare'] as const
export type AssetNature = (typeof ASSET_NATURES)[number]
export const ASSET_NATURE_LABELS: Record<AssetNature, string> = { operating: '经营性', nonOperating: '非经营性', publicWelfare: '公益性' }

export const ASSET_STATUSES = ['inUse', 'leased', 'lent', 'contracted', 'idle', 'scrapped'] as const satisfies readonly AssetStatus[]
export const ASSET_STATUS_LABELS: Record<AssetStatus, string> = {
  inUse: '在用',
  leased: '出租',
  lent: '出借',
  contracted: '发包',
  idle: '闲置',
  scrapped: '报废',
}

export const DEPRECIATION_METHODS = ['straightLine', 'none'] as const satisfies readonly DepreciationMethod[]
export const DEPRECIATION_METHOD_LABELS: Record<DepreciationMethod, string> = { straightLine: '年限平均法', none: '不计提' }

/** 资产类别: the usual classes; the card keeps the text, so a province's own classes still fit */
export const ASSET_CATEGORIES = ['房屋及建筑物', '机器设备', '运输设备', '办公设备', '电子设备', '农业基本建设设施', '家具用具', '其他'] as const
export const BUILDING_CATEGORY = '房屋及建筑物'

export const ACQUISITION_MODES = ['购置', '自建', '捐赠', '投资投入', '财政项目形成', '一事一议', '改扩建', '盘盈', '其他'] as const
export type AcquisitionMode = (typeof ACQUISITION_MODES)[number]
export const FUND_SOURCES = ['集体自筹', '财政项目', '一事一议', '捐赠', '其他'] as const
export type FundSource = (typeof FUND_SOURCES)[number]

export const DISPOSAL_MODES = ['出售', '报废', '毁损', '无偿调出', '对外投资', '其他'] as const
export type DisposalMode = (typeof DISPOSAL_MODES)[number]

/** Movement kinds of the 台账 (every register item keeps these; nothing is overwritten). */
export const MOVEMENT_KINDS = ['register', 'acquire', 'change', 'revalue', 'dispose', 'receipt', 'terminate', 'close'] as const
export type MovementKind = (typeof MOVEMENT_KINDS)[number]
export const MOVEMENT_KIND_LABELS: Record<MovementKind, string> = {
  register: '建卡登记',
  acquire: '新增',
  change: '变更',
  revalue: '重估',
  dispose: '处置',
  receipt: '收款',
  terminate: '终止',
  close: '销户',
}

export type DecimalParse = { ok: true; value: string } | { ok: false; reason: string }

/**
 * A non-negative decimal quantity typed or imported as text (面积, 数量, 净残值率): at most `places` decimals, no
 * exponent, no grouping. Returned in canonical form ("1.5", "0.05", "193.1521").
 */
export function parseMeasure(text: string, label: string, places: number, max: string): DecimalParse {
  const t = text.trim()
  if (t === '') return { ok: false, reason: `「${label}」不能为空` }
  if (!/^\d{1,12}(\.\d+)?$/.test(t)) return { ok: false, reason: `「${label}」应为不带单位的非负数字，例如 12.5（不能是“${t}”）` }
  const d = new Decimal(t)
  if (d.decimalPlaces() > places) return { ok: false, reason: `「${label}」最多 ${places} 位小数（“${t}”）` }
  if (d.greaterThan(max)) return { ok: false, reason: `「${label}」${t} 超出合理范围（不超过 ${max}）` }
  return { ok: true, value: d.toFixed() }
}

/** 净残值率: 0 ≤ rate < 1 with at most 4 decimals; "5%" is accepted as 0.05. */
export function parseSalvageRate(text: string): DecimalParse {
  const t = text.trim()
  const percent = t.endsWith('%')
  const r = parseMeasure(percent ? t.slice(0, -1) : t, '净残值率', percent ? 2 : 4, percent ? '99.99' : '0.9999')
  if (!r.ok) return percent ? { ok: false, reason: '「净残值率」应在 0 到 1 之间（或 0% 到 99.99%），最多 4 位小数' } : { ok: false, reason: r.reason.replace(/超出合理范围（不超过 0.9999）/, '应小于 1') }
  return { ok: true, value: percent ? new Decimal(r.value).dividedBy(100).toFixed() : r.value }
}
