import { sql, type Kysely, type Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import {
  CAMPAIGN_STEP_LABELS,
  CAMPAIGN_STEPS,
  ITEM_CONDITION_LABELS,
  SNAPSHOT_KIND_LABELS,
  type CampaignDetail,
  type CampaignStatus,
  type CampaignStep,
  type CampaignSummary,
} from '../../../shared/api/campaignTypes'
import { AppError } from '../../../shared/errors'
import { fenToYuanString } from '../../../shared/money'
import { periodLabel, periodOfDate } from '../../../shared/periods'
import { villageScope } from '../access'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { CampaignSnapshotTable, CampaignTable, Database } from '../db/schema'
import { closeoutBlockers, closeoutOf, type Closeout } from './closeoutState'
import { freezeSnapshot } from './snapshot'
import { bankRecs, cashCountRecord, verificationBlockers, verificationOf } from './verifyGuard'

/**
 * 清查 (issue 5): a campaign per village and as-of date walks 清理 → 登记 → 核实 → 公示 → 确认 → 上报. A step is
 * entered only when the guard of the step before holds; stepping back needs a reason; every move is a row of
 * campaign_step_log. Leaving 清理 freezes the snapshot of the books (账面数); 核实 is in verify.ts, 公示/确认/上报 in
 * closeout.ts.
 */
type CampaignDb = Selectable<CampaignTable>

const label = (s: CampaignStep) => CAMPAIGN_STEP_LABELS[s]
const indexOf = (s: CampaignStep) => CAMPAIGN_STEPS.indexOf(s)

export async function loadCampaign(db: Kysely<Database>, villageId: number, campaignId: number): Promise<CampaignDb> {
  const c = await db.selectFrom('campaign').selectAll().where('id', '=', campaignId).executeTakeFirst()
  if (!c || c.village_id !== villageId) throw new AppError('NOT_FOUND', '清查不存在或不属于本村，请刷新后重试')
  return c
}

export function assertWritable(c: CampaignDb, from?: CampaignStep): void {
  if (c.locked === 1) throw new AppError('STATE', `基准日 ${c.as_of} 的清查已上报并锁定，不能修改`)
  if (from !== undefined && from !== c.step) {
    throw new AppError('CONFLICT', `清查已在「${label(c.step)}」步骤，不在您看到的「${label(from)}」步骤（可能有其他人刚刚操作过），请刷新后再试`)
  }
}

/** Why the step after the campaign's current one cannot be entered yet (empty: it can). */
async function blockers(db: Kysely<Database>, c: CampaignDb, closeout?: Closeout): Promise<string[]> {
  const next = CAMPAIGN_STEPS[indexOf(c.step) + 1]
  if (next === undefined) return ['已是最后一步']
  if (c.step === 'snapshot') {
    const rows = await db
      .selectFrom('voucher')
      .select(['period', (eb) => eb.fn.countAll<number>().as('n')])
      .where('village_id', '=', c.village_id)
      .where('period', '<=', periodOfDate(c.as_of))
      .where('status', '<>', 'posted')
      .groupBy('period')
      .orderBy('period')
      .execute()
    if (rows.length === 0) return []
    const list = rows.map((r) => `${periodLabel(r.period)} ${Number(r.n)} 张`).join('、')
    return [`基准日 ${c.as_of} 及以前的月份还有未记账的凭证（${list}），请审核记账后再冻结账面数`]
  }
  if (c.step === 'registration') {
    const open = await db
      .selectFrom('campaign_snapshot as s')
      .leftJoin('campaign_check as k', 'k.snapshot_id', 's.id')
      .select(['s.kind', 's.code', 's.label'])
      .where('s.campaign_id', '=', c.id)
      .where('s.take', '=', c.snapshot_take ?? 0)
      .where('s.kind', '<>', 'account')
      .where('k.id', 'is', null)
      .orderBy('s.id')
      .execute()
    if (open.length === 0) return []
    const sample = open.slice(0, 5).map((r) => `${SNAPSHOT_KIND_LABELS[r.kind]} ${r.code} ${r.label}`).join('；')
    return [`还有 ${open.length} 项台账项目未登记“在”或“不在”：${sample}${open.length > 5 ? ' 等' : ''}`]
  }
  if (c.step === 'verification') return verificationBlockers(db, c)
  return closeoutBlockers(c, closeout ?? (await closeoutOf(db, c)))
}

export async function logStep(db: Kysely<Database>, c: CampaignDb, e: { direction: 'start' | 'forward' | 'back'; from: CampaignStep | null; to: CampaignStep; reason: string | null; userId: number; at: string }) {
  const last = await db.selectFrom('campaign_step_log').select((eb) => eb.fn.max('seq').as('seq')).where('campaign_id', '=', c.id).executeTakeFirst()
  await db
    .insertInto('campaign_step_log')
    .values({ campaign_id: c.id, seq: Number(last?.seq ?? 0) + 1, direction: e.direction, from_step: e.from, to_step: e.to, reason: e.reason, user_id: e.userId, at: e.at })
    .execute()
}

/** Moves the campaign from its step to `to`; the WHERE on the old step makes a lost race fail instead of moving twice. */
async function moveTo(db: Kysely<Database>, c: CampaignDb, to: CampaignStep, take: number | null, at: string): Promise<void> {
  const r = await db.updateTable('campaign').set({ step: to, snapshot_take: take, updated_at: at }).where('id', '=', c.id).where('step', '=', c.step).executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '清查步骤已被其他人改变，请刷新后再试')
}

