import type { Kysely } from 'kysely'
import { formatFen, type Fen } from '../../../shared/money'
import { addDays, lastDayOf } from '../../../shared/periods'
import type { Database } from '../db/schema'
import { openingBefore, postedLines } from '../reports/lines'

/**
 * A bank statement for a demo bank account, written the way the banks' CSV exports look (account number, period
 * and opening balance above the header; 支出/收入/余额 columns), so a demo 清查 can import it in 核实. Every posted
 * line of the account's month appears on the bank's side one to three days later, except the bank-only items
 * given (interest the bank credited that the books have not yet recorded, fees it charged): those become the
 * 银行已收企业未收 / 银行已付企业未付 lines of the 余额调节表.
 */
export interface DemoStatementRequest {
  villageId: number
  accountId: number
  auxItemId: number | null
  accountNo: string
  /** YYYY-MM */
  period: string
  bankOnly?: { date: string; summary: string; inflow: Fen; outflow: Fen }[]
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
const money = (f: Fen) => (f === 0 ? '' : formatFen(f).replace(/,/g, ''))

function later(date: string, days: number, last: string): string {
  const s = addDays(date, days)
  return s > last ? last : s
}

export async function demoStatementCsv(db: Kysely<Database>, req: DemoStatementRequest): Promise<Buffer> {
  const filter = { villageId: req.villageId, accountIds: [req.accountId], auxItemId: req.auxItemId }
  const { opening } = await openingBefore(db, { ...filter, from: req.period })
  const last = lastDayOf(req.period)
  const entries: { date: string; summary: string; inflow: Fen; outflow: Fen; counterparty: string }[] = []
  let n = 0
  for await (const l of postedLines(db, { ...filter, from: req.period, to: req.period })) {
    entries.push({ date: later(l.date, 1 + (n++ % 3), last), summary: l.summary, inflow: l.debit, outflow: l.credit, counterparty: l.auxName ?? '' })
  }
  for (const b of req.bankOnly ?? []) entries.push({ ...b, counterparty: '' })
  entries.sort((a, b) => a.date.localeCompare(b.date))
  const lines = [
    '账户交易明细',
    `账号：${req.accountNo}`,
    `查询期间：${req.period}-01 至 ${last}`,
    `期初余额：${money(opening) || '0.00'}`,
    '交易日期,摘要,支出,收入,余额,对方户名,流水号',
  ]
  let balance = opening
  for (const [i, e] of entries.entries()) {
    balance += e.inflow - e.outflow
    lines.push([e.date, csvCell(e.summary), money(e.outflow), money(e.inflow), formatFen(balance).replace(/,/g, ''), csvCell(e.counterparty), `${req.period.replace('-', '')}${String(i + 1).padStart(5, '0')}`].join(','))
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}
