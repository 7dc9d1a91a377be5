/** Pieces the book and report pages share: the virtual book table, its 合计 row, the level select, the balance tag. */
import type { ReactNode } from 'react'
import { Button, Select, Table, Tag, type TableProps } from 'antd'
import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons'
import type { Village } from '../../../shared/api/types'
import { useRouteParams } from '../app/routes'
import { fmtYuan } from '../ledger/money'
import { useFirstOpenPeriod } from '../vouchers/status'

/**
 * The route's parameters and the book's period range: `from`/`to` from the route, or by default from the first
 * open month (`start: 'month'`) or from January of its year (`start: 'year'`) to the first open month.
 */
export function useBookPeriod(village: Village, start: 'month' | 'year'): { params: URLSearchParams; from: string | undefined; to: string | undefined } {
  const params = useRouteParams()
  const open = useFirstOpenPeriod(village.id, village.startPeriod).period
  const year = (open ?? village.startPeriod).slice(0, 4)
  const from = params.get('from') ?? (open && start === 'year' ? `${year}-01` : open)
  return { params, from, to: params.get('to') ?? open }
}

/**
 * A book's table: compact and bordered, all rows on one page; virtual rows (scrolling inside the fill box) unless
 * `virtual={false}` for a short statement.
 */
export function BookTable<Row extends object>(props: Omit<TableProps<Row>, 'className' | 'size' | 'bordered' | 'pagination'>) {
  return <Table<Row> className="sanzi-book" size="small" bordered virtual pagination={false} {...props} />
}

/**
 * The 合计 row fixed under a book table: a label over the first `labelSpan` columns, then one amount per column.
 * Called as a function in `summary`, not used as a component: the table looks for `Table.Summary` itself.
 */
export function totalsRow(props: { labelSpan: number; amounts: { key: string; value: string; testId?: string }[] }) {
  return (
    <Table.Summary fixed="bottom">
      <Table.Summary.Row className="sanzi-total-row">
        <Table.Summary.Cell index={0} colSpan={props.labelSpan}>
          <b>合 计</b>
        </Table.Summary.Cell>
        {props.amounts.map((a, i) => (
          <Table.Summary.Cell key={a.key} index={i + props.labelSpan} align="right">
            <span className="sanzi-amount" data-testid={a.testId}>
              {fmtYuan(a.value)}
            </span>
          </Table.Summary.Cell>
        ))}
      </Table.Summary.Row>
    </Table.Summary>
  )
}

const LEVEL_OPTIONS = [1, 2, 3, 4].map((l) => ({ value: l, label: `${['一', '二', '三', '四'][l - 1]}级科目` }))

/** 一级科目 … 四级科目. */
export function LevelSelect(props: { value: number; onChange: (level: number) => void }) {
  return <Select aria-label="科目级次" style={{ width: 110 }} value={props.value} onChange={props.onChange} options={LEVEL_OPTIONS} />
}

/** 试算平衡 / 借贷平衡 in green, or its opposite in red. */
export function BalanceTag(props: { balanced: boolean; yes: string; no: string; testId?: string }) {
  return props.balanced ? (
    <Tag icon={<CheckCircleFilled />} color="success" data-testid={props.testId}>
      {props.yes}
    </Tag>
  ) : (
    <Tag icon={<CloseCircleFilled />} color="error" data-testid={props.testId}>
      {props.no}
    </Tag>
  )
}

export function RefreshButton(props: { onClick: () => void; disabled?: boolean; children?: ReactNode }) {
  return (
    <Button icon={<ReloadOutlined />} onClick={props.onClick} disabled={props.disabled}>
      {props.children ?? '刷新'}
    </Button>
  )
}
