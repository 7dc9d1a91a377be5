import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { verifyDatabaseFile } from '../../../electron/core/db/verify'
import { Engine } from '../../../electron/core/engine'
import { ledgerFixture } from '../../helpers/ledger'
import { ADMIN_PASSWORD, tempDir } from '../../helpers/temp'

describe('tamper evidence of posted vouchers', () => {
  it('an amount edited behind the triggers is found by its fingerprint, the audit chain and the balance verifier', async () => {
    const t = tempDir()
    const f = await ledgerFixture(t.dir)
    const ids: number[] = []
    for (const amount of ['100.00', '250.50', '80.00']) {
      const v = await f.engine.invoke(f.clerk, 'voucher.save', {
        villageId: f.villageId,
        date: '2024-02-10',
        lines: [
          { summary: '办公费', accountId: f.account('51302').id, debit: amount },
          { summary: '办公费', accountId: f.account('101').id, credit: amount },
        ],
      })
      ids.push(v.id)
    }
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: ids })
    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    const clean = await f.engine.invoke(f.admin, 'db.check', {})
    expect(clean).toMatchObject({ ok: true, vouchers: { ok: true, checked: 3 }, balances: { ok: true } })
    const path = f.engine.path
    await f.engine.close()

    // both sides of voucher 2 changed by the same amount: it still balances, integrity_check says ok
    const raw = new BetterSqlite3(path)
    raw.exec('DROP TRIGGER voucher_line_posted_no_update')
    raw.prepare('UPDATE voucher_line SET debit = debit * 10 WHERE voucher_id = ? AND debit <> 0').run(ids[1])
    raw.prepare('UPDATE voucher_line SET credit = credit * 10 WHERE voucher_id = ? AND credit <> 0').run(ids[1])
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
    raw.close()

    const report = await verifyDatabaseFile(path)
    expect(report.ok).toBe(false)
    expect(report.problems).toContain(`凭证 2024-02 记-0002（编号 ${ids[1]}）的内容与记账时的指纹不符（已被改动）`)
    expect(report.problems.some((p) => p.startsWith('余额表与凭证不符：2024-02 51302'))).toBe(true)

    const e = await Engine.open(path)
    const s = e.createSession()
    await e.invoke(s, 'auth.signIn', { username: 'admin', password: ADMIN_PASSWORD })
    const check = await e.invoke(s, 'db.check', {})
    expect(check.ok).toBe(false)
    expect(check.vouchers.problems).toHaveLength(1)
    expect(check.balances.differences).toBe(2)
    await e.close()
    t.cleanup()
  })
})
