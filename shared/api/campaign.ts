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
  CONFIRMING_BODIES,
  COUNTERPARTY_REPLIES,
  COUNTERPARTY_REPLY_LABELS,
  ITEM_CONDITIONS,
  ITEM_CONDITION_LABELS,
  CONFIRMING_BODY_LABELS,
  type CampaignAdjustment,
  type CampaignDetail,
  type CampaignFileResult,
  type CampaignStatus,
  type CampaignSummary,
  type NoticeContent,
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

const exportTo = optionalText('导出文件', 1000)
const noticeDays = z
  .number({ error: '「公示天数」必须是数字' })
  .int({ error: '「公示天数」必须是整数' })
  .min(1, { error: '「公示天数」至少 1 天' })
  .max(90, { error: '「公示天数」最多 90 天' })

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
        .array(
          z.strictObject({
            snapshotId: idField('清查项目'),
            result: enumField('登记结果', ['found', 'missing'] as const, { found: '在', missing: '不在' }),
            /** the condition of an item found */
            condition: enumField('状况', ITEM_CONDITIONS, ITEM_CONDITION_LABELS).nullable().default(null),
            note: optionalText('说明', 500),
          }),
        )
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
            /** claims and debts (112/113/211/221): the counterparty's reply to the 询证函 */
            reply: enumField('询证结果', COUNTERPARTY_REPLIES, COUNTERPARTY_REPLY_LABELS).nullable().default(null),
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
  'campaign.notice': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      from: dateField('公示开始日期'),
      days: noticeDays.default(7),
      place: requiredText('公示地点', 100).default('村务公开栏'),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '张贴公示',
  }),
  'campaign.objection': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      receivedOn: dateField('收到日期'),
      fromName: requiredText('提出人', 60),
      content: requiredText('异议内容', 1000),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '登记公示异议',
  }),
  'campaign.resolveObjection': def<CampaignStatus>()({
    input: z.strictObject({ ...campaignRef, objectionId: idField('异议'), resolution: requiredText('处理结果', 1000) }),
    access: BOOKKEEPERS,
    write: true,
    title: '处理公示异议',
  }),
  'campaign.confirm': def<CampaignStatus>()({
    input: z.strictObject({
      ...campaignRef,
      body: enumField('确认机构', CONFIRMING_BODIES, CONFIRMING_BODY_LABELS),
      meetingOn: dateField('会议日期'),
      attendees: z
        .array(requiredText('参会人', 30), { error: '「参会人」必须是姓名列表' })
        .min(1, { error: '请填写参会人' })
        .max(200, { error: '「参会人」最多 200 人' }),
      resolution: requiredText('会议决议', 2000),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '确认清查结果',
  }),
  'campaign.report': def<CampaignFileResult>()({
    input: z.strictObject({ ...campaignRef, to: exportTo }),
    access: BOOKKEEPERS,
    write: true,
    title: '上报清查结果',
  }),
  'campaign.reopen': def<CampaignStatus>()({
    input: z.strictObject({ ...campaignRef, reason: requiredText('重新打开原因', 500) }),
    // only 主管会计 may undo a report (issue 5)
    access: ['supervisor'],
    write: true,
    title: '重新打开已上报的清查',
  }),
  'campaign.noticeContent': def<NoticeContent>()({
    input: z.strictObject(campaignRef),
    access: 'signedIn',
    write: false,
    title: '查看清查公示表',
  }),
  'campaign.exportNotice': def<CampaignFileResult>()({
    input: z.strictObject({ ...campaignRef, to: exportTo }),
    access: 'signedIn',
    // reads the campaign and writes a file outside the book; logged once the file is written
    write: false,
    title: '导出清查公示表',
  }),
  'campaign.exportConfirmations': def<CampaignFileResult>()({
    input: z.strictObject({ ...campaignRef, to: exportTo }),
    access: 'signedIn',
    write: false,
    title: '导出往来款项询证函',
  }),
  'campaign.exportReport': def<CampaignFileResult>()({
    input: z.strictObject({
      ...campaignRef,
      /** a kept reported version (default: the latest) */
      version: z.number({ error: '「版本」必须是数字' }).int().min(1).optional(),
      to: exportTo,
    }),
    access: 'signedIn',
    write: false,
    title: '导出已上报的清查报表',
  }),
} as const
