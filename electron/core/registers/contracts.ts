import { sql, type Kysely, type Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { ReconcileCheck } from '../../../shared/api/registerTypes'
import type { ContractDetail, ContractList, ContractRef, ContractRow, ContractSubjectRef, EscalationValue, SchedulePreview } from '../../../shared/api/resourceTypes'
import { AppError } from '../../../shared/errors'
import { fenOf, fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import {
  absorbDifference,
  arrears,
  checkSchedule,
  CONTRACT_DIRECTION_LABELS,
  CONTRACT_KIND_LABELS,
  CONTRACT_STATUS_LABELS,
  defaultDirection,
  escalationText,
  FREQUENCY_LABELS,
  generateSchedule,
  type DueInstalment,
  type Escalation,
  type Instalment,
  type ScheduleTerms,
} from '../../../shared/registers/contracts'
import { voucherLabel } from '../../../shared/vouchers'
import { nowIso, todayIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { ContractTable, Database } from '../db/schema'
import type { ChartIndex } from './accounts'
import { villageBooks } from './assets'
import { check } from './reconcile'
import { assertMovementDate, diff, listMovements, movementsAfter, recordMovement, stateAt, type Changes, type FieldDisplay, type StoredValue } from './movements'

/**
 * 合同 (issue 4 §4): contracts with parties, subjects (parcels and assets, in contract_subject), term, amount,
 * frequency and escalation, deposit, the 四议两公开 resolution and attachments; the collection schedule stored
 * with the contract (generated, or typed and summing to the amount); receipts matched to posted voucher lines
 * (receipts.ts); what is due, received and overdue at any date. Every change is a dated movement.
 */
export type ContractDb = Selectable<ContractTable>


// —— escalation as stored ——

export function escalationOf(c: Pick<ContractDb, 'escalation_kind' | 'escalation_value' | 'escalation_every_months'>): Escalation {
  if (c.escalation_kind === 'none' || c.escalation_every_months === null) return { kind: 'none' }
  return c.escalation_kind === 'percent'
    ? { kind: 'percent', basisPoints: c.escalation_value, everyMonths: c.escalation_every_months }
    : { kind: 'amount', fen: c.escalation_value, everyMonths: c.escalation_every_months }
}

export function escalationColumns(e: Escalation): Pick<ContractTable, 'escalation_kind' | 'escalation_value' | 'escalation_every_months'> {
  if (e.kind === 'none') return { escalation_kind: 'none', escalation_value: 0, escalation_every_months: null }
  return { escalation_kind: e.kind, escalation_value: e.kind === 'percent' ? e.basisPoints : e.fen, escalation_every_months: e.everyMonths }
}

function escalationValue(e: Escalation): EscalationValue {
  if (e.kind === 'none') return { kind: 'none', value: null, everyMonths: null, text: escalationText(e) }
  return { kind: e.kind, value: e.kind === 'percent' ? String(e.basisPoints / 100) : fenToYuanString(e.fen), everyMonths: e.everyMonths, text: escalationText(e) }
}

// —— what the register knows of every contract at a date ——

/** Instalments of each contract (all contracts of the village, or the ones asked for). */
export async function schedulesOf(db: Kysely<Database>, villageId: number, ids?: readonly number[]): Promise<Map<number, (DueInstalment & { seq: number; label: string | null })[]>> {
  if (ids && ids.length === 0) return new Map()
  let q = db
    .selectFrom('contract_schedule as s')
    .innerJoin('contract as c', 'c.id', 's.contract_id')
    .select(['s.contract_id', 's.seq', 's.due_on', 's.amount', 's.label'])
    .where('c.village_id', '=', villageId)
    .orderBy('s.contract_id')
    .orderBy('s.seq')
  if (ids) q = q.where('s.contract_id', 'in', ids)
  const out = new Map<number, (DueInstalment & { seq: number; label: string | null })[]>()
  for (const r of await q.execute()) {
    const list = out.get(r.contract_id) ?? []
    list.push({ seq: r.seq, dueOn: r.due_on, amount: r.amount, label: r.label })
    out.set(r.contract_id, list)
  }
  return out
}

/** Σ receipts of each contract dated up to `date` (offsets included). */
export async function receivedBy(db: Kysely<Database>, villageId: number, date: string): Promise<Map<number, Fen>> {
  const rows = await db
    .selectFrom('contract_receipt as r')
    .innerJoin('contract as c', 'c.id', 'r.contract_id')
    .select(['r.contract_id', sql<number>`sum(r.amount)`.as('amount')])
    .where('c.village_id', '=', villageId)
    .where('r.date', '<=', date)
    .groupBy('r.contract_id')
    .execute()
  return new Map(rows.map((r) => [r.contract_id, fenOf(r.amount)]))
}

export interface Standing {
  due: Fen
  received: Fen
  outstanding: Fen
  since: string | null
  instalments: number
}

/** Due, received and overdue of each contract at the end of `date`. */
export async function standingsAt(db: Kysely<Database>, villageId: number, contracts: readonly ContractDb[], date: string): Promise<Map<number, Standing>> {
  const schedules = await schedulesOf(db, villageId)
  const received = await receivedBy(db, villageId, date)
  const out = new Map<number, Standing>()
  for (const c of contracts) {
    const schedule = schedules.get(c.id) ?? []
    const got = received.get(c.id) ?? 0
    const endedOn = c.ended_on !== null && c.ended_on <= date ? c.ended_on : null
    const a = arrears(schedule, got, date, endedOn)
    let due = 0
    for (const i of schedule) if (i.dueOn <= date && (endedOn === null || i.dueOn <= endedOn)) due += i.amount
    out.set(c.id, { due, received: got, outstanding: a.outstanding, since: a.since, instalments: a.instalments })
  }
  return out
}

/** Every contract of a village as it stood at the end of `asOf` (null: now). */
export async function contractsAt(db: Kysely<Database>, villageId: number, asOf: string | null): Promise<ContractDb[]> {
  const current = await db.selectFrom('contract').selectAll().where('village_id', '=', villageId).orderBy('number').execute()
  if (asOf === null) return current
  const later = await movementsAfter(db, villageId, 'contract', asOf)
  if (later.length === 0) return current
  const byItem = new Map<number, typeof later>()
  for (const m of later) byItem.set(m.itemId, [...(byItem.get(m.itemId) ?? []), m])
  const out: ContractDb[] = []
  for (const c of current) {
    const s = stateAt(c, byItem.get(c.id) ?? [])
    if (s) out.push(s)
  }
  return out
}

/** in force at the end of `date`: begun, not past its end, not ended earlier */
export function inForce(c: Pick<ContractDb, 'start_on' | 'end_on' | 'ended_on'>, date: string): boolean {
  return c.start_on <= date && date <= c.end_on && (c.ended_on === null || c.ended_on >= date)
}

const refOf = (c: Pick<ContractDb, 'id' | 'number' | 'party_b' | 'start_on' | 'end_on'>): ContractRef => ({ id: c.id, number: c.number, partyB: c.party_b, startOn: c.start_on, endOn: c.end_on })

/** The contracts of every subject of one kind, with their terms (for 应签尽签 and the item pages). */
export async function subjectContracts(db: Kysely<Database>, villageId: number, itemKind: 'parcel' | 'asset', itemIds?: readonly number[]) {
  if (itemIds && itemIds.length === 0) return []
  let q = db
    .selectFrom('contract_subject as s')
    .innerJoin('contract as c', 'c.id', 's.contract_id')
    .select(['s.item_id', 'c.id', 'c.number', 'c.party_b', 'c.start_on', 'c.end_on', 'c.ended_on'])
    .where('c.village_id', '=', villageId)
    .where('s.item_kind', '=', itemKind)
    .orderBy('c.start_on')
  if (itemIds) q = q.where('s.item_id', 'in', itemIds)
  return q.execute()
}

/** Contracts in force at `date` covering each item. */
export async function contractsCovering(db: Kysely<Database>, villageId: number, itemKind: 'parcel' | 'asset', date: string, itemIds?: readonly number[]): Promise<Map<number, ContractRef[]>> {
  const out = new Map<number, ContractRef[]>()
  for (const r of await subjectContracts(db, villageId, itemKind, itemIds)) {
    if (!inForce(r, date)) continue
    out.set(r.item_id, [...(out.get(r.item_id) ?? []), refOf(r)])
  }
  return out
}

async function subjectsOf(db: Kysely<Database>, contractIds: readonly number[]): Promise<Map<number, ContractSubjectRef[]>> {
  const out = new Map<number, ContractSubjectRef[]>()
  if (contractIds.length === 0) return out
  const parcels = await db
    .selectFrom('contract_subject as s')
    .innerJoin('parcel as p', 'p.id', 's.item_id')
    .select(['s.contract_id', 'p.id', 'p.code', 'p.name'])
    .where('s.item_kind', '=', 'parcel')
    .where('s.contract_id', 'in', contractIds)
    .execute()
  const assets = await db
    .selectFrom('contract_subject as s')
    .innerJoin('asset as a', 'a.id', 's.item_id')
    .select(['s.contract_id', 'a.id', 'a.code', 'a.name'])
    .where('s.item_kind', '=', 'asset')
    .where('s.contract_id', 'in', contractIds)
    .execute()
  for (const [kind, rows] of [['parcel', parcels], ['asset', assets]] as const) {
    for (const r of rows) out.set(r.contract_id, [...(out.get(r.contract_id) ?? []), { kind, id: r.id, code: r.code, name: r.name }])
  }
  for (const list of out.values()) list.sort((a, b) => a.code.localeCompare(b.code))
  return out
}

async function auxNames(db: Kysely<Database>, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))]
  if (wanted.length === 0) return new Map()
  return new Map((await db.selectFrom('aux_item').select(['id', 'name']).where('id', 'in', wanted).execute()).map((r) => [r.id, r.name]))
}