// —— reads ——

async function summaries(db: Kysely<Database>, where: { campaignId?: number; villageIds?: readonly number[] | null }): Promise<CampaignSummary[]> {
  let q = db
    .selectFrom('campaign as c')
    .innerJoin('village as v', 'v.id', 'c.village_id')
    .innerJoin('app_user as u', 'u.id', 'c.created_by')
    .select(['c.id', 'c.village_id', 'v.name as village_name', 'c.as_of', 'c.status', 'c.step', 'c.locked', 'u.display_name', 'c.created_at', 'c.updated_at'])
  if (where.campaignId !== undefined) q = q.where('c.id', '=', where.campaignId)
  if (where.villageIds) q = where.villageIds.length ? q.where('c.village_id', 'in', where.villageIds) : q.where(sql<boolean>`0`)
  const rows = await q.orderBy('v.code').orderBy('c.as_of', 'desc').execute()
  return rows.map((r) => ({
    id: r.id,
    villageId: r.village_id,
    villageName: r.village_name,
    asOf: r.as_of,
    status: r.status,
    step: r.step,
    stepLabel: label(r.step),
    locked: r.locked === 1,
    createdBy: r.display_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }))
}

export async function campaignStatus(db: Kysely<Database>, c: CampaignDb): Promise<CampaignStatus> {
  const [summary] = await summaries(db, { campaignId: c.id })
  if (!summary) throw new AppError('NOT_FOUND', '清查不存在')
  const team = await db.selectFrom('campaign_member').select(['name', 'unit', 'role']).where('campaign_id', '=', c.id).orderBy('id').execute()
  const log = await db
    .selectFrom('campaign_step_log as l')
    .innerJoin('app_user as u', 'u.id', 'l.user_id')
    .select(['l.seq', 'l.direction', 'l.from_step', 'l.to_step', 'l.reason', 'u.display_name', 'l.at'])
    .where('l.campaign_id', '=', c.id)
    .orderBy('l.seq')
    .execute()
  let snapshot: CampaignStatus['snapshot'] = null
  const progress = { items: 0, found: 0, missing: 0, unmarked: 0, surplus: 0, damaged: 0 }
  if (c.snapshot_take !== null) {
    const counts = await db
      .selectFrom('campaign_snapshot as s')
      .leftJoin('campaign_check as k', 'k.snapshot_id', 's.id')
      .select(['s.kind', 'k.result', 'k.condition', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('s.taken_at').as('at'), (eb) => eb.fn.min('s.taken_by').as('by')])
      .where('s.campaign_id', '=', c.id)
      .where('s.take', '=', c.snapshot_take)
      .groupBy(['s.kind', 'k.result', 'k.condition'])
      .execute()
    let accounts = 0
    let takenAt = ''
    let takenBy = 0
    for (const r of counts) {
      const n = Number(r.n)
      takenAt = String(r.at)
      takenBy = Number(r.by)
      if (r.kind === 'account') {
        accounts += n
        continue
      }
      progress.items += n
      if (r.result === 'found') progress.found += n
      else if (r.result === 'missing') progress.missing += n
      else progress.unmarked += n
      if (r.condition === 'damaged') progress.damaged += n
    }
    const surplus = await db.selectFrom('campaign_check').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', c.id).where('take', '=', c.snapshot_take).where('result', '=', 'surplus').executeTakeFirst()
    progress.surplus = Number(surplus?.n ?? 0)
    const who = await db.selectFrom('app_user').select('display_name').where('id', '=', takenBy).executeTakeFirst()
    snapshot = { take: c.snapshot_take, takenAt, takenBy: who?.display_name ?? '', accounts, items: progress.items }
  }
  const closeout = await closeoutOf(db, c)
  const nextStep = CAMPAIGN_STEPS[indexOf(c.step) + 1]
  const blocked = nextStep === undefined ? [] : await blockers(db, c, closeout)
  return {
    ...summary,
    team,
    log: log.map((l) => ({ seq: l.seq, direction: l.direction, from: l.from_step, to: l.to_step, reason: l.reason, userName: l.display_name, at: l.at })),
    snapshot,
    progress,
    ...closeout,
    next: nextStep === undefined ? null : { step: nextStep, label: label(nextStep), ready: blocked.length === 0, blockers: blocked },
  }
}

