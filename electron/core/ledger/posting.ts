import type { Kysely, Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { VoucherSummary } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { voucherLabel } from '../../../shared/vouchers'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import { rawFirst, rawRows, rawRun } from '../db/raw'
import type { Database, VoucherLineTable, VoucherTable } from '../db/schema'
import { assertOpeningBalanced } from './opening'
import { assertPeriodAllowed, closedPeriodError, toSummary, voucherHash, type SummaryRow } from './vouchers'

export interface PostedVoucher {
  id: number
  label: string
  hash: string
  /** the voucher as posted, with its first 摘要, line count and the names of its preparer and reviewer: enough for its summary without reading it again */
  row: Omit<SummaryRow, 'posted_name' | 'reversed_by_id'>
}

type VoucherRow = Omit<Selectable<VoucherTable>, 'import_batch_id' | 'hash'> & {
  prepared_name: string | null
  reviewed_name: string | null
  /** 1 when the voucher's month is closed for the village */
  closed: number
  /** the highest number already given in the voucher's village, month and word */
  max_number: number | null
}
type LineRow = Omit<Selectable<VoucherLineTable>, 'id'> & { account_code: string }

// Fixed texts (db/raw.ts): prepared once per connection; lists of ids go in as one JSON array. (`+village_id`:
// look the vouchers up by id, not by scanning the village's vouchers with the ids as a filter.) Each voucher comes
// with what posting it needs besides its lines — the names for its summary, whether its month is closed, and the
// last number of its month and word (read off the partial unique index voucher_number, v7) — so that posting one
// voucher is one read of vouchers, not four statements.
const VOUCHERS_SQL = `SELECT v.id, v.village_id, v.period, v.date, v.word, v.number, v.status, v.attachments, v.source, v.reverses_id, v.total,
  v.prepared_by, v.prepared_at, v.reviewed_by, v.reviewed_at, v.posted_by, v.posted_at,
  (SELECT display_name FROM app_user WHERE id = v.prepared_by) AS prepared_name,
  (SELECT display_name FROM app_user WHERE id = v.reviewed_by) AS reviewed_name,
  EXISTS (SELECT 1 FROM period_close c WHERE c.village_id = v.village_id AND c.period = v.period) AS closed,
  (SELECT max(x.number) FROM voucher x WHERE x.village_id = v.village_id AND x.period = v.period AND x.word = v.word AND x.number IS NOT NULL) AS max_number
  FROM voucher v WHERE +v.village_id = ? AND v.id IN (SELECT value FROM json_each(?))`
/** the village for the period checks, and Σ of its 期初余额 (debit positive: balanced when 0) */
const VILLAGE_SQL = `SELECT start_period, status, name, (SELECT coalesce(sum(amount), 0) FROM opening_balance WHERE village_id = village.id) AS opening
  FROM village WHERE id = ?`
const LINES_SQL = `SELECT l.voucher_id, l.line_no, l.period, l.summary, l.account_id, l.aux_item_id, l.debit, l.credit, a.code AS account_code
  FROM voucher_line l JOIN account a ON a.id = l.account_id
  WHERE l.voucher_id IN (SELECT value FROM json_each(?)) ORDER BY l.voucher_id, l.line_no`
const POST_SQL = "UPDATE voucher SET status = 'posted', number = ?, posted_by = ?, posted_at = ?, hash = ? WHERE id = ?"
const ACTIVITY_SQL = `INSERT INTO balance (village_id, account_id, aux_item_id, period, debit, credit)
  SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?) WHERE true
  ON CONFLICT (account_id, aux_item_id, period) DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit`

/**
 * 记账: numbers each reviewed voucher at posting (continuous per village, month and word, so deleted drafts
 * leave no gaps), seals its content hash, and adds its lines to the balance table — all in the caller's
 * transaction. Vouchers are numbered in date order. One voucher or five thousand, the reads are the same
 * handful of statements (the hot path of the dispatcher: see tests/bench/writes.ts).
 */
export async function postReviewed(db: Kysely<Database>, villageId: number, voucherIds: readonly number[], posterId: number): Promise<PostedVoucher[]> {
  const village = await rawFirst<{ start_period: string; status: string; name: string; opening: number }>(db, VILLAGE_SQL, [villageId])
  // 期初余额 must balance before the first posting (and stay so; they cannot change after it): the sum is
  // checked on every call, the full account of the difference is made only when it is not zero
  if (village && village.opening !== 0) await assertOpeningBalanced(db, villageId)
  const unique = [...new Set(voucherIds)]
  const vouchers = await rawRows<VoucherRow>(db, VOUCHERS_SQL, [villageId, JSON.stringify(unique)])
  if (!village || vouchers.length !== unique.length) throw new AppError('NOT_FOUND', '所选凭证中有不存在或不属于本村的，请刷新后重试')
  vouchers.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id))
  const periods = new Set<string>()
  for (const v of vouchers) {
    if (v.status === 'posted') throw new AppError('STATE', `${v.date} 的凭证已记账（${voucherLabel(v.word, v.number)}），不能重复记账`)
    if (v.status !== 'reviewed') throw new AppError('STATE', `${v.date} 的凭证尚未审核，审核后才能记账`)
    if (!periods.has(v.period)) {
      assertPeriodAllowed(village, v.period)
      periods.add(v.period)
    }
  }
  // in date order, so the earliest closed month is named
  const closed = vouchers.find((v) => v.closed !== 0)
  if (closed) throw closedPeriodError(closed.period)

  // all lines of the batch, with their account codes (for the hash), in one statement
  const linesOf = new Map<number, LineRow[]>()
  for (const l of await rawRows<LineRow>(db, LINES_SQL, [JSON.stringify(vouchers.map((v) => v.id))])) {
    const list = linesOf.get(l.voucher_id)
    if (list) list.push(l)
    else linesOf.set(l.voucher_id, [l])
  }
  const nextNumber = new Map<string, number>()
  const now = nowIso()
  const posted: PostedVoucher[] = []
  const activity = new Map<string, [accountId: number, auxItemId: number, period: string, debit: number, credit: number]>()
  for (const row of vouchers) {
    // the voucher itself, without what came with it for the checks
    const { max_number: maxNumber, closed: _closed, ...v } = row
    const key = `${v.period}|${v.word}`
    // the number read with the voucher holds for the first of its month and word; the batch's own numbers follow it
    const n = nextNumber.get(key) ?? (maxNumber ?? 0) + 1
    nextNumber.set(key, n + 1)
    const lines = linesOf.get(v.id) ?? []
    const hash = voucherHash({ ...v, number: n, posted_by: posterId }, lines)
    await rawRun(db, POST_SQL, [n, posterId, now, hash, v.id])
    for (const l of lines) {
      const aux = l.aux_item_id ?? 0
      const k = `${l.account_id}|${aux}|${l.period}`
      const a = activity.get(k)
      if (a) {
        a[3] += l.debit
        a[4] += l.credit
      } else activity.set(k, [l.account_id, aux, l.period, l.debit, l.credit])
    }
    posted.push({
      id: v.id,
      label: voucherLabel(v.word, n),
      hash,
      row: { ...v, status: 'posted', number: n, posted_by: posterId, posted_at: now, import_batch_id: null, hash, first_summary: lines[0]?.summary ?? null, line_count: lines.length },
    })
  }
  await rawRun(db, ACTIVITY_SQL, [villageId, JSON.stringify([...activity.values()])])
  return posted
}