function toRow(c: ContractDb, subjects: ContractSubjectRef[], counterparty: string | null, s: Standing): ContractRow {
  return {
    id: c.id,
    number: c.number,
    name: c.name,
    kind: c.kind,
    direction: c.direction,
    partyA: c.party_a,
    partyB: c.party_b,
    counterpartyAuxId: c.counterparty_aux_id,
    counterparty,
    startOn: c.start_on,
    endOn: c.end_on,
    amount: fenToYuanString(c.amount),
    unitPrice: c.unit_price === null ? null : fenToYuanString(c.unit_price),
    priceUnit: c.price_unit,
    annualAmount: c.annual_amount === null ? null : fenToYuanString(c.annual_amount),
    frequency: c.frequency,
    escalation: escalationValue(escalationOf(c)),
    deposit: fenToYuanString(c.deposit),
    status: c.status,
    endedOn: c.ended_on,
    subjects,
    due: fenToYuanString(s.due),
    received: fenToYuanString(s.received),
    outstanding: fenToYuanString(s.outstanding),
  }
}

export async function listContracts(ctx: ServiceContext, input: MethodParsedInput<'contract.list'>): Promise<Outcome<ContractList>> {
  const date = input.asOf ?? todayIso()
  const all = await contractsAt(ctx.db, input.villageId, input.asOf ?? null)
  const standings = await standingsAt(ctx.db, input.villageId, all, date)
  const needle = input.search?.toLowerCase() ?? null
  const rows = all.filter(
    (c) =>
      (input.kind === undefined || c.kind === input.kind) &&
      (input.status === undefined || c.status === input.status) &&
      (!input.overdueOnly || (standings.get(c.id)?.outstanding ?? 0) > 0) &&
      (needle === null || [c.number, c.name, c.party_a, c.party_b, c.note].some((t) => t?.toLowerCase().includes(needle))),
  )
  const totals = { amount: 0, due: 0, received: 0, outstanding: 0 }
  for (const c of rows) {
    const s = standings.get(c.id) as Standing
    totals.amount += c.amount
    totals.due += s.due
    totals.received += s.received
    totals.outstanding += s.outstanding
  }
  const page = rows.slice(input.offset, input.offset + input.limit)
  const subjects = await subjectsOf(ctx.db, page.map((c) => c.id))
  const names = await auxNames(ctx.db, page.map((c) => c.counterparty_aux_id))
  return {
    value: {
      asOf: date,
      rows: page.map((c) => toRow(c, subjects.get(c.id) ?? [], c.counterparty_aux_id === null ? null : (names.get(c.counterparty_aux_id) ?? null), standings.get(c.id) as Standing)),
      total: rows.length,
      totals: { amount: fenToYuanString(totals.amount), due: fenToYuanString(totals.due), received: fenToYuanString(totals.received), outstanding: fenToYuanString(totals.outstanding) },
    },
  }
}

