import type { TableColumnsType } from 'antd'
import type { BalanceSide } from '../../../shared/api/types'
import { navigate } from '../app/routes'
import { fenOf, fmtYuan } from '../ledger/money'

/** A line of a book: 明细账, 日记账, 往来明细账 (opening, lines, day/month/year totals). */
export interface BookEntry {
  kind: 'opening' | 'line' | 'dayTotal' | 'monthTotal' | 'yearTotal'
  date: string | null
  period: string
  voucherId: number | null
  voucherLabel: string | null
  summary: string
  debit: string
  credit: string
  side: BalanceSide
  balance: string
}

export const ENTRY_CLASS: Record<BookEntry['kind'], string> = { opening: 'lg-opening', line: '', dayTotal: 'lg-day', monthTotal: 'lg-month', yearTotal: 'lg-year' }

export const ENTRY_FIXED_WIDTH = 100 + 96 + 126 * 2 + 48 + 136

function amount(v: string, e: BookEntry) {
  return <span className={`sanzi-amount${fenOf(v) < 0 ? ' sz-red' : ''}`}>{e.kind === 'opening' ? '' : fmtYuan(v, e.kind === 'line')}</span>
}

/**
 * Columns of a book in the paper order: 日期, 凭证号 (opens the voucher), 摘要, an extra column
 * (辅助核算 or 对方科目), 借方, 贷方, 方向, 余额.
 */
export function entryColumns<T extends BookEntry>(summaryWidth: number, extra?: { title: string; width: number; get: (e: T) => string | null }, labels = { debit: '借方', credit: '贷方' }): TableColumnsType<T> {
  const cols: TableColumnsType<T> = [
    {
      title: '日期',
      key: 'date',
      width: 100,
      render: (_: unknown, e) => (e.kind === 'line' || e.kind === 'opening' ? <span className="sanzi-mono">{e.date ?? `${e.period}-01`}</span> : null),
    },
    {
      title: '凭证号',
      key: 'voucher',
      width: 96,
      render: (_: unknown, e) =>
        e.voucherId !== null ? (
          <a
            className="sanzi-mono"
            onClick={(ev) => {
              ev.stopPropagation()
              navigate('vouchers/view', { id: e.voucherId })
            }}
          >
            {e.voucherLabel}
          </a>
        ) : null,
    },
    {
      title: '摘要',
      key: 'summary',
      width: summaryWidth,
      ellipsis: true,
      render: (_: unknown, e) => (e.kind === 'line' ? <span title={e.summary}>{e.summary}</span> : <b>{e.summary}</b>),
    },
  ]
  if (extra) cols.push({ title: extra.title, key: 'extra', width: extra.width, ellipsis: true, render: (_: unknown, e) => extra.get(e) ?? '' })
  cols.push(
    { title: labels.debit, key: 'debit', width: 126, align: 'right', render: (_: unknown, e) => amount(e.debit, e) },
    { title: labels.credit, key: 'credit', width: 126, align: 'right', render: (_: unknown, e) => amount(e.credit, e) },
    { title: '方向', key: 'side', width: 48, align: 'center', render: (_: unknown, e) => e.side },
    {
      title: '余额',
      key: 'balance',
      width: 136,
      align: 'right',
      render: (_: unknown, e) => <span className="sanzi-amount">{e.side === '平' ? '0.00' : fmtYuan(e.balance)}</span>,
    },
  )
  return cols
}

/** Opens the voucher of a line when its row is clicked. */
export function entryRowProps(e: BookEntry) {
  return e.voucherId !== null ? { onClick: () => navigate('vouchers/view', { id: e.voucherId }), style: { cursor: 'pointer' } } : {}
}
