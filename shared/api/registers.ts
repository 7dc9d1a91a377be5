import { z } from 'zod'
import {
  ACQUISITION_MODES,
  ASSET_NATURE_LABELS,
  ASSET_NATURES,
  ASSET_STATUS_LABELS,
  ASSET_STATUSES,
  DEPRECIATION_METHOD_LABELS,
  DEPRECIATION_METHODS,
  DISPOSAL_MODES,
  FUND_SOURCES,
  parseMeasure,
  parseSalvageRate,
} from '../registers/assets'
import { amountField, dateField, enumField, idField, optionalText, periodField, requiredText } from '../validation'
import { BOOKKEEPERS, def, importInput } from './define'
import type { AssetCard, AssetImportResult, AssetList, AssetWriteResult, DepreciationPreview, DepreciationRun, ImportTemplateResult, ReconcileReport } from './registerTypes'

/** The 三资 registers' part of the API contract (spread into `methods` in contract.ts). */

const q = (label: string) => `「${label}」`

/** A measure typed as text ("193.1521"); kept as canonical decimal text, never a float. */
export function measureField(label: string, places: number, max: string) {
  return z.union([z.string({ error: `${q(label)}必须是数字文字` }), z.number({ error: `${q(label)}必须是数字` })]).transform((v, ctx) => {
    const r = parseMeasure(String(v), label, places, max)
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason })
      return z.NEVER
    }
    return r.value
  })
}

export function optionalMeasure(label: string, places: number, max: string) {
  return z
    .union([z.string(), z.number(), z.null()], { error: `${q(label)}必须是数字` })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || String(v).trim() === '') return null
      const r = parseMeasure(String(v), label, places, max)
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.reason })
        return z.NEVER
      }
      return r.value
    })
}

const salvageRateField = z.union([z.string({ error: '「净残值率」必须是数字文字，例如 0.05' }), z.number()]).transform((v, ctx) => {
  const r = parseSalvageRate(String(v))
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason })
    return z.NEVER
  }
  return r.value
})

const lifeField = z
  .number({ error: '「预计使用年限(月)」必须是数字' })
  .int({ error: '「预计使用年限(月)」必须是整数个月' })
  .min(0, { error: '「预计使用年限(月)」不能为负' })
  .max(1200, { error: '「预计使用年限(月)」不能超过 1200 个月（100 年）' })

const positiveAmount = (label: string) => amountField(label).refine((f) => f > 0, { error: `${q(label)}必须大于 0` })
const reasonField = requiredText('原因', 500)

/** The fields of a card a user may set; the register keeps the rest (accumulated depreciation, disposal). */
const cardFields = {
  code: requiredText('资产编码', 30),
  name: requiredText('资产名称', 60),
  category: requiredText('资产类别', 30),
  nature: enumField('资产性质', ASSET_NATURES, ASSET_NATURE_LABELS),
  spec: optionalText('规格型号', 100),
  unit: optionalText('计量单位', 10),
  quantity: measureField('数量', 4, '999999999').refine((v) => v !== '0', { error: '「数量」必须大于 0' }),
  location: optionalText('坐落/存放地点', 100),
  custodian: optionalText('管护人', 30),
  acquisitionMode: enumField('取得方式', ACQUISITION_MODES),
  fundSource: enumField('资金来源', FUND_SOURCES),
  acquiredOn: dateField('取得日期'),
  originalValue: positiveAmount('原值'),
  usefulLifeMonths: lifeField,
  salvageRate: salvageRateField,
  method: enumField('折旧方法', DEPRECIATION_METHODS, DEPRECIATION_METHOD_LABELS),
  status: enumField('使用状况', ASSET_STATUSES, ASSET_STATUS_LABELS),
  certificateNo: optionalText('产权证号', 60),
  buildingArea: optionalMeasure('建筑面积', 4, '99999999'),
  landArea: optionalMeasure('占地面积', 4, '99999999'),
  assetAccountId: idField('固定资产科目').optional(),
  accumulatedAccountId: idField('累计折旧科目').optional(),
  expenseAccountId: idField('折旧费用科目').optional(),
  note: optionalText('备注', 500),
}

const changeable = z.strictObject({
  name: cardFields.name.optional(),
  category: cardFields.category.optional(),
  nature: cardFields.nature.optional(),
  spec: cardFields.spec.optional(),
  unit: cardFields.unit.optional(),
  quantity: cardFields.quantity.optional(),
  location: cardFields.location.optional(),
  custodian: cardFields.custodian.optional(),
  fundSource: cardFields.fundSource.optional(),
  usefulLifeMonths: lifeField.optional(),
  salvageRate: salvageRateField.optional(),
  method: cardFields.method.optional(),
  status: cardFields.status.optional(),
  certificateNo: cardFields.certificateNo.optional(),
  buildingArea: cardFields.buildingArea.optional(),
  landArea: cardFields.landArea.optional(),
  assetAccountId: cardFields.assetAccountId,
  accumulatedAccountId: cardFields.accumulatedAccountId,
  expenseAccountId: cardFields.expenseAccountId,
})

