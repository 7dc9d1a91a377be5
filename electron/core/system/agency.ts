import type { Kysely } from 'kysely'
import type { AgencyInfo } from '../../../shared/api/types'
import { nowIso } from '../audit/log'
import { hashPassword } from '../auth/password'
import type { Database } from '../db/schema'
import { insertUser } from '../users/service'

export async function getAgency(db: Kysely<Database>): Promise<AgencyInfo | null> {
  const a = await db.selectFrom('agency').selectAll().executeTakeFirst()
  return a ? { name: a.name, district: a.district, createdAt: a.created_at } : null
}

export async function createAgencyAndAdmin(
  db: Kysely<Database>,
  a: { agencyName: string; district: string; username: string; displayName: string; password: string },
): Promise<number> {
  const now = nowIso()
  await db.insertInto('agency').values({ id: 1, name: a.agencyName, district: a.district, created_at: now, updated_at: now }).execute()
  return insertUser(db, {
    username: a.username,
    displayName: a.displayName,
    role: 'admin',
    passwordHash: await hashPassword(a.password),
    allVillages: true,
    villageIds: [],
    signedIn: true,
  })
}
