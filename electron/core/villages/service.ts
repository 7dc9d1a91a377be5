import type { Kysely, Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { Village } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { villageScope } from '../access'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database, VillageTable } from '../db/schema'
import { seedStandardChart } from '../ledger/chart'

type VillageRow = Selectable<VillageTable> & { parent_name: string | null }

function toVillage(r: VillageRow): Village {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    uscc: r.uscc,
    level: r.level,
    parentId: r.parent_id,
    parentName: r.parent_name,
    chartVersion: r.chart_version,
    startPeriod: r.start_period,
    contactPerson: r.contact_person,
    contactPhone: r.contact_phone,
    address: r.address,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('village')
    .leftJoin('village as parent', 'parent.id', 'village.parent_id')
    .selectAll('village')
    .select('parent.name as parent_name')
}

export async function getVillage(db: Kysely<Database>, id: number): Promise<Village> {
  const r = await baseQuery(db).where('village.id', '=', id).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', `村（编号 ${id}）不存在，请刷新后重试`)
  return toVillage(r)
}

export async function listVillages(ctx: ServiceContext, input: MethodParsedInput<'village.list'>): Promise<Outcome<Village[]>> {
  const actor = requireActor(ctx)
  let q = baseQuery(ctx.db)
  const scope = villageScope(actor)
  if (scope) {
    if (scope.length === 0) return { value: [] }
    q = q.where('village.id', 'in', scope)
  }
  if (!input.includeDisabled) q = q.where('village.status', '=', 'active')
  if (input.search) {
    const s = `%${input.search}%`
    q = q.where((eb) => eb.or([eb('village.name', 'like', s), eb('village.code', 'like', s), eb('village.uscc', 'like', s)]))
  }
  const rows = await q.orderBy('village.code').execute()
  return { value: rows.map(toVillage) }
}

export type VillageFields = MethodParsedInput<'village.create'>

async function checkFields(db: Kysely<Database>, f: VillageFields, selfId: number | null): Promise<void> {
  const dupCode = await db.selectFrom('village').select(['id', 'name']).where('code', '=', f.code).executeTakeFirst()
  if (dupCode && dupCode.id !== selfId) {
    throw new AppError('CONFLICT', `村编码「${f.code}」已被「${dupCode.name}」使用，请换一个编码`, { issues: [{ path: 'code', message: '村编码重复' }] })
  }
  if (f.uscc) {
    const dup = await db.selectFrom('village').select(['id', 'name']).where('uscc', '=', f.uscc).executeTakeFirst()
    if (dup && dup.id !== selfId) {
      throw new AppError('CONFLICT', `统一社会信用代码「${f.uscc}」已被「${dup.name}」使用，请核对`, { issues: [{ path: 'uscc', message: '统一社会信用代码重复' }] })
    }
  }
  if (f.level === 'group') {
    if (f.parentId === null) {
      throw new AppError('VALIDATION', '组级集体经济组织必须选择「上级村」', { issues: [{ path: 'parentId', message: '请选择上级村' }] })
    }
    const parent = await db.selectFrom('village').select(['id', 'level', 'name']).where('id', '=', f.parentId).executeTakeFirst()
    if (!parent) throw new AppError('VALIDATION', '「上级村」不存在，请重新选择', { issues: [{ path: 'parentId', message: '上级村不存在' }] })
    if (parent.level !== 'village') {
      throw new AppError('VALIDATION', `「上级村」必须是村级组织，「${parent.name}」是组级`, { issues: [{ path: 'parentId', message: '上级必须是村级' }] })
    }
    if (parent.id === selfId) throw new AppError('VALIDATION', '「上级村」不能是自己', { issues: [{ path: 'parentId', message: '上级村不能是自己' }] })
  } else if (f.parentId !== null) {
    throw new AppError('VALIDATION', '村级集体经济组织不能有「上级村」，请清空上级村或把级次改为组级', { issues: [{ path: 'parentId', message: '村级不设上级村' }] })
  }
}

