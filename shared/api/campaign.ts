import { z } from 'zod'
import { amountField, dateField, enumField, idField, optionalText, requiredText } from '../validation'
import { BOOKKEEPERS, def } from './define'
import { optionalMeasure } from './registers'
import {
  CAMPAIGN_STEP_LABELS,
  CAMPAIGN_STEPS,
  MEMBER_UNIT_LABELS,
  MEMBER_UNITS,
  SNAPSHOT_ITEM_KINDS,
  SNAPSHOT_KIND_LABELS,
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
} as const
