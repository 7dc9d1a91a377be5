import { useMemo } from 'react'
import { Empty, Segmented } from 'antd'
import type { JournalEntry, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { replaceParams } from '../app/routes'
import { PeriodRange, rangeLabel } from '../ledger/PeriodRange'
import { flexWidth, useFillBox } from '../ledger/useFillBox'
import { WithVillage } from '../ledger/WithVillage'
import { BookFrame } from './BookFrame'
import { ENTRY_CLASS, ENTRY_FIXED_WIDTH, entryColumns, entryRowProps } from './entries'
import { ExportButton } from './ExportButton'
import { BookTable, RefreshButton, useBookPeriod } from './parts'

/** 现金日记账 (cash) and 银行存款日记账 (bank, one book per bank account). */
export function JournalPage(props: { kind: 'cash' | 'bank' }) {
  return <WithVillage>{(v) => <JournalBook key={`${v.id}-${props.kind}`} village={v} kind={props.kind} />}</WithVillage>
}

type Row = JournalEntry & { key: number }

function JournalBook(props: { village: Village; kind: 'cash' | 'bank' }) {
  const { village, kind } = props
  const route = kind === 'cash' ? 'books/cash-journal' : 'books/bank-journal'
  const { params, from, to } = useBookPeriod(village, 'month')
  const chosen = params.get('book') ?? ''
  const set = (patch: Record<string, string | number | undefined>) => replaceParams(route, { from, to, book: chosen || undefined, ...patch })
  const input = from && to ? { villageId: village.id, from, to } : null
  const cash = useQuery('report.cashJournal', kind === 'cash' ? input : null)
  const bank = useQuery('report.bankJournal', kind === 'bank' ? input : null)
  const q = kind === 'cash' ? cash : bank
  const [boxRef, box] = useFillBox()

  const journals = q.data?.journals ?? []
  const keyOf = (j: { accountId: number; auxItemId: number | null }) => `${j.accountId}-${j.auxItemId ?? 0}`
  const journal = journals.find((j) => keyOf(j) === chosen) ?? journals[0]
  const rows = useMemo<Row[]>(() => (journal?.entries ?? []).map((e, i) => ({ ...e, key: i })), [journal])
  const summaryWidth = flexWidth(box, ENTRY_FIXED_WIDTH + 190, 200)
  const columns = entryColumns<Row>(summaryWidth, { title: '对方科目', width: 190, get: (e) => e.counterAccount }, { debit: '借方（收入）', credit: '贷方（支出）' })
  const title = kind === 'cash' ? '现金日记账' : '银行存款日记账'

  return (
    <BookFrame
      title={title}
      actions={
        <ExportButton
          request={
            from && to
              ? { villageId: village.id, report: kind === 'cash' ? 'cashJournal' : 'bankJournal', params: { from, to, accountId: journal?.accountId, auxItemId: journal?.auxItemId ?? undefined } }
              : null
          }
        />
      }
      error={q.error?.message}
      note={`${village.name} · ${from && to ? rangeLabel(from, to) : ''} · 单位：元`}
      toolbar={
        <>
          {from && to ? <PeriodRange from={from} to={to} onChange={(f, t) => set({ from: f, to: t })} /> : null}
          {journals.length > 1 ? (
            <Segmented
              aria-label="账户"
              value={journal ? keyOf(journal) : undefined}
              onChange={(k) => set({ book: String(k) })}
              options={journals.map((j) => ({ value: keyOf(j), label: j.auxItemName ?? j.name }))}
            />
          ) : null}
          <RefreshButton onClick={q.reload} />
        </>
      }
    >
      {journal ? (
        <div className="lg-title">
          <span className="lg-title-name">
            <span className="sanzi-mono">{journal.code}</span> {journal.name}
            {journal.auxItemName && !journal.name.endsWith(journal.auxItemName) ? ` · ${journal.auxItemName}` : ''}
          </span>
        </div>
      ) : null}
      <div ref={boxRef} className="sanzi-fill-body">
        {!q.loading && q.data && journals.length === 0 ? (
          <Empty style={{ marginTop: 48 }} description={kind === 'cash' ? '没有库存现金科目的记录' : '没有银行存款科目的记录'} />
        ) : (
          <BookTable<Row>
            rowKey="key"
            columns={columns}
            dataSource={rows}
            loading={q.loading}
            scroll={{ x: ENTRY_FIXED_WIDTH + 190 + summaryWidth, y: box.height - 42 }}
            rowClassName={(e) => ENTRY_CLASS[e.kind]}
            onRow={entryRowProps}
          />
        )}
      </div>
    </BookFrame>
  )
}
