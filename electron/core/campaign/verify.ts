import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { CampaignStatus, CounterpartyReply } from '../../../shared/api/campaignTypes'
import { CAMPAIGN_STEP_LABELS, CLAIM_DEBT_PREFIXES, isClaimOrDebt } from '../../../shared/api/campaignTypes'
import { cashCount, cashCountIssues } from '../../../shared/campaign/cashCount'
import { AppError } from '../../../shared/errors'
import { fenToYuanString, formatFen } from '../../../shared/money'
import { periodOfDate } from '../../../shared/periods'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { bankCheck } from './bankCheck'
import { assertWritable, campaignStatus, loadCampaign } from './service'

/**
 * 核实 (issue 5 §4): the 核实数 beside each 账面数 with its difference, reason and 处理意见; the 现金盘点表, whose
 * counted cash is the 核实数 of the 101 row; the bank statement check, whose adjusted balance is the 核实数 of the
 * bank account row. Only while the campaign is at 核实 and not locked.
 */

type Campaign = Awaited<ReturnType<typeof loadCampaign>>

async function atVerification(ctx: ServiceContext, input: { villageId: number; campaignId: number }): Promise<Campaign> {
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  if (c.step !== 'verification') throw new AppError('STATE', `只有在「核实」步骤才能填写核实数（当前在「${CAMPAIGN_STEP_LABELS[c.step]}」步骤）`)
  return c
}

interface VerifiedFigure {
  amount: number | null
  quantity: string | null
  difference: number | null
  reason: string | null
  opinion: string | null
  reply?: CounterpartyReply | null
}

/** Writes the 核实数 of a snapshot row (creating its check row for an account, which 登记 never marks). */
/** A difference already drafted through 181 keeps its figure: the voucher books exactly it. */
function assertNotAdjusted(k: { difference: number | null; adjust_voucher_id: number | null }, difference: number | null, label: string): void {
  if (k.adjust_voucher_id !== null && k.difference !== difference) throw new AppError('STATE', `「${label}」的差异已生成调整凭证，不能再改变核实金额`)
}

async function writeSnapshotFigure(db: Kysely<Database>, c: Campaign, snapshot: { id: number; kind: Database['campaign_snapshot']['kind']; label: string }, f: VerifiedFigure, userId: number, at: string): Promise<void> {
  const values = { verified_amount: f.amount, verified_quantity: f.quantity, difference: f.difference, reason: f.reason, opinion: f.opinion, reply: f.reply ?? null, verified_by: userId, verified_at: at }
  const before = await db.selectFrom('campaign_check').select(['id', 'difference', 'adjust_voucher_id']).where('snapshot_id', '=', snapshot.id).executeTakeFirst()
  if (before) assertNotAdjusted(before, f.difference, snapshot.label)
  await db
    .insertInto('campaign_check')
    .values({ campaign_id: c.id, snapshot_id: snapshot.id, take: c.snapshot_take ?? 0, result: 'found', kind: snapshot.kind, marked_by: userId, marked_at: at, ...values })
    .onConflict((oc) => oc.column('snapshot_id').doUpdateSet(values))
    .execute()
}