async function snapshotRows(db: Kysely<Database>, c: CampaignDb): Promise<Pick<CampaignDetail, 'rows' | 'surplus' | 'cashCount' | 'bankRecs'>> {
  if (c.snapshot_take === null) return { rows: [], surplus: [], cashCount: null, bankRecs: [] }
  const rows = await db
    .selectFrom('campaign_snapshot as s')
    .leftJoin('campaign_check as k', 'k.snapshot_id', 's.id')
    .leftJoin('app_user as u', 'u.id', 'k.marked_by')
    .leftJoin('app_user as vu', 'vu.id', 'k.verified_by')
    .select(['s.id', 's.kind', 's.item_id', 's.aux_item_id', 's.code', 's.label', 's.amount', 's.quantity', 's.unit', 's.detail', 'k.result', 'k.condition', 'k.note', 'u.display_name', 'k.marked_at'])
    .select(['k.verified_amount', 'k.verified_quantity', 'k.difference', 'k.reason', 'k.opinion', 'k.reply', 'vu.display_name as verifier', 'k.verified_at'])
    .where('s.campaign_id', '=', c.id)
    .where('s.take', '=', c.snapshot_take)
    .orderBy('s.id')
    .execute()
  const surplus = await db
    .selectFrom('campaign_check as k')
    .innerJoin('app_user as u', 'u.id', 'k.marked_by')
    .leftJoin('app_user as vu', 'vu.id', 'k.verified_by')
    .select(['k.id', 'k.kind', 'k.label', 'k.verified_amount', 'k.verified_quantity', 'k.unit', 'k.evidence', 'u.display_name', 'k.marked_at'])
    .select(['k.difference', 'k.reason', 'k.opinion', 'k.reply', 'vu.display_name as verifier', 'k.verified_at'])
    .where('k.campaign_id', '=', c.id)
    .where('k.take', '=', c.snapshot_take)
    .where('k.result', '=', 'surplus')
    .orderBy('k.id')
    .execute()
  return {
    cashCount: await cashCountRecord(db, c),
    bankRecs: await bankRecs(db, c),
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      itemId: r.item_id,
      auxItemId: r.aux_item_id === 0 ? null : r.aux_item_id,
      code: r.code,
      label: r.label,
      amount: r.amount === null ? null : fenToYuanString(r.amount),
      quantity: r.quantity,
      unit: r.unit,
      detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
      check: r.result === null || r.result === 'surplus' ? null : { result: r.result, condition: r.condition, note: r.note, markedBy: r.display_name ?? '', markedAt: r.marked_at ?? '' },
      verification: verificationOf(r, r.quantity),
    })),
    surplus: surplus.map((r) => ({
      id: r.id,
      kind: r.kind === 'account' ? 'asset' : r.kind,
      label: r.label ?? '',
      amount: r.verified_amount === null ? null : fenToYuanString(r.verified_amount),
      quantity: r.verified_quantity,
      unit: r.unit,
      evidence: r.evidence ?? '',
      markedBy: r.display_name,
      markedAt: r.marked_at,
      // a 盘盈 row has no book quantity: its whole quantity is the difference
      verification: verificationOf(r, null),
    })),
  }
}