function columns(f: VillageFields) {
  return {
    code: f.code,
    name: f.name,
    uscc: f.uscc,
    level: f.level,
    parent_id: f.level === 'group' ? f.parentId : null,
    chart_version: f.chartVersion,
    start_period: f.startPeriod,
    contact_person: f.contactPerson,
    contact_phone: f.contactPhone,
    address: f.address,
  }
}

/** The one place a village row is made; it gets the official chart of its version at once. */
export async function insertVillage(db: Kysely<Database>, f: VillageFields): Promise<number> {
  const now = nowIso()
  const { id } = await db
    .insertInto('village')
    .values({ ...columns(f), status: 'active', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  await seedStandardChart(db, id, f.chartVersion)
  return id
}

export async function createVillage(ctx: ServiceContext, input: MethodParsedInput<'village.create'>): Promise<Outcome<Village>> {
  await checkFields(ctx.db, input, null)
  const v = await getVillage(ctx.db, await insertVillage(ctx.db, input))
  return { value: v, audit: { action: `新增村：${v.name}（${v.code}）`, after: { ...columns(input) }, villageId: v.id } }
}

export async function updateVillage(ctx: ServiceContext, input: MethodParsedInput<'village.update'>): Promise<Outcome<Village>> {
  const before = await getVillage(ctx.db, input.villageId)
  const { villageId, ...fields } = input
  await checkFields(ctx.db, fields, villageId)
  if (before.level === 'village' && fields.level === 'group') {
    const children = await ctx.db.selectFrom('village').select('id').where('parent_id', '=', villageId).limit(1).execute()
    if (children.length > 0) throw new AppError('CONFLICT', `「${before.name}」下还有组级组织，不能改为组级`)
  }
  await ctx.db.updateTable('village').set({ ...columns(fields), updated_at: nowIso() }).where('id', '=', villageId).execute()
  const after = await getVillage(ctx.db, villageId)
  return {
    value: after,
    audit: { action: `修改村：${after.name}（${after.code}）`, ...diff(before, after), villageId },
  }
}

export async function setVillageStatus(ctx: ServiceContext, input: MethodParsedInput<'village.setStatus'>): Promise<Outcome<Village>> {
  const before = await getVillage(ctx.db, input.villageId)
  if (before.status === input.status) {
    throw new AppError('STATE', `「${before.name}」已经是${input.status === 'active' ? '启用' : '停用'}状态`)
  }
  if (input.status === 'disabled') {
    const activeChildren = await ctx.db
      .selectFrom('village')
      .select('name')
      .where('parent_id', '=', input.villageId)
      .where('status', '=', 'active')
      .execute()
    if (activeChildren.length > 0) {
      throw new AppError('CONFLICT', `请先停用「${before.name}」下的组级组织：${activeChildren.map((c) => c.name).join('、')}`)
    }
  } else if (before.parentId !== null) {
    const parent = await getVillage(ctx.db, before.parentId)
    if (parent.status !== 'active') throw new AppError('CONFLICT', `请先启用上级村「${parent.name}」`)
  }
  await ctx.db.updateTable('village').set({ status: input.status, updated_at: nowIso() }).where('id', '=', input.villageId).execute()
  const after = await getVillage(ctx.db, input.villageId)
  return {
    value: after,
    audit: {
      action: `${input.status === 'active' ? '启用' : '停用'}村：${after.name}（${after.code}）`,
      before: { status: before.status },
      after: { status: after.status },
      villageId: input.villageId,
    },
  }
}

/** Only the fields that changed, for the audit log. */
export function diff<T extends object>(before: T, after: T): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {}
  const a: Record<string, unknown> = {}
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (key === 'updatedAt' || key === 'createdAt') continue
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key as string] = before[key]
      a[key as string] = after[key]
    }
  }
  return { before: b, after: a }
}
