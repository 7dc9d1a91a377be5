import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { sql } from 'kysely'
import type { Session } from '../../../electron/core/context'
import type { Engine } from '../../../electron/core/engine'
import type { MethodInput, MethodName } from '../../../shared/api/contract'
import { newAgency, VILLAGE } from '../../helpers/temp'

/** Shared by the import tests: the shared fixtures, an agency with a bookkeeper and a reviewer, row counts. */
export const FIXTURES = '/work/shared/fixtures'
export const fixture = (name: string): string => join(FIXTURES, name)

export function fileOf(path: string, fileName = basename(path)): { fileName: string; contentBase64: string } {
  return { fileName, contentBase64: readFileSync(path).toString('base64') }
}

export function bytesOf(bytes: Buffer | Uint8Array, fileName: string): { fileName: string; contentBase64: string } {
  return { fileName, contentBase64: Buffer.from(bytes).toString('base64') }
}

export interface ImportFixture {
  engine: Engine
  admin: Session
  /** 记账会计: imports and prepares */
  clerk: Session
  /** 审核: reviews and posts */
  reviewer: Session
  villageId: number
}

export const PASSWORD = 'Pass1234'

export async function importFixture(dir: string, village: Partial<MethodInput<'village.create'>> = {}): Promise<ImportFixture> {
  const { engine, admin } = await newAgency(dir)
  const v = await engine.invoke(admin, 'village.create', { ...VILLAGE, ...village })
  for (const [username, role] of [
    ['clerk', 'bookkeeper'],
    ['checker', 'reviewer'],
  ] as const) {
    await engine.invoke(admin, 'user.create', { username, displayName: username === 'clerk' ? '李会计' : '王审核', role, password: PASSWORD, villageIds: [v.id] })
  }
  const clerk = engine.createSession()
  await engine.invoke(clerk, 'auth.signIn', { username: 'clerk', password: PASSWORD })
  const reviewer = engine.createSession()
  await engine.invoke(reviewer, 'auth.signIn', { username: 'checker', password: PASSWORD })
  return { engine, admin, clerk, reviewer, villageId: v.id }
}

export async function addVillage(f: ImportFixture, village: Partial<MethodInput<'village.create'>>): Promise<number> {
  const v = await f.engine.invoke(f.admin, 'village.create', { ...VILLAGE, ...village })
  for (const username of ['clerk', 'checker']) {
    const users = await f.engine.invoke(f.admin, 'user.list', { includeDisabled: true })
    const u = users.find((x) => x.username === username)
    if (!u) throw new Error(`no user ${username}`)
    await f.engine.invoke(f.admin, 'user.update', { userId: u.id, displayName: u.displayName, role: u.role, allVillages: false, villageIds: [...u.villageIds, v.id] })
  }
  return v.id
}

const TABLES = ['account', 'aux_item', 'opening_balance', 'import_batch', 'voucher', 'voucher_line', 'balance', 'audit_log'] as const

/** Rows of every table an import may touch: equal before and after a refused import. */
export async function rowCounts(engine: Engine): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>
  for (const t of TABLES) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(engine.db)
    out[t] = Number(r.rows[0]?.n ?? 0)
  }
  return out
}

export type ImportMethod = Extract<MethodName, 'import.chart' | 'import.opening' | 'import.vouchers'>

/** Reviews and posts every draft of the village, month by month (at most 5000 a call). */
export async function reviewAndPostAll(f: ImportFixture, villageId = f.villageId): Promise<number> {
  let posted = 0
  for (const status of ['draft', 'reviewed'] as const) {
    for (;;) {
      const page = await f.engine.invoke(f.reviewer, 'voucher.list', { villageId, status, limit: 5000 })
      if (page.rows.length === 0) break
      const ids = page.rows.map((r) => r.id)
      if (status === 'draft') await f.engine.invoke(f.reviewer, 'voucher.review', { villageId, voucherIds: ids })
      else posted += (await f.engine.invoke(f.reviewer, 'voucher.post', { villageId, voucherIds: ids })).length
    }
  }
  return posted
}

/** expected-trial-balance*.csv: code → [opening, debit, credit, closing] as yuan strings. */
export function expectedTrialBalance(name: string): Map<string, [string, string, string, string]> {
  const lines = readFileSync(fixture(name), 'utf8').trim().split(/\r?\n/).slice(1)
  return new Map(
    lines.map((l) => {
      const [code, opening, debit, credit, closing] = l.split(',') as [string, string, string, string, string]
      return [code, [opening, debit, credit, closing]]
    }),
  )
}
