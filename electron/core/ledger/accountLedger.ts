import type { Kysely } from 'kysely'
import type { AccountLedger, LedgerEntry } from '../../../shared/api/types'
import type { Database } from '../db/schema'
import { sideAndAmount, yuan } from '../reports/common'
import { openLedger, type LedgerRequest } from '../reports/ledger'

/**
 * 明细账 of one account (and everything below it) over a range of months, as report.ledger returns it: the whole
 * book, or a page of it (`limit` entries from `offset`) with the running balance the whole book has there, and
 * the range's opening, totals and closing either way. Read through the one ledger reader (reports/ledger.ts).
 */
export async function accountLedger(
  db: Kysely<Database>,
  villageId: number,
  opts: LedgerRequest & { offset?: number; limit?: number },
): Promise<AccountLedger> {
  const r = await openLedger(db, villageId, opts)
  const o = r.outline
  const offset = opts.offset ?? 0
  const entries: LedgerEntry[] = []
  for await (const batch of r.batches(offset, opts.limit)) for (const e of batch) entries.push(e)
  const opening = sideAndAmount(o.opening)
  const closing = sideAndAmount(o.closing)
  return {
    villageId,
    accountId: r.account.id,
    code: r.account.code,
    name: r.name,
    from: opts.from,
    to: opts.to,
    entries,
    offset,
    total: o.entries,
    summary: { lines: o.lines, openingSide: opening.side, opening: opening.balance, debit: yuan(o.debit), credit: yuan(o.credit), closingSide: closing.side, closing: closing.balance },
  }
}
