import { statementChainBreaks, type StatementLine } from '../../../shared/campaign/bankReconciliation'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { formatFen, parseYuan, type Fen } from '../../../shared/money'
import { amountOf, dateFromText, dateOf, isBlank, textOf, type CellValue } from '../io/cells'
import { csvSheet } from '../io/csv'
import { DEFAULT_LIMITS, ReadBudget, SpreadsheetError, type ReadLimits } from '../io/limits'
import type { SheetSource } from '../io/sheet'
import { newTableInfo, readTable, type SpreadsheetFile, type TableInfo, type TableSpec } from '../io/table'
import { xlsxSheets } from '../io/xlsx'

/**
 * A bank statement (对账单 / 账户交易明细) as the banks export it, xlsx or CSV (GBK or UTF-8), through the hardened
 * readers: bank title rows above the header are skipped (the account number, the period and the opening balance
 * are taken from them when there), the header is found by its names, every cell is checked and the running
 * balance must chain. Any problem refuses the whole statement, each at its cell, in Chinese.
 */

export type StatementKey = 'date' | 'summary' | 'outflow' | 'inflow' | 'balance' | 'counterparty' | 'serial'

export const BANK_STATEMENT_SPEC: TableSpec<StatementKey> = {
  what: '银行对账单',
  columns: [
    { key: 'date', label: '日期', aliases: ['交易日期', '记账日期', '入账日期', '交易时间'] },
    { key: 'summary', label: '摘要', aliases: ['交易摘要', '用途', '附言', '备注'] },
    { key: 'outflow', label: '支出', aliases: ['借方发生额', '支出金额', '借方金额', '付款金额', '借方'] },
    { key: 'inflow', label: '收入', aliases: ['贷方发生额', '收入金额', '贷方金额', '收款金额', '贷方'] },
    { key: 'balance', label: '余额', aliases: ['账户余额', '交易后余额', '当前余额'] },
    { key: 'counterparty', label: '对方户名', aliases: ['对方账户名称', '对方名称', '对方单位', '对方户名称'] },
    { key: 'serial', label: '流水号', aliases: ['交易流水号', '交易流水', '凭证号码'] },
  ],
  required: [['date', 'outflow', 'inflow', 'balance']],
}

export interface BankStatement {
  /** digits only, from the title rows; null when the bank did not print it */
  accountNumber: string | null
  periodFrom: string | null
  periodTo: string | null
  opening: Fen
  closing: Fen
  lines: StatementLine[]
  format: 'xlsx' | 'csv'
  encoding: string | null
  sheet: string | null
  headerRow: number
  notices: string[]
}

export interface ReadStatementOptions {
  /** the account number registered for the account: a statement of another account is refused */
  expectedAccountNumber?: string | null
  limits?: ReadLimits
}

/** 6217 0000 1234-5678 → 621700001234 5678 without separators */
export function accountDigits(text: string): string {
  return text.replace(/[\s\-－]/g, '')
}

interface TitleFacts {
  accountNumber: string | null
  periodFrom: string | null
  periodTo: string | null
  opening: Fen | null
  problems: string[]
}

const ACCOUNT_RE = /(?:账号|帐号|账户号码|账户号|卡号)\s*[:：]?\s*(\d[\d\s\-－]{4,40}\d)/
const PERIOD_RE = /(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)\s*(?:至|到|~|～|—|-{1,2})\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)/
const OPENING_RE = /(?:期初余额|上期余额|起始余额|承前余额)\s*[:：]?\s*(?:人民币|CNY|￥|¥)?\s*(-?[\d,，.]+)/

/** What the bank printed above the header: account number, period, opening balance. */
export function titleFacts(texts: readonly string[]): TitleFacts {
  const all = texts.join('  ')
  const facts: TitleFacts = { accountNumber: null, periodFrom: null, periodTo: null, opening: null, problems: [] }
  const a = ACCOUNT_RE.exec(all)
  if (a) facts.accountNumber = accountDigits(a[1] as string)
  const p = PERIOD_RE.exec(all)
  if (p) {
    const from = dateFromText((p[1] as string).replace(/[.]/g, '/'))
    const to = dateFromText((p[2] as string).replace(/[.]/g, '/'))
    if (from.ok && to.ok) {
      facts.periodFrom = from.value
      facts.periodTo = to.value
    } else facts.problems.push(`表头的查询期间“${p[0]}”无法识别`)
  }
  const o = OPENING_RE.exec(all)
  if (o) {
    const r = parseYuan((o[1] as string).replace(/，/g, ','))
    if (r.ok) facts.opening = r.fen
    else facts.problems.push(`表头的期初余额“${o[1]}”格式不正确（${r.reason}）`)
  }
  return facts
}

