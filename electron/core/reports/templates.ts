import balanceSheet2004 from '../../../resources/reports/balance-sheet-2004.json'
import balanceSheet2023 from '../../../resources/reports/balance-sheet-2023.json'
import income2004 from '../../../resources/reports/income-2004.json'
import income2023 from '../../../resources/reports/income-2023.json'
import type { ChartVersion, StatementKind } from '../../../shared/api/types'
import { STANDARD_CHARTS } from '../ledger/chartData'
import { parseFormula, references, type Node } from './formula'

/**
 * Statement templates are data (resources/reports/*.json): rows with 行次, label, indent/bold and a formula.
 * A provincial variant is one more file in the list below with its own id; the village's chart version picks
 * the default one.
 */
export type ColumnRange = 'year' | 'priorYear' | 'month' | 'range'

export interface TemplateColumn {
  key: string
  label: string
  /** year: January of `to` … `to`; priorYear: the whole previous year; month: `to` alone; range: `from` … `to` */
  range: ColumnRange
  /** balance sheets: which end of the range the balances are read at */
  point?: 'opening' | 'closing'
}

export interface TemplateRow {
  part?: 'left' | 'right'
  line?: number
  label: string
  indent?: number
  bold?: boolean
  formula?: string
  note?: string
  /** shown only when it has an amount (选用 accounts) */
  optional?: boolean
}

export interface StatementTemplate {
  id: string
  kind: StatementKind
  chartVersion: ChartVersion
  title: string
  basis: string
  columns: TemplateColumn[]
  parts?: { key: 'left' | 'right'; heading: string }[]
  rows: TemplateRow[]
  checks: { label: string; left: string; right: string }[]
  /** check that every account with a balance is read by some row */
  coverage?: boolean
}

export interface CompiledTemplate extends StatementTemplate {
  compiled: Map<number, Node>
  checkNodes: { label: string; left: Node; right: Node }[]
  /** first-level codes each 行次 reads (directly or through ROW) */
  codesOf: Map<number, string[]>
  /** every first-level code some row reads, and whether 损益 accounts are read as a whole */
  covered: { codes: Set<string>; pl: boolean }
}

export const TEMPLATES: readonly StatementTemplate[] = [
  balanceSheet2023 as StatementTemplate,
  balanceSheet2004 as StatementTemplate,
  income2023 as StatementTemplate,
  income2004 as StatementTemplate,
]

/** Parses every formula and checks the template against its chart: 行次 unique, ROW targets present, no cycles, known codes. */
export function compileTemplate(t: StatementTemplate): CompiledTemplate {
  const problems: string[] = []
  const compiled = new Map<number, Node>()
  const codes = new Set(STANDARD_CHARTS[t.chartVersion].accounts.map((a) => a.code))
  const direct = new Map<number, { codes: Set<string>; rows: Set<number>; pl: boolean }>()
  for (const r of t.rows) {
    if (r.line === undefined) {
      if (r.formula) problems.push(`“${r.label}”有公式但没有行次`)
      continue
    }
    if (compiled.has(r.line)) {
      problems.push(`行次 ${r.line} 重复`)
      continue
    }
    if (!r.formula) {
      problems.push(`行次 ${r.line}“${r.label}”没有公式`)
      continue
    }
    try {
      const node = parseFormula(r.formula)
      compiled.set(r.line, node)
      direct.set(r.line, references(node))
    } catch (e) {
      problems.push(`行次 ${r.line}：${(e as Error).message}`)
    }
    if (t.parts && !t.parts.some((p) => p.key === r.part)) problems.push(`行次 ${r.line} 没有指明左右栏`)
  }
  const checkNodes: CompiledTemplate['checkNodes'] = []
  const allRefs = [...direct.values()]
  for (const c of t.checks) {
    try {
      const left = parseFormula(c.left)
      const right = parseFormula(c.right)
      checkNodes.push({ label: c.label, left, right })
      allRefs.push(references(left), references(right))
    } catch (e) {
      problems.push(`勾稽“${c.label}”：${(e as Error).message}`)
    }
  }
  for (const refs of allRefs) {
    for (const line of refs.rows) if (!compiled.has(line)) problems.push(`引用了不存在的行次 ${line}`)
    for (const code of refs.codes) if (!codes.has(code.slice(0, 3))) problems.push(`科目 ${code} 不在 ${t.chartVersion} 年科目表中`)
  }
  // cycles, and the codes each row reads through ROW references
  const codesOf = new Map<number, string[]>()
  const visiting = new Set<number>()
  const collect = (line: number): Set<string> => {
    const known = codesOf.get(line)
    if (known) return new Set(known)
    if (visiting.has(line)) {
      problems.push(`行次 ${line} 的公式循环引用`)
      return new Set()
    }
    visiting.add(line)
    const refs = direct.get(line)
    const out = new Set<string>()
    if (refs) {
      for (const c of refs.codes) out.add(c.slice(0, 3))
      for (const r of refs.rows) if (compiled.has(r)) for (const c of collect(r)) out.add(c)
    }
    visiting.delete(line)
    codesOf.set(line, [...out].sort())
    return out
  }
  for (const line of compiled.keys()) collect(line)
  const covered = { codes: new Set<string>(), pl: false }
  for (const refs of direct.values()) {
    for (const c of refs.codes) covered.codes.add(c.slice(0, 3))
    if (refs.pl) covered.pl = true
  }
  if (problems.length > 0) throw new Error(`报表模板 ${t.id} 有误：${[...new Set(problems)].join('；')}`)
  return { ...t, compiled, checkNodes, codesOf, covered }
}

const compiledCache = new Map<string, CompiledTemplate>()

export function templateFor(kind: StatementKind, chartVersion: ChartVersion, id?: string | null): CompiledTemplate {
  const t = id ? TEMPLATES.find((x) => x.id === id) : TEMPLATES.find((x) => x.kind === kind && x.chartVersion === chartVersion)
  if (!t) throw new Error(`没有 ${chartVersion} 年制度的报表模板`)
  let c = compiledCache.get(t.id)
  if (!c) {
    c = compileTemplate(t)
    compiledCache.set(t.id, c)
  }
  return c
}
