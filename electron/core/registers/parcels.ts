import type { Kysely, Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { ContractRef, ParcelDetail, ParcelList, ParcelRow } from '../../../shared/api/resourceTypes'
import { AppError } from '../../../shared/errors'
import { areaText, OWNERSHIP_LABELS, USE_STATUS_LABELS, type UseStatus } from '../../../shared/registers/parcels'
import { nowIso, todayIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database, ParcelTable } from '../db/schema'
import { contractsCovering } from './contracts'
import { assertMovementDate, diff, listMovements, movementsAfter, recordMovement, stateAt, type Changes, type FieldDisplay, type StoredValue } from './movements'

/**
 * 资源性资产 (issue 4 §3): parcels with 地类, area to 0.0001 亩, 坐落 and 四至, 宗地号/权证号, 权属 and 使用状况; every
 * change (area, status, user …) a dated movement; a parcel leaves the register by 核销, never by deletion.
 * Which contract lets a parcel out is kept once, in contract_subject.
 */
export type ParcelDb = Selectable<ParcelTable>

const FIELD_LABELS: Record<string, string> = {
  code: '资源编号',
  name: '名称',
  land_class: '地类',
  area: '面积(亩)',
  location: '坐落',
  east: '东至',
  south: '南至',
  west: '西至',
  north: '北至',
  parcel_no: '宗地号',
  certificate_no: '权证号',
  ownership: '权属',
  owner_name: '权属单位',
  use_status: '使用状况',
  user_name: '使用人/承包方',
  removed_on: '核销日期',
  removal_reason: '核销原因',
  note: '备注',
}

const DISPLAY: FieldDisplay = {
  labels: FIELD_LABELS,
  format(field, v) {
    if (v === null) return null
    if (field === 'area') return areaText(Number(v))
    if (field === 'use_status') return USE_STATUS_LABELS[v as UseStatus] ?? String(v)
    if (field === 'ownership') return OWNERSHIP_LABELS[v as keyof typeof OWNERSHIP_LABELS] ?? String(v)
    return String(v)
  },
}

function toRow(p: ParcelDb, contracts: ContractRef[]): ParcelRow {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    landClass: p.land_class,
    area: areaText(p.area),
    location: p.location,
    east: p.east,
    south: p.south,
    west: p.west,
    north: p.north,
    parcelNo: p.parcel_no,
    certificateNo: p.certificate_no,
    ownership: p.ownership,
    ownerName: p.owner_name,
    useStatus: p.use_status,
    userName: p.user_name,
    contracts,
    removedOn: p.removed_on,
    removalReason: p.removal_reason,
    note: p.note,
  }
}

/** Every parcel of a village as it stood at the end of `asOf` (null: now); later registrations left out. */
export async function parcelsAt(db: Kysely<Database>, villageId: number, asOf: string | null): Promise<ParcelDb[]> {
  const current = await db.selectFrom('parcel').selectAll().where('village_id', '=', villageId).orderBy('code').execute()
  if (asOf === null) return current
  const later = await movementsAfter(db, villageId, 'parcel', asOf)
  if (later.length === 0) return current
  const byItem = new Map<number, typeof later>()
  for (const m of later) byItem.set(m.itemId, [...(byItem.get(m.itemId) ?? []), m])
  const out: ParcelDb[] = []
  for (const p of current) {
    const s = stateAt(p, byItem.get(p.id) ?? [])
    if (s) out.push(s)
  }
  return out
}

const removedAt = (p: ParcelDb, asOf: string | null) => p.removed_on !== null && (asOf === null || p.removed_on <= asOf)

export async function listParcels(ctx: ServiceContext, input: MethodParsedInput<'parcel.list'>): Promise<Outcome<ParcelList>> {
  const asOf = input.asOf ?? null
  const date = asOf ?? todayIso()
  const all = await parcelsAt(ctx.db, input.villageId, asOf)
  const needle = input.search?.toLowerCase() ?? null
  const rows = all.filter(
    (p) =>
      (input.includeRemoved || !removedAt(p, asOf)) &&
      (input.landClass === null || input.landClass === undefined || p.land_class === input.landClass) &&
      (input.useStatus === undefined || p.use_status === input.useStatus) &&
      (input.ownership === undefined || p.ownership === input.ownership) &&
      (needle === null || [p.code, p.name, p.location, p.user_name, p.parcel_no, p.certificate_no, p.owner_name].some((t) => t?.toLowerCase().includes(needle))),
  )
  const byStatus = new Map<UseStatus, number>()
  let total = 0
  for (const p of rows) {
    if (removedAt(p, asOf)) continue
    total += p.area
    byStatus.set(p.use_status, (byStatus.get(p.use_status) ?? 0) + p.area)
  }
  const page = rows.slice(input.offset, input.offset + input.limit)
  const covering = await contractsCovering(ctx.db, input.villageId, 'parcel', date, page.map((p) => p.id))
  return {
    value: {
      asOf: date,
      rows: page.map((p) => toRow(p, covering.get(p.id) ?? [])),
      total: rows.length,
      totalArea: areaText(total),
      areaByStatus: Object.fromEntries([...byStatus].map(([k, v]) => [k, areaText(v)])),
    },
  }
}

