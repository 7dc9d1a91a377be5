import { createHash } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { amountInWords } from '../../../shared/amountWords'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { Account, Voucher, VoucherLine, VoucherSummary } from '../../../shared/api/types'
import { AUX_KIND_LABELS } from '../../../shared/accounts'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { fenToYuanString, type Fen } from '../../../shared/money'
import { periodLabel, periodOfDate } from '../../../shared/periods'
import { reversalSummary, voucherLabel } from '../../../shared/vouchers'
import { nowIso } from '../audit/log'
import { requireActor, type Actor, type Outcome, type ServiceContext } from '../context'
import type { Database, VoucherSource, VoucherTable } from '../db/schema'
import { loadChart } from './chart'

export interface LineInput {
  summary: string
  accountId: number
  auxItemId: number | null
  debit: Fen
  credit: Fen
}

export interface DraftInput {
  villageId: number
  date: string
  attachments: number
  lines: LineInput[]
  source: VoucherSource
  preparedBy: number
  reversesId?: number | null
  importBatchId?: number | null
}

/** Names of accounts as full paths (公益支出/文教卫生/社区活动), for screens and printouts. */
export function accountPaths(chart: readonly Account[]): Map<number, string> {
  const byId = new Map(chart.map((a) => [a.id, a]))
  const out = new Map<number, string>()
  for (const a of chart) {
    const names: string[] = []
    let cur: Account | undefined = a
    while (cur) {
      names.unshift(cur.name)
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId)
    }
    out.set(a.id, names.join('/'))
  }
  return out
}

/** A voucher may be dated only in an open period: not before the books start, not in a closed month. */
export async function assertOpenPeriod(db: Kysely<Database>, villageId: number, period: string, what = '凭证日期'): Promise<void> {
  const v = await db.selectFrom('village').select(['start_period', 'status', 'name']).where('id', '=', villageId).executeTakeFirstOrThrow()
  assertPeriodAllowed(v, period, what)
  const closed = await db.selectFrom('period_close').select('period').where('village_id', '=', villageId).where('period', '=', period).executeTakeFirst()
  if (closed) throw closedPeriodError(period)
}

/** The village's part of `assertOpenPeriod`, for callers that read the village and the closed months themselves. */
export function assertPeriodAllowed(v: { start_period: string; status: string; name: string }, period: string, what = '凭证日期'): void {
  if (v.status !== 'active') throw new AppError('STATE', `「${v.name}」已停用，不能记账`)
  if (period < v.start_period) throw new AppError('VALIDATION', `${what}所在期间 ${periodLabel(period)} 早于建账期间 ${periodLabel(v.start_period)}`)
}

export function closedPeriodError(period: string): AppError {
  return new AppError('STATE', `${periodLabel(period)} 已结账，不能录入或修改凭证；如需更正请由主管会计反结账`)
}