const FIELD_LABELS: Record<string, string> = {
  number: '合同编号',
  name: '合同名称',
  kind: '合同类型',
  direction: '收付方向',
  party_a: '甲方',
  party_b: '乙方',
  counterparty_aux_id: '往来单位',
  start_on: '起始日期',
  end_on: '终止日期',
  amount: '合同金额',
  unit_price: '单价',
  price_unit: '计价单位',
  annual_amount: '年租金(首年)',
  frequency: '收款方式',
  escalation_kind: '递增方式',
  escalation_value: '递增幅度',
  escalation_every_months: '递增间隔(月)',
  deposit: '保证金',
  receivable_account_id: '应收科目',
  resolution_meeting: '决议会议',
  resolution_date: '决议日期',
  resolution_attendance: '参会人数',
  resolution_for: '赞成票',
  resolution_against: '反对票',
  resolution_abstain: '弃权票',
  resolution_text: '决议内容',
  attachments: '附件',
  status: '合同状态',
  ended_on: '实际终止日期',
  note: '备注',
  subjects: '标的',
}

function display(index: ChartIndex, aux: Map<number, string>): FieldDisplay {
  return {
    labels: FIELD_LABELS,
    format(field, v) {
      if (v === null) return null
      if (['amount', 'unit_price', 'annual_amount', 'deposit'].includes(field)) return formatFen(Number(v))
      if (field === 'kind') return CONTRACT_KIND_LABELS[v as keyof typeof CONTRACT_KIND_LABELS] ?? String(v)
      if (field === 'direction') return CONTRACT_DIRECTION_LABELS[v as keyof typeof CONTRACT_DIRECTION_LABELS] ?? String(v)
      if (field === 'status') return CONTRACT_STATUS_LABELS[v as keyof typeof CONTRACT_STATUS_LABELS] ?? String(v)
      if (field === 'frequency') return FREQUENCY_LABELS[v as keyof typeof FREQUENCY_LABELS] ?? String(v)
      if (field === 'counterparty_aux_id') return aux.get(Number(v)) ?? String(v)
      if (field === 'receivable_account_id') {
        const a = index.byId(Number(v))
        return a ? `${a.code} ${a.name}` : String(v)
      }
      return String(v)
    },
  }
}

