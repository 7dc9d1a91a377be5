import { sql, type Kysely } from 'kysely'
import type { AccountLedger, LedgerEntry } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { fenOf, fenToYuanString, type Fen } from '../../../shared/money'
import { lastDayOf, nextPeriod, periodLabel, yearOf } from '../../../shared/periods'
import { voucherLabel } from '../../../shared/vouchers'
import type { Database } from '../db/schema'
import { loadChart } from './chart'
import { sideOf } from './balances'
import { accountPaths } from './vouchers'

/**
 * 明细账 of one account (and everything below it) over a range of months: the opening balance, every posted
 * line with a running balance and its 借/贷 direction, and 本月合计 / 本年累计 after each month.
 */
export async function accountLedger(
  db: Kysely<Database>,
  villageId: number,
  opts: { accountId: number; from: string; to: string; auxItemId?: number },
): Promise<AccountLedger> {
  if (opts.from > opts.to) throw new AppError('VALIDATION', '开始期间不能晚于结束期间')
  const chart = await loadChart(db, villageId)
  const account = chart.find((a) => a.id === opts.accountId)
  if (!account) throw new AppError('NOT_FOUND', '科目不存在或不属于本村')
  const ids = chart.filter((a) => a.code.startsWith(account.code)).map((a) => a.id)
  const aux = opts.auxItemId
  const yearStart = `${yearOf(opts.from)}-01`

  let balQ = db
    .selectFrom('balance')
    .select([
      'period',
      sql<number>`sum(debit)`.as('debit'),
      sql<number>`sum(credit)`.as('credit'),
    ])
    .where('account_id', 'in', ids)
    .where('period', '<', opts.from)
    .groupBy('period')
  if (aux !== undefined) balQ = balQ.where('aux_item_id', '=', aux)
  let opening: Fen = 0
  let ytdDebit: Fen = 0
  let ytdCredit: Fen = 0
  for (const r of await balQ.execute()) {
    opening += fenOf(r.debit) - fenOf(r.credit)
    if (r.period >= yearStart) {
      ytdDebit += fenOf(r.debit)
      ytdCredit += fenOf(r.credit)
    }
  }
  let obQ = db.selectFrom('opening_balance').select(sql<number>`coalesce(sum(amount), 0)`.as('amount')).where('account_id', 'in', ids)
  if (aux !== undefined) obQ = obQ.where('aux_item_id', '=', aux)
  opening += fenOf((await obQ.executeTakeFirst())?.amount)

  let linesQ = db
    .selectFrom('voucher_line')
    .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
    .leftJoin('aux_item', 'aux_item.id', 'voucher_line.aux_item_id')
    .select([
      'voucher.id as voucher_id',
      'voucher.date',
      'voucher.word',
      'voucher.number',
      'voucher_line.period',
      'voucher_line.summary',
      'voucher_line.debit',
      'voucher_line.credit',
      'voucher_line.account_id',
      'aux_item.name as aux_name',
    ])
    .where('voucher_line.account_id', 'in', ids)
    .where('voucher_line.period', '>=', opts.from)
    .where('voucher_line.period', '<=', opts.to)
    .where('voucher.status', '=', 'posted')
    .orderBy('voucher_line.period')
    .orderBy('voucher.number')
    .orderBy('voucher_line.line_no')
  if (aux !== undefined) linesQ = linesQ.where('voucher_line.aux_item_id', '=', aux)
  const lines = await linesQ.execute()

  const paths = accountPaths(chart)
  const entries: LedgerEntry[] = []
  let balance = opening
  const push = (e: Omit<LedgerEntry, 'side' | 'balance'>) => entries.push({ ...e, side: sideOf(balance), balance: fenToYuanString(Math.abs(balance)) })
  push({ kind: 'opening', date: null, period: opts.from, voucherId: null, voucherLabel: null, summary: opts.from.endsWith('-01') ? '上年结转' : '期初余额', auxItemName: null, debit: '0.00', credit: '0.00' })

  let i = 0
  for (let p = opts.from; p <= opts.to; p = nextPeriod(p)) {
    if (p.endsWith('-01')) {
      ytdDebit = 0
      ytdCredit = 0
    }
    let monthDebit = 0
    let monthCredit = 0
    while (i < lines.length && (lines[i] as (typeof lines)[number]).period === p) {
      const l = lines[i] as (typeof lines)[number]
      balance += l.debit - l.credit
      monthDebit += l.debit
      monthCredit += l.credit
      push({
        kind: 'line',
        date: l.date,
        period: p,
        voucherId: l.voucher_id,
        voucherLabel: voucherLabel(l.word, l.number),
        summary: ids.length > 1 ? `${l.summary}（${paths.get(l.account_id)?.split('/').slice(account.level).join('/') ?? ''}）` : l.summary,
        auxItemName: l.aux_name ?? null,
        debit: fenToYuanString(l.debit),
        credit: fenToYuanString(l.credit),
      })
      i++
    }
    ytdDebit += monthDebit
    ytdCredit += monthCredit
    push({ kind: 'monthTotal', date: lastDayOf(p), period: p, voucherId: null, voucherLabel: null, summary: `${periodLabel(p)} 本月合计`, auxItemName: null, debit: fenToYuanString(monthDebit), credit: fenToYuanString(monthCredit) })
    push({ kind: 'yearTotal', date: lastDayOf(p), period: p, voucherId: null, voucherLabel: null, summary: '本年累计', auxItemName: null, debit: fenToYuanString(ytdDebit), credit: fenToYuanString(ytdCredit) })
  }
  return { villageId, accountId: account.id, code: account.code, name: paths.get(account.id) ?? account.name, from: opts.from, to: opts.to, entries }
}
