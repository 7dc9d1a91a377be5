import { sql, type Kysely } from 'kysely'
import { fenOf } from '../../../shared/money'
import type {
  Account,
  AccountSummary,
  AccountSummaryRow,
  CounterpartyAccountLedger,
  CounterpartyBalanceRow,
  CounterpartyLedger,
  CounterpartySummary,
  GeneralLedger,
  GeneralLedgerAccount,
  GeneralLedgerEntry,
  Journal,
  JournalBook,
  JournalEntry,
  LedgerEntry,
} from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { lastDayOf, nextPeriod, periodLabel, periodOfDate } from '../../../shared/periods'
import { voucherLabel } from '../../../shared/vouchers'
import type { Database } from '../db/schema'
import { loadChart } from '../ledger/chart'
import { accountPaths } from '../ledger/vouchers'
import { assertRange, Fingerprint, loadVillage, openingSummary, sideAndAmount, sideOf, yuan, type VillageInfo } from './common'
import { loadDetails, type Detail } from './figures'
import { ledgerStream, type LedgerStream } from './ledger'
import { openingBefore, otherAccounts, postedLineChunks, type PostedLine } from './lines'

/** An async iterator one can look ahead in. */
class Peekable<T> {
  private head: IteratorResult<T> | null = null
  constructor(private readonly it: AsyncIterator<T>) {}
  async peek(): Promise<T | undefined> {
    if (!this.head) this.head = await this.it.next()
    return this.head.done ? undefined : this.head.value
  }
  async take(): Promise<T | undefined> {
    const v = await this.peek()
    this.head = null
    return v
  }
}

function descendants(chart: readonly Account[], account: Account): number[] {
  return chart.filter((a) => a.code.startsWith(account.code)).map((a) => a.id)
}

function findAccount(chart: readonly Account[], accountId: number): Account {
  const a = chart.find((x) => x.id === accountId)
  if (!a) throw new AppError('NOT_FOUND', '科目不存在或不属于本村')
  return a
}

// —— 明细账: the one reader is reports/ledger.ts ——

export { ledgerStream, type LedgerStream }

// —— 日记账 ——

interface JournalSource {
  accountIds: number[]
  auxItemId?: number | null
}

/** 对方科目 as printed: up to the second level, three at most */
function counterName(ids: readonly number[] | undefined, paths: Map<number, string>): string | null {
  if (!ids || ids.length === 0) return null
  const names: string[] = []
  for (const id of ids) {
    const n = (paths.get(id) ?? '').split('/').slice(0, 2).join('/')
    if (!names.includes(n)) names.push(n)
  }
  return names.length > 3 ? `${names.slice(0, 3).join('、')}等` : names.join('、')
}

async function* linesWithCounter(
  db: Kysely<Database>,
  villageId: number,
  src: JournalSource,
  from: string,
  to: string,
  paths: Map<number, string>,
): AsyncGenerator<PostedLine & { counter: string | null }> {
  const own = new Set(src.accountIds)
  for await (const chunk of postedLineChunks(db, { villageId, accountIds: src.accountIds, auxItemId: src.auxItemId, from, to })) {
    const others = await otherAccounts(db, [...new Set(chunk.map((l) => l.voucherId))], own)
    for (const l of chunk) yield { ...l, counter: counterName(others.get(l.voucherId), paths) }
  }
}

