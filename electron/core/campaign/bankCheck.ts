import type { Kysely } from 'kysely'
import { reconcileBank, type BookLine, type Reconciliation, type StatementLine } from '../../../shared/campaign/bankReconciliation'
import { AppError } from '../../../shared/errors'
import { formatFen, type Fen } from '../../../shared/money'
import { isValidPeriod, lastDayOf } from '../../../shared/periods'
import { voucherLabel } from '../../../shared/vouchers'
import type { Database } from '../db/schema'
import type { SpreadsheetFile } from '../io/table'
import { loadChart } from '../ledger/chart'
import { openingBefore, postedLines } from '../reports/lines'
import { accountDigits, readBankStatement, type BankStatement } from './bankStatement'

/**
 * 核实 of one bank account for one month: the posted lines of a 102 leaf (and its bank item, if any) — the same
 * lines the 银行存款日记账 prints — against an imported bank statement, reconciled into the 余额调节表.
 */

export interface BankCheckRequest {
  villageId: number
  /** a leaf under 102 银行存款 */
  accountId: number
  /** the bank item of the leaf; undefined: every item of the leaf */
  auxItemId?: number
  /** YYYY-MM */
  period: string
  file: SpreadsheetFile
  /** business days allowed between the book date and the bank date (default of reconcileBank) */
  windowBusinessDays?: number
  /** the reconciling items left over from the previous month's check, matched first whatever their date */
  carried?: { bookLines: readonly BookLine[]; statementLines: readonly StatementLine[] }
}

export interface CheckedBookLine extends BookLine {
  voucherId: number
  lineId: number
}

export interface BankCheck {
  villageId: number
  accountId: number
  code: string
  name: string
  auxItemId: number | null
  period: string
  from: string
  to: string
  /** the account number in the 银行账户 register, when registered; the statement must be of that account */
  registeredAccountNumber: string | null
  bankName: string | null
  statement: BankStatement
  bookOpening: Fen
  bookLines: CheckedBookLine[]
  reconciliation: Reconciliation
  notices: string[]
}

async function registered(db: Kysely<Database>, villageId: number, accountId: number, auxItemId: number | undefined): Promise<{ accountNo: string; bankName: string } | null> {
  let q = db.selectFrom('bank_account').select(['account_no', 'bank_name']).where('village_id', '=', villageId).where('account_id', '=', accountId).where('closed_on', 'is', null)
  if (auxItemId !== undefined) q = q.where('aux_item_id', '=', auxItemId)
  const rows = await q.execute()
  // two open accounts on one leaf without naming the item: the statement cannot be checked against one number
  const only = rows.length === 1 ? rows[0] : undefined
  return only ? { accountNo: accountDigits(only.account_no), bankName: only.bank_name } : null
}

async function unpostedCount(db: Kysely<Database>, villageId: number, accountId: number, period: string): Promise<number> {
  const r = await db
    .selectFrom('voucher_line')
    .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
    .select((eb) => eb.fn.count<number>('voucher.id').distinct().as('n'))
    .where('voucher.village_id', '=', villageId)
    .where('voucher.status', '<>', 'posted')
    .where('voucher.period', '=', period)
    .where('voucher_line.account_id', '=', accountId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function bankCheck(db: Kysely<Database>, req: BankCheckRequest): Promise<BankCheck> {
  if (!isValidPeriod(req.period)) throw new AppError('VALIDATION', `期间格式不正确：${req.period}（应为 YYYY-MM）`, { issues: [{ path: 'period', message: '期间格式不正确' }] })
  const chart = await loadChart(db, req.villageId)
  const account = chart.find((a) => a.id === req.accountId)
  if (!account) throw new AppError('NOT_FOUND', '科目不存在或不属于本村')
  if (!account.code.startsWith('102') || !account.isLeaf) {
    throw new AppError('VALIDATION', `银行存款核实只能选择 102 银行存款的末级科目，“${account.code} ${account.name}”不是`, { issues: [{ path: 'accountId', message: '应为 102 的末级科目' }] })
  }
  if (req.auxItemId !== undefined) {
    const item = await db.selectFrom('aux_item').select(['id']).where('id', '=', req.auxItemId).where('village_id', '=', req.villageId).executeTakeFirst()
    if (!item) throw new AppError('NOT_FOUND', '银行账户项目不存在或不属于本村')
  }
  const from = `${req.period}-01`
  const to = lastDayOf(req.period)
  const reg = await registered(db, req.villageId, account.id, req.auxItemId)
  const statement = await readBankStatement(req.file, { expectedAccountNumber: reg?.accountNo ?? null })

  const outside = statement.lines.filter((l) => l.date < from || l.date > to)
  if (outside.length > 0) {
    const issues = outside.map((l) => ({ path: `第 ${l.row ?? '?'} 行`, message: `交易日期 ${l.date} 不在 ${req.period} 内` }))
    throw new AppError('VALIDATION', `对账单中有 ${outside.length} 笔交易不在 ${from} 至 ${to} 内，请导入 ${req.period} 的对账单`, { issues })
  }

  const filter = { villageId: req.villageId, accountIds: [account.id], auxItemId: req.auxItemId }
  const { opening: bookOpening } = await openingBefore(db, { ...filter, from: req.period })
  const bookLines: CheckedBookLine[] = []
  for await (const l of postedLines(db, { ...filter, from: req.period, to: req.period })) {
    bookLines.push({ date: l.date, voucherLabel: voucherLabel(l.word, l.number), summary: l.summary, debit: l.debit, credit: l.credit, voucherId: l.voucherId, lineId: l.lineId })
  }
  const reconciliation = reconcileBank(
    {
      bookOpening,
      bookLines,
      statementOpening: statement.opening,
      statementClosing: statement.closing,
      statementLines: statement.lines,
      carriedBookLines: req.carried?.bookLines,
      carriedStatementLines: req.carried?.statementLines,
    },
    { windowBusinessDays: req.windowBusinessDays },
  )

  const notices = [...statement.notices]
  if (reg === null) notices.push('该科目没有登记银行账户（或登记了多个），未能核对对账单的账号')
  const unposted = await unpostedCount(db, req.villageId, account.id, req.period)
  if (unposted > 0) notices.push(`${req.period} 有 ${unposted} 张涉及本科目的凭证尚未过账，账面余额只含已过账凭证`)
  // the openings differ by exactly last month's outstanding items: bank-only items in, book-only items out
  const carriedGap =
    (req.carried?.statementLines ?? []).reduce((s, l) => s + l.inflow - l.outflow, 0) - (req.carried?.bookLines ?? []).reduce((s, l) => s + l.debit - l.credit, 0)
  if (statement.opening - bookOpening !== carriedGap) {
    notices.push(
      `对账单期初余额 ${formatFen(statement.opening)} 与账面期初余额 ${formatFen(bookOpening)} 相差 ${formatFen(statement.opening - bookOpening)}，与上月结转的未达账项（${formatFen(carriedGap)}）不符，请核对上月的余额调节表`,
    )
  }
  return {
    villageId: req.villageId,
    accountId: account.id,
    code: account.code,
    name: account.name,
    auxItemId: req.auxItemId ?? null,
    period: req.period,
    from,
    to,
    registeredAccountNumber: reg?.accountNo ?? null,
    bankName: reg?.bankName ?? null,
    statement,
    bookOpening,
    bookLines,
    reconciliation,
    notices,
  }
}
