import type { Insertable, Kysely, Updateable } from 'kysely'
import type { MethodName } from '../../../shared/api/contract'
import {
  BIO_KIND_LABELS,
  INVENTORY_USAGE_LABELS,
  INVESTMENT_KIND_LABELS,
  type BioAssetRow,
  type BioKind,
  type InventoryRow,
  type InventoryUsage,
  type InvestmentKind,
  type InvestmentRow,
  type SmallRegisterItem,
  type SmallRegisterList,
} from '../../../shared/api/fundTypes'
import { AppError } from '../../../shared/errors'
import { fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import { periodOfDate } from '../../../shared/periods'
import { nowIso, todayIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Handler } from '../handlers'
import type { Database, InventoryItemTable, RegisterItemKind } from '../db/schema'
import { assertOpenPeriod } from '../ledger/vouchers'
import type { ChartIndex } from './accounts'
import { villageBooks, type VillageBooks } from './assets'
import { assertMovementDate, diff, listMovements, movementsAfter, recordMovement, stateAt, type Changes, type FieldDisplay, type StoredValue } from './movements'

/**
 * The small registers (issue 4 §2): 库存物资 (121) by item with quantity and amount, 生物资产 (131–134) and
 * 长期投资 (141). One mechanism for the three: an item is registered with a dated movement, changed with a dated
 * movement in an open month, and leaves the register (减少/收回) by a movement — never deleted. The books are
 * kept by the bookkeeper's vouchers; the reconciliation compares both.
 */
type Stored = Record<string, StoredValue>

interface Spec<R> {
  table: 'inventory_item' | 'bio_asset' | 'investment'
  kind: Extract<RegisterItemKind, 'inventory' | 'bioAsset' | 'investment'>
  noun: string
  labels: Record<string, string>
  /** the leaves an item may book to */
  roots(books: VillageBooks, item: Stored): string[]
  /** the date of the registration movement: a column of the item, or the input's 登记日期 */
  registeredOn(item: Stored, input?: Record<string, unknown>): string
  /** the column a decrease sets (null: the item never leaves, its quantity goes to 0) */
  endColumn: 'removed_on' | 'ended_on' | null
  /** the money figure held by the register */
  value(r: Stored): Fen
  check?(r: Stored): string | null
  toRow(r: Stored, index: ChartIndex): R
  format?(field: string, v: StoredValue | undefined): string | null
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const str = (v: StoredValue | undefined) => (v === null || v === undefined ? null : String(v))
const num = (v: StoredValue | undefined) => Number(v ?? 0)

function common(r: Stored, index: ChartIndex) {
  const accountId = num(r.account_id)
  return { id: num(r.id), code: String(r.code), name: String(r.name), accountId, accountCode: index.byId(accountId)?.code ?? '', note: str(r.note) }
}

const COMMON_LABELS = { code: '编号', name: '名称', account_id: '科目', note: '备注', quantity: '数量', unit: '计量单位', location: '存放地点/坐落' }

export const inventorySpec: Spec<InventoryRow> = {
  table: 'inventory_item',
  kind: 'inventory',
  noun: '库存物资',
  labels: { ...COMMON_LABELS, spec: '规格型号', amount: '金额', keeper: '保管人', usage: '使用情况' },
  roots: () => ['121'],
  registeredOn: (_item, input) => String(input?.date),
  endColumn: null,
  value: (r) => num(r.amount),
  toRow: (r, index) => ({
    ...common(r, index),
    spec: str(r.spec),
    unit: str(r.unit),
    quantity: String(r.quantity),
    amount: fenToYuanString(num(r.amount)),
    location: str(r.location),
    keeper: str(r.keeper),
    usage: r.usage as InventoryUsage,
  }),
  format: (f, v) => (f === 'usage' ? INVENTORY_USAGE_LABELS[v as InventoryUsage] : null),
}

/** 2023: 131 消耗性 / 132 生产性 / 134 公益性 (133 is the productive ones' depreciation); 2004: 131 牲畜(禽), 132 林木 */
const BIO_ROOTS: Record<BioKind, string> = { consumable: '131', productive: '132', publicWelfare: '134' }

export const bioSpec: Spec<BioAssetRow> = {
  table: 'bio_asset',
  kind: 'bioAsset',
  noun: '生物资产',
  labels: { ...COMMON_LABELS, kind: '类别', category: '品种', acquired_on: '取得日期', original_value: '原值', accumulated: '累计折旧', removed_on: '减少日期' },
  roots: (books, item) => (books.chartVersion === '2023' ? [BIO_ROOTS[item.kind as BioKind]] : ['131', '132']),
  registeredOn: (i) => String(i.acquired_on),
  endColumn: 'removed_on',
  value: (r) => num(r.original_value) - num(r.accumulated),
  check: (r) =>
    num(r.accumulated) > num(r.original_value)
      ? `累计折旧 ${formatFen(num(r.accumulated))} 超过原值 ${formatFen(num(r.original_value))}`
      : num(r.accumulated) > 0 && r.kind !== 'productive'
        ? '只有生产性生物资产计提折旧，其他生物资产的累计折旧应为 0'
        : null,
  toRow: (r, index) => ({
    ...common(r, index),
    kind: r.kind as BioKind,
    category: str(r.category),
    quantity: String(r.quantity),
    unit: str(r.unit),
    location: str(r.location),
    acquiredOn: String(r.acquired_on),
    originalValue: fenToYuanString(num(r.original_value)),
    accumulated: fenToYuanString(num(r.accumulated)),
    netValue: fenToYuanString(num(r.original_value) - num(r.accumulated)),
    removedOn: str(r.removed_on),
  }),
  format: (f, v) => (f === 'kind' ? BIO_KIND_LABELS[v as BioKind] : null),
}

export const investmentSpec: Spec<InvestmentRow> = {
  table: 'investment',
  kind: 'investment',
  noun: '长期投资',
  labels: { ...COMMON_LABELS, investee: '被投资单位', kind: '投资类别', amount: '投资金额', share: '持股比例', started_on: '投资日期', ended_on: '收回日期' },
  roots: () => ['141'],
  registeredOn: (i) => String(i.started_on),
  endColumn: 'ended_on',
  value: (r) => num(r.amount),
  toRow: (r, index) => ({
    ...common(r, index),
    investee: String(r.investee),
    kind: r.kind as InvestmentKind,
    amount: fenToYuanString(num(r.amount)),
    share: str(r.share),
    startedOn: String(r.started_on),
    endedOn: str(r.ended_on),
  }),
  format: (f, v) => (f === 'kind' ? INVESTMENT_KIND_LABELS[v as InvestmentKind] : null),
}

function display<R>(spec: Spec<R>, index: ChartIndex): FieldDisplay {
  return {
    labels: spec.labels,
    format(field, v) {
      if (v === null) return null
      if (field === 'account_id') {
        const a = index.byId(Number(v))
        return a ? `${a.code} ${a.name}` : String(v)
      }
      if (['amount', 'original_value', 'accumulated'].includes(field)) return formatFen(Number(v))
      return spec.format?.(field, v) ?? String(v)
    },
  }
}

// the three tables share what this module touches: id, village_id, code and the columns of each spec
async function selectAll(db: Kysely<Database>, spec: Spec<unknown>, villageId: number, id?: number): Promise<Stored[]> {
  let q = db.selectFrom(spec.table as 'inventory_item').selectAll().where('village_id', '=', villageId)
  if (id !== undefined) q = q.where('id', '=', id)
  return (await q.orderBy('code').execute()) as unknown as Stored[]
}

export const endedAt = (spec: Spec<unknown>, r: Stored, date: string): boolean => spec.endColumn !== null && r[spec.endColumn] !== null && String(r[spec.endColumn]) <= date

/** The register's items as they stood at the end of `asOf` (registered later: left out; ended: kept, flagged by endedAt). */
export async function itemsAt(db: Kysely<Database>, spec: Spec<unknown>, villageId: number, asOf: string): Promise<Stored[]> {
  const current = await selectAll(db, spec, villageId)
  const later = await movementsAfter(db, villageId, spec.kind, asOf)
  const out: Stored[] = []
  for (const r of current) {
    const s = stateAt(r, later.filter((m) => m.itemId === num(r.id)))
    if (s) out.push(s)
  }
  return out
}

async function loadItem<R>(db: Kysely<Database>, spec: Spec<R>, villageId: number, id: number, asOf: string | null): Promise<SmallRegisterItem<R>> {
  const books = await villageBooks(db, villageId)
  const [current] = await selectAll(db, spec, villageId, id)
  if (!current) throw new AppError('NOT_FOUND', `${spec.noun}不存在或不属于本村`)
  const r = asOf === null ? current : stateAt(current, (await movementsAfter(db, villageId, spec.kind, asOf)).filter((m) => m.itemId === id))
  if (!r) throw new AppError('NOT_FOUND', `${asOf} 时该${spec.noun}尚未登记`)
  return { ...spec.toRow(r, books.index), movements: await listMovements(db, spec.kind, id, display(spec, books.index)) }
}

/** the item's leaf: the one given, or the only active leaf under the allowed roots */
function accountFor(spec: Spec<unknown>, books: VillageBooks, item: Stored, given: number | undefined): number {
  const roots = spec.roots(books, item)
  const fail = (m: string): never => {
    throw new AppError('VALIDATION', m, { issues: [{ path: 'accountId', message: m }] })
  }
  if (given === undefined) {
    const leaves = roots.flatMap((r) => books.index.leavesUnder(r)).filter((a) => a.auxKind === null)
    if (leaves.length !== 1) return fail(`请指定${spec.noun}的科目（${roots.join('、')} 下${leaves.length === 0 ? '没有可用的末级科目' : '有多个明细科目'}）`)
    return (leaves[0] as { id: number }).id
  }
  const a = books.index.byId(given)
  if (!a) return fail('科目不存在或不属于本村')
  if (!roots.some((r) => a.code.startsWith(r))) return fail(`${spec.noun}的科目应在 ${roots.join('、')} 之下（而不是“${a.code} ${a.name}”）`)
  if (!a.isLeaf) return fail(`“${a.code} ${a.name}”不是末级科目`)
  if (a.status !== 'active') return fail(`“${a.code} ${a.name}”已停用`)
  if (a.auxKind !== null) return fail(`“${a.code} ${a.name}”设有辅助核算，不能用于${spec.noun}台账`)
  return a.id
}

function checked(spec: Spec<unknown>, r: Stored): void {
  const problem = spec.check?.(r)
  if (problem) throw new AppError('VALIDATION', problem)
}

type ItemInput = Record<string, unknown> & { villageId: number; accountId?: number }

function storedOf(input: Record<string, unknown>, skip: readonly string[]): Stored {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([k, v]) => !skip.includes(k) && v !== undefined)
      .map(([k, v]) => [snake(k), v as StoredValue]),
  )
}

