import type { Kysely } from 'kysely'
import type { Account, Statement, StatementCheck, StatementColumn, StatementKind, StatementRow } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { daysInMonth, periodLabel, yearOf } from '../../../shared/periods'
import type { Database } from '../db/schema'
import { loadChart } from '../ledger/chart'
import { fingerprintOf, loadVillage, yuan } from './common'
import { loadDetails, RangeFigures } from './figures'
import { evaluate, type FormulaContext } from './formula'
import { templateFor, TEMPLATES, type ColumnRange, type CompiledTemplate, type TemplateColumn } from './templates'

function columnRange(range: ColumnRange, from: string, to: string): { from: string; to: string } {
  const y = yearOf(to)
  switch (range) {
    case 'year':
      return { from: `${y}-01`, to }
    case 'priorYear':
      return { from: `${y - 1}-01`, to: `${y - 1}-12` }
    case 'month':
      return { from: to, to }
    case 'range':
      return { from, to }
  }
}

function dateLabel(kind: StatementKind, to: string): string {
  const y = yearOf(to)
  const m = Number(to.slice(5, 7))
  if (kind === 'balanceSheet') return `${y}年${m}月${daysInMonth(y, m)}日`
  return m === 12 ? `${y}年度` : `${y}年1—${m}月`
}

/** Evaluates one column of a template: every 行次 once, ROW references memoised. */
function evaluateColumn(t: CompiledTemplate, figures: RangeFigures, col: TemplateColumn): { rows: Map<number, number>; ctx: FormulaContext } {
  const values = new Map<number, number>()
  const atStartDefault = col.point === 'opening'
  const ctx: FormulaContext = {
    balance: (code, mode, filter, atStart) => figures.balance(code, mode, filter, atStart || atStartDefault),
    activity: (code, mode, filter) => figures.activity(code, mode, filter),
    plNet: (atStart) => figures.plNet(atStart || atStartDefault),
    plActivity: () => figures.plActivity(),
    row: (line) => {
      const known = values.get(line)
      if (known !== undefined) return known
      const node = t.compiled.get(line)
      const v = node ? evaluate(node, ctx) : 0
      values.set(line, v)
      return v
    },
  }
  for (const line of t.compiled.keys()) ctx.row(line)
  return { rows: values, ctx }
}

/** Every account with a balance must be read by some row, or the statement would not show it. */
function coverageChecks(t: CompiledTemplate, chart: readonly Account[], figures: RangeFigures, columns: TemplateColumn[]): StatementCheck[] {
  const out: StatementCheck[] = []
  for (const a of chart) {
    if (a.level !== 1) continue
    if (t.covered.codes.has(a.code) || (a.class === 'profitLoss' && t.covered.pl)) continue
    for (const col of columns) {
      const b = figures.balance(a.code, 'normal', null, col.point === 'opening')
      if (b !== 0) out.push({ label: `科目 ${a.code} ${a.name} 有余额但本表没有列示的项目`, column: col.label, left: yuan(b), right: '0.00', ok: false })
    }
  }
  if (out.length === 0) out.push({ label: '有余额的科目均已列入本表', column: '全部', left: '0.00', right: '0.00', ok: true })
  return out
}

export async function buildStatement(
  db: Kysely<Database>,
  villageId: number,
  kind: StatementKind,
  opts: { to: string; template?: string | null },
): Promise<Statement> {
  const village = await loadVillage(db, villageId)
  if (opts.template) {
    const found = TEMPLATES.find((x) => x.id === opts.template)
    if (!found || found.kind !== kind || found.chartVersion !== village.chartVersion) {
      throw new AppError('VALIDATION', `报表格式“${opts.template}”不适用于${village.chartVersion} 年会计制度的${kind === 'balanceSheet' ? '资产负债表' : '收益及收益分配表'}`)
    }
  }
  if (opts.to < village.startPeriod) throw new AppError('VALIDATION', `报表期间 ${periodLabel(opts.to)} 早于建账期间 ${periodLabel(village.startPeriod)}`)
  const t = templateFor(kind, village.chartVersion, opts.template)
  const chart = await loadChart(db, villageId)
  const byCode = new Map(chart.map((a) => [a.code, a]))
  const y = yearOf(opts.to)
  const from = `${y}-01`

  const figuresByRange = new Map<string, RangeFigures>()
  const columns: StatementColumn[] = []
  const evaluated: ({ rows: Map<number, number>; ctx: FormulaContext } | null)[] = []
  for (const col of t.columns) {
    const r = columnRange(col.range, from, opts.to)
    columns.push({ key: col.key, label: col.label, from: r.from, to: r.to })
    // months before the books start have no figures: the column stays blank rather than made up
    if (r.to < village.startPeriod) {
      evaluated.push(null)
      continue
    }
    const key = `${r.from}|${r.to}`
    let figures = figuresByRange.get(key)
    if (!figures) {
      figures = new RangeFigures(chart, await loadDetails(db, villageId, chart, r.from, r.to))
      figuresByRange.set(key, figures)
    }
    evaluated.push(evaluateColumn(t, figures, col))
  }

  const rows: StatementRow[] = []
  for (const r of t.rows) {
    const values = r.line === undefined ? null : evaluated.map((e) => (e ? (e.rows.get(r.line as number) ?? 0) : null))
    if (r.optional && values && values.every((v) => !v)) continue
    const codes = r.line === undefined ? [] : (t.codesOf.get(r.line) ?? [])
    rows.push({
      line: r.line ?? null,
      label: r.label,
      indent: r.indent ?? 0,
      bold: r.bold ?? false,
      part: r.part ?? null,
      values: values ? values.map((v) => (v === null ? null : yuan(v))) : t.columns.map(() => null),
      formula: r.formula ?? null,
      note: r.note ?? null,
      accounts: codes.flatMap((c) => {
        const a = byCode.get(c)
        return a ? [{ accountId: a.id, code: a.code, name: a.name }] : []
      }),
    })
  }

  const checks: StatementCheck[] = []
  for (const c of t.checkNodes) {
    t.columns.forEach((col, i) => {
      const e = evaluated[i]
      if (!e) return
      const left = evaluate(c.left, e.ctx)
      const right = evaluate(c.right, e.ctx)
      checks.push({ label: c.label, column: col.label, left: yuan(left), right: yuan(right), ok: left === right })
    })
  }
  const main = figuresByRange.values().next().value
  if (t.coverage && main) checks.push(...coverageChecks(t, chart, main, t.columns))

  const header = { kind, templateId: t.id, villageId, from, to: opts.to, columns: columns.map((c) => [c.label, c.from, c.to]) }
  const fingerprint = fingerprintOf(
    header,
    rows.map((r) => [r.part, r.line, r.label, r.values]),
  )
  return {
    kind,
    templateId: t.id,
    title: t.title,
    basis: t.basis,
    villageId,
    villageCode: village.code,
    villageName: village.name,
    chartVersion: village.chartVersion,
    from,
    to: opts.to,
    dateLabel: dateLabel(kind, opts.to),
    columns,
    parts: t.parts ?? [],
    rows,
    checks,
    ok: checks.every((c) => c.ok),
    fingerprint,
  }
}