/** Every rule of a voucher's lines, with the offending line named (lines.N.field). */
export async function checkLines(db: Kysely<Database>, villageId: number, lines: readonly LineInput[], chart?: readonly Account[]): Promise<void> {
  const accounts = new Map((chart ?? (await loadChart(db, villageId))).map((a) => [a.id, a]))
  const issues: FieldIssue[] = []
  const auxIds = [...new Set(lines.map((l) => l.auxItemId).filter((x): x is number => x !== null))]
  const auxRows = auxIds.length
    ? await db.selectFrom('aux_item').select(['id', 'kind', 'village_id', 'status']).where('id', 'in', auxIds).execute()
    : []
  const aux = new Map(auxRows.map((r) => [r.id, r]))
  let debit = 0
  let credit = 0
  lines.forEach((l, i) => {
    const at = (field: string, message: string) => issues.push({ path: `lines.${i}.${field}`, message: `第 ${i + 1} 行：${message}` })
    const a = accounts.get(l.accountId)
    if (!a) at('accountId', '科目不存在或不属于本村')
    else {
      if (!a.isLeaf) at('accountId', `“${a.code} ${a.name}”不是末级科目，请选择其明细科目`)
      if (a.status !== 'active') at('accountId', `科目“${a.code} ${a.name}”已停用`)
      if (a.auxKind && l.auxItemId === null) at('auxItemId', `科目“${a.code} ${a.name}”需要填写${AUX_KIND_LABELS[a.auxKind]}`)
      if (!a.auxKind && l.auxItemId !== null) at('auxItemId', `科目“${a.code} ${a.name}”不设辅助核算，请清空`)
      if (a.auxKind && l.auxItemId !== null) {
        const item = aux.get(l.auxItemId)
        if (!item || item.village_id !== villageId) at('auxItemId', '辅助核算项目不存在')
        else if (item.kind !== a.auxKind) at('auxItemId', `应选择${AUX_KIND_LABELS[a.auxKind]}`)
        else if (item.status !== 'active') at('auxItemId', '辅助核算项目已停用')
      }
    }
    if (l.debit !== 0 && l.credit !== 0) at('debit', '同一行不能同时有借方和贷方金额')
    if (l.debit === 0 && l.credit === 0) at('debit', '借方和贷方金额不能都为空')
    debit += l.debit
    credit += l.credit
  })
  if (issues.length === 0 && debit !== credit) {
    issues.push({ path: 'lines', message: `借贷不平衡：借方合计 ${fenToYuanString(debit)}，贷方合计 ${fenToYuanString(credit)}，相差 ${fenToYuanString(debit - credit)}` })
  }
  if (issues.length === 0 && debit === 0) issues.push({ path: 'lines', message: '凭证金额合计不能为零' })
  if (issues.length > 0) {
    const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : ''
    throw new AppError('VALIDATION', `${(issues[0] as FieldIssue).message}${more}`, { issues })
  }
}

function lineTotal(lines: readonly LineInput[]): Fen {
  return lines.reduce((s, l) => s + l.debit, 0)
}

