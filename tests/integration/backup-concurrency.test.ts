import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { connect } from '../../electron/core/db/connection'
import { backupTo } from '../../electron/core/db/backup'
import { verifyDatabaseFile } from '../../electron/core/db/verify'
import { Engine } from '../../electron/core/engine'
import { ADMIN_PASSWORD, newAgency, tempDir, VILLAGE } from '../helpers/temp'

describe('backups', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  it('db.backup writes a verified single-file copy into backups/ and logs it', async () => {
    const { engine, admin } = await newAgency(t.dir)
    await engine.invoke(admin, 'village.create', VILLAGE)
    const r = await engine.invoke(admin, 'db.backup', {})
    expect(r.verified).toBe(true)
    expect(r.path).toMatch(/backups[/\\]agency-手动-\d{8}-\d{6}\.db$/)
    const copy = connect(r.path, { readonly: true })
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(copy.prepare('SELECT name FROM village').pluck().all()).toEqual([VILLAGE.name])
    copy.close()
    expect((await verifyDatabaseFile(r.path)).ok).toBe(true)
    const log = await engine.invoke(admin, 'audit.list', { search: '备份账套' })
    expect(log.total).toBe(1)
    // never overwrites, and leaves no temp file behind
    const again = await engine.call(admin, 'db.backup', { to: r.path })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(readdirSync(join(t.dir, 'backups')).filter((f) => f.includes('.tmp'))).toEqual([])
    await engine.close()
  })

  it('a backup to an unwritable place fails cleanly and leaves no file under the final name', async () => {
    const engine = await Engine.open(join(t.dir, 'agency.db'))
    // a folder that cannot exist: its parent is a file
    const target = join(t.dir, 'agency.db', 'backups', 'x.db')
    await expect(engine.db.connection().execute(() => backupTo(engine.sqlite, target))).rejects.toThrow()
    expect(existsSync(target)).toBe(false)
    await engine.close()
  })
})

describe('concurrent writes', () => {
  it('two identical calls at once: exactly one succeeds (R-23)', async () => {
    const t = tempDir()
    const { engine, admin } = await newAgency(t.dir)
    const results = await Promise.all([engine.call(admin, 'village.create', VILLAGE), engine.call(admin, 'village.create', VILLAGE)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await engine.invoke(admin, 'village.list', {})).length).toBe(1)
    expect((await engine.invoke(admin, 'audit.verify', {})).ok).toBe(true)
    await engine.close()
    t.cleanup()
  })

  it('another process writing to the same book waits its turn; every entry chains (R-21/R-24)', async () => {
    const t = tempDir()
    const { engine, admin } = await newAgency(t.dir)
    const child = spawn(process.execPath, [join(__dirname, '../helpers/cli-writer.cjs'), engine.path, '8'], {
      env: { ...process.env, SANZI_PASSWORD: ADMIN_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number>((res) => child.on('exit', (code) => res(code ?? -1)))
    for (let i = 0; i < 8; i++) {
      expect((await engine.call(admin, 'village.create', { ...VILLAGE, uscc: null, code: `A${i}`, name: `甲村${i}` })).ok).toBe(true)
    }
    expect(await exited, stderr).toBe(0)
    const all = await engine.invoke(admin, 'village.list', {})
    expect(all.filter((v) => v.code.startsWith('B'))).toHaveLength(8)
    expect((await engine.invoke(admin, 'audit.verify', {})).ok).toBe(true)
    await engine.close()
    t.cleanup()
  })
})
