import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerFixture, type LedgerFixture } from '../../helpers/ledger'
import { tempDir } from '../../helpers/temp'

describe('periods: close, reopen, year-end carry-forward', () => {
  const t = tempDir()
  let f: LedgerFixture
  beforeAll(async () => (f = await ledgerFixture(t.dir)))
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  async function postOne(date: string, lines: { code: string; debit?: string; credit?: string }[]) {
    const v = await f.engine.invoke(f.clerk, 'voucher.save', {
      villageId: f.villageId,
      date,
      lines: lines.map((l) => ({ summary: '测试', accountId: f.account(l.code).id, debit: l.debit, credit: l.credit })),
    })
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: [v.id] })
    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: [v.id] })
    return v.id
  }

  it('closes month by month, only with everything posted, and locks the month', async () => {
    await postOne('2024-01-15', [{ code: '101', debit: '5000' }, { code: '50101', credit: '5000' }])
    const draft = await f.engine.invoke(f.clerk, 'voucher.save', {
      villageId: f.villageId,
      date: '2024-01-20',
      lines: [
        { summary: '办公用品', accountId: f.account('51302').id, debit: '120' },
        { summary: '办公用品', accountId: f.account('101').id, credit: '120' },
      ],
    })
    const outOfOrder = await f.engine.call(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-02' })
    expect(outOfOrder).toMatchObject({ ok: false, error: { message: '请按月依次结账：先结 2024年1月' } })
    const unposted = await f.engine.call(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-01' })
    expect(unposted).toMatchObject({ ok: false, error: { message: '2024年1月 还有 1 张凭证未记账（草稿或已审核），全部记账后才能结账' } })
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: [draft.id] })
    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: [draft.id] })
    const closed = await f.engine.invoke(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-01' })
    expect(closed).toMatchObject({ period: '2024-01', closed: true, posted: 2, drafts: 0 })
    const late = await f.engine.call(f.clerk, 'voucher.save', {
      villageId: f.villageId,
      date: '2024-01-31',
      lines: [
        { summary: '补记', accountId: f.account('51302').id, debit: '1' },
        { summary: '补记', accountId: f.account('101').id, credit: '1' },
      ],
    })
    expect(late).toMatchObject({ ok: false, error: { code: 'STATE', message: '2024年1月 已结账，不能录入或修改凭证；如需更正请由主管会计反结账' } })
    const states = await f.engine.invoke(f.clerk, 'period.list', { villageId: f.villageId, year: 2024 })
    expect(states).toHaveLength(12)
    expect(states[0]).toMatchObject({ closed: true })
    expect(states[1]).toMatchObject({ closed: false })
  })

  it('reopening needs the 主管会计 and a reason, and goes backwards', async () => {
    const r = await f.engine.call(f.clerk, 'period.reopen', { villageId: f.villageId, period: '2024-01', reason: '补记漏账凭证' })
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await f.engine.invoke(f.admin, 'user.create', { username: 'boss', displayName: '陈主管', role: 'supervisor', password: 'Pass1234', allVillages: true })
    const boss = f.engine.createSession()
    await f.engine.invoke(boss, 'auth.signIn', { username: 'boss', password: 'Pass1234' })
    const noReason = await f.engine.call(boss, 'period.reopen', { villageId: f.villageId, period: '2024-01', reason: '' })
    expect(noReason).toMatchObject({ ok: false, error: { message: '「反结账原因」至少 4 个字' } })
    const ok = await f.engine.invoke(boss, 'period.reopen', { villageId: f.villageId, period: '2024-01', reason: '补记漏账凭证' })
    expect(ok.closed).toBe(false)
    const log = await f.engine.invoke(f.admin, 'audit.list', { search: '反结账' })
    expect(log.rows[0]?.summary.action).toBe('反结账：2024年1月，原因：补记漏账凭证')
    await f.engine.invoke(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-01' })
  })

  it('year end: carries 5xx to 321 and 321 to 未分配收益; December closes only after that', async () => {
    for (let m = 2; m <= 11; m++) await f.engine.invoke(f.clerk, 'period.close', { villageId: f.villageId, period: `2024-${String(m).padStart(2, '0')}` })
    await postOne('2024-12-10', [{ code: '51301', debit: '1000' }, { code: '101', credit: '1000' }])
    const early = await f.engine.call(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-12' })
    expect(early.ok).toBe(false)
    if (!early.ok) expect(early.error.message).toContain('年末结账前须做年终结转')
    const vouchers = await f.engine.invoke(f.clerk, 'period.carryForward', { villageId: f.villageId, year: 2024 })
    expect(vouchers).toHaveLength(2)
    const [pl, dist] = vouchers
    // income 5000, expenses 120 + 1000: profit 3880
    expect(pl?.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual(
      expect.arrayContaining([
        ['50101', '5000.00', '0.00'],
        ['51302', '0.00', '120.00'],
        ['51301', '0.00', '1000.00'],
        ['321', '0.00', '3880.00'],
      ]),
    )
    expect(dist?.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
      ['321', '3880.00', '0.00'],
      ['32202', '0.00', '3880.00'],
    ])
    const ids = vouchers.map((v) => v.id)
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: ids })
    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    await f.engine.invoke(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-12' })
    // the new year opens with the carried balances
    const tb = await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: f.villageId, from: '2025-01', to: '2025-01' })
    expect(tb.balanced).toBe(true)
    expect(tb.rows.find((r) => r.code === '101')).toMatchObject({ openingDebit: '3880.00' })
    expect(tb.rows.find((r) => r.code === '32202')).toMatchObject({ openingCredit: '3880.00' })
    expect(tb.rows.find((r) => r.code === '501')).toBeUndefined()
  })
})

describe('two processes posting at once', () => {
  it('never produce a duplicate or a gap in voucher numbers', async () => {
    const t = tempDir()
    const f = await ledgerFixture(t.dir)
    const ids: number[] = []
    for (let i = 0; i < 40; i++) {
      const v = await f.engine.invoke(f.clerk, 'voucher.save', {
        villageId: f.villageId,
        date: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}`,
        lines: [
          { summary: `第${i}笔`, accountId: f.account('51302').id, debit: `${i + 1}` },
          { summary: `第${i}笔`, accountId: f.account('101').id, credit: `${i + 1}` },
        ],
      })
      ids.push(v.id)
    }
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: ids })
    const mine = ids.filter((_, i) => i % 2 === 0)
    const theirs = ids.filter((_, i) => i % 2 === 1)
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../helpers/post-worker.ts'), f.engine.path, String(f.villageId), theirs.join(',')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: join(__dirname, '../../..'),
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number>((res) => child.on('exit', (code) => res(code ?? -1)))
    for (const id of mine) expect((await f.engine.call(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: [id] })).ok).toBe(true)
    expect(await exited, stderr).toBe(0)
    const list = await f.engine.invoke(f.clerk, 'voucher.list', { villageId: f.villageId, status: 'posted' })
    expect(list.rows.map((r) => r.number).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    expect((await f.engine.invoke(f.admin, 'ledger.verifyBalances', {})).ok).toBe(true)
    expect((await f.engine.invoke(f.admin, 'audit.verify', {})).ok).toBe(true)
    await f.engine.close()
    t.cleanup()
  })
})
