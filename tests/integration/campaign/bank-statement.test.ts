import { describe, expect, it } from 'vitest'
import { readBankStatement, titleFacts, type BankStatement } from '../../../electron/core/campaign/bankStatement'
import { AppError } from '../../../shared/errors'
import { formatFen, fenToYuanString } from '../../../shared/money'
import { ACCOUNT_10201, editedStatement, gbk, statementFile } from './statementFiles'

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('not refused')
}

const issuesOf = (e: AppError): { path: string; message: string }[] => (e.details?.issues ?? []) as { path: string; message: string }[]

/** The fixture's transactions as CSV text, with or without the bank's title rows, amounts grouped or plain. */
function csvOf(s: BankStatement, o: { title: boolean; grouped: boolean }): string {
  const amount = (f: number): string => (f === 0 ? '' : o.grouped ? `"${formatFen(f)}"` : fenToYuanString(f))
  const rows = [
    ...(o.title ? ['肥东农村商业银行长临河支行 账户交易明细,,,,,,', `户名：杨桥村股份经济合作社,,,账号：${ACCOUNT_10201},,币种：人民币,`, '查询期间：2024-12-01 至 2024-12-31,,,"期初余额：1,396,291.63",,,'] : []),
    '交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,流水号',
    ...s.lines.map((l) => [l.date.replaceAll('-', '/'), l.summary, amount(l.outflow), amount(l.inflow), o.grouped ? `"${formatFen(l.balance ?? 0)}"` : fenToYuanString(l.balance ?? 0), l.counterparty ?? '', l.serial ?? ''].join(',')),
  ]
  return `${rows.join('\r\n')}\r\n`
}

