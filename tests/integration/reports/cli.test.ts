import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sanzi as runSanzi } from '../../helpers/cli'
import type { Statement, TrialBalance } from '../../../shared/api/types'
import { tempDir } from '../../helpers/temp'
import { reportFixture } from './fixture'

/** this fixture's users sign in with Pass1234 */
const sanzi = (args: string[], env: Record<string, string> = {}) => runSanzi(args, { SANZI_PASSWORD: 'Pass1234', ...env })


describe('sanzi report and sanzi amount-words', () => {
  const t = tempDir()
  let db = ''
  const base = () => ['--db', db, '--village', '340122101', '--as', 'clerk']
  beforeAll(async () => {
    const f = await reportFixture(t.dir)
    db = f.engine.path
    await f.engine.close()
  })
  afterAll(() => t.cleanup())

  it('balance-sheet as text: both halves, 行次, amounts with thousands, and the checks', async () => {
    const r = await sanzi(['report', 'balance-sheet', ...base(), '--period', '2024-03'])
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toContain('编制单位：杨桥村股份经济合作社    2024年3月31日    单位：元')
    expect(r.out).toMatch(/ {2}货币资金 +1 +205,000\.00 +243,819\.68/)
    expect(r.out).toMatch(/负债和所有者权益总计 +39 +888,000\.00 +932,819\.68/)
    expect(r.out).toContain('✔ 资产总计 = 负债和所有者权益总计（期末数）：932,819.68 = 932,819.68')
    expect(r.out).toContain('勾稽关系：全部相符')
  })

  it('--json gives the API result with yuan strings', async () => {
    const r = await sanzi(['report', 'balance-sheet', ...base(), '--period', '2024-01..2024-03', '--json'])
    const s = JSON.parse(r.out) as Statement
    expect(s.rows.find((x) => x.label === '应收款项')?.values).toEqual(['3000.00', '10000.00'])
    const tb = JSON.parse((await sanzi(['report', 'trial-balance', ...base(), '--period', '2024-03', '--level', '1', '--json'])).out) as TrialBalance
    expect(tb.balanced).toBe(true)
    expect(tb.rows.find((x) => x.code === '101')?.closingDebit).toBe('7819.68')
  })

  it('every book prints as text', async () => {
    const income = await sanzi(['report', 'income', ...base(), '--period', '2024-03'])
    expect(income.out).toMatch(/四、净收益 +13 +44,319\.68/)
    const detail = await sanzi(['report', 'income-detail', ...base(), '--period', '2024-03'])
    expect(detail.out).toMatch(/50101 +发包收入 +8,000\.00 +58,000\.00/)
    const ledger = await sanzi(['report', 'ledger', ...base(), '--period', '2024-01..2024-03', '--account', '10201', '--aux', '专户'])
    expect(ledger.out).toMatch(/2024-03-20 +记-0004 +基本户转入专户 +肥东农商行长临河支行 专户 +10,000\.00 +0\.00 +借 +10,000\.00/)
    const gl = await sanzi(['report', 'general-ledger', ...base(), '--period', '2024-01..2024-03', '--account', '101'])
    expect(gl.out).toMatch(/2024年3月 +2024年3月 本月合计 +500\.00 +0\.00 +借 +7,819\.68/)
    const cash = await sanzi(['report', 'cash-journal', ...base(), '--period', '2024-01'])
    expect(cash.out).toMatch(/2024-01-10 +本日合计 +2,000\.00 +680\.32 +借 +6,319\.68/)
    const bank = await sanzi(['report', 'bank-journal', ...base(), '--period', '2024-01..2024-03'])
    expect(bank.out).toContain('银行存款日记账  10201 银行存款/农商行基本户：肥东农商行长临河支行 基本户')
    const cp = await sanzi(['report', 'counterparty', ...base(), '--period', '2024-01..2024-03'])
    expect(cp.out).toMatch(/11301 内部往来\/农户往来 +李四 +贷 +1,200\.00 +0\.00 +500\.00 +贷 +1,700\.00/)
    const cpd = await sanzi(['report', 'counterparty', ...base(), '--period', '2024-03', '--detail', '--aux', '张三'])
    expect(cpd.out).toContain('往来明细账  11301 内部往来/农户往来 —— 张三')
    const sum = await sanzi(['report', 'account-summary', ...base(), '--period', '2024-03'])
    expect(sum.out).toContain('凭证起止号：2024年3月 记-0001 至 记-0004（4 张）')
    expect(sum.out).toMatch(/合计 +19,500\.00 +19,500\.00/)
  })

  it('--xlsx writes the workbook through the export and prints its fingerprint', async () => {
    const out = join(t.dir, 'cli', '资产负债表.xlsx')
    const r = await sanzi(['report', 'balance-sheet', ...base(), '--period', '2024-03', '--xlsx', out])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(new RegExp(`^已导出：${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}（\\d+ 行）\\n数据指纹（SHA-256）：[0-9a-f]{64}$`))
    expect(existsSync(out)).toBe(true)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    expect(wb.worksheets[0]?.getCell('A1').value).toBe('资产负债表')
  })

  it('refuses bad input in Chinese', async () => {
    const period = await sanzi(['report', 'balance-sheet', ...base(), '--period', '2024-3'])
    expect(period).toMatchObject({ code: 1, err: '错误：「--period」应为 YYYY-MM 或 YYYY-MM..YYYY-MM，例如 2024-01..2024-03，而不是「2024-3」' })
    const account = await sanzi(['report', 'ledger', ...base(), '--period', '2024-03', '--account', '999'])
    expect(account.err).toBe('错误：找不到科目编码「999」')
    const noAccount = await sanzi(['report', 'ledger', ...base(), '--period', '2024-03'])
    expect(noAccount.err).toBe('错误：明细账请用 --account 指明科目编码')
    const village = await sanzi(['report', 'income', '--db', db, '--village', 'X', '--as', 'clerk', '--period', '2024-03'])
    expect(village.err).toBe('错误：找不到村编码「X」（或您没有该村的权限）')
    const level = await sanzi(['report', 'trial-balance', ...base(), '--period', '2024-03', '--level', '9'])
    expect(level.err).toBe('错误：「--level」应为 1 到 4 的整数')
    const unknown = await sanzi(['report', 'payroll', ...base(), '--period', '2024-03'])
    expect(unknown.code).toBe(2)
  })

  it('amount-words writes 大写金额 and refuses bad amounts', async () => {
    expect(await sanzi(['amount-words', '1680.32'])).toEqual({ code: 0, out: '人民币壹仟陆佰捌拾元零叁角贰分', err: '' })
    expect((await sanzi(['amount-words', '¥1,409.50'])).out).toBe('人民币壹仟肆佰零玖元伍角整')
    expect((await sanzi(['amount-words', '100000'])).out).toBe('人民币壹拾万元整')
    expect(await sanzi(['amount-words', '12.345'])).toEqual({ code: 1, out: '', err: '错误：金额“12.345”超过两位小数' })
    expect((await sanzi(['amount-words', 'abc'])).err).toBe('错误：金额“abc”格式不正确，应为数字，最多两位小数')
    expect((await sanzi(['amount-words'])).code).toBe(2)
  })
})