export async function loadParcel(db: Kysely<Database>, villageId: number, parcelId: number, asOf: string | null = null): Promise<ParcelDetail> {
  const p = await db.selectFrom('parcel').selectAll().where('id', '=', parcelId).where('village_id', '=', villageId).executeTakeFirst()
  if (!p) throw new AppError('NOT_FOUND', '资源不存在或不属于本村')
  let state: ParcelDb | null = p
  if (asOf !== null) {
    state = stateAt(p, (await movementsAfter(db, villageId, 'parcel', asOf)).filter((m) => m.itemId === parcelId))
    if (!state) throw new AppError('NOT_FOUND', `${asOf} 时该资源尚未登记`)
  }
  const covering = await contractsCovering(db, villageId, 'parcel', asOf ?? todayIso(), [parcelId])
  return { ...toRow(state, covering.get(parcelId) ?? []), movements: await listMovements(db, 'parcel', parcelId, DISPLAY) }
}

// —— writes ——

export async function assertParcelCodeFree(db: Kysely<Database>, villageId: number, code: string): Promise<void> {
  const dup = await db.selectFrom('parcel').select(['name']).where('village_id', '=', villageId).where('code', '=', code).executeTakeFirst()
  if (dup) throw new AppError('CONFLICT', `资源编号 ${code} 已被“${dup.name}”使用，不能重复`, { issues: [{ path: 'code', message: '资源编号重复' }] })
}

/** the stored row a registration inserts, and the movement that says so */
export type ParcelFields = Omit<ParcelTable, 'id' | 'village_id' | 'removed_on' | 'removal_reason' | 'created_at' | 'updated_at'>

export async function insertParcel(db: Kysely<Database>, villageId: number, fields: ParcelFields, date: string, operatorId: number, note: string | null): Promise<number> {
  const now = nowIso()
  const { id } = await db
    .insertInto('parcel')
    .values({ ...fields, village_id: villageId, removed_on: null, removal_reason: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const changes: Changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null).map(([k, v]) => [k, [null, v as StoredValue]]))
  await recordMovement(db, { villageId, itemKind: 'parcel', itemId: id, date, kind: 'register', changes, amount: null, voucherId: null, operatorId, note })
  return id
}

export async function createParcel(ctx: ServiceContext, input: MethodParsedInput<'parcel.create'>): Promise<Outcome<ParcelDetail>> {
  const actor = requireActor(ctx)
  await assertParcelCodeFree(ctx.db, input.villageId, input.code)
  const id = await insertParcel(
    ctx.db,
    input.villageId,
    {
      code: input.code,
      name: input.name,
      land_class: input.landClass,
      area: input.area,
      location: input.location,
      east: input.east,
      south: input.south,
      west: input.west,
      north: input.north,
      parcel_no: input.parcelNo,
      certificate_no: input.certificateNo,
      ownership: input.ownership,
      owner_name: input.ownerName,
      use_status: input.useStatus,
      user_name: input.userName,
      note: input.note,
    },
    input.date,
    actor.id,
    null,
  )
  return {
    value: await loadParcel(ctx.db, input.villageId, id),
    audit: { action: `登记资源：${input.code} ${input.name}，${areaText(input.area)} 亩，${USE_STATUS_LABELS[input.useStatus]}`, after: { parcelId: id } },
  }
}

async function loadForWrite(db: Kysely<Database>, villageId: number, parcelId: number): Promise<ParcelDb> {
  const p = await db.selectFrom('parcel').selectAll().where('id', '=', parcelId).where('village_id', '=', villageId).executeTakeFirst()
  if (!p) throw new AppError('NOT_FOUND', '资源不存在或不属于本村')
  if (p.removed_on !== null) throw new AppError('STATE', `“${p.code} ${p.name}”已于 ${p.removed_on} 核销，不能再变动`)
  return p
}

