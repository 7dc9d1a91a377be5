import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Kysely, Selectable } from 'kysely'
import {
  CAMPAIGN_STEP_LABELS,
  CONFIRMING_BODY_LABELS,
  type CampaignFileResult,
  type CampaignStatus,
  type CampaignStep,
  type NoticeContent,
} from '../../../shared/api/campaignTypes'
import type { MethodParsedInput } from '../../../shared/api/contract'
import { AppError } from '../../../shared/errors'
import { nowIso, todayIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { CampaignTable, Database } from '../db/schema'
import { exportTarget } from '../io/exportPath'
import { closeoutOf, roundOf, unresolved } from './closeoutState'
import { campaignFigures } from './figures'
import { addDays } from '../../../shared/periods'
import { displayPeriod, exportNotice, noticeContent } from './notice'
import { exportReport } from './report'
import { assertWritable, campaignStatus, loadCampaign, logStep } from './service'

/**
 * 公示 → 确认 → 上报 (issue 5 steps 5–7, domain.md §4.4). A round of a step is the step-log entry into it: the
 * notice and the confirmation belong to the round they were recorded in, so going back to fix a figure and
 * forward again needs a new notice and a new confirmation. Objections stay on record across rounds and must all
 * be resolved before the result is confirmed. 上报 writes the sealed workbook, keeps its bytes and fingerprint as a
 * numbered version and locks the campaign; only 主管会计 reopens it (back to 确认), and the versions stay.
 */
type CampaignDb = Selectable<CampaignTable>

const label = (s: CampaignStep) => CAMPAIGN_STEP_LABELS[s]
export const NOTICE_TITLE = '清产核资结果公示表'
export const REPORT_TITLE = '清产核资上报表'

function requireStep(c: CampaignDb, ...steps: CampaignStep[]): void {
  if (!steps.includes(c.step)) throw new AppError('STATE', `只有在「${steps.map(label).join('」或「')}」步骤才能这样做（清查当前在「${label(c.step)}」步骤）`)
}

// —— 公示 ——

export async function postNotice(ctx: ServiceContext, input: MethodParsedInput<'campaign.notice'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  requireStep(c, 'notice')
  if (input.from <= c.as_of) throw new AppError('VALIDATION', `公示开始日期 ${input.from} 应在清查基准日 ${c.as_of} 之后`)
  const latest = addDays(todayIso(), 30)
  if (input.from > latest) throw new AppError('VALIDATION', `公示开始日期 ${input.from} 太远：最迟为 ${latest}（今天起 30 天内）`)
  const p = displayPeriod({ from: input.from, days: input.days, place: input.place })
  const round = await roundOf(ctx.db, c.id, 'notice')
  // objections already received in this round must still fall inside the new period
  const outside = await ctx.db
    .selectFrom('campaign_objection')
    .select(['from_name', 'received_on'])
    .where('campaign_id', '=', c.id)
    .where('round', '=', round)
    .where((eb) => eb.or([eb('received_on', '<', p.from), eb('received_on', '>', p.to)]))
    .execute()
  if (outside.length) {
    throw new AppError('VALIDATION', `已登记的异议不在新的公示期 ${p.from} 至 ${p.to} 内：${outside.map((o) => `${o.from_name}（${o.received_on}）`).join('、')}`)
  }
  const at = nowIso()
  await ctx.db.insertInto('campaign_notice').values({ campaign_id: c.id, round, display_from: p.from, display_to: p.to, days: p.days, place: p.place, posted_by: actor.id, posted_at: at }).execute()
  return {
    value: await campaignStatus(ctx.db, c),
    audit: { action: `张贴清查公示（基准日 ${c.as_of}）：${p.from} 至 ${p.to}（${p.days} 天），${p.place}`, villageId: input.villageId, after: { campaignId: c.id, ...p } },
  }
}

export async function recordObjection(ctx: ServiceContext, input: MethodParsedInput<'campaign.objection'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  requireStep(c, 'notice', 'confirmation')
  const s = await closeoutOf(ctx.db, c)
  if (!s.notice) throw new AppError('STATE', '尚未张贴公示，不能登记异议')
  if (c.step === 'confirmation' && s.confirmation) throw new AppError('STATE', '清查结果已经确认，不能再登记异议；如需补记，请先退回「公示」')
  if (input.receivedOn < s.notice.from || input.receivedOn > s.notice.to) {
    throw new AppError('VALIDATION', `异议的收到日期 ${input.receivedOn} 不在公示期 ${s.notice.from} 至 ${s.notice.to} 内：公示期外的意见不作为公示异议登记`)
  }
  if (input.receivedOn > todayIso()) throw new AppError('VALIDATION', `异议的收到日期 ${input.receivedOn} 晚于今天`)
  const round = await roundOf(ctx.db, c.id, 'notice')
  await ctx.db
    .insertInto('campaign_objection')
    .values({ campaign_id: c.id, round, received_on: input.receivedOn, from_name: input.fromName, content: input.content, recorded_by: actor.id, recorded_at: nowIso(), resolution: null, resolved_by: null, resolved_at: null })
    .execute()
  return {
    value: await campaignStatus(ctx.db, c),
    audit: { action: `登记公示异议（基准日 ${c.as_of}）：${input.fromName}，${input.receivedOn}`, villageId: input.villageId, after: { campaignId: c.id, receivedOn: input.receivedOn, fromName: input.fromName, content: input.content } },
  }
}

export async function resolveObjection(ctx: ServiceContext, input: MethodParsedInput<'campaign.resolveObjection'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  requireStep(c, 'notice', 'confirmation')
  const o = await ctx.db.selectFrom('campaign_objection').selectAll().where('id', '=', input.objectionId).where('campaign_id', '=', c.id).executeTakeFirst()
  if (!o) throw new AppError('NOT_FOUND', '异议不存在或不属于本次清查，请刷新后重试')
  const s = await closeoutOf(ctx.db, c)
  if (s.confirmation) throw new AppError('STATE', '清查结果已经确认，异议的处理结果不能再改；如需改动，请先退回「公示」')
  await ctx.db.updateTable('campaign_objection').set({ resolution: input.resolution, resolved_by: actor.id, resolved_at: nowIso() }).where('id', '=', o.id).execute()
  return {
    value: await campaignStatus(ctx.db, c),
    audit: {
      action: `处理公示异议（基准日 ${c.as_of}）：${o.from_name}（${o.received_on}）`,
      villageId: input.villageId,
      before: { resolution: o.resolution },
      after: { campaignId: c.id, objectionId: o.id, resolution: input.resolution },
    },
  }
}

// —— 确认 ——

export async function confirmResult(ctx: ServiceContext, input: MethodParsedInput<'campaign.confirm'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  requireStep(c, 'confirmation')
  const s = await closeoutOf(ctx.db, c)
  if (!s.notice) throw new AppError('STATE', '本轮没有公示记录，不能确认；请退回「公示」张贴公示')
  if (input.meetingOn <= s.notice.to) {
    throw new AppError('VALIDATION', `会议日期 ${input.meetingOn} 在公示期（${s.notice.from} 至 ${s.notice.to}）内或之前：公示期满后才能确认`)
  }
  if (input.meetingOn > todayIso()) throw new AppError('VALIDATION', `会议日期 ${input.meetingOn} 晚于今天，请在会议开过后登记`)
  const open = unresolved(s.objections)
  if (open.length) throw new AppError('STATE', `还有 ${open.length} 条公示异议未处理（${open.map((o) => o.fromName).join('、')}），请先登记处理结果再确认`)
  const attendees = [...new Set(input.attendees.map((a) => a.trim()))]
  if (attendees.length !== input.attendees.length) throw new AppError('VALIDATION', '参会人有重复的姓名')
  const round = await roundOf(ctx.db, c.id, 'confirmation')
  await ctx.db
    .insertInto('campaign_confirmation')
    .values({ campaign_id: c.id, round, body: input.body, meeting_on: input.meetingOn, attendees: JSON.stringify(attendees), resolution: input.resolution, recorded_by: actor.id, recorded_at: nowIso() })
    .execute()
  return {
    value: await campaignStatus(ctx.db, c),
    audit: {
      action: `${CONFIRMING_BODY_LABELS[input.body]}确认清查结果（基准日 ${c.as_of}）：${input.meetingOn}，${attendees.length} 人参会`,
      villageId: input.villageId,
      after: { campaignId: c.id, body: input.body, meetingOn: input.meetingOn, attendees, resolution: input.resolution },
    },
  }
}

// —— 上报 ——

async function villageOf(db: Kysely<Database>, c: CampaignDb) {
  return db.selectFrom('village').select(['code', 'name']).where('id', '=', c.village_id).executeTakeFirstOrThrow()
}

export async function reportCampaign(ctx: ServiceContext, input: MethodParsedInput<'campaign.report'>): Promise<Outcome<CampaignFileResult>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  requireStep(c, 'report')
  const s = await closeoutOf(ctx.db, c)
  if (!s.confirmation || unresolved(s.objections).length) throw new AppError('STATE', '清查结果尚未确认或还有未处理的异议，不能上报')
  const village = await villageOf(ctx.db, c)
  const version = (s.reports.at(-1)?.version ?? 0) + 1
  const path = exportTarget(input.to, ctx.engine.path, { village, title: REPORT_TITLE, tag: `${c.as_of}-第${version}版` })
  mkdirSync(dirname(path), { recursive: true })
  let written = false
  try {
    const { rows, fingerprint } = await exportReport(ctx.db, c.id, path)
    written = true
    const content = readFileSync(path)
    const at = nowIso()
    await ctx.db
      .insertInto('campaign_report')
      .values({ campaign_id: c.id, version, take: c.snapshot_take ?? 1, fingerprint, file_name: basename(path), content, rows, reported_by: actor.id, reported_at: at })
      .execute()
    const locked = await ctx.db.updateTable('campaign').set({ status: 'reported', locked: 1, updated_at: at }).where('id', '=', c.id).where('locked', '=', 0).where('step', '=', 'report').executeTakeFirst()
    if (Number(locked.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '清查状态已被其他人改变，请刷新后再试')
    return {
      value: { path, rows, bytes: content.length, fingerprint, version },
      audit: {
        action: `上报清查结果（基准日 ${c.as_of}，第 ${version} 版）并锁定：${path}`,
        villageId: input.villageId,
        after: { campaignId: c.id, version, fingerprint, path, rows },
      },
    }
  } catch (e) {
    // a report that is not recorded must not lie around looking like one
    if (written) rmSync(path, { force: true })
    throw e
  }
}

export async function reopenCampaign(ctx: ServiceContext, input: MethodParsedInput<'campaign.reopen'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  if (c.locked !== 1) throw new AppError('STATE', `基准日 ${c.as_of} 的清查尚未上报锁定，无需重新打开`)
  const open = await ctx.db.selectFrom('campaign').select(['as_of']).where('village_id', '=', c.village_id).where('status', '=', 'open').executeTakeFirst()
  if (open) throw new AppError('STATE', `本村还有进行中的清查（基准日 ${open.as_of}），完成上报后才能重新打开基准日 ${c.as_of} 的清查`)
  const at = nowIso()
  const r = await ctx.db.updateTable('campaign').set({ locked: 0, status: 'open', step: 'confirmation', updated_at: at }).where('id', '=', c.id).where('locked', '=', 1).executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '清查状态已被其他人改变，请刷新后再试')
  const last = await ctx.db.selectFrom('campaign_report').select(['id', 'version']).where('campaign_id', '=', c.id).orderBy('version', 'desc').limit(1).executeTakeFirst()
  if (last) await ctx.db.updateTable('campaign_report').set({ reopened_by: actor.id, reopened_at: at, reopen_reason: input.reason }).where('id', '=', last.id).execute()
  await logStep(ctx.db, c, { direction: 'back', from: 'report', to: 'confirmation', reason: `上报后重新打开：${input.reason}`, userId: actor.id, at })
  const after = await loadCampaign(ctx.db, input.villageId, c.id)
  return {
    value: await campaignStatus(ctx.db, after),
    audit: {
      action: `重新打开已上报的清查（基准日 ${c.as_of}，第 ${last?.version ?? 0} 版保留）：${input.reason}`,
      villageId: input.villageId,
      before: { campaignId: c.id, status: c.status, locked: true },
      after: { status: 'open', step: 'confirmation', reason: input.reason },
    },
  }
}

