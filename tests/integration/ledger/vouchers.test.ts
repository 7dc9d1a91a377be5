import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerFixture, type LedgerFixture } from '../../helpers/ledger'
import { tempDir } from '../../helpers/temp'

describe('vouchers: entry, review, posting, reversal', () => {
  const t = tempDir()
  let f: LedgerFixture
  let bank: number
  beforeAll(async () => {
    f = await ledgerFixture(t.dir)
    const item = await f.engine.invoke(f.clerk, 'aux.create', { villageId: f.villageId, kind: 'bank', name: '肥东农商行长临河支行 3587446405459849567' })
    bank = item.id
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  const cashToBank = (date: string, amount: string) => ({
    villageId: f.villageId,
    date,
    attachments: 1,
    lines: [
      { summary: '现金存入银行', accountId: f.account('10201').id, auxItemId: bank, debit: amount },
      { summary: '现金存入银行', accountId: f.account('101').id, credit: amount },
    ],
  })

  it('saves a balanced draft with its amount in words, and refuses bad ones naming the line', async () => {
    const v = await f.engine.invoke(f.clerk, 'voucher.save', cashToBank('2024-03-05', '1,680.32'))
    expect(v).toMatchObject({ status: 'draft', number: null, total: '1680.32', totalInWords: '人民币壹仟陆佰捌拾元零叁角贰分', lineCount: 2, period: '2024-03' })
    expect(v.lines[0]).toMatchObject({ accountCode: '10201', accountName: '银行存款/农商行基本户', debit: '1680.32', credit: '0.00' })

    const bad = async (input: object, message: RegExp) => {
      const r = await f.engine.call(f.clerk, 'voucher.save', input)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.message).toMatch(message)
    }
    const base = cashToBank('2024-03-06', '100')
    await bad({ ...base, lines: [base.lines[0], { ...base.lines[1], credit: '99.99' }] }, /借贷不平衡：借方合计 100\.00，贷方合计 99\.99，相差 0\.01/)
    await bad({ ...base, lines: [base.lines[0], { ...base.lines[1], debit: '5' }] }, /第 2 行：同一行不能同时有借方和贷方金额/)
    await bad({ ...base, lines: [base.lines[0], { ...base.lines[1], credit: '' }] }, /第 2 行：借方和贷方金额不能都为空/)
    await bad({ ...base, lines: [{ ...base.lines[0], auxItemId: null }, base.lines[1]] }, /第 1 行：科目“10201 农商行基本户”需要填写银行账户/)
    await bad({ ...base, lines: [{ ...base.lines[0], accountId: f.account('102').id }, base.lines[1]] }, /“102 银行存款”不是末级科目/)
    await bad({ ...base, lines: [base.lines[0], { ...base.lines[1], credit: '100.001' }] }, /「贷方金额」金额“100\.001”超过两位小数/)
    await bad({ ...base, lines: [base.lines[0], { ...base.lines[1], credit: '1e2' }] }, /「贷方金额」金额“1e2”格式不正确/)
    await bad({ ...base, lines: [base.lines[0]] }, /凭证至少要有两行分录/)
    await bad({ ...base, date: '2024-02-30' }, /「凭证日期」不是有效日期/)
    await bad({ ...base, date: '2023-12-31' }, /早于建账期间/)
    await bad({ ...base, lines: [{ ...base.lines[0], summary: ' ' }, base.lines[1]] }, /「摘要」不能为空/)
  })

  it('review needs another hand; posting numbers continuously per month with no gaps from deleted drafts', async () => {
    const a = await f.engine.invoke(f.clerk, 'voucher.save', cashToBank('2024-03-10', '200'))
    const gone = await f.engine.invoke(f.clerk, 'voucher.save', cashToBank('2024-03-11', '300'))
    const c = await f.engine.invoke(f.clerk, 'voucher.save', cashToBank('2024-03-12', '400'))
    await f.engine.invoke(f.clerk, 'voucher.delete', { villageId: f.villageId, voucherIds: [gone.id] })
    const self = await f.engine.call(f.clerk, 'voucher.review', { villageId: f.villageId, voucherIds: [a.id] })
    expect(self.ok).toBe(false) // a bookkeeper may not review at all
    const list = await f.engine.invoke(f.reviewer, 'voucher.list', { villageId: f.villageId, status: 'draft' })
    const ids = list.rows.map((r) => r.id)
    expect(ids).toHaveLength(3)
    const unreviewedPost = await f.engine.call(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    expect(unreviewedPost).toMatchObject({ ok: false, error: { code: 'STATE' } })
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: ids })
    const editReviewed = await f.engine.call(f.clerk, 'voucher.save', { ...cashToBank('2024-03-10', '201'), voucherId: a.id })
    expect(editReviewed).toMatchObject({ ok: false, error: { message: '已审核凭证不能修改或删除，请先取消审核' } })
    const posted = await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: ids })
    expect(posted.map((p) => [p.date, p.label])).toEqual([
      ['2024-03-05', '记-0001'],
      ['2024-03-10', '记-0002'],
      ['2024-03-12', '记-0003'],
    ])
    const again = await f.engine.call(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: [c.id] })
    expect(again).toMatchObject({ ok: false, error: { code: 'STATE' } })
    const log = await f.engine.invoke(f.admin, 'audit.list', { search: '记账 3 张' })
    expect(log.rows[0]?.summary.action).toBe('记账 3 张：记-0001 至 记-0003')
  })

  it('posted vouchers and lines are immutable, also through SQL', async () => {
    const db = new BetterSqlite3(f.engine.path)
    expect(() => db.prepare(`UPDATE voucher SET total = 1 WHERE status = 'posted'`).run()).toThrow(/已记账凭证不能修改，请用红字冲销更正/)
    expect(() => db.prepare(`UPDATE voucher_line SET debit = debit + 1 WHERE voucher_id IN (SELECT id FROM voucher WHERE status = 'posted')`).run()).toThrow(/分录不能修改/)
    expect(() => db.prepare(`DELETE FROM voucher_line WHERE voucher_id IN (SELECT id FROM voucher WHERE status = 'posted')`).run()).toThrow(/分录不能删除/)
    expect(() => db.prepare(`DELETE FROM voucher WHERE status = 'posted'`).run()).toThrow(/只有草稿凭证可以删除/)
    const posted = db.prepare(`SELECT id FROM voucher WHERE status = 'posted' LIMIT 1`).pluck().get() as number
    expect(() => db.prepare(`INSERT INTO voucher_line (voucher_id, line_no, period, summary, account_id, debit, credit) VALUES (?, 99, '2024-03', 'x', 1, 1, 0)`).run(posted)).toThrow(/不能增加分录/)
    db.close()
  })

  it('reverses a posted voucher in red, once, linked to its original', async () => {
    const list = await f.engine.invoke(f.clerk, 'voucher.list', { villageId: f.villageId, status: 'posted' })
    const original = list.rows.find((r) => r.label === '记-0002')
    if (!original) throw new Error('setup')
    const rev = await f.engine.invoke(f.clerk, 'voucher.reverse', { villageId: f.villageId, voucherId: original.id, date: '2024-03-20' })
    expect(rev).toMatchObject({ source: 'reversal', reversesId: original.id, status: 'draft', total: '-200.00' })
    expect(rev.lines[0]).toMatchObject({ summary: '冲销 3月10日 记字第2号凭证（现金存入银行）', debit: '-200.00', credit: '0.00' })
    expect(rev.totalInWords).toBe('人民币负贰佰元整')
    const twice = await f.engine.call(f.clerk, 'voucher.reverse', { villageId: f.villageId, voucherId: original.id, date: '2024-03-21' })
    expect(twice).toMatchObject({ ok: false, error: { message: '这张凭证已经做过红字冲销' } })
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: [rev.id] })
    const [p] = await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: [rev.id] })
    expect(p?.label).toBe('记-0004')
    const orig = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: original.id })
    expect(orig.reversedById).toBe(rev.id)
  })

  it('trial balance and ledger tie to the postings; the verifier finds a tampered balance row', async () => {
    const tb = await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: f.villageId, from: '2024-03', to: '2024-03' })
    expect(tb.balanced).toBe(true)
    const row = (code: string) => tb.rows.find((r) => r.code === code && r.auxItemId === null)
    // 1680.32 + 200 + 400 - 200 (reversal) = 2080.32
    expect(row('10201')).toMatchObject({ debit: '2080.32', credit: '0.00', closingDebit: '2080.32' })
    expect(row('102')).toMatchObject({ debit: '2080.32', closingDebit: '2080.32' })
    expect(row('101')).toMatchObject({ credit: '2080.32', closingCredit: '2080.32' })
    expect(tb.totals).toMatchObject({ debit: '2080.32', credit: '2080.32', closingDebit: '2080.32', closingCredit: '2080.32' })

    const ledger = await f.engine.invoke(f.clerk, 'report.ledger', { villageId: f.villageId, accountId: f.account('10201').id, from: '2024-03', to: '2024-03' })
    const lines = ledger.entries.filter((e) => e.kind === 'line')
    expect(lines.map((l) => [l.voucherLabel, l.debit, l.side, l.balance])).toEqual([
      ['记-0001', '1680.32', '借', '1680.32'],
      ['记-0002', '200.00', '借', '1880.32'],
      ['记-0003', '400.00', '借', '2280.32'],
      ['记-0004', '-200.00', '借', '2080.32'],
    ])
    expect(ledger.entries.find((e) => e.kind === 'monthTotal')).toMatchObject({ debit: '2080.32', credit: '0.00' })

    expect((await f.engine.invoke(f.admin, 'ledger.verifyBalances', { villageId: f.villageId })).ok).toBe(true)
    const db = new BetterSqlite3(f.engine.path)
    db.prepare(`UPDATE balance SET debit = debit + 1 WHERE account_id = ? AND period = '2024-03'`).run(f.account('10201').id)
    db.close()
    const report = await f.engine.invoke(f.admin, 'ledger.verifyBalances', { villageId: f.villageId })
    expect(report.ok).toBe(false)
    expect(report.differences).toEqual([
      expect.objectContaining({ accountCode: '10201', period: '2024-03', storedDebit: '2080.33', computedDebit: '2080.32' }),
    ])
    const fix = new BetterSqlite3(f.engine.path)
    fix.prepare(`UPDATE balance SET debit = debit - 1 WHERE account_id = ? AND period = '2024-03'`).run(f.account('10201').id)
    fix.close()
  })
})
