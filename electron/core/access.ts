import type { Kysely } from 'kysely'
import { AppError } from '../../shared/errors'
import { rawFirst } from './db/raw'
import type { Database } from './db/schema'
import type { Actor } from './context'
import { readUser } from './users/service'

export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor | null> {
  const u = await readUser(db, userId)
  if (!u || u.status !== 'active') return null
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    allVillages: u.allVillages || u.role === 'admin',
    villageIds: u.villageIds,
  }
}

/** The villages a user may see; null means all of them. */
export function villageScope(actor: Actor): readonly number[] | null {
  return actor.allVillages ? null : actor.villageIds
}

// fixed text (db/raw.ts): read on every call that names a village, so a change of villages counts at once
const VILLAGE_NAME_SQL = 'SELECT name FROM village WHERE id = ?'

export async function assertVillageAccess(db: Kysely<Database>, actor: Actor, villageId: number): Promise<void> {
  const v = await rawFirst<{ name: string }>(db, VILLAGE_NAME_SQL, [villageId])
  if (!v) throw new AppError('NOT_FOUND', `村（编号 ${villageId}）不存在，请刷新后重试`, { villageId })
  if (!actor.allVillages && !actor.villageIds.includes(villageId)) {
    throw new AppError('FORBIDDEN', `您没有「${v.name}」的权限，请联系管理员分配所管村`, { villageId })
  }
}