export async function getCampaign(ctx: ServiceContext, input: MethodParsedInput<'campaign.status'>): Promise<Outcome<CampaignDetail>> {
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  const status = await campaignStatus(ctx.db, c)
  return { value: { ...status, ...(input.rows ? await snapshotRows(ctx.db, c) : { rows: [], surplus: [], cashCount: null, bankRecs: [] }) } }
}

export async function listCampaigns(ctx: ServiceContext, input: MethodParsedInput<'campaign.list'>): Promise<Outcome<CampaignSummary[]>> {
  const scope = villageScope(requireActor(ctx))
  const villageIds = input.villageId !== undefined ? [input.villageId] : scope
  return { value: await summaries(ctx.db, { villageIds }) }
}

// —— writes ——

export async function startCampaign(ctx: ServiceContext, input: MethodParsedInput<'campaign.start'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const village = await ctx.db.selectFrom('village').select(['name', 'start_period', 'status']).where('id', '=', input.villageId).executeTakeFirstOrThrow()
  if (village.status !== 'active') throw new AppError('STATE', `「${village.name}」已停用，不能发起清查`)
  if (periodOfDate(input.asOf) < village.start_period) throw new AppError('VALIDATION', `清查基准日 ${input.asOf} 早于本村建账期间 ${periodLabel(village.start_period)}`)
  const others = await ctx.db.selectFrom('campaign').select(['as_of', 'status', 'step']).where('village_id', '=', input.villageId).orderBy('as_of', 'desc').execute()
  const open = others.find((o) => o.status === 'open')
  if (open) throw new AppError('STATE', `「${village.name}」已有进行中的清查（基准日 ${open.as_of}，当前「${label(open.step)}」步骤），完成上报后才能发起新的清查`)
  const later = others.find((o) => o.as_of >= input.asOf)
  if (later) throw new AppError('STATE', `「${village.name}」已有基准日为 ${later.as_of} 的清查，不能再发起基准日相同或更早的清查`)
  const at = nowIso()
  const created = await ctx.db
    .insertInto('campaign')
    .values({ village_id: input.villageId, as_of: input.asOf, status: 'open', step: 'snapshot', snapshot_take: null, locked: 0, note: input.note, created_by: actor.id, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (input.team.length) await ctx.db.insertInto('campaign_member').values(input.team.map((m) => ({ campaign_id: created.id, name: m.name, unit: m.unit, role: m.role, created_at: at }))).execute()
  const c = await loadCampaign(ctx.db, input.villageId, created.id)
  await logStep(ctx.db, c, { direction: 'start', from: null, to: 'snapshot', reason: null, userId: actor.id, at })
  return {
    value: await campaignStatus(ctx.db, c),
    audit: { action: `发起清查：${village.name}，基准日 ${input.asOf}`, villageId: input.villageId, after: { campaignId: c.id, asOf: input.asOf, team: input.team } },
  }
}

export async function advanceCampaign(ctx: ServiceContext, input: MethodParsedInput<'campaign.advance'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c, input.from)
  const to = CAMPAIGN_STEPS[indexOf(c.step) + 1]
  if (to === undefined) throw new AppError('STATE', '清查已在最后一步「上报」')
  const blocked = await blockers(ctx.db, c)
  if (blocked.length) throw new AppError('STATE', `不能进入「${label(to)}」步骤：${blocked.join('；')}`, { blockers: blocked })
  const at = nowIso()
  let take = c.snapshot_take
  let frozen = 0
  if (c.step === 'snapshot') {
    const last = await ctx.db.selectFrom('campaign_snapshot').select((eb) => eb.fn.max('take').as('take')).where('campaign_id', '=', c.id).executeTakeFirst()
    take = Number(last?.take ?? 0) + 1
    frozen = await freezeSnapshot(ctx.db, c, take, actor.id, at)
  }
  await moveTo(ctx.db, c, to, take, at)
  await logStep(ctx.db, c, { direction: 'forward', from: c.step, to, reason: null, userId: actor.id, at })
  const after = await loadCampaign(ctx.db, input.villageId, c.id)
  return {
    value: await campaignStatus(ctx.db, after),
    audit: {
      action: `清查（基准日 ${c.as_of}）由「${label(c.step)}」进入「${label(to)}」${frozen ? `，冻结账面数 ${frozen} 行` : ''}`,
      villageId: input.villageId,
      before: { campaignId: c.id, step: c.step },
      after: { step: to, snapshotTake: take },
    },
  }
}

export async function stepBack(ctx: ServiceContext, input: MethodParsedInput<'campaign.back'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c, input.from)
  const to = CAMPAIGN_STEPS[indexOf(c.step) - 1]
  if (to === undefined) throw new AppError('STATE', '清查已在第一步「清理」，不能再退回')
  const at = nowIso()
  // back to 清理: the frozen snapshot stays on record, and leaving 清理 again freezes a new take
  const take = to === 'snapshot' ? null : c.snapshot_take
  await moveTo(ctx.db, c, to, take, at)
  await logStep(ctx.db, c, { direction: 'back', from: c.step, to, reason: input.reason, userId: actor.id, at })
  const after = await loadCampaign(ctx.db, input.villageId, c.id)
  return {
    value: await campaignStatus(ctx.db, after),
    audit: {
      action: `清查（基准日 ${c.as_of}）由「${label(c.step)}」退回「${label(to)}」：${input.reason}`,
      villageId: input.villageId,
      before: { campaignId: c.id, step: c.step },
      after: { step: to, reason: input.reason },
    },
  }
}

