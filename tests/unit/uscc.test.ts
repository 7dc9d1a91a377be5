import { describe, expect, it } from 'vitest'
import { checkUscc, usccCheckCharacter } from '../../shared/uscc'
import { demoUscc } from '../../electron/core/demo/seed'

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts the fixture village code and computes its check character', () => {
    expect(checkUscc('N2340122RTHU4WTF7B')).toEqual({ ok: true, value: 'N2340122RTHU4WTF7B' })
    expect(usccCheckCharacter('N2340122RTHU4WTF7')).toBe('B')
  })

  it('accepts well-known published codes', () => {
    // 国家市场监督管理总局 and a listed company, as printed on their licences
    for (const code of ['11100000MB0143028R', '91350100M000100Y43', '91110000600037341L']) {
      expect(checkUscc(code).ok, code).toBe(true)
    }
  })

  it('normalises case and spaces', () => {
    expect(checkUscc(' n2340122rthu4wtf7b ')).toEqual({ ok: true, value: 'N2340122RTHU4WTF7B' })
  })

  it('names the right check character when it is wrong', () => {
    const r = checkUscc('N2340122RTHU4WTF7C')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain('第 18 位应为“B”')
  })

  it('refuses wrong length and letters outside the alphabet', () => {
    const short = checkUscc('N2340122RTHU4WTF7')
    expect(short.ok).toBe(false)
    if (!short.ok) expect(short.reason).toContain('18 位')
    for (const bad of ['N2340122ITHU4WTF7B', 'N2340122OTHU4WTF7B', 'N2340122STHU4WTF7B', 'N2340122VTHU4WTF7B', 'N2340122ZTHU4WTF7B']) {
      const r = checkUscc(bad)
      expect(r.ok, bad).toBe(false)
      if (!r.ok) expect(r.reason).toContain('第 9 位')
    }
  })

  it('detects every single-character substitution of a valid code', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    const valid = 'N2340122RTHU4WTF7B'
    let detected = 0
    let tried = 0
    for (let i = 0; i < 17; i++) {
      for (const ch of alphabet) {
        if (ch === valid[i]) continue
        tried++
        if (!checkUscc(valid.slice(0, i) + ch + valid.slice(i + 1)).ok) detected++
      }
    }
    expect(detected).toBe(tried)
  })

  it('demo codes are valid', () => {
    for (let i = 0; i < 50; i++) expect(checkUscc(demoUscc(i)).ok).toBe(true)
  })
})
