import Decimal from 'decimal.js'
import { z } from 'zod'
import { parseMeasure } from '../registers/assets'
import {
  CONTRACT_DIRECTION_LABELS,
  CONTRACT_DIRECTIONS,
  CONTRACT_KIND_LABELS,
  CONTRACT_KINDS,
  CONTRACT_STATUS_LABELS,
  CONTRACT_STATUSES,
  FREQUENCIES,
  FREQUENCY_LABELS,
  type Escalation,
} from '../registers/contracts'
import { landClassOf, LAND_CLASSES, OWNERSHIP_LABELS, OWNERSHIPS, parseArea, USE_STATUS_LABELS, USE_STATUSES } from '../registers/parcels'
import { amountField, dateField, enumField, idField, optionalText, requiredText } from '../validation'
import { BOOKKEEPERS, def, importInput } from './define'
import type {
  ContractDetail,
  ContractImportResult,
  ContractList,
  MatchResult,
  ParcelDetail,
  ParcelList,
  RegisterAlerts,
  ResourceImportResult,
  SchedulePreview,
} from './resourceTypes'

/** The 资源 (parcels) and 合同 (contracts) part of the API contract (spread into `methods` in contract.ts). */

const q = (label: string) => `「${label}」`
const EDITORS = [...BOOKKEEPERS, 'cashier'] as const

const areaField = z.union([z.string({ error: `${q('面积(亩)')}必须是数字文字` }), z.number({ error: `${q('面积(亩)')}必须是数字` })]).transform((v, ctx) => {
  const r = parseArea(v)
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason })
    return z.NEVER
  }
  return r.value
})

const landClassField = z.string({ error: `${q('地类')}必须填写` }).transform((v, ctx) => {
  const c = landClassOf(v)
  if (c === null) {
    ctx.addIssue({ code: 'custom', message: `${q('地类')}应为 GB/T 21010 的地类名称或编码（如 耕地、林地、坑塘水面、1104），或 ${LAND_CLASSES.slice(-8).join('、')}（不能是“${v}”）` })
    return z.NEVER
  }
  return c
})

const parcelFields = {
  code: requiredText('资源编号', 30),
  name: requiredText('名称', 60),
  landClass: landClassField,
  area: areaField,
  location: optionalText('坐落', 100),
  east: optionalText('东至', 60),
  south: optionalText('南至', 60),
  west: optionalText('西至', 60),
  north: optionalText('北至', 60),
  parcelNo: optionalText('宗地号', 40),
  certificateNo: optionalText('权证号', 60),
  ownership: enumField('权属', OWNERSHIPS, OWNERSHIP_LABELS),
  ownerName: optionalText('权属单位', 60),
  useStatus: enumField('使用状况', USE_STATUSES, USE_STATUS_LABELS),
  userName: optionalText('使用人/承包方', 100),
  note: optionalText('备注', 500),
}

const reasonField = requiredText('原因', 500)
const positiveAmount = (label: string) => amountField(label).refine((f) => f > 0, { error: `${q(label)}必须大于 0` })
const nonNegativeAmount = (label: string) => amountField(label).refine((f) => f >= 0, { error: `${q(label)}不能为负数` })
const everyMonthsField = z
  .number({ error: '「递增间隔(月)」必须是数字' })
  .int({ error: '「递增间隔(月)」必须是整数个月' })
  .min(1, { error: '「递增间隔(月)」至少 1 个月' })
  .max(600, { error: '「递增间隔(月)」不能超过 600 个月' })

const percentField = z.union([z.string(), z.number()], { error: '「递增比例(%)」必须是数字' }).transform((v, ctx) => {
  const r = parseMeasure(String(v), '递增比例(%)', 2, '100')
  if (!r.ok || r.value === '0') {
    ctx.addIssue({ code: 'custom', message: r.ok ? '「递增比例(%)」必须大于 0' : r.reason })
    return z.NEVER
  }
  return new Decimal(r.value).times(100).toNumber()
})

/** 递增: none, a percent every N months, or an amount added to the annual charge every N months */
const escalationField = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('percent'), percent: percentField, everyMonths: everyMonthsField }),
      z.strictObject({ kind: z.literal('amount'), amount: positiveAmount('递增金额'), everyMonths: everyMonthsField }),
    ],
    { error: '「递增方式」只能是：不递增、按比例递增、按金额递增' },
  )
  .default({ kind: 'none' })
  .transform((e): Escalation => (e.kind === 'none' ? { kind: 'none' } : e.kind === 'percent' ? { kind: 'percent', basisPoints: e.percent, everyMonths: e.everyMonths } : { kind: 'amount', fen: e.amount, everyMonths: e.everyMonths }))

const scheduleTerms = {
  startOn: dateField('起始日期'),
  endOn: dateField('终止日期'),
  frequency: enumField('收款方式', FREQUENCIES, FREQUENCY_LABELS),
  amount: positiveAmount('合同金额'),
  /** 年租金(首年): the schedule escalates from it; without it the amount is spread over the term */
  annualAmount: positiveAmount('年租金(首年)').nullable().optional().transform((v) => v ?? null),
  escalation: escalationField,
}

