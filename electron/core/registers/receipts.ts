import { sql, type Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { ContractDetail, MatchResult, ReceiptMatch } from '../../../shared/api/resourceTypes'
import { AppError } from '../../../shared/errors'
import { fenOf, fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import { periodOfDate } from '../../../shared/periods'
import { addDays } from '../../../shared/periods'
import { arrears, type ContractDirection, type DueInstalment } from '../../../shared/registers/contracts'
import { voucherLabel } from '../../../shared/vouchers'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { inWriteTransaction } from '../ledger/imports/common'
import { assertOpenPeriod } from '../ledger/vouchers'
import { loadContract, receivedBy, schedulesOf, type ContractDb } from './contracts'
import { recordMovement } from './movements'

/**
 * 合同收款 (issue 4 §4): a receipt is a posted voucher line matched to a contract — the cash the village took
 * in (a debit on 101/102 whose voucher credits income) or the counterparty's 112/113 credit when an accrued
 * charge is collected. Payments of payable contracts mirror it (a credit on 101/102, a debit on 211/221/113).
 * Receipts are facts: a wrong one is offset by a negative receipt, never edited. A receipt is dated on its
 * voucher; it is a fact of posted books, so a closed month does not refuse it.
 */
const CASH = ['101', '102']
const CLAIMS: Record<ContractDirection, readonly string[]> = { receivable: ['112', '113'], payable: ['211', '221', '113'] }
const under = (code: string, roots: readonly string[]) => roots.some((r) => code.startsWith(r))

export interface BookLine {
  lineId: number
  voucherId: number
  word: string
  number: number | null
  date: string
  summary: string
  code: string
  auxItemId: number | null
  debit: Fen
  credit: Fen
}

/** Posted lines of the village, grouped by voucher, in date order. */
export async function postedLines(db: Kysely<Database>, villageId: number): Promise<BookLine[][]> {
  const rows = await db
    .selectFrom('voucher_line as l')
    .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .select(['l.id', 'l.voucher_id', 'v.word', 'v.number', 'v.date', 'l.summary', 'a.code', 'l.aux_item_id', 'l.debit', 'l.credit'])
    .where('v.village_id', '=', villageId)
    .where('v.status', '=', 'posted')
    .orderBy('v.date')
    .orderBy('v.id')
    .orderBy('l.line_no')
    .execute()
  const out: BookLine[][] = []
  let current: BookLine[] | null = null
  for (const r of rows) {
    const line: BookLine = { lineId: r.id, voucherId: r.voucher_id, word: r.word, number: r.number, date: r.date, summary: r.summary, code: r.code, auxItemId: r.aux_item_id, debit: r.debit, credit: r.credit }
    if (current && current[0]?.voucherId === r.voucher_id) current.push(line)
    else out.push((current = [line]))
  }
  return out
}

/** What is already matched on each line (receipts net of offsets). */
export async function matchedByLine(db: Kysely<Database>, villageId: number): Promise<Map<number, Fen>> {
  const rows = await db
    .selectFrom('contract_receipt as r')
    .innerJoin('contract as c', 'c.id', 'r.contract_id')
    .select(['r.voucher_line_id', sql<number>`sum(r.amount)`.as('amount')])
    .where('c.village_id', '=', villageId)
    .where('r.voucher_line_id', 'is not', null)
    .groupBy('r.voucher_line_id')
    .execute()
  return new Map(rows.map((r) => [r.voucher_line_id as number, fenOf(r.amount)]))
}

/** A contract as the matcher sees it (a contract of the file being imported has no id yet: a negative key). */
export interface MatchContract {
  key: number
  number: string
  direction: ContractDirection
  partyB: string
  counterpartyAuxId: number | null
  startOn: string
  endOn: string
  endedOn: string | null
  subjectNames: string[]
  schedule: DueInstalment[]
  received: Fen
}

export interface Proposal {
  key: number
  line: BookLine
  amount: Fen
  rule: 'counterparty' | 'summary'
}

/** does `text` name `name` (and not a longer name that starts with it, 门面房1号 vs 门面房10号) */
function names(text: string, name: string): boolean {
  if (name.length < 2) return false
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    if (!/[0-9０-９A-Za-z]/.test(text.charAt(i + name.length))) return true
  }
  return false
}

function around(c: MatchContract, date: string): boolean {
  return addDays(c.startOn, -92) <= date && date <= addDays(c.endedOn ?? c.endOn, 366)
}

/** the contract a cash line's summary names: its number, else the longest subject or party name; null when unclear */
function namedIn(text: string, contracts: readonly MatchContract[], date: string): MatchContract | null {
  let best: { c: MatchContract; score: number }[] = []
  for (const c of contracts) {
    if (!around(c, date)) continue
    let score = 0
    if (names(text, c.number)) score = 1_000_000
    for (const n of c.subjectNames) if (names(text, n)) score = Math.max(score, 1000 + n.length)
    if (score === 0 && names(text, c.partyB)) score = c.partyB.length
    if (score === 0) continue
    if (best.length === 0 || score > (best[0] as { score: number }).score) best = [{ c, score }]
    else if (score === (best[0] as { score: number }).score) best.push({ c, score })
  }
  if (best.length === 1) return (best[0] as { c: MatchContract }).c
  const live = best.filter((b) => b.c.startOn <= date && date <= (b.c.endedOn ?? b.c.endOn))
  return live.length === 1 ? (live[0] as { c: MatchContract }).c : null
}

/**
 * Receipts found in the posted books for the contracts: each line not yet (fully) matched, in date order.
 * Counterparty lines go to that counterparty's contracts, oldest arrears first; cash lines to the contract their
 * summary names.
 */
export function findMatches(contracts: readonly MatchContract[], vouchers: readonly BookLine[][], already: ReadonlyMap<number, Fen>): Proposal[] {
  const out: Proposal[] = []
  const received = new Map(contracts.map((c) => [c.key, c.received]))
  const byAux = new Map<string, MatchContract[]>()
  for (const c of contracts) if (c.counterpartyAuxId !== null) byAux.set(`${c.direction}:${c.counterpartyAuxId}`, [...(byAux.get(`${c.direction}:${c.counterpartyAuxId}`) ?? []), c])
  const take = (key: number, line: BookLine, amount: Fen, rule: Proposal['rule']) => {
    out.push({ key, line, amount, rule })
    received.set(key, (received.get(key) ?? 0) + amount)
  }
  const byDirection = { receivable: contracts.filter((c) => c.direction === 'receivable'), payable: contracts.filter((c) => c.direction === 'payable') }
  for (const lines of vouchers) {
    for (const line of lines) {
      const direction: ContractDirection | null = line.credit > 0 && under(line.code, CLAIMS.receivable) ? 'receivable' : line.debit > 0 && under(line.code, CLAIMS.payable) ? 'payable' : null
      if (direction === null || line.auxItemId === null) continue
      const candidates = (byAux.get(`${direction}:${line.auxItemId}`) ?? []).filter((c) => around(c, line.date))
      let left = (direction === 'receivable' ? line.credit : line.debit) - (already.get(line.lineId) ?? 0)
      if (candidates.length === 0 || left <= 0) continue
      // oldest arrears first, then the contract in force
      const ranked = candidates
        .map((c) => ({ c, a: arrears(c.schedule, received.get(c.key) ?? 0, line.date, c.endedOn) }))
        .sort((x, y) => (x.a.since ?? '9999').localeCompare(y.a.since ?? '9999') || x.c.startOn.localeCompare(y.c.startOn))
      for (const { c, a } of ranked) {
        const part = Math.min(left, a.outstanding)
        if (part <= 0) continue
        take(c.key, line, part, 'counterparty')
        left -= part
      }
      if (left > 0) take((ranked.find((r) => r.c.startOn <= line.date) ?? ranked[0])?.c.key as number, line, left, 'counterparty')
    }
    // a cash receipt (payment) booked straight to income (expense), its contract named in the summary
    for (const direction of ['receivable', 'payable'] as const) {
      const cash = lines.filter((l) => under(l.code, CASH) && (direction === 'receivable' ? l.debit > 0 : l.credit > 0))
      if (cash.length !== 1) continue
      const line = cash[0] as BookLine
      if (lines.some((l) => under(l.code, CLAIMS[direction]) || (direction === 'receivable' && under(l.code, CLAIMS.payable) && l.credit > 0))) continue
      const counter =
        direction === 'receivable'
          ? lines.filter((l) => l.credit > 0 && (l.code.startsWith('5') || l.code.startsWith('214'))).reduce((s, l) => s + l.credit, 0)
          : lines.filter((l) => l.debit > 0 && !under(l.code, CASH)).reduce((s, l) => s + l.debit, 0)
      if (direction === 'receivable' && !lines.some((l) => l.credit > 0 && l.code.startsWith('5'))) continue
      const left = Math.min(direction === 'receivable' ? line.debit : line.credit, counter) - (already.get(line.lineId) ?? 0)
      if (left <= 0) continue
      const c = namedIn(line.summary, byDirection[direction], line.date)
      if (c) take(c.key, line, left, 'summary')
    }
  }
  return out
}

/** The matcher's view of the village's contracts in the register. */
export async function matchContracts(db: Kysely<Database>, villageId: number, rows: readonly ContractDb[]): Promise<MatchContract[]> {
  const schedules = await schedulesOf(db, villageId)
  const received = await receivedBy(db, villageId, '2999-12-31')
  const subjects = await db
    .selectFrom('contract_subject as s')
    .innerJoin('contract as c', 'c.id', 's.contract_id')
    .leftJoin('parcel as p', (j) => j.onRef('p.id', '=', 's.item_id').on('s.item_kind', '=', 'parcel'))
    .leftJoin('asset as a', (j) => j.onRef('a.id', '=', 's.item_id').on('s.item_kind', '=', 'asset'))
    .select(['s.contract_id', 'p.name as parcel', 'a.name as asset'])
    .where('c.village_id', '=', villageId)
    .execute()
  const namesOf = new Map<number, string[]>()
  for (const s of subjects) namesOf.set(s.contract_id, [...(namesOf.get(s.contract_id) ?? []), ...[s.parcel, s.asset].filter((x): x is string => x !== null)])
  return rows.map((c) => ({
    key: c.id,
    number: c.number,
    direction: c.direction,
    partyB: c.party_b,
    counterpartyAuxId: c.counterparty_aux_id,
    startOn: c.start_on,
    endOn: c.end_on,
    endedOn: c.ended_on,
    subjectNames: namesOf.get(c.id) ?? [],
    schedule: schedules.get(c.id) ?? [],
    received: received.get(c.id) ?? 0,
  }))
}

const RULE_NOTE: Record<Proposal['rule'], string> = { counterparty: '自动匹配：往来单位收款', summary: '自动匹配：摘要列明合同标的' }

export async function insertReceipt(db: Kysely<Database>, villageId: number, r: { contractId: number; date: string; amount: Fen; voucherId: number | null; voucherLineId: number | null; note: string | null; operatorId: number }): Promise<void> {
  await db
    .insertInto('contract_receipt')
    .values({ contract_id: r.contractId, date: r.date, amount: r.amount, voucher_id: r.voucherId, voucher_line_id: r.voucherLineId, note: r.note, created_by: r.operatorId, created_at: nowIso() })
    .execute()
  await recordMovement(db, { villageId, itemKind: 'contract', itemId: r.contractId, date: r.date, kind: 'receipt', changes: {}, amount: r.amount, voucherId: r.voucherId, operatorId: r.operatorId, note: r.note })
}

export async function recordProposals(db: Kysely<Database>, villageId: number, proposals: readonly Proposal[], operatorId: number): Promise<void> {
  for (const p of proposals) await insertReceipt(db, villageId, { contractId: p.key, date: p.line.date, amount: p.amount, voucherId: p.line.voucherId, voucherLineId: p.line.lineId, note: RULE_NOTE[p.rule], operatorId })
}

function toMatch(p: Proposal, byKey: ReadonlyMap<number, MatchContract>): ReceiptMatch {
  return {
    contractId: p.key,
    number: byKey.get(p.key)?.number ?? '',
    voucherId: p.line.voucherId,
    voucherLabel: voucherLabel(p.line.word, p.line.number),
    voucherLineId: p.line.lineId,
    date: p.line.date,
    amount: fenToYuanString(p.amount),
    summary: p.line.summary,
    rule: p.rule,
  }
}

async function proposalsFor(db: Kysely<Database>, villageId: number, contractId: number | undefined): Promise<{ proposals: Proposal[]; byKey: Map<number, MatchContract> }> {
  const rows = await db.selectFrom('contract').selectAll().where('village_id', '=', villageId).execute()
  if (contractId !== undefined && !rows.some((c) => c.id === contractId)) throw new AppError('NOT_FOUND', '合同不存在或不属于本村')
  const contracts = await matchContracts(db, villageId, rows)
  const proposals = findMatches(contracts, await postedLines(db, villageId), await matchedByLine(db, villageId)).filter((p) => contractId === undefined || p.key === contractId)
  return { proposals, byKey: new Map(contracts.map((c) => [c.key, c])) }
}

export async function matchReceipts(ctx: ServiceContext, input: MethodParsedInput<'contract.match'>): Promise<Outcome<MatchResult>> {
  const actor = requireActor(ctx)
  const result = (proposals: Proposal[], byKey: Map<number, MatchContract>, committed: boolean): MatchResult => ({
    matches: proposals.map((p) => toMatch(p, byKey)),
    committed,
    total: fenToYuanString(proposals.reduce((s, p) => s + p.amount, 0)),
  })
  if (!input.commit) {
    const { proposals, byKey } = await proposalsFor(ctx.db, input.villageId, input.contractId)
    return { value: result(proposals, byKey, false) }
  }
  const value = await inWriteTransaction(ctx, 'contract.match', input.villageId, async (trx) => {
    const { proposals, byKey } = await proposalsFor(trx, input.villageId, input.contractId)
    await recordProposals(trx, input.villageId, proposals, actor.id)
    const r = result(proposals, byKey, true)
    return { value: r, audit: { action: `合同收款自动匹配：${proposals.length} 笔，合计 ${formatFen(proposals.reduce((s, p) => s + p.amount, 0))}`, after: { receipts: proposals.length } } }
  })
  return { value }
}

/** 登记收款: a posted line matched by hand (within what is left on it), or a negative receipt offsetting earlier ones. */
export async function recordReceipt(ctx: ServiceContext, input: MethodParsedInput<'contract.receipt'>): Promise<Outcome<ContractDetail>> {
  const actor = requireActor(ctx)
  const c = await ctx.db.selectFrom('contract').selectAll().where('id', '=', input.contractId).where('village_id', '=', input.villageId).executeTakeFirst()
  if (!c) throw new AppError('NOT_FOUND', '合同不存在或不属于本村')
  const total = (await receivedBy(ctx.db, input.villageId, '2999-12-31')).get(c.id) ?? 0
  const what = c.direction === 'receivable' ? '收款' : '付款'
  let date: string
  let voucherId: number | null = null
  if ((input.voucherId === null) !== (input.lineNo === null)) throw new AppError('VALIDATION', '请同时选择凭证和分录行号', { issues: [{ path: input.voucherId === null ? 'voucherId' : 'lineNo', message: '凭证和分录行号须同时填写' }] })
  let voucherLineId: number | null = null
  if (input.voucherId === null || input.lineNo === null) {
    if (input.amount > 0) throw new AppError('VALIDATION', `登记${what}须选择已记账凭证中的对应分录（现金、银行存款或往来科目）`, { issues: [{ path: 'voucherLineId', message: '请选择凭证分录' }] })
    if (!input.date) throw new AppError('VALIDATION', '冲减不对应凭证时须填写日期', { issues: [{ path: 'date', message: '请填写日期' }] })
    await assertOpenPeriod(ctx.db, input.villageId, periodOfDate(input.date), '冲减日期')
    date = input.date
  } else {
    const line = await ctx.db
      .selectFrom('voucher_line as l')
      .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
      .innerJoin('account as a', 'a.id', 'l.account_id')
      .select(['l.id', 'l.voucher_id', 'l.debit', 'l.credit', 'l.aux_item_id', 'a.code', 'v.date', 'v.status', 'v.village_id', 'v.word', 'v.number'])
      .where('l.voucher_id', '=', input.voucherId)
      .where('l.line_no', '=', input.lineNo)
      .executeTakeFirst()
    if (!line || line.village_id !== input.villageId) throw new AppError('NOT_FOUND', '凭证分录不存在或不属于本村')
    voucherLineId = line.id
    const label = voucherLabel(line.word, line.number)
    if (line.status !== 'posted') throw new AppError('STATE', `凭证 ${label} 尚未记账：收付款只能对应已记账的凭证`)
    const receivable = c.direction === 'receivable'
    const cashSide = receivable ? line.debit : line.credit
    const claimSide = receivable ? line.credit : line.debit
    let size: Fen
    if (under(line.code, CASH) && cashSide > 0) size = cashSide
    else if (under(line.code, CLAIMS[c.direction]) && claimSide > 0) {
      if (c.counterparty_aux_id !== null && line.aux_item_id !== c.counterparty_aux_id) throw new AppError('VALIDATION', `该分录的往来单位不是本合同的往来单位`)
      size = claimSide
    } else {
      throw new AppError('VALIDATION', `${label} 的这一行不是${what}：应为${receivable ? '借记库存现金/银行存款，或贷记应收款/内部往来' : '贷记库存现金/银行存款，或借记应付款/内部往来'}的分录`)
    }
    const used = (await matchedByLine(ctx.db, input.villageId)).get(line.id) ?? 0
    if (input.amount > 0 && used + input.amount > size) throw new AppError('VALIDATION', `该分录金额 ${formatFen(size)}，已登记${what} ${formatFen(used)}，最多还能登记 ${formatFen(size - used)}`)
    if (input.amount < 0) {
      const mine = await ctx.db.selectFrom('contract_receipt').select(sql<number>`coalesce(sum(amount), 0)`.as('s')).where('contract_id', '=', c.id).where('voucher_line_id', '=', line.id).executeTakeFirst()
      if (fenOf(mine?.s ?? 0) + input.amount < 0) throw new AppError('VALIDATION', `冲减金额超过本合同在该分录上已登记的${what} ${formatFen(fenOf(mine?.s ?? 0))}`)
    }
    date = line.date
    voucherId = line.voucher_id
  }
  if (total + input.amount < 0) throw new AppError('VALIDATION', `冲减后累计${what}将为负数（已${what} ${formatFen(total)}）`)
  await insertReceipt(ctx.db, input.villageId, { contractId: c.id, date, amount: input.amount, voucherId, voucherLineId, note: input.note, operatorId: actor.id })
  return {
    value: await loadContract(ctx.db, input.villageId, c.id),
    audit: { action: `${input.amount > 0 ? `登记合同${what}` : `冲减合同${what}`}：${c.number} ${c.name}，${formatFen(input.amount)}`, after: { contractId: c.id, voucherId, lineNo: input.lineNo, amount: input.amount } },
  }
}
