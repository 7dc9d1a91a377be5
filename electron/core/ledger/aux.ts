import type { Kysely, Selectable } from 'kysely'
import { AUX_KIND_LABELS, type AuxKind } from '../../../shared/accounts'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { AuxItem } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { nowIso } from '../audit/log'
import type { Outcome, ServiceContext } from '../context'
import type { AuxItemTable, Database } from '../db/schema'

function toAuxItem(r: Selectable<AuxItemTable>): AuxItem {
  return { id: r.id, villageId: r.village_id, kind: r.kind, code: r.code, name: r.name, status: r.status }
}

export async function listAuxItems(ctx: ServiceContext, input: MethodParsedInput<'aux.list'>): Promise<Outcome<AuxItem[]>> {
  let q = ctx.db.selectFrom('aux_item').selectAll().where('village_id', '=', input.villageId)
  if (input.kind) q = q.where('kind', '=', input.kind)
  return { value: (await q.orderBy('kind').orderBy('name').execute()).map(toAuxItem) }
}

export async function findAuxItem(db: Kysely<Database>, villageId: number, kind: AuxKind, name: string): Promise<AuxItem | null> {
  const r = await db.selectFrom('aux_item').selectAll().where('village_id', '=', villageId).where('kind', '=', kind).where('name', '=', name).executeTakeFirst()
  return r ? toAuxItem(r) : null
}

/** Finds the item by kind and name or makes it (importers name counterparties as they come). */
export async function ensureAuxItem(db: Kysely<Database>, villageId: number, kind: AuxKind, name: string): Promise<number> {
  const found = await findAuxItem(db, villageId, kind, name)
  if (found) return found.id
  const { id } = await db
    .insertInto('aux_item')
    .values({ village_id: villageId, kind, code: null, name, status: 'active', created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function createAuxItem(ctx: ServiceContext, input: MethodParsedInput<'aux.create'>): Promise<Outcome<AuxItem>> {
  if (await findAuxItem(ctx.db, input.villageId, input.kind, input.name)) {
    throw new AppError('CONFLICT', `${AUX_KIND_LABELS[input.kind]}“${input.name}”已存在`, { issues: [{ path: 'name', message: '名称重复' }] })
  }
  const { id } = await ctx.db
    .insertInto('aux_item')
    .values({ village_id: input.villageId, kind: input.kind, code: input.code, name: input.name, status: 'active', created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow()
  const r = await ctx.db.selectFrom('aux_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { value: toAuxItem(r), audit: { action: `新增${AUX_KIND_LABELS[input.kind]}：${input.name}`, after: { kind: input.kind, name: input.name, code: input.code } } }
}