/** Adds period activity to the balance table (insert or accumulate). */
export async function addActivity(
  db: Kysely<Database>,
  villageId: number,
  rows: readonly { account_id: number; aux_item_id: number; period: string; debit: number; credit: number }[],
): Promise<void> {
  if (rows.length === 0) return
  await rawRun(db, ACTIVITY_SQL, [villageId, JSON.stringify(rows.map((r) => [r.account_id, r.aux_item_id, r.period, r.debit, r.credit]))])
}

export async function postVouchers(ctx: ServiceContext, input: MethodParsedInput<'voucher.post'>): Promise<Outcome<VoucherSummary[]>> {
  const actor = requireActor(ctx)
  const posted = await postReviewed(ctx.db, input.villageId, input.voucherIds, actor.id)
  const first = posted[0]
  const last = posted[posted.length - 1]
  return {
    // the poster is the caller, read afresh at the start of this call; the other names came with the vouchers
    value: posted.map(({ row }) => toSummary({ ...row, posted_name: actor.displayName, reversed_by_id: null })),
    audit: {
      action: posted.length === 1 ? `记账：${first?.label}` : `记账 ${posted.length} 张：${first?.label} 至 ${last?.label}`,
      // the content hashes of what was posted enter the audit chain
      after: { vouchers: posted.map((p) => [p.id, p.label, p.hash]) },
    },
  }
}
