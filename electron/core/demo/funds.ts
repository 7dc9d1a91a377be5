import type { Kysely } from 'kysely'
import { loadActor } from '../access'
import type { ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { createBankAccount, setCashLimit } from '../registers/funds'
import type { BookCodes } from './books'
import { Prng } from './books'

/**
 * The demo village's 资金 register: the 基本户 and the 专户 the demo books keep on 10201/10202 (each on its 银行账户
 * item), registered through the funds engine's own writers, and a cash holding limit.
 */

/** The engine's writers take a service context: the demo's is the operator's, on the seeding connection. */
export async function demoContext(db: Kysely<Database>, operatorId: number): Promise<ServiceContext> {
  const actor = await loadActor(db, operatorId)
  if (!actor) throw new Error(`demo operator ${operatorId} missing`)
  return {
    db,
    actor,
    session: { userId: operatorId },
    engine: { path: '', schemaVersion: 0, appVersion: 'demo' },
    backup: () => Promise.reject(new Error('生成演示数据时不能备份')),
  }
}

/** 库存现金限额 of the demo villages, in 分 */
export const DEMO_CASH_LIMIT = 500_000

export async function seedDemoFunds(db: Kysely<Database>, villageId: number, codes: BookCodes, seed: number, operatorId: number): Promise<void> {
  const ctx = await demoContext(db, operatorId)
  const r = new Prng(seed)
  const digits = (n: number) => Array.from({ length: n }, () => String(r.int(0, 9))).join('')
  const branch = `肥东农村商业银行${r.pick(['长临河支行', '长临河分理处', '撮镇支行'])}`
  await createBankAccount(ctx, {
    villageId,
    bankName: branch,
    accountNo: `20000${digits(15)}`,
    nature: 'basic',
    accountId: codes.id('10201'),
    auxItemId: codes.aux('bank', '农商行基本户'),
    openedOn: `20${r.int(10, 18)}-0${r.int(1, 9)}-${String(r.int(1, 28)).padStart(2, '0')}`,
    note: '村集体经济组织基本存款账户，日常收支',
  })
  await createBankAccount(ctx, {
    villageId,
    bankName: branch,
    accountNo: `20000${digits(15)}`,
    nature: 'special',
    accountId: codes.id('10202'),
    auxItemId: codes.aux('bank', '农商行专户'),
    openedOn: `2019-0${r.int(1, 9)}-${String(r.int(1, 28)).padStart(2, '0')}`,
    note: '财政项目补助资金专户，专款专用',
  })
  await setCashLimit(ctx, { villageId, limit: DEMO_CASH_LIMIT, date: '2024-01-01' })
}
