import { describe, expect, it } from 'vitest'
import { amountInWords } from '../../shared/amountWords'
import { parseYuan } from '../../shared/money'

const words = (yuan: string) => {
  const p = parseYuan(yuan)
  if (!p.ok) throw new Error(p.reason)
  return amountInWords(p.fen)
}

describe('大写金额', () => {
  it('matches every worked example of domain.md §5 (preferred style)', () => {
    const cases: [string, string][] = [
      ['12345.67', '人民币壹万贰仟叁佰肆拾伍元陆角柒分'],
      ['1409.50', '人民币壹仟肆佰零玖元伍角整'],
      ['6007.14', '人民币陆仟零柒元壹角肆分'],
      ['1680.32', '人民币壹仟陆佰捌拾元零叁角贰分'],
      ['107000.53', '人民币壹拾万柒仟元零伍角叁分'],
      ['325.04', '人民币叁佰贰拾伍元零肆分'],
      ['16.00', '人民币壹拾陆元整'],
      ['100000.00', '人民币壹拾万元整'],
      ['1004000.00', '人民币壹佰万肆仟元整'],
      ['3050.60', '人民币叁仟零伍拾元零陆角整'],
      ['0.35', '人民币叁角伍分'],
      ['0.08', '人民币捌分'],
      ['100010001.01', '人民币壹亿零壹万零壹元零壹分'],
      ['120000000.00', '人民币壹亿贰仟万元整'],
    ]
    for (const [yuan, expected] of cases) expect(words(yuan), yuan).toBe(expected)
  })

  it('handles more shapes', () => {
    const cases: [string, string][] = [
      ['0', '人民币零元整'],
      ['0.10', '人民币壹角整'],
      ['1', '人民币壹元整'],
      ['10', '人民币壹拾元整'],
      ['10.5', '人民币壹拾元零伍角整'],
      ['20', '人民币贰拾元整'],
      ['101', '人民币壹佰零壹元整'],
      ['110', '人民币壹佰壹拾元整'],
      ['1000500', '人民币壹佰万零伍佰元整'],
      ['10050000', '人民币壹仟零伍万元整'],
      ['100001000', '人民币壹亿零壹仟元整'],
      ['100000500', '人民币壹亿零伍佰元整'],
      ['5535956.06', '人民币伍佰伍拾叁万伍仟玖佰伍拾陆元零陆分'],
      ['14545138.03', '人民币壹仟肆佰伍拾肆万伍仟壹佰叁拾捌元零叁分'],
      ['9999999999999.99', '人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
      ['-100', '人民币负壹佰元整'],
      ['1000000000000', '人民币壹万亿元整'],
      ['1000100000000', '人民币壹万零壹亿元整'],
    ]
    for (const [yuan, expected] of cases) expect(words(yuan), yuan).toBe(expected)
  })

  it('never uses forbidden characters, and never puts 整 after 分', () => {
    for (let fen = 7; fen < 200_000; fen += 7) {
      const w = amountInWords(fen)
      expect(w).not.toMatch(/[一二三四五六七八九十两毛另0-9]/)
      expect(w).not.toMatch(/分整$/)
      expect(w).not.toMatch(/零零/)
      expect(w).not.toMatch(/零[元万亿角]/)
    }
  })

  it('can leave out the 人民币 prefix', () => {
    expect(amountInWords(168032, { prefix: false })).toBe('壹仟陆佰捌拾元零叁角贰分')
  })
})
