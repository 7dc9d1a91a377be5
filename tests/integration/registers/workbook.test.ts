import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReconcileReport } from '../../../shared/api/registerTypes'
import { sanzi as runSanzi } from '../../helpers/cli'
import { tempDir } from '../../helpers/temp'
import { fileOf, fixture, PASSWORD, type ImportFixture } from '../imports/setup'
import { accountId, postedFixtureBooks } from './postedBooks'

const sanzi = (args: string[]) => runSanzi(args, { SANZI_PASSWORD: PASSWORD })

/** every cell of a sheet as text, row by row */
function texts(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = []
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.value === null || c.value === undefined ? '' : String(c.value)))
    out.push(cells)
  })
  return out
}

describe('三资明白台账 workbook and the registers’ CLI on the fixture books', () => {
  const t = tempDir()
  let f: ImportFixture
  let db = ''
  const base = () => ['--db', db, '--village', '340122101', '--as', 'clerk']
  beforeAll(async () => {
    f = await postedFixtureBooks(t.dir)
    const v = f.villageId
    await f.engine.invoke(f.clerk, 'import.assets', { villageId: v, file: fileOf(fixture('assets.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.resources', { villageId: v, file: fileOf(fixture('resources.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.contracts', { villageId: v, file: fileOf(fixture('contracts.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'bankAccount.create', { villageId: v, bankName: '肥东农村商业银行长临河支行', accountNo: '3587446405459849567', nature: 'basic', accountId: await accountId(f, '10201'), openedOn: '2015-03-01' })
    await f.engine.invoke(f.clerk, 'bankAccount.create', { villageId: v, bankName: '肥东农村商业银行长临河支行', accountNo: '3206726294592058129', nature: 'special', accountId: await accountId(f, '10202'), openedOn: '2018-06-01' })
    await f.engine.invoke(f.clerk, 'cash.setLimit', { villageId: v, limit: '3000', date: '2024-12-31' })
    await f.engine.invoke(f.clerk, 'investment.create', { villageId: v, code: 'TZ001', name: '入股杨桥农旅公司', investee: '肥东杨桥农旅发展有限公司', kind: 'equity', amount: '279800', startedOn: '2020-05-01' })
    await f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC002', name: '化肥农药', quantity: '30', unit: '袋', amount: '1443.00', usage: 'self', accountId: await accountId(f, '12102'), date: '2024-12-31' })
    db = f.engine.path
  }, 180_000)
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('writes the six sheets with the register’s figures as of the date, the same fingerprint on every sheet', async () => {
    const to = join(t.dir, 'out', '明白台账.xlsx')
    const r = await f.engine.invoke(f.clerk, 'register.export', { villageId: f.villageId, date: '2024-12-31', to })
    expect(r).toMatchObject({ path: to, sheets: ['资金', '债权债务', '资产', '资源', '合同', '核对'] })
    expect(r.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(to)
    expect(wb.worksheets.map((w) => w.name)).toEqual(r.sheets)
    const sheet = (name: string) => texts(wb.getWorksheet(name) as ExcelJS.Worksheet)
    const funds = sheet('资金')
    expect(funds[0]?.[0]).toBe('杨桥村股份经济合作社货币资金台账')
    expect(funds.find((row) => row.includes('3587446405459849567'))).toEqual(expect.arrayContaining(['银行存款', '基本户', '1308220.69']))
    expect(funds.find((row) => row[0] === '库存现金')).toEqual(expect.arrayContaining(['4963.33', '限额 3,000.00，超出 1,963.33']))
    expect(funds.find((row) => row.includes('合计'))).toContain('1416327.47') // 4,963.33 + 1,308,220.69 + 103,143.45
    expect(funds.flat().some((c) => c.includes('超过限额 3,000.00 元'))).toBe(true)
    for (const name of r.sheets) expect(sheet(name).flat().some((c) => c === `数据指纹（SHA-256）：${r.fingerprint}`)).toBe(true)

    const claims = sheet('债权债务')
    expect(claims.find((row) => row.includes('杨桥家庭农场'))?.[0]).toBe('11201 应收单位款项')
    expect(claims.find((row) => row.includes('应付款项小计'))).toBeDefined()
    const assets = sheet('资产')
    expect(assets.filter((row) => /^[FJ]\d{5}$/.test(row[0] ?? ''))).toHaveLength(38)
    expect(assets.find((row) => row.includes('固定资产小计'))).toContain('12605361')
    expect(assets.find((row) => row[0] === 'TZ001')).toEqual(expect.arrayContaining(['279800']))
    const resources = sheet('资源')
    expect(resources.filter((row) => /^ZY\d+/.test(row[0] ?? ''))).toHaveLength(30)
    expect(resources.find((row) => row[0] === 'ZY010')?.at(-1)).toBe('') // let out without a contract
    const contracts = sheet('合同')
    expect(contracts.filter((row) => /^HT\d{4}-\d{3}$/.test(row[0] ?? ''))).toHaveLength(16)
    const check = sheet('核对')
    const bank = check.find((row) => row[0]?.startsWith('银行存款合计'))
    expect(bank).toEqual(expect.arrayContaining(['1411364.14', '相符']))
    expect(check.find((row) => row[0]?.startsWith('长期投资合计'))).toContain('相符')

    // the same figures give the same fingerprint; another date gives another
    const again = await f.engine.invoke(f.clerk, 'register.export', { villageId: f.villageId, date: '2024-12-31', to: join(t.dir, 'out', 'again.xlsx') })
    expect(again.fingerprint).toBe(r.fingerprint)
    const june = await f.engine.invoke(f.clerk, 'register.export', { villageId: f.villageId, date: '2024-06-30', to: join(t.dir, 'out', 'june.xlsx') })
    expect(june.fingerprint).not.toBe(r.fingerprint)
    const bad = await f.engine.invoke(f.clerk, 'register.export', { villageId: f.villageId, date: '2024-12-31', to: join(t.dir, 'out', 'x.pdf') }).catch((e: Error) => e)
    expect((bad as Error).message).toMatch(/须以 .xlsx 结尾/)
    const log = await f.engine.invoke(f.admin, 'audit.list', {})
    expect(log.rows.some((e) => e.summary.action.startsWith('导出三资明白台账（截至 2024-12-31'))).toBe(true)
  })

  it('sanzi export registers, sanzi reconcile (text, JSON, exit code) and sanzi depreciate', async () => {
    await f.engine.close()
    const out = join(t.dir, 'cli', '台账.xlsx')
    const exp = await sanzi(['export', 'registers', ...base(), '--date', '2024-12-31', '--out', out])
    expect(exp.err).toBe('')
    expect(exp.code).toBe(0)
    expect(exp.out).toMatch(/已导出：.*台账.xlsx（资金、债权债务、资产、资源、合同、核对，\d+ 行）\n数据指纹（SHA-256）：[0-9a-f]{64}/)
    expect(existsSync(out)).toBe(true)
    const noDate = await sanzi(['export', 'registers', ...base(), '--out', out])
    expect(noDate.code).toBe(1)
    expect(noDate.err).toMatch(/--date/)

    // at the books' start every check ties: 151/152 with the cards, 102 with the accounts, 141 with the investment
    const start = await sanzi(['reconcile', ...base(), '--date', '2023-12-31', '--json'])
    const report = JSON.parse(start.out) as ReconcileReport
    const key = (k: string) => report.checks.find((c) => c.key === k)
    expect(key('151')).toMatchObject({ register: '12605361.00', books: '12605361.00', ok: true })
    expect(key('102')).toMatchObject({ register: '962501.99', ok: true })
    expect(key('141')).toMatchObject({ register: '279800.00', ok: true })
    // the year end differs where the register was not kept (the journal's depreciation is not on the cards)
    const end = await sanzi(['reconcile', ...base(), '--date', '2024-12-31'])
    expect(end.code).toBe(1)
    expect(end.out).toMatch(/台账与账簿核对 {2}杨桥村股份经济合作社 {2}截至 2024-12-31/)
    expect(end.out).toMatch(/银行存款合计（102） +1,411,364.14 +1,411,364.14 +0.00 +相符/)
    expect(end.err).toMatch(/台账与账簿有 \d+ 项不符/)

    const dep = await sanzi(['depreciate', ...base(), '--period', '2024-01'])
    expect(dep.err).toBe('')
    expect(dep.out).toMatch(/2024年1月 计提折旧 46,551.55 元，32 张卡片，凭证：草稿/) // 6 cards exempt: fully depreciated or not depreciated
    const twice = await sanzi(['depreciate', ...base(), '--period', '2024-01'])
    expect(twice.code).toBe(1)
    expect(twice.err).toMatch(/不能重复计提/)
    const badPeriod = await sanzi(['depreciate', ...base(), '--period', '2024-13'])
    expect(badPeriod.err).toMatch(/「--period」应为 YYYY-MM/)
  })
})