export async function changeParcel(ctx: ServiceContext, input: MethodParsedInput<'parcel.change'>): Promise<Outcome<ParcelDetail>> {
  const actor = requireActor(ctx)
  const p = await loadForWrite(ctx.db, input.villageId, input.parcelId)
  await assertMovementDate(ctx.db, input.villageId, 'parcel', p.id, input.date, '变动日期')
  const c = input.changes
  const given: Partial<Record<keyof ParcelFields, StoredValue | undefined>> = {
    name: c.name,
    land_class: c.landClass,
    area: c.area,
    location: c.location ?? undefined,
    east: c.east ?? undefined,
    south: c.south ?? undefined,
    west: c.west ?? undefined,
    north: c.north ?? undefined,
    parcel_no: c.parcelNo ?? undefined,
    certificate_no: c.certificateNo ?? undefined,
    ownership: c.ownership,
    owner_name: c.ownerName ?? undefined,
    use_status: c.useStatus,
    user_name: c.userName ?? undefined,
    note: c.note ?? undefined,
  }
  const column: Record<(typeof input.clear)[number], keyof ParcelFields> = {
    location: 'location',
    east: 'east',
    south: 'south',
    west: 'west',
    north: 'north',
    parcelNo: 'parcel_no',
    certificateNo: 'certificate_no',
    ownerName: 'owner_name',
    userName: 'user_name',
    note: 'note',
  }
  for (const k of input.clear) given[column[k]] = null
  const after = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Record<string, StoredValue>
  const changes = diff(p as unknown as Record<string, StoredValue>, after)
  if (Object.keys(changes).length === 0) throw new AppError('VALIDATION', '没有任何变更')
  await ctx.db.updateTable('parcel').set({ ...(after as Partial<ParcelDb>), updated_at: nowIso() }).where('id', '=', p.id).execute()
  await recordMovement(ctx.db, { villageId: input.villageId, itemKind: 'parcel', itemId: p.id, date: input.date, kind: 'change', changes, amount: null, voucherId: null, operatorId: actor.id, note: input.reason })
  return {
    value: await loadParcel(ctx.db, input.villageId, p.id),
    audit: {
      action: `资源变动：${p.code} ${p.name}（${Object.keys(changes).map((k) => FIELD_LABELS[k] ?? k).join('、')}）`,
      before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[0]])),
      after: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])),
    },
  }
}

export async function removeParcel(ctx: ServiceContext, input: MethodParsedInput<'parcel.remove'>): Promise<Outcome<ParcelDetail>> {
  const actor = requireActor(ctx)
  const p = await ctx.db.selectFrom('parcel').selectAll().where('id', '=', input.parcelId).where('village_id', '=', input.villageId).executeTakeFirst()
  if (!p) throw new AppError('NOT_FOUND', '资源不存在或不属于本村')
  if (p.removed_on !== null) throw new AppError('STATE', `“${p.code} ${p.name}”已于 ${p.removed_on} 核销，不能重复核销`)
  await assertMovementDate(ctx.db, input.villageId, 'parcel', p.id, input.date, '核销日期')
  const covering = (await contractsCovering(ctx.db, input.villageId, 'parcel', input.date, [p.id])).get(p.id) ?? []
  if (covering.length > 0) throw new AppError('STATE', `“${p.code} ${p.name}”仍在合同 ${covering.map((c) => c.number).join('、')} 期内，请先终止合同再核销`)
  await ctx.db.updateTable('parcel').set({ removed_on: input.date, removal_reason: input.reason, updated_at: nowIso() }).where('id', '=', p.id).execute()
  await recordMovement(ctx.db, {
    villageId: input.villageId,
    itemKind: 'parcel',
    itemId: p.id,
    date: input.date,
    kind: 'dispose',
    changes: { removed_on: [null, input.date], removal_reason: [null, input.reason] },
    amount: null,
    voucherId: null,
    operatorId: actor.id,
    note: input.reason,
  })
  return { value: await loadParcel(ctx.db, input.villageId, p.id), audit: { action: `核销资源：${p.code} ${p.name}（${input.reason}）`, after: { parcelId: p.id, removedOn: input.date } } }
}
