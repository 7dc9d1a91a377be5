import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { AgencyInfo, CurrentUser, DatabaseCheckReport, SystemStatus } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { loadActor } from '../access'
import { nowIso, verifyAuditChain } from '../audit/log'
import type { Outcome, ServiceContext } from '../context'
import type { Database } from '../db/schema'
import type { Sqlite } from '../db/connection'
import { seedDemo } from '../demo/seed'
import { verifyBalances } from '../ledger/balances'
import { verifyVoucherIntegrity } from '../ledger/integrity'
import { createAgencyAndAdmin, getAgency } from './agency'

export async function status(ctx: ServiceContext): Promise<Outcome<SystemStatus>> {
  const agency = await getAgency(ctx.db)
  return {
    value: {
      initialized: agency !== null,
      agency,
      schemaVersion: ctx.engine.schemaVersion,
      appVersion: ctx.engine.appVersion,
      dataFile: ctx.engine.path,
      currentUser: ctx.actor,
    },
  }
}

async function assertNotInitialized(db: Kysely<Database>): Promise<void> {
  if (await getAgency(db)) throw new AppError('STATE', '代理中心已经建立，不能重复初始化；请直接登录')
}

export async function initialize(ctx: ServiceContext, input: MethodParsedInput<'setup.initialize'>): Promise<Outcome<CurrentUser>> {
  await assertNotInitialized(ctx.db)
  const id = await createAgencyAndAdmin(ctx.db, { agencyName: input.agencyName, district: input.district, ...input.admin })
  const actor = await loadActor(ctx.db, id)
  if (!actor) throw new AppError('INTERNAL', '管理员创建失败')
  ctx.session.userId = id
  return {
    value: actor,
    audit: {
      action: `建立代理中心：${input.agencyName}（${input.district}），首位管理员 ${input.admin.displayName}`,
      after: { agencyName: input.agencyName, district: input.district, admin: input.admin.username },
      actor: { id, name: input.admin.username },
    },
  }
}

export async function loadDemo(ctx: ServiceContext, input: MethodParsedInput<'setup.loadDemo'>): Promise<Outcome<CurrentUser>> {
  await assertNotInitialized(ctx.db)
  const seeded = await seedDemo(ctx.db, { villages: input.villages, password: input.password, books: input.books, campaigns: input.campaigns })
  const actor = await loadActor(ctx.db, seeded.adminId)
  if (!actor) throw new AppError('INTERNAL', '演示数据创建失败')
  ctx.session.userId = actor.id
  return {
    value: actor,
    audit: {
      action: `载入演示数据：${seeded.villageCount} 个村/组，${seeded.userCount} 个用户`,
      actor: { id: actor.id, name: actor.username },
    },
  }
}

export async function updateAgency(ctx: ServiceContext, input: MethodParsedInput<'agency.update'>): Promise<Outcome<AgencyInfo | null>> {
  const before = await getAgency(ctx.db)
  if (!before) throw new AppError('STATE', '代理中心尚未建立')
  await ctx.db.updateTable('agency').set({ name: input.name, district: input.district, updated_at: nowIso() }).where('id', '=', 1).execute()
  const after = await getAgency(ctx.db)
  return {
    value: after,
    audit: { action: `修改代理中心信息：${input.name}`, before: { name: before.name, district: before.district }, after: { ...input } },
  }
}

/** quick_check, foreign keys and the audit chain: the auditor's 校验账套完整性. */
export async function checkDatabase(sqlite: Sqlite, db: Kysely<Database>): Promise<DatabaseCheckReport> {
  const quick = (sqlite.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check)
  const fk = sqlite.pragma('foreign_key_check') as unknown[]
  const audit = await verifyAuditChain(db)
  const vouchers = await verifyVoucherIntegrity(db)
  const balances = await verifyBalances(db)
  return {
    ok: quick.length === 1 && quick[0] === 'ok' && fk.length === 0 && audit.ok && vouchers.ok && balances.ok,
    quickCheck: quick,
    foreignKeyViolations: fk.length,
    audit,
    vouchers,
    balances: { ok: balances.ok, differences: balances.differences.length },
  }
}
