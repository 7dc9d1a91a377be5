import { describe, expect, it } from 'vitest'
import {
  amountOf,
  columnLetter,
  columnNumber,
  countOf,
  dateFromText,
  dateOf,
  excelSerialToDate,
  fromExcelValue,
  keyTextOf,
  parseRange,
  textOf,
} from '../../../electron/core/io/cells'

const ok = <T>(value: T) => ({ ok: true, value })

describe('amounts from cells: integer 分, never rounded, never a float on the way (reliability.md G/H-09)', () => {
  it('reads numbers through their shortest decimal text', () => {
    expect(amountOf(106985)).toEqual(ok(10698500))
    expect(amountOf(17254.13)).toEqual(ok(1725413))
    expect(amountOf(0.07)).toEqual(ok(7))
    expect(amountOf(1234.1)).toEqual(ok(123410))
    expect(amountOf(-0)).toEqual(ok(0))
    expect(amountOf(-8190.48)).toEqual(ok(-819048))
  })

  it('refuses more than two decimals, float artefacts and exponents', () => {
    expect(amountOf(106985.125)).toEqual({ ok: false, message: '金额超过两位小数：106985.125（不会四舍五入）' })
    expect(amountOf(0.1 + 0.2)).toEqual({ ok: false, message: '金额超过两位小数：0.30000000000000004（不会四舍五入）' })
    expect(amountOf(1.005)).toEqual({ ok: false, message: '金额超过两位小数：1.005（不会四舍五入）' })
    expect(amountOf(1e21)).toEqual({ ok: false, message: '金额格式不正确：1e+21（数值过大或过小）' })
    expect(amountOf(1e-7)).toEqual({ ok: false, message: '金额格式不正确：1e-7（数值过大或过小）' })
    expect(amountOf(1e14)).toEqual({ ok: false, message: '金额超出允许范围：100000000000000' })
    expect(amountOf(Number.NaN)).toEqual({ ok: false, message: '金额格式不正确' })
  })

  it('reads text with the strict parser: thousands separators yes; exponent, hex, full-width, currency no', () => {
    expect(amountOf('12,345.60')).toEqual(ok(1234560))
    expect(amountOf(' 163,809.52 ')).toEqual(ok(16380952))
    expect(amountOf('')).toEqual(ok(0))
    expect(amountOf('   ')).toEqual(ok(0))
    expect(amountOf(null)).toEqual(ok(0))
    for (const bad of ['1e3', '0x10', '1_000', 'Infinity', 'NaN', '¥100', '100元', '(100.00)', '1,00.00', '12.3.4']) {
      expect(amountOf(bad), bad).toEqual({ ok: false, message: `金额格式不正确：“${bad}”（应为数字，最多两位小数，可带千分位逗号）` })
    }
    expect(amountOf('１０６９８５．００')).toEqual({ ok: false, message: '金额格式不正确：“１０６９８５．００”含全角字符，请改为半角数字' })
    expect(amountOf('0.001')).toEqual({ ok: false, message: '金额超过两位小数：“0.001”（不会四舍五入）' })
    expect(amountOf('99999999999999999.99')).toMatchObject({ ok: false })
  })

  it('refuses formulas (with the cached result shown), error cells, booleans and dates', () => {
    expect(amountOf({ kind: 'formula', formula: '=106885+100', result: 106985 })).toEqual({ ok: false, message: '金额单元格含公式（=106885+100，缓存结果 106,985.00），请将公式转为数值后再导入' })
    expect(amountOf({ kind: 'formula', formula: '=A1', result: null })).toEqual({ ok: false, message: '金额单元格含公式（=A1，没有计算结果），请将公式转为数值后再导入' })
    expect(amountOf({ kind: 'error', error: '#VALUE!' })).toEqual({ ok: false, message: '单元格为错误值 #VALUE!，请改正后再导入' })
    expect(amountOf(true)).toEqual({ ok: false, message: '金额不能是逻辑值 TRUE' })
    expect(amountOf(new Date(0))).toEqual({ ok: false, message: '金额格式不正确：单元格是日期' })
  })
})

