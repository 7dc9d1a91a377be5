import { afterAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { Engine } from '../../electron/core/engine'
import { verifyDatabaseFile } from '../../electron/core/db/verify'
import { ADMIN_PASSWORD, newAgency, tempDir, VILLAGE } from '../helpers/temp'

async function bookWithHistory(dir: string) {
  const { engine, admin } = await newAgency(dir)
  const v = await engine.invoke(admin, 'village.create', VILLAGE)
  await engine.invoke(admin, 'village.update', { villageId: v.id, ...VILLAGE, contactPerson: '李建国' })
  await engine.invoke(admin, 'user.create', { username: 'li', displayName: '李会计', role: 'bookkeeper', password: 'Li123456', villageIds: [v.id] })
  await engine.invoke(admin, 'village.setStatus', { villageId: v.id, status: 'disabled' })
  const path = engine.path
  await engine.close()
  return path
}

describe('the audit trail', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  it('records who, when, which method, which village and a before/after summary for every write', async () => {
    const { engine, admin } = await newAgency(t.dir)
    const v = await engine.invoke(admin, 'village.create', VILLAGE)
    await engine.invoke(admin, 'village.update', { villageId: v.id, ...VILLAGE, contactPerson: '李建国' })
    const page = await engine.invoke(admin, 'audit.list', { villageId: v.id })
    expect(page.total).toBe(2)
    const [update, create] = page.rows
    expect(create?.method).toBe('village.create')
    expect(create?.userName).toBe('admin')
    expect(create?.villageName).toBe(VILLAGE.name)
    expect(create?.summary.action).toBe(`新增村：${VILLAGE.name}（${VILLAGE.code}）`)
    expect(update?.summary.before).toEqual({ contactPerson: '王秀英' })
    expect(update?.summary.after).toEqual({ contactPerson: '李建国' })
    expect(update?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/)
    // reads are not logged; a refused write leaves no entry
    await engine.invoke(admin, 'village.list', {})
    const refused = await engine.call(admin, 'village.create', VILLAGE)
    expect(refused.ok).toBe(false)
    expect((await engine.invoke(admin, 'audit.list', {})).total).toBe(3) // setup + 2
    // filters
    expect((await engine.invoke(admin, 'audit.list', { search: '李建国' })).total).toBe(1)
    const today = update?.at.slice(0, 10) as string
    expect((await engine.invoke(admin, 'audit.list', { from: today, to: today })).total).toBe(3)
    expect((await engine.invoke(admin, 'audit.list', { to: '2000-01-01' })).total).toBe(0)
    expect((await engine.invoke(admin, 'audit.list', { userId: 1, limit: 1 })).rows).toHaveLength(1)
    expect((await engine.invoke(admin, 'audit.list', { search: '100%_' })).total).toBe(0)
    await engine.close()
  })

  it('refuses UPDATE and DELETE of log rows through SQL', async () => {
    const dir = tempDir()
    const path = await bookWithHistory(dir.dir)
    const db = new BetterSqlite3(path)
    expect(() => db.prepare(`UPDATE audit_log SET user_name = 'x' WHERE seq = 2`).run()).toThrow(/操作日志只能追加，不能修改/)
    expect(() => db.prepare(`DELETE FROM audit_log WHERE seq = 2`).run()).toThrow(/操作日志只能追加，不能删除/)
    expect(() => db.prepare(`DELETE FROM village`).run()).toThrow(/村不能删除，只能停用/)
    db.close()
    dir.cleanup()
  })

  it('verify names the first entry edited after the trigger was dropped', async () => {
    const dir = tempDir()
    const path = await bookWithHistory(dir.dir)
    const ok = await verifyDatabaseFile(path)
    expect(ok.ok).toBe(true)
    expect(ok.audit?.checked).toBe(5)

    const db = new BetterSqlite3(path)
    db.exec('DROP TRIGGER audit_log_no_update')
    db.prepare(`UPDATE audit_log SET summary = json_set(summary, '$.action', '新增村：别的村') WHERE seq = 2`).run()
    db.close()
    const bad = await verifyDatabaseFile(path)
    expect(bad.ok).toBe(false)
    expect(bad.audit?.firstBad).toEqual({ seq: 2, reason: '第 2 条日志内容与其哈希不符（已被改动）' })
    expect(bad.problems.join()).toContain('操作日志链校验失败')

    // the same finding through the API, for the auditor's button
    const engine = await Engine.open(path)
    const s = engine.createSession()
    await engine.invoke(s, 'auth.signIn', { username: 'admin', password: ADMIN_PASSWORD })
    const report = await engine.invoke(s, 'audit.verify', {})
    expect(report.firstBad?.seq).toBe(2)
    const check = await engine.invoke(s, 'db.check', {})
    expect(check.ok).toBe(false)
    expect(check.quickCheck).toEqual(['ok'])
    await engine.close()
    dir.cleanup()
  })

  it('finds a deleted entry and a forged link', async () => {
    const dir = tempDir()
    const path = await bookWithHistory(dir.dir)
    const db = new BetterSqlite3(path)
    db.exec('DROP TRIGGER audit_log_no_delete')
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run()
    db.close()
    expect((await verifyDatabaseFile(path)).audit?.firstBad).toEqual({ seq: 3, reason: '第 3 条日志缺失（下一条是第 4 条）' })
    dir.cleanup()

    const dir2 = tempDir()
    const path2 = await bookWithHistory(dir2.dir)
    const db2 = new BetterSqlite3(path2)
    db2.exec('DROP TRIGGER audit_log_no_update')
    db2.prepare(`UPDATE audit_log SET prev_hash = ? WHERE seq = 4`).run('f'.repeat(64))
    db2.close()
    expect((await verifyDatabaseFile(path2)).audit?.firstBad?.seq).toBe(4)
    dir2.cleanup()
  })
})
