import { CAMPAIGN_STEPS, type CampaignStep, type CampaignSummary } from './campaignTypes'

/** The district board (清查总览) and the roll-up workbook of the 清查 across villages (issue 5 §8). */

/** the board's step filter: a step of the campaign, or `none` for villages without one (未发起) */
export const BOARD_STEP_FILTERS = [...CAMPAIGN_STEPS, 'none'] as const
export type BoardStepFilter = (typeof BOARD_STEP_FILTERS)[number]
export const NO_CAMPAIGN_LABEL = '未发起'

export interface CampaignBoardRow {
  villageId: number
  villageCode: string
  villageName: string
  level: 'village' | 'group'
  /** a group's village (组级 books sit under their 村) */
  parentId: number | null
  /** the campaign shown (the one of the asked as-of date, else the village's latest); null: 未发起 */
  campaign: CampaignSummary | null
  /** the date (YYYY-MM-DD) each step was last entered, from the step log; null when never entered */
  entered: Record<CampaignStep, string | null>
  step: CampaignStep | null
  /** the step's label, or 未发起 */
  stepLabel: string
  /** the date the current step was entered */
  enteredOn: string | null
  daysInStep: number | null
  /** the current step's allowance in days (shared/campaign/board.ts) */
  allowanceDays: number | null
  overdue: boolean
  /** e.g. 「核实已 25 天（限 20 天）」; null when not overdue */
  overdueReason: string | null
  reported: boolean
}

export interface CampaignBoardTotals {
  /** active villages in the user's scope */
  villages: number
  /** villages without a campaign (of the asked date) */
  none: number
  /** villages whose campaign is at each step (reported ones under 上报) */
  steps: Record<CampaignStep, number>
  reported: number
  overdue: number
}

export interface CampaignBoard {
  /** the day the days in step are counted to */
  today: string
  asOf: string | null
  deadline: string | null
  /** the villages after the step and overdue filters, by village code */
  rows: CampaignBoardRow[]
  /** counts over every village in scope, before the step and overdue filters (the board's header) */
  totals: CampaignBoardTotals
}

/** campaign.rollup: the roll-up workbook written to a file. */
export interface CampaignRollupResult {
  path: string
  /** data rows of all sheets */
  rows: number
  bytes: number
  /** villages whose campaign figures are summed (campaigns of the date past 清理) */
  villages: number
  /** villages in scope listed without figures: no campaign of that date, or still in 清理 */
  notSummed: number
}