// —— files ——

/** The notice of the current round as the printable page shows it (a preview from today before it is posted). */
export async function getNoticeContent(ctx: ServiceContext, input: MethodParsedInput<'campaign.noticeContent'>): Promise<Outcome<NoticeContent>> {
  requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  if (c.snapshot_take === null) throw new AppError('STATE', '清查尚未冻结账面数（还在「清理」步骤），没有可公示的内容')
  const { notice } = await closeoutOf(ctx.db, c)
  const fig = await campaignFigures(ctx.db, c.id)
  return { value: noticeContent(fig, notice ? { from: notice.from, days: notice.days, place: notice.place } : { from: todayIso() }, notice !== null) }
}

export async function exportNoticeFile(ctx: ServiceContext, input: MethodParsedInput<'campaign.exportNotice'>): Promise<Outcome<CampaignFileResult>> {
  requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  if (c.snapshot_take === null) throw new AppError('STATE', '清查尚未冻结账面数（还在「清理」步骤），没有可公示的内容')
  const { notice } = await closeoutOf(ctx.db, c)
  const village = await villageOf(ctx.db, c)
  const path = exportTarget(input.to, ctx.engine.path, { village, title: NOTICE_TITLE, tag: c.as_of })
  mkdirSync(dirname(path), { recursive: true })
  const r = await exportNotice(ctx.db, c.id, path, notice ? { from: notice.from, days: notice.days, place: notice.place } : { from: todayIso() })
  const bytes = readFileSync(path).length
  return {
    value: { path, rows: r.rows, bytes, fingerprint: null, version: null },
    audit: { action: `导出清查公示表（基准日 ${c.as_of}）到：${path}`, villageId: input.villageId, after: { campaignId: c.id, path } },
  }
}

export async function exportReportFile(ctx: ServiceContext, input: MethodParsedInput<'campaign.exportReport'>): Promise<Outcome<CampaignFileResult>> {
  requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  let q = ctx.db.selectFrom('campaign_report').select(['version', 'fingerprint', 'content', 'rows']).where('campaign_id', '=', c.id)
  q = input.version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', input.version)
  const kept = await q.executeTakeFirst()
  if (!kept) throw new AppError('NOT_FOUND', input.version === undefined ? `基准日 ${c.as_of} 的清查尚未上报` : `没有第 ${input.version} 版上报表`)
  const village = await villageOf(ctx.db, c)
  const path = exportTarget(input.to, ctx.engine.path, { village, title: REPORT_TITLE, tag: `${c.as_of}-第${kept.version}版` })
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, kept.content)
  return {
    value: { path, rows: kept.rows, bytes: kept.content.length, fingerprint: kept.fingerprint, version: kept.version },
    audit: { action: `导出第 ${kept.version} 版清查上报表（基准日 ${c.as_of}）到：${path}`, villageId: input.villageId, after: { campaignId: c.id, version: kept.version, path } },
  }
}
