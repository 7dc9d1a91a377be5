import Decimal from 'decimal.js'
import type { Kysely, Selectable } from 'kysely'
import type { BankRecRecord, CashCountRecord, CounterpartyReply, Verification } from '../../../shared/api/campaignTypes'
import { SNAPSHOT_KIND_LABELS } from '../../../shared/api/campaignTypes'
import { formatFen, fenToYuanString } from '../../../shared/money'
import type { CountEntry, UnbookedItem } from '../../../shared/campaign/cashCount'
import type { CampaignTable, Database } from '../db/schema'

/**
 * 核实 (issue 5 §4): reading the 核实数 beside the 账面数, and the guard of 核实 → 公示 — every difference explained
 * (reason and 处理意见), the 现金盘点表 saved, every bank account of the snapshot reconciled with agreeing balances.
 */

/** 核实数量 − 账面数量, exact to the stored places; null when either is missing. */
export function quantityDifference(book: string | null, verified: string | null): string | null {
  if (verified === null) return null
  return new Decimal(verified).minus(new Decimal(book ?? '0')).toFixed()
}

export interface VerifiedColumns {
  verified_amount: number | null
  verified_quantity: string | null
  difference: number | null
  reason: string | null
  opinion: string | null
  reply: CounterpartyReply | null
  verifier: string | null
  verified_at: string | null
}

export function verificationOf(r: VerifiedColumns, bookQuantity: string | null): Verification | null {
  if (r.verified_at === null) return null
  return {
    amount: r.verified_amount === null ? null : fenToYuanString(r.verified_amount),
    quantity: r.verified_quantity,
    difference: r.difference === null ? null : fenToYuanString(r.difference),
    quantityDifference: quantityDifference(bookQuantity, r.verified_quantity),
    reason: r.reason,
    opinion: r.opinion,
    reply: r.reply,
    verifiedBy: r.verifier ?? '',
    verifiedAt: r.verified_at,
  }
}

/** Whether a checked row differs from the books: an amount or quantity difference, a missing item, a 盘盈 item. */
export function hasDifference(r: { result: string; difference: number | null; verified_quantity: string | null }, bookQuantity: string | null): boolean {
  if (r.result === 'missing' || r.result === 'surplus') return true
  if (r.difference !== null && r.difference !== 0) return true
  const q = r.result === 'surplus' ? null : quantityDifference(bookQuantity, r.verified_quantity)
  return q !== null && !new Decimal(q).isZero()
}

type CampaignDb = Selectable<CampaignTable>

export async function verificationBlockers(db: Kysely<Database>, c: CampaignDb): Promise<string[]> {
  const take = c.snapshot_take ?? 0
  const out: string[] = []
  const checks = await db
    .selectFrom('campaign_check as k')
    .leftJoin('campaign_snapshot as s', 's.id', 'k.snapshot_id')
    .select(['k.result', 'k.kind', 'k.difference', 'k.verified_quantity', 'k.reason', 'k.opinion', 'k.label as surplus_label', 's.code', 's.label', 's.quantity'])
    .where('k.campaign_id', '=', c.id)
    .where('k.take', '=', take)
    .orderBy('k.id')
    .execute()
  const unexplained = checks.filter((k) => hasDifference(k, k.quantity) && (k.reason === null || k.opinion === null))
  if (unexplained.length) {
    const sample = unexplained
      .slice(0, 5)
      .map((k) => (k.result === 'surplus' ? `盘盈 ${k.surplus_label ?? ''}` : `${SNAPSHOT_KIND_LABELS[k.kind]} ${k.label ?? k.code ?? ''}`))
      .join('；')
    out.push(`还有 ${unexplained.length} 项差异未写明原因和处理意见：${sample}${unexplained.length > 5 ? ' 等' : ''}`)
  }
  const cash = await db.selectFrom('campaign_cash_count').select('id').where('campaign_id', '=', c.id).where('take', '=', take).executeTakeFirst()
  if (!cash) out.push('尚未填写现金盘点表')
  const banks = await db
    .selectFrom('campaign_snapshot as s')
    .leftJoin('campaign_bank_rec as b', 'b.snapshot_id', 's.id')
    .select(['s.code', 's.label', 'b.id', 'b.agrees', 'b.book_adjusted', 'b.statement_adjusted'])
    .where('s.campaign_id', '=', c.id)
    .where('s.take', '=', take)
    .where('s.kind', '=', 'bankAccount')
    .orderBy('s.id')
    .execute()
  for (const b of banks) {
    if (b.id === null) out.push(`银行账户 ${b.label} 尚未导入对账单编制余额调节表`)
    else if (b.agrees !== 1) {
      out.push(`银行账户 ${b.label} 的余额调节表不平：调节后账面余额 ${formatFen(b.book_adjusted ?? 0)}，调节后银行余额 ${formatFen(b.statement_adjusted ?? 0)}`)
    }
  }
  return out
}

export async function cashCountRecord(db: Kysely<Database>, c: CampaignDb): Promise<CashCountRecord | null> {
  const r = await db.selectFrom('campaign_cash_count').selectAll().where('campaign_id', '=', c.id).where('take', '=', c.snapshot_take ?? 0).executeTakeFirst()
  if (!r) return null
  const d = r.difference
  const counts = JSON.parse(r.counts) as CountEntry[]
  const receipts = JSON.parse(r.receipts_not_booked) as UnbookedItem[]
  const payments = JSON.parse(r.payments_not_booked) as UnbookedItem[]
  const items = (list: UnbookedItem[]) => list.map((x) => ({ date: x.date, summary: x.summary, amount: fenToYuanString(x.amount) }))
  const total = (list: UnbookedItem[]) => fenToYuanString(list.reduce((s, x) => s + x.amount, 0))
  return {
    countedOn: r.counted_on,
    counted: fenToYuanString(r.counted),
    bookBalance: fenToYuanString(r.book_balance),
    receiptsNotBooked: total(receipts),
    paymentsNotBooked: total(payments),
    adjustedBook: fenToYuanString(r.adjusted_book),
    difference: fenToYuanString(d),
    resultText: d === 0 ? '账实相符' : `${d > 0 ? '盘盈' : '盘亏'} ${formatFen(Math.abs(d))} 元`,
    cashier: r.cashier,
    supervisor: r.supervisor,
    chief: r.chief,
    entries: { counts: counts.map((c) => ({ value: fenToYuanString(c.value), form: c.form, count: c.count })), receipts: items(receipts), payments: items(payments) },
  }
}

export async function bankRecs(db: Kysely<Database>, c: CampaignDb): Promise<BankRecRecord[]> {
  const rows = await db
    .selectFrom('campaign_bank_rec as b')
    .innerJoin('campaign_snapshot as s', 's.id', 'b.snapshot_id')
    .selectAll('b')
    .where('b.campaign_id', '=', c.id)
    .where('s.take', '=', c.snapshot_take ?? 0)
    .orderBy('b.snapshot_id')
    .execute()
  return rows.map((r) => {
    const stored = JSON.parse(r.result) as { unmatched: BankRecRecord['unmatched']; notices: string[] }
    return {
      snapshotId: r.snapshot_id,
      period: r.period,
      fileName: r.file_name,
      accountNumber: r.account_number,
      bookAdjusted: fenToYuanString(r.book_adjusted),
      statementAdjusted: fenToYuanString(r.statement_adjusted),
      agrees: r.agrees === 1,
      unmatched: stored.unmatched,
      notices: stored.notices,
    }
  })
}
