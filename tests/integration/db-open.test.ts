import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, readPragmas } from '../../electron/core/db/connection'
import { APPLICATION_ID } from '../../electron/core/db/header'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../electron/core/db/migrations'
import { openDatabase } from '../../electron/core/db/open'
import { Engine } from '../../electron/core/engine'
import { AppError } from '../../shared/errors'
import { newAgency, tempDir, VILLAGE } from '../helpers/temp'

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')

async function refused(path: string): Promise<AppError> {
  try {
    const e = await Engine.open(path)
    await e.close()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('DB_REFUSED')
    return err as AppError
  }
  throw new Error(`opened ${path}`)
}

describe('opening the agency database', () => {
  const t = tempDir()
  let good: string

  beforeAll(async () => {
    const { engine, admin } = await newAgency(t.dir)
    await engine.invoke(admin, 'village.create', VILLAGE)
    for (let i = 0; i < 60; i++) {
      await engine.invoke(admin, 'village.create', { ...VILLAGE, code: `V${i}`, name: `测试村${i}`, uscc: null, contactPerson: '某'.repeat(20) })
    }
    good = engine.path
    await engine.close()
  })
  afterAll(() => t.cleanup())

  it('sets the durability pragmas and our application id (R-10)', async () => {
    const engine = await Engine.open(good)
    const p = readPragmas(engine.sqlite)
    expect(p).toMatchObject({ journalMode: 'wal', synchronous: 2, foreignKeys: 1, trustedSchema: 0, busyTimeout: 5000, applicationId: APPLICATION_ID })
    expect(p.userVersion).toBe(LATEST_SCHEMA_VERSION)
    await engine.close()
  })

  it('refuses a missing file unless asked to create one', async () => {
    const e = await refused(join(t.dir, 'nope.db'))
    expect(e.message).toContain('文件不存在')
    expect(existsSync(join(t.dir, 'nope.db'))).toBe(false)
  })

  const cases: [string, (p: string) => void, RegExp][] = [
    ['a zero-byte file', (p) => writeFileSync(p, ''), /空的（0 字节）/],
    ['random bytes', (p) => writeFileSync(p, randomBytes(8192)), /不是有效的账套文件/],
    ['a workbook renamed .db', (p) => copyFileSync('/work/shared/fixtures/chart.xlsx', p), /不是有效的账套文件/],
    [
      "another application's SQLite file",
      (p) => {
        const d = new BetterSqlite3(p)
        d.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES (\'x\')')
        d.close()
      },
      /其他软件的数据库文件/,
    ],
    [
      'a truncated database',
      (p) => {
        copyFileSync(good, p)
        truncateSync(p, Math.floor(readFileSync(p).length / 2 / 4096) * 4096)
      },
      /已损坏（应有 \d+ 字节，实际只有 \d+ 字节）/,
    ],
    [
      'a database from a newer schema',
      (p) => {
        copyFileSync(good, p)
        const d = new BetterSqlite3(p)
        d.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
        d.pragma('journal_mode = DELETE')
        d.close()
      },
      new RegExp(`账套版本为 ${LATEST_SCHEMA_VERSION + 1}，高于本软件支持的版本 ${LATEST_SCHEMA_VERSION}`),
    ],
    [
      'a database with garbage in its pages',
      (p) => {
        copyFileSync(good, p)
        const size = readFileSync(p).length
        const fd = openSync(p, 'r+')
        // keep the header page; overwrite every other page's cells
        for (let off = 4096 + 64; off < size; off += 4096) writeSync(fd, randomBytes(2048), 0, 2048, off)
        closeSync(fd)
      },
      /已损坏/,
    ],
  ]

  for (const [name, make, message] of cases) {
    it(`refuses ${name} and leaves it byte-for-byte unchanged`, async () => {
      const p = join(t.dir, `${name.replace(/\W+/g, '-')}.db`)
      make(p)
      const before = sha(p)
      const e = await refused(p)
      expect(e.message).toMatch(message)
      expect(sha(p)).toBe(before)
      expect(existsSync(`${p}-wal`) ? readFileSync(`${p}-wal`).length : 0).toBe(0)
    })
  }
})

