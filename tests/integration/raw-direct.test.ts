import { afterAll, describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditChain } from '../../electron/core/audit/log'
import { bindDirect, rawFirst, rawRows } from '../../electron/core/db/raw'
import { newAgency, tempDir, VILLAGE } from '../helpers/temp'

/**
 * Inside a write transaction the fixed texts of db/raw.ts skip Kysely's executor and run on the transaction's
 * connection directly: they must read what Kysely reads, see the transaction's own writes, and roll back with it.
 */
describe('fixed texts run directly in a write transaction', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  it('read the same rows, write links the chain verifier accepts, and leave nothing behind on rollback', async () => {
    const { engine, admin } = await newAgency(t.dir)
    await engine.invoke(admin, 'village.create', VILLAGE)
    const CHAIN = 'SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq'
    const before = await rawRows<{ seq: number; hash: string }>(engine.db, CHAIN, [])
    expect(before.length).toBeGreaterThan(0)
    const entry = { userId: null, userName: '测试', method: 'test.direct', villageId: null, summary: { action: '直接执行' } }

    const inside = await engine.db.connection().execute(async (conn) => {
      bindDirect(conn, engine.sqlite)
      engine.sqlite.exec('BEGIN IMMEDIATE')
      expect(await rawRows(conn, CHAIN, [])).toEqual(before)
      await appendAudit(conn, entry)
      const seen = await rawFirst<{ seq: number; method: string }>(conn, 'SELECT seq, method FROM audit_log ORDER BY seq DESC LIMIT 1', [])
      engine.sqlite.exec('ROLLBACK')
      return seen
    })
    expect(inside).toEqual({ seq: before.length + 1, method: 'test.direct' })
    expect(await rawRows(engine.db, CHAIN, [])).toEqual(before)

    await engine.db.connection().execute(async (conn) => {
      bindDirect(conn, engine.sqlite)
      engine.sqlite.exec('BEGIN IMMEDIATE')
      await appendAudit(conn, entry)
      engine.sqlite.exec('COMMIT')
    })
    const after = await rawRows<{ seq: number; prev_hash: string }>(engine.db, CHAIN, [])
    expect(after).toHaveLength(before.length + 1)
    expect(after.at(-1)?.prev_hash).toBe(before.at(-1)?.hash)
    expect(await verifyAuditChain(engine.db)).toMatchObject({ ok: true, checked: before.length + 1, firstBad: null })
    await engine.close()
  })
})
