import { Tag } from 'antd'
import type { VoucherStatus, VoucherSummary } from '../../../shared/api/types'
import { lastDayOf, periodOfDate } from '../../../shared/periods'
import { useQuery } from '../api/useQuery'

export const STATUS_LABELS: Record<VoucherStatus, string> = { draft: '草稿', reviewed: '已审核', posted: '已记账' }
const STATUS_COLORS: Record<VoucherStatus, string> = { draft: 'orange', reviewed: 'blue', posted: 'green' }

export function StatusTag(props: { v: Pick<VoucherSummary, 'status' | 'reversesId'> }) {
  return (
    <>
      <Tag color={STATUS_COLORS[props.v.status]} style={{ marginInlineEnd: 4 }}>
        {STATUS_LABELS[props.v.status]}
      </Tag>
      {props.v.reversesId !== null ? <Tag color="red">红字</Tag> : null}
    </>
  )
}

/** The first month not yet closed: where new vouchers go. */
export function useFirstOpenPeriod(villageId: number, fallback: string): { period: string | undefined; reload: () => void } {
  const q = useQuery('period.list', { villageId })
  if (!q.data) return { period: q.error ? fallback : undefined, reload: q.reload }
  return { period: q.data.find((p) => !p.closed)?.period ?? fallback, reload: q.reload }
}

function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

const dateKey = (villageId: number) => `sanzi.lastVoucherDate.${villageId}`

/**
 * 凭证日期 of a new voucher: the last date used for this village when it lies in the first open month,
 * else today when today is in it, else the month's last day (books are usually caught up after the month).
 */
export function defaultVoucherDate(villageId: number, firstOpen: string): string {
  let last: string | null = null
  try {
    last = window.localStorage.getItem(dateKey(villageId))
  } catch {
    // storage unavailable
  }
  if (last && periodOfDate(last) === firstOpen) return last
  const t = today()
  if (periodOfDate(t) === firstOpen) return t
  return t > firstOpen ? lastDayOf(firstOpen) : `${firstOpen}-01`
}

export function rememberVoucherDate(villageId: number, date: string): void {
  try {
    window.localStorage.setItem(dateKey(villageId), date)
  } catch {
    // storage unavailable: the default falls back to today
  }
}

/** The vouchers of the list a voucher was opened from, for 上一张 / 下一张 (kept for this window only). */
export interface NavEntry {
  id: number
  /** opens in 凭证录入 (a draft its preparer may change) rather than 查看凭证 */
  edit: boolean
}

const NAV_KEY = 'sanzi.voucherNav'

export function rememberVoucherList(entries: NavEntry[]): void {
  try {
    window.sessionStorage.setItem(NAV_KEY, JSON.stringify(entries))
  } catch {
    // storage unavailable: no 上一张 / 下一张
  }
}

export function voucherList(): NavEntry[] {
  try {
    const v = JSON.parse(window.sessionStorage.getItem(NAV_KEY) ?? '[]') as unknown
    return Array.isArray(v) ? (v as NavEntry[]).filter((e) => typeof e?.id === 'number') : []
  } catch {
    return []
  }
}
