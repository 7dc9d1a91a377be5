import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerStream } from '../../../electron/core/reports/books'
import type { JournalEntry, LedgerEntry } from '../../../shared/api/types'
import { tempDir } from '../../helpers/temp'
import { reportFixture, type ReportFixture } from './fixture'

const brief = (e: JournalEntry | LedgerEntry) => [e.kind, e.date, e.summary, e.debit, e.credit, e.side, e.balance]

describe('books: 总账, 日记账, 往来, 科目汇总表, streamed 明细账', () => {
  const t = tempDir()
  let f: ReportFixture
  let v: number
  beforeAll(async () => {
    f = await reportFixture(t.dir)
    v = f.villageId
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('总账: per first-level account the opening, 本月合计 and 本年累计 with the balance', async () => {
    const gl = await f.engine.invoke(f.clerk, 'report.generalLedger', { villageId: v, from: '2024-01', to: '2024-03' })
    const cash = gl.accounts.find((a) => a.code === '101')
    expect(cash?.entries.map((e) => [e.kind, e.period, e.summary, e.debit, e.credit, e.side, e.balance])).toEqual([
      ['opening', '2024-01', '上年结转', '0.00', '0.00', '借', '5000.00'],
      ['monthTotal', '2024-01', '2024年1月 本月合计', '2000.00', '680.32', '借', '6319.68'],
      ['yearTotal', '2024-01', '本年累计', '2000.00', '680.32', '借', '6319.68'],
      ['monthTotal', '2024-02', '2024年2月 本月合计', '1000.00', '0.00', '借', '7319.68'],
      ['yearTotal', '2024-02', '本年累计', '3000.00', '680.32', '借', '7319.68'],
      ['monthTotal', '2024-03', '2024年3月 本月合计', '500.00', '0.00', '借', '7819.68'],
      ['yearTotal', '2024-03', '本年累计', '3500.00', '680.32', '借', '7819.68'],
    ])
    // accounts with neither balance nor activity are left out; a credit balance reads 贷
    expect(gl.accounts.map((a) => a.code)).toEqual(['101', '102', '112', '113', '151', '152', '301', '311', '322', '501', '513'])
    expect(gl.accounts.find((a) => a.code === '152')?.entries.at(-1)).toMatchObject({ side: '贷', balance: '121000.00' })
    // from the middle of the year the opening carries the year's totals so far
    const mar = await f.engine.invoke(f.clerk, 'report.generalLedger', { villageId: v, from: '2024-03', to: '2024-03', accountId: f.account('101').id })
    expect(mar.accounts[0]?.entries.map((e) => [e.summary, e.debit, e.credit, e.balance])).toEqual([
      ['期初余额', '0.00', '0.00', '7319.68'],
      ['2024年3月 本月合计', '500.00', '0.00', '7819.68'],
      ['本年累计', '3500.00', '680.32', '7819.68'],
    ])
  })

  it('现金日记账: date order, 对方科目, running balance, 本日合计 for days of two lines, 本月合计, 本年累计', async () => {
    const book = await f.engine.invoke(f.clerk, 'report.cashJournal', { villageId: v, from: '2024-01', to: '2024-02' })
    expect(book.kind).toBe('cash')
    expect(book.journals).toHaveLength(1)
    const j = book.journals[0]
    expect(j).toMatchObject({ code: '101', name: '库存现金', auxItemId: null })
    expect(j?.entries.map((e) => [...brief(e), e.counterAccount, e.voucherLabel])).toEqual([
      ['opening', null, '上年结转', '0.00', '0.00', '借', '5000.00', null, null],
      ['line', '2024-01-10', '提取现金', '2000.00', '0.00', '借', '7000.00', '银行存款/农商行基本户', '记-0002'],
      ['line', '2024-01-10', '购买办公用品', '0.00', '680.32', '借', '6319.68', '管理费用/办公费', '记-0003'],
      ['dayTotal', '2024-01-10', '本日合计', '2000.00', '680.32', '借', '6319.68', null, null],
      ['monthTotal', '2024-01-31', '2024年1月 本月合计', '2000.00', '680.32', '借', '6319.68', null, null],
      ['yearTotal', '2024-01-31', '本年累计', '2000.00', '680.32', '借', '6319.68', null, null],
      // a day of one line needs no 本日合计
      ['line', '2024-02-20', '张三归还借款', '1000.00', '0.00', '借', '7319.68', '内部往来/农户往来', '记-0002'],
      ['monthTotal', '2024-02-29', '2024年2月 本月合计', '1000.00', '0.00', '借', '7319.68', null, null],
      ['yearTotal', '2024-02-29', '本年累计', '3000.00', '680.32', '借', '7319.68', null, null],
    ])
    expect(j?.entries[1]?.voucherId).toBeGreaterThan(0)
    expect(book.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('银行存款日记账: one journal per bank account (leaf × bank item)', async () => {
    const book = await f.engine.invoke(f.clerk, 'report.bankJournal', { villageId: v, from: '2024-01', to: '2024-03' })
    expect(book.journals.map((j) => [j.code, j.auxItemName, j.entries.at(-1)?.balance])).toEqual([
      // items in pinyin order: 基本户 (jī) before 专户 (zhuān)
      ['10201', '肥东农商行长临河支行 基本户', '226000.00'],
      ['10201', '肥东农商行长临河支行 专户', '10000.00'],
    ])
    const basic = book.journals[0]
    expect(basic?.name).toBe('银行存款/农商行基本户')
    expect(basic?.entries.filter((e) => e.kind === 'line').map((e) => [e.date, e.debit, e.credit, e.balance, e.counterAccount])).toEqual([
      ['2024-01-05', '50000.00', '0.00', '250000.00', '经营收入/发包收入'],
      ['2024-01-10', '0.00', '2000.00', '248000.00', '库存现金'],
      ['2024-02-15', '0.00', '12000.00', '236000.00', '管理费用/干部报酬'],
      // a transfer between two bank items of the same leaf: the other side is the same account
      ['2024-03-20', '0.00', '10000.00', '226000.00', null],
    ])
    const one = await f.engine.invoke(f.clerk, 'report.bankJournal', { villageId: v, from: '2024-01', to: '2024-03', auxItemId: f.items.special })
    expect(one.journals).toHaveLength(1)
    const wrong = await f.engine.call(f.clerk, 'report.bankJournal', { villageId: v, from: '2024-01', to: '2024-03', accountId: f.account('101').id })
    expect(wrong).toMatchObject({ ok: false, error: { message: '银行存款日记账只能选择 102 银行存款及其明细科目' } })
  })

  it('往来余额表 and 往来明细账 per counterparty', async () => {
    const s = await f.engine.invoke(f.clerk, 'report.counterpartySummary', { villageId: v, from: '2024-01', to: '2024-03' })
    expect(s.rows.map((r) => [r.kind, r.code, r.counterparty, r.openingSide, r.opening, r.debit, r.credit, r.closingSide, r.closing])).toEqual([
      ['item', '11201', '长临河建材公司', '平', '0.00', '8000.00', '0.00', '借', '8000.00'],
      ['subtotal', '112', '应收款 小计', '平', '0.00', '8000.00', '0.00', '借', '8000.00'],
      ['item', '11301', '李四', '贷', '1200.00', '0.00', '500.00', '贷', '1700.00'],
      ['item', '11301', '张三', '借', '3000.00', '0.00', '1000.00', '借', '2000.00'],
      ['subtotal', '113', '内部往来 小计', '借', '1800.00', '0.00', '1500.00', '借', '300.00'],
    ])
    const l = await f.engine.invoke(f.clerk, 'report.counterpartyLedger', { villageId: v, from: '2024-01', to: '2024-03', auxItemId: f.items.li })
    expect(l.ledgers).toHaveLength(1)
    expect(l.ledgers[0]).toMatchObject({ code: '11301', accountName: '内部往来/农户往来', counterparty: '李四' })
    expect(l.ledgers[0]?.entries.filter((e) => e.kind !== 'yearTotal').map(brief)).toEqual([
      ['opening', null, '上年结转', '0.00', '0.00', '贷', '1200.00'],
      ['monthTotal', '2024-01-31', '2024年1月 本月合计', '0.00', '0.00', '贷', '1200.00'],
      ['monthTotal', '2024-02-29', '2024年2月 本月合计', '0.00', '0.00', '贷', '1200.00'],
      ['line', '2024-03-01', '李四预交承包费', '0.00', '500.00', '贷', '1700.00'],
      ['monthTotal', '2024-03-31', '2024年3月 本月合计', '0.00', '500.00', '贷', '1700.00'],
    ])
  })

  it('科目汇总表 over a range of dates with the voucher number range', async () => {
    const a = await f.engine.invoke(f.clerk, 'report.accountSummary', { villageId: v, fromDate: '2024-03-01', toDate: '2024-03-31' })
    expect(a.voucherRanges).toEqual([{ period: '2024-03', word: '记', first: '记-0001', last: '记-0004', count: 4 }])
    expect(a.rows.map((r) => [r.code, r.debit, r.credit])).toEqual([
      ['101', '500.00', '0.00'],
      ['102', '10000.00', '10000.00'],
      ['112', '8000.00', '0.00'],
      ['113', '0.00', '500.00'],
      ['152', '0.00', '1000.00'],
      ['501', '0.00', '8000.00'],
      ['513', '1000.00', '0.00'],
    ])
    expect(a).toMatchObject({ totals: { debit: '19500.00', credit: '19500.00' }, balanced: true, voucherCount: 4 })
    const deep = await f.engine.invoke(f.clerk, 'report.accountSummary', { villageId: v, fromDate: '2024-01-01', toDate: '2024-03-31', level: 2 })
    expect(deep.rows.find((r) => r.code === '51302')).toMatchObject({ debit: '1680.32', level: 2 })
    expect(deep.voucherRanges.map((r) => r.count)).toEqual([3, 2, 4])
  })

  it('the streamed 明细账 gives exactly report.ledger, for an account with sub-accounts and for one item', async () => {
    for (const opts of [
      { accountId: f.account('102').id, from: '2024-01', to: '2024-03' },
      { accountId: f.account('513').id, from: '2024-02', to: '2024-03' },
      { accountId: f.account('10201').id, from: '2024-01', to: '2024-03', auxItemId: f.items.basic },
    ]) {
      const json = await f.engine.invoke(f.clerk, 'report.ledger', { villageId: v, ...opts })
      const s = await ledgerStream(f.engine.db, v, opts)
      const streamed: LedgerEntry[] = []
      for await (const e of s.entries) streamed.push(e)
      expect(streamed).toEqual(json.entries)
      expect(s.name).toBe(json.name)
    }
  })
})
