/**
 * The small expression language of the statement templates (resources/reports/*.json). Integers of 分 only.
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := ('+' | '-') term | NUMBER | CALL | '(' expr ')'
 *   CALL    := NAME '(' [arg (',' arg)*] ')'
 *
 * Functions (an account CODE is written as digits, e.g. 101 or 32202; a "text" narrows to the leaves whose
 * names below the first level contain it):
 *   BAL(code[, "text"])      balance on the account's normal side (a contra account such as 152 reads positive;
 *                            a 双向 account reads debit-positive if it is an asset, credit-positive otherwise)
 *   DR(code[, "text"])       balance, debit positive        CR(code[, "text"])  balance, credit positive
 *   DEBIT_DETAILS(code)      Σ of the debit balances of the details (leaf × auxiliary item), positive
 *   CREDIT_DETAILS(code)     Σ of the credit balances of the details, positive
 *   ACT(code[, "text"])      activity of the column's range on the normal side, without 年终结转 vouchers
 *   ACT_DEBIT(code[, "text"]) / ACT_CREDIT(code[, "text"])   gross debit / credit activity, same exclusion
 *   PL_NET()                 Σ balances of every 损益 account, credit positive (the unclosed result)
 *   PL_ACT()                 Σ activity of every 损益 account, credit positive (the year's result)
 *   ROW(n)                   the value of 行次 n in the same column
 *   AT_START(expr)           expr with balances taken at the start of the column's range instead of its end
 * Integer literals are 分 (rarely needed: 0).
 */

export type BalanceMode = 'normal' | 'debit' | 'credit' | 'debitDetails' | 'creditDetails'
export type ActivityMode = 'normal' | 'debit' | 'credit'

export type Node =
  | { t: 'num'; v: number }
  | { t: 'neg'; e: Node }
  | { t: 'add'; l: Node; r: Node }
  | { t: 'sub'; l: Node; r: Node }
  | { t: 'bal'; mode: BalanceMode; code: string; filter: string | null }
  | { t: 'act'; mode: ActivityMode; code: string; filter: string | null }
  | { t: 'plNet' }
  | { t: 'plAct' }
  | { t: 'row'; line: number }
  | { t: 'atStart'; e: Node }

export interface FormulaContext {
  balance(code: string, mode: BalanceMode, filter: string | null, atStart: boolean): number
  activity(code: string, mode: ActivityMode, filter: string | null): number
  plNet(atStart: boolean): number
  plActivity(): number
  row(line: number): number
}

export class FormulaError extends Error {
  constructor(
    readonly formula: string,
    readonly position: number,
    message: string,
  ) {
    super(`公式“${formula}”第 ${position + 1} 个字符：${message}`)
    this.name = 'FormulaError'
  }
}

type Token =
  | { k: 'num'; text: string; pos: number }
  | { k: 'name'; text: string; pos: number }
  | { k: 'str'; text: string; pos: number }
  | { k: 'op'; text: '+' | '-' | '(' | ')' | ','; pos: number }
  | { k: 'end'; pos: number }

function tokenize(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i] as string
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (/[0-9]/.test(c)) {
      const start = i
      while (i < src.length && /[0-9]/.test(src[i] as string)) i++
      out.push({ k: 'num', text: src.slice(start, i), pos: start })
    } else if (/[A-Z_]/.test(c)) {
      const start = i
      while (i < src.length && /[A-Z_0-9]/.test(src[i] as string)) i++
      out.push({ k: 'name', text: src.slice(start, i), pos: start })
    } else if (c === '"') {
      const start = i
      const end = src.indexOf('"', i + 1)
      if (end < 0) throw new FormulaError(src, start, '引号没有结束')
      out.push({ k: 'str', text: src.slice(i + 1, end), pos: start })
      i = end + 1
    } else if (c === '+' || c === '-' || c === '(' || c === ')' || c === ',') {
      out.push({ k: 'op', text: c, pos: i })
      i++
    } else {
      throw new FormulaError(src, i, `不认识的字符“${c}”`)
    }
  }
  out.push({ k: 'end', pos: src.length })
  return out
}

const BALANCE_FNS: Record<string, BalanceMode> = {
  BAL: 'normal',
  DR: 'debit',
  CR: 'credit',
  DEBIT_DETAILS: 'debitDetails',
  CREDIT_DETAILS: 'creditDetails',
}
const ACTIVITY_FNS: Record<string, ActivityMode> = { ACT: 'normal', ACT_DEBIT: 'debit', ACT_CREDIT: 'credit' }
const CODE_RE = /^[1-9]\d{2}(\d{2}){0,3}$/

