import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerFixture, type LedgerFixture } from '../../helpers/ledger'
import { tempDir } from '../../helpers/temp'

/**
 * Posting reads and writes through fixed statements (ledger/posting.ts): what it returns and what it refuses must be
 * exactly what the slower general queries would say.
 */
describe('posting: results, batches and refusals', () => {
  const t = tempDir()
  let f: LedgerFixture
  beforeAll(async () => {
    f = await ledgerFixture(t.dir)
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  const draft = (date: string, amount: string, summary = '报销办公费') =>
    f.engine.invoke(f.clerk, 'voucher.save', {
      villageId: f.villageId,
      date,
      attachments: 2,
      lines: [
        { summary, accountId: f.account('51302').id, debit: amount },
        { summary: '付现金', accountId: f.account('101').id, credit: amount },
      ],
    })
  const reviewed = async (...vs: { id: number }[]) => {
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: vs.map((v) => v.id) })
    return vs.map((v) => v.id)
  }
  const counts = async () => ({
    posted: Number((await f.engine.db.selectFrom('voucher').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'posted').executeTakeFirstOrThrow()).n),
    balance: Number((await f.engine.db.selectFrom('balance').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    audit: Number((await f.engine.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  })

  it('refuses while the opening balances do not balance, and posts once they do', async () => {
    const ids = await reviewed(await draft('2024-01-05', '10.00'))
    await f.engine.invoke(f.clerk, 'opening.save', { villageId: f.villageId, rows: [{ accountId: f.account('101').id, debit: '500.00' }] })
    const before = await counts()
    const r = await f.engine.call(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    expect(r).toMatchObject({ ok: false, error: { code: 'STATE', message: '期初余额借贷不平衡（借方合计 500.00，贷方合计 0.00，相差 500.00），请先调平期初余额再记账' } })
    expect(await counts()).toEqual(before)

    await f.engine.invoke(f.clerk, 'opening.save', {
      villageId: f.villageId,
      rows: [
        { accountId: f.account('101').id, debit: '500.00' },
        { accountId: f.account('32202').id, credit: '500.00' },
      ],
    })
    const [posted] = await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    expect(posted).toMatchObject({ status: 'posted', label: '记-0001', number: 1 })
  })

  it('returns the same summaries as the voucher list reads back', async () => {
    const a = await draft('2024-02-03', '1,680.32', '购买办公用品')
    const b = await draft('2024-02-01', '20.00')
    const posted = await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: await reviewed(a, b) })
    // numbered in date order: b (the 1st) before a (the 3rd)
    expect(posted.map((p) => [p.id, p.label])).toEqual([
      [b.id, '记-0001'],
      [a.id, '记-0002'],
    ])
    const listed = await f.engine.invoke(f.clerk, 'voucher.list', { villageId: f.villageId, from: '2024-02', to: '2024-02', status: 'posted' })
    expect(posted).toEqual(listed.rows)
    expect(posted[1]).toMatchObject({ summary: '购买办公用品', total: '1680.32', lineCount: 2, attachments: 2, preparedBy: 'clerk', reviewedBy: 'checker', postedBy: 'checker', reversedById: null })
  })

  it('posts a batch across months with continuous numbers per month and balances the verifier agrees with', async () => {
    const vs = []
    for (const [date, amount] of [['2024-03-09', '1.00'], ['2024-02-20', '2.00'], ['2024-03-02', '3.00'], ['2024-02-20', '4.00']] as const) vs.push(await draft(date, amount))
    const posted = await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: await reviewed(...vs) })
    expect(posted.map((p) => [p.date, p.label])).toEqual([
      ['2024-02-20', '记-0003'],
      ['2024-02-20', '记-0004'],
      ['2024-03-02', '记-0001'],
      ['2024-03-09', '记-0002'],
    ])
    const tb = await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: f.villageId, from: '2024-02', to: '2024-02' })
    expect(tb.rows.find((r) => r.code === '51302')).toMatchObject({ debit: '1706.32' })
    const check = await f.engine.invoke(f.admin, 'ledger.verifyBalances', { villageId: f.villageId })
    expect(check).toMatchObject({ ok: true, differences: [] })
    expect(check.checkedRows).toBeGreaterThan(0)
  })

  it('refuses a closed month, a voucher of another village, and a voucher posted twice, leaving the book as it was', async () => {
    const ids = await reviewed(await draft('2024-04-08', '9.00'))
    const other = await f.engine.invoke(f.admin, 'village.create', { code: '340122102', name: '新建村股份经济合作社', uscc: null, level: 'village', chartVersion: '2023', startPeriod: '2024-01' })
    const before = await counts()
    // the month closed by another hand after the review (the service says so before the trigger would)
    await f.engine.db.insertInto('period_close').values({ village_id: f.villageId, period: '2024-04', closed_by: 1, closed_at: '2024-05-01T09:00:00.000+08:00' }).execute()
    const closed = await f.engine.call(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    expect(closed).toMatchObject({ ok: false, error: { code: 'STATE', message: '2024年4月 已结账，不能录入或修改凭证；如需更正请由主管会计反结账' } })
    await f.engine.db.deleteFrom('period_close').where('period', '=', '2024-04').execute()

    const foreign = await f.engine.call(f.reviewer, 'voucher.post', { villageId: other.id, voucherIds: ids })
    expect(foreign.ok).toBe(false)
    const missing = await f.engine.call(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: [...ids, 987_654] })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await counts()).toEqual(before)

    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    const twice = await f.engine.call(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    expect(twice).toMatchObject({ ok: false, error: { code: 'STATE', message: '2024-04-08 的凭证已记账（记-0001），不能重复记账' } })
  })
})
