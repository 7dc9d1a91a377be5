import { sql, type Kysely } from 'kysely'
import type { Account, LedgerEntry } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { fenOf, type Fen } from '../../../shared/money'
import { lastDayOf, nextPeriod, periodLabel } from '../../../shared/periods'
import { voucherLabel } from '../../../shared/vouchers'
import type { Database } from '../db/schema'
import { loadChart } from '../ledger/chart'
import { accountPaths } from '../ledger/vouchers'
import { assertRange, openingSummary, sideOf, yuan } from './common'
import { openingBefore } from './lines'

/**
 * The one reader of the 明细账 (detail ledger) of an account and everything below it: the opening, every posted
 * line with its running balance and 借/贷 direction, and 本月合计 / 本年累计 after each month. report.ledger (whole
 * or a page of it), the 往来明细账 and the workbook exports all read it here.
 *
 * Entry i of the book is reachable without reading the entries before it: the outline (one grouped query)
 * gives each month's line count and sums, so a page starts from the balance at the start of its month plus the
 * lines of that month before it. Lines are read a batch of whole months at a time (one query while a batch
 * stays under `BATCH` lines); a month bigger than that is read by its ordered line ids, a chunk at a time, so
 * that memory stays flat and other calls of the engine run in between, whatever the size of the book.
 */

export interface LedgerRequest {
  accountId: number
  from: string
  to: string
  /** undefined: every item; null: lines without an item; a number: that item */
  auxItemId?: number | null
}

export interface LedgerMonth {
  period: string
  lines: number
  debit: Fen
  credit: Fen
}

/** The whole range at a glance, whatever part of it is read. */
export interface LedgerOutline {
  months: LedgerMonth[]
  /** balance before `from` (debit positive), and the year's debit and credit before it */
  opening: Fen
  ytdDebit: Fen
  ytdCredit: Fen
  lines: number
  debit: Fen
  credit: Fen
  closing: Fen
  /** entries of the whole book: the opening, every line, 本月合计 and 本年累计 of each month */
  entries: number
}

export interface LedgerReader {
  account: Account
  /** the account's path, 银行存款/农商行基本户 */
  name: string
  outline: LedgerOutline
  /** entries [offset, offset + limit) of the book, in order, a batch of lines at a time */
  batches(offset?: number, limit?: number): AsyncGenerator<LedgerEntry[]>
  /** the same one by one */
  entries(offset?: number, limit?: number): AsyncGenerator<LedgerEntry>
}

export interface LedgerTuning {
  /** lines per query (tests lower it to exercise the chunked reading of big months) */
  batch?: number
}

const BATCH = 5000
/** the word of nearly every voucher (the column's default) */
const DEFAULT_WORD = '记'
/** a range of at most this many months names its months to SQLite (an index seek each, not a scan of the range) */
const LISTED_MONTHS = 120

/**
 * Posted lines as read, a column at a time: each column of a batch comes as one JSON array (json_group_array),
 * which costs SQLite and V8 far less than a row object of eight cells per line, or a JSON tuple per line. `word`
 * is null for the usual 记; the date is the voucher's, in the line's month; `accountId` is read only for a book
 * with sub-accounts.
 */
interface LineColumns {
  length: number
  voucherId: number[]
  date: string[]
  word: (string | null)[]
  number: (number | null)[]
  debit: number[]
  credit: number[]
  summary: string[]
  auxItemId: (number | null)[]
  accountId: number[] | null
  lineNo: number[]
}

/** the month (yyyy-mm, the first 7 characters) of two voucher dates compared without slicing them */
function compareMonths(a: string, b: string): number {
  for (let k = 0; k < 7; k++) {
    const d = a.charCodeAt(k) - b.charCodeAt(k)
    if (d !== 0) return d
  }
  return 0
}

/** book order of lines i and j: month, voucher number, voucher, the line's place in its voucher (posted lines have a number) */
function compareLines(l: LineColumns, i: number, j: number): number {
  return compareMonths(l.date[i] as string, l.date[j] as string) || (l.number[i] ?? 0) - (l.number[j] ?? 0) || (l.voucherId[i] as number) - (l.voucherId[j] as number) || (l.lineNo[i] as number) - (l.lineNo[j] as number)
}