/** 日记账 entries in date order: opening, lines with 对方科目 and running balance, 本日合计 (days of two lines or more), 本月合计, 本年累计. */
export async function journalStream(
  db: Kysely<Database>,
  villageId: number,
  src: JournalSource,
  from: string,
  to: string,
  paths: Map<number, string>,
): Promise<AsyncGenerator<JournalEntry>> {
  const start = await openingBefore(db, { villageId, accountIds: src.accountIds, auxItemId: src.auxItemId, from })
  const lines = new Peekable(linesWithCounter(db, villageId, src, from, to, paths))
  async function* entries(): AsyncGenerator<JournalEntry> {
    let balance = start.opening
    let ytdDebit = start.ytdDebit
    let ytdCredit = start.ytdCredit
    const entry = (e: Omit<JournalEntry, 'side' | 'balance'>): JournalEntry => ({ ...e, ...sideAndAmount(balance) })
    const total = (kind: JournalEntry['kind'], date: string, period: string, summary: string, debit: number, credit: number) =>
      entry({ kind, date, period, voucherId: null, voucherLabel: null, summary, counterAccount: null, debit: yuan(debit), credit: yuan(credit) })
    yield entry({ kind: 'opening', date: null, period: from, voucherId: null, voucherLabel: null, summary: openingSummary(from), counterAccount: null, debit: '0.00', credit: '0.00' })
    for (let p = from; p <= to; p = nextPeriod(p)) {
      if (p.endsWith('-01')) {
        ytdDebit = 0
        ytdCredit = 0
      }
      let monthDebit = 0
      let monthCredit = 0
      let day: string | null = null
      let dayDebit = 0
      let dayCredit = 0
      let dayLines = 0
      // 本日合计 where a day has two lines or more; a single line already shows the day's balance
      for (let l = await lines.peek(); l && periodOfDate(l.date) === p; l = await lines.peek()) {
        await lines.take()
        if (day !== null && l.date !== day) {
          if (dayLines > 1) yield total('dayTotal', day, p, '本日合计', dayDebit, dayCredit)
          dayDebit = 0
          dayCredit = 0
          dayLines = 0
        }
        day = l.date
        dayLines++
        balance += l.debit - l.credit
        dayDebit += l.debit
        dayCredit += l.credit
        monthDebit += l.debit
        monthCredit += l.credit
        yield entry({ kind: 'line', date: l.date, period: p, voucherId: l.voucherId, voucherLabel: voucherLabel(l.word, l.number), summary: l.summary, counterAccount: l.counter, debit: yuan(l.debit), credit: yuan(l.credit) })
      }
      if (day !== null && dayLines > 1) yield total('dayTotal', day, p, '本日合计', dayDebit, dayCredit)
      ytdDebit += monthDebit
      ytdCredit += monthCredit
      yield total('monthTotal', lastDayOf(p), p, `${periodLabel(p)} 本月合计`, monthDebit, monthCredit)
      yield total('yearTotal', lastDayOf(p), p, '本年累计', ytdDebit, ytdCredit)
    }
  }
  return entries()
}

export interface JournalPlan {
  village: VillageInfo
  kind: 'cash' | 'bank'
  from: string
  to: string
  journals: (Omit<Journal, 'entries'> & { src: JournalSource })[]
  paths: Map<number, string>
}

/** Which journals a 现金日记账 / 银行存款日记账 request covers: all of 101; per 102 leaf × bank item. */
export async function planJournals(
  db: Kysely<Database>,
  villageId: number,
  kind: 'cash' | 'bank',
  opts: { from: string; to: string; accountId?: number; auxItemId?: number },
): Promise<JournalPlan> {
  assertRange(opts.from, opts.to)
  const village = await loadVillage(db, villageId)
  const chart = await loadChart(db, villageId)
  const paths = accountPaths(chart)
  const rootCode = kind === 'cash' ? '101' : '102'
  const root = chart.find((a) => a.code === rootCode)
  if (!root) throw new AppError('STATE', `本村科目表中没有 ${rootCode} 科目`)
  const base = opts.accountId === undefined ? root : findAccount(chart, opts.accountId)
  if (!base.code.startsWith(rootCode)) throw new AppError('VALIDATION', `${kind === 'cash' ? '现金日记账' : '银行存款日记账'}只能选择 ${rootCode} ${root.name}及其明细科目`)
  if (kind === 'cash') {
    return {
      village,
      kind,
      from: opts.from,
      to: opts.to,
      paths,
      journals: [{ accountId: base.id, code: base.code, name: paths.get(base.id) ?? base.name, auxItemId: null, auxItemName: null, src: { accountIds: descendants(chart, base), auxItemId: opts.auxItemId } }],
    }
  }
  const details = (await loadDetails(db, villageId, chart, opts.from, opts.to)).filter((d) => d.code.startsWith(base.code))
  const active = details.filter((d) => d.opening !== 0 || d.debit !== 0 || d.credit !== 0).filter((d) => opts.auxItemId === undefined || d.auxItemId === opts.auxItemId)
  const names = await auxNames(db, villageId)
  const byId = new Map(chart.map((a) => [a.id, a]))
  const journals = active
    .map((d) => {
      const a = byId.get(d.accountId) as Account
      return {
        accountId: a.id,
        code: a.code,
        name: paths.get(a.id) ?? a.name,
        auxItemId: d.auxItemId === 0 ? null : d.auxItemId,
        auxItemName: d.auxItemId === 0 ? null : (names.get(d.auxItemId) ?? null),
        src: { accountIds: [a.id], auxItemId: d.auxItemId === 0 ? null : d.auxItemId },
      }
    })
    .sort((x, y) => (x.code === y.code ? (x.auxItemName ?? '').localeCompare(y.auxItemName ?? '', 'zh-CN') : x.code < y.code ? -1 : 1))
  return { village, kind, from: opts.from, to: opts.to, paths, journals }
}

