import { describe, expect, it } from 'vitest'
import { displayWidth, formatTable } from '../../electron/cli/table'

describe('CLI table', () => {
  it('counts CJK as two columns and aligns', () => {
    expect(displayWidth('杨桥村')).toBe(6)
    expect(displayWidth('abc')).toBe(3)
    const t = formatTable(['编码', '名称'], [['1', '杨桥村'], ['22', 'x']]).split('\n')
    expect(t[0]).toBe('编码  名称')
    expect(t[2]).toBe('1     杨桥村')
  })
})