export async function verifyRows(ctx: ServiceContext, input: MethodParsedInput<'campaign.verify'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await atVerification(ctx, input)
  const take = c.snapshot_take ?? 0
  const at = nowIso()
  let differences = 0
  for (const [i, r] of input.rows.entries()) {
    const where = `第 ${i + 1} 行`
    if ((r.snapshotId === undefined) === (r.surplusId === undefined)) throw new AppError('VALIDATION', `${where}：应指明一个清查项目或一个盘盈项目`)
    // a counterparty that confirms (or does not reply) leaves the book figure standing unless another is given
    if (r.amount === undefined && r.quantity === null && r.reply === null) throw new AppError('VALIDATION', `${where}：没有填写核实金额或核实数量`)
    if (r.snapshotId !== undefined) {
      const s = await ctx.db.selectFrom('campaign_snapshot').select(['id', 'kind', 'code', 'amount', 'label']).where('id', '=', r.snapshotId).where('campaign_id', '=', c.id).where('take', '=', take).executeTakeFirst()
      if (!s) throw new AppError('VALIDATION', `${where}：清查项目 ${r.snapshotId} 不在本次清理快照中，请刷新后重试`)
      if (s.kind === 'parcel' && r.amount !== undefined) throw new AppError('VALIDATION', `${where}：资源「${s.label}」按面积核实，不填金额`)
      if (r.reply !== null && !(s.kind === 'account' && isClaimOrDebt(s.code))) {
        throw new AppError('VALIDATION', `${where}：询证结果只用于债权债务（${CLAIM_DEBT_PREFIXES.join('、')} 科目的往来余额），「${s.label}」不是`)
      }
      if (r.reply === 'disagreed' && r.amount === undefined) throw new AppError('VALIDATION', `${where}：对方确认不符时，请填写核实金额（按对方确认或双方核对后的数额）`)
      const amount = r.amount ?? (r.reply !== null ? (s.amount ?? 0) : null)
      const difference = amount === null ? null : amount - (s.amount ?? 0)
      if (difference) differences++
      await writeSnapshotFigure(ctx.db, c, s, { amount, quantity: r.quantity, difference, reason: r.reason, opinion: r.opinion, reply: r.reply }, actor.id, at)
    } else {
      const k = await ctx.db.selectFrom('campaign_check').select(['id', 'label', 'difference', 'adjust_voucher_id']).where('id', '=', r.surplusId ?? 0).where('campaign_id', '=', c.id).where('take', '=', take).where('result', '=', 'surplus').executeTakeFirst()
      if (!k) throw new AppError('VALIDATION', `${where}：盘盈项目 ${r.surplusId} 不属于本次清查，请刷新后重试`)
      const amount = r.amount ?? null
      assertNotAdjusted(k, amount, k.label ?? '')
      // a 盘盈 item has no 账面数: its whole 核实数 is the difference
      differences++
      await ctx.db
        .updateTable('campaign_check')
        .set({ verified_amount: amount, verified_quantity: r.quantity, difference: amount, reason: r.reason, opinion: r.opinion, verified_by: actor.id, verified_at: at })
        .where('id', '=', k.id)
        .execute()
    }
  }
  return {
    value: await campaignStatus(ctx.db, c),
    audit: { action: `清查核实（基准日 ${c.as_of}）：${input.rows.length} 项，其中有差异 ${differences} 项`, villageId: input.villageId, after: { campaignId: c.id, rows: input.rows } },
  }
}

export async function saveCashCount(ctx: ServiceContext, input: MethodParsedInput<'campaign.cashCount'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await atVerification(ctx, input)
  const take = c.snapshot_take ?? 0
  const cashRows = await ctx.db.selectFrom('campaign_snapshot').select(['id', 'kind', 'amount', 'code', 'label']).where('campaign_id', '=', c.id).where('take', '=', take).where('kind', '=', 'account').where('code', 'like', '101%').execute()
  const row = cashRows.length === 1 ? cashRows[0] : undefined
  if (!row) throw new AppError('STATE', cashRows.length ? '101 库存现金有多个明细行，请按明细分别核实' : '清理快照中没有 101 库存现金科目，无法盘点现金')
  const countInput = { counts: input.counts, bookBalance: row.amount ?? 0, receiptsNotBooked: input.receiptsNotBooked, paymentsNotBooked: input.paymentsNotBooked }
  const issues = cashCountIssues(countInput)
  if (issues.length) throw new AppError('VALIDATION', `现金盘点表有误：${issues.map((x) => x.message).join('；')}`, { issues })
  const r = cashCount(countInput)
  const at = nowIso()
  const values = {
    snapshot_id: row.id,
    counted_on: input.countedOn,
    counts: JSON.stringify(input.counts),
    receipts_not_booked: JSON.stringify(input.receiptsNotBooked),
    payments_not_booked: JSON.stringify(input.paymentsNotBooked),
    book_balance: r.bookBalance,
    counted: r.counted,
    adjusted_book: r.adjustedBook,
    difference: r.difference,
    cashier: input.cashier,
    supervisor: input.supervisor,
    chief: input.chief,
    created_by: actor.id,
    created_at: at,
  }
  await ctx.db
    .insertInto('campaign_cash_count')
    .values({ campaign_id: c.id, take, ...values })
    .onConflict((oc) => oc.columns(['campaign_id', 'take']).doUpdateSet(values))
    .execute()
  // the counted cash is the 核实数 of the 101 row
  await writeSnapshotFigure(ctx.db, c, row, { amount: r.counted, quantity: null, difference: r.counted - r.bookBalance, reason: input.reason, opinion: input.opinion }, actor.id, at)
  return {
    value: await campaignStatus(ctx.db, c),
    audit: {
      action: `现金盘点（基准日 ${c.as_of}）：实点 ${formatFen(r.counted)} 元，${r.resultText}`,
      villageId: input.villageId,
      after: { campaignId: c.id, counted: fenToYuanString(r.counted), difference: fenToYuanString(r.difference), cashier: input.cashier, supervisor: input.supervisor, chief: input.chief },
    },
  }
}