describe('migrations', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  const dump = (path: string) => {
    const d = connect(path, { readonly: true })
    const schema = d.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all()
    const villages = d.prepare('SELECT * FROM village ORDER BY id').all()
    const log = d.prepare('SELECT * FROM audit_log ORDER BY seq').all()
    const version = d.pragma('user_version', { simple: true })
    d.close()
    return JSON.stringify({ schema, villages, log, version })
  }

  it('a migration that fails half-way leaves the database exactly as it was', async () => {
    const { engine, admin } = await newAgency(t.dir)
    await engine.invoke(admin, 'village.create', VILLAGE)
    const path = engine.path
    await engine.close()
    const before = dump(path)

    const failing: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: '故意失败的升级',
      up: async (db) => {
        await sql`CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT`.execute(db)
        await sql`UPDATE village SET name = '被改掉的名字'`.execute(db)
        throw new Error('第二步出错')
      },
    }
    await expect(openDatabase(path, { migrations: [...MIGRATIONS, failing] })).rejects.toThrow(/账套升级失败.*故意失败的升级.*第二步出错.*已全部撤销/)
    expect(dump(path)).toBe(before)

    // the verified pre-migration backup is kept
    const backups = readdirSync(join(t.dir, 'backups'))
    expect(backups.some((b) => b.includes(`升级前-v${LATEST_SCHEMA_VERSION}`))).toBe(true)

    // and the book still opens with the released migrations
    const again = await Engine.open(path)
    expect((await again.invoke(again.createSession(), 'system.status', {})).initialized).toBe(true)
    await again.close()
  })

  it('a successful migration bumps user_version in the same transaction, after a verified backup', async () => {
    const dir = tempDir()
    const { engine } = await newAgency(dir.dir)
    const path = engine.path
    await engine.close()
    const next: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: '新增备注表',
      up: async (db) => {
        await sql`CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT`.execute(db)
      },
    }
    const opened = await openDatabase(path, { migrations: [...MIGRATIONS, next] })
    expect(opened.schemaVersion).toBe(LATEST_SCHEMA_VERSION + 1)
    expect(opened.preMigrationBackup).not.toBeNull()
    const backup = connect(opened.preMigrationBackup as string, { readonly: true })
    expect(backup.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(backup.pragma('journal_mode', { simple: true })).toBe('delete')
    backup.close()
    await opened.close()
    // the current app now refuses it as newer
    const e = await refused(path)
    expect(e.message).toContain('请升级三资台账')
    dir.cleanup()
  })

  it('upgrades a version-1 book to the ledger schema, keeping its data and a verified backup', async () => {
    const dir = tempDir()
    const path = join(dir.dir, 'v1.db')
    const v1 = await openDatabase(path, { create: true, migrations: MIGRATIONS.slice(0, 1) })
    await v1.close()
    const e1 = await Engine.open(path, { migrations: MIGRATIONS.slice(0, 1) })
    const s = e1.createSession()
    await e1.invoke(s, 'setup.initialize', { agencyName: '中心', district: '区', admin: { username: 'admin', displayName: '管理员', password: 'Admin2024' } })
    await e1.close()
    // today's services know the ledger; a v1 village row is written as v1 wrote it
    const raw = new BetterSqlite3(path)
    raw
      .prepare(`INSERT INTO village (code, name, uscc, level, chart_version, start_period, status, created_at, updated_at) VALUES (?, ?, ?, 'village', '2023', '2024-01', 'active', ?, ?)`)
      .run(VILLAGE.code, VILLAGE.name, VILLAGE.uscc, '2024-01-01T00:00:00.000+08:00', '2024-01-01T00:00:00.000+08:00')
    raw.close()

    const e2 = await Engine.open(path)
    expect(e2.info.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    const s2 = e2.createSession()
    await e2.invoke(s2, 'auth.signIn', { username: 'admin', password: 'Admin2024' })
    expect((await e2.invoke(s2, 'village.list', {})).map((v) => v.name)).toEqual([VILLAGE.name])
    expect((await e2.invoke(s2, 'db.check', {})).ok).toBe(true)
    const [v] = await e2.invoke(s2, 'village.list', {})
    const chart = await e2.invoke(s2, 'account.list', { villageId: v?.id as number })
    expect(chart).toHaveLength(42)
    await e2.close()
    const backups = readdirSync(join(dir.dir, 'backups'))
    expect(backups).toHaveLength(1)
    expect(backups[0]).toMatch(/^v1-升级前-v1-\d{8}-\d{6}\.db$/)
    dir.cleanup()
  })
})
