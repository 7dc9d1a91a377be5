import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methods, type MethodName } from '../../shared/api/contract'
import type { Session } from '../../electron/core/context'
import type { Engine } from '../../electron/core/engine'
import { newAgency, tempDir, VILLAGE } from '../helpers/temp'

describe('roles and villages are enforced in the engine', () => {
  const t = tempDir()
  let engine: Engine
  let admin: Session
  let yangqiao: number
  let other: number
  const sessions: Record<string, Session> = {}

  beforeAll(async () => {
    ;({ engine, admin } = await newAgency(t.dir))
    yangqiao = (await engine.invoke(admin, 'village.create', VILLAGE)).id
    other = (await engine.invoke(admin, 'village.create', { ...VILLAGE, code: '340122102', name: '六家畈村股份经济合作社', uscc: null })).id
    const roles = [
      ['kuaiji', 'bookkeeper', [yangqiao]],
      ['chuna', 'cashier', [yangqiao]],
      ['shenji', 'auditor', []],
      ['zhuguan', 'supervisor', [yangqiao]],
    ] as const
    for (const [username, role, villageIds] of roles) {
      await engine.invoke(admin, 'user.create', { username, displayName: username, role, password: 'Pass1234', villageIds: [...villageIds], allVillages: role === 'auditor' })
      sessions[username] = engine.createSession()
      await engine.invoke(sessions[username] as Session, 'auth.signIn', { username, password: 'Pass1234' })
    }
  })
  afterAll(async () => {
    await engine.close()
    t.cleanup()
  })

  it('refuses every call before sign-in except the public ones', async () => {
    const anon = engine.createSession()
    for (const [name, def] of Object.entries(methods)) {
      const r = await engine.call(anon, name, {})
      if (def.access === 'public') continue
      expect(r.ok, name).toBe(false)
      if (!r.ok) expect(r.error, name).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' })
    }
  })

  it('refuses every write to the auditor, whatever the input (J-02)', async () => {
    const auditor = sessions.shenji as Session
    // every method whose roles leave out the auditor: all writes, and the backup
    const writes = (Object.keys(methods) as MethodName[]).filter((m) => {
      const access = methods[m].access
      return Array.isArray(access) && !access.includes('auditor')
    })
    expect(writes).toEqual(expect.arrayContaining(['village.create', 'user.create', 'agency.update', 'db.backup']))
    for (const m of Object.keys(methods) as MethodName[]) if (methods[m].write && methods[m].access !== 'public' && methods[m].access !== 'signedIn') expect(writes).toContain(m)
    for (const m of writes) {
      const r = await engine.call(auditor, m, { villageId: yangqiao })
      expect(r.ok, m).toBe(false)
      if (!r.ok) {
        expect(r.error.code, m).toBe('FORBIDDEN')
        expect(r.error.message, m).toBe(`「审计」岗位不能${methods[m].title}，如需办理请联系管理员`)
      }
    }
    // but the auditor can read and verify
    expect((await engine.call(auditor, 'audit.verify', {})).ok).toBe(true)
    expect((await engine.call(auditor, 'audit.list', {})).ok).toBe(true)
    expect((await engine.call(auditor, 'village.list', {})).ok).toBe(true)
  })

  it('refuses a method beyond the role', async () => {
    const r = await engine.call(sessions.kuaiji as Session, 'user.create', { username: 'x' })
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '「记账会计」岗位不能新增用户，如需办理请联系管理员' } })
    const r2 = await engine.call(sessions.chuna as Session, 'village.create', VILLAGE)
    expect(r2.ok).toBe(false)
  })

  it('refuses a village outside the user\'s villages, and hides it from lists', async () => {
    const kuaiji = sessions.kuaiji as Session
    const r = await engine.call(kuaiji, 'village.get', { villageId: other })
    expect(r).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '您没有「六家畈村股份经济合作社」的权限，请联系管理员分配所管村', details: { villageId: other } },
    })
    expect((await engine.invoke(kuaiji, 'village.list', {})).map((v) => v.id)).toEqual([yangqiao])
    const sup = sessions.zhuguan as Session
    const r2 = await engine.call(sup, 'village.update', { villageId: other, ...VILLAGE, code: '340122102', uscc: null })
    expect(r2.ok).toBe(false)
    if (!r2.ok) expect(r2.error.code).toBe('FORBIDDEN')
    const r3 = await engine.call(kuaiji, 'village.get', { villageId: 999 })
    expect(r3.ok).toBe(false)
    if (!r3.ok) expect(r3.error.code).toBe('NOT_FOUND')
  })

  it('a role change takes effect on the next call (J-06)', async () => {
    const users = await engine.invoke(admin, 'user.list', {})
    const chuna = users.find((u) => u.username === 'chuna')
    if (!chuna) throw new Error('no chuna')
    expect((await engine.call(sessions.chuna as Session, 'audit.list', {})).ok).toBe(false)
    await engine.invoke(admin, 'user.update', { userId: chuna.id, displayName: '出纳', role: 'supervisor', allVillages: true, villageIds: [] })
    expect((await engine.call(sessions.chuna as Session, 'audit.list', {})).ok).toBe(true)
    await engine.invoke(admin, 'user.update', { userId: chuna.id, displayName: '出纳', role: 'cashier', allVillages: false, villageIds: [yangqiao] })
    // a disabled user is signed out at the next call
    await engine.invoke(admin, 'user.setStatus', { userId: chuna.id, status: 'disabled' })
    const r = await engine.call(sessions.chuna as Session, 'village.list', {})
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('UNAUTHENTICATED')
    expect((sessions.chuna as Session).userId).toBeNull()
    await engine.invoke(admin, 'user.setStatus', { userId: chuna.id, status: 'active' })
  })

  it('unknown methods and junk input never crash the dispatcher (G-31)', async () => {
    const junk: unknown[] = [null, undefined, 42, 'x', [], { villageId: { $gt: 0 } }, { search: 'x'.repeat(10_000) }, JSON.parse('{"__proto__":{"admin":true}}')]
    for (const input of junk) {
      for (const m of ['village.list', 'village.get', 'user.create', 'audit.list']) {
        const r = await engine.call(admin, m, input)
        if (!r.ok) expect(r.error.message, `${m} ${JSON.stringify(input)}`).toMatch(/[\u4e00-\u9fa5]/)
      }
    }
    expect(await engine.call(admin, 'drop.tables', {})).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: '未知的操作：drop.tables' } })
    expect(await engine.call(admin, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await engine.call(admin, 'toString', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })
})