export async function importBankStatement(ctx: ServiceContext, input: MethodParsedInput<'campaign.bankStatement'>): Promise<Outcome<CampaignStatus>> {
  const actor = requireActor(ctx)
  const c = await atVerification(ctx, input)
  const s = await ctx.db.selectFrom('campaign_snapshot').select(['id', 'kind', 'amount', 'label', 'detail']).where('id', '=', input.snapshotId).where('campaign_id', '=', c.id).where('take', '=', c.snapshot_take ?? 0).executeTakeFirst()
  if (!s || s.kind !== 'bankAccount') throw new AppError('VALIDATION', '所选项目不是本次清理快照中的银行账户，请刷新后重试')
  const detail = JSON.parse(s.detail ?? '{}') as { accountId?: number; auxItemId?: number | null }
  if (detail.accountId === undefined) throw new AppError('STATE', `银行账户 ${s.label} 没有对应的银行存款科目`)
  const period = periodOfDate(c.as_of)
  const check = await bankCheck(ctx.db, {
    villageId: c.village_id,
    accountId: detail.accountId,
    auxItemId: detail.auxItemId ?? undefined,
    period,
    file: { name: input.file.fileName, bytes: Buffer.from(input.file.contentBase64, 'base64') },
  })
  const rc = check.reconciliation
  const unmatched = [
    ...rc.bankReceivedNotBooked.map((x) => ({ side: 'bankReceived' as const, date: x.line.date, summary: x.line.summary, amount: fenToYuanString(x.amount) })),
    ...rc.bankPaidNotBooked.map((x) => ({ side: 'bankPaid' as const, date: x.line.date, summary: x.line.summary, amount: fenToYuanString(x.amount) })),
    ...rc.bookReceivedNotBanked.map((x) => ({ side: 'bookReceived' as const, date: x.line.date, summary: x.line.summary, amount: fenToYuanString(x.amount) })),
    ...rc.bookPaidNotBanked.map((x) => ({ side: 'bookPaid' as const, date: x.line.date, summary: x.line.summary, amount: fenToYuanString(x.amount) })),
  ]
  const at = nowIso()
  const values = {
    period,
    file_name: input.file.fileName,
    account_number: check.statement.accountNumber,
    book_adjusted: rc.table.bookAdjusted,
    statement_adjusted: rc.table.statementAdjusted,
    agrees: rc.table.agrees ? (1 as const) : (0 as const),
    result: JSON.stringify({ table: rc.table, unmatched, notices: check.notices }),
    created_by: actor.id,
    created_at: at,
  }
  await ctx.db.insertInto('campaign_bank_rec').values({ campaign_id: c.id, snapshot_id: s.id, ...values }).onConflict((oc) => oc.column('snapshot_id').doUpdateSet(values)).execute()
  // the statement's adjusted balance is the 核实数 of the bank account
  const verified = rc.table.statementAdjusted
  await writeSnapshotFigure(ctx.db, c, s, { amount: verified, quantity: null, difference: verified - (s.amount ?? 0), reason: input.reason, opinion: input.opinion }, actor.id, at)
  return {
    value: await campaignStatus(ctx.db, c),
    audit: {
      action: `银行存款核实（基准日 ${c.as_of}）：${s.label}，调节后账面余额 ${formatFen(rc.table.bookAdjusted)}，调节后银行余额 ${formatFen(rc.table.statementAdjusted)}${rc.table.agrees ? '，相符' : '，不符'}`,
      villageId: input.villageId,
      after: { campaignId: c.id, snapshotId: s.id, fileName: input.file.fileName, table: rc.table },
    },
  }
}
