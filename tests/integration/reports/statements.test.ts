import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Statement } from '../../../shared/api/types'
import { tempDir } from '../../helpers/temp'
import { fen, reportFixture, village2004, type ReportFixture } from './fixture'

/** [行次, 年初/本年, 期末/上年] of every row with a 行次 */
const figures = (s: Statement) => Object.fromEntries(s.rows.filter((r) => r.line !== null).map((r) => [r.label, r.values]))

describe('statements from templates (资产负债表, 收益及收益分配表, 收支明细表)', () => {
  const t = tempDir()
  let f: ReportFixture
  beforeAll(async () => {
    f = await reportFixture(t.dir)
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('资产负债表 (2023) at 2024-03: exact figures, 113 split by the sign of each household, and the check holds', async () => {
    const bs = await f.engine.invoke(f.clerk, 'report.balanceSheet', { villageId: f.villageId, to: '2024-03' })
    expect(bs).toMatchObject({ templateId: 'balance-sheet-2023', title: '资产负债表', dateLabel: '2024年3月31日', from: '2024-01', to: '2024-03', ok: true })
    expect(bs.columns.map((c) => c.label)).toEqual(['年初数', '期末数'])
    const v = figures(bs)
    expect(v['货币资金']).toEqual(['205000.00', '243819.68'])
    // 张三 owes 2,000 (debit) → 应收款项; 李四 has paid 1,700 in advance (credit) → 应付款项
    expect(v['应收款项']).toEqual(['3000.00', '10000.00'])
    expect(v['应付款项']).toEqual(['1200.00', '1700.00'])
    expect(v['固定资产原值']).toEqual(['800000.00', '800000.00'])
    expect(v['减：累计折旧']).toEqual(['120000.00', '121000.00'])
    expect(v['固定资产净值']).toEqual(['680000.00', '679000.00'])
    expect(v['流动资产合计']).toEqual(['208000.00', '253819.68'])
    expect(v['资产总计']).toEqual(['888000.00', '932819.68'])
    expect(v['资本']).toEqual(['600000.00', '600000.00'])
    expect(v['公积公益金']).toEqual(['230000.00', '230000.00'])
    // the year is not closed: 未分配收益 = 321 + 322 + the 损益 balances (58,000.00 − 13,680.32)
    expect(v['未分配收益']).toEqual(['56800.00', '101119.68'])
    expect(v['负债和所有者权益总计']).toEqual(['888000.00', '932819.68'])
    expect(bs.checks.filter((c) => c.label.startsWith('资产总计'))).toEqual([
      { label: '资产总计 = 负债和所有者权益总计', column: '年初数', left: '888000.00', right: '888000.00', ok: true },
      { label: '资产总计 = 负债和所有者权益总计', column: '期末数', left: '932819.68', right: '932819.68', ok: true },
    ])
    expect(bs.checks.at(-1)).toMatchObject({ label: '有余额的科目均已列入本表', ok: true })
    // drill-down: a row names the accounts it reads
    const receivables = bs.rows.find((r) => r.label === '应收款项')
    expect(receivables?.accounts.map((a) => a.code)).toEqual(['112', '113'])
    expect(receivables?.accounts[0]?.accountId).toBe(f.account('112').id)
    expect(bs.rows.find((r) => r.label === '资产总计')?.accounts.length).toBeGreaterThan(10)
    // two-sided form; headings carry no amounts
    expect(bs.parts.map((p) => p.heading)).toEqual(['资产', '负债和所有者权益'])
    expect(bs.rows.find((r) => r.label === '流动资产：')).toMatchObject({ line: null, values: [null, null], bold: true, part: 'left' })
    expect(bs.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    // the same figures give the same fingerprint
    expect((await f.engine.invoke(f.reviewer, 'report.balanceSheet', { villageId: f.villageId, to: '2024-03' })).fingerprint).toBe(bs.fingerprint)
  })

  it('收益及收益分配表 (2023) at 2024-03 from the year-to-date activity', async () => {
    const is = await f.engine.invoke(f.clerk, 'report.incomeStatement', { villageId: f.villageId, to: '2024-03' })
    expect(is).toMatchObject({ templateId: 'income-2023', dateLabel: '2024年1—3月', ok: true })
    expect(is.columns).toEqual([
      { key: 'year', label: '本年数', from: '2024-01', to: '2024-03' },
      { key: 'prior', label: '上年数', from: '2023-01', to: '2023-12' },
    ])
    const v = figures(is)
    // 2023 lies before the books start (2024-01): 上年数 is left blank, not made up
    expect(v['一、经营收入']).toEqual(['58000.00', null])
    expect(v['管理费用']).toEqual(['13680.32', null])
    expect(v['二、经营收益']).toEqual(['44319.68', null])
    expect(v['三、收益总额']).toEqual(['44319.68', null])
    expect(v['四、净收益']).toEqual(['44319.68', null])
    expect(v['加：年初未分配收益']).toEqual(['56800.00', null])
    expect(v['五、可分配收益']).toEqual(['101119.68', null])
    expect(v['六、年末未分配收益']).toEqual(['101119.68', null])
    expect(is.checks.every((c) => c.ok)).toBe(true)
    expect(is.checks.map((c) => c.column)).toEqual(['本年数', '本年数'])
    expect(is.checks.find((c) => c.label.startsWith('年末未分配收益') && c.column === '本年数')).toMatchObject({ left: '101119.68', right: '101119.68' })
  })

  it('收支明细表: 本月数 and 本年累计数 per item and sub-account', async () => {
    const d = await f.engine.invoke(f.clerk, 'report.incomeExpenseDetail', { villageId: f.villageId, from: '2024-03', to: '2024-03' })
    expect(d.currentLabel).toBe('本月数')
    const rows = Object.fromEntries(d.rows.filter((r) => r.kind !== 'heading').map((r) => [r.code ?? r.name, [r.current, r.ytd]]))
    expect(rows['501']).toEqual(['8000.00', '58000.00'])
    expect(rows['50101']).toEqual(['8000.00', '58000.00'])
    expect(rows['513']).toEqual(['1000.00', '13680.32'])
    expect(rows['51301']).toEqual(['0.00', '12000.00'])
    expect(rows['51302']).toEqual(['1000.00', '1680.32'])
    expect(rows['514']).toEqual(['0.00', '0.00'])
    expect(rows['收入合计']).toEqual(['8000.00', '58000.00'])
    expect(rows['支出合计']).toEqual(['1000.00', '13680.32'])
    expect(rows['三、收支差额（收入合计 − 支出合计）']).toEqual(['7000.00', '44319.68'])
    const q1 = await f.engine.invoke(f.clerk, 'report.incomeExpenseDetail', { villageId: f.villageId, from: '2024-01', to: '2024-03', level: 1 })
    expect(q1.currentLabel).toBe('本期数')
    expect(q1.rows.some((r) => r.level === 2)).toBe(false)
  })

  it('after the year-end close the income statement still shows the year, the distribution rows fill, and both statements agree', async () => {
    await f.post('2024-12-20', '提取公积公益金', [
      { account: '3220101', debit: '4431.97' },
      { account: '311', credit: '4431.97' },
    ])
    await f.post('2024-12-25', '向成员分配收益', [
      { account: '3220102', debit: '20000' },
      { account: '10201', aux: f.items.basic, credit: '20000' },
    ])
    const drafts = await f.engine.invoke(f.clerk, 'period.carryForward', { villageId: f.villageId, year: 2024 })
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: drafts.map((d) => d.id) })
    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: drafts.map((d) => d.id) })

    const is = await f.engine.invoke(f.clerk, 'report.incomeStatement', { villageId: f.villageId, to: '2024-12' })
    expect(is.dateLabel).toBe('2024年度')
    const v = figures(is)
    expect(v['一、经营收入']?.[0]).toBe('58000.00')
    expect(v['四、净收益']?.[0]).toBe('44319.68')
    expect(v['减：提取公积公益金']?.[0]).toBe('4431.97')
    expect(v['向成员分配收益']?.[0]).toBe('20000.00')
    expect(v['其他']?.[0]).toBe('0.00')
    expect(v['六、年末未分配收益']?.[0]).toBe('76687.71')
    expect(is.ok).toBe(true)

    const bs = await f.engine.invoke(f.clerk, 'report.balanceSheet', { villageId: f.villageId, to: '2024-12' })
    const b = figures(bs)
    expect(b['未分配收益']?.[1]).toBe('76687.71')
    expect(b['公积公益金']?.[1]).toBe('234431.97')
    expect(bs.ok).toBe(true)

    // next year: 年初数 is last year's end, 上年数 is last year's activity
    const next = await f.engine.invoke(f.clerk, 'report.balanceSheet', { villageId: f.villageId, to: '2025-01' })
    expect(figures(next)['未分配收益']).toEqual(['76687.71', '76687.71'])
    expect(figures(next)['资产总计']?.[0]).toBe(b['资产总计']?.[1])
    const nextIs = await f.engine.invoke(f.clerk, 'report.incomeStatement', { villageId: f.villageId, to: '2025-01' })
    expect(figures(nextIs)['一、经营收入']).toEqual(['0.00', '58000.00'])
    expect(figures(nextIs)['加：年初未分配收益']).toEqual(['76687.71', '56800.00'])
    expect(nextIs.ok).toBe(true)
  })

  it('a 2004 village gets the 2004 layout (confirmed 行次), the optional 241 row when used, and a balanced sheet', async () => {
    const old = await village2004(f)
    await old.post('2024-02-01', '收到承包金', [
      { account: '101', debit: '300' },
      { account: '511', credit: '300' },
    ])
    await old.post('2024-02-02', '支付会议费', [
      { account: '541', debit: '100' },
      { account: '101', credit: '100' },
    ])
    await old.post('2024-02-03', '张三借款由李四代付', [
      { account: '11301', aux: old.items.zhang, debit: '50' },
      { account: '11301', aux: old.items.li, credit: '50' },
    ])
    await old.post('2024-02-04', '收到专项资金', [
      { account: '102', debit: '500' },
      { account: '241', credit: '500' },
    ])
    const bs = await f.engine.invoke(f.clerk, 'report.balanceSheet', { villageId: old.villageId, to: '2024-02' })
    expect(bs.templateId).toBe('balance-sheet-2004')
    expect(bs.parts.map((p) => p.heading)).toEqual(['资产', '负债及所有者权益'])
    const lines = Object.fromEntries(bs.rows.filter((r) => r.line !== null).map((r) => [r.line, [r.label, r.values[1]]]))
    expect(lines[1]).toEqual(['货币资金', '1700.00'])
    expect(lines[5]).toEqual(['应收款项', '50.00'])
    expect(lines[32]).toEqual(['资产总计', '1750.00'])
    expect(lines[36]).toEqual(['应付款项', '50.00'])
    expect(lines[44]).toEqual(['专项应付款（选用）', '500.00'])
    expect(lines[52]).toEqual(['未分配收益', '200.00'])
    expect(lines[56]).toEqual(['负债和所有者权益总计', '1750.00'])
    // optional rows of unused accounts are left out
    expect(lines[17]).toBeUndefined()
    expect(lines[27]).toBeUndefined()
    expect(bs.ok).toBe(true)

    const is = await f.engine.invoke(f.clerk, 'report.incomeStatement', { villageId: old.villageId, to: '2024-02' })
    expect(is.templateId).toBe('income-2004')
    const v = figures(is)
    expect(v['加：发包及上交收入']?.[0]).toBe('300.00')
    expect(v['管理费用']?.[0]).toBe('100.00')
    expect(v['三、本年收益']?.[0]).toBe('200.00')
    expect(v['六、年末未分配收益']?.[0]).toBe('200.00')
    expect(is.ok).toBe(true)

    const wrong = await f.engine.call(f.clerk, 'report.balanceSheet', { villageId: old.villageId, to: '2024-02', template: 'balance-sheet-2023' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '报表格式“balance-sheet-2023”不适用于2004 年会计制度的资产负债表' } })
  })

  it('a failed check is shown, not hidden: a balance table out of step makes the sheet disagree', async () => {
    const t2 = tempDir()
    const g = await reportFixture(t2.dir)
    try {
      // simulate damage: a one-sided amount in the balance table (what ledger.verifyBalances would report)
      await g.engine.db.insertInto('balance').values({ village_id: g.villageId, account_id: g.account('121').id, aux_item_id: 0, period: '2024-03', debit: fen('0.01'), credit: 0 }).execute()
      const bs = await g.engine.invoke(g.clerk, 'report.balanceSheet', { villageId: g.villageId, to: '2024-03' })
      expect(bs.ok).toBe(false)
      expect(bs.checks.find((c) => c.column === '期末数' && c.label.startsWith('资产总计'))).toEqual({
        label: '资产总计 = 负债和所有者权益总计',
        column: '期末数',
        left: '932819.69',
        right: '932819.68',
        ok: false,
      })
      expect(bs.checks.find((c) => c.column === '年初数' && c.label.startsWith('资产总计'))?.ok).toBe(true)
    } finally {
      await g.engine.close()
      t2.cleanup()
    }
  })

  it('refuses bad input in Chinese and villages outside the user\'s', async () => {
    const r = await f.engine.call(f.clerk, 'report.balanceSheet', { villageId: f.villageId, to: '2024-13' })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '「报表期间」格式应为 YYYY-MM，例如 2024-01' } })
    const early = await f.engine.call(f.clerk, 'report.incomeStatement', { villageId: f.villageId, to: '2023-12' })
    expect(early).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '报表期间 2023年12月 早于建账期间 2024年1月' } })
    const r2 = await f.engine.call(f.clerk, 'report.incomeExpenseDetail', { villageId: f.villageId, from: '2024-05', to: '2024-03' })
    expect(r2).toMatchObject({ ok: false, error: { message: '开始期间 2024年5月 不能晚于结束期间 2024年3月' } })
    const other = await f.engine.invoke(f.admin, 'village.create', { code: '340122188', name: '别村', uscc: null, level: 'village', parentId: null, chartVersion: '2023', startPeriod: '2024-01', contactPerson: null, contactPhone: null, address: null })
    const r3 = await f.engine.call(f.clerk, 'report.balanceSheet', { villageId: other.id, to: '2024-03' })
    expect(r3).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
