import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session } from '../../electron/core/context'
import type { Engine } from '../../electron/core/engine'
import { ADMIN_PASSWORD, newAgency, tempDir, VILLAGE } from '../helpers/temp'

describe('villages', () => {
  const t = tempDir()
  let engine: Engine
  let admin: Session
  beforeAll(async () => ({ engine, admin } = await newAgency(t.dir)))
  afterAll(async () => {
    await engine.close()
    t.cleanup()
  })

  it('adds a village and a group under it, and searches', async () => {
    const v = await engine.invoke(admin, 'village.create', VILLAGE)
    expect(v).toMatchObject({ code: '340122101', level: 'village', parentId: null, status: 'active', uscc: 'N2340122RTHU4WTF7B' })
    const g = await engine.invoke(admin, 'village.create', {
      ...VILLAGE,
      code: '340122101-01',
      name: '杨桥村第一村民小组股份经济合作社',
      uscc: null,
      level: 'group',
      parentId: v.id,
    })
    expect(g).toMatchObject({ level: 'group', parentId: v.id, parentName: VILLAGE.name })
    expect((await engine.invoke(admin, 'village.list', { search: '第一村民小组' })).map((x) => x.id)).toEqual([g.id])
    expect((await engine.invoke(admin, 'village.list', { search: 'N2340122' })).map((x) => x.id)).toEqual([v.id])
  })

  it('refuses duplicates and inconsistent levels with Chinese messages', async () => {
    const dupCode = await engine.call(admin, 'village.create', { ...VILLAGE, uscc: null })
    expect(dupCode).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: `村编码「340122101」已被「${VILLAGE.name}」使用，请换一个编码` } })
    const dupUscc = await engine.call(admin, 'village.create', { ...VILLAGE, code: 'X1' })
    expect(dupUscc).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const orphanGroup = await engine.call(admin, 'village.create', { ...VILLAGE, code: 'X2', uscc: null, level: 'group' })
    expect(orphanGroup).toMatchObject({ ok: false, error: { message: '组级集体经济组织必须选择「上级村」' } })
    const list = await engine.invoke(admin, 'village.list', {})
    const group = list.find((x) => x.level === 'group')
    const groupUnderGroup = await engine.call(admin, 'village.create', { ...VILLAGE, code: 'X3', uscc: null, level: 'group', parentId: group?.id })
    expect(groupUnderGroup).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const villageWithParent = await engine.call(admin, 'village.create', { ...VILLAGE, code: 'X4', uscc: null, parentId: list[0]?.id })
    expect(villageWithParent).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect((await engine.invoke(admin, 'village.list', { includeDisabled: true })).length).toBe(2)
  })

  it('edits, and disables (never deletes) — groups first', async () => {
    const [v, g] = await engine.invoke(admin, 'village.list', {})
    if (!v || !g) throw new Error('setup')
    const edited = await engine.invoke(admin, 'village.update', { villageId: v.id, ...VILLAGE, name: '杨桥村股份经济合作社（改）', chartVersion: '2004' })
    expect(edited).toMatchObject({ name: '杨桥村股份经济合作社（改）', chartVersion: '2004' })
    const refused = await engine.call(admin, 'village.setStatus', { villageId: v.id, status: 'disabled' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    if (!refused.ok) expect(refused.error.message).toContain('请先停用')
    await engine.invoke(admin, 'village.setStatus', { villageId: g.id, status: 'disabled' })
    await engine.invoke(admin, 'village.setStatus', { villageId: v.id, status: 'disabled' })
    expect(await engine.invoke(admin, 'village.list', {})).toEqual([])
    expect((await engine.invoke(admin, 'village.list', { includeDisabled: true })).map((x) => x.status)).toEqual(['disabled', 'disabled'])
    const again = await engine.call(admin, 'village.setStatus', { villageId: v.id, status: 'disabled' })
    expect(again).toMatchObject({ ok: false, error: { code: 'STATE' } })
    await engine.invoke(admin, 'village.setStatus', { villageId: v.id, status: 'active' })
  })
})