const count = (label: string) => z.number({ error: `${q(label)}必须是数字` }).int({ error: `${q(label)}必须是整数` }).min(0, { error: `${q(label)}不能为负` }).max(100000).nullable().optional().transform((v) => v ?? null)

const resolutionField = z
  .strictObject({
    meeting: optionalText('决议会议', 40),
    date: dateField('决议日期').nullable().optional().transform((v) => v ?? null),
    attendance: count('参会人数'),
    votesFor: count('赞成票'),
    votesAgainst: count('反对票'),
    abstentions: count('弃权票'),
    text: optionalText('决议内容', 1000),
  })
  .refine((r) => r.attendance === null || (r.votesFor ?? 0) + (r.votesAgainst ?? 0) + (r.abstentions ?? 0) <= r.attendance, { error: '赞成、反对、弃权票数之和不能超过参会人数' })

const subjectsField = z
  .array(z.strictObject({ kind: enumField('标的类型', ['parcel', 'asset'] as const, { parcel: '资源', asset: '资产' }), id: idField('标的') }), { error: '「标的」必须是列表' })
  .max(200, { error: '「标的」最多 200 项' })

const attachmentsField = z.array(requiredText('附件名称', 120), { error: '「附件」必须是列表' }).max(100, { error: '「附件」最多 100 项' })

const contractDescriptive = {
  name: requiredText('合同名称', 100),
  partyA: requiredText('甲方', 100),
  partyB: requiredText('乙方', 100),
  counterpartyAuxId: idField('往来单位').nullable().optional().transform((v) => v ?? null),
  deposit: nonNegativeAmount('保证金'),
  receivableAccountId: idField('应收科目').nullable().optional().transform((v) => v ?? null),
  unitPrice: nonNegativeAmount('单价').nullable().optional().transform((v) => v ?? null),
  priceUnit: optionalText('计价单位', 20),
  resolution: resolutionField.optional(),
  attachments: attachmentsField.default([]),
  note: optionalText('备注', 500),
  subjects: subjectsField.default([]),
}

const listPaging = {
  offset: z.number({ error: '「起始行」必须是数字' }).int().min(0).default(0),
  limit: z.number({ error: '「每页行数」必须是数字' }).int().min(1).max(10_000, { error: '「每页行数」最多 10000' }).default(100),
}