export async function markItems(ctx: ServiceContext, input: MethodParsedInput<'campaign.mark'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  if (c.step !== 'registration') throw new AppError('STATE', `只有在「登记」步骤才能登记台账项目（当前在「${label(c.step)}」步骤）`)
  if (input.marks.length === 0 && input.surplus.length === 0) throw new AppError('VALIDATION', '没有要登记的项目')
  const take = c.snapshot_take ?? 0
  const at = nowIso()
  const ids = [...new Set(input.marks.map((m) => m.snapshotId))]
  if (ids.length !== input.marks.length) throw new AppError('VALIDATION', '同一项目在一次登记中出现了多次')
  const known = new Map<number, { kind: CampaignSnapshotTable['kind'] }>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.db.selectFrom('campaign_snapshot').select(['id', 'kind']).where('campaign_id', '=', c.id).where('take', '=', take).where('id', 'in', ids.slice(i, i + 500)).execute()
    for (const r of rows) known.set(r.id, r)
  }
  for (const m of input.marks) {
    const row = known.get(m.snapshotId)
    if (!row) throw new AppError('VALIDATION', `清查项目 ${m.snapshotId} 不在本次清理快照中，请刷新后重试`)
    if (row.kind === 'account') throw new AppError('VALIDATION', '科目余额在「核实」步骤核对，登记只针对台账项目')
    if (m.condition !== null && m.result !== 'found') throw new AppError('VALIDATION', `「${ITEM_CONDITION_LABELS[m.condition]}」只用于登记为“在”的项目`)
  }
  for (const m of input.marks) {
    const kind = known.get(m.snapshotId)?.kind ?? 'asset'
    await ctx.db
      .insertInto('campaign_check')
      .values({ campaign_id: c.id, snapshot_id: m.snapshotId, take, result: m.result, condition: m.condition, kind, note: m.note, marked_by: actor.id, marked_at: at })
      .onConflict((oc) => oc.column('snapshot_id').doUpdateSet({ result: m.result, condition: m.condition, note: m.note, marked_by: actor.id, marked_at: at }))
      .execute()
  }
  for (const s of input.surplus) {
    await ctx.db
      .insertInto('campaign_check')
      .values({ campaign_id: c.id, snapshot_id: null, take, result: 'surplus', kind: s.kind, label: s.label, verified_amount: s.amount, verified_quantity: s.quantity, unit: s.unit, evidence: s.evidence, marked_by: actor.id, marked_at: at })
      .execute()
  }
  const found = input.marks.filter((m) => m.result === 'found').length
  return {
    value: await campaignStatus(ctx.db, c),
    audit: {
      action: `清查登记（基准日 ${c.as_of}）：在 ${found} 项，不在 ${input.marks.length - found} 项${input.surplus.length ? `，盘盈 ${input.surplus.length} 项` : ''}`,
      villageId: input.villageId,
      after: { campaignId: c.id, marks: input.marks, surplus: input.surplus.map((s) => ({ ...s, amount: fenToYuanString(s.amount) })) },
    },
  }
}
