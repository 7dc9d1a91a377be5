import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { fenOf, fenToCellNumber, fenToYuanString, formatFen, MAX_FEN, parseYuan } from '../../shared/money'

describe('money in 分', () => {
  it('parses plain and grouped amounts exactly', () => {
    expect(parseYuan('1680.32')).toEqual({ ok: true, fen: 168032 })
    expect(parseYuan('12,345.60')).toEqual({ ok: true, fen: 1234560 })
    expect(parseYuan('1,000.00')).toEqual({ ok: true, fen: 100000 })
    expect(parseYuan('0.1')).toEqual({ ok: true, fen: 10 })
    expect(parseYuan('-5')).toEqual({ ok: true, fen: -500 })
    expect(parseYuan('-0.00')).toEqual({ ok: true, fen: 0 })
    expect(parseYuan('9999999999999.99')).toEqual({ ok: true, fen: 999999999999999 })
  })
  it('refuses what Number() would silently accept (reliability.md G-01..G-06)', () => {
    for (const t of ['1e3', '0x10', '1_000', 'Infinity', 'NaN', '', '  ', '１２３', '¥100', '100元', '(100.00)', '1,00.00', '12345678901234.00']) {
      expect(parseYuan(t).ok, t).toBe(false)
    }
  })
  it('never rounds a third decimal', () => {
    for (const t of ['0.001', '12.345', '1.005']) {
      const r = parseYuan(t)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.reason).toContain('两位小数')
    }
  })
  it('formats', () => {
    expect(fenToYuanString(168032)).toBe('1680.32')
    expect(fenToYuanString(-5)).toBe('-0.05')
    expect(formatFen(123456789)).toBe('1,234,567.89')
    expect(formatFen(-100000)).toBe('-1,000.00')
    expect(fenToCellNumber(30)).toBe(0.3)
    expect(() => fenToYuanString(1.5)).toThrow(RangeError)
    expect(() => fenToYuanString(MAX_FEN + 1)).toThrow(RangeError)
  })
  it('formats exactly as decimal arithmetic does, to the largest amount', () => {
    const samples = [0, -0, 1, -1, 9, 10, 99, 100, 101, -100, 123456, -999999, MAX_FEN, -MAX_FEN, MAX_FEN - 1, 2 ** 40 + 7]
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(Math.sin(i + 1) * 10 ** (i % 16)))
    for (const f of samples) expect(fenToYuanString(f)).toBe(new Decimal(f).div(100).toFixed(2))
    for (const f of samples) expect(fenToCellNumber(f)).toBe(new Decimal(f).div(100).toNumber() || 0)
  })
  it('takes sums from SQL as checked integers of 分', () => {
    expect(fenOf(12345)).toBe(12345)
    expect(fenOf(12345n)).toBe(12345)
    expect(fenOf('-500')).toBe(-500)
    expect(fenOf(null)).toBe(0)
    expect(() => fenOf(1.5)).toThrow(RangeError)
    expect(() => fenOf('1e3x')).toThrow(RangeError)
  })
})
