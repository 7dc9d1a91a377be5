import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { DATE, PERIOD } from '../../electron/core/db/checks'
import { VOUCHER_DATE } from '../../electron/core/db/migration-007-voucher-rebuild'
import { MIGRATIONS } from '../../electron/core/db/migrations'
import { Engine } from '../../electron/core/engine'
import { tempDir } from '../helpers/temp'

/** v7 rebuilds the voucher table (cheaper CHECKs, a partial unique index on numbers): a v6 book must come through whole. */
describe('migration v7: the voucher table rebuilt', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  const schemaOf = (db: BetterSqlite3.Database) =>
    db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all()

  it('keeps every voucher and rule of a v6 book with posted books, and its schema equals a new book’s', async () => {
    const path = join(t.dir, 'v6.db')
    const e6 = await Engine.open(path, { create: true, migrations: MIGRATIONS.slice(0, 6) })
    expect(e6.info.schemaVersion).toBe(6)
    await e6.invoke(e6.createSession(), 'setup.loadDemo', { villages: 2, password: 'Demo2024', campaigns: false })
    const rows = (db: BetterSqlite3.Database) => JSON.stringify(db.prepare('SELECT * FROM voucher ORDER BY id').all())
    const before = rows(e6.sqlite)
    const statuses = e6.sqlite.prepare('SELECT status, count(*) AS n FROM voucher GROUP BY status ORDER BY status').all() as { status: string; n: number }[]
    expect(statuses.find((s) => s.status === 'posted')?.n ?? 0).toBeGreaterThan(100)
    const lines = e6.sqlite.prepare('SELECT count(*) AS n FROM voucher_line').get()
    await e6.close()

    const e7 = await Engine.open(path)
    expect(e7.info.schemaVersion).toBe(7)
    const db = e7.sqlite
    expect(rows(db)).toBe(before)
    expect(db.prepare('SELECT count(*) AS n FROM voucher_line').get()).toEqual(lines)
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const admin = e7.createSession()
    await e7.invoke(admin, 'auth.signIn', { username: 'zhuguan', password: 'Demo2024' })
    expect((await e7.invoke(admin, 'ledger.verifyBalances', {})).ok).toBe(true)
    // the triggers of v2 and v3 on voucher are all back
    const triggers = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'voucher' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)
    expect(triggers).toEqual([
      'voucher_closed_period_insert',
      'voucher_closed_period_post',
      'voucher_no_delete',
      'voucher_of_depreciation_no_delete',
      'voucher_of_movement_no_delete',
      'voucher_post_balanced',
      'voucher_posted_no_update',
    ])

    // the rules hold on the migrated table
    const posted = db.prepare(`SELECT * FROM voucher WHERE status = 'posted' ORDER BY id LIMIT 1`).get() as Record<string, unknown>
    expect(() => db.prepare(`UPDATE voucher SET attachments = 3 WHERE id = ?`).run(posted.id)).toThrow(/已记账凭证不能修改/)
    expect(() => db.prepare(`DELETE FROM voucher WHERE id = ?`).run(posted.id)).toThrow(/只有草稿凭证可以删除/)
    expect(() => db.prepare(`INSERT INTO voucher_line (voucher_id, line_no, period, summary, account_id, debit, credit) SELECT id, 999, period, '补一行', (SELECT id FROM account LIMIT 1), 1, 0 FROM voucher WHERE id = ?`).run(posted.id)).toThrow(/不能增加分录/)
    const insert = (v: Record<string, unknown>) =>
      db.prepare(`INSERT INTO voucher (${Object.keys(v).join(', ')}) VALUES (${Object.keys(v).map(() => '?').join(', ')})`).run(...Object.values(v))
    // in a month no one has closed (a closed month refuses any new voucher first)
    const open = { ...posted, id: null, period: '2099-01', date: '2099-01-15' }
    insert(open)
    // a second voucher with the same village, month, word and number
    expect(() => insert(open)).toThrow(/UNIQUE constraint failed: voucher\.village_id, voucher\.period, voucher\.word, voucher\.number/)
    const fresh = { ...open, status: 'draft', number: null, reviewed_by: null, reviewed_at: null, posted_by: null, posted_at: null, hash: null }
    for (const bad of [
      { date: '2099-02-30', period: '2099-02' },
      { date: '2099-13-01', period: '2099-13' },
      { date: '0999-01-01', period: '0999-01' },
      { date: '2099-1-05', period: '2099-1-' },
      { period: '2099-02' },
      { status: 'void' },
      { source: 'Import' },
      { total: 10 ** 15 + 1 },
    ]) {
      expect(() => insert({ ...fresh, ...bad }), JSON.stringify(bad)).toThrow(/CHECK constraint failed/)
    }
    // drafts carry no number, any number of them in a month
    const a = insert(fresh).lastInsertRowid
    const b = insert(fresh).lastInsertRowid
    expect(b).not.toBe(a)
    // a reversal reverses once
    const rev = { ...fresh, source: 'reversal', reverses_id: posted.id }
    insert(rev)
    expect(() => insert(rev)).toThrow(/UNIQUE constraint failed: voucher\.reverses_id/)

    // posting numbers on from the partial index (SQLite reads the maximum off it)
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT max(number) AS n FROM voucher WHERE village_id = ? AND period = ? AND word = ? AND number IS NOT NULL`).all(1, '2024-01', '记') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/voucher_number/)

    const fresh7 = await Engine.open(join(t.dir, 'new.db'), { create: true })
    expect(schemaOf(db)).toEqual(schemaOf(fresh7.sqlite))
    await fresh7.close()
    await e7.close()
  })

  it('accepts exactly the dates and periods that v2’s CHECKs accepted', () => {
    const db = new BetterSqlite3(':memory:')
    const candidates: string[] = ['', '2024-01-01 ', ' 2024-01-01', '2024-01-01T00:00', '2024/01/01', 'abcd-ef-gh', '2024-1-01', '２０２４-01-01']
    for (const y of ['0999', '1000', '1900', '2000', '2023', '2024', '2100', '2999', '3000'])
      for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) candidates.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
    const passes = (check: string) => `(${check.replace(/^CHECK /, '')}) IS NOT 0`
    const oldSql = `SELECT ${passes(DATE('x'))} AND ${passes(PERIOD('substr(x, 1, 7)'))} AS ok FROM (SELECT ? AS x)`
    const newSql = `SELECT ${passes(VOUCHER_DATE('x'))} AS ok FROM (SELECT ? AS x)`
    const oldStmt = db.prepare(oldSql)
    const newStmt = db.prepare(newSql)
    let accepted = 0
    for (const c of candidates) {
      const o = (oldStmt.get(c) as { ok: number }).ok
      expect((newStmt.get(c) as { ok: number }).ok, c).toBe(o)
      accepted += o
    }
    // every real day of 1000, 1900, 2000, 2023, 2024, 2100 and 2999 (2000 and 2024 are leap years); none of 0999 or 3000
    expect(accepted).toBe(5 * 365 + 2 * 366)
    db.close()
  })
})
