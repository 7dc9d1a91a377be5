import { daysBetween as calendarDays } from '../periods'
import { CAMPAIGN_STEP_LABELS, type CampaignStep } from '../api/campaignTypes'
import { AppError } from '../errors'

/**
 * The district board's overdue rule (issue 5 §8). Each step of a 清查 has an allowance in days, counted from the
 * day the campaign (last) entered it; a district deadline, when given, makes every village not yet reported after
 * that day overdue — a village that has not even started included. A reported campaign is never overdue. Pure;
 * dates are `YYYY-MM-DD` (the local date of the step log's time).
 *
 * The six allowances add up to 77 days: a campaign started on its as-of date 12-31 and kept within them is
 * reported by mid-March, inside the 3-31 due date of the annual 清查 (domain.md §3.3) with a margin for one
 * step back.
 */

/** 清理: review, post and close the months up to the as-of date, then freeze the 账面数 — the clerk's own work */
export const SNAPSHOT_DAYS = 10
/** 登记: walk every asset, parcel and contract on site with the village; the longest field work */
export const REGISTRATION_DAYS = 15
/** 核实: cash count, bank statements and the counterparties' confirmations — waits on banks and debtors */
export const VERIFICATION_DAYS = 20
/** 公示: the display period (configurable, 7 to about 15 days in local practice, domain.md §4.4) plus posting it */
export const NOTICE_DAYS = 15
/** 确认: convene the 民主理财小组 or the 村民代表会议 and settle the objections */
export const CONFIRMATION_DAYS = 10
/** 上报: print, sign and hand in the sealed report */
export const REPORT_DAYS = 7

export const STEP_ALLOWANCE_DAYS: Readonly<Record<CampaignStep, number>> = {
  snapshot: SNAPSHOT_DAYS,
  registration: REGISTRATION_DAYS,
  verification: VERIFICATION_DAYS,
  notice: NOTICE_DAYS,
  confirmation: CONFIRMATION_DAYS,
  report: REPORT_DAYS,
}

export interface OverdueInput {
  /** the campaign's current step; null: the village has no campaign (未发起) */
  step: CampaignStep | null
  /** the day the campaign entered its current step */
  enteredOn: string | null
  /** the campaign is reported (上报 done) */
  reported: boolean
  /** the day the board is looked at */
  today: string
  /** the district's deadline: after it every village not yet reported is overdue */
  deadline?: string | null
}

export interface OverdueResult {
  overdue: boolean
  /** whole days since the step was entered (0 on the day itself); null without a campaign */
  daysInStep: number | null
  /** the step's allowance in days; null without a campaign */
  allowanceDays: number | null
  /** why it is overdue, e.g. 「核实已 25 天（限 20 天）」; null when it is not */
  reason: string | null
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function checked(date: string): string {
  if (!DATE_RE.test(date)) throw new AppError('VALIDATION', `日期应为 YYYY-MM-DD，而不是「${date}」`)
  return date
}

/** Calendar days from `from` to `to` (negative when `to` is earlier); refuses a malformed date. */
export function daysBetween(from: string, to: string): number {
  return calendarDays(checked(from), checked(to))
}

export function overdueOf(i: OverdueInput): OverdueResult {
  const allowanceDays = i.step === null ? null : STEP_ALLOWANCE_DAYS[i.step]
  // a clock set back (or a step entered "tomorrow" in another time zone) counts as entered today
  const daysInStep = i.step === null || i.enteredOn === null ? null : Math.max(0, daysBetween(i.enteredOn, i.today))
  if (i.reported) return { overdue: false, daysInStep, allowanceDays, reason: null }
  const reasons: string[] = []
  if (i.step !== null && daysInStep !== null && allowanceDays !== null && daysInStep > allowanceDays) {
    reasons.push(`${CAMPAIGN_STEP_LABELS[i.step]}已 ${daysInStep} 天（限 ${allowanceDays} 天）`)
  }
  if (i.deadline && daysBetween(i.deadline, i.today) > 0) {
    reasons.push(`已过区定期限 ${i.deadline}，${i.step === null ? '尚未发起清查' : '尚未上报'}`)
  }
  return { overdue: reasons.length > 0, daysInStep, allowanceDays, reason: reasons.length ? reasons.join('；') : null }
}
