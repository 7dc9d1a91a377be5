import { sql, type Kysely, type Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { AssetCard, AssetList, AssetRow, AssetWriteResult } from '../../../shared/api/registerTypes'
import { AppError } from '../../../shared/errors'
import { fenOf, fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import { lastDayOf, periodLabel, periodOfDate, previousPeriod } from '../../../shared/periods'
import {
  ASSET_NATURE_LABELS,
  ASSET_STATUS_LABELS,
  BUILDING_CATEGORY,
  DEPRECIATION_METHOD_LABELS,
  type AssetNature,
} from '../../../shared/registers/assets'
import { chargeFor, depreciableAmount, monthlyCharge, type DepreciableCard } from '../../../shared/registers/depreciation'
import { voucherLabel } from '../../../shared/vouchers'
import { nowIso, todayIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { AssetTable, Database } from '../db/schema'
import { loadChart } from '../ledger/chart'
import { assertOpenPeriod, checkLines, insertDraft, type LineInput } from '../ledger/vouchers'
import { ChartIndex, disposalAccount, requireCardAccounts, type CardAccounts } from './accounts'
import { diff, listMovements, movementsAfter, recordMovement, stateAt, type Changes, type FieldDisplay, type StoredValue } from './movements'

/**
 * 固定资产卡片 (issue 4 §2): cards with every field of domain.md §4.3, their movements (建卡, 新增, 变更, 重估,
 * 处置) each producing the draft voucher that books it, and the card as it stood at any date.
 */
type AssetDb = Selectable<AssetTable>

export interface VillageBooks {
  index: ChartIndex
  chartVersion: '2023' | '2004'
  startPeriod: string
  name: string
}

export async function villageBooks(db: Kysely<Database>, villageId: number): Promise<VillageBooks> {
  const v = await db.selectFrom('village').select(['chart_version', 'start_period', 'name']).where('id', '=', villageId).executeTakeFirst()
  if (!v) throw new AppError('NOT_FOUND', '村不存在')
  return { index: new ChartIndex(await loadChart(db, villageId)), chartVersion: v.chart_version, startPeriod: v.start_period, name: v.name }
}

export function depreciableOf(r: Pick<AssetDb, 'original_value' | 'salvage_rate' | 'useful_life_months' | 'method' | 'acquired_on' | 'status' | 'category' | 'disposed_on'>): DepreciableCard {
  return {
    originalValue: r.original_value,
    salvageRate: r.salvage_rate,
    usefulLifeMonths: r.useful_life_months,
    method: r.method,
    acquiredOn: r.acquired_on,
    status: r.status,
    isBuilding: r.category === BUILDING_CATEGORY || r.category === '房屋建筑物',
    disposedPeriod: r.disposed_on === null ? null : periodOfDate(r.disposed_on),
  }
}

/** The last period whose depreciation counts at the end of `date` (a run is dated at its month's end). */
export function runsCountedAt(date: string): string {
  const p = periodOfDate(date)
  return date === lastDayOf(p) ? p : previousPeriod(p)
}

/** Σ of each card's lines in active runs up to and including `period` (for a date in the past). */
async function depreciatedUpTo(db: Kysely<Database>, villageId: number, period: string, assetIds?: readonly number[]): Promise<Map<number, Fen>> {
  let q = db
    .selectFrom('depreciation_line as l')
    .innerJoin('depreciation_run as r', 'r.id', 'l.run_id')
    .select(['l.asset_id', sql<number>`sum(l.amount)`.as('amount')])
    .where('r.village_id', '=', villageId)
    .where('r.status', '=', 'active')
    .where('r.period', '<=', period)
    .groupBy('l.asset_id')
  if (assetIds) q = q.where('l.asset_id', 'in', assetIds)
  return new Map((await q.execute()).map((r) => [r.asset_id, fenOf(r.amount)]))
}

const FIELD_LABELS: Record<string, string> = {
  code: '资产编码',
  name: '名称',
  category: '类别',
  nature: '资产性质',
  spec: '规格型号',
  unit: '计量单位',
  quantity: '数量',
  location: '坐落/存放地点',
  custodian: '管护人',
  acquisition_mode: '取得方式',
  fund_source: '资金来源',
  acquired_on: '取得日期',
  original_value: '原值',
  useful_life_months: '预计使用年限(月)',
  salvage_rate: '净残值率',
  method: '折旧方法',
  status: '使用状况',
  certificate_no: '产权证号',
  building_area: '建筑面积',
  land_area: '占地面积',
  asset_account_id: '固定资产科目',
  accumulated_account_id: '累计折旧科目',
  expense_account_id: '折旧费用科目',
  opening_accumulated: '已提累计折旧',
  disposed_on: '处置日期',
  disposal_mode: '处置方式',
  note: '备注',
}

function display(index: ChartIndex): FieldDisplay {
  return {
    labels: FIELD_LABELS,
    format(field, v) {
      if (v === null) return null
      if (field === 'original_value' || field === 'opening_accumulated') return formatFen(Number(v))
      if (field === 'nature') return ASSET_NATURE_LABELS[v as AssetNature] ?? String(v)
      if (field === 'status') return ASSET_STATUS_LABELS[v as keyof typeof ASSET_STATUS_LABELS] ?? String(v)
      if (field === 'method') return DEPRECIATION_METHOD_LABELS[v as keyof typeof DEPRECIATION_METHOD_LABELS] ?? String(v)
      if (field.endsWith('_account_id')) {
        const a = index.byId(Number(v))
        return a ? `${a.code} ${a.name}` : String(v)
      }
      return String(v)
    },
  }
}

function toRow(r: AssetDb, accumulated: Fen, index: ChartIndex): AssetRow {
  const code = (id: number) => index.byId(id)?.code ?? ''
  const card = depreciableOf(r)
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    category: r.category,
    nature: r.nature,
    spec: r.spec,
    unit: r.unit,
    quantity: r.quantity,
    location: r.location,
    custodian: r.custodian,
    acquisitionMode: r.acquisition_mode,
    fundSource: r.fund_source,
    acquiredOn: r.acquired_on,
    originalValue: fenToYuanString(r.original_value),
    usefulLifeMonths: r.useful_life_months,
    salvageRate: r.salvage_rate,
    method: r.method,
    monthlyCharge: fenToYuanString(monthlyCharge(card)),
    accumulated: fenToYuanString(accumulated),
    netValue: fenToYuanString(r.original_value - accumulated),
    status: r.status,
    certificateNo: r.certificate_no,
    buildingArea: r.building_area,
    landArea: r.land_area,
    assetAccount: code(r.asset_account_id),
    accumulatedAccount: code(r.accumulated_account_id),
    expenseAccount: code(r.expense_account_id),
    disposedOn: r.disposed_on,
    disposalMode: r.disposal_mode,
    note: r.note,
  }
}

export interface CardsAt {
  cards: AssetDb[]
  accumulated: Map<number, Fen>
}

/**
 * Every card of a village as it stood at the end of `asOf` (null: now), with its accumulated depreciation.
 * Cards that entered the register later are left out; disposed cards are kept (callers filter).
 */
export async function cardsAt(db: Kysely<Database>, villageId: number, asOf: string | null): Promise<CardsAt> {
  const current = await db.selectFrom('asset').selectAll().where('village_id', '=', villageId).orderBy('code').execute()
  if (asOf === null) return { cards: current, accumulated: new Map(current.map((c) => [c.id, c.opening_accumulated + c.depreciated])) }
  const later = await movementsAfter(db, villageId, 'asset', asOf)
  const byItem = new Map<number, typeof later>()
  for (const m of later) {
    const list = byItem.get(m.itemId)
    if (list) list.push(m)
    else byItem.set(m.itemId, [m])
  }
  const cards: AssetDb[] = []
  for (const c of current) {
    const s = stateAt(c, byItem.get(c.id) ?? [])
    if (s) cards.push(s)
  }
  const runs = await depreciatedUpTo(db, villageId, runsCountedAt(asOf))
  return { cards, accumulated: new Map(cards.map((c) => [c.id, c.opening_accumulated + (runs.get(c.id) ?? 0)])) }
}

function isDisposedAt(c: AssetDb, asOf: string | null): boolean {
  return c.disposed_on !== null && (asOf === null || c.disposed_on <= asOf)
}

export async function listAssets(ctx: ServiceContext, input: MethodParsedInput<'asset.list'>): Promise<Outcome<AssetList>> {
  const asOf = input.asOf ?? null
  const books = await villageBooks(ctx.db, input.villageId)
  if (asOf === null) return { value: await currentPage(ctx.db, input, books) }
  const { cards, accumulated } = await cardsAt(ctx.db, input.villageId, asOf)
  const needle = input.search?.toLowerCase() ?? null
  const rows = cards.filter(
    (c) =>
      (input.includeDisposed || !isDisposedAt(c, asOf)) &&
      (input.category === null || input.category === undefined || c.category === input.category) &&
      (input.nature === undefined || c.nature === input.nature) &&
      (input.status === undefined || c.status === input.status) &&
      (needle === null || [c.code, c.name, c.location, c.custodian, c.spec, c.certificate_no].some((t) => t?.toLowerCase().includes(needle))),
  )
  let original = 0
  let acc = 0
  for (const c of rows) {
    if (isDisposedAt(c, asOf)) continue
    original += c.original_value
    acc += accumulated.get(c.id) ?? 0
  }
  return {
    value: {
      asOf,
      rows: rows.slice(input.offset, input.offset + input.limit).map((c) => toRow(c, accumulated.get(c.id) ?? 0, books.index)),
      total: rows.length,
      totals: { originalValue: fenToYuanString(original), accumulated: fenToYuanString(acc), netValue: fenToYuanString(original - acc) },
    },
  }
}

/** The register as it stands now: filters, totals and the page in SQL (a page of a 5,000-card village stays fast). */
async function currentPage(db: Kysely<Database>, input: MethodParsedInput<'asset.list'>, books: VillageBooks): Promise<AssetList> {
  let q = db.selectFrom('asset').where('village_id', '=', input.villageId)
  if (!input.includeDisposed) q = q.where('disposed_on', 'is', null)
  if (input.category) q = q.where('category', '=', input.category)
  if (input.nature) q = q.where('nature', '=', input.nature)
  if (input.status) q = q.where('status', '=', input.status)
  if (input.search) {
    const like = `%${input.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    q = q.where((eb) =>
      eb.or(['code', 'name', 'location', 'custodian', 'spec', 'certificate_no'].map((c) => eb(sql.ref(c), 'like', sql<string>`${like} escape '\\'`))),
    )
  }
  const sums = await q
    .select([
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(sum(case when disposed_on is null then original_value else 0 end), 0)`.as('original'),
      sql<number>`coalesce(sum(case when disposed_on is null then opening_accumulated + depreciated else 0 end), 0)`.as('acc'),
    ])
    .executeTakeFirstOrThrow()
  const rows = await q.selectAll().orderBy('code').limit(input.limit).offset(input.offset).execute()
  const original = fenOf(sums.original)
  const acc = fenOf(sums.acc)
  return {
    asOf: todayIso(),
    rows: rows.map((c) => toRow(c, c.opening_accumulated + c.depreciated, books.index)),
    total: Number(sums.n),
    totals: { originalValue: fenToYuanString(original), accumulated: fenToYuanString(acc), netValue: fenToYuanString(original - acc) },
  }
}

export async function loadCard(db: Kysely<Database>, villageId: number, assetId: number, asOf: string | null = null): Promise<AssetCard> {
  const books = await villageBooks(db, villageId)
  const r = await db.selectFrom('asset').selectAll().where('id', '=', assetId).where('village_id', '=', villageId).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', '固定资产卡片不存在或不属于本村')
  let state: AssetDb | null = r
  let accumulated = r.opening_accumulated + r.depreciated
  if (asOf !== null) {
    const later = (await movementsAfter(db, villageId, 'asset', asOf)).filter((m) => m.itemId === assetId)
    state = stateAt(r, later)
    if (!state) throw new AppError('NOT_FOUND', `${asOf} 时该固定资产尚未登记`)
    accumulated = state.opening_accumulated + ((await depreciatedUpTo(db, villageId, runsCountedAt(asOf), [assetId])).get(assetId) ?? 0)
  }
  const lines = await db
    .selectFrom('depreciation_line as l')
    .innerJoin('depreciation_run as r', 'r.id', 'l.run_id')
    .leftJoin('voucher as v', 'v.id', 'r.voucher_id')
    .select(['r.period', 'l.amount', 'r.voucher_id', 'v.word', 'v.number'])
    .where('l.asset_id', '=', assetId)
    .where('r.status', '=', 'active')
    .orderBy('r.period', 'desc')
    .execute()
  return {
    ...toRow(state, accumulated, books.index),
    assetAccountId: state.asset_account_id,
    accumulatedAccountId: state.accumulated_account_id,
    expenseAccountId: state.expense_account_id,
    openingAccumulated: fenToYuanString(state.opening_accumulated),
    movements: await listMovements(db, 'asset', assetId, display(books.index)),
    depreciation: lines.map((l) => ({
      period: l.period,
      amount: fenToYuanString(l.amount),
      voucherId: l.voucher_id,
      voucherLabel: l.voucher_id === null ? null : l.number === null ? '草稿' : voucherLabel(l.word ?? '记', l.number),
    })),
  }
}

// —— writes ——

type CardInput = MethodParsedInput<'asset.create'>

/** the stored form of what the user typed */
function storedFields(input: CardInput, accounts: CardAccounts): Omit<AssetTable, 'id' | 'village_id' | 'opening_accumulated' | 'depreciated' | 'disposed_on' | 'disposal_mode' | 'created_at' | 'updated_at'> {
  return {
    code: input.code,
    name: input.name,
    category: input.category,
    nature: input.nature,
    spec: input.spec,
    unit: input.unit,
    quantity: input.quantity,
    location: input.location,
    custodian: input.custodian,
    acquisition_mode: input.acquisitionMode,
    fund_source: input.fundSource,
    acquired_on: input.acquiredOn,
    original_value: input.originalValue,
    useful_life_months: input.usefulLifeMonths,
    salvage_rate: input.salvageRate,
    method: input.method,
    status: input.status,
    certificate_no: input.certificateNo,
    building_area: input.buildingArea,
    land_area: input.landArea,
    asset_account_id: accounts.assetAccountId,
    accumulated_account_id: accounts.accumulatedAccountId,
    expense_account_id: accounts.expenseAccountId,
    note: input.note,
  }
}

function checkLife(method: 'straightLine' | 'none', months: number): void {
  if (method === 'straightLine' && months < 1) {
    throw new AppError('VALIDATION', '「预计使用年限(月)」不能为 0：按年限平均法计提折旧的资产须有使用年限；不提折旧的请选择“不计提”', {
      issues: [{ path: 'usefulLifeMonths', message: '预计使用年限不能为 0' }],
    })
  }
}

async function assertCodeFree(db: Kysely<Database>, villageId: number, code: string): Promise<void> {
  const dup = await db.selectFrom('asset').select(['name']).where('village_id', '=', villageId).where('code', '=', code).executeTakeFirst()
  if (dup) throw new AppError('CONFLICT', `资产编码 ${code} 已被“${dup.name}”使用，不能重复`, { issues: [{ path: 'code', message: '资产编码重复' }] })
}

/** A movement may not be dated before the card's latest one (the history is replayed in date order). */
async function assertAfterLastMovement(db: Kysely<Database>, assetId: number, date: string): Promise<void> {
  const last = await db
    .selectFrom('register_movement')
    .select('date')
    .where('item_kind', '=', 'asset')
    .where('item_id', '=', assetId)
    .orderBy('date', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (last && date < last.date) throw new AppError('VALIDATION', `变动日期 ${date} 早于该卡片最近一次变动（${last.date}），台账须按日期顺序记录`, { issues: [{ path: 'date', message: '早于最近一次变动' }] })
}

async function draft(db: Kysely<Database>, villageId: number, date: string, preparedBy: number, lines: LineInput[], chart: ChartIndex): Promise<number> {
  const kept = lines.filter((l) => l.debit !== 0 || l.credit !== 0)
  await checkLines(db, villageId, kept, chart.chart)
  return insertDraft(db, { villageId, date, attachments: 1, lines: kept, source: 'register', preparedBy })
}

async function written(db: Kysely<Database>, villageId: number, assetId: number, voucherId: number | null): Promise<AssetWriteResult> {
  return { asset: await loadCard(db, villageId, assetId), voucherId }
}

export type CardFields = Omit<AssetTable, 'id' | 'village_id' | 'depreciated' | 'disposed_on' | 'disposal_mode' | 'created_at' | 'updated_at'>

/**
 * Writes a card and the movement that brings it into the register (建卡 or 新增, dated at acquisition): the one
 * writer of cards, for the form, the importer and the demo books.
 */
export async function insertCard(
  db: Kysely<Database>,
  c: { villageId: number; fields: CardFields; entry: 'register' | 'acquire'; voucherId: number | null; operatorId: number; note: string | null },
): Promise<number> {
  const now = nowIso()
  const { id } = await db
    .insertInto('asset')
    .values({ ...c.fields, village_id: c.villageId, depreciated: 0, disposed_on: null, disposal_mode: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const changes: Changes = Object.fromEntries(Object.entries(c.fields).filter(([, v]) => v !== null).map(([k, v]) => [k, [null, v as StoredValue]]))
  await recordMovement(db, {
    villageId: c.villageId,
    itemKind: 'asset',
    itemId: id,
    date: c.fields.acquired_on,
    kind: c.entry,
    changes,
    amount: c.fields.original_value,
    voucherId: c.voucherId,
    operatorId: c.operatorId,
    note: c.note,
  })
  return id
}

export async function createAsset(ctx: ServiceContext, input: CardInput): Promise<Outcome<AssetWriteResult>> {
  const actor = requireActor(ctx)
  const books = await villageBooks(ctx.db, input.villageId)
  checkLife(input.method, input.usefulLifeMonths)
  await assertCodeFree(ctx.db, input.villageId, input.code)
  const accounts = requireCardAccounts(books.index, books.chartVersion, input.nature, {
    assetAccountId: input.assetAccountId,
    accumulatedAccountId: input.accumulatedAccountId,
    expenseAccountId: input.expenseAccountId,
  })
  const opening = input.entry === 'register' ? input.openingAccumulated : 0
  const limit = depreciableAmount(input.originalValue, input.salvageRate)
  if (opening > input.originalValue) {
    throw new AppError('VALIDATION', `已提累计折旧 ${formatFen(opening)} 超过原值 ${formatFen(input.originalValue)}`, { issues: [{ path: 'openingAccumulated', message: '超过原值' }] })
  }
  let voucherId: number | null = null
  if (input.entry === 'acquire') {
    // 新增: booked now, in an open month
    await assertOpenPeriod(ctx.db, input.villageId, periodOfDate(input.acquiredOn), '取得日期')
  }
  const fields = storedFields(input, accounts)
  if (input.entry === 'acquire') {
    const summary = `新增固定资产 ${input.code} ${input.name}`.slice(0, 200)
    voucherId = await draft(
      ctx.db,
      input.villageId,
      input.acquiredOn,
      actor.id,
      [
        { summary, accountId: accounts.assetAccountId, auxItemId: null, debit: input.originalValue, credit: 0 },
        { summary, accountId: input.creditAccountId, auxItemId: input.creditAuxItemId, debit: 0, credit: input.originalValue },
      ],
      books.index,
    )
  }
  const id = await insertCard(ctx.db, {
    villageId: input.villageId,
    fields: { ...fields, opening_accumulated: opening },
    entry: input.entry,
    voucherId,
    operatorId: actor.id,
    note: input.entry === 'register' ? `建卡登记（已提累计折旧 ${formatFen(opening)}${opening > limit ? '，超过应提折旧额' : ''}）` : null,
  })
  return {
    value: await written(ctx.db, input.villageId, id, voucherId),
    audit: {
      action: `${input.entry === 'register' ? '固定资产建卡' : '新增固定资产'}：${input.code} ${input.name}，原值 ${formatFen(input.originalValue)}`,
      after: { assetId: id, voucherId },
    },
  }
}

async function loadForWrite(db: Kysely<Database>, villageId: number, assetId: number): Promise<AssetDb> {
  const r = await db.selectFrom('asset').selectAll().where('id', '=', assetId).where('village_id', '=', villageId).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', '固定资产卡片不存在或不属于本村')
  if (r.disposed_on !== null) throw new AppError('STATE', `“${r.code} ${r.name}”已于 ${r.disposed_on} 处置（${r.disposal_mode}），卡片不能再变动`)
  return r
}

/** accumulated depreciation of a card at a date in an open month: opening plus every active run so far */
function accumulatedNow(r: AssetDb): Fen {
  return r.opening_accumulated + r.depreciated
}

export async function changeAsset(ctx: ServiceContext, input: MethodParsedInput<'asset.change'>): Promise<Outcome<AssetWriteResult>> {
  const actor = requireActor(ctx)
  const r = await loadForWrite(ctx.db, input.villageId, input.assetId)
  await assertOpenPeriod(ctx.db, input.villageId, periodOfDate(input.date), '变动日期')
  await assertAfterLastMovement(ctx.db, r.id, input.date)
  const books = await villageBooks(ctx.db, input.villageId)
  const c = input.changes
  const nature = c.nature ?? r.nature
  // a change of nature (经营性 ↔ 非经营性) moves the card to that nature's accounts unless the user names others
  const keep = nature === r.nature
  const accounts = requireCardAccounts(books.index, books.chartVersion, nature, {
    assetAccountId: c.assetAccountId ?? (keep ? r.asset_account_id : undefined),
    accumulatedAccountId: c.accumulatedAccountId ?? (keep ? r.accumulated_account_id : undefined),
    expenseAccountId: c.expenseAccountId ?? (keep ? r.expense_account_id : undefined),
  })
  const after: Partial<AssetDb> = {
    name: c.name,
    category: c.category,
    nature: c.nature,
    spec: c.spec,
    unit: c.unit,
    quantity: c.quantity,
    location: c.location,
    custodian: c.custodian,
    fund_source: c.fundSource,
    useful_life_months: c.usefulLifeMonths,
    salvage_rate: c.salvageRate,
    method: c.method,
    status: c.status,
    certificate_no: c.certificateNo,
    building_area: c.buildingArea,
    land_area: c.landArea,
    asset_account_id: accounts.assetAccountId,
    accumulated_account_id: accounts.accumulatedAccountId,
    expense_account_id: accounts.expenseAccountId,
  }
  const filtered = Object.fromEntries(Object.entries(after).filter(([, v]) => v !== undefined)) as Partial<AssetDb>
  const changes = diff(r as unknown as Record<string, StoredValue>, filtered as Record<string, StoredValue>)
  if (Object.keys(changes).length === 0) throw new AppError('VALIDATION', '没有任何变更')
  const next = { ...r, ...filtered }
  checkLife(next.method, next.useful_life_months)
  const acc = accumulatedNow(r)
  if (next.method === 'straightLine' && acc > depreciableAmount(next.original_value, next.salvage_rate) && changes.salvage_rate) {
    throw new AppError('VALIDATION', `按新的净残值率，应提折旧额小于已提累计折旧 ${formatFen(acc)}`)
  }
  // moving between 151/152 sub-accounts (经营性 ↔ 非经营性) is booked by a draft transfer voucher
  let voucherId: number | null = null
  if (changes.asset_account_id || changes.accumulated_account_id) {
    const summary = `固定资产 ${r.code} ${r.name} 转入${ASSET_NATURE_LABELS[nature]}`.slice(0, 200)
    voucherId = await draft(
      ctx.db,
      input.villageId,
      input.date,
      actor.id,
      [
        { summary, accountId: accounts.assetAccountId, auxItemId: null, debit: changes.asset_account_id ? r.original_value : 0, credit: 0 },
        { summary, accountId: r.asset_account_id, auxItemId: null, debit: 0, credit: changes.asset_account_id ? r.original_value : 0 },
        { summary, accountId: r.accumulated_account_id, auxItemId: null, debit: changes.accumulated_account_id ? acc : 0, credit: 0 },
        { summary, accountId: accounts.accumulatedAccountId, auxItemId: null, debit: 0, credit: changes.accumulated_account_id ? acc : 0 },
      ],
      books.index,
    )
  }
  await ctx.db.updateTable('asset').set({ ...filtered, updated_at: nowIso() }).where('id', '=', r.id).execute()
  await recordMovement(ctx.db, { villageId: input.villageId, itemKind: 'asset', itemId: r.id, date: input.date, kind: 'change', changes, amount: null, voucherId, operatorId: actor.id, note: input.reason })
  return {
    value: await written(ctx.db, input.villageId, r.id, voucherId),
    audit: { action: `固定资产变更：${r.code} ${r.name}（${Object.keys(changes).map((k) => FIELD_LABELS[k] ?? k).join('、')}）`, before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[0]])), after: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])) },
  }
}