export const resourceMethods = {
  'parcel.list': def<ParcelList>()({
    input: z.strictObject({
      villageId: idField('村'),
      asOf: dateField('截止日期').optional(),
      search: optionalText('关键字', 60),
      landClass: optionalText('地类', 30),
      useStatus: enumField('使用状况', USE_STATUSES, USE_STATUS_LABELS).optional(),
      ownership: enumField('权属', OWNERSHIPS, OWNERSHIP_LABELS).optional(),
      includeRemoved: z.boolean({ error: '「含已核销」只能是“是”或“否”' }).default(false),
      ...listPaging,
    }),
    access: 'signedIn',
    write: false,
    title: '查看资源台账',
  }),
  'parcel.get': def<ParcelDetail>()({
    input: z.strictObject({ villageId: idField('村'), parcelId: idField('资源'), asOf: dateField('截止日期').optional() }),
    access: 'signedIn',
    write: false,
    title: '查看资源',
  }),
  'parcel.create': def<ParcelDetail>()({
    input: z.strictObject({ villageId: idField('村'), date: dateField('登记日期'), ...parcelFields }),
    access: EDITORS,
    write: true,
    title: '登记资源',
  }),
  'parcel.change': def<ParcelDetail>()({
    input: z.strictObject({
      villageId: idField('村'),
      parcelId: idField('资源'),
      date: dateField('变动日期'),
      reason: reasonField,
      changes: z.strictObject({
        name: parcelFields.name.optional(),
        landClass: parcelFields.landClass.optional(),
        area: parcelFields.area.optional(),
        location: parcelFields.location,
        east: parcelFields.east,
        south: parcelFields.south,
        west: parcelFields.west,
        north: parcelFields.north,
        parcelNo: parcelFields.parcelNo,
        certificateNo: parcelFields.certificateNo,
        ownership: parcelFields.ownership.optional(),
        ownerName: parcelFields.ownerName,
        useStatus: parcelFields.useStatus.optional(),
        userName: parcelFields.userName,
        note: parcelFields.note,
      }),
      /** which optional text fields the change clears (an omitted field is left as it is) */
      clear: z.array(z.enum(['location', 'east', 'south', 'west', 'north', 'parcelNo', 'certificateNo', 'ownerName', 'userName', 'note'])).default([]),
    }),
    access: EDITORS,
    write: true,
    title: '资源变动',
  }),
  'parcel.remove': def<ParcelDetail>()({
    input: z.strictObject({ villageId: idField('村'), parcelId: idField('资源'), date: dateField('核销日期'), reason: reasonField }),
    access: BOOKKEEPERS,
    write: true,
    title: '核销资源',
  }),
  'contract.list': def<ContractList>()({
    input: z.strictObject({
      villageId: idField('村'),
      asOf: dateField('截止日期').optional(),
      search: optionalText('关键字', 60),
      kind: enumField('合同类型', CONTRACT_KINDS, CONTRACT_KIND_LABELS).optional(),
      status: enumField('合同状态', CONTRACT_STATUSES, CONTRACT_STATUS_LABELS).optional(),
      overdueOnly: z.boolean({ error: '「仅看欠款」只能是“是”或“否”' }).default(false),
      ...listPaging,
    }),
    access: 'signedIn',
    write: false,
    title: '查看合同台账',
  }),
  'contract.get': def<ContractDetail>()({
    input: z.strictObject({ villageId: idField('村'), contractId: idField('合同'), asOf: dateField('截止日期').optional() }),
    access: 'signedIn',
    write: false,
    title: '查看合同',
  }),
  'contract.create': def<ContractDetail>()({
    input: z.strictObject({
      villageId: idField('村'),
      number: requiredText('合同编号', 40),
      kind: enumField('合同类型', CONTRACT_KINDS, CONTRACT_KIND_LABELS),
      direction: enumField('收付方向', CONTRACT_DIRECTIONS, CONTRACT_DIRECTION_LABELS).optional(),
      ...contractDescriptive,
      ...scheduleTerms,
      /** a schedule typed by hand instead of the generated one: it must sum to the amount */
      schedule: z.array(z.strictObject({ dueOn: dateField('应收日期'), amount: positiveAmount('应收金额') }), { error: '「收款计划」必须是列表' }).max(10_000).optional(),
    }),
    access: EDITORS,
    write: true,
    title: '登记合同',
  }),
  'contract.change': def<ContractDetail>()({
    input: z.strictObject({
      villageId: idField('村'),
      contractId: idField('合同'),
      date: dateField('变更日期'),
      reason: reasonField,
      changes: z.strictObject({
        name: contractDescriptive.name.optional(),
        partyA: contractDescriptive.partyA.optional(),
        partyB: contractDescriptive.partyB.optional(),
        counterpartyAuxId: idField('往来单位').nullable().optional(),
        deposit: contractDescriptive.deposit.optional(),
        receivableAccountId: idField('应收科目').nullable().optional(),
        resolution: resolutionField.optional(),
        attachments: attachmentsField.optional(),
        note: optionalText('备注', 500),
        subjects: subjectsField.optional(),
      }),
    }),
    access: EDITORS,
    write: true,
    title: '合同变更',
  }),
  'contract.terminate': def<ContractDetail>()({
    input: z.strictObject({
      villageId: idField('村'),
      contractId: idField('合同'),
      date: dateField('终止日期'),
      mode: enumField('终止方式', ['terminated', 'completed'] as const, { terminated: '提前终止', completed: '履行完毕' }),
      reason: reasonField,
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '终止合同',
  }),
  'contract.receipt': def<ContractDetail>()({
    input: z.strictObject({
      villageId: idField('村'),
      contractId: idField('合同'),
      /** the posted voucher and its line (行号) it is matched to; required for a receipt, optional for a negative (offsetting) one */
      voucherId: idField('凭证').nullable().optional().transform((v) => v ?? null),
      lineNo: z.number({ error: '「分录行号」必须是数字' }).int({ error: '「分录行号」必须是整数' }).min(1, { error: '「分录行号」无效' }).nullable().optional().transform((v) => v ?? null),
      amount: amountField('收款金额').refine((f) => f !== 0, { error: '「收款金额」不能为 0' }),
      /** only for an offset without a voucher: the day it is recorded */
      date: dateField('日期').optional(),
      note: optionalText('说明', 200),
    }),
    access: EDITORS,
    write: true,
    title: '登记合同收款',
  }),
  'contract.match': def<MatchResult>()({
    input: z.strictObject({ villageId: idField('村'), contractId: idField('合同').optional(), commit: z.boolean({ error: '「确认登记」只能是“是”或“否”' }).default(false) }),
    access: EDITORS,
    // like an import: a preview writes nothing; committing opens its own transaction with its audit entry
    write: false,
    title: '合同收款自动匹配',
  }),
  'contract.schedule': def<SchedulePreview>()({
    input: z.strictObject({ villageId: idField('村'), ...scheduleTerms }),
    access: 'signedIn',
    write: false,
    title: '预览收款计划',
  }),
  'register.alerts': def<RegisterAlerts>()({
    input: z.strictObject({ villageId: idField('村'), date: dateField('日期') }),
    access: 'signedIn',
    write: false,
    title: '台账预警',
  }),
  'import.resources': def<ResourceImportResult>()({ input: importInput(), access: BOOKKEEPERS, write: false, title: '导入资源台账' }),
  'import.contracts': def<ContractImportResult>()({ input: importInput(), access: BOOKKEEPERS, write: false, title: '导入合同台账' }),
} as const
