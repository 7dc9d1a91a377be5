import { describe, expect, it } from 'vitest'
import { neutraliseText } from '../../electron/core/io/neutralise'

describe('formula-injection neutraliser', () => {
  it('prefixes an apostrophe to text that a spreadsheet could run', () => {
    for (const t of ['=1+1', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1', '\n=1', '\u0000x', '  =HYPERLINK("http://x","y")', '=cmd|\' /C calc\'!A0', '＝1+1']) {
      expect(neutraliseText(t), JSON.stringify(t)).toBe(`'${t}`)
    }
  })
  it('leaves ordinary text alone', () => {
    for (const t of ['杨桥村', '', '2024-01', 'a=b', '（一）收入', '100']) expect(neutraliseText(t)).toBe(t)
  })
})