export function journalHeader(plan: JournalPlan): unknown {
  return { report: plan.kind === 'cash' ? 'cashJournal' : 'bankJournal', villageId: plan.village.id, from: plan.from, to: plan.to }
}

export async function journalBook(db: Kysely<Database>, villageId: number, kind: 'cash' | 'bank', opts: { from: string; to: string; accountId?: number; auxItemId?: number }): Promise<JournalBook> {
  const plan = await planJournals(db, villageId, kind, opts)
  const fp = new Fingerprint(journalHeader(plan))
  const journals: Journal[] = []
  for (const j of plan.journals) {
    const { src, ...head } = j
    fp.add(head)
    const entries: JournalEntry[] = []
    for await (const e of await journalStream(db, villageId, src, plan.from, plan.to, plan.paths)) {
      fp.add(e)
      entries.push(e)
    }
    journals.push({ ...head, entries })
  }
  return { kind, villageId, villageCode: plan.village.code, villageName: plan.village.name, from: plan.from, to: plan.to, journals, fingerprint: fp.hex() }
}

async function auxNames(db: Kysely<Database>, villageId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('aux_item').select(['id', 'name']).where('village_id', '=', villageId).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

// —— 总账 ——

/** 总账 from the balance table: per account the opening, then per month 本月合计 and 本年累计 with the balance. */
export async function generalLedger(db: Kysely<Database>, villageId: number, opts: { from: string; to: string; accountId?: number }): Promise<GeneralLedger> {
  assertRange(opts.from, opts.to)
  const village = await loadVillage(db, villageId)
  const chart = await loadChart(db, villageId)
  const byId = new Map(chart.map((a) => [a.id, a]))
  const targets = opts.accountId === undefined ? chart.filter((a) => a.level === 1) : [findAccount(chart, opts.accountId)]
  const targetOf = new Map<number, Account>()
  for (const a of chart) {
    for (let cur: Account | undefined = a; cur; cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) {
      if (targets.some((t) => t.id === cur?.id)) {
        targetOf.set(a.id, cur)
        break
      }
    }
  }
  const yearStart = `${opts.from.slice(0, 4)}-01`
  const rows = await db
    .selectFrom('balance')
    .select(['account_id', 'period', sql<number>`sum(debit)`.as('debit'), sql<number>`sum(credit)`.as('credit')])
    .where('village_id', '=', villageId)
    .where('period', '<=', opts.to)
    .groupBy(['account_id', 'period'])
    .execute()
  const openings = await db.selectFrom('opening_balance').select(['account_id', 'amount']).where('village_id', '=', villageId).execute()
  interface Acc {
    opening: number
    ytdDebit: number
    ytdCredit: number
    months: Map<string, { debit: number; credit: number }>
  }
  const acc = new Map<number, Acc>()
  const get = (id: number): Acc => {
    let a = acc.get(id)
    if (!a) acc.set(id, (a = { opening: 0, ytdDebit: 0, ytdCredit: 0, months: new Map() }))
    return a
  }
  for (const o of openings) {
    const t = targetOf.get(o.account_id)
    if (t) get(t.id).opening += o.amount
  }
  for (const r of rows) {
    const t = targetOf.get(r.account_id)
    if (!t) continue
    const a = get(t.id)
    const debit = fenOf(r.debit)
    const credit = fenOf(r.credit)
    if (r.period < opts.from) {
      a.opening += debit - credit
      if (r.period >= yearStart) {
        a.ytdDebit += debit
        a.ytdCredit += credit
      }
    } else {
      const m = a.months.get(r.period) ?? { debit: 0, credit: 0 }
      m.debit += debit
      m.credit += credit
      a.months.set(r.period, m)
    }
  }
  const fp = new Fingerprint({ report: 'generalLedger', villageId, from: opts.from, to: opts.to })
  const accounts: GeneralLedgerAccount[] = []
  for (const t of targets) {
    const a = acc.get(t.id)
    if (!a && opts.accountId === undefined) continue
    const figures = a ?? { opening: 0, ytdDebit: 0, ytdCredit: 0, months: new Map() }
    if (opts.accountId === undefined && figures.opening === 0 && figures.months.size === 0) continue
    let balance = figures.opening
    let ytdDebit = figures.ytdDebit
    let ytdCredit = figures.ytdCredit
    const entries: GeneralLedgerEntry[] = [{ kind: 'opening', period: opts.from, date: null, summary: openingSummary(opts.from), debit: '0.00', credit: '0.00', ...sideAndAmount(balance) }]
    for (let p = opts.from; p <= opts.to; p = nextPeriod(p)) {
      if (p.endsWith('-01')) {
        ytdDebit = 0
        ytdCredit = 0
      }
      const m = figures.months.get(p) ?? { debit: 0, credit: 0 }
      balance += m.debit - m.credit
      ytdDebit += m.debit
      ytdCredit += m.credit
      entries.push({ kind: 'monthTotal', period: p, date: lastDayOf(p), summary: `${periodLabel(p)} 本月合计`, debit: yuan(m.debit), credit: yuan(m.credit), ...sideAndAmount(balance) })
      entries.push({ kind: 'yearTotal', period: p, date: lastDayOf(p), summary: '本年累计', debit: yuan(ytdDebit), credit: yuan(ytdCredit), ...sideAndAmount(balance) })
    }
    const ga = { accountId: t.id, code: t.code, name: t.name, entries }
    fp.add([ga.code, ga.name])
    for (const e of entries) fp.add(e)
    accounts.push(ga)
  }
  return { villageId, villageCode: village.code, villageName: village.name, from: opts.from, to: opts.to, accounts, fingerprint: fp.hex() }
}

// —— 往来 ——

/** First-level 往来 accounts by chart version: 应收款, 内部往来, 应付款, 长期借款及应付款. */
export const COUNTERPARTY_CODES = { '2023': ['112', '113', '211', '221'], '2004': ['112', '113', '202', '221'] } as const

interface CounterpartyItem {
  detail: Detail
  account: Account
  first: Account
  counterparty: string
}

async function counterpartyItems(db: Kysely<Database>, villageId: number, opts: { from: string; to: string; accountId?: number; auxItemId?: number }) {
  assertRange(opts.from, opts.to)
  const village = await loadVillage(db, villageId)
  const chart = await loadChart(db, villageId)
  const byId = new Map(chart.map((a) => [a.id, a]))
  const byCode = new Map(chart.map((a) => [a.code, a]))
  const paths = accountPaths(chart)
  let roots: Account[]
  if (opts.accountId !== undefined) roots = [findAccount(chart, opts.accountId)]
  else roots = COUNTERPARTY_CODES[village.chartVersion].flatMap((c) => (byCode.has(c) ? [byCode.get(c) as Account] : []))
  const names = await auxNames(db, villageId)
  const details = await loadDetails(db, villageId, chart, opts.from, opts.to)
  const items: CounterpartyItem[] = []
  for (const d of details) {
    if (!roots.some((r) => d.code.startsWith(r.code))) continue
    if (opts.auxItemId !== undefined && d.auxItemId !== opts.auxItemId) continue
    if (d.opening === 0 && d.debit === 0 && d.credit === 0) continue
    const account = byId.get(d.accountId) as Account
    const first = byCode.get(account.code.slice(0, 3)) as Account
    const below = (paths.get(account.id) ?? '').split('/').slice(1).join('/')
    const counterparty = d.auxItemId !== 0 ? (names.get(d.auxItemId) ?? `#${d.auxItemId}`) : below || '（未分户）'
    items.push({ detail: d, account, first, counterparty })
  }
  items.sort((x, y) => (x.first.code !== y.first.code ? (x.first.code < y.first.code ? -1 : 1) : x.account.code !== y.account.code ? (x.account.code < y.account.code ? -1 : 1) : x.counterparty.localeCompare(y.counterparty, 'zh-CN')))
  return { village, chart, paths, items }
}

/** 往来余额表: per counterparty (leaf × item) the opening, the debit and credit of the range, and the closing. */
export async function counterpartySummary(db: Kysely<Database>, villageId: number, opts: { from: string; to: string; accountId?: number; auxItemId?: number }): Promise<CounterpartySummary> {
  const { village, paths, items } = await counterpartyItems(db, villageId, opts)
  const rows: CounterpartyBalanceRow[] = []
  const row = (kind: CounterpartyBalanceRow['kind'], a: Account, name: string, auxItemId: number | null, counterparty: string, opening: number, debit: number, credit: number): CounterpartyBalanceRow => {
    const closing = opening + debit - credit
    return {
      kind,
      accountId: a.id,
      code: a.code,
      accountName: name,
      auxItemId,
      counterparty,
      openingSide: sideOf(opening),
      opening: yuan(Math.abs(opening)),
      debit: yuan(debit),
      credit: yuan(credit),
      closingSide: sideOf(closing),
      closing: yuan(Math.abs(closing)),
    }
  }
  let i = 0
  while (i < items.length) {
    const first = (items[i] as CounterpartyItem).first
    let o = 0
    let dr = 0
    let cr = 0
    for (; i < items.length && (items[i] as CounterpartyItem).first.id === first.id; i++) {
      const it = items[i] as CounterpartyItem
      const d = it.detail
      rows.push(row('item', it.account, paths.get(it.account.id) ?? it.account.name, d.auxItemId === 0 ? null : d.auxItemId, it.counterparty, d.opening, d.debit, d.credit))
      o += d.opening
      dr += d.debit
      cr += d.credit
    }
    rows.push(row('subtotal', first, first.name, null, `${first.name} 小计`, o, dr, cr))
  }
  const fingerprint = new Fingerprint({ report: 'counterpartySummary', villageId, from: opts.from, to: opts.to })
  for (const r of rows) fingerprint.add(r)
  return { villageId, villageCode: village.code, villageName: village.name, from: opts.from, to: opts.to, rows, fingerprint: fingerprint.hex() }
}

export interface CounterpartyPlan {
  village: VillageInfo
  ledgers: (Omit<CounterpartyAccountLedger, 'entries'> & { auxFilter: number | null })[]
  chart: Account[]
  paths: Map<number, string>
}

export async function planCounterpartyLedgers(db: Kysely<Database>, villageId: number, opts: { from: string; to: string; accountId?: number; auxItemId?: number }): Promise<CounterpartyPlan> {
  const { village, chart, paths, items } = await counterpartyItems(db, villageId, opts)
  return {
    village,
    chart,
    paths,
    ledgers: items.map((it) => ({
      accountId: it.account.id,
      code: it.account.code,
      accountName: paths.get(it.account.id) ?? it.account.name,
      auxItemId: it.detail.auxItemId === 0 ? null : it.detail.auxItemId,
      counterparty: it.counterparty,
      auxFilter: it.detail.auxItemId === 0 ? null : it.detail.auxItemId,
    })),
  }
}

/** 往来明细账: one 明细账 per counterparty. */
export async function counterpartyLedger(db: Kysely<Database>, villageId: number, opts: { from: string; to: string; accountId?: number; auxItemId?: number }): Promise<CounterpartyLedger> {
  const plan = await planCounterpartyLedgers(db, villageId, opts)
  const fp = new Fingerprint({ report: 'counterpartyLedger', villageId, from: opts.from, to: opts.to })
  const ledgers: CounterpartyAccountLedger[] = []
  for (const l of plan.ledgers) {
    const { auxFilter, ...head } = l
    fp.add(head)
    const s = await ledgerStream(db, villageId, { accountId: l.accountId, from: opts.from, to: opts.to, auxItemId: auxFilter }, plan)
    const entries: LedgerEntry[] = []
    for await (const e of s.entries) {
      fp.add(e)
      entries.push(e)
    }
    ledgers.push({ ...head, entries })
  }
  return { villageId, villageCode: plan.village.code, villageName: plan.village.name, from: opts.from, to: opts.to, ledgers, fingerprint: fp.hex() }
}

// —— 科目汇总表 ——

/** 科目汇总表: debit and credit per account over the posted vouchers of a date range, with 凭证起止号. */
export async function accountSummary(db: Kysely<Database>, villageId: number, opts: { fromDate: string; toDate: string; level: number }): Promise<AccountSummary> {
  if (opts.fromDate > opts.toDate) throw new AppError('VALIDATION', `开始日期 ${opts.fromDate} 不能晚于结束日期 ${opts.toDate}`)
  const village = await loadVillage(db, villageId)
  const chart = await loadChart(db, villageId)
  const byId = new Map(chart.map((a) => [a.id, a]))
  const sums = await db
    .selectFrom('voucher_line')
    .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
    .select(['voucher_line.account_id as account_id', sql<number>`sum(voucher_line.debit)`.as('debit'), sql<number>`sum(voucher_line.credit)`.as('credit')])
    .where('voucher.village_id', '=', villageId)
    .where('voucher.status', '=', 'posted')
    .where('voucher.date', '>=', opts.fromDate)
    .where('voucher.date', '<=', opts.toDate)
    .groupBy('voucher_line.account_id')
    .execute()
  const ranges = await db
    .selectFrom('voucher')
    .select(['period', 'word', sql<number>`min(number)`.as('first'), sql<number>`max(number)`.as('last'), sql<number>`count(*)`.as('count')])
    .where('village_id', '=', villageId)
    .where('status', '=', 'posted')
    .where('date', '>=', opts.fromDate)
    .where('date', '<=', opts.toDate)
    .groupBy(['period', 'word'])
    .orderBy('period')
    .orderBy('word')
    .execute()
  const totals = new Map<number, { debit: number; credit: number }>()
  let debit = 0
  let credit = 0
  for (const s of sums) {
    debit += fenOf(s.debit)
    credit += fenOf(s.credit)
    for (let a: Account | undefined = byId.get(s.account_id); a; a = a.parentId === null ? undefined : byId.get(a.parentId)) {
      const t = totals.get(a.id) ?? { debit: 0, credit: 0 }
      t.debit += fenOf(s.debit)
      t.credit += fenOf(s.credit)
      totals.set(a.id, t)
    }
  }
  const rows: AccountSummaryRow[] = []
  for (const a of chart) {
    if (a.level > opts.level) continue
    const t = totals.get(a.id)
    if (!t) continue
    rows.push({ accountId: a.id, code: a.code, name: a.name, level: a.level, debit: yuan(t.debit), credit: yuan(t.credit) })
  }
  const voucherRanges = ranges.map((r) => ({
    period: r.period,
    word: r.word,
    first: voucherLabel(r.word, Number(r.first)),
    last: voucherLabel(r.word, Number(r.last)),
    count: Number(r.count),
  }))
  const fp = new Fingerprint({ report: 'accountSummary', villageId, fromDate: opts.fromDate, toDate: opts.toDate, level: opts.level, voucherRanges })
  for (const r of rows) fp.add(r)
  return {
    villageId,
    villageCode: village.code,
    villageName: village.name,
    from: periodOfDate(opts.fromDate),
    to: periodOfDate(opts.toDate),
    fromDate: opts.fromDate,
    toDate: opts.toDate,
    level: opts.level,
    voucherCount: voucherRanges.reduce((s, r) => s + r.count, 0),
    voucherRanges,
    rows,
    totals: { debit: yuan(debit), credit: yuan(credit) },
    balanced: debit === credit,
    fingerprint: fp.hex(),
  }
}