export function parseFormula(src: string): Node {
  const tokens = tokenize(src)
  let p = 0
  const peek = () => tokens[p] as Token
  const next = () => tokens[p++] as Token
  const fail = (t: Token, msg: string): never => {
    throw new FormulaError(src, t.pos, msg)
  }
  const expectOp = (text: string) => {
    const t = next()
    if (t.k !== 'op' || t.text !== text) fail(t, `这里应为“${text}”`)
  }

  function expr(): Node {
    let l = term()
    for (;;) {
      const t = peek()
      if (t.k === 'op' && (t.text === '+' || t.text === '-')) {
        next()
        const r = term()
        l = t.text === '+' ? { t: 'add', l, r } : { t: 'sub', l, r }
      } else return l
    }
  }

  function term(): Node {
    const t = next()
    if (t.k === 'op' && t.text === '-') return { t: 'neg', e: term() }
    if (t.k === 'op' && t.text === '+') return term()
    if (t.k === 'op' && t.text === '(') {
      const e = expr()
      expectOp(')')
      return e
    }
    if (t.k === 'num') {
      const v = Number(t.text)
      if (!Number.isSafeInteger(v)) fail(t, '数字过大')
      return { t: 'num', v }
    }
    if (t.k === 'name') return call(t)
    return fail(t, t.k === 'end' ? '公式不完整' : '这里应为数、函数或括号')
  }

  function codeArg(): string {
    const t = next()
    if (t.k !== 'num' || !CODE_RE.test(t.text)) return fail(t, '这里应为科目编码（3 位一级科目，以下每级 2 位）')
    return t.text
  }

  function filterArg(): string | null {
    const t = peek()
    if (t.k === 'op' && t.text === ',') {
      next()
      const s = next()
      if (s.k !== 'str' || s.text.trim() === '') return fail(s, '这里应为带引号的名称文字')
      return s.text
    }
    return null
  }

  function call(name: Token & { k: 'name' }): Node {
    expectOp('(')
    let node: Node
    const bal = BALANCE_FNS[name.text]
    const act = ACTIVITY_FNS[name.text]
    if (bal) {
      const code = codeArg()
      const filter = bal === 'debitDetails' || bal === 'creditDetails' ? null : filterArg()
      node = { t: 'bal', mode: bal, code, filter }
    } else if (act) {
      const code = codeArg()
      node = { t: 'act', mode: act, code, filter: filterArg() }
    } else if (name.text === 'PL_NET') node = { t: 'plNet' }
    else if (name.text === 'PL_ACT') node = { t: 'plAct' }
    else if (name.text === 'ROW') {
      const t = next()
      if (t.k !== 'num') return fail(t, 'ROW 的参数应为行次')
      node = { t: 'row', line: Number(t.text) }
    } else if (name.text === 'AT_START') node = { t: 'atStart', e: expr() }
    else return fail(name, `不认识的函数“${name.text}”`)
    expectOp(')')
    return node
  }

  const root = expr()
  const end = peek()
  if (end.k !== 'end') fail(end, '公式在这里多出了内容')
  return root
}

export function evaluate(node: Node, ctx: FormulaContext, atStart = false): number {
  switch (node.t) {
    case 'num':
      return node.v
    case 'neg':
      return -evaluate(node.e, ctx, atStart)
    case 'add':
      return evaluate(node.l, ctx, atStart) + evaluate(node.r, ctx, atStart)
    case 'sub':
      return evaluate(node.l, ctx, atStart) - evaluate(node.r, ctx, atStart)
    case 'bal':
      return ctx.balance(node.code, node.mode, node.filter, atStart)
    case 'act':
      return ctx.activity(node.code, node.mode, node.filter)
    case 'plNet':
      return ctx.plNet(atStart)
    case 'plAct':
      return ctx.plActivity()
    case 'row':
      return ctx.row(node.line)
    case 'atStart':
      return evaluate(node.e, ctx, true)
  }
}

/** Everything a formula reads: account codes and 行次, for validation and drill-down. */
export function references(node: Node, out: { codes: Set<string>; rows: Set<number>; pl: boolean } = { codes: new Set(), rows: new Set(), pl: false }) {
  switch (node.t) {
    case 'neg':
    case 'atStart':
      references(node.e, out)
      break
    case 'add':
    case 'sub':
      references(node.l, out)
      references(node.r, out)
      break
    case 'bal':
    case 'act':
      out.codes.add(node.code)
      break
    case 'plNet':
    case 'plAct':
      out.pl = true
      break
    case 'row':
      out.rows.add(node.line)
      break
    case 'num':
      break
  }
  return out
}