describe('users and sign-in', () => {
  const t = tempDir()
  let engine: Engine
  let admin: Session
  beforeAll(async () => ({ engine, admin } = await newAgency(t.dir)))
  afterAll(async () => {
    await engine.close()
    t.cleanup()
  })

  it('a wrong password and an unknown user get the same answer', async () => {
    const s = engine.createSession()
    const wrong = await engine.call(s, 'auth.signIn', { username: 'admin', password: 'nope12345' })
    const unknown = await engine.call(s, 'auth.signIn', { username: 'ghost', password: 'nope12345' })
    expect(wrong).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误，请重新输入' } })
    expect(unknown).toEqual(wrong)
    expect(s.userId).toBeNull()
    const log = await engine.invoke(admin, 'audit.list', { search: '登录失败' })
    expect(log.total).toBe(2)
    expect(log.rows.map((r) => r.userName).sort()).toEqual(['admin', 'ghost'])
  })

  it('locks an account after five wrong passwords; an admin reset unlocks it', async () => {
    const u = await engine.invoke(admin, 'user.create', { username: 'chuna', displayName: '周敏', role: 'cashier', password: 'Chuna123', allVillages: true })
    expect(u.status).toBe('active')
    const s = engine.createSession()
    for (let i = 0; i < 5; i++) await engine.call(s, 'auth.signIn', { username: 'chuna', password: 'wrong1234' })
    const locked = await engine.call(s, 'auth.signIn', { username: 'chuna', password: 'Chuna123' })
    expect(locked.ok).toBe(false)
    if (!locked.ok) expect(locked.error.message).toContain('账号已锁定')
    await engine.invoke(admin, 'user.resetPassword', { userId: u.id, password: 'Chuna456' })
    expect((await engine.call(s, 'auth.signIn', { username: 'chuna', password: 'Chuna456' })).ok).toBe(true)
    const me = await engine.invoke(s, 'auth.me', {})
    expect(me).toMatchObject({ username: 'chuna', role: 'cashier', allVillages: true })
    await engine.invoke(s, 'auth.signOut', {})
    expect(s.userId).toBeNull()
  })

  it('changes one\'s own password only with the old one', async () => {
    const bad = await engine.call(admin, 'auth.changePassword', { oldPassword: 'x', newPassword: 'Newpass123' })
    expect(bad).toMatchObject({ ok: false, error: { message: '「原密码」不正确，请重新输入' } })
    await engine.invoke(admin, 'auth.changePassword', { oldPassword: ADMIN_PASSWORD, newPassword: 'Newpass123' })
    const s = engine.createSession()
    expect((await engine.call(s, 'auth.signIn', { username: 'admin', password: ADMIN_PASSWORD })).ok).toBe(false)
    expect((await engine.call(s, 'auth.signIn', { username: 'ADMIN', password: 'Newpass123' })).ok).toBe(true)
  })

  it('refuses a duplicate username, unknown villages, a bookkeeper without villages, and removing the last admin', async () => {
    const dup = await engine.call(admin, 'user.create', { username: 'Chuna', displayName: 'x', role: 'cashier', password: 'Abc12345', allVillages: true })
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '用户名「Chuna」已存在，请换一个' } })
    const unknownVillage = await engine.call(admin, 'user.create', { username: 'k1', displayName: 'x', role: 'bookkeeper', password: 'Abc12345', villageIds: [77] })
    expect(unknownVillage).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const noVillage = await engine.call(admin, 'user.create', { username: 'k2', displayName: 'x', role: 'bookkeeper', password: 'Abc12345' })
    expect(noVillage).toMatchObject({ ok: false, error: { message: '记账会计必须分配至少一个「所管村」，或勾选「管理全部村」' } })
    const me = await engine.invoke(admin, 'auth.me', {})
    const self = await engine.call(admin, 'user.setStatus', { userId: me.id, status: 'disabled' })
    expect(self).toMatchObject({ ok: false, error: { message: '不能停用自己' } })
    const demote = await engine.call(admin, 'user.update', { userId: me.id, displayName: 'x', role: 'auditor', allVillages: true, villageIds: [] })
    expect(demote.ok).toBe(false)
  })

  it('set-up happens once', async () => {
    const r = await engine.call(engine.createSession(), 'setup.initialize', {
      agencyName: '另一个中心',
      district: '某区',
      admin: { username: 'root', displayName: '某', password: 'Root12345' },
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'STATE' } })
    const d = await engine.call(engine.createSession(), 'setup.loadDemo', { villages: 2, password: 'Demo2024' })
    expect(d).toMatchObject({ ok: false, error: { code: 'STATE' } })
  })
})