export async function revalueAsset(ctx: ServiceContext, input: MethodParsedInput<'asset.revalue'>): Promise<Outcome<AssetWriteResult>> {
  const actor = requireActor(ctx)
  const r = await loadForWrite(ctx.db, input.villageId, input.assetId)
  await assertOpenPeriod(ctx.db, input.villageId, periodOfDate(input.date), '重估日期')
  await assertAfterLastMovement(ctx.db, r.id, input.date)
  const delta = input.originalValue - r.original_value
  if (delta === 0) throw new AppError('VALIDATION', '重估后原值与现原值相同')
  const acc = accumulatedNow(r)
  if (input.originalValue < acc) throw new AppError('VALIDATION', `重估后原值 ${formatFen(input.originalValue)} 低于已提累计折旧 ${formatFen(acc)}`)
  const books = await villageBooks(ctx.db, input.villageId)
  const summary = `固定资产重估 ${r.code} ${r.name}`.slice(0, 200)
  const up = delta > 0
  const voucherId = await draft(
    ctx.db,
    input.villageId,
    input.date,
    actor.id,
    [
      { summary, accountId: r.asset_account_id, auxItemId: null, debit: up ? delta : 0, credit: up ? 0 : -delta },
      { summary, accountId: input.counterAccountId, auxItemId: null, debit: up ? 0 : -delta, credit: up ? delta : 0 },
    ],
    books.index,
  )
  await ctx.db.updateTable('asset').set({ original_value: input.originalValue, updated_at: nowIso() }).where('id', '=', r.id).execute()
  await recordMovement(ctx.db, {
    villageId: input.villageId,
    itemKind: 'asset',
    itemId: r.id,
    date: input.date,
    kind: 'revalue',
    changes: { original_value: [r.original_value, input.originalValue] },
    amount: delta,
    voucherId,
    operatorId: actor.id,
    note: input.reason,
  })
  return {
    value: await written(ctx.db, input.villageId, r.id, voucherId),
    audit: { action: `固定资产重估：${r.code} ${r.name}，原值 ${formatFen(r.original_value)} → ${formatFen(input.originalValue)}`, before: { originalValue: r.original_value }, after: { originalValue: input.originalValue, voucherId } },
  }
}

