import { useMemo } from 'react'
import { Select, type TableColumnsType } from 'antd'
import type { GeneralLedgerEntry, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { navigate, replaceParams } from '../app/routes'
import { useChart } from '../ledger/chart'
import { fmtYuan } from '../ledger/money'
import { PeriodRange, rangeLabel } from '../ledger/PeriodRange'
import { flexWidth, useFillBox } from '../ledger/useFillBox'
import { WithVillage } from '../ledger/WithVillage'
import { BookFrame } from './BookFrame'
import { ExportButton } from './ExportButton'
import { BookTable, RefreshButton, useBookPeriod } from './parts'

export function GeneralLedgerPage() {
  return <WithVillage>{(v) => <GeneralLedger key={v.id} village={v} />}</WithVillage>
}

type Row = (GeneralLedgerEntry | { kind: 'account'; period: string; summary: string; debit: string; credit: string; side: ''; balance: string; date: null }) & {
  key: string
  accountId: number
  code: string
  name: string
}

const CLASS: Record<Row['kind'], string> = { account: 'gl-account', opening: 'lg-opening', monthTotal: 'lg-month', yearTotal: 'lg-year' }

/** 总账: every first-level account with its opening balance and, per month, 本月合计 and 本年累计. */
function GeneralLedger(props: { village: Village }) {
  const { village } = props
  const chart = useChart(village.id)
  const { params, from, to } = useBookPeriod(village, 'year')
  const accountId = Number(params.get('account')) || undefined
  const set = (patch: Record<string, string | number | undefined>) => replaceParams('books/general-ledger', { from, to, account: accountId, ...patch })
  const q = useQuery('report.generalLedger', from && to ? { villageId: village.id, from, to, accountId } : null)
  const [boxRef, box] = useFillBox()

  const rows = useMemo<Row[]>(
    () =>
      (q.data?.accounts ?? []).flatMap((a) => [
        { kind: 'account' as const, key: `${a.accountId}`, accountId: a.accountId, code: a.code, name: a.name, period: '', summary: '', debit: '', credit: '', side: '' as const, balance: '', date: null },
        ...a.entries.map((e, i) => ({ ...e, key: `${a.accountId}-${i}`, accountId: a.accountId, code: a.code, name: a.name })),
      ]),
    [q.data],
  )
  const summaryWidth = flexWidth(box, 100 + 126 * 2 + 48 + 136, 240)
  const columns: TableColumnsType<Row> = [
    {
      title: '期间',
      key: 'period',
      width: 100,
      render: (_: unknown, r) => (r.kind === 'account' ? null : <span className="sanzi-mono">{r.kind === 'opening' ? '' : r.period}</span>),
    },
    {
      title: '摘要',
      key: 'summary',
      width: summaryWidth,
      render: (_: unknown, r) =>
        r.kind === 'account' ? (
          <b>
            <span className="sanzi-mono">{r.code}</span> {r.name}
          </b>
        ) : (
          r.summary
        ),
    },
    { title: '借方', key: 'debit', width: 126, align: 'right', render: (_: unknown, r) => (r.kind === 'account' || r.kind === 'opening' ? null : <span className="sanzi-amount">{fmtYuan(r.debit)}</span>) },
    { title: '贷方', key: 'credit', width: 126, align: 'right', render: (_: unknown, r) => (r.kind === 'account' || r.kind === 'opening' ? null : <span className="sanzi-amount">{fmtYuan(r.credit)}</span>) },
    { title: '方向', key: 'side', width: 48, align: 'center', render: (_: unknown, r) => r.side },
    { title: '余额', key: 'balance', width: 136, align: 'right', render: (_: unknown, r) => (r.kind === 'account' ? null : <span className="sanzi-amount">{r.side === '平' ? '0.00' : fmtYuan(r.balance)}</span>) },
  ]
  const firstLevel = chart.accounts.filter((a) => a.level === 1 && a.status === 'active')

  return (
    <BookFrame
      title="总账"
      actions={<ExportButton request={from && to ? { villageId: village.id, report: 'generalLedger', params: { from, to, accountId } } : null} />}
      error={q.error?.message}
      note={`${village.name} · ${from && to ? rangeLabel(from, to) : ''} · 单位：元 · 点击本月合计查看明细账`}
      toolbar={
        <>
          {from && to ? <PeriodRange from={from} to={to} onChange={(f, t) => set({ from: f, to: t })} /> : null}
          <Select
            aria-label="一级科目"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部一级科目"
            style={{ width: 220 }}
            value={accountId}
            onChange={(id?: number) => set({ account: id })}
            options={firstLevel.map((a) => ({ value: a.id, label: `${a.code} ${a.name}` }))}
          />
          <RefreshButton onClick={q.reload} />
        </>
      }
    >
      <div ref={boxRef} className="sanzi-fill-body">
        <BookTable<Row>
          rowKey="key"
          columns={columns}
          dataSource={rows}
          loading={q.loading}
          scroll={{ x: 100 + 126 * 2 + 48 + 136 + summaryWidth, y: box.height - 42 }}
          rowClassName={(r) => CLASS[r.kind]}
          onRow={(r) =>
            r.kind === 'monthTotal'
              ? { onClick: () => navigate('books/ledger', { account: r.accountId, from: r.period, to: r.period }), style: { cursor: 'pointer' } }
              : r.kind === 'account' && from && to
                ? { onClick: () => navigate('books/ledger', { account: r.accountId, from, to }), style: { cursor: 'pointer' } }
                : {}
          }
        />
      </div>
    </BookFrame>
  )
}
