import { describe, expect, it } from 'vitest'
import { methods } from '../../shared/api/contract'
import { toValidationError } from '../../shared/validation'

function refuse(method: keyof typeof methods, input: unknown) {
  const r = methods[method].input.safeParse(input)
  expect(r.success).toBe(false)
  if (r.success) throw new Error('unreachable')
  return toValidationError(r.error)
}

const village = {
  code: '340122101',
  name: '杨桥村股份经济合作社',
  level: 'village',
  chartVersion: '2023',
  startPeriod: '2024-01',
}

describe('contract schemas speak Chinese and name the field', () => {
  it('empty and over-long names', () => {
    expect(refuse('village.create', { ...village, name: '   ' }).message).toBe('「单位名称」不能为空')
    expect(refuse('village.create', { ...village, name: '村'.repeat(61) }).message).toBe('「单位名称」不能超过 60 个字')
  })
  it('a wrong USCC check character', () => {
    const e = refuse('village.create', { ...village, uscc: 'N2340122RTHU4WTF7C' })
    expect(e.message).toContain('「统一社会信用代码」校验码错误')
    expect(e.details?.issues?.[0]?.path).toBe('uscc')
  })
  it('an unknown role', () => {
    const e = refuse('user.create', { username: 'li', displayName: '李', role: 'boss', password: 'abc12345' })
    expect(e.message).toContain('「岗位」只能是：管理员、主管会计、记账会计、出纳、审核、审计')
  })
  it('extra fields, prototype keys and wrong types are refused', () => {
    expect(refuse('village.list', { foo: 1 }).message).toContain('不允许的字段：foo')
    expect(refuse('village.list', JSON.parse('{"__proto__": {"x": 1}, "constructor": 1}')).message).toContain('不允许的字段')
    expect(refuse('village.get', { villageId: '1' }).message).toBe('「村」必须选择')
    expect(refuse('village.get', { villageId: 1.5 }).message).toBe('「村」无效')
    expect(refuse('village.create', { ...village, startPeriod: '2024-13' }).message).toContain('「建账期间」格式应为 YYYY-MM')
  })
  it('weak passwords', () => {
    expect(refuse('user.create', { username: 'li', displayName: '李', role: 'cashier', password: 'short1' }).message).toBe('「初始密码」至少 8 位')
    expect(refuse('user.create', { username: 'li', displayName: '李', role: 'cashier', password: 'abcdefgh' }).message).toBe('「初始密码」须同时包含字母和数字')
  })
  it('control characters in text', () => {
    expect(refuse('village.create', { ...village, name: '杨桥\u0000村' }).message).toBe('「单位名称」含有控制字符，请删除')
  })
  it('counts further problems', () => {
    const e = refuse('village.create', { code: '', name: '', level: 'x', chartVersion: '1999', startPeriod: 'x' })
    expect(e.message).toMatch(/另有 \d+ 处问题/)
    expect(e.details?.issues?.length).toBeGreaterThanOrEqual(5)
  })
  it('every method has a Chinese title and an input schema', () => {
    for (const [name, def] of Object.entries(methods)) {
      expect(def.title, name).toMatch(/[\u4e00-\u9fa5]/)
      expect(typeof def.input.safeParse, name).toBe('function')
    }
  })
  it('no write method is open to the auditor', () => {
    for (const [name, def] of Object.entries(methods)) {
      if (def.write && Array.isArray(def.access)) expect(def.access, name).not.toContain('auditor')
    }
  })
})
