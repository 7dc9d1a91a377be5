import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bankCheck, type BankCheckRequest } from '../../../electron/core/campaign/bankCheck'
import { AppError } from '../../../shared/errors'
import { tempDir } from '../../helpers/temp'
import { fileOf, fixture, importFixture, reviewAndPostAll, type ImportFixture } from '../imports/setup'
import { ACCOUNT_10201, editedStatement, statementFile } from './statementFiles'

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('not refused')
}

describe('bank check of 10201 for 2024-12 against the shared statement (the fixture README’s 余额调节表)', () => {
  const t = tempDir()
  let f: ImportFixture
  let req: Omit<BankCheckRequest, 'file'>
  let account10202: number
  beforeAll(async () => {
    f = await importFixture(t.dir)
    const v = f.villageId
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: v, file: fileOf(fixture('chart.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.opening', { villageId: v, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: v, file: fileOf(fixture('journal-2024.xlsx')), commit: true })
    expect(await reviewAndPostAll(f)).toBe(688)
    const chart = await f.engine.invoke(f.clerk, 'account.list', { villageId: v })
    const a10201 = chart.find((a) => a.code === '10201')
    const a10202 = chart.find((a) => a.code === '10202')
    if (!a10201 || !a10202) throw new Error('no 10201/10202')
    account10202 = a10202.id
    req = { villageId: v, accountId: a10201.id, period: '2024-12' }
  }, 180_000)
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('reproduces the table: book 1,308,220.69, statement 1,365,168.93, 2+1+1+1 items, both adjusted 1,362,743.15', async () => {
    const r = await bankCheck(f.engine.db, { ...req, file: statementFile() })
    expect(r).toMatchObject({ code: '10201', from: '2024-12-01', to: '2024-12-31', bookOpening: 139_629_163, registeredAccountNumber: null })
    expect(r.statement).toMatchObject({ accountNumber: ACCOUNT_10201, opening: 139_629_163, closing: 136_516_893 })
    expect(r.reconciliation.table).toEqual({
      bookBalance: 130_822_069,
      bankReceivedNotBooked: 5_456_146,
      bankPaidNotBooked: 3_900,
      bookAdjusted: 136_274_315,
      statementBalance: 136_516_893,
      bookReceivedNotBanked: 108_596,
      bookPaidNotBanked: 351_174,
      statementAdjusted: 136_274_315,
      agrees: true,
      difference: 0,
    })
    const rc = r.reconciliation
    expect(rc.bankReceivedNotBooked.map((x) => [x.line.date, x.line.summary, x.amount])).toEqual([
      ['2024-12-21', '结息 第四季度存款利息', 116_146],
      ['2024-12-30', '财政拨款 农村人居环境整治奖补资金', 5_340_000],
    ])
    expect(rc.bankPaidNotBooked.map((x) => [x.line.date, x.line.summary, x.amount])).toEqual([['2024-12-21', '手续费 账户管理费及网银年费', 3_900]])
    expect(rc.bookReceivedNotBanked.map((x) => [x.line.date, x.line.voucherLabel, x.amount])).toEqual([['2024-12-31', '记-0053', 108_596]])
    expect(rc.bookReceivedNotBanked[0]?.line.summary).toContain('废旧物资变卖款')
    expect(rc.bookPaidNotBanked.map((x) => [x.line.date, x.line.voucherLabel, x.amount])).toEqual([['2024-12-30', '记-0052', 351_174]])
    expect(rc.bookPaidNotBanked[0]?.line.summary).toContain('屋面维修款')
    // every other December line of 10201 has exactly one statement line: 26 − 3 = 23 pairs, the bank at most a business day later
    expect(rc.matches).toHaveLength(23)
    expect(r.bookLines).toHaveLength(25)
    expect(rc.matches.every((m) => m.businessDays === 0 || m.businessDays === 1)).toBe(true)
    expect(rc.matches.some((m) => m.businessDays === 1)).toBe(true)
    expect(rc.statementConsistent).toBe(true)
    expect(r.notices).toContain('该科目没有登记银行账户（或登记了多个），未能核对对账单的账号')
  })

  it('checks the statement against the registered account number, and refuses a statement of another account', async () => {
    const chart = await f.engine.invoke(f.clerk, 'account.list', { villageId: f.villageId })
    const opening = await f.engine.invoke(f.clerk, 'opening.get', { villageId: f.villageId })
    const item = opening.rows.find((x) => x.code === '10201')?.auxItemId ?? undefined
    expect(chart.find((a) => a.id === req.accountId)?.auxKind).toBe('bank')
    await f.engine.invoke(f.clerk, 'bankAccount.create', { villageId: f.villageId, bankName: '肥东农村商业银行长临河支行', accountNo: ACCOUNT_10201, nature: 'basic', accountId: req.accountId, auxItemId: item, openedOn: '2020-01-01', note: null })
    const ok = await bankCheck(f.engine.db, { ...req, auxItemId: item, file: statementFile() })
    expect(ok).toMatchObject({ registeredAccountNumber: ACCOUNT_10201, bankName: '肥东农村商业银行长临河支行' })
    expect(ok.reconciliation.table.bookAdjusted).toBe(136_274_315)
    expect(ok.notices).toEqual([])

    const other = await refusal(bankCheck(f.engine.db, { ...req, file: statementFile(await editedStatement({ D2: '账号：3206726294592058129' })) }))
    expect(other.code).toBe('VALIDATION')
    expect(other.details?.issues).toEqual([{ path: '表头', message: `对账单的账号 3206726294592058129 与本账户登记的账号 ${ACCOUNT_10201} 不符，请导入本账户的对账单` }])
  })

  it('takes last month’s outstanding items into the matching, and says when the openings do not differ by them', async () => {
    const cheque = { date: '2024-11-29', voucherLabel: '记-0060', summary: '支付工程款（转账支票）', debit: 0, credit: 200_000 }
    const r = await bankCheck(f.engine.db, { ...req, file: statementFile(), carried: { bookLines: [cheque], statementLines: [] } })
    expect(r.reconciliation.bookPaidNotBanked.map((x) => [x.line.voucherLabel, x.amount, x.carried])).toEqual([
      ['记-0060', 200_000, true],
      ['记-0052', 351_174, false],
    ])
    expect(r.reconciliation.matches).toHaveLength(23)
    expect(r.notices).toEqual([
      '对账单期初余额 1,396,291.63 与账面期初余额 1,396,291.63 相差 0.00，与上月结转的未达账项（2,000.00）不符，请核对上月的余额调节表',
    ])
  })

  it('refuses a statement in another layout', async () => {
    const e = await refusal(bankCheck(f.engine.db, { ...req, file: statementFile(await editedStatement({ C4: '交易金额', D4: '借贷标志' })) }))
    expect(e.message).toMatch(/^银行对账单不能导入：工作表「交易明细」第 4 行像是银行对账单的表头，但缺少列：「支出」.*「收入」/)
  })

  it('takes amounts as text with separators, and refuses malformed amount text at its cell', async () => {
    const grouped = await bankCheck(f.engine.db, { ...req, file: statementFile(await editedStatement({ C5: '3,615.46', E5: '1,392,676.17', D30: '53,400.00', E30: '1,365,168.93' })) })
    expect(grouped.reconciliation.table).toMatchObject({ statementBalance: 136_516_893, bookAdjusted: 136_274_315, statementAdjusted: 136_274_315, agrees: true })
    const e = await refusal(bankCheck(f.engine.db, { ...req, file: statementFile(await editedStatement({ D30: '53400.00元', E29: '1 311 768.93' })) }))
    expect(e.details?.issues).toEqual([
      { path: 'E29', message: '余额金额格式不正确：“1 311 768.93”（应为数字，最多两位小数，可带千分位逗号）' },
      { path: 'D30', message: '收入金额格式不正确：“53400.00元”（应为数字，最多两位小数，可带千分位逗号）' },
    ])
  })

  it('refuses a statement of another month, an account that is not a 102 leaf, and a bad period', async () => {
    const late = await refusal(bankCheck(f.engine.db, { ...req, period: '2024-11', file: statementFile() }))
    expect(late.message).toBe('对账单中有 26 笔交易不在 2024-11-01 至 2024-11-30 内，请导入 2024-11 的对账单')
    const chart = await f.engine.invoke(f.clerk, 'account.list', { villageId: f.villageId })
    const a102 = chart.find((a) => a.code === '102')
    const a101 = chart.find((a) => a.code === '101')
    for (const a of [a102, a101]) {
      const e = await refusal(bankCheck(f.engine.db, { ...req, accountId: a?.id ?? 0, file: statementFile() }))
      expect(e.message).toBe(`银行存款核实只能选择 102 银行存款的末级科目，“${a?.code} ${a?.name}”不是`)
    }
    expect((await refusal(bankCheck(f.engine.db, { ...req, period: '2024-13', file: statementFile() }))).code).toBe('VALIDATION')
    // 10202 against the statement of 10201: nothing matches and the tables do not agree
    const wrong = await bankCheck(f.engine.db, { ...req, accountId: account10202, file: statementFile() })
    expect(wrong.reconciliation.matches).toEqual([])
    expect(wrong.reconciliation.table.agrees).toBe(false)
  })
})
