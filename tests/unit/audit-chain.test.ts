import { describe, expect, it } from 'vitest'
import { chainHash, GENESIS_HASH, stableJson } from '../../electron/core/audit/chain'
import { nowIso } from '../../electron/core/audit/log'

// The hash of an audit entry covers its summary as stableJson: its text is part of the file format.
describe('stableJson', () => {
  it('writes the keys sorted at every depth, whatever order they were built in', () => {
    const text = '{"action":"记账：记-1","after":{"a":1,"vouchers":[[7,"记-1","ab"],{"x":null,"y":2}]},"before":null}'
    expect(stableJson({ before: null, action: '记账：记-1', after: { vouchers: [[7, '记-1', 'ab'], { y: 2, x: null }], a: 1 } })).toBe(text)
    // already in order: the same text
    expect(stableJson({ action: '记账：记-1', after: { a: 1, vouchers: [[7, '记-1', 'ab'], { x: null, y: 2 }] }, before: null })).toBe(text)
  })

  it('keeps JSON.stringify’s rules: undefined fields dropped, integer-like keys first, undefined in arrays as null', () => {
    expect(stableJson({ b: undefined, a: [undefined, 1], c: 'x' })).toBe('{"a":[null,1],"c":"x"}')
    expect(stableJson({ b: 1, 10: 'ten', 9: 'nine', a: 2 })).toBe('{"9":"nine","10":"ten","a":2,"b":1}')
  })

  it('gives the same chain hash for the same facts built in another key order', () => {
    const entry = (summary: string) => ({ seq: 1, at: '2026-11-23T07:10:00.000+08:00', user_id: 1, user_name: 'a', method: 'voucher.post', village_id: 2, summary })
    expect(chainHash(GENESIS_HASH, entry(stableJson({ b: 1, a: { d: 2, c: 3 } })))).toBe(chainHash(GENESIS_HASH, entry(stableJson({ a: { c: 3, d: 2 }, b: 1 }))))
  })
})

describe('nowIso', () => {
  it('is the given instant in local time with its offset, also when asked twice in one millisecond', () => {
    const d = new Date(2026, 10, 23, 7, 10, 5, 42)
    const off = -d.getTimezoneOffset()
    const zone = `${off >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`
    expect(nowIso(d)).toBe(`2026-11-23T07:10:05.042${zone}`)
    expect(nowIso(new Date(d.getTime()))).toBe(`2026-11-23T07:10:05.042${zone}`)
    expect(nowIso(new Date(d.getTime() + 1))).toBe(`2026-11-23T07:10:05.043${zone}`)
  })
})
