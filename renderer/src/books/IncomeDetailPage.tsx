import type { TableColumnsType } from 'antd'
import type { IncomeExpenseRow, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { navigate, replaceParams } from '../app/routes'
import { fmtYuan } from '../ledger/money'
import { PeriodRange, rangeLabel } from '../ledger/PeriodRange'
import { WithVillage } from '../ledger/WithVillage'
import { BookFrame } from './BookFrame'
import { ExportButton } from './ExportButton'
import { BookTable, LevelSelect, RefreshButton, useBookPeriod } from './parts'

/** 收支明细表: income and expense items with 本月（本期）数 and 本年累计数 — the monthly publication sheet. */
export function IncomeDetailPage() {
  return <WithVillage>{(v) => <IncomeDetail key={v.id} village={v} />}</WithVillage>
}

type Row = IncomeExpenseRow & { key: number }

function IncomeDetail(props: { village: Village }) {
  const { village } = props
  const { params, from, to } = useBookPeriod(village, 'month')
  const level = Number(params.get('level') ?? 2) || 2
  const set = (patch: Record<string, string | number | undefined>) => replaceParams('reports/income-detail', { from, to, level, ...patch })
  const q = useQuery('report.incomeExpenseDetail', from && to ? { villageId: village.id, from, to, level } : null)
  const rows: Row[] = (q.data?.rows ?? []).map((r, i) => ({ ...r, key: i }))
  const columns: TableColumnsType<Row> = [
    {
      title: '项 目',
      key: 'name',
      render: (_: unknown, r) =>
        r.kind === 'account' ? (
          <span style={{ paddingLeft: r.level * 16 }}>
            <span className="sanzi-mono" style={{ color: '#6b7280', marginRight: 8 }}>
              {r.code}
            </span>
            {r.level === 1 ? <b>{r.name}</b> : r.name}
          </span>
        ) : (
          <b>{r.name}</b>
        ),
    },
    { title: q.data?.currentLabel ?? '本月数', dataIndex: 'current', width: 180, align: 'right', render: (v: string | null) => (v === null ? null : <span className="sanzi-amount">{fmtYuan(v)}</span>) },
    { title: '本年累计数', dataIndex: 'ytd', width: 180, align: 'right', render: (v: string | null) => (v === null ? null : <span className="sanzi-amount">{fmtYuan(v)}</span>) },
  ]
  return (
    <BookFrame
      fill={false}
      title="收支明细表"
      actions={<ExportButton request={from && to ? { villageId: village.id, report: 'incomeExpenseDetail', params: { from, to, level } } : null} />}
      error={q.error?.message}
      note={`${village.name} · ${from && to ? rangeLabel(from, to) : ''} · 单位：元`}
      toolbar={
        <>
          {from && to ? <PeriodRange from={from} to={to} onChange={(f, t) => set({ from: f, to: t })} /> : null}
          <LevelSelect value={level} onChange={(l) => set({ level: l })} />
          <RefreshButton onClick={q.reload} />
        </>
      }
    >
      <BookTable<Row>
        virtual={false}
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={q.loading}
        style={{ maxWidth: 900 }}
        rowClassName={(r) => (r.kind === 'heading' ? 'gl-account' : r.kind === 'total' ? 'lg-month' : '')}
        onRow={(r) =>
          r.accountId !== null && from && to
            ? { onClick: () => navigate('books/ledger', { account: r.accountId, from: `${to.slice(0, 4)}-01`, to }), style: { cursor: 'pointer' } }
            : {}
        }
      />
    </BookFrame>
  )
}
