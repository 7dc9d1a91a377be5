import { describe, expect, it } from 'vitest'
import { evaluate, parseFormula, references, type FormulaContext } from '../../../electron/core/reports/formula'
import { compileTemplate, TEMPLATES, type StatementTemplate } from '../../../electron/core/reports/templates'
import { RangeFigures, type Detail } from '../../../electron/core/reports/figures'
import type { Account } from '../../../shared/api/types'

const ctx = (rows: Record<number, number> = {}): FormulaContext & { calls: string[] } => {
  const calls: string[] = []
  return {
    calls,
    balance: (code, mode, filter, atStart) => {
      calls.push(`bal ${code} ${mode} ${filter ?? ''} ${atStart ? 'start' : 'end'}`)
      return Number(code) * 100
    },
    activity: (code, mode, filter) => {
      calls.push(`act ${code} ${mode} ${filter ?? ''}`)
      return mode === 'debit' ? 7 : 3
    },
    plNet: (atStart) => (atStart ? 11 : 13),
    plActivity: () => 17,
    row: (line) => rows[line] ?? 0,
  }
}

describe('the statement formula language', () => {
  it('parses and evaluates in integer 分', () => {
    const c = ctx({ 1: 500, 2: 30 })
    expect(evaluate(parseFormula('BAL(101)+BAL(102)'), c)).toBe(20300)
    expect(evaluate(parseFormula('ROW(1) - ROW(2) - -ROW(2)'), c)).toBe(500)
    expect(evaluate(parseFormula('-(ROW(1)+ROW(2))'), c)).toBe(-530)
    expect(evaluate(parseFormula('ACT_DEBIT(322, "公积公益金") - ACT(501)'), c)).toBe(4)
    expect(evaluate(parseFormula('PL_NET() + AT_START(PL_NET()) + PL_ACT() + 0'), c)).toBe(41)
    c.calls.length = 0
    evaluate(parseFormula('AT_START(CR(322, "未分配")) + DEBIT_DETAILS(113) + CREDIT_DETAILS(113) + DR(154)'), c)
    expect(c.calls).toEqual(['bal 322 credit 未分配 start', 'bal 113 debitDetails  end', 'bal 113 creditDetails  end', 'bal 154 debit  end'])
  })

  it('names what a formula reads', () => {
    const r = references(parseFormula('BAL(112)+DEBIT_DETAILS(113)+ROW(4)-PL_NET()'))
    expect([...r.codes]).toEqual(['112', '113'])
    expect([...r.rows]).toEqual([4])
    expect(r.pl).toBe(true)
  })

  it('refuses bad formulas with the position, in Chinese', () => {
    expect(() => parseFormula('BAL(101')).toThrow('公式“BAL(101”第 8 个字符：这里应为“)”')
    expect(() => parseFormula('BAL(1010)')).toThrow('这里应为科目编码')
    expect(() => parseFormula('SUM(101)')).toThrow('不认识的函数“SUM”')
    expect(() => parseFormula('BAL(101) BAL(102)')).toThrow('公式在这里多出了内容')
    expect(() => parseFormula('BAL(101) * 2')).toThrow('不认识的字符“*”')
    expect(() => parseFormula('ACT(322, "")')).toThrow('带引号的名称文字')
    expect(() => parseFormula('')).toThrow('公式不完整')
  })
})

describe('statement templates', () => {
  it('every shipped template compiles against its chart: 行次 unique, ROW targets present, known codes', () => {
    for (const t of TEMPLATES) {
      const c = compileTemplate(t)
      expect(c.compiled.size, t.id).toBeGreaterThan(10)
    }
  })

  it('the balance sheets read every first-level account of their chart, 损益 through PL_NET', () => {
    for (const id of ['balance-sheet-2023', 'balance-sheet-2004']) {
      const t = compileTemplate(TEMPLATES.find((x) => x.id === id) as StatementTemplate)
      expect(t.covered.pl).toBe(true)
      const missing = (id.endsWith('2023') ? ['101', '102', '111', '112', '113', '121', '131', '132', '133', '134', '141', '151', '152', '153', '154', '161', '162', '171', '181', '201', '211', '212', '213', '214', '221', '231', '241', '301', '311', '321', '322', '401'] : ['101', '102', '111', '112', '113', '121', '131', '132', '141', '151', '152', '153', '154', '161', '171', '201', '202', '211', '212', '221', '231', '241', '301', '311', '321', '322', '401']).filter((c) => !t.covered.codes.has(c))
      expect(missing, id).toEqual([])
    }
  })

  it('rejects broken templates', () => {
    const base = TEMPLATES[0] as StatementTemplate
    const broken: StatementTemplate = {
      ...base,
      id: 'broken',
      rows: [
        { part: 'left', line: 1, label: 'a', formula: 'ROW(2)' },
        { part: 'left', line: 2, label: 'b', formula: 'ROW(1)+BAL(999)' },
        { part: 'left', line: 3, label: 'c', formula: 'ROW(7)' },
        { part: 'left', line: 3, label: 'd', formula: 'BAL(101)' },
      ],
      checks: [],
    }
    let message = ''
    try {
      compileTemplate(broken)
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toMatch(/^报表模板 broken 有误：/)
    for (const part of ['行次 3 重复', '引用了不存在的行次 7', '科目 999 不在 2023 年科目表中', '循环引用']) expect(message).toContain(part)
  })
})

describe('figures: balances signed by the normal side, details split by sign, activity without 年终结转', () => {
  const acc = (id: number, code: string, normalSide: Account['normalSide'], cls: Account['class'], level = 1): Account => ({
    id,
    villageId: 1,
    code,
    name: code,
    parentId: null,
    level,
    class: cls,
    normalSide,
    auxKind: null,
    isLeaf: true,
    standard: true,
    status: 'active',
  })
  const chart = [acc(1, '113', 'both', 'asset'), acc(2, '152', 'credit', 'asset'), acc(3, '154', 'debit', 'asset'), acc(4, '501', 'credit', 'profitLoss'), acc(5, '231', 'credit', 'liability')]
  const d = (accountId: number, code: string, auxItemId: number, opening: number, debit = 0, credit = 0, cfDebit = 0, cfCredit = 0): Detail => ({ accountId, auxItemId, code, subPath: '', opening, debit, credit, cfDebit, cfCredit })
  const fig = new RangeFigures(chart, [
    d(1, '113', 1, 300),
    d(1, '113', 2, -170),
    d(2, '152', 0, -12100),
    d(3, '154', 0, 0, 0, 50),
    d(4, '501', 0, 0, 5900, 5900, 5800, 0),
    d(5, '231', 0, 0, 40, 0),
  ])
  it('reads', () => {
    expect(fig.balance('113', 'normal', null, false)).toBe(130)
    expect(fig.balance('113', 'debitDetails', null, false)).toBe(300)
    expect(fig.balance('113', 'creditDetails', null, false)).toBe(170)
    expect(fig.balance('152', 'normal', null, false)).toBe(12100)
    expect(fig.balance('154', 'debit', null, false)).toBe(-50)
    expect(fig.balance('231', 'credit', null, false)).toBe(-40)
    expect(fig.activity('501', 'normal', null)).toBe(5800)
    expect(fig.plNet(false)).toBe(0)
    expect(fig.plActivity()).toBe(5800)
    expect(fig.balance('999', 'normal', null, false)).toBe(0)
  })
})