/**
 * Puts lines read in index order into book order. SQLite hands them over nearly sorted (a month's lines are
 * mostly posted in number order), so a check pass usually finds nothing to do; sorting here costs far less than
 * an ORDER BY inside json_group_array, which copies every value through a temporary b-tree.
 */
function intoBookOrder(l: LineColumns): void {
  let sorted = true
  for (let k = 1; k < l.length && sorted; k++) sorted = compareLines(l, k - 1, k) <= 0
  if (sorted) return
  const order = Array.from({ length: l.length }, (_, k) => k).sort((i, j) => compareLines(l, i, j))
  const permute = <T>(column: T[]): T[] => order.map((k) => column[k] as T)
  l.voucherId = permute(l.voucherId)
  l.date = permute(l.date)
  l.word = permute(l.word)
  l.number = permute(l.number)
  l.debit = permute(l.debit)
  l.credit = permute(l.credit)
  l.summary = permute(l.summary)
  l.auxItemId = permute(l.auxItemId)
  if (l.accountId) l.accountId = permute(l.accountId)
  l.lineNo = permute(l.lineNo)
}

export async function openLedger(
  db: Kysely<Database>,
  villageId: number,
  req: LedgerRequest,
  known?: { chart: readonly Account[]; paths: Map<number, string> },
  tuning: LedgerTuning = {},
): Promise<LedgerReader> {
  assertRange(req.from, req.to)
  const chart = known?.chart ?? (await loadChart(db, villageId))
  const account = chart.find((a) => a.id === req.accountId)
  if (!account) throw new AppError('NOT_FOUND', '科目不存在或不属于本村')
  const paths = known?.paths ?? accountPaths(chart)
  const ids = chart.filter((a) => a.code.startsWith(account.code)).map((a) => a.id)
  const batch = Math.max(1, tuning.batch ?? BATCH)
  const periods: string[] = []
  for (let p = req.from; p <= req.to; p = nextPeriod(p)) periods.push(p)

  // posted lines of the accounts (and item) in a range of months; callers add columns
  const posted = (from: string, to: string) => {
    let q = db
      .selectFrom('voucher_line')
      .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
      .where('voucher_line.account_id', 'in', ids)
      .where('voucher_line.period', '>=', from)
      .where('voucher_line.period', '<=', to)
      .where('voucher.status', '=', 'posted')
    if (req.auxItemId === null) q = q.where('voucher_line.aux_item_id', 'is', null)
    else if (req.auxItemId !== undefined) q = q.where('voucher_line.aux_item_id', '=', req.auxItemId)
    return q
  }
  // … in book order: by month, voucher number, then the line's place in its voucher
  const ordered = (from: string, to: string) =>
    posted(from, to).orderBy('voucher_line.period').orderBy('voucher.number').orderBy('voucher.id').orderBy('voucher_line.line_no')

  const start = await openingBefore(db, { villageId, accountIds: ids, auxItemId: req.auxItemId, from: req.from })
  // each month's posted lines: every line of the accounts (read from the index alone) less those of vouchers not
  // yet posted (few); its debit and credit from the balance table, which posting keeps with the lines
  let allQ = db
    .selectFrom('voucher_line')
    .select(['period', sql<number>`count(*)`.as('n')])
    .where('account_id', 'in', ids)
    .where('period', '>=', req.from)
    .where('period', '<=', req.to)
    .groupBy('period')
  let unpostedQ = db
    .selectFrom('voucher')
    .innerJoin('voucher_line', 'voucher_line.voucher_id', 'voucher.id')
    .select(['voucher_line.period as period', sql<number>`count(*)`.as('n')])
    .where('voucher.village_id', '=', villageId)
    .where((eb) =>
      periods.length <= LISTED_MONTHS ? eb('voucher.period', 'in', periods) : eb.and([eb('voucher.period', '>=', req.from), eb('voucher.period', '<=', req.to)]),
    )
    .where('voucher.status', 'in', ['draft', 'reviewed'])
    // (unary + keeps SQLite on the voucher index: there are few unposted vouchers, and many lines of the account)
    .where((eb) => eb(sql<number>`+voucher_line.account_id`, 'in', ids))
    .groupBy('voucher_line.period')
  let sumsQ = db
    .selectFrom('balance')
    .select(['period', sql<number>`sum(debit)`.as('debit'), sql<number>`sum(credit)`.as('credit')])
    .where('village_id', '=', villageId)
    .where('account_id', 'in', ids)
    .where('period', '>=', req.from)
    .where('period', '<=', req.to)
    .groupBy('period')
  if (req.auxItemId === null) {
    allQ = allQ.where('aux_item_id', 'is', null)
    unpostedQ = unpostedQ.where('voucher_line.aux_item_id', 'is', null)
    sumsQ = sumsQ.where('aux_item_id', '=', 0)
  } else if (req.auxItemId !== undefined) {
    allQ = allQ.where('aux_item_id', '=', req.auxItemId)
    unpostedQ = unpostedQ.where('voucher_line.aux_item_id', '=', req.auxItemId)
    sumsQ = sumsQ.where('aux_item_id', '=', req.auxItemId)
  }
  const counts = new Map((await allQ.execute()).map((r) => [r.period, Number(r.n)]))
  for (const r of await unpostedQ.execute()) counts.set(r.period, (counts.get(r.period) ?? 0) - Number(r.n))
  const byPeriod = new Map((await sumsQ.execute()).map((r) => [r.period, { n: counts.get(r.period) ?? 0, debit: r.debit, credit: r.credit }]))
  for (const [period, n] of counts) if (!byPeriod.has(period)) byPeriod.set(period, { n, debit: 0, credit: 0 })
  const months: LedgerMonth[] = []
  let lines = 0
  let debit = 0
  let credit = 0
  for (const p of periods) {
    const s = byPeriod.get(p)
    const m = { period: p, lines: Number(s?.n ?? 0), debit: fenOf(s?.debit), credit: fenOf(s?.credit) }
    months.push(m)
    lines += m.lines
    debit += m.debit
    credit += m.credit
  }
  const outline: LedgerOutline = { months, ...start, lines, debit, credit, closing: start.opening + debit - credit, entries: 1 + lines + 2 * months.length }

  // 摘要 of a line booked below the account carries the sub-account's path
  const multi = ids.length > 1
  // (the account itself, for a book without sub-accounts, whose lines are not read with their account)
  const ownId = account.id
  const suffix = new Map<number, string>()
  if (multi) for (const id of ids) suffix.set(id, `（${paths.get(id)?.split('/').slice(account.level).join('/') ?? ''}）`)

  // the lines of a query as columns in book order, and the names of their items (read once)
  const lineQuery = (from: string, to: string, sorted: boolean) =>
    (sorted ? ordered(from, to) : posted(from, to)).select([
      'voucher.id as voucherId',
      'voucher.date as date',
      sql<string | null>`nullif(voucher.word, ${DEFAULT_WORD})`.as('word'),
      'voucher.number as number',
      'voucher_line.debit as debit',
      'voucher_line.credit as credit',
      'voucher_line.summary as summary',
      'voucher_line.aux_item_id as auxItemId',
      'voucher_line.account_id as accountId',
      'voucher_line.period as period',
      'voucher_line.line_no as lineNo',
    ])
  const auxNames = new Map<number, string>()
  // 记-0012 made once per number (numbers start again each month: a year of a bank account repeats them)
  const labels = new Map<number | null, string>()
  const labelOf = (word: string | null, number: number | null): string => {
    if (word !== null) return voucherLabel(word, number)
    let label = labels.get(number)
    if (label === undefined) labels.set(number, (label = voucherLabel(DEFAULT_WORD, number)))
    return label
  }
  // (one pass of the aggregate reads every column, so the columns list the lines in the same order)
  const column = (name: string) => sql<string>`json_group_array(${sql.ref(`x.${name}`)})`.as(name)
  async function readLines(q: ReturnType<typeof lineQuery>): Promise<LineColumns> {
    const r = await db
      .selectFrom(q.as('x'))
      .select([
        column('voucherId'),
        column('date'),
        column('word'),
        column('number'),
        column('debit'),
        column('credit'),
        column('summary'),
        column('auxItemId'),
        column('lineNo'),
        ...(multi ? [column('accountId')] : []),
      ])
      .executeTakeFirstOrThrow()
    const cells = r as Record<string, string>
    const read = <T>(name: string): T[] => JSON.parse(cells[name] as string) as T[]
    const voucherId = read<number>('voucherId')
    const rows: LineColumns = {
      length: voucherId.length,
      voucherId,
      date: read('date'),
      word: read('word'),
      number: read('number'),
      debit: read('debit'),
      credit: read('credit'),
      summary: read('summary'),
      auxItemId: read('auxItemId'),
      accountId: multi ? read('accountId') : null,
      lineNo: read('lineNo'),
    }
    intoBookOrder(rows)
    const missing = new Set<number>()
    for (const a of rows.auxItemId) if (a !== null && !auxNames.has(a)) missing.add(a)
    if (missing.size > 0) for (const a of await db.selectFrom('aux_item').select(['id', 'name']).where('id', 'in', [...missing]).execute()) auxNames.set(a.id, a.name)
    return rows
  }

  /** lines from month index `i`, skipping the first `skip` of it, at most `max` of them, in chunks */
  async function* lineChunks(i: number, skip: number, max: number): AsyncGenerator<LineColumns> {
    let left = max
    while (i < months.length && left > 0) {
      const first = months[i] as LedgerMonth
      if (first.lines - skip > batch) {
        // a big month: its ordered ids first (a few bytes a line), then the lines a chunk at a time
        const lineIds = (
          await ordered(first.period, first.period)
            .select('voucher_line.id as id')
            .limit(Math.min(left, first.lines - skip))
            .offset(skip)
            .execute()
        ).map((r) => r.id)
        for (let k = 0; k < lineIds.length; k += batch) {
          yield await readLines(lineQuery(first.period, first.period, false).where('voucher_line.id', 'in', lineIds.slice(k, k + batch)))
        }
        left -= lineIds.length
        i++
      } else {
        // whole months while they fit in one batch
        let j = i
        let n = first.lines - skip
        // (for a page, no further than the months it needs)
        while (j + 1 < months.length && n < left && n + (months[j + 1] as LedgerMonth).lines <= batch) n += (months[++j] as LedgerMonth).lines
        if (n > 0) {
          // the whole batch, or the part of it a page needs
          const part = skip > 0 || left < n
          const last = (months[j] as LedgerMonth).period
          const rows = await readLines(part ? lineQuery(first.period, last, true).limit(Math.min(left, n)).offset(skip) : lineQuery(first.period, last, false))
          left -= rows.length
          yield rows
        }
        i = j + 1
      }
      skip = 0
    }
  }

  // entries come a batch of lines at a time (an await per entry would cost more than making it)
  async function* batches(offset = 0, limit = Number.POSITIVE_INFINITY): AsyncGenerator<LedgerEntry[]> {
    if (limit <= 0 || offset >= outline.entries) return
    let balance = outline.opening
    let ytdDebit = outline.ytdDebit
    let ytdCredit = outline.ytdCredit
    let left = limit
    let out: LedgerEntry[] = []
    /** adds an entry; true once the page is full */
    const add = (e: LedgerEntry): boolean => {
      out.push(e)
      return --left === 0
    }
    // one object literal per entry, never spread: a year of a bank account is thousands of them
    const entry = (kind: LedgerEntry['kind'], date: string | null, period: string, voucherId: number | null, label: string | null, summary: string, auxItemName: string | null, debit: string, credit: string): LedgerEntry => ({
      kind,
      date,
      period,
      voucherId,
      voucherLabel: label,
      summary,
      auxItemName,
      debit,
      credit,
      side: sideOf(balance),
      balance: yuan(balance < 0 ? -balance : balance),
    })
    if (offset === 0) {
      if (add(entry('opening', null, req.from, null, null, openingSummary(req.from), null, '0.00', '0.00'))) {
        yield out
        return
      }
    }
    // where the page starts: month i, after `skip` of its lines, leaving out `drop` entries (the 本月合计 when
    // the page starts at a 本年累计); the balance and the year's figures at the start of that month
    let i = 0
    let at = Math.max(0, offset - 1)
    for (; at >= (months[i] as LedgerMonth).lines + 2; i++) {
      const m = months[i] as LedgerMonth
      at -= m.lines + 2
      if (m.period.endsWith('-01')) ytdDebit = ytdCredit = 0
      balance += m.debit - m.credit
      ytdDebit += m.debit
      ytdCredit += m.credit
    }
    const skip = Math.min(at, (months[i] as LedgerMonth).lines)
    let drop = at - skip
    let monthDebit = 0
    let monthCredit = 0
    if (skip > 0) {
      const before = await db
        .selectFrom(
          ordered((months[i] as LedgerMonth).period, (months[i] as LedgerMonth).period)
            .select(['voucher_line.debit as debit', 'voucher_line.credit as credit'])
            .limit(skip)
            .as('b'),
        )
        .select([sql<number>`coalesce(sum(b.debit), 0)`.as('debit'), sql<number>`coalesce(sum(b.credit), 0)`.as('credit')])
        .executeTakeFirstOrThrow()
      monthDebit = fenOf(before.debit)
      monthCredit = fenOf(before.credit)
      balance += monthDebit - monthCredit
    }
    const chunks = lineChunks(i, skip, left)
    let chunk: LineColumns | null = null
    let c = 0
    for (; i < months.length; i++) {
      const p = (months[i] as LedgerMonth).period
      if (p.endsWith('-01')) ytdDebit = ytdCredit = 0
      for (;;) {
        if (chunk === null || c === chunk.length) {
          if (out.length > 0) {
            yield out
            out = []
          }
          const next = await chunks.next()
          if (next.done) break
          chunk = next.value
          c = 0
          continue
        }
        const date = chunk.date[c] as string
        if (!date.startsWith(p)) break
        const debit = chunk.debit[c] as number
        const credit = chunk.credit[c] as number
        const text = chunk.summary[c] as string
        const auxItemId = chunk.auxItemId[c] as number | null
        const voucherId = chunk.voucherId[c] as number
        const label = labelOf(chunk.word[c] as string | null, chunk.number[c] as number | null)
        const accountId = chunk.accountId === null ? ownId : (chunk.accountId[c] as number)
        c++
        balance += debit - credit
        monthDebit += debit
        monthCredit += credit
        const summary = multi ? text + (suffix.get(accountId) ?? '') : text
        const auxName = auxItemId === null ? null : (auxNames.get(auxItemId) ?? null)
        if (add(entry('line', date, p, voucherId, label, summary, auxName, yuan(debit), yuan(credit)))) {
          yield out
          return
        }
      }
      ytdDebit += monthDebit
      ytdCredit += monthCredit
      const date = lastDayOf(p)
      if (drop === 0) {
        if (add(entry('monthTotal', date, p, null, null, `${periodLabel(p)} 本月合计`, null, yuan(monthDebit), yuan(monthCredit)))) {
          yield out
          return
        }
      } else drop = 0
      if (add(entry('yearTotal', date, p, null, null, '本年累计', null, yuan(ytdDebit), yuan(ytdCredit)))) {
        yield out
        return
      }
      monthDebit = 0
      monthCredit = 0
    }
    if (out.length > 0) yield out
  }

  async function* entries(offset?: number, limit?: number): AsyncGenerator<LedgerEntry> {
    for await (const b of batches(offset, limit)) yield* b
  }

  return { account, name: paths.get(account.id) ?? account.name, outline, batches, entries }
}

// —— the streamed form (exports, 往来明细账) ——

export interface LedgerStream {
  account: Account
  name: string
  entries: AsyncGenerator<LedgerEntry>
}

/** The whole 明细账 as a stream; memory stays flat for a book of any size. */
export async function ledgerStream(
  db: Kysely<Database>,
  villageId: number,
  req: LedgerRequest,
  known?: { chart: readonly Account[]; paths: Map<number, string> },
): Promise<LedgerStream> {
  const r = await openLedger(db, villageId, req, known)
  return { account: r.account, name: r.name, entries: r.entries() }
}
