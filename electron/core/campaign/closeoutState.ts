import type { Kysely, Selectable } from 'kysely'
import { CONFIRMING_BODY_LABELS, type CampaignConfirmation, type CampaignNotice, type CampaignObjection, type CampaignReportVersion, type CampaignStep } from '../../../shared/api/campaignTypes'
import { daysBetween } from '../../../shared/periods'
import { todayIso } from '../audit/log'
import type { CampaignTable, Database } from '../db/schema'

/**
 * The 公示/确认/上报 records of a campaign (issue 5 steps 5–7) as its status shows them and its guards read them. A
 * round of a step is the step-log entry into it: the notice and the confirmation belong to the round they were
 * recorded in, so going back to fix a figure and forward again needs a new notice and a new confirmation.
 */
type CampaignDb = Selectable<CampaignTable>


/** The seq of the latest forward entry into `step` (the current round), or 0. */
export async function roundOf(db: Kysely<Database>, campaignId: number, step: CampaignStep): Promise<number> {
  const r = await db
    .selectFrom('campaign_step_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('campaign_id', '=', campaignId)
    .where('to_step', '=', step)
    .where('direction', '=', 'forward')
    .executeTakeFirst()
  return Number(r?.seq ?? 0)
}

async function names(db: Kysely<Database>, ids: (number | null)[]): Promise<Map<number, string>> {
  const want = [...new Set(ids.filter((x): x is number => x !== null))]
  const rows = want.length ? await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', want).execute() : []
  return new Map(rows.map((r) => [r.id, r.display_name]))
}

export interface Closeout {
  notice: CampaignNotice | null
  objections: CampaignObjection[]
  confirmation: CampaignConfirmation | null
  reports: CampaignReportVersion[]
}

export const unresolved = (o: CampaignObjection[]) => o.filter((x) => x.resolution === null)

/** The 公示/确认/上报 records of the campaign's current rounds. */
export async function closeoutOf(db: Kysely<Database>, c: CampaignDb): Promise<Closeout> {
  const noticeRound = await roundOf(db, c.id, 'notice')
  const confirmRound = await roundOf(db, c.id, 'confirmation')
  const notice = await db.selectFrom('campaign_notice').selectAll().where('campaign_id', '=', c.id).where('round', '=', noticeRound).orderBy('id', 'desc').limit(1).executeTakeFirst()
  const confirmation = await db.selectFrom('campaign_confirmation').selectAll().where('campaign_id', '=', c.id).where('round', '=', confirmRound).orderBy('id', 'desc').limit(1).executeTakeFirst()
  const objections = await db.selectFrom('campaign_objection').selectAll().where('campaign_id', '=', c.id).orderBy('received_on').orderBy('id').execute()
  const reports = await db
    .selectFrom('campaign_report')
    .select(['version', 'fingerprint', 'file_name', (eb) => eb.fn<number>('length', ['content']).as('bytes'), 'rows', 'reported_by', 'reported_at', 'reopened_by', 'reopened_at', 'reopen_reason'])
    .where('campaign_id', '=', c.id)
    .orderBy('version')
    .execute()
  const who = await names(db, [notice?.posted_by ?? null, confirmation?.recorded_by ?? null, ...objections.flatMap((o) => [o.recorded_by, o.resolved_by]), ...reports.flatMap((r) => [r.reported_by, r.reopened_by])])
  const name = (id: number | null) => (id === null ? '' : (who.get(id) ?? ''))
  return {
    notice: notice
      ? { from: notice.display_from, to: notice.display_to, days: notice.days, place: notice.place, postedBy: name(notice.posted_by), postedAt: notice.posted_at, ended: todayIso() > notice.display_to }
      : null,
    objections: objections.map((o) => ({
      id: o.id,
      receivedOn: o.received_on,
      fromName: o.from_name,
      content: o.content,
      recordedBy: name(o.recorded_by),
      resolution: o.resolution,
      resolvedBy: o.resolved_by === null ? null : name(o.resolved_by),
      resolvedAt: o.resolved_at,
    })),
    confirmation: confirmation
      ? {
          body: confirmation.body,
          bodyLabel: CONFIRMING_BODY_LABELS[confirmation.body],
          meetingOn: confirmation.meeting_on,
          attendees: JSON.parse(confirmation.attendees) as string[],
          resolution: confirmation.resolution,
          recordedBy: name(confirmation.recorded_by),
          recordedAt: confirmation.recorded_at,
        }
      : null,
    reports: reports.map((r) => ({
      version: r.version,
      fingerprint: r.fingerprint,
      fileName: r.file_name,
      bytes: Number(r.bytes),
      rows: r.rows,
      reportedBy: name(r.reported_by),
      reportedAt: r.reported_at,
      reopened: r.reopened_by === null ? null : { by: name(r.reopened_by), at: r.reopened_at ?? '', reason: r.reopen_reason ?? '' },
    })),
  }
}

/** Why the campaign cannot leave 公示 or 确认 yet (empty: it can). */
export function closeoutBlockers(c: CampaignDb, s: Closeout): string[] {
  if (c.step === 'notice') {
    if (!s.notice) return ['尚未张贴公示（登记公示开始日期、天数和地点）']
    if (!s.notice.ended) {
      const left = daysBetween(todayIso(), s.notice.to) + 1
      return [`公示期 ${s.notice.from} 至 ${s.notice.to} 尚未结束（还有 ${left} 天），公示期满后才能进入确认`]
    }
    return []
  }
  if (c.step === 'confirmation') {
    const out: string[] = []
    const open = unresolved(s.objections)
    if (open.length) out.push(`还有 ${open.length} 条公示异议未处理：${open.slice(0, 3).map((o) => `${o.fromName}（${o.receivedOn}）`).join('、')}${open.length > 3 ? ' 等' : ''}`)
    if (!s.confirmation) out.push('尚未登记民主理财小组或村民代表会议的确认（会议日期、参会人、决议）')
    return out
  }
  return []
}