export async function loadContract(db: Kysely<Database>, villageId: number, contractId: number, asOf: string | null = null): Promise<ContractDetail> {
  const c = await db.selectFrom('contract').selectAll().where('id', '=', contractId).where('village_id', '=', villageId).executeTakeFirst()
  if (!c) throw new AppError('NOT_FOUND', '合同不存在或不属于本村')
  let state: ContractDb | null = c
  if (asOf !== null) {
    state = stateAt(c, (await movementsAfter(db, villageId, 'contract', asOf)).filter((m) => m.itemId === contractId))
    if (!state) throw new AppError('NOT_FOUND', `${asOf} 时该合同尚未登记`)
  }
  const date = asOf ?? todayIso()
  const standing = (await standingsAt(db, villageId, [state], date)).get(contractId) as Standing
  const schedule = (await schedulesOf(db, villageId, [contractId])).get(contractId) ?? []
  const receipts = await db
    .selectFrom('contract_receipt as r')
    .leftJoin('voucher as v', 'v.id', 'r.voucher_id')
    .leftJoin('voucher_line as l', 'l.id', 'r.voucher_line_id')
    .leftJoin('app_user as u', 'u.id', 'r.created_by')
    .select(['r.id', 'r.date', 'r.amount', 'r.voucher_id', 'r.voucher_line_id', 'r.note', 'r.created_at', 'v.word', 'v.number', 'l.summary', 'u.display_name'])
    .where('r.contract_id', '=', contractId)
    .where('r.date', '<=', date)
    .orderBy('r.date')
    .orderBy('r.id')
    .execute()
  const books = await villageBooks(db, villageId)
  const names = await auxNames(db, [state.counterparty_aux_id])
  let paid = standing.received
  return {
    ...toRow(state, (await subjectsOf(db, [contractId])).get(contractId) ?? [], state.counterparty_aux_id === null ? null : (names.get(state.counterparty_aux_id) ?? null), standing),
    receivableAccountId: state.receivable_account_id,
    resolution: {
      meeting: state.resolution_meeting,
      date: state.resolution_date,
      attendance: state.resolution_attendance,
      votesFor: state.resolution_for,
      votesAgainst: state.resolution_against,
      abstentions: state.resolution_abstain,
      text: state.resolution_text,
    },
    attachments: JSON.parse(state.attachments) as string[],
    note: state.note,
    schedule: schedule.map((i) => {
      const covered = Math.max(0, Math.min(paid, i.amount))
      paid -= covered
      return { seq: i.seq, dueOn: i.dueOn, amount: fenToYuanString(i.amount), label: i.label, paid: fenToYuanString(covered) }
    }),
    receipts: receipts.map((r) => ({
      id: r.id,
      date: r.date,
      amount: fenToYuanString(r.amount),
      voucherId: r.voucher_id,
      voucherLabel: r.voucher_id === null ? null : voucherLabel(r.word ?? '记', r.number),
      voucherLineId: r.voucher_line_id,
      summary: r.summary,
      note: r.note,
      createdBy: r.display_name ?? '',
      createdAt: r.created_at,
    })),
    movements: await listMovements(db, 'contract', contractId, display(books.index, names)),
  }
}

// —— the schedule ——

export type ScheduleOutcome = { ok: true; instalments: Instalment[]; generated: Fen } | { ok: false; reason: string; generated: Fen | null }

/**
 * The schedule of a contract's terms: generated, then — when `absorb` — moved to the contract amount by its last
 * instalment. Without `absorb`, a generated total other than the amount is refused.
 */
export function scheduleFor(t: ScheduleTerms, absorb: boolean): ScheduleOutcome {
  const g = generateSchedule(t)
  if (!g.ok) return { ok: false, reason: g.reason, generated: null }
  if (g.total === t.amount) return { ok: true, instalments: g.instalments, generated: g.total }
  const why = `按首年年租金 ${formatFen(t.annualAmount ?? 0)}、${FREQUENCY_LABELS[t.frequency]}收款和递增约定（${escalationText(t.escalation)}）生成的收款计划合计 ${formatFen(g.total)}，与合同金额 ${formatFen(t.amount)} 不符（相差 ${formatFen(t.amount - g.total)}）`
  if (!absorb) return { ok: false, reason: `${why}；请核对合同金额或年租金，或逐期录入收款计划`, generated: g.total }
  const moved = absorbDifference(g.instalments, t.amount)
  if (!moved) return { ok: false, reason: `${why}，差额大于最后一期应收，无法计入最后一期`, generated: g.total }
  return { ok: true, instalments: moved, generated: g.total }
}

export async function previewSchedule(_ctx: ServiceContext, input: MethodParsedInput<'contract.schedule'>): Promise<Outcome<SchedulePreview>> {
  const g = generateSchedule(input)
  if (!g.ok) throw new AppError('VALIDATION', g.reason)
  return {
    value: {
      instalments: g.instalments.map((i) => ({ seq: i.seq, dueOn: i.dueOn, amount: fenToYuanString(i.amount), label: i.label })),
      total: fenToYuanString(g.total),
      amount: fenToYuanString(input.amount),
      difference: fenToYuanString(input.amount - g.total),
      fits: g.total === input.amount,
    },
  }
}

