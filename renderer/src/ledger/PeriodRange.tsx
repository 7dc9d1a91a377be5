import { DatePicker } from 'antd'
import dayjs from 'dayjs'

/** A range of months (期间 from–to), as YYYY-MM strings. */
export function PeriodRange(props: { from: string; to: string; onChange: (from: string, to: string) => void; label?: string }) {
  return (
    <DatePicker.RangePicker
      picker="month"
      aria-label={props.label ?? '期间'}
      allowClear={false}
      format="YYYY年M月"
      value={[dayjs(`${props.from}-01`), dayjs(`${props.to}-01`)]}
      onChange={(r) => {
        if (r?.[0] && r[1]) props.onChange(r[0].format('YYYY-MM'), r[1].format('YYYY-MM'))
      }}
      style={{ width: 240 }}
    />
  )
}

/** 2024-01 … 2024-03 → 2024年1月—3月 */
export function rangeLabel(from: string, to: string): string {
  const f = `${from.slice(0, 4)}年${Number(from.slice(5, 7))}月`
  if (from === to) return f
  const sameYear = from.slice(0, 4) === to.slice(0, 4)
  return `${f}—${sameYear ? '' : `${to.slice(0, 4)}年`}${Number(to.slice(5, 7))}月`
}