async function create<R>(ctx: ServiceContext, spec: Spec<R>, input: ItemInput): Promise<Outcome<SmallRegisterItem<R>>> {
  const actor = requireActor(ctx)
  const books = await villageBooks(ctx.db, input.villageId)
  const fields = storedOf(input, ['villageId', 'accountId', 'date'])
  const dup = await ctx.db.selectFrom(spec.table as 'inventory_item').select('name').where('village_id', '=', input.villageId).where('code', '=', String(fields.code)).executeTakeFirst()
  if (dup) throw new AppError('CONFLICT', `编号 ${String(fields.code)} 已被${spec.noun}“${dup.name}”使用，不能重复`, { issues: [{ path: 'code', message: '编号重复' }] })
  fields.account_id = accountFor(spec, books, fields, input.accountId)
  checked(spec, fields)
  const date = spec.registeredOn(fields, input)
  // an item held before the books start is registered as it stood; one that came later belongs to an open month
  if (periodOfDate(date) >= books.startPeriod) await assertOpenPeriod(ctx.db, input.villageId, periodOfDate(date), '登记日期')
  const now = nowIso()
  const { id } = await ctx.db
    .insertInto(spec.table as 'inventory_item')
    .values({ ...fields, village_id: input.villageId, created_at: now, updated_at: now } as unknown as Insertable<InventoryItemTable>)
    .returning('id')
    .executeTakeFirstOrThrow()
  const changes: Changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null).map(([k, v]) => [k, [null, v]]))
  await recordMovement(ctx.db, { villageId: input.villageId, itemKind: spec.kind, itemId: id, date, kind: 'register', changes, amount: spec.value(fields), voucherId: null, operatorId: actor.id, note: null })
  return {
    value: await loadItem(ctx.db, spec, input.villageId, id, null),
    audit: { action: `登记${spec.noun}：${String(fields.code)} ${String(fields.name)}，${formatFen(spec.value(fields))} 元`, after: { itemId: id } },
  }
}

