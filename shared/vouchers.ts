import type { Fen } from './money'

/** 凭证 rules shared by the entry grid, the importers and the engine (which has the last word). */
export interface DraftLine {
  summary: string
  accountCode: string
  debit: Fen
  credit: Fen
}

export interface LineProblem {
  line: number
  message: string
}

export function lineSideProblem(l: { debit: Fen; credit: Fen }): string | null {
  if (l.debit !== 0 && l.credit !== 0) return '同一行不能同时有借方和贷方金额'
  if (l.debit === 0 && l.credit === 0) return '借方和贷方金额不能都为空'
  return null
}

export function totals(lines: readonly { debit: Fen; credit: Fen }[]): { debit: Fen; credit: Fen } {
  let debit = 0
  let credit = 0
  for (const l of lines) {
    debit += l.debit
    credit += l.credit
  }
  return { debit, credit }
}

/** The amount the `=` key fills in on a line: what makes the voucher balance. */
export function balancingAmount(lines: readonly { debit: Fen; credit: Fen }[], side: 'debit' | 'credit'): Fen {
  const t = totals(lines)
  return side === 'debit' ? t.credit - t.debit : t.debit - t.credit
}

/** Voucher number as printed: 记-0001. */
export function voucherLabel(word: string, number: number | null): string {
  return number === null ? `${word}-（未记账）` : `${word}-${String(number).padStart(4, '0')}`
}

/** 摘要 of a reversal: 冲销 3月5日 第12号凭证 (会计基础工作规范 Art. 51(5)). */
export function reversalSummary(date: string, word: string, number: number): string {
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  return `冲销 ${m}月${d}日 ${word}字第${number}号凭证`
}

export function validateVoucherLines(lines: readonly DraftLine[]): LineProblem[] {
  const problems: LineProblem[] = []
  if (lines.length < 2) problems.push({ line: 0, message: '凭证至少要有两行分录' })
  lines.forEach((l, i) => {
    const side = lineSideProblem(l)
    if (side) problems.push({ line: i + 1, message: side })
    if (l.summary.trim() === '') problems.push({ line: i + 1, message: '摘要不能为空' })
  })
  const t = totals(lines)
  if (lines.length >= 2 && t.debit !== t.credit) problems.push({ line: 0, message: '借贷不平衡' })
  return problems
}
