import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrialBalance } from '../../../shared/api/types'
import { parseYuan, type Fen } from '../../../shared/money'
import { tempDir } from '../../helpers/temp'
import { addVillage, expectedTrialBalance, fileOf, fixture, importFixture, reviewAndPostAll, rowCounts, type ImportFixture } from './setup'

const fen = (y: string): Fen => {
  const r = parseYuan(y)
  if (!r.ok) throw new Error(`not an amount: ${y}`)
  return r.fen
}

/** Every leaf of the trial balance against hledger's figures, to the 分; accounts hledger does not list are all zero. */
function compareTrialBalance(tb: TrialBalance, expectedFile: string): void {
  const expected = expectedTrialBalance(expectedFile)
  const leaves = tb.rows.filter((r) => r.isLeaf && r.auxItemId === null)
  const seen = new Set<string>()
  for (const r of leaves) {
    const got = [fen(r.openingDebit) - fen(r.openingCredit), fen(r.debit), fen(r.credit), fen(r.closingDebit) - fen(r.closingCredit)]
    const want = expected.get(r.code)?.map(fen) ?? [0, 0, 0, 0]
    expect({ code: r.code, figures: got }).toEqual({ code: r.code, figures: want })
    seen.add(r.code)
  }
  for (const code of expected.keys()) expect(seen.has(code), `hledger lists ${code}`).toBe(true)
  expect(tb.balanced).toBe(true)
}