describe('dates from cells: Excel serials (1900 and 1904), date cells, the accepted texts, the calendar', () => {
  it('converts serials with the 1900 leap-year bug and the 1904 system', () => {
    expect(excelSerialToDate(45292, false)).toEqual(ok('2024-01-01'))
    expect(excelSerialToDate(45292.75, false)).toEqual(ok('2024-01-01'))
    expect(excelSerialToDate(1, false)).toEqual(ok('1900-01-01'))
    expect(excelSerialToDate(59, false)).toEqual(ok('1900-02-28'))
    expect(excelSerialToDate(60, false)).toEqual({ ok: false, message: '日期无效：Excel 日期序号 60 对应不存在的 1900-02-29（Excel 1900 闰年错误）' })
    expect(excelSerialToDate(61, false)).toEqual(ok('1900-03-01'))
    expect(excelSerialToDate(0, true)).toEqual(ok('1904-01-01'))
    expect(excelSerialToDate(45292 - 1462, true)).toEqual(ok('2024-01-01'))
    expect(excelSerialToDate(0, false)).toMatchObject({ ok: false })
    expect(excelSerialToDate(-5, true)).toMatchObject({ ok: false })
    expect(excelSerialToDate(2_958_466, false)).toMatchObject({ ok: false }) // after 9999-12-31
  })

  it('reads date cells with the UTC getters (a UTC-midnight date stays its day in UTC+8)', () => {
    expect(dateOf(new Date(Date.UTC(2024, 2, 5)), false)).toEqual(ok('2024-03-05'))
    expect(dateOf(45356, false)).toEqual(ok('2024-03-05'))
    expect(dateOf(20240305, false)).toEqual(ok('2024-03-05'))
    expect(dateOf(null, false)).toEqual(ok(null))
    expect(dateOf({ kind: 'formula', formula: '=TODAY()', result: 45356 }, false)).toEqual({ ok: false, message: '日期单元格含公式（=TODAY()），请改为日期值后再导入' })
  })

  it('accepts 2024-03-05, 2024/3/5, 2024年3月5日, 20240305 and refuses impossible or ambiguous ones', () => {
    for (const t of ['2024-03-05', '2024-3-5', '2024/3/5', '2024/03/05', '2024.3.5', '2024年3月5日', '20240305', '2024-03-05 00:00:00', ' 2024/3/5 ']) {
      expect(dateFromText(t), t).toEqual(ok('2024-03-05'))
    }
    expect(dateFromText('2024-02-29')).toEqual(ok('2024-02-29'))
    for (const t of ['2024-02-30', '2023-02-29', '2023-13-01', '2024-00-10', '20240230']) expect(dateFromText(t), t).toEqual({ ok: false, message: `日期无效：${t}` })
    for (const t of ['03/05/2024', '5/3/2024', '2024-03', '明天', '2024-3/5']) expect(dateFromText(t), t).toMatchObject({ ok: false, message: expect.stringMatching(/^日期格式不正确/) })
  })
})

describe('text, keys and counts', () => {
  it('text columns: trimmed text, numbers as written, a formula’s cached text', () => {
    expect(textOf('  收取租金 ', '摘要')).toEqual(ok('收取租金'))
    expect(textOf(11201, '科目编码')).toEqual(ok('11201'))
    expect(textOf({ kind: 'formula', formula: '=A1', result: '杨桥村' }, '往来单位')).toEqual(ok('杨桥村'))
    expect(textOf('=HYPERLINK("http://x","y")', '摘要')).toEqual(ok('=HYPERLINK("http://x","y")'))
    expect(keyTextOf({ kind: 'formula', formula: '=A1', result: '101' }, '科目编码')).toEqual({ ok: false, message: '科目编码单元格含公式（=A1），请改为直接填写' })
  })

  it('counts: whole numbers within bounds', () => {
    expect(countOf(2, '附单据数', 9999)).toEqual(ok(2))
    expect(countOf(' 3 ', '附单据数', 9999)).toEqual(ok(3))
    expect(countOf(null, '附单据数', 9999)).toEqual(ok(null))
    expect(countOf(1.5, '附单据数', 9999)).toEqual({ ok: false, message: '附单据数应为不小于 0 的整数：“1.5”' })
    expect(countOf(10000, '附单据数', 9999)).toEqual({ ok: false, message: '附单据数不能超过 9999：“10000”' })
  })

  it('normalises exceljs values: rich text, hyperlinks, shared-formula children, errors', () => {
    expect(fromExcelValue({ richText: [{ text: '收取' }, { text: '租金' }] })).toBe('收取租金')
    expect(fromExcelValue({ text: '链接', hyperlink: 'http://x' })).toBe('链接')
    expect(fromExcelValue({ formula: '', result: 3 })).toEqual({ kind: 'formula', formula: '=（共享公式）', result: 3 })
    expect(fromExcelValue({ sharedFormula: 'F4', result: 3 })).toEqual({ kind: 'formula', formula: '=（共享公式）', result: 3 })
    expect(fromExcelValue({ formula: 'A1+1' })).toEqual({ kind: 'formula', formula: '=A1+1', result: null })
    expect(fromExcelValue({ error: '#N/A' })).toEqual({ kind: 'error', error: '#N/A' })
    expect(fromExcelValue(undefined)).toBeNull()
  })

  it('addresses', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA'])
    expect(['A', 'Z', 'AA', 'AZ', 'AAA'].map(columnNumber)).toEqual([1, 26, 27, 52, 703])
    expect(parseRange('B8:A10')).toEqual({ ref: 'B8:A10', top: 8, bottom: 10, left: 1, right: 2 })
    expect(parseRange('A1')).toMatchObject({ top: 1, bottom: 1, left: 1, right: 1 })
    expect(parseRange('nonsense')).toBeNull()
  })
})
