import { sql, type Kysely } from 'kysely'
import type { AuditEntry, AuditSummary, AuditVerifyReport, Page } from '../../../shared/api/types'
import { rawFirst, rawRun } from '../db/raw'
import type { Database } from '../db/schema'
import { chainHash, GENESIS_HASH, stableJson, type AuditRecord } from './chain'

export interface AuditAppend {
  userId: number | null
  userName: string
  method: string
  villageId: number | null
  summary: AuditSummary
}

let lastMs = Number.NaN
let lastIso = ''

let clockOverride: Date | null = null

/**
 * Runs `fn` with the clock read by nowIso() set to `at`: the demo seeder backdates a district's 清查 history so the
 * board shows real ages and overdue marks. Nothing else sets it.
 */
export async function atTime<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  const before = clockOverride
  clockOverride = at
  try {
    return await fn()
  } finally {
    clockOverride = before
  }
}

/** Local wall-clock time with its offset (2026-11-23T07:10:00.000+08:00): users filter by their own calendar days. */
export function nowIso(d = clockOverride ?? new Date()): string {
  // one write asks for it more than once within the same millisecond (posting, then its audit entry)
  const ms = d.getTime()
  if (ms === lastMs) return lastIso
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const abs = Math.abs(off)
  lastIso =
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
  lastMs = ms
  return lastIso
}

/** Today's date on the user's calendar (YYYY-MM-DD), from the same clock as nowIso(). */
export function todayIso(): string {
  return nowIso().slice(0, 10)
}

const LAST_SQL = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'
const APPEND_SQL = `INSERT INTO audit_log (seq, at, user_id, user_name, method, village_id, summary, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

/** Appends one entry; must run inside the write transaction of the change it records (fixed texts: it is on every write). */
export async function appendAudit(db: Kysely<Database>, e: AuditAppend): Promise<void> {
  const last = await rawFirst<{ seq: number; hash: string }>(db, LAST_SQL, [])
  const record: AuditRecord = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    user_id: e.userId,
    user_name: e.userName,
    method: e.method,
    village_id: e.villageId,
    summary: stableJson(e.summary),
  }
  const prev = last?.hash ?? GENESIS_HASH
  const r = record
  await rawRun(db, APPEND_SQL, [r.seq, r.at, r.user_id, r.user_name, r.method, r.village_id, r.summary, prev, chainHash(prev, r)])
}

export interface AuditFilter {
  userId?: number
  villageId?: number
  villageIds?: readonly number[] | null
  from?: string
  to?: string
  search?: string | null
  offset: number
  limit: number
}

export async function listAudit(db: Kysely<Database>, f: AuditFilter): Promise<Page<AuditEntry>> {
  let q = db.selectFrom('audit_log').leftJoin('village', 'village.id', 'audit_log.village_id')
  if (f.userId !== undefined) q = q.where('audit_log.user_id', '=', f.userId)
  if (f.villageId !== undefined) q = q.where('audit_log.village_id', '=', f.villageId)
  if (f.villageIds) {
    const ids = f.villageIds
    q = q.where((eb) => (ids.length > 0 ? eb.or([eb('audit_log.village_id', 'in', ids), eb('audit_log.village_id', 'is', null)]) : eb('audit_log.village_id', 'is', null)))
  }
  // `at` starts with the local calendar day, so whole days compare as text
  if (f.from) q = q.where('audit_log.at', '>=', `${f.from}T`)
  if (f.to) q = q.where('audit_log.at', '<', `${f.to}U`)
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`${eb.ref('audit_log.summary')} LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`${eb.ref('audit_log.method')} LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`${eb.ref('audit_log.user_name')} LIKE ${like} ESCAPE '\\'`,
      ]),
    )
  }
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await q
    .select([
      'audit_log.seq',
      'audit_log.at',
      'audit_log.user_id',
      'audit_log.user_name',
      'audit_log.method',
      'audit_log.village_id',
      'audit_log.summary',
      'audit_log.hash',
      'village.name as village_name',
    ])
    .orderBy('audit_log.seq', 'desc')
    .offset(f.offset)
    .limit(f.limit)
    .execute()
  return {
    total: Number(totalRow?.n ?? 0),
    rows: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      userId: r.user_id,
      userName: r.user_name,
      method: r.method,
      villageId: r.village_id,
      villageName: r.village_name ?? null,
      summary: JSON.parse(r.summary) as AuditSummary,
      hash: r.hash,
    })),
  }
}

/** Recomputes the whole chain from the genesis link and names the first entry that does not match. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerifyReport> {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let checked = 0
  const BATCH = 5000
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(BATCH)
      .execute()
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, checked, headHash: prev, firstBad: { seq: expectedSeq, reason: `第 ${expectedSeq} 条日志缺失（下一条是第 ${r.seq} 条）` } }
      }
      if (r.prev_hash !== prev) {
        return { ok: false, checked, headHash: prev, firstBad: { seq: r.seq, reason: `第 ${r.seq} 条日志与上一条的链接不符` } }
      }
      const h = chainHash(prev, r)
      if (h !== r.hash) {
        return { ok: false, checked, headHash: prev, firstBad: { seq: r.seq, reason: `第 ${r.seq} 条日志内容与其哈希不符（已被改动）` } }
      }
      prev = h
      expectedSeq++
      checked++
    }
    if (rows.length < BATCH) break
  }
  return { ok: true, checked, headHash: checked > 0 ? prev : null, firstBad: null }
}