describe('the fixture books: chart, opening balances and the 2024 journal give hledger’s trial balance', () => {
  const t = tempDir()
  let f: ImportFixture
  let csvVillage: number
  beforeAll(async () => {
    f = await importFixture(t.dir)
    csvVillage = await addVillage(f, { code: '340122199', name: '杨桥村（CSV 导入）', uscc: null })
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('imports the chart: 57 sub-accounts under the 42 official accounts, 75 leaves', async () => {
    const preview = await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: false })
    expect(preview).toMatchObject({ committed: false, errorCount: 0, accounts: 99, created: 57, unchanged: 42 })
    expect((await f.engine.invoke(f.clerk, 'account.list', { villageId: f.villageId })).length).toBe(42)
    const r = await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
    expect(r).toMatchObject({ committed: true, created: 57, errorCount: 0 })
    const chart = await f.engine.invoke(f.clerk, 'account.list', { villageId: f.villageId })
    expect(chart.length).toBe(99)
    expect(chart.filter((a) => a.isLeaf).length).toBe(75)
    expect(chart.find((a) => a.code === '514030101')).toMatchObject({ name: '文体活动', level: 4, class: 'profitLoss', normalSide: 'debit' })
    expect(chart.find((a) => a.code === '10201')).toMatchObject({ auxKind: 'bank', isLeaf: true })
    expect(chart.find((a) => a.code === '11301')).toMatchObject({ auxKind: 'household', normalSide: 'both' })
    expect(chart.find((a) => a.code === '514')).toMatchObject({ isLeaf: false, auxKind: null })
  })

  it('imports the opening balances: 49 rows, Σ借 = Σ贷 = 14,545,138.03, counterparties and households named', async () => {
    const before = await rowCounts(f.engine)
    const preview = await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: fileOf(fixture('opening-balances.xlsx')), commit: false })
    expect(preview).toMatchObject({ errorCount: 0, rows: 49, debit: '14545138.03', credit: '14545138.03', balanced: true })
    expect(await rowCounts(f.engine)).toEqual(before) // a preview writes nothing, not even the audit log
    const r = await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
    expect(r).toMatchObject({ committed: true, rows: 49, balanced: true })
    const ob = await f.engine.invoke(f.clerk, 'opening.get', { villageId: f.villageId })
    expect(ob.check).toMatchObject({ balanced: true, totals: { debit: '14545138.03', credit: '14545138.03', difference: '0.00' } })
    expect(ob.check.problems.filter((p) => p.severity === 'error')).toEqual([])
    expect(ob.rows.find((x) => x.auxItemName === '赵敏新')).toMatchObject({ code: '11301', side: '贷', amount: '1874.00' })
    // 项目/银行账户 accounts stand for one item each, named after the account
    expect(ob.rows.find((x) => x.code === '10201')).toMatchObject({ auxItemName: '农商行基本户', amount: '730421.25' })
    expect(ob.rows.find((x) => x.code === '15301')).toMatchObject({ auxItemName: '村道硬化工程' })
  })

  it('imports the journal (688 vouchers, 1517 lines) as drafts in file order, and refuses the same file twice', async () => {
    const preview = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: fileOf(fixture('journal-2024.xlsx')), commit: false })
    expect(preview).toMatchObject({ errorCount: 0, vouchers: 688, lines: 1517, debit: '5535956.06', credit: '5535956.06', firstDate: '2024-01-02', lastDate: '2024-12-31', sheet: '序时账', headerRow: 3 })
    expect(preview.periods).toHaveLength(12)
    const audit = (await f.engine.invoke(f.admin, 'audit.list', {})).total
    const r = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: fileOf(fixture('journal-2024.xlsx')), commit: true })
    expect(r).toMatchObject({ committed: true, vouchers: 688, lines: 1517 })
    expect((r.lastVoucherId ?? 0) - (r.firstVoucherId ?? 0)).toBe(687)
    const log = await f.engine.invoke(f.admin, 'audit.list', {})
    expect(log.total).toBe(audit + 1)
    expect(log.rows[0]?.summary.action).toMatch(/^导入序时账“journal-2024\.xlsx”：688 张凭证、1517 行分录，借贷合计 5,535,956\.06/)

    const first = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: r.firstVoucherId as number })
    expect(first).toMatchObject({ status: 'draft', source: 'import', date: '2024-01-02', preparedBy: '李会计', total: '106985.00', attachments: 1 })
    expect(first.lines.map((l) => [l.accountCode, l.auxItemName, l.debit, l.credit])).toEqual([
      ['11201', '杨桥渔业养殖专业合作社', '106985.00', '0.00'],
      ['50101', null, '0.00', '106985.00'],
    ])
    const bank = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: (r.firstVoucherId as number) + 3 })
    expect(bank.lines[0]).toMatchObject({ accountCode: '10201', auxItemName: '农商行基本户', debit: '172000.00' })
    expect(bank.lines[1]).toMatchObject({ credit: '163809.52' }) // “163,809.52” as text in the file

    const counts = await rowCounts(f.engine)
    const again = await f.engine.call(f.clerk, 'import.vouchers', { villageId: f.villageId, file: fileOf(fixture('journal-2024.xlsx'), '序时账-副本.xlsx'), commit: true })
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.message).toMatch(/该文件已于 .* 由李会计导入过（“journal-2024\.xlsx”，导入批次 \d+，1517 行），不能重复导入（防止重复入账）/)
    expect(await rowCounts(f.engine)).toEqual(counts)
  })

  it('after review and posting of every month, the trial balance is hledger’s to the 分 — for the year and for March', async () => {
    expect(await reviewAndPostAll(f)).toBe(688)
    const year = await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: f.villageId, from: '2024-01', to: '2024-12' })
    compareTrialBalance(year, 'expected-trial-balance.csv')
    expect(year.totals).toMatchObject({ debit: '5535956.06', credit: '5535956.06' })
    const march = await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: f.villageId, from: '2024-03', to: '2024-03' })
    compareTrialBalance(march, 'expected-trial-balance-2024-03.csv')
    expect((await f.engine.invoke(f.admin, 'ledger.verifyBalances', { villageId: f.villageId })).ok).toBe(true)
  })

  it('the opening balances are frozen once a voucher is posted', async () => {
    const r = await f.engine.call(f.clerk, 'opening.save', { villageId: f.villageId, rows: [] })
    expect(r).toMatchObject({ ok: false, error: { code: 'STATE', message: '已有记账凭证，期初余额不能再改' } })
    const imp = await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: fileOf(fixture('opening-balances.xlsx'), 'other.xlsx'), commit: false })
    expect(imp.errors.map((e) => e.message)).toContain('已有记账凭证，期初余额不能再改')
  })

  it('the same journal as a GBK CSV gives the same books', async () => {
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: csvVillage, file: fileOf(fixture('chart.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.opening', { villageId: csvVillage, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
    const r = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: csvVillage, file: fileOf(fixture('journal-2024-gbk.csv')), commit: true })
    expect(r).toMatchObject({ format: 'csv', encoding: 'GBK', headerRow: 1, vouchers: 688, lines: 1517, debit: '5535956.06', errorCount: 0 })
    expect(await reviewAndPostAll(f, csvVillage)).toBe(688)
    compareTrialBalance(await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: csvVillage, from: '2024-01', to: '2024-12' }), 'expected-trial-balance.csv')
    compareTrialBalance(await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: csvVillage, from: '2024-03', to: '2024-03' }), 'expected-trial-balance-2024-03.csv')
  })

  it('the preview already names a file imported before into this village', async () => {
    const r = await f.engine.invoke(f.clerk, 'import.chart', { villageId: csvVillage, file: fileOf(fixture('chart.xlsx')), commit: false })
    expect(r.errors.map((e) => e.message).join()).toMatch(/不能重复导入/)
  })
})