/** Inserts a draft (the one place vouchers are made: entry, reversal, carry-forward, import). */
export async function insertDraft(db: Kysely<Database>, d: DraftInput): Promise<number> {
  const period = periodOfDate(d.date)
  const { id } = await db
    .insertInto('voucher')
    .values({
      village_id: d.villageId,
      period,
      date: d.date,
      word: '记',
      number: null,
      status: 'draft',
      attachments: d.attachments,
      source: d.source,
      reverses_id: d.reversesId ?? null,
      import_batch_id: d.importBatchId ?? null,
      total: lineTotal(d.lines),
      prepared_by: d.preparedBy,
      prepared_at: nowIso(),
      reviewed_by: null,
      reviewed_at: null,
      posted_by: null,
      posted_at: null,
      hash: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertLines(db, id, period, d.lines)
  return id
}

async function insertLines(db: Kysely<Database>, voucherId: number, period: string, lines: readonly LineInput[]): Promise<void> {
  await db
    .insertInto('voucher_line')
    .values(
      lines.map((l, i) => ({
        voucher_id: voucherId,
        line_no: i + 1,
        period,
        summary: l.summary,
        account_id: l.accountId,
        aux_item_id: l.auxItemId,
        debit: l.debit,
        credit: l.credit,
      })),
    )
    .execute()
}

const userName = (db: Kysely<Database>, id: number | null) =>
  id === null ? Promise.resolve(null) : db.selectFrom('app_user').select('display_name').where('id', '=', id).executeTakeFirst().then((r) => r?.display_name ?? null)

export async function listVouchers(ctx: ServiceContext, input: MethodParsedInput<'voucher.list'>): Promise<Outcome<{ rows: VoucherSummary[]; total: number }>> {
  let q = ctx.db.selectFrom('voucher').where('voucher.village_id', '=', input.villageId)
  if (input.from) q = q.where('voucher.period', '>=', input.from)
  if (input.to) q = q.where('voucher.period', '<=', input.to)
  if (input.status) q = q.where('voucher.status', '=', input.status)
  if (input.search) {
    const s = `%${input.search}%`
    q = q.where((eb) => eb.exists(eb.selectFrom('voucher_line').select('voucher_line.id').whereRef('voucher_line.voucher_id', '=', 'voucher.id').where('voucher_line.summary', 'like', s)))
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  const ids = await q.select('voucher.id').orderBy('voucher.period').orderBy((eb) => eb.fn.coalesce('voucher.number', eb.val(1_000_000))).orderBy('voucher.date').orderBy('voucher.id').offset(input.offset).limit(input.limit).execute()
  return { value: { rows: await summaries(ctx.db, ids.map((r) => r.id)), total } }
}

/** A voucher row with what its summary shows besides the row itself. */
export interface SummaryRow extends Selectable<VoucherTable> {
  first_summary: string | null
  line_count: number | null
  prepared_name: string | null
  reviewed_name: string | null
  posted_name: string | null
  reversed_by_id: number | null
}

export function toSummary(r: SummaryRow): VoucherSummary {
  return {
    id: r.id,
    villageId: r.village_id,
    period: r.period,
    date: r.date,
    word: r.word,
    number: r.number,
    label: voucherLabel(r.word, r.number),
    status: r.status,
    source: r.source,
    attachments: r.attachments,
    summary: r.first_summary ?? '',
    total: fenToYuanString(r.total),
    lineCount: Number(r.line_count ?? 0),
    preparedBy: r.prepared_name ?? '',
    preparedById: r.prepared_by,
    reviewedBy: r.reviewed_name ?? null,
    reviewedById: r.reviewed_by,
    postedBy: r.posted_name ?? null,
    reversesId: r.reverses_id,
    reversedById: r.reversed_by_id ?? null,
  }
}

/** Summaries in the order of `ids`. */
export async function summaries(db: Kysely<Database>, ids: readonly number[]): Promise<VoucherSummary[]> {
  if (ids.length === 0) return []
  const out: VoucherSummary[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const rows = await db
      .selectFrom('voucher')
      .leftJoin('app_user as p', 'p.id', 'voucher.prepared_by')
      .leftJoin('app_user as r', 'r.id', 'voucher.reviewed_by')
      .leftJoin('app_user as k', 'k.id', 'voucher.posted_by')
      .leftJoin('voucher as rev', 'rev.reverses_id', 'voucher.id')
      .selectAll('voucher')
      .select(['p.display_name as prepared_name', 'r.display_name as reviewed_name', 'k.display_name as posted_name', 'rev.id as reversed_by_id'])
      .select((eb) => [
        eb.selectFrom('voucher_line').select('summary').whereRef('voucher_line.voucher_id', '=', 'voucher.id').orderBy('line_no').limit(1).as('first_summary'),
        eb.selectFrom('voucher_line').select((e) => e.fn.countAll<number>().as('n')).whereRef('voucher_line.voucher_id', '=', 'voucher.id').as('line_count'),
      ])
      .where('voucher.id', 'in', chunk)
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const id of chunk) {
      const r = byId.get(id)
      if (!r) continue
      out.push(toSummary(r))
    }
  }
  return out
}

export async function getVoucher(db: Kysely<Database>, villageId: number, voucherId: number): Promise<Voucher> {
  const v = await db.selectFrom('voucher').selectAll().where('id', '=', voucherId).where('village_id', '=', villageId).executeTakeFirst()
  if (!v) throw new AppError('NOT_FOUND', `凭证（编号 ${voucherId}）不存在或不属于本村`)
  const [summary] = await summaries(db, [voucherId])
  const chart = await loadChart(db, villageId)
  const paths = accountPaths(chart)
  const codes = new Map(chart.map((a) => [a.id, a.code]))
  const lines = await db
    .selectFrom('voucher_line')
    .leftJoin('aux_item', 'aux_item.id', 'voucher_line.aux_item_id')
    .selectAll('voucher_line')
    .select('aux_item.name as aux_name')
    .where('voucher_id', '=', voucherId)
    .orderBy('line_no')
    .execute()
  const outLines: VoucherLine[] = lines.map((l) => ({
    lineNo: l.line_no,
    summary: l.summary,
    accountId: l.account_id,
    accountCode: codes.get(l.account_id) ?? '',
    accountName: paths.get(l.account_id) ?? '',
    auxItemId: l.aux_item_id,
    auxItemName: l.aux_name ?? null,
    debit: fenToYuanString(l.debit),
    credit: fenToYuanString(l.credit),
  }))
  return {
    ...(summary as VoucherSummary),
    lines: outLines,
    totalInWords: amountInWords(v.total),
    preparedAt: v.prepared_at,
    reviewedAt: v.reviewed_at,
    postedAt: v.posted_at,
    hash: v.hash,
  }
}

async function draftForEdit(db: Kysely<Database>, actor: Actor, villageId: number, voucherId: number) {
  const v = await db.selectFrom('voucher').selectAll().where('id', '=', voucherId).where('village_id', '=', villageId).executeTakeFirst()
  if (!v) throw new AppError('NOT_FOUND', `凭证（编号 ${voucherId}）不存在或不属于本村`)
  if (v.status !== 'draft') throw new AppError('STATE', v.status === 'posted' ? '已记账凭证不能修改或删除，请用红字冲销更正' : '已审核凭证不能修改或删除，请先取消审核')
  // 不允许修改他人制作的凭证 (industry practice under 会计基础工作规范 Art. 88), except by the 主管会计
  if (v.prepared_by !== actor.id && actor.role !== 'supervisor') {
    const who = await userName(db, v.prepared_by)
    throw new AppError('FORBIDDEN', `这张凭证由${who ?? '他人'}制单，只有制单人或主管会计可以修改或删除`)
  }
  return v
}

export async function saveVoucher(ctx: ServiceContext, input: MethodParsedInput<'voucher.save'>): Promise<Outcome<Voucher>> {
  const actor = requireActor(ctx)
  const period = periodOfDate(input.date)
  await assertOpenPeriod(ctx.db, input.villageId, period)
  await checkLines(ctx.db, input.villageId, input.lines)
  let id: number
  let before: Voucher | null = null
  if (input.voucherId === undefined) {
    id = await insertDraft(ctx.db, { villageId: input.villageId, date: input.date, attachments: input.attachments, lines: input.lines, source: 'manual', preparedBy: actor.id })
  } else {
    const old = await draftForEdit(ctx.db, actor, input.villageId, input.voucherId)
    await assertOpenPeriod(ctx.db, input.villageId, old.period)
    before = await getVoucher(ctx.db, input.villageId, old.id)
    id = old.id
    await ctx.db.deleteFrom('voucher_line').where('voucher_id', '=', id).execute()
    await ctx.db
      .updateTable('voucher')
      .set({ date: input.date, period, attachments: input.attachments, total: lineTotal(input.lines) })
      .where('id', '=', id)
      .execute()
    await insertLines(ctx.db, id, period, input.lines)
  }
  const after = await getVoucher(ctx.db, input.villageId, id)
  return {
    value: after,
    audit: {
      action: `${before ? '修改' : '新增'}凭证草稿：${after.date} ${after.summary}，金额 ${after.total}`,
      before: before ? voucherDigest(before) : null,
      after: voucherDigest(after),
    },
  }
}

function voucherDigest(v: Voucher): Record<string, unknown> {
  return { id: v.id, date: v.date, attachments: v.attachments, lines: v.lines.map((l) => [l.summary, l.accountCode, l.auxItemName, l.debit, l.credit]) }
}

/**
 * Deletes one or several drafts in the caller's transaction: all of them or none. Each must be a draft of this
 * village prepared by the caller (or any draft, for the 主管会计), as for editing; numbers are given only at
 * posting, so deleting drafts leaves no gap.
 */
export async function deleteVoucher(ctx: ServiceContext, input: MethodParsedInput<'voucher.delete'>): Promise<Outcome<{ deleted: number }>> {
  const actor = requireActor(ctx)
  const rows = await loadForStep(ctx.db, input.villageId, input.voucherIds)
  for (const v of rows) {
    if (v.status !== 'draft') {
      throw new AppError('STATE', `${v.date} 的凭证${v.status === 'posted' ? '已记账，不能删除，请用红字冲销更正' : '已审核，不能删除，请先取消审核'}`)
    }
    if (v.prepared_by !== actor.id && actor.role !== 'supervisor') {
      const who = await userName(ctx.db, v.prepared_by)
      throw new AppError('FORBIDDEN', `${v.date} 的凭证由${who ?? '他人'}制单，只有制单人或主管会计可以删除`)
    }
  }
  const before = await draftDigests(ctx.db, rows)
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((r) => r.id)
    await ctx.db.deleteFrom('voucher_line').where('voucher_id', 'in', ids).execute()
    await ctx.db.deleteFrom('voucher').where('id', 'in', ids).execute()
  }
  const first = rows[0]!
  const last = rows[rows.length - 1]!
  const action =
    rows.length === 1
      ? `删除凭证草稿：${first.date} ${before[0]?.lines[0]?.[0] ?? ''}，金额 ${fenToYuanString(first.total)}`
      : `删除凭证草稿 ${rows.length} 张：${first.date} 至 ${last.date}`
  return { value: { deleted: rows.length }, audit: { action, before: rows.length === 1 ? before[0]! : { vouchers: before } } }
}

/** What the audit log keeps of deleted drafts: the shape of `voucherDigest`, read for many vouchers at once. */
async function draftDigests(db: Kysely<Database>, rows: readonly { id: number; date: string; attachments: number }[]) {
  const lines = new Map<number, [string, string, string | null, string, string][]>()
  for (let i = 0; i < rows.length; i += 500) {
    const found = await db
      .selectFrom('voucher_line')
      .innerJoin('account', 'account.id', 'voucher_line.account_id')
      .leftJoin('aux_item', 'aux_item.id', 'voucher_line.aux_item_id')
      .select(['voucher_line.voucher_id', 'voucher_line.summary', 'account.code', 'aux_item.name as aux_name', 'voucher_line.debit', 'voucher_line.credit'])
      .where('voucher_line.voucher_id', 'in', rows.slice(i, i + 500).map((r) => r.id))
      .orderBy('voucher_line.voucher_id')
      .orderBy('voucher_line.line_no')
      .execute()
    for (const l of found) {
      const list = lines.get(l.voucher_id) ?? []
      list.push([l.summary, l.code, l.aux_name ?? null, fenToYuanString(l.debit), fenToYuanString(l.credit)])
      lines.set(l.voucher_id, list)
    }
  }
  return rows.map((v) => ({ id: v.id, date: v.date, attachments: v.attachments, lines: lines.get(v.id) ?? [] }))
}

async function loadForStep(db: Kysely<Database>, villageId: number, ids: readonly number[]) {
  const unique = [...new Set(ids)]
  const rows = []
  for (let i = 0; i < unique.length; i += 500) {
    rows.push(...(await db.selectFrom('voucher').selectAll().where('village_id', '=', villageId).where('id', 'in', unique.slice(i, i + 500)).execute()))
  }
  if (rows.length !== unique.length) throw new AppError('NOT_FOUND', '所选凭证中有不存在或不属于本村的，请刷新后重试')
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id))
}