// —— writes ——

export async function assertContractNumberFree(db: Kysely<Database>, villageId: number, number: string): Promise<void> {
  const dup = await db.selectFrom('contract').select(['name']).where('village_id', '=', villageId).where('number', '=', number).executeTakeFirst()
  if (dup) throw new AppError('CONFLICT', `合同编号 ${number} 已被“${dup.name}”使用，不能重复`, { issues: [{ path: 'number', message: '合同编号重复' }] })
}

/** Subjects must be the village's, still in the register, and not let out to someone else over the same term. */
export async function checkSubjects(db: Kysely<Database>, villageId: number, subjects: readonly { kind: 'parcel' | 'asset'; id: number }[], term: { startOn: string; endOn: string }, exceptContractId: number | null): Promise<string[]> {
  const problems: string[] = []
  for (const kind of ['parcel', 'asset'] as const) {
    const ids = subjects.filter((s) => s.kind === kind).map((s) => s.id)
    if (ids.length === 0) continue
    const rows =
      kind === 'parcel'
        ? (await db.selectFrom('parcel').select(['id', 'code', 'name', 'removed_on as gone']).where('village_id', '=', villageId).where('id', 'in', ids).execute())
        : (await db.selectFrom('asset').select(['id', 'code', 'name', 'disposed_on as gone']).where('village_id', '=', villageId).where('id', 'in', ids).execute())
    const found = new Map(rows.map((r) => [r.id, r]))
    for (const id of ids) {
      const r = found.get(id)
      if (!r) problems.push(`标的${kind === 'parcel' ? '资源' : '资产'}（编号 ${id}）不存在或不属于本村`)
      else if (r.gone !== null && r.gone <= term.endOn) problems.push(`标的“${r.code} ${r.name}”已于 ${r.gone} ${kind === 'parcel' ? '核销' : '处置'}`)
    }
    for (const other of await subjectContracts(db, villageId, kind, ids)) {
      if (other.id === exceptContractId) continue
      const otherEnd = other.ended_on !== null && other.ended_on < other.end_on ? other.ended_on : other.end_on
      if (other.start_on <= term.endOn && term.startOn <= otherEnd) {
        const r = found.get(other.item_id)
        problems.push(`标的“${r?.code ?? ''} ${r?.name ?? ''}”在 ${other.start_on} 至 ${otherEnd} 已由合同 ${other.number}（${other.party_b}）占用，期限不能重叠`)
      }
    }
  }
  return problems
}

/** a counterparty must be one of the village's 往来单位 or 农户 items */
export async function checkCounterparty(db: Kysely<Database>, villageId: number, auxId: number | null): Promise<void> {
  if (auxId === null) return
  const a = await db.selectFrom('aux_item').select(['kind']).where('id', '=', auxId).where('village_id', '=', villageId).executeTakeFirst()
  if (!a || (a.kind !== 'counterparty' && a.kind !== 'household')) throw new AppError('VALIDATION', '「往来单位」应为本村的往来单位或农户项目', { issues: [{ path: 'counterpartyAuxId', message: '往来单位无效' }] })
}

async function checkReceivableAccount(db: Kysely<Database>, villageId: number, accountId: number | null, direction: 'receivable' | 'payable'): Promise<void> {
  if (accountId === null) return
  const index = (await villageBooks(db, villageId)).index
  const a = index.byId(accountId)
  const roots = direction === 'receivable' ? ['112', '113'] : ['211', '221', '113']
  if (!a || !a.isLeaf || !roots.some((r) => a.code.startsWith(r))) throw new AppError('VALIDATION', `「应收科目」应为 ${roots.join('、')} 下的末级科目`, { issues: [{ path: 'receivableAccountId', message: '科目无效' }] })
}

export async function insertSchedule(db: Kysely<Database>, contractId: number, instalments: readonly { dueOn: string; amount: Fen; label: string | null }[]): Promise<void> {
  const rows = instalments.map((i, n) => ({ contract_id: contractId, seq: n + 1, due_on: i.dueOn, amount: i.amount, label: i.label }))
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('contract_schedule').values(rows.slice(i, i + 500)).execute()
}

export async function insertSubjects(db: Kysely<Database>, contractId: number, subjects: readonly { kind: 'parcel' | 'asset'; id: number }[]): Promise<void> {
  const seen = new Set<string>()
  const rows = subjects.filter((s) => !seen.has(`${s.kind}:${s.id}`) && seen.add(`${s.kind}:${s.id}`)).map((s) => ({ contract_id: contractId, item_kind: s.kind, item_id: s.id }))
  if (rows.length) await db.insertInto('contract_subject').values(rows).execute()
}

