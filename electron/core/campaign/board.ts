import { sql, type Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import { NO_CAMPAIGN_LABEL, type CampaignBoard, type CampaignBoardRow, type CampaignBoardTotals } from '../../../shared/api/campaignBoardTypes'
import { CAMPAIGN_STEPS, type CampaignStep, type CampaignSummary } from '../../../shared/api/campaignTypes'
import { overdueOf } from '../../../shared/campaign/board'
import { villageScope } from '../access'
import { todayIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { listCampaigns } from './service'

/**
 * The district board (issue 5 §8, the agency's start page): every active village of the caller's scope with its
 * campaign — the one of the asked as-of date, else the latest —, the date each step was last entered (from the
 * step log), the days in the current step and the overdue rule of shared/campaign/board.ts. Three reads in all
 * (villages, campaigns, step log), whatever the number of villages.
 */
export interface BoardVillage {
  id: number
  code: string
  name: string
  level: 'village' | 'group'
  parent_id: number | null
}

/** the active villages of a scope (null: all), by code */
export async function scopeVillages(db: Kysely<Database>, scope: readonly number[] | null): Promise<BoardVillage[]> {
  let q = db.selectFrom('village').select(['id', 'code', 'name', 'level', 'parent_id']).where('status', '=', 'active')
  if (scope) q = scope.length ? q.where('id', 'in', scope) : q.where(sql<boolean>`0`)
  return q.orderBy('code').execute()
}

/** each village's campaign of the date, or (no date) its latest; campaigns come newest first per village */
export function pickCampaigns(all: CampaignSummary[], asOf: string | undefined): Map<number, CampaignSummary> {
  const out = new Map<number, CampaignSummary>()
  for (const c of all) {
    if (asOf !== undefined ? c.asOf === asOf : !out.has(c.villageId)) out.set(c.villageId, c)
  }
  return out
}

const noDates = (): Record<CampaignStep, string | null> => ({ snapshot: null, registration: null, verification: null, notice: null, confirmation: null, report: null })

/** the date each step of these campaigns was last entered: its latest entry in the log (by seq), as a local date */
async function stepDates(db: Kysely<Database>, campaignIds: number[]): Promise<Map<number, Record<CampaignStep, string | null>>> {
  const out = new Map<number, Record<CampaignStep, string | null>>()
  for (let i = 0; i < campaignIds.length; i += 500) {
    const rows = await db
      .selectFrom('campaign_step_log as l')
      .select(['l.campaign_id', 'l.to_step', 'l.at'])
      .where('l.campaign_id', 'in', campaignIds.slice(i, i + 500))
      .where((eb) =>
        eb(
          'l.seq',
          '=',
          eb
            .selectFrom('campaign_step_log as m')
            .select((m) => m.fn.max('m.seq').as('seq'))
            .whereRef('m.campaign_id', '=', 'l.campaign_id')
            .whereRef('m.to_step', '=', 'l.to_step'),
        ),
      )
      .execute()
    for (const r of rows) {
      let dates = out.get(r.campaign_id)
      if (!dates) out.set(r.campaign_id, (dates = noDates()))
      // nowIso() writes the local time: its first ten characters are the local date
      dates[r.to_step] = r.at.slice(0, 10)
    }
  }
  return out
}

export async function campaignBoard(ctx: ServiceContext, input: MethodParsedInput<'campaign.board'>): Promise<Outcome<CampaignBoard>> {
  const scope = villageScope(requireActor(ctx))
  const today = todayIso()
  const villages = await scopeVillages(ctx.db, scope)
  const campaigns = pickCampaigns((await listCampaigns(ctx, {})).value, input.asOf)
  const dates = await stepDates(
    ctx.db,
    [...campaigns.values()].map((c) => c.id),
  )
  const all: CampaignBoardRow[] = villages.map((v) => {
    const c = campaigns.get(v.id) ?? null
    const entered = (c && dates.get(c.id)) || noDates()
    const step = c?.step ?? null
    const enteredOn = step === null ? null : entered[step]
    const reported = c?.status === 'reported'
    const rule = overdueOf({ step, enteredOn, reported, today, deadline: input.deadline ?? null })
    return {
      villageId: v.id,
      villageCode: v.code,
      villageName: v.name,
      level: v.level,
      parentId: v.parent_id,
      campaign: c,
      entered,
      step,
      stepLabel: c ? c.stepLabel : NO_CAMPAIGN_LABEL,
      enteredOn,
      daysInStep: rule.daysInStep,
      allowanceDays: rule.allowanceDays,
      overdue: rule.overdue,
      overdueReason: rule.reason,
      reported,
    }
  })
  const totals: CampaignBoardTotals = {
    villages: all.length,
    none: 0,
    steps: Object.fromEntries(CAMPAIGN_STEPS.map((s) => [s, 0])) as Record<CampaignStep, number>,
    reported: 0,
    overdue: 0,
  }
  for (const r of all) {
    if (r.step === null) totals.none++
    else totals.steps[r.step]++
    if (r.reported) totals.reported++
    if (r.overdue) totals.overdue++
  }
  const rows = all.filter((r) => (input.step === undefined || (input.step === 'none' ? r.step === null : r.step === input.step)) && (!input.overdueOnly || r.overdue))
  return { value: { today, asOf: input.asOf ?? null, deadline: input.deadline ?? null, rows, totals } }
}
