/**
 * voucher.delete with several drafts: one transaction, all or nothing; only drafts; only the preparer's own
 * (or any, for the 主管会计); one audit entry that keeps what was deleted; no gap in the numbers posted later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session } from '../../../electron/core/context'
import { ledgerFixture, type LedgerFixture } from '../../helpers/ledger'
import { tempDir } from '../../helpers/temp'

describe('voucher.delete: a batch of drafts in one transaction', () => {
  const t = tempDir()
  let f: LedgerFixture
  let clerk2: Session
  let supervisor: Session
  beforeAll(async () => {
    f = await ledgerFixture(t.dir)
    for (const [username, role] of [
      ['clerk2', 'bookkeeper'],
      ['boss', 'supervisor'],
    ] as const) {
      await f.engine.invoke(f.admin, 'user.create', { username, displayName: username, role, password: 'Pass1234', villageIds: [f.villageId] })
    }
    clerk2 = f.engine.createSession()
    await f.engine.invoke(clerk2, 'auth.signIn', { username: 'clerk2', password: 'Pass1234' })
    supervisor = f.engine.createSession()
    await f.engine.invoke(supervisor, 'auth.signIn', { username: 'boss', password: 'Pass1234' })
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  const draft = async (who: Session, date: string, amount: string, summary = '购买办公用品') =>
    f.engine.invoke(who, 'voucher.save', {
      villageId: f.villageId,
      date,
      attachments: 1,
      lines: [
        { summary, accountId: f.account('51302').id, debit: amount },
        { summary, accountId: f.account('101').id, credit: amount },
      ],
    })
  const drafts = async () => (await f.engine.invoke(f.reviewer, 'voucher.list', { villageId: f.villageId, status: 'draft' })).rows.map((r) => r.id).sort((a, b) => a - b)
  const lineCount = async () => Number((await f.engine.db.selectFrom('voucher_line').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  it('deletes several drafts and their lines at once, with one audit entry naming every voucher', async () => {
    const a = await draft(f.clerk, '2024-04-02', '10')
    const b = await draft(f.clerk, '2024-04-03', '20.5', '购买墨盒')
    const c = await draft(f.clerk, '2024-04-05', '30')
    const keep = await draft(f.clerk, '2024-04-06', '40')
    const lines = await lineCount()
    const r = await f.engine.invoke(f.clerk, 'voucher.delete', { villageId: f.villageId, voucherIds: [c.id, a.id, b.id, a.id] })
    expect(r).toEqual({ deleted: 3 })
    expect(await drafts()).toEqual([keep.id])
    expect(await lineCount()).toBe(lines - 6)

    const log = await f.engine.invoke(f.admin, 'audit.list', { search: '删除凭证草稿 3 张' })
    expect(log.rows).toHaveLength(1)
    expect(log.rows[0]!.summary.action).toBe('删除凭证草稿 3 张：2024-04-02 至 2024-04-05')
    const kept = log.rows[0]!.summary.before as { vouchers: { id: number; lines: string[][] }[] }
    expect(kept.vouchers.map((v) => v.id)).toEqual([a.id, b.id, c.id])
    expect(kept.vouchers[1]!.lines).toEqual([
      ['购买墨盒', '51302', null, '20.50', '0.00'],
      ['购买墨盒', '101', null, '0.00', '20.50'],
    ])

    // a single draft keeps the old, specific message
    await f.engine.invoke(f.clerk, 'voucher.delete', { villageId: f.villageId, voucherIds: [keep.id] })
    const one = await f.engine.invoke(f.admin, 'audit.list', { search: '删除凭证草稿：2024-04-06' })
    expect(one.rows[0]?.summary.action).toBe('删除凭证草稿：2024-04-06 购买办公用品，金额 40.00')
  })

  it('all or nothing: one reviewed, posted, foreign or unknown voucher in the batch deletes none', async () => {
    const mine1 = await draft(f.clerk, '2024-05-02', '11')
    const mine2 = await draft(f.clerk, '2024-05-03', '12')
    const reviewed = await draft(f.clerk, '2024-05-04', '13')
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: [reviewed.id] })
    const posted = await draft(f.clerk, '2024-05-05', '14')
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: [posted.id] })
    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: [posted.id] })
    const theirs = await draft(clerk2, '2024-05-06', '15')
    const before = await drafts()
    const lines = await lineCount()

    const refused = async (who: Session, ids: number[], code: string, message: RegExp) => {
      const r = await f.engine.call(who, 'voucher.delete', { villageId: f.villageId, voucherIds: ids })
      expect(r).toMatchObject({ ok: false, error: { code } })
      if (!r.ok) expect(r.error.message).toMatch(message)
      expect(await drafts()).toEqual(before)
      expect(await lineCount()).toBe(lines)
    }
    await refused(f.clerk, [mine1.id, mine2.id, reviewed.id], 'STATE', /^2024-05-04 的凭证已审核，不能删除，请先取消审核$/)
    await refused(f.clerk, [mine1.id, posted.id], 'STATE', /^2024-05-05 的凭证已记账，不能删除，请用红字冲销更正$/)
    await refused(f.clerk, [mine1.id, theirs.id], 'FORBIDDEN', /^2024-05-06 的凭证由clerk2制单，只有制单人或主管会计可以删除$/)
    await refused(f.clerk, [mine1.id, 999_999], 'NOT_FOUND', /不存在或不属于本村/)
    await refused(f.reviewer, [mine1.id], 'FORBIDDEN', /.+/) // 审核 may not delete at all
    await refused(f.clerk, [], 'VALIDATION', /请选择要删除的凭证/)

    // the 主管会计 may delete anyone's drafts
    expect(await f.engine.invoke(supervisor, 'voucher.delete', { villageId: f.villageId, voucherIds: [mine1.id, theirs.id] })).toEqual({ deleted: 2 })
    expect(await drafts()).toEqual(before.filter((id) => id !== mine1.id && id !== theirs.id))
  })

  it('the month posted after deleting drafts is numbered without a gap', async () => {
    const ids: number[] = []
    for (let d = 10; d < 16; d++) ids.push((await draft(f.clerk, `2024-06-${d}`, String(d))).id)
    await f.engine.invoke(f.clerk, 'voucher.delete', { villageId: f.villageId, voucherIds: [ids[1]!, ids[3]!, ids[4]!] })
    const left = [ids[0]!, ids[2]!, ids[5]!]
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: left })
    const posted = await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: left })
    expect(posted.map((p) => [p.date, p.label])).toEqual([
      ['2024-06-10', '记-0001'],
      ['2024-06-12', '记-0002'],
      ['2024-06-15', '记-0003'],
    ])
  })
})