describe('readBankStatement', () => {
  it('reads the December statement of 10201: title rows skipped, account number, period and opening from them', async () => {
    const s = await readBankStatement(statementFile(), { expectedAccountNumber: ACCOUNT_10201 })
    expect(s).toMatchObject({ accountNumber: ACCOUNT_10201, periodFrom: '2024-12-01', periodTo: '2024-12-31', opening: 139_629_163, closing: 136_516_893, format: 'xlsx', sheet: '交易明细', headerRow: 4 })
    expect(s.lines).toHaveLength(26)
    expect(s.lines[0]).toEqual({ date: '2024-12-02', summary: '网银转账', inflow: 0, outflow: 361_546, balance: 139_267_617, counterparty: '肥东永固建材经营部', serial: '20241202116132001', row: 5 })
    expect(s.lines[19]).toMatchObject({ date: '2024-12-21', summary: '手续费 账户管理费及网银年费', outflow: 3_900, counterparty: null })
    expect(s.lines.reduce((t, l) => t + l.inflow, 0)).toBe(7_116_660) // 12,150 + 4,455.14 + 1,161.46 + 53,400
  })

  it('reads the same statement as GBK CSV with 借方/贷方发生额 and amounts as text with separators, and as UTF-8 CSV without title rows', async () => {
    const xlsx = await readBankStatement(statementFile())
    const fromGbk = await readBankStatement({ name: '对账单.csv', bytes: gbk(csvOf(xlsx, { title: true, grouped: true })) }, { expectedAccountNumber: `${ACCOUNT_10201.slice(0, 4)} ${ACCOUNT_10201.slice(4)}` })
    expect(fromGbk).toMatchObject({ format: 'csv', encoding: 'GBK', accountNumber: ACCOUNT_10201, opening: xlsx.opening, closing: xlsx.closing, headerRow: 4 })
    expect(fromGbk.lines.map(({ row: _row, ...l }) => l)).toEqual(xlsx.lines.map(({ row: _row, ...l }) => l))
    const plain = await readBankStatement({ name: 'statement.csv', bytes: Buffer.from(`\ufeff${csvOf(xlsx, { title: false, grouped: false })}`, 'utf8') }, { expectedAccountNumber: ACCOUNT_10201 })
    expect(plain).toMatchObject({ encoding: 'UTF-8（带 BOM）', accountNumber: null, opening: 139_629_163, closing: 136_516_893, headerRow: 1 })
    expect(plain.notices).toContain('对账单表头中没有账号，未能核对账号，请确认是本账户的对账单')
  })

  it('reads a statement printed newest first in date order', async () => {
    const xlsx = await readBankStatement(statementFile())
    const reversed = { ...xlsx, lines: [...xlsx.lines].reverse() }
    const s = await readBankStatement({ name: 'newest-first.csv', bytes: Buffer.from(csvOf(reversed, { title: false, grouped: false }), 'utf8') })
    expect(s.notices).toContain('对账单按日期倒序排列，已按日期正序核对')
    expect(s).toMatchObject({ opening: 139_629_163, closing: 136_516_893 })
    expect(s.lines.map((l) => l.serial)).toEqual(xlsx.lines.map((l) => l.serial))
  })

  it('refuses a statement of another account number', async () => {
    const e = await refusal(readBankStatement(statementFile(), { expectedAccountNumber: '3206726294592058129' }))
    expect(e.code).toBe('VALIDATION')
    expect(issuesOf(e)).toEqual([{ path: '表头', message: `对账单的账号 ${ACCOUNT_10201} 与本账户登记的账号 3206726294592058129 不符，请导入本账户的对账单` }])
  })

  it('refuses another layout: one 金额 column with a 借贷 mark instead of 支出 and 收入', async () => {
    const bytes = await editedStatement({ C4: '交易金额', D4: '借贷标志' })
    const e = await refusal(readBankStatement(statementFile(bytes)))
    expect(e.message).toBe('银行对账单不能导入：工作表「交易明细」第 4 行像是银行对账单的表头，但缺少列：「支出」（也可写作：借方发生额、支出金额、借方金额、付款金额、借方）；「收入」（也可写作：贷方发生额、收入金额、贷方金额、收款金额、贷方）')
  })

  it('accepts amounts as text with separators but refuses malformed amount text, each at its cell', async () => {
    const ok = await readBankStatement(statementFile(await editedStatement({ C5: '3,615.46', E5: '1,392,676.17', D6: '12150.00' })))
    expect(ok.lines[0]).toMatchObject({ outflow: 361_546, balance: 139_267_617 })
    expect(ok.lines[1]).toMatchObject({ inflow: 1_215_000 })
    const e = await refusal(readBankStatement(statementFile(await editedStatement({ C5: '3.615,46', D6: '12150元', C7: '６０００', E8: '1,393,326.170' }))))
    expect(issuesOf(e)).toEqual([
      { path: 'C5', message: '支出金额格式不正确：“3.615,46”（应为数字，最多两位小数，可带千分位逗号）' },
      { path: 'D6', message: '收入金额格式不正确：“12150元”（应为数字，最多两位小数，可带千分位逗号）' },
      { path: 'C7', message: '支出金额格式不正确：“６０００”含全角字符，请改为半角数字' },
      { path: 'E8', message: '余额金额超过两位小数：“1,393,326.170”（不会四舍五入）' },
    ])
    expect(e.message).toMatch(/^银行对账单不能导入（4 处问题）：C5：支出金额格式不正确/)
  })

  it('refuses a running balance that does not chain, at the balance cell', async () => {
    const e = await refusal(readBankStatement(statementFile(await editedStatement({ E12: 1356434.47 }))))
    expect(issuesOf(e)).toEqual([
      { path: 'E12', message: '余额 1,356,434.47 与上一笔余额 1,360,679.47 + 收入 0.00 − 支出 4,335.00 = 1,356,344.47 不符' },
      { path: 'E13', message: '余额 1,351,344.47 与上一笔余额 1,356,434.47 + 收入 0.00 − 支出 5,000.00 = 1,351,434.47 不符' },
    ])
    // an opening in the title that the first balance does not follow
    const o = await refusal(readBankStatement(statementFile(await editedStatement({ D3: '期初余额：1,396,291.36' }))))
    expect(issuesOf(o)).toEqual([{ path: 'E5', message: '余额 1,392,676.17 与上一笔余额 1,396,291.36 + 收入 0.00 − 支出 3,615.46 = 1,392,675.90 不符（上一笔余额即表头的期初余额）' }])
  })

  it('refuses a line with both or neither amount, a blank date, and a line outside the period', async () => {
    const e = await refusal(readBankStatement(statementFile(await editedStatement({ D5: 1, C6: null, D6: null, A7: null }))))
    expect(issuesOf(e).map((i) => i.path)).toEqual(['第 5 行', '第 6 行', 'A7'])
    expect(issuesOf(e)[0]?.message).toBe('同一笔交易既有收入 1.00 又有支出 3,615.46')
    const late = await refusal(readBankStatement(statementFile(await editedStatement({ A30: '2025-01-02' }))))
    expect(issuesOf(late)).toEqual([{ path: 'A30', message: '交易日期 2025-01-02 不在查询期间 2024-12-01 至 2024-12-31 内' }])
  })
})

describe('titleFacts', () => {
  it('finds the account number, the period and the opening in the bank’s title texts', () => {
    expect(titleFacts(['中国农业银行 对账单', '帐号: 6228 4801-2345 6789', '起止日期：2024年12月1日 至 2024年12月31日', '上期余额 ￥-12.30'])).toEqual({
      accountNumber: '6228480123456789',
      periodFrom: '2024-12-01',
      periodTo: '2024-12-31',
      opening: -1_230,
      problems: [],
    })
    expect(titleFacts(['账户交易明细'])).toEqual({ accountNumber: null, periodFrom: null, periodTo: null, opening: null, problems: [] })
    expect(titleFacts(['期初余额：1.234,56']).problems).toEqual(['表头的期初余额“1.234,56”格式不正确（金额“1.234,56”格式不正确，应为数字，最多两位小数）'])
  })
})