const ASSET_EDITORS = [...BOOKKEEPERS, 'cashier'] as const

export const registerMethods = {
  'asset.list': def<AssetList>()({
    input: z.strictObject({
      villageId: idField('村'),
      asOf: dateField('截止日期').optional(),
      search: optionalText('关键字', 60),
      category: optionalText('资产类别', 30),
      nature: enumField('资产性质', ASSET_NATURES, ASSET_NATURE_LABELS).optional(),
      status: enumField('使用状况', ASSET_STATUSES, ASSET_STATUS_LABELS).optional(),
      includeDisposed: z.boolean({ error: '「含已处置」只能是“是”或“否”' }).default(false),
      offset: z.number({ error: '「起始行」必须是数字' }).int().min(0).default(0),
      limit: z.number({ error: '「每页行数」必须是数字' }).int().min(1).max(10_000, { error: '「每页行数」最多 10000' }).default(100),
    }),
    access: 'signedIn',
    write: false,
    title: '查看固定资产台账',
  }),
  'asset.get': def<AssetCard>()({
    input: z.strictObject({ villageId: idField('村'), assetId: idField('固定资产'), asOf: dateField('截止日期').optional() }),
    access: 'signedIn',
    write: false,
    title: '查看固定资产卡片',
  }),
  'asset.create': def<AssetWriteResult>()({
    input: z.discriminatedUnion(
      'entry',
      [
        z.strictObject({
          villageId: idField('村'),
          ...cardFields,
          /** 建卡登记: an asset already in the books (期初), no voucher */
          entry: z.literal('register'),
          openingAccumulated: amountField('已提累计折旧').refine((f) => f >= 0, { error: '「已提累计折旧」不能为负' }),
        }),
        z.strictObject({
          villageId: idField('村'),
          ...cardFields,
          /** 新增: an acquisition booked now — a draft voucher debits the fixed-asset account */
          entry: z.literal('acquire'),
          creditAccountId: idField('对方科目'),
          creditAuxItemId: idField('对方辅助核算项目').nullable().optional().transform((v) => v ?? null),
        }),
      ],
      { error: '「入账方式」只能是：建卡登记（已入账）、新增（生成凭证）' },
    ),
    access: ASSET_EDITORS,
    write: true,
    title: '新增固定资产卡片',
  }),
  'asset.change': def<AssetWriteResult>()({
    input: z.strictObject({ villageId: idField('村'), assetId: idField('固定资产'), date: dateField('变动日期'), reason: reasonField, changes: changeable }),
    access: ASSET_EDITORS,
    write: true,
    title: '固定资产变更',
  }),
  'asset.revalue': def<AssetWriteResult>()({
    input: z.strictObject({
      villageId: idField('村'),
      assetId: idField('固定资产'),
      date: dateField('重估日期'),
      originalValue: positiveAmount('重估后原值'),
      counterAccountId: idField('对方科目'),
      reason: reasonField,
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '固定资产重估',
  }),
  'asset.dispose': def<AssetWriteResult>()({
    input: z.strictObject({
      villageId: idField('村'),
      assetId: idField('固定资产'),
      date: dateField('处置日期'),
      mode: enumField('处置方式', DISPOSAL_MODES),
      reason: reasonField,
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '固定资产处置',
  }),
  'depreciation.preview': def<DepreciationPreview>()({
    input: z.strictObject({ villageId: idField('村'), period: periodField('计提期间') }),
    access: 'signedIn',
    write: false,
    title: '折旧计提预览',
  }),
  'depreciation.run': def<DepreciationRun>()({
    input: z.strictObject({ villageId: idField('村'), period: periodField('计提期间') }),
    access: BOOKKEEPERS,
    write: true,
    title: '计提固定资产折旧',
  }),
  'depreciation.cancel': def<DepreciationRun>()({
    input: z.strictObject({ villageId: idField('村'), period: periodField('计提期间'), reason: reasonField }),
    access: BOOKKEEPERS,
    write: true,
    title: '撤销折旧计提',
  }),
  'depreciation.list': def<DepreciationRun[]>()({
    input: z.strictObject({ villageId: idField('村') }),
    access: 'signedIn',
    write: false,
    title: '查看折旧计提记录',
  }),
  'register.reconcile': def<ReconcileReport>()({
    input: z.strictObject({ villageId: idField('村'), date: dateField('核对日期') }),
    access: 'signedIn',
    write: false,
    title: '台账与账簿核对',
  }),
  'import.assets': def<AssetImportResult>()({ input: importInput(), access: BOOKKEEPERS, write: false, title: '导入固定资产卡片' }),
  'import.template': def<ImportTemplateResult>()({
    input: z.strictObject({
      kind: enumField('模板', ['assets', 'resources', 'contracts'] as const, { assets: '固定资产卡片', resources: '资源台账', contracts: '合同台账' }),
      to: optionalText('模板文件', 1000),
    }),
    access: 'signedIn',
    // writes a file outside the book, nothing in it
    write: false,
    title: '下载导入模板',
  }),
} as const