export async function reviewVouchers(ctx: ServiceContext, input: MethodParsedInput<'voucher.review'>): Promise<Outcome<VoucherSummary[]>> {
  const actor = requireActor(ctx)
  const rows = await loadForStep(ctx.db, input.villageId, input.voucherIds)
  for (const v of rows) {
    if (v.status !== 'draft') throw new AppError('STATE', `${v.date} 的凭证已${v.status === 'posted' ? '记账' : '审核'}，不能重复审核`)
    if (v.prepared_by === actor.id) throw new AppError('FORBIDDEN', `${v.date} 的凭证是您本人制单的，审核须由他人进行（制单与审核不能是同一人）`)
    await assertOpenPeriod(ctx.db, input.villageId, v.period)
  }
  const now = nowIso()
  for (let i = 0; i < rows.length; i += 500) {
    await ctx.db.updateTable('voucher').set({ status: 'reviewed', reviewed_by: actor.id, reviewed_at: now }).where('id', 'in', rows.slice(i, i + 500).map((r) => r.id)).execute()
  }
  return { value: await summaries(ctx.db, rows.map((r) => r.id)), audit: { action: `审核凭证 ${rows.length} 张`, after: { ids: rows.map((r) => r.id) } } }
}

export async function unreviewVouchers(ctx: ServiceContext, input: MethodParsedInput<'voucher.unreview'>): Promise<Outcome<VoucherSummary[]>> {
  const actor = requireActor(ctx)
  const rows = await loadForStep(ctx.db, input.villageId, input.voucherIds)
  for (const v of rows) {
    if (v.status !== 'reviewed') throw new AppError('STATE', v.status === 'posted' ? `${v.date} 的凭证已记账，不能取消审核，请用红字冲销` : `${v.date} 的凭证尚未审核`)
    if (v.reviewed_by !== actor.id && actor.role !== 'supervisor') throw new AppError('FORBIDDEN', '只有审核人本人或主管会计可以取消审核')
    await assertOpenPeriod(ctx.db, input.villageId, v.period)
  }
  await ctx.db.updateTable('voucher').set({ status: 'draft', reviewed_by: null, reviewed_at: null }).where('id', 'in', rows.map((r) => r.id)).execute()
  return { value: await summaries(ctx.db, rows.map((r) => r.id)), audit: { action: `取消审核凭证 ${rows.length} 张`, after: { ids: rows.map((r) => r.id) } } }
}