/** The texts of the rows above the header of the sheet the table was found in. */
async function textsAbove(file: SpreadsheetFile, info: TableInfo<StatementKey>, limits: ReadLimits): Promise<string[]> {
  const headerRow = info.headerRow ?? 0
  const sheets: AsyncIterable<SheetSource> | Iterable<SheetSource> = info.format === 'csv' ? [csvSheet(file.bytes, info.sheet ?? '').sheet] : xlsxSheets(file.bytes, new ReadBudget(limits))
  const texts: string[] = []
  for await (const sheet of sheets) {
    if (sheet.name !== info.sheet) continue
    for await (const r of sheet.rows()) {
      if (r.row >= headerRow) break
      for (const c of r.cells) {
        const t = textOf(c ?? null, '表头')
        // merged title cells repeat their text in every cell of the range
        if (t.ok && t.value !== null && !texts.includes(t.value)) texts.push(t.value)
      }
    }
    break
  }
  return texts
}

class Issues {
  readonly list: FieldIssue[] = []
  add(path: string, message: string): void {
    this.list.push({ path, message })
  }
  refuse(): void {
    if (this.list.length === 0) return
    const shown = this.list.slice(0, 5).map((i) => (i.path === '文件' ? i.message : `${i.path}：${i.message}`))
    const more = this.list.length > 5 ? `；另有 ${this.list.length - 5} 处` : ''
    throw new AppError('VALIDATION', `银行对账单不能导入（${this.list.length} 处问题）：${shown.join('；')}${more}`, { issues: this.list })
  }
}

/** 合计 / 本页合计 / 总计 rows at the foot of a statement: in the date or the summary column, without a date */
function isTotalRow(values: Partial<Record<StatementKey, CellValue>>): boolean {
  const lead = (c: CellValue | undefined): boolean => typeof c === 'string' && /^(本页|本期)?(合计|总计|小计)/.test(c.replace(/\s/g, ''))
  return lead(values.date) || (lead(values.summary) && isBlank(values.date ?? null))
}

