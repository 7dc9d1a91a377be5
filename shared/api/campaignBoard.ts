import { z } from 'zod'
import { boolField, dateField, enumField, optionalText } from '../validation'
import { def } from './define'
import { CAMPAIGN_STEP_LABELS } from './campaignTypes'
import { BOARD_STEP_FILTERS, NO_CAMPAIGN_LABEL, type BoardStepFilter, type CampaignBoard, type CampaignRollupResult } from './campaignBoardTypes'

/**
 * The district board of the 清查 and its roll-up workbook for the 财政分局 (issue 5 §8): the villages of the
 * caller's scope. Spread into `methods` in contract.ts.
 */
const stepFilterLabels: Record<BoardStepFilter, string> = { ...CAMPAIGN_STEP_LABELS, none: NO_CAMPAIGN_LABEL }

export const campaignBoardMethods = {
  'campaign.board': def<CampaignBoard>()({
    input: z.strictObject({
      /** the campaigns of this as-of date; without it, each village's latest campaign */
      asOf: dateField('清查基准日').optional(),
      step: enumField('步骤', BOARD_STEP_FILTERS, stepFilterLabels).optional(),
      overdueOnly: boolField('只看逾期').default(false),
      /** the district's deadline: after it every village not yet reported is overdue */
      deadline: dateField('区定期限').optional(),
    }),
    access: 'signedIn',
    write: false,
    title: '查看清查总览',
  }),
  'campaign.rollup': def<CampaignRollupResult>()({
    input: z.strictObject({ asOf: dateField('清查基准日'), to: optionalText('导出文件', 1000) }),
    access: 'signedIn',
    // reads the campaigns and writes a file outside the book; logged once the file is written
    write: false,
    title: '导出清查汇总表',
  }),
} as const