/** The red reversal draft of a posted voucher: the same lines negated, 摘要「冲销 X月X日 第N号凭证（…）」. */
export async function insertReversal(
  db: Kysely<Database>,
  original: { id: number; village_id: number; date: string; word: string; number: number },
  date: string,
  preparedBy: number,
): Promise<{ id: number; label: string }> {
  const lines = await db.selectFrom('voucher_line').selectAll().where('voucher_id', '=', original.id).orderBy('line_no').execute()
  const label = reversalSummary(original.date, original.word, original.number)
  const id = await insertDraft(db, {
    villageId: original.village_id,
    date,
    attachments: 0,
    source: 'reversal',
    reversesId: original.id,
    preparedBy,
    lines: lines.map((l) => ({ summary: `${label}（${l.summary}）`.slice(0, 200), accountId: l.account_id, auxItemId: l.aux_item_id, debit: -l.debit, credit: -l.credit })),
  })
  return { id, label }
}

export async function reverseVoucher(ctx: ServiceContext, input: MethodParsedInput<'voucher.reverse'>): Promise<Outcome<Voucher>> {
  const actor = requireActor(ctx)
  const original = await ctx.db.selectFrom('voucher').selectAll().where('id', '=', input.voucherId).where('village_id', '=', input.villageId).executeTakeFirst()
  if (!original) throw new AppError('NOT_FOUND', `凭证（编号 ${input.voucherId}）不存在或不属于本村`)
  if (original.status !== 'posted' || original.number === null) throw new AppError('STATE', '只有已记账的凭证需要红字冲销；未记账的凭证可直接修改或删除')
  if (original.reverses_id !== null) throw new AppError('STATE', '这是一张冲销凭证，不能再冲销；如有错误请另做更正凭证')
  const already = await ctx.db.selectFrom('voucher').select(['id', 'status']).where('reverses_id', '=', original.id).executeTakeFirst()
  if (already) throw new AppError('CONFLICT', '这张凭证已经做过红字冲销')
  if (input.date < original.date) throw new AppError('VALIDATION', '冲销日期不能早于原凭证日期', { issues: [{ path: 'date', message: '冲销日期早于原凭证' }] })
  await assertOpenPeriod(ctx.db, input.villageId, periodOfDate(input.date), '冲销日期')
  const { id, label } = await insertReversal(ctx.db, { ...original, number: original.number }, input.date, actor.id)
  const v = await getVoucher(ctx.db, input.villageId, id)
  return { value: v, audit: { action: `红字冲销：${label}`, after: { reversal: id, original: original.id } } }
}

/** Canonical content of a posted voucher; its SHA-256 goes into the voucher and the audit chain. */
export function voucherHash(
  v: { village_id: number; period: string; date: string; word: string; number: number; attachments: number; source: string; reverses_id: number | null; prepared_by: number; reviewed_by: number | null; posted_by: number },
  lines: readonly { line_no: number; summary: string; account_code: string; aux_item_id: number | null; debit: number; credit: number }[],
): string {
  const canonical = JSON.stringify([
    v.village_id, v.period, v.date, v.word, v.number, v.attachments, v.source, v.reverses_id, v.prepared_by, v.reviewed_by, v.posted_by,
    lines.map((l) => [l.line_no, l.summary, l.account_code, l.aux_item_id, l.debit, l.credit]),
  ])
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}