export type ContractFields = Omit<ContractTable, 'id' | 'village_id' | 'status' | 'ended_on' | 'created_at' | 'updated_at'>

/** Inserts a contract with its subjects and schedule, and the movement that registers it. */
export async function insertContract(
  db: Kysely<Database>,
  villageId: number,
  fields: ContractFields,
  subjects: readonly { kind: 'parcel' | 'asset'; id: number; code: string }[],
  instalments: readonly { dueOn: string; amount: Fen; label: string | null }[],
  operatorId: number,
  note: string | null,
): Promise<number> {
  const now = nowIso()
  const { id } = await db.insertInto('contract').values({ ...fields, village_id: villageId, status: 'active', ended_on: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()
  await insertSubjects(db, id, subjects)
  await insertSchedule(db, id, instalments)
  const changes: Changes = Object.fromEntries(Object.entries(fields).filter(([k, v]) => v !== null && !(k === 'attachments' && v === '[]')).map(([k, v]) => [k, [null, v as StoredValue]]))
  if (subjects.length) changes.subjects = [null, subjects.map((s) => s.code).join('、')]
  await recordMovement(db, { villageId, itemKind: 'contract', itemId: id, date: fields.start_on, kind: 'register', changes, amount: fields.amount, voucherId: null, operatorId, note })
  return id
}

async function subjectCodes(db: Kysely<Database>, villageId: number, subjects: readonly { kind: 'parcel' | 'asset'; id: number }[]): Promise<{ kind: 'parcel' | 'asset'; id: number; code: string }[]> {
  const out: { kind: 'parcel' | 'asset'; id: number; code: string }[] = []
  for (const s of subjects) {
    const r = s.kind === 'parcel' ? await db.selectFrom('parcel').select('code').where('id', '=', s.id).where('village_id', '=', villageId).executeTakeFirst() : await db.selectFrom('asset').select('code').where('id', '=', s.id).where('village_id', '=', villageId).executeTakeFirst()
    out.push({ ...s, code: r?.code ?? String(s.id) })
  }
  return out
}

function resolutionColumns(r: MethodParsedInput<'contract.create'>['resolution']): Pick<ContractTable, 'resolution_meeting' | 'resolution_date' | 'resolution_attendance' | 'resolution_for' | 'resolution_against' | 'resolution_abstain' | 'resolution_text'> {
  return {
    resolution_meeting: r?.meeting ?? null,
    resolution_date: r?.date ?? null,
    resolution_attendance: r?.attendance ?? null,
    resolution_for: r?.votesFor ?? null,
    resolution_against: r?.votesAgainst ?? null,
    resolution_abstain: r?.abstentions ?? null,
    resolution_text: r?.text ?? null,
  }
}

export async function createContract(ctx: ServiceContext, input: MethodParsedInput<'contract.create'>): Promise<Outcome<ContractDetail>> {
  const actor = requireActor(ctx)
  const direction = input.direction ?? defaultDirection(input.kind)
  await assertContractNumberFree(ctx.db, input.villageId, input.number)
  let instalments: { dueOn: string; amount: Fen; label: string | null }[]
  if (input.schedule) {
    if (input.endOn < input.startOn) throw new AppError('VALIDATION', `终止日期 ${input.endOn} 早于起始日期 ${input.startOn}`, { issues: [{ path: 'endOn', message: '终止日期早于起始日期' }] })
    const problem = checkSchedule(input.schedule, input)
    if (problem) throw new AppError('VALIDATION', problem, { issues: [{ path: 'schedule', message: problem }] })
    instalments = [...input.schedule].sort((a, b) => a.dueOn.localeCompare(b.dueOn)).map((i) => ({ ...i, label: null }))
  } else {
    const s = scheduleFor(input, false)
    if (!s.ok) throw new AppError('VALIDATION', s.reason, { issues: [{ path: input.endOn < input.startOn ? 'endOn' : 'amount', message: s.reason }] })
    instalments = s.instalments
  }
  await checkCounterparty(ctx.db, input.villageId, input.counterpartyAuxId)
  await checkReceivableAccount(ctx.db, input.villageId, input.receivableAccountId, direction)
  const problems = await checkSubjects(ctx.db, input.villageId, input.subjects, input, null)
  if (problems.length) throw new AppError('VALIDATION', problems[0] as string, { issues: problems.map((m) => ({ path: 'subjects', message: m })) })
  const fields: ContractFields = {
    number: input.number,
    name: input.name,
    kind: input.kind,
    direction,
    party_a: input.partyA,
    party_b: input.partyB,
    counterparty_aux_id: input.counterpartyAuxId,
    start_on: input.startOn,
    end_on: input.endOn,
    amount: input.amount,
    unit_price: input.unitPrice,
    price_unit: input.priceUnit,
    annual_amount: input.annualAmount,
    frequency: input.frequency,
    ...escalationColumns(input.escalation),
    deposit: input.deposit,
    receivable_account_id: input.receivableAccountId,
    ...resolutionColumns(input.resolution),
    attachments: JSON.stringify(input.attachments),
    note: input.note,
  }
  const id = await insertContract(ctx.db, input.villageId, fields, await subjectCodes(ctx.db, input.villageId, input.subjects), instalments, actor.id, null)
  return {
    value: await loadContract(ctx.db, input.villageId, id),
    audit: { action: `登记合同：${input.number} ${input.name}（${input.partyB}），${input.startOn} 至 ${input.endOn}，合同金额 ${formatFen(input.amount)}，收款计划 ${instalments.length} 期`, after: { contractId: id } },
  }
}

async function loadForWrite(db: Kysely<Database>, villageId: number, contractId: number): Promise<ContractDb> {
  const c = await db.selectFrom('contract').selectAll().where('id', '=', contractId).where('village_id', '=', villageId).executeTakeFirst()
  if (!c) throw new AppError('NOT_FOUND', '合同不存在或不属于本村')
  return c
}

export async function changeContract(ctx: ServiceContext, input: MethodParsedInput<'contract.change'>): Promise<Outcome<ContractDetail>> {
  const actor = requireActor(ctx)
  const c = await loadForWrite(ctx.db, input.villageId, input.contractId)
  if (c.status !== 'active') throw new AppError('STATE', `合同 ${c.number} ${CONTRACT_STATUS_LABELS[c.status]}，不能再变更`)
  await assertMovementDate(ctx.db, input.villageId, 'contract', c.id, input.date, '变更日期')
  const x = input.changes
  if (x.counterpartyAuxId !== undefined) await checkCounterparty(ctx.db, input.villageId, x.counterpartyAuxId)
  if (x.receivableAccountId !== undefined) await checkReceivableAccount(ctx.db, input.villageId, x.receivableAccountId, c.direction)
  const after: Partial<Record<keyof ContractTable, StoredValue | undefined>> = {
    name: x.name,
    party_a: x.partyA,
    party_b: x.partyB,
    counterparty_aux_id: x.counterpartyAuxId,
    deposit: x.deposit,
    receivable_account_id: x.receivableAccountId,
    ...(x.resolution ? resolutionColumns(x.resolution) : {}),
    attachments: x.attachments === undefined ? undefined : JSON.stringify(x.attachments),
    note: x.note ?? undefined,
  }
  const given = Object.fromEntries(Object.entries(after).filter(([, v]) => v !== undefined)) as Record<string, StoredValue>
  const changes = diff(c as unknown as Record<string, StoredValue>, given)
  if (x.subjects) {
    const problems = await checkSubjects(ctx.db, input.villageId, x.subjects, { startOn: input.date > c.start_on ? input.date : c.start_on, endOn: c.end_on }, c.id)
    if (problems.length) throw new AppError('VALIDATION', problems[0] as string, { issues: problems.map((m) => ({ path: 'changes.subjects', message: m })) })
    const before = ((await subjectsOf(ctx.db, [c.id])).get(c.id) ?? []).map((s) => s.code).join('、')
    const next = await subjectCodes(ctx.db, input.villageId, x.subjects)
    const nextText = next.map((s) => s.code).sort().join('、')
    if (before !== nextText) {
      changes.subjects = [before || null, nextText || null]
      await ctx.db.deleteFrom('contract_subject').where('contract_id', '=', c.id).execute()
      await insertSubjects(ctx.db, c.id, next)
    }
  }
  if (Object.keys(changes).length === 0) throw new AppError('VALIDATION', '没有任何变更')
  if (Object.keys(given).length) await ctx.db.updateTable('contract').set({ ...(given as Partial<ContractDb>), updated_at: nowIso() }).where('id', '=', c.id).execute()
  await recordMovement(ctx.db, { villageId: input.villageId, itemKind: 'contract', itemId: c.id, date: input.date, kind: 'change', changes, amount: null, voucherId: null, operatorId: actor.id, note: input.reason })
  return {
    value: await loadContract(ctx.db, input.villageId, c.id),
    audit: { action: `合同变更：${c.number} ${c.name}（${Object.keys(changes).map((k) => FIELD_LABELS[k] ?? k).join('、')}）`, before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[0]])), after: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])) },
  }
}

