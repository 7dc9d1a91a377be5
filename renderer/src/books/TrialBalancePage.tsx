import { Space, Switch, type TableColumnsType } from 'antd'
import type { TrialBalanceRow, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { navigate, replaceParams } from '../app/routes'
import { fmtYuan } from '../ledger/money'
import { PeriodRange, rangeLabel } from '../ledger/PeriodRange'
import { flexWidth, useFillBox } from '../ledger/useFillBox'
import { WithVillage } from '../ledger/WithVillage'
import { BookFrame } from './BookFrame'
import { ExportButton } from './ExportButton'
import { BalanceTag, BookTable, LevelSelect, RefreshButton, totalsRow, useBookPeriod } from './parts'

export function TrialBalancePage() {
  return <WithVillage>{(v) => <TrialBalance key={v.id} village={v} />}</WithVillage>
}

type Row = TrialBalanceRow & { key: string }

const CODE_W = 96

function amountCol(title: string, dataIndex: keyof TrialBalanceRow, width: number): TableColumnsType<Row>[number] {
  return {
    title,
    dataIndex,
    width,
    align: 'right',
    render: (v: string) => <span className="sanzi-amount">{fmtYuan(v, true)}</span>,
  }
}

function TrialBalance(props: { village: Village }) {
  const { village } = props
  const { params, from, to } = useBookPeriod(village, 'month')
  const level = Number(params.get('level') ?? 4) || 4
  const withAux = params.get('aux') === '1'
  const set = (patch: Record<string, string | number | boolean | undefined>) =>
    replaceParams('books/trial-balance', { from, to, level, aux: withAux ? 1 : undefined, ...patch })

  const tb = useQuery('report.trialBalance', from && to ? { villageId: village.id, from, to, level, withAux } : null)
  const [tableRef, box] = useFillBox()
  // eight money columns share the width left after the code and a readable name, within bounds
  const amountW = Math.max(104, Math.min(132, Math.floor((box.width - CODE_W - 170 - 18) / 8)))
  const nameWidth = flexWidth(box, CODE_W + amountW * 8, 170)
  const rows: Row[] = (tb.data?.rows ?? []).map((r) => ({ ...r, key: `${r.accountId}|${r.auxItemId ?? ''}` }))

  const columns: TableColumnsType<Row> = [
    {
      title: '科目编码',
      dataIndex: 'code',
      width: CODE_W,
      fixed: 'left',
      render: (c: string, r) => (r.auxItemId !== null ? null : <span className="sanzi-mono">{c}</span>),
    },
    {
      title: '科目名称',
      dataIndex: 'name',
      width: nameWidth,
      fixed: 'left',
      ellipsis: true,
      render: (n: string, r) =>
        r.auxItemId !== null ? (
          <span className="tb-aux" title={r.auxItemName ?? ''}>
            · {r.auxItemName}
          </span>
        ) : (
          <span style={{ paddingLeft: (r.level - 1) * 12 }} title={n}>
            {r.level === 1 ? <b>{n}</b> : n}
          </span>
        ),
    },
    { title: '期初余额', children: [amountCol('借方', 'openingDebit', amountW), amountCol('贷方', 'openingCredit', amountW)] },
    { title: '本期发生额', children: [amountCol('借方', 'debit', amountW), amountCol('贷方', 'credit', amountW)] },
    { title: '本年累计发生额', children: [amountCol('借方', 'ytdDebit', amountW), amountCol('贷方', 'ytdCredit', amountW)] },
    { title: '期末余额', children: [amountCol('借方', 'closingDebit', amountW), amountCol('贷方', 'closingCredit', amountW)] },
  ]
  const t = tb.data?.totals

  return (
    <BookFrame
      title="科目余额表"
      actions={
        <Space>
          {tb.data ? <BalanceTag balanced={tb.data.balanced} yes="试算平衡" no="试算不平衡" testId="tb-balanced" /> : null}
          <ExportButton request={from && to ? { villageId: village.id, report: 'trialBalance', params: { from, to, level, withAux } } : null} />
        </Space>
      }
      error={tb.error?.message}
      note={`${village.name} · ${from && to ? rangeLabel(from, to) : ''} · 单位：元 · 点击科目查看明细账`}
      toolbar={
        <>
          {from && to ? <PeriodRange from={from} to={to} onChange={(f, t2) => set({ from: f, to: t2 })} /> : null}
          <LevelSelect value={level} onChange={(l) => set({ level: l })} />
          <Space size={6}>
            <Switch aria-label="显示辅助核算" size="small" checked={withAux} onChange={(c) => set({ aux: c ? 1 : undefined })} />
            <span>显示辅助核算</span>
          </Space>
          <RefreshButton onClick={tb.reload} />
        </>
      }
    >
      <div ref={tableRef} className="sanzi-fill-body">
        <BookTable<Row>
          rowKey="key"
          columns={columns}
          dataSource={rows}
          loading={tb.loading}
          scroll={{ x: CODE_W + nameWidth + amountW * 8, y: box.height - 118 }}
          rowClassName={(r) => (r.auxItemId !== null ? 'tb-row-aux' : r.level === 1 ? 'tb-row-l1' : '')}
          onRow={(r) => ({
            onClick: () => navigate('books/ledger', { account: r.accountId, from, to, aux: r.auxItemId ?? undefined }),
            style: { cursor: 'pointer' },
          })}
          locale={{ emptyText: '没有数据' }}
          summary={() =>
            t
              ? totalsRow({
                  labelSpan: 2,
                  amounts: (['openingDebit', 'openingCredit', 'debit', 'credit', 'ytdDebit', 'ytdCredit', 'closingDebit', 'closingCredit'] as const).map((k) => ({
                    key: k,
                    value: t[k],
                    testId: `tb-total-${k}`,
                  })),
                })
              : null
          }
        />
      </div>
    </BookFrame>
  )
}
