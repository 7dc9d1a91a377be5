import { useMemo } from 'react'
import { Empty, Select, Tabs, type TableColumnsType } from 'antd'
import type { CounterpartyBalanceRow, LedgerEntry, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { replaceParams } from '../app/routes'
import { fmtYuan } from '../ledger/money'
import { PeriodRange, rangeLabel } from '../ledger/PeriodRange'
import { flexWidth, useFillBox } from '../ledger/useFillBox'
import { WithVillage } from '../ledger/WithVillage'
import { BookFrame } from './BookFrame'
import { ENTRY_CLASS, ENTRY_FIXED_WIDTH, entryColumns, entryRowProps } from './entries'
import { ExportButton } from './ExportButton'
import { BookTable, RefreshButton, useBookPeriod } from './parts'

/** 往来账: 往来余额表 (every counterparty and household with its balance) and 往来明细账 of one of them. */
export function CounterpartyPage() {
  return <WithVillage>{(v) => <Counterparties key={v.id} village={v} />}</WithVillage>
}

type SummaryRow = CounterpartyBalanceRow & { key: string }
type EntryRow = LedgerEntry & { key: number }

function Counterparties(props: { village: Village }) {
  const { village } = props
  const { params, from, to } = useBookPeriod(village, 'year')
  const tab = params.get('tab') === 'ledger' ? 'ledger' : 'summary'
  const accountId = Number(params.get('account')) || undefined
  const auxItemId = Number(params.get('aux')) || undefined
  const set = (patch: Record<string, string | number | undefined>) =>
    replaceParams('books/counterparty', { from, to, tab: tab === 'ledger' ? 'ledger' : undefined, account: accountId, aux: auxItemId, ...patch })

  const summary = useQuery('report.counterpartySummary', from && to && tab === 'summary' ? { villageId: village.id, from, to } : null)
  const ledger = useQuery('report.counterpartyLedger', from && to && tab === 'ledger' ? { villageId: village.id, from, to } : null)
  const [boxRef, box] = useFillBox()

  const summaryRows = useMemo<SummaryRow[]>(() => (summary.data?.rows ?? []).map((r, i) => ({ ...r, key: `${i}` })), [summary.data])
  const ledgers = ledger.data?.ledgers ?? []
  const current = ledgers.find((l) => l.accountId === accountId && (auxItemId === undefined || l.auxItemId === auxItemId)) ?? ledgers[0]
  const entryRows = useMemo<EntryRow[]>(() => (current?.entries ?? []).map((e, i) => ({ ...e, key: i })), [current])

  const cpWidth = flexWidth(box, 80 + 170 + 44 + 124 + 124 * 2 + 44 + 124, 180)
  const summaryColumns: TableColumnsType<SummaryRow> = [
    { title: '科目编码', dataIndex: 'code', width: 80, render: (c: string) => <span className="sanzi-mono">{c}</span> },
    { title: '科目', dataIndex: 'accountName', width: 170, ellipsis: true },
    { title: '往来单位/农户', dataIndex: 'counterparty', width: cpWidth, ellipsis: true, render: (n: string, r) => (r.kind === 'subtotal' ? <b>{n}</b> : n) },
    { title: '方向', dataIndex: 'openingSide', width: 44, align: 'center' },
    { title: '期初余额', dataIndex: 'opening', width: 124, align: 'right', render: (v: string) => <span className="sanzi-amount">{fmtYuan(v, true)}</span> },
    { title: '本期借方', dataIndex: 'debit', width: 124, align: 'right', render: (v: string) => <span className="sanzi-amount">{fmtYuan(v, true)}</span> },
    { title: '本期贷方', dataIndex: 'credit', width: 124, align: 'right', render: (v: string) => <span className="sanzi-amount">{fmtYuan(v, true)}</span> },
    { title: '方向', dataIndex: 'closingSide', width: 44, align: 'center' },
    { title: '期末余额', dataIndex: 'closing', width: 124, align: 'right', render: (v: string) => <span className="sanzi-amount">{fmtYuan(v, true)}</span> },
  ]
  const summaryWidth = flexWidth(box, ENTRY_FIXED_WIDTH, 220)
  const entryCols = entryColumns<EntryRow>(summaryWidth)

  const exportRequest =
    from && to
      ? tab === 'summary'
        ? ({ villageId: village.id, report: 'counterpartySummary', params: { from, to } } as const)
        : ({ villageId: village.id, report: 'counterpartyLedger', params: { from, to, accountId: current?.accountId, auxItemId: current?.auxItemId ?? undefined } } as const)
      : null

  return (
    <BookFrame
      title="往来账"
      actions={<ExportButton request={exportRequest} />}
      error={(tab === 'summary' ? summary.error : ledger.error)?.message}
      note={`${village.name} · ${from && to ? rangeLabel(from, to) : ''} · 单位：元`}
      toolbar={
        <>
          <Tabs
            className="sanzi-inline-tabs"
            activeKey={tab}
            onChange={(k) => set({ tab: k === 'ledger' ? 'ledger' : undefined })}
            items={[
              { key: 'summary', label: '往来余额表' },
              { key: 'ledger', label: '往来明细账' },
            ]}
          />
          {from && to ? <PeriodRange from={from} to={to} onChange={(f, t) => set({ from: f, to: t })} /> : null}
          {tab === 'ledger' ? (
            <Select
              aria-label="往来单位"
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 340 }}
              placeholder="选择往来单位或农户"
              value={current ? `${current.accountId}-${current.auxItemId ?? 0}` : undefined}
              onChange={(k: string) => {
                const [a, x] = k.split('-').map(Number)
                set({ account: a, aux: x || undefined })
              }}
              options={ledgers.map((l) => ({ value: `${l.accountId}-${l.auxItemId ?? 0}`, label: `${l.counterparty}（${l.code} ${l.accountName}）` }))}
            />
          ) : null}
          <RefreshButton onClick={tab === 'summary' ? summary.reload : ledger.reload} />
        </>
      }
    >
      <div ref={boxRef} className="sanzi-fill-body">
        {tab === 'summary' ? (
          <BookTable<SummaryRow>
            rowKey="key"
            columns={summaryColumns}
            dataSource={summaryRows}
            loading={summary.loading}
            scroll={{ x: 80 + 170 + cpWidth + 44 + 124 * 3 + 44 + 124, y: box.height - 42 }}
            rowClassName={(r) => (r.kind === 'subtotal' ? 'lg-month' : '')}
            onRow={(r) => (r.kind === 'item' ? { onClick: () => set({ tab: 'ledger', account: r.accountId, aux: r.auxItemId ?? undefined }), style: { cursor: 'pointer' } } : {})}
          />
        ) : !ledger.loading && ledger.data && ledgers.length === 0 ? (
          <Empty style={{ marginTop: 48 }} description="没有往来明细" />
        ) : (
          <BookTable<EntryRow>
            rowKey="key"
            columns={entryCols}
            dataSource={entryRows}
            loading={ledger.loading}
            scroll={{ x: ENTRY_FIXED_WIDTH + summaryWidth, y: box.height - 42 }}
            rowClassName={(e) => ENTRY_CLASS[e.kind]}
            onRow={entryRowProps}
          />
        )}
      </div>
    </BookFrame>
  )
}