describe('demo data', () => {
  it('loads an agency with villages, groups and one user of each role', async () => {
    const t = tempDir()
    const { Engine } = await import('../../electron/core/engine')
    const engine = await Engine.open(`${t.dir}/demo.db`, { create: true })
    const s = engine.createSession()
    const admin = await engine.invoke(s, 'setup.loadDemo', { villages: 5, password: 'Demo2024' })
    expect(admin.role).toBe('admin')
    const villages = await engine.invoke(s, 'village.list', {})
    expect(villages.filter((v) => v.level === 'village')).toHaveLength(5)
    expect(villages.filter((v) => v.level === 'group')).toHaveLength(5)
    const users = await engine.invoke(s, 'user.list', {})
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['admin', 'supervisor', 'bookkeeper', 'cashier', 'reviewer', 'auditor']))
    const k = engine.createSession()
    await engine.invoke(k, 'auth.signIn', { username: 'jizhang2', password: 'Demo2024' })
    expect((await engine.invoke(k, 'village.list', {})).length).toBe(2)
    expect((await engine.invoke(s, 'audit.verify', {})).ok).toBe(true)
    // a year of books: January to November posted and closed, December waiting for review
    const yangqiao = villages.find((v) => v.code === '340122101')
    if (!yangqiao) throw new Error('no demo village')
    const periods = await engine.invoke(s, 'period.list', { villageId: yangqiao.id, year: 2024 })
    expect(periods.filter((p) => p.closed).map((p) => p.period)).toHaveLength(11)
    expect(periods[11]).toMatchObject({ period: '2024-12', closed: false, posted: 0 })
    expect(periods[11]?.drafts).toBeGreaterThan(10)
    const tb = await engine.invoke(s, 'report.trialBalance', { villageId: yangqiao.id, from: '2024-01', to: '2024-11', level: 1 })
    expect(tb.balanced).toBe(true)
    expect(Number(tb.totals.debit)).toBeGreaterThan(100_000)
    expect((await engine.invoke(s, 'ledger.verifyBalances', {})).ok).toBe(true)
    // realistic books: cash on hand never goes into credit
    const cash = (await engine.invoke(s, 'account.list', { villageId: yangqiao.id })).find((a) => a.code === '101')
    const cashBook = await engine.invoke(s, 'report.ledger', { villageId: yangqiao.id, accountId: cash?.id as number, from: '2024-01', to: '2024-11' })
    expect(cashBook.entries.filter((e) => e.side === '贷')).toEqual([])
    // the fixed-asset cards tie to 151/152 at the end of November (depreciation charged by the real runs)
    const cards = await engine.invoke(s, 'asset.list', { villageId: yangqiao.id })
    expect(cards.total).toBeGreaterThan(10)
    const runs = await engine.invoke(s, 'depreciation.list', { villageId: yangqiao.id })
    expect(runs.map((r) => r.period)).toEqual(['2024-12', '2024-11', '2024-10', '2024-09', '2024-08', '2024-07', '2024-06', '2024-05', '2024-04', '2024-03', '2024-02', '2024-01'])
    const rec = await engine.invoke(s, 'register.reconcile', { villageId: yangqiao.id, date: '2024-11-30' })
    const fixed = rec.checks.filter((c) => c.key.startsWith('151') || c.key.startsWith('152'))
    expect(fixed.length).toBeGreaterThanOrEqual(6)
    expect(fixed.filter((c) => !c.ok)).toEqual([])
    // every register ties to the books at the end of November: cards, bank accounts, contract receivables
    expect(rec.checks.filter((c) => !c.ok)).toEqual([])
    expect(rec.ok).toBe(true)
    const keys = rec.checks.map((c) => c.key)
    expect(keys.filter((k) => k.startsWith('102:'))).toHaveLength(2)
    expect(keys).toEqual(expect.arrayContaining(['102', 'contracts']))
    // the opening 11201 of 杨桥渔业养殖专业合作社 is the pond contract's unpaid 2023 charge
    const pondCheck = rec.checks.find((c) => c.title === '合同应收：杨桥渔业养殖专业合作社')
    expect(Number(pondCheck?.books)).toBeGreaterThan(0)
    const banks = await engine.invoke(s, 'bankAccount.list', { villageId: yangqiao.id, asOf: '2024-11-30' })
    expect(banks.rows.map((b) => [b.nature, b.accountCode, b.auxItemName])).toEqual([
      ['basic', '10201', '农商行基本户'],
      ['special', '10202', '农商行专户'],
    ])
    expect(banks.rows.every((b) => /^\d{20}$/.test(b.accountNo) && Number(b.balance) > 0)).toBe(true)
    expect(banks.cash).toMatchObject({ limit: '5000.00' })
    const parcels = await engine.invoke(s, 'parcel.list', { villageId: yangqiao.id, asOf: '2024-11-30', limit: 100 })
    expect(parcels.total).toBeGreaterThanOrEqual(15)
    expect(parcels.total).toBeLessThanOrEqual(25)
    expect(new Set(parcels.rows.map((p) => p.useStatus)).size).toBeGreaterThanOrEqual(5)
    expect(new Set(parcels.rows.map((p) => p.landClass)).size).toBeGreaterThanOrEqual(6)
    expect(parcels.rows.some((p) => /\.\d{4}$/.test(p.area))).toBe(true)
    const contracts = await engine.invoke(s, 'contract.list', { villageId: yangqiao.id, asOf: '2024-11-30', limit: 100 })
    expect(contracts.total).toBe(8)
    expect(new Set(contracts.rows.map((c) => c.kind))).toEqual(new Set(['contracting', 'lease']))
    expect(contracts.rows.flatMap((c) => c.subjects.map((x) => x.kind))).toEqual(expect.arrayContaining(['parcel', 'asset']))
    // the year's receipts are in the posted books and every one is matched to its contract
    const clerk = engine.createSession()
    await engine.invoke(clerk, 'auth.signIn', { username: 'jizhang1', password: 'Demo2024' })
    expect((await engine.invoke(clerk, 'contract.match', { villageId: yangqiao.id })).matches).toEqual([])
    const factory = contracts.rows.find((c) => c.name === '标准厂房租赁合同')
    const detail = await engine.invoke(s, 'contract.get', { villageId: yangqiao.id, contractId: factory?.id as number, asOf: '2024-11-30' })
    expect(detail.receipts.map((x) => [x.date, x.voucherLabel === null])).toEqual([
      ['2023-12-31', true],
      [expect.stringMatching(/^2024-01-/), false],
    ])
    // 预警 at the year end: two contracts in arrears, one ending within 60 days, one parcel let out without a contract
    const alerts = await engine.invoke(s, 'register.alerts', { villageId: yangqiao.id, date: '2024-12-31' })
    expect(alerts.overdue.contracts.map((o) => [o.name, o.partyB, o.since])).toEqual([
      ['大塘鱼塘承包合同', '杨桥渔业养殖专业合作社', '2023-01-01'],
      ['标准厂房租赁合同', '合肥恒瑞包装材料有限公司', '2024-07-01'],
    ])
    // what is overdue is what the counterparties owe in 11201
    expect(alerts.overdue.contracts.map((o) => o.overdue)).toEqual(
      ['杨桥渔业养殖专业合作社', '合肥恒瑞包装材料有限公司'].map((n) => rec.checks.find((c) => c.title === `合同应收：${n}`)?.books),
    )
    expect(alerts.expiring.map((x) => [x.name, x.endOn, x.within])).toEqual([['圩区水田承包合同', '2025-02-15', 60]])
    expect(alerts.unsigned.map((u) => [u.itemKind, u.name, u.status, u.reason])).toEqual([['parcel', '新开河果园', '发包', 'noContract']])
    // the cash on hand is above the limit: the fourth kind of alert
    expect((await engine.invoke(s, 'cash.status', { villageId: yangqiao.id, date: '2024-11-30' })).over).toBe(true)
    await engine.close()
    t.cleanup()
  })
})