export async function readBankStatement(file: SpreadsheetFile, options: ReadStatementOptions = {}): Promise<BankStatement> {
  const limits = options.limits ?? DEFAULT_LIMITS
  const info = newTableInfo<StatementKey>()
  const issues = new Issues()
  const lines: StatementLine[] = []
  const notices: string[] = []
  const cell = (key: StatementKey, row: number): string => `${info.letters[key] ?? '?'}${row}`
  try {
    for await (const r of readTable(file, BANK_STATEMENT_SPEC, info, limits)) {
      const v = r.values
      if (isTotalRow(v) && isBlank(v.balance ?? null)) {
        notices.push(`第 ${r.row} 行为合计行，已跳过`)
        continue
      }
      const before = issues.list.length
      const date = dateOf(v.date ?? null, info.date1904)
      if (!date.ok) issues.add(cell('date', r.row), date.message)
      else if (date.value === null) issues.add(cell('date', r.row), '交易日期不能为空')
      const money = (key: 'inflow' | 'outflow', what: string): Fen => {
        const a = amountOf(v[key] ?? null)
        if (!a.ok) {
          issues.add(cell(key, r.row), `${what}${a.message}`)
          return 0
        }
        if (a.value < 0) issues.add(cell(key, r.row), `${what}不能为负数：${formatFen(a.value)}（支出请填在“支出”列）`)
        return a.value
      }
      const inflow = money('inflow', '收入')
      const outflow = money('outflow', '支出')
      let balance: Fen | null = null
      if (!isBlank(v.balance ?? null)) {
        const b = amountOf(v.balance ?? null)
        if (b.ok) balance = b.value
        else issues.add(cell('balance', r.row), `余额${b.message}`)
      }
      if (issues.list.length === before) {
        if (inflow !== 0 && outflow !== 0) issues.add(`第 ${r.row} 行`, `同一笔交易既有收入 ${formatFen(inflow)} 又有支出 ${formatFen(outflow)}`)
        else if (inflow === 0 && outflow === 0) issues.add(`第 ${r.row} 行`, '收入和支出都为空或为 0')
      }
      const text = (key: 'summary' | 'counterparty' | 'serial'): string | null => {
        const t = textOf(v[key] ?? null, BANK_STATEMENT_SPEC.columns.find((c) => c.key === key)?.label ?? key)
        if (t.ok) return t.value
        issues.add(cell(key, r.row), t.message)
        return null
      }
      const summary = text('summary') ?? ''
      const counterparty = text('counterparty')
      const serial = text('serial')
      if (issues.list.length === before && date.ok && date.value !== null) lines.push({ date: date.value, summary, inflow, outflow, balance, counterparty, serial, row: r.row })
    }
  } catch (e) {
    if (e instanceof SpreadsheetError) throw new AppError('VALIDATION', `银行对账单不能导入：${e.message}`, { issues: [{ path: '文件', message: e.message }] })
    throw e
  }
  for (const s of info.structural) issues.add(s.ref ?? `第 ${s.row ?? '?'} 行`, s.message)
  issues.refuse()
  const facts = titleFacts(await textsAbove(file, info, limits))
  // a month without transactions still has a statement: its balance is the opening balance printed above
  if (lines.length === 0 && facts.opening === null) {
    throw new AppError('VALIDATION', '银行对账单中没有交易记录，表头中也没有期初余额，无法确定对账单余额', { issues: [{ path: '文件', message: '没有交易记录' }] })
  }

  for (const p of facts.problems) issues.add('表头', p)
  const expected = options.expectedAccountNumber ? accountDigits(options.expectedAccountNumber) : null
  if (expected !== null) {
    if (facts.accountNumber === null) notices.push('对账单表头中没有账号，未能核对账号，请确认是本账户的对账单')
    else if (facts.accountNumber !== expected) {
      issues.add('表头', `对账单的账号 ${facts.accountNumber} 与本账户登记的账号 ${expected} 不符，请导入本账户的对账单`)
    }
  }

  // newest first (some banks): put in date order before chaining
  const first = lines[0]
  const last = lines[lines.length - 1]
  if (first && last && first.date > last.date) {
    lines.reverse()
    notices.push('对账单按日期倒序排列，已按日期正序核对')
  }
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1] as StatementLine
    const l = lines[i] as StatementLine
    if (l.date < prev.date) issues.add(cell('date', l.row ?? 0), `交易日期 ${l.date} 早于上一笔的 ${prev.date}，对账单应按日期排列`)
  }
  if (facts.periodFrom !== null && facts.periodTo !== null) {
    for (const l of lines) {
      if (l.date < facts.periodFrom || l.date > facts.periodTo) issues.add(cell('date', l.row ?? 0), `交易日期 ${l.date} 不在查询期间 ${facts.periodFrom} 至 ${facts.periodTo} 内`)
    }
  }

  const head = lines[0]
  let opening: Fen
  if (facts.opening !== null) opening = facts.opening
  else if (head && head.balance !== null) opening = head.balance - head.inflow + head.outflow
  else {
    issues.add(cell('balance', head?.row ?? 0), '第一笔交易没有余额，表头中也没有期初余额，无法确定对账单余额')
    opening = 0
  }
  for (const b of statementChainBreaks(opening, lines)) {
    const l = lines[b.index] as StatementLine
    issues.add(cell('balance', l.row ?? 0), b.index === 0 && facts.opening !== null ? `${b.message}（上一笔余额即表头的期初余额）` : b.message)
  }
  issues.refuse()
  const closing = lines.reduce((s, l) => s + l.inflow - l.outflow, opening)
  return {
    accountNumber: facts.accountNumber,
    periodFrom: facts.periodFrom,
    periodTo: facts.periodTo,
    opening,
    closing,
    lines,
    format: info.format,
    encoding: info.encoding,
    sheet: info.sheet,
    headerRow: info.headerRow ?? 0,
    notices: [...info.notices, ...notices],
  }
}
