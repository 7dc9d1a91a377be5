import { z } from 'zod'
import { amountField, dateField, enumField, idField, optionalText, requiredText } from '../validation'
import { BOOKKEEPERS, def, importInput } from './define'
import { optionalMeasure } from './registers'
import {
  CAMPAIGN_STEP_LABELS,
  CAMPAIGN_STEPS,
  MEMBER_UNIT_LABELS,
  MEMBER_UNITS,
  SNAPSHOT_ITEM_KINDS,
  SNAPSHOT_KIND_LABELS,
  type CampaignAdjustment,
  type CampaignDetail,
  type CampaignStatus,
  type CampaignSummary,
} from './campaignTypes'

/**
 * The 清查 campaign's part of the API contract (issue 5): start, the steps forward and back, the 登记 marks,
 * the status and the list. Spread into `methods` in contract.ts.
 */
const campaignRef = { villageId: idField('村'), campaignId: idField('清查') }
const stepField = (label: string) => enumField(label, CAMPAIGN_STEPS, CAMPAIGN_STEP_LABELS)
const itemKindLabels = Object.fromEntries(SNAPSHOT_ITEM_KINDS.map((k) => [k, SNAPSHOT_KIND_LABELS[k]])) as Record<(typeof SNAPSHOT_ITEM_KINDS)[number], string>

const member = z.strictObject({
  name: requiredText('姓名', 30),
  unit: enumField('单位', MEMBER_UNITS, MEMBER_UNIT_LABELS),
  role: requiredText('职责', 20),
})

const unbooked = z.strictObject({ date: dateField('日期'), summary: requiredText('摘要', 100), amount: amountField('金额') })

export const campaignMethods = {
  'campaign.start': def<CampaignStatus>()({
    input: z.strictObject({
      villageId: idField('村'),
      asOf: dateField('清查基准日'),
      team: z.array(member, { error: '「工作组」必须是成员列表' }).max(50, { error: '「工作组」最多 50 人' }).default([]),
      note: optionalText('备注', 500),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '发起清查',
  }),
  'campaign.status': def<CampaignDetail>()({
    input: z.strictObject({ ...campaignRef, rows: z.boolean().default(false) }),
    access: 'signedIn',
    write: false,
    title: '查看清查',
  }),
  'campaign.list': def<CampaignSummary[]>()({
    input: z.strictObject({ villageId: idField('村').optional() }),
    access: 'signedIn',
    write: false,
    title: '查看清查列表',
  }),
  'campaign.advance': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      /** the step the caller saw: refused when the campaign has moved on meanwhile (two users at once) */
      from: stepField('当前步骤').optional(),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '清查进入下一步',
  }),
  'campaign.back': def<CampaignStatus>()({
    input: z.strictObject({ ...campaignRef, from: stepField('当前步骤').optional(), reason: requiredText('退回原因', 500) }),
    access: BOOKKEEPERS,
    write: true,
    title: '清查退回上一步',
  }),
  'campaign.mark': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      marks: z
        .array(z.strictObject({ snapshotId: idField('清查项目'), result: enumField('登记结果', ['found', 'missing'] as const, { found: '在', missing: '不在' }), note: optionalText('说明', 500) }))
        .max(100_000)
        .default([]),
      surplus: z
        .array(
          z.strictObject({
            kind: enumField('盘盈项目类别', SNAPSHOT_ITEM_KINDS, itemKindLabels),
            label: requiredText('盘盈项目名称', 200),
            amount: amountField('估计金额'),
            quantity: optionalMeasure('数量/面积', 4, '999999999'),
            unit: optionalText('计量单位', 10),
            evidence: requiredText('盘盈依据', 500),
          }),
        )
        .max(1000)
        .default([]),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '清查登记',
  }),
  'campaign.verify': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      rows: z
        .array(
          z.strictObject({
            /** a row of the snapshot, or (surplusId) a 盘盈 row of 登记 */
            snapshotId: idField('清查项目').optional(),
            surplusId: idField('盘盈项目').optional(),
            amount: amountField('核实金额').optional(),
            quantity: optionalMeasure('核实数量/面积', 4, '999999999'),
            reason: optionalText('差异原因', 500),
            opinion: optionalText('处理意见', 500),
          }),
        )
        .min(1, { error: '没有要核实的项目' })
        .max(100_000),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '清查核实',
  }),
  'campaign.cashCount': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      countedOn: dateField('盘点日期'),
      counts: z
        .array(z.strictObject({ value: amountField('面额'), form: enumField('形式', ['note', 'coin'] as const, { note: '纸币', coin: '硬币' }), count: z.number({ error: '「张数」必须是数字' }) }))
        .max(50),
      receiptsNotBooked: z.array(unbooked).max(200).default([]),
      paymentsNotBooked: z.array(unbooked).max(200).default([]),
      cashier: requiredText('出纳', 30),
      supervisor: requiredText('监盘人', 30),
      chief: requiredText('会计主管', 30),
      reason: optionalText('差异原因', 500),
      opinion: optionalText('处理意见', 500),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '现金盘点',
  }),
  'campaign.bankStatement': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      /** the bankAccount row of the snapshot */
      snapshotId: idField('银行账户'),
      file: importInput().shape.file,
      reason: optionalText('差异原因', 500),
      opinion: optionalText('处理意见', 500),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '导入银行对账单并核对',
  }),
  'campaign.adjust': def<CampaignAdjustment>()({
    input: z.strictObject({
      ...campaignRef,
      date: dateField('凭证日期'),
      items: z
        .array(
          z.strictObject({
            snapshotId: idField('清查项目').optional(),
            surplusId: idField('盘盈项目').optional(),
            /** the asset account of a register item (an account row or a bank account brings its own) */
            accountId: idField('资产科目').optional(),
            auxItemId: idField('辅助核算项目').optional(),
          }),
        )
        .min(1, { error: '没有选择要调整的差异' })
        .max(500),
      /** a leaf of 181 待处理财产损溢; optional when 181 has one leaf */
      suspenseAccountId: idField('待处理财产损溢科目').optional(),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '清查差异生成调整凭证',
  }),
} as const
