import type { Kysely } from 'kysely'
import type { RegisterMovement } from '../../../shared/api/registerTypes'
import { AppError } from '../../../shared/errors'
import { fenToYuanString, type Fen } from '../../../shared/money'
import { periodOfDate } from '../../../shared/periods'
import type { MovementKind } from '../../../shared/registers/assets'
import { voucherLabel } from '../../../shared/vouchers'
import { nowIso } from '../audit/log'
import type { Database, RegisterItemKind } from '../db/schema'
import { assertOpenPeriod } from '../ledger/vouchers'

/**
 * 台账式动态管理: every register item (card, parcel, contract …) changes only together with a dated movement row
 * that says what changed from what to what, by whom, and which voucher booked it. The rows are immutable
 * (triggers), so an item's state at any past date is its current state with the later movements undone.
 */
export type StoredValue = string | number | null
export type Changes = Record<string, [StoredValue, StoredValue]>

export interface NewMovement {
  villageId: number
  itemKind: RegisterItemKind
  itemId: number
  date: string
  kind: MovementKind
  changes: Changes
  amount: Fen | null
  voucherId: number | null
  operatorId: number
  note: string | null
}

export async function recordMovement(db: Kysely<Database>, m: NewMovement): Promise<number> {
  const { id } = await db
    .insertInto('register_movement')
    .values({
      village_id: m.villageId,
      item_kind: m.itemKind,
      item_id: m.itemId,
      date: m.date,
      kind: m.kind,
      changes: JSON.stringify(m.changes),
      amount: m.amount,
      voucher_id: m.voucherId,
      operator_id: m.operatorId,
      note: m.note,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** Only the fields whose value differs, as [from, to]. */
export function diff<T extends Record<string, StoredValue>>(before: T, after: Partial<T>): Changes {
  const out: Changes = {}
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue
    const old = before[k] ?? null
    if (old !== v) out[k] = [old, v as StoredValue]
  }
  return out
}

export interface StoredMovement {
  id: number
  itemId: number
  date: string
  kind: MovementKind
  changes: Changes
}

/** Movements of the village's items of one kind dated after `date`, newest first: what to undo to see that date. */
export async function movementsAfter(db: Kysely<Database>, villageId: number, itemKind: RegisterItemKind, date: string): Promise<StoredMovement[]> {
  const rows = await db
    .selectFrom('register_movement')
    .select(['id', 'item_id', 'date', 'kind', 'changes'])
    .where('village_id', '=', villageId)
    .where('item_kind', '=', itemKind)
    .where('date', '>', date)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, itemId: r.item_id, date: r.date, kind: r.kind as MovementKind, changes: JSON.parse(r.changes) as Changes }))
}

/**
 * The item as it stood at the end of a date: later movements undone, newest first. Returns null when the item
 * entered the register after that date.
 */
export function stateAt<T extends Record<string, unknown>>(current: T, later: readonly StoredMovement[]): T | null {
  let state: Record<string, unknown> = { ...current }
  for (const m of later) {
    if (m.kind === 'register' || m.kind === 'acquire') return null
    for (const [field, [from]] of Object.entries(m.changes)) state = { ...state, [field]: from }
  }
  return state as T
}

/** How one register shows its fields in a timeline. */
export interface FieldDisplay {
  labels: Record<string, string>
  format?(field: string, value: StoredValue): string | null
}

export async function listMovements(db: Kysely<Database>, itemKind: RegisterItemKind, itemId: number, display: FieldDisplay): Promise<RegisterMovement[]> {
  const rows = await db
    .selectFrom('register_movement as m')
    .leftJoin('app_user as u', 'u.id', 'm.operator_id')
    .leftJoin('voucher as v', 'v.id', 'm.voucher_id')
    .select(['m.id', 'm.date', 'm.kind', 'm.changes', 'm.amount', 'm.voucher_id', 'm.note', 'm.created_at', 'u.display_name', 'v.word', 'v.number'])
    .where('m.item_kind', '=', itemKind)
    .where('m.item_id', '=', itemId)
    .orderBy('m.date')
    .orderBy('m.id')
    .execute()
  return rows.map((r) => {
    const changes: RegisterMovement['changes'] = {}
    for (const [field, [from, to]] of Object.entries(JSON.parse(r.changes) as Changes)) {
      const show = (v: StoredValue) => (display.format ? display.format(field, v) : v === null ? null : String(v))
      changes[display.labels[field] ?? field] = [show(from), show(to)]
    }
    return {
      id: r.id,
      date: r.date,
      kind: r.kind as MovementKind,
      changes,
      amount: r.amount === null ? null : fenToYuanString(r.amount),
      voucherId: r.voucher_id,
      voucherLabel: r.voucher_id === null ? null : r.number === null ? '草稿' : voucherLabel(r.word ?? '记', r.number),
      operator: r.display_name ?? '',
      note: r.note,
      createdAt: r.created_at,
    }
  })
}

/**
 * A movement of an existing item is booked in an open month and not before the item's latest movement (the
 * history is replayed in date order). `what` names the date in the refusal (变动日期, 销户日期 …).
 */
export async function assertMovementDate(db: Kysely<Database>, villageId: number, itemKind: RegisterItemKind, itemId: number, date: string, what: string): Promise<void> {
  await assertOpenPeriod(db, villageId, periodOfDate(date), what)
  const last = await db
    .selectFrom('register_movement')
    .select('date')
    .where('item_kind', '=', itemKind)
    .where('item_id', '=', itemId)
    .orderBy('date', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (last && date < last.date) throw new AppError('VALIDATION', `${what} ${date} 早于该项目最近一次变动（${last.date}），台账须按日期顺序记录`, { issues: [{ path: 'date', message: '早于最近一次变动' }] })
}