interface ChangeInput {
  villageId: number
  itemId: number
  date: string
  reason: string
  changes: Record<string, unknown> & { accountId?: number }
}

async function change<R>(ctx: ServiceContext, spec: Spec<R>, input: ChangeInput): Promise<Outcome<SmallRegisterItem<R>>> {
  const actor = requireActor(ctx)
  const [r] = await selectAll(ctx.db, spec, input.villageId, input.itemId)
  if (!r) throw new AppError('NOT_FOUND', `${spec.noun}不存在或不属于本村`)
  if (spec.endColumn && r[spec.endColumn] !== null) throw new AppError('STATE', `${spec.noun}“${String(r.code)} ${String(r.name)}”已于 ${String(r[spec.endColumn])} 减少，不能再变动`)
  await assertMovementDate(ctx.db, input.villageId, spec.kind, input.itemId, input.date, '变动日期')
  const after = storedOf(input.changes, ['accountId'])
  const next = { ...r, ...after }
  if (input.changes.accountId !== undefined || (spec.kind === 'bioAsset' && after.kind !== undefined)) {
    after.account_id = accountFor(spec, await villageBooks(ctx.db, input.villageId), next, input.changes.accountId)
    next.account_id = after.account_id
  }
  const ending = spec.endColumn !== null && after[spec.endColumn] !== undefined && after[spec.endColumn] !== null
  if (ending && spec.endColumn) {
    const end = String(after[spec.endColumn])
    if (end !== input.date) throw new AppError('VALIDATION', `减少日期 ${end} 应与变动日期 ${input.date} 一致`)
    const from = spec.registeredOn(r)
    if (end < from) throw new AppError('VALIDATION', `减少日期 ${end} 早于取得日期 ${from}`)
  }
  checked(spec, next)
  const changes = diff(r, after)
  if (Object.keys(changes).length === 0) throw new AppError('VALIDATION', '没有任何变更')
  await ctx.db
    .updateTable(spec.table as 'inventory_item')
    .set({ ...after, updated_at: nowIso() } as unknown as Updateable<InventoryItemTable>)
    .where('id', '=', input.itemId)
    .execute()
  const delta = ending ? -spec.value(r) : spec.value(next) - spec.value(r)
  await recordMovement(ctx.db, {
    villageId: input.villageId,
    itemKind: spec.kind,
    itemId: input.itemId,
    date: input.date,
    kind: ending ? 'dispose' : 'change',
    changes,
    amount: delta === 0 ? null : delta,
    voucherId: null,
    operatorId: actor.id,
    note: input.reason,
  })
  return {
    value: await loadItem(ctx.db, spec, input.villageId, input.itemId, null),
    audit: {
      action: `${spec.noun}${ending ? '减少' : '变动'}：${String(r.code)} ${String(r.name)}（${Object.keys(changes).map((k) => spec.labels[k] ?? k).join('、')}）`,
      before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[0]])),
      after: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])),
    },
  }
}