export async function terminateContract(ctx: ServiceContext, input: MethodParsedInput<'contract.terminate'>): Promise<Outcome<ContractDetail>> {
  const actor = requireActor(ctx)
  const c = await loadForWrite(ctx.db, input.villageId, input.contractId)
  if (c.status !== 'active') throw new AppError('STATE', `合同 ${c.number} 已于 ${c.ended_on} ${CONTRACT_STATUS_LABELS[c.status]}，不能重复终止`)
  if (input.date > c.end_on) throw new AppError('VALIDATION', `终止日期 ${input.date} 晚于合同约定的终止日期 ${c.end_on}`)
  if (input.mode === 'completed' && input.date < c.end_on) throw new AppError('VALIDATION', `合同约定至 ${c.end_on}，提前结束请选择“提前终止”`)
  await assertMovementDate(ctx.db, input.villageId, 'contract', c.id, input.date, '终止日期')
  await ctx.db.updateTable('contract').set({ status: input.mode, ended_on: input.date, updated_at: nowIso() }).where('id', '=', c.id).execute()
  await recordMovement(ctx.db, {
    villageId: input.villageId,
    itemKind: 'contract',
    itemId: c.id,
    date: input.date,
    kind: 'terminate',
    changes: { status: ['active', input.mode], ended_on: [null, input.date] },
    amount: null,
    voucherId: null,
    operatorId: actor.id,
    note: input.reason,
  })
  const s = (await standingsAt(ctx.db, input.villageId, [{ ...c, ended_on: input.date }], input.date)).get(c.id) as Standing
  return {
    value: await loadContract(ctx.db, input.villageId, c.id),
    audit: { action: `终止合同：${c.number} ${c.name}（${CONTRACT_STATUS_LABELS[input.mode]}，${input.reason}），应收 ${formatFen(s.due)}，已收 ${formatFen(s.received)}`, after: { contractId: c.id, endedOn: input.date } },
  }
}

