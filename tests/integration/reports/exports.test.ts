import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fingerprintOf } from '../../../electron/core/reports/common'
import { fenToCellNumber, parseYuan } from '../../../shared/money'
import { tempDir } from '../../helpers/temp'
import { reportFixture, type ReportFixture } from './fixture'

const cellNumber = (yuan: string | null) => {
  if (yuan === null) return null
  const r = parseYuan(yuan)
  if (!r.ok) throw new Error(r.reason)
  return fenToCellNumber(r.fen)
}

async function read(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  const ws = wb.worksheets[0]
  if (!ws) throw new Error('no sheet')
  return ws
}

/** every cell: no formulas at all (totals are written as values), money cells are numbers with #,##0.00 */
function assertSafe(ws: ExcelJS.Worksheet): { texts: string[]; money: number } {
  const texts: string[] = []
  let money = 0
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula)
      if (typeof cell.value === 'string') texts.push(cell.value)
      if (typeof cell.value === 'number' && cell.numFmt?.startsWith('#,##0.00')) money++
    }),
  )
  return { texts, money }
}

describe('exports read back with exceljs', () => {
  const t = tempDir()
  let f: ReportFixture
  beforeAll(async () => {
    f = await reportFixture(t.dir)
    // text from users that looks like a formula
    await f.post('2024-03-25', '=HYPERLINK("http://x","点我")', [
      { account: '101', debit: '1.00' },
      { account: '50101', credit: '1.00', summary: '-2+3 收到零星收入' },
    ])
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('资产负债表: the JSON figures as numeric #,##0.00 cells, two-sided, checks, signatures, fingerprint footer, print set-up', async () => {
    const bs = await f.engine.invoke(f.clerk, 'report.balanceSheet', { villageId: f.villageId, to: '2024-03' })
    const out = join(t.dir, 'out', '资产负债表.xlsx')
    const r = await f.engine.invoke(f.clerk, 'report.export', { villageId: f.villageId, report: 'balanceSheet', params: { to: '2024-03' }, to: out })
    expect(r).toMatchObject({ path: out, fingerprint: bs.fingerprint })
    expect(r.bytes).toBeGreaterThan(1000)
    const ws = await read(out)
    expect(ws.getCell('A1').value).toBe('资产负债表')
    expect(ws.getCell('A2').value).toBe('编制单位：杨桥村股份经济合作社')
    expect(ws.getRow(2).values).toContain('2024年3月31日')
    expect(ws.getRow(2).values).toContain('单位：元')
    expect(ws.getRow(3).values).toEqual([undefined, '资产', '行次', '年初数', '期末数', '负债和所有者权益', '行次', '年初数', '期末数'])
    // every row of the JSON is on the sheet with the same amounts
    const left = bs.rows.filter((x) => x.part === 'left')
    const right = bs.rows.filter((x) => x.part === 'right')
    for (const [i, row] of left.entries()) {
      const xl = ws.getRow(4 + i)
      expect(xl.getCell(1).value).toBe(row.label)
      expect(xl.getCell(2).value ?? null).toBe(row.line)
      expect(xl.getCell(3).value ?? null).toBe(cellNumber(row.values[0] ?? null))
      expect(xl.getCell(4).value ?? null).toBe(cellNumber(row.values[1] ?? null))
      if (row.line !== null) expect(xl.getCell(4).numFmt).toMatch(/^#,##0\.00/)
      if (row.bold) expect(xl.getCell(1).font?.bold).toBe(true)
    }
    for (const [i, row] of right.entries()) {
      const xl = ws.getRow(4 + i)
      expect(xl.getCell(5).value).toBe(row.label)
      expect(xl.getCell(8).value ?? null).toBe(cellNumber(row.values[1] ?? null))
    }
    const { texts, money } = assertSafe(ws)
    expect(money).toBeGreaterThan(40)
    expect(texts).toContain('勾稽关系（期末数）：资产总计 = 负债和所有者权益总计 —— 相符')
    expect(texts.some((x) => x.startsWith('单位负责人：') && x.includes('会计主管：') && x.includes('复核：') && x.includes('制表：'))).toBe(true)
    expect(texts).toContain(`数据指纹（SHA-256）：${bs.fingerprint}`)
    expect(texts.some((x) => x.startsWith('340122101 杨桥村股份经济合作社｜生成于 ') && x.includes('操作人 clerk'))).toBe(true)
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 })
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    // the export is in the operation log
    const log = await f.engine.invoke(f.admin, 'audit.list', { search: '导出资产负债表' })
    expect(log.rows[0]?.summary.action).toBe(`导出资产负债表（${r.rows} 行）到：${out}`)
  })

  it('明细账: streamed entries equal report.ledger; text that looks like a formula is neutralised; the footer fingerprint can be recomputed', async () => {
    const params = { accountId: f.account('101').id, from: '2024-01', to: '2024-03' }
    const json = await f.engine.invoke(f.clerk, 'report.ledger', { villageId: f.villageId, ...params })
    const out = join(t.dir, 'out', '明细账.xlsx')
    const r = await f.engine.invoke(f.clerk, 'report.export', { villageId: f.villageId, report: 'ledger', params, to: out })
    expect(r.rows).toBe(json.entries.length)
    expect(r.fingerprint).toBe(fingerprintOf({ report: 'ledger', villageId: f.villageId, accountId: params.accountId, auxItemId: null, from: params.from, to: params.to }, json.entries))
    const ws = await read(out)
    expect(ws.getCell('A3').value).toBe('科目：101 库存现金')
    expect(ws.getRow(4).values).toEqual([undefined, '日期', '凭证号', '摘要', '借方', '贷方', '借或贷', '余额'])
    json.entries.forEach((e, i) => {
      const xl = ws.getRow(5 + i)
      expect(xl.getCell(1).value ?? null).toBe(e.date)
      expect(xl.getCell(2).value ?? null).toBe(e.voucherLabel)
      expect(String(xl.getCell(3).value).replace(/^'/, '')).toBe(e.summary)
      expect(xl.getCell(4).value).toBe(cellNumber(e.debit))
      expect(xl.getCell(5).value).toBe(cellNumber(e.credit))
      expect(xl.getCell(6).value).toBe(e.side)
      expect(xl.getCell(7).value).toBe(cellNumber(e.balance))
      expect(xl.getCell(7).numFmt).toMatch(/^#,##0\.00/)
    })
    const { texts } = assertSafe(ws)
    expect(texts).toContain(`'=HYPERLINK("http://x","点我")`)
    expect(texts.filter((x) => x.startsWith('=') || x.startsWith('+') || x.startsWith('@'))).toEqual([])
    expect(texts).toContain(`数据指纹（SHA-256）：${r.fingerprint}`)
    expect(ws.pageSetup.orientation).toBe('portrait')
  })

  it('科目余额表 with a two-row header; 往来余额表, 日记账, 总账, 科目汇总表, 收支明细表 and 收益表 all export', async () => {
    const tbOut = join(t.dir, 'out', '科目余额表.xlsx')
    await f.engine.invoke(f.clerk, 'report.export', { villageId: f.villageId, report: 'trialBalance', params: { from: '2024-03', to: '2024-03', level: 2 }, to: tbOut })
    const tb = await f.engine.invoke(f.clerk, 'report.trialBalance', { villageId: f.villageId, from: '2024-03', to: '2024-03', level: 2 })
    const ws = await read(tbOut)
    // merged cells read back as their master's value
    const headerRow = (n: number) => Array.from({ length: 10 }, (_, i) => ws.getRow(n).getCell(i + 1).value)
    expect(headerRow(3)).toEqual(['科目编码', '科目名称', '期初余额', '期初余额', '本期发生额', '本期发生额', '本年累计发生额', '本年累计发生额', '期末余额', '期末余额'])
    expect(headerRow(4)).toEqual(['科目编码', '科目名称', '借方', '贷方', '借方', '贷方', '借方', '贷方', '借方', '贷方'])
    expect(ws.getCell('A4').isMerged).toBe(true)
    expect(ws.views[0]).toMatchObject({ ySplit: 4 })
    const total = ws.getRow(5 + tb.rows.length)
    expect(total.getCell(2).value).toBe('合计')
    expect(total.getCell(9).value).toBe(cellNumber(tb.totals.closingDebit))
    assertSafe(ws)

    const cases = [
      ['counterpartySummary', { from: '2024-01', to: '2024-03' }],
      ['counterpartyLedger', { from: '2024-01', to: '2024-03' }],
      ['cashJournal', { from: '2024-01', to: '2024-03' }],
      ['bankJournal', { from: '2024-01', to: '2024-03' }],
      ['generalLedger', { from: '2024-01', to: '2024-03' }],
      ['accountSummary', { fromDate: '2024-03-01', toDate: '2024-03-31' }],
      ['incomeExpenseDetail', { from: '2024-03', to: '2024-03' }],
      ['incomeStatement', { to: '2024-03' }],
    ] as const
    for (const [report, params] of cases) {
      const out = join(t.dir, 'out', `${report}.xlsx`)
      const r = await f.engine.invoke(f.clerk, 'report.export', { villageId: f.villageId, report, params, to: out } as never)
      const sheet = await read(out)
      const { texts, money } = assertSafe(sheet)
      expect(money, report).toBeGreaterThan(0)
      expect(texts, report).toContain(`数据指纹（SHA-256）：${r.fingerprint}`)
    }
    // the JSON fingerprints match the printed ones
    const cash = await f.engine.invoke(f.clerk, 'report.cashJournal', { villageId: f.villageId, from: '2024-01', to: '2024-03' })
    const cashOut = await read(join(t.dir, 'out', 'cashJournal.xlsx'))
    expect(assertSafe(cashOut).texts).toContain(`数据指纹（SHA-256）：${cash.fingerprint}`)
    const cps = await f.engine.invoke(f.clerk, 'report.counterpartyLedger', { villageId: f.villageId, from: '2024-01', to: '2024-03' })
    expect(assertSafe(await read(join(t.dir, 'out', 'counterpartyLedger.xlsx'))).texts).toContain(`数据指纹（SHA-256）：${cps.fingerprint}`)
  })

  it('without a path the workbook goes to exports/ beside the book; a bad path or report is refused in Chinese', async () => {
    const r = await f.engine.invoke(f.reviewer, 'report.export', { villageId: f.villageId, report: 'incomeStatement', params: { to: '2024-03' } })
    expect(dirname(r.path)).toBe(join(dirname(f.engine.path), 'exports'))
    expect(r.path).toMatch(/340122101-杨桥村股份经济合作社-收益及收益分配表-2024-03-\d{8}-\d{6}\.xlsx$/)
    expect(existsSync(r.path)).toBe(true)
    const bad = await f.engine.call(f.clerk, 'report.export', { villageId: f.villageId, report: 'balanceSheet', params: { to: '2024-03' }, to: join(t.dir, 'x.csv') })
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: `导出文件须以 .xlsx 结尾：${join(t.dir, 'x.csv')}` } })
    const unknown = await f.engine.call(f.clerk, 'report.export', { villageId: f.villageId, report: 'payroll', params: {} })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.message).toMatch(/^「报表」只能是：科目余额表、资产负债表/)
    const missing = await f.engine.call(f.clerk, 'report.export', { villageId: f.villageId, report: 'ledger', params: { from: '2024-01', to: '2024-03' } })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.message).toContain('「科目」必须选择')
  })
})
