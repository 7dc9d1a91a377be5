import { useMemo } from 'react'
import { Button, Empty, Select, Space, Typography } from 'antd'
import { LeftOutlined, RightOutlined } from '@ant-design/icons'
import { AUX_KIND_LABELS } from '../../../shared/accounts'
import type { LedgerEntry, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { replaceParams } from '../app/routes'
import { useAuxItems, useChart } from '../ledger/chart'
import { PeriodRange, rangeLabel } from '../ledger/PeriodRange'
import { flexWidth, useFillBox } from '../ledger/useFillBox'
import { WithVillage } from '../ledger/WithVillage'
import { ENTRY_CLASS, ENTRY_FIXED_WIDTH, entryColumns, entryRowProps } from './entries'
import { BookFrame } from './BookFrame'
import { ExportButton } from './ExportButton'
import { BookTable, RefreshButton, useBookPeriod } from './parts'

export function LedgerPage() {
  return <WithVillage>{(v) => <Ledger key={v.id} village={v} />}</WithVillage>
}

type Row = LedgerEntry & { key: number }

function Ledger(props: { village: Village }) {
  const { village } = props
  const chart = useChart(village.id)
  const aux = useAuxItems(village.id)
  const { params, from, to } = useBookPeriod(village, 'year')
  const accountId = Number(params.get('account')) || undefined
  const auxItemId = Number(params.get('aux')) || undefined
  const set = (patch: Record<string, string | number | undefined>) => replaceParams('books/ledger', { account: accountId, from, to, aux: auxItemId, ...patch })

  const account = accountId === undefined ? undefined : chart.byId.get(accountId)
  const ledger = useQuery('report.ledger', accountId !== undefined && from && to ? { villageId: village.id, accountId, from, to, auxItemId } : null)
  const [tableRef, box] = useFillBox()
  // the 辅助核算 column only where the account (or one below it) keeps auxiliary items
  const auxWidth = account && chart.accounts.some((a) => a.code.startsWith(account.code) && a.auxKind !== null) ? 150 : 0
  const summaryWidth = flexWidth(box, ENTRY_FIXED_WIDTH + auxWidth, 220)

  const rows: Row[] = useMemo(() => (ledger.data?.entries ?? []).map((e, i) => ({ ...e, key: i })), [ledger.data])
  const active = chart.accounts.filter((a) => a.status === 'active' || a.id === accountId)
  const index = active.findIndex((a) => a.id === accountId)
  const step = (d: number) => {
    const a = active[index + d]
    if (a) set({ account: a.id, aux: undefined })
  }

  const columns = entryColumns<Row>(summaryWidth, auxWidth > 0 ? { title: '辅助核算', width: auxWidth, get: (e) => e.auxItemName } : undefined)
  const lineCount = ledger.data?.summary.lines ?? 0

  const auxOptions = account?.auxKind ? aux.items.filter((x) => x.kind === account.auxKind) : []

  return (
    <BookFrame
      title="明细账"
      actions={<ExportButton request={accountId !== undefined && from && to ? { villageId: village.id, report: 'ledger', params: { accountId, from, to, auxItemId } } : null} />}
      error={ledger.error?.message}
      toolbar={
        <>
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label="上一科目" title="上一科目" disabled={index <= 0} onClick={() => step(-1)} />
            <Select
              aria-label="科目"
              showSearch={{
                filterOption: (input, o) => {
                  const q = input.trim()
                  return o !== undefined && (String(o.code).startsWith(q) || String(o.label).includes(q))
                },
              }}
              style={{ width: 340 }}
              placeholder="选择科目（编码或名称）"
              value={accountId}
              onChange={(id: number) => set({ account: id, aux: undefined })}
              options={active.map((a) => ({ value: a.id, code: a.code, label: `${a.code} ${a.path}` }))}
              loading={chart.loading}
              notFoundContent="没有匹配的科目"
            />
            <Button icon={<RightOutlined />} aria-label="下一科目" title="下一科目" disabled={index < 0 || index >= active.length - 1} onClick={() => step(1)} />
          </Space.Compact>
          {from && to ? <PeriodRange from={from} to={to} onChange={(f, t) => set({ from: f, to: t })} /> : null}
          {account?.auxKind ? (
            <Select
              aria-label={AUX_KIND_LABELS[account.auxKind]}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={`全部${AUX_KIND_LABELS[account.auxKind]}`}
              style={{ width: 220 }}
              value={auxItemId}
              onChange={(id?: number) => set({ aux: id })}
              options={auxOptions.map((x) => ({ value: x.id, label: x.name }))}
            />
          ) : null}
          <RefreshButton onClick={ledger.reload} disabled={accountId === undefined} />
        </>
      }
    >
      {accountId === undefined ? (
        <Empty style={{ marginTop: 64 }} description="请选择科目；也可从科目余额表点击科目进入" />
      ) : (
        <>
          <div className="lg-title">
            <span className="lg-title-name">
              <span className="sanzi-mono">{ledger.data?.code ?? account?.code}</span> {ledger.data?.name ?? account?.path}
              {auxItemId !== undefined ? ` · ${aux.items.find((x) => x.id === auxItemId)?.name ?? ''}` : ''}
            </span>
            <Typography.Text type="secondary">
              {village.name} · {from && to ? rangeLabel(from, to) : ''} · 单位：元 · 共 {lineCount.toLocaleString('zh-CN')} 笔
            </Typography.Text>
          </div>
          <div ref={tableRef} className="sanzi-fill-body">
            <BookTable<Row>
              rowKey="key"
              columns={columns}
              dataSource={rows}
              loading={ledger.loading}
              scroll={{ x: ENTRY_FIXED_WIDTH + auxWidth + summaryWidth, y: box.height - 42 }}
              rowClassName={(e) => ENTRY_CLASS[e.kind]}
              onRow={entryRowProps}
            />
          </div>
        </>
      )}
    </BookFrame>
  )
}