export async function disposeAsset(ctx: ServiceContext, input: MethodParsedInput<'asset.dispose'>): Promise<Outcome<AssetWriteResult>> {
  const actor = requireActor(ctx)
  const r = await ctx.db.selectFrom('asset').selectAll().where('id', '=', input.assetId).where('village_id', '=', input.villageId).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', '固定资产卡片不存在或不属于本村')
  if (r.disposed_on !== null) throw new AppError('STATE', `“${r.code} ${r.name}”已于 ${r.disposed_on} 处置（${r.disposal_mode}），不能重复处置`)
  const period = periodOfDate(input.date)
  await assertOpenPeriod(ctx.db, input.villageId, period, '处置日期')
  await assertAfterLastMovement(ctx.db, r.id, input.date)
  if (input.date < r.acquired_on) throw new AppError('VALIDATION', `处置日期 ${input.date} 早于取得日期 ${r.acquired_on}`)
  // 当月减少当月照提: the month's depreciation must be charged before the card leaves the books
  const due = chargeFor({ ...depreciableOf(r), disposedPeriod: period }, period, accumulatedNow(r))
  if (due.amount > 0) {
    const run = await ctx.db.selectFrom('depreciation_run').select('id').where('village_id', '=', input.villageId).where('period', '=', period).where('status', '=', 'active').executeTakeFirst()
    if (!run) throw new AppError('STATE', `请先计提 ${periodLabel(period)} 的折旧（当月减少的固定资产当月照提折旧），再做处置`)
  }
  const books = await villageBooks(ctx.db, input.villageId)
  const clearing = disposalAccount(books.index, books.chartVersion)
  const acc = accumulatedNow(r)
  const summary = `${input.mode}固定资产 ${r.code} ${r.name}`.slice(0, 200)
  const voucherId = await draft(
    ctx.db,
    input.villageId,
    input.date,
    actor.id,
    [
      { summary, accountId: clearing.id, auxItemId: null, debit: r.original_value - acc, credit: 0 },
      { summary, accountId: r.accumulated_account_id, auxItemId: null, debit: acc, credit: 0 },
      { summary, accountId: r.asset_account_id, auxItemId: null, debit: 0, credit: r.original_value },
    ],
    books.index,
  )
  await ctx.db.updateTable('asset').set({ disposed_on: input.date, disposal_mode: input.mode, updated_at: nowIso() }).where('id', '=', r.id).execute()
  await recordMovement(ctx.db, {
    villageId: input.villageId,
    itemKind: 'asset',
    itemId: r.id,
    date: input.date,
    kind: 'dispose',
    changes: { disposed_on: [null, input.date], disposal_mode: [null, input.mode] },
    amount: -r.original_value,
    voucherId,
    operatorId: actor.id,
    note: input.reason,
  })
  return {
    value: await written(ctx.db, input.villageId, r.id, voucherId),
    audit: { action: `固定资产处置（${input.mode}）：${r.code} ${r.name}，原值 ${formatFen(r.original_value)}，累计折旧 ${formatFen(acc)}`, after: { assetId: r.id, voucherId } },
  }
}