export async function smallRegisterList<R>(db: Kysely<Database>, spec: Spec<R>, villageId: number, asOf: string, includeEnded: boolean): Promise<SmallRegisterList<R>> {
  const books = await villageBooks(db, villageId)
  const items = await itemsAt(db, spec, villageId, asOf)
  const held = items.filter((r) => !endedAt(spec, r, asOf))
  return {
    asOf,
    rows: (includeEnded ? items : held).map((r) => spec.toRow(r, books.index)),
    total: fenToYuanString(held.reduce((s, r) => s + spec.value(r), 0)),
  }
}

type Prefix = 'inventory' | 'bioAsset' | 'investment'
type Handlers<P extends Prefix> = { [M in `${P}.${'list' | 'get' | 'create' | 'change'}` & MethodName]: Handler<M> }

function handlersOf<P extends Prefix, R>(prefix: P, spec: Spec<R>): Handlers<P> {
  return {
    [`${prefix}.list`]: async (ctx: ServiceContext, input: { villageId: number; asOf?: string; includeEnded: boolean }) => ({
      value: await smallRegisterList(ctx.db, spec, input.villageId, input.asOf ?? todayIso(), input.includeEnded),
    }),
    [`${prefix}.get`]: async (ctx: ServiceContext, input: { villageId: number; itemId: number; asOf?: string }) => ({
      value: await loadItem(ctx.db, spec, input.villageId, input.itemId, input.asOf ?? null),
    }),
    [`${prefix}.create`]: (ctx: ServiceContext, input: ItemInput) => create(ctx, spec, input),
    [`${prefix}.change`]: (ctx: ServiceContext, input: ChangeInput) => change(ctx, spec, input),
  } as unknown as Handlers<P>
}

export const smallRegisterHandlers = {
  ...handlersOf('inventory', inventorySpec),
  ...handlersOf('bioAsset', bioSpec),
  ...handlersOf('investment', investmentSpec),
}
