import { sql, type Kysely } from 'kysely'
import { fenOf } from '../../../shared/money'
import type { Database } from '../db/schema'

/** Posted voucher lines of a set of accounts, read in chunks so that a book of a million lines streams. */
export interface PostedLine {
  lineId: number
  voucherId: number
  date: string
  word: string
  number: number
  period: string
  lineNo: number
  summary: string
  debit: number
  credit: number
  accountId: number
  auxItemId: number | null
  auxName: string | null
}

export interface LineFilter {
  villageId: number
  accountIds: readonly number[]
  /** undefined: every item; null: lines without an item; a number: that item */
  auxItemId?: number | null
  from: string
  to: string
}

const CHUNK = 2000

/**
 * Lines in date order (日记账; the 明细账 has its own reader in ledger.ts). The order is fixed first
 * as a list of line ids (a few bytes per line); the lines themselves are then read a chunk at a time, so other
 * calls of the engine can run in between and memory stays flat whatever the size of the book.
 */
export async function* postedLineChunks(db: Kysely<Database>, f: LineFilter): AsyncGenerator<PostedLine[]> {
  if (f.accountIds.length === 0) return
  let q = db
    .selectFrom('voucher_line')
    .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
    .select('voucher_line.id as id')
    .where('voucher.village_id', '=', f.villageId)
    .where('voucher.status', '=', 'posted')
    .where('voucher_line.account_id', 'in', [...f.accountIds])
    .where('voucher_line.period', '>=', f.from)
    .where('voucher_line.period', '<=', f.to)
  if (f.auxItemId === null) q = q.where('voucher_line.aux_item_id', 'is', null)
  else if (f.auxItemId !== undefined) q = q.where('voucher_line.aux_item_id', '=', f.auxItemId)
  q = q.orderBy('voucher.date').orderBy('voucher.period').orderBy('voucher.number').orderBy('voucher.id').orderBy('voucher_line.line_no')
  const ids: number[] = []
  for await (const r of q.stream(CHUNK)) ids.push(r.id)

  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    const rows = await db
      .selectFrom('voucher_line')
      .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
      .leftJoin('aux_item', 'aux_item.id', 'voucher_line.aux_item_id')
      .select([
        'voucher_line.id as lineId',
        'voucher.id as voucherId',
        'voucher.date as date',
        'voucher.word as word',
        'voucher.number as number',
        'voucher_line.period as period',
        'voucher_line.line_no as lineNo',
        'voucher_line.summary as summary',
        'voucher_line.debit as debit',
        'voucher_line.credit as credit',
        'voucher_line.account_id as accountId',
        'voucher_line.aux_item_id as auxItemId',
        'aux_item.name as auxName',
      ])
      .where('voucher_line.id', 'in', chunk)
      .execute()
    const byId = new Map(rows.map((r) => [r.lineId, r]))
    const out: PostedLine[] = []
    for (const id of chunk) {
      const r = byId.get(id)
      if (r) out.push({ ...r, number: r.number ?? 0, auxName: r.auxName ?? null })
    }
    yield out
  }
}

export async function* postedLines(db: Kysely<Database>, f: LineFilter): AsyncGenerator<PostedLine> {
  for await (const chunk of postedLineChunks(db, f)) yield* chunk
}

/** Balance (debit positive) of a set of accounts before `from`, and the year's debit/credit before it. */
export async function openingBefore(
  db: Kysely<Database>,
  f: { villageId: number; accountIds: readonly number[]; auxItemId?: number | null; from: string },
): Promise<{ opening: number; ytdDebit: number; ytdCredit: number }> {
  if (f.accountIds.length === 0) return { opening: 0, ytdDebit: 0, ytdCredit: 0 }
  const yearStart = `${f.from.slice(0, 4)}-01`
  const aux = f.auxItemId === undefined ? undefined : (f.auxItemId ?? 0)
  let bq = db
    .selectFrom('balance')
    .select([
      sql<number>`coalesce(sum(debit - credit), 0)`.as('net'),
      sql<number>`coalesce(sum(case when period >= ${yearStart} then debit else 0 end), 0)`.as('ytd_debit'),
      sql<number>`coalesce(sum(case when period >= ${yearStart} then credit else 0 end), 0)`.as('ytd_credit'),
    ])
    .where('village_id', '=', f.villageId)
    .where('account_id', 'in', [...f.accountIds])
    .where('period', '<', f.from)
  if (aux !== undefined) bq = bq.where('aux_item_id', '=', aux)
  let oq = db
    .selectFrom('opening_balance')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('amount'))
    .where('village_id', '=', f.villageId)
    .where('account_id', 'in', [...f.accountIds])
  if (aux !== undefined) oq = oq.where('aux_item_id', '=', aux)
  const b = await bq.executeTakeFirst()
  const o = await oq.executeTakeFirst()
  return { opening: fenOf(b?.net ?? 0) + fenOf(o?.amount ?? 0), ytdDebit: fenOf(b?.ytd_debit ?? 0), ytdCredit: fenOf(b?.ytd_credit ?? 0) }
}

/** The other accounts of each voucher (对方科目) for a chunk of vouchers. */
export async function otherAccounts(db: Kysely<Database>, voucherIds: readonly number[], excluded: ReadonlySet<number>): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  for (let i = 0; i < voucherIds.length; i += 900) {
    const rows = await db
      .selectFrom('voucher_line')
      .select(['voucher_id', 'account_id'])
      .where('voucher_id', 'in', voucherIds.slice(i, i + 900))
      .orderBy('voucher_id')
      .orderBy('line_no')
      .execute()
    for (const r of rows) {
      if (excluded.has(r.account_id)) continue
      const list = out.get(r.voucher_id)
      if (!list) out.set(r.voucher_id, [r.account_id])
      else if (!list.includes(r.account_id)) list.push(r.account_id)
    }
  }
  return out
}