// —— reconciliation with 112/113 ——

/** Balances by (account, auxiliary item) at the end of `date` for the given leaves: opening + months + the month's posted lines. */
async function auxBalancesAt(db: Kysely<Database>, villageId: number, date: string, accountIds: readonly number[]): Promise<Map<number, Fen>> {
  const byAux = new Map<number, Fen>()
  if (accountIds.length === 0) return byAux
  const add = (aux: number, v: unknown) => byAux.set(aux, (byAux.get(aux) ?? 0) + fenOf(v))
  const period = date.slice(0, 7)
  for (const r of await db.selectFrom('opening_balance').select(['aux_item_id', 'amount']).where('village_id', '=', villageId).where('account_id', 'in', accountIds).execute()) add(r.aux_item_id, r.amount)
  const months = await db
    .selectFrom('balance')
    .select(['aux_item_id', sql<number>`sum(debit - credit)`.as('net')])
    .where('village_id', '=', villageId)
    .where('account_id', 'in', accountIds)
    .where('period', '<', period)
    .groupBy('aux_item_id')
    .execute()
  for (const r of months) add(r.aux_item_id, r.net)
  const days = await db
    .selectFrom('voucher_line as l')
    .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
    .select([sql<number>`coalesce(l.aux_item_id, 0)`.as('aux'), sql<number>`sum(l.debit - l.credit)`.as('net')])
    .where('v.village_id', '=', villageId)
    .where('v.period', '=', period)
    .where('v.status', '=', 'posted')
    .where('v.date', '<=', date)
    .where('l.account_id', 'in', accountIds)
    .groupBy('aux')
    .execute()
  for (const r of days) add(r.aux, r.net)
  return byAux
}

/**
 * 合同应收 = 112/113 (issue 4 §6): what the receivable contracts have outstanding at the date (due − received)
 * beside the 112/113 auxiliary balances of their counterparties — one line per counterparty, then the total.
 */
export async function contractReceivableChecks(db: Kysely<Database>, villageId: number, date: string, index: ChartIndex): Promise<ReconcileCheck[]> {
  const contracts = (await contractsAt(db, villageId, date)).filter((c) => c.direction === 'receivable' && c.start_on <= date)
  if (contracts.length === 0) return []
  const standings = await standingsAt(db, villageId, contracts, date)
  const leaves = index.chart.filter((a) => a.isLeaf && (a.code.startsWith('112') || a.code.startsWith('113'))).map((a) => a.id)
  const books = await auxBalancesAt(db, villageId, date, leaves)
  const register = new Map<number, Fen>()
  let unlinked = 0
  for (const c of contracts) {
    const s = standings.get(c.id) as Standing
    const owed = s.due - s.received
    if (c.counterparty_aux_id === null) unlinked += owed
    else register.set(c.counterparty_aux_id, (register.get(c.counterparty_aux_id) ?? 0) + owed)
  }
  const names = await auxNames(db, [...register.keys()])
  const note = '合同应收未收与账面往来余额不符：请检查到期应收是否已挂账（借 112/113）、收款是否已匹配到合同，或收款凭证尚未记账'
  const line = check
  const out: ReconcileCheck[] = []
  let reg = 0
  let bk = 0
  for (const [aux, owed] of [...register].sort((a, b) => (names.get(a[0]) ?? '').localeCompare(names.get(b[0]) ?? ''))) {
    const b = books.get(aux) ?? 0
    reg += owed
    bk += b
    if (owed !== 0 || b !== 0) out.push(line(`contracts:${aux}`, `合同应收：${names.get(aux) ?? aux}`, owed, b, note))
  }
  if (unlinked !== 0) out.push(line('contracts:unlinked', '合同应收：未关联往来单位的合同', unlinked, 0, '这些合同有应收未收（或多收）款项，但没有关联往来单位，账面无法核对：请在合同中选择往来单位'))
  out.push(line('contracts', '合同应收合计（112/113 合同往来单位）', reg + unlinked, bk, note))
  return out
}
