import { Alert, Button, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons'
import type { TrialBalanceRow, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate, replaceParams, useRouteParams } from '../app/routes'
import { fmtYuan } from '../ledger/money'
import { PeriodRange, rangeLabel } from '../ledger/PeriodRange'
import { flexWidth, useFillBox } from '../ledger/useFillBox'
import { WithVillage } from '../ledger/WithVillage'
import { useFirstOpenPeriod } from '../vouchers/status'
import { ExportButton } from './ExportButton'

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
  const params = useRouteParams()
  const firstOpen = useFirstOpenPeriod(village.id, village.startPeriod)
  const from = params.get('from') ?? firstOpen.period
  const to = params.get('to') ?? firstOpen.period
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
    <div className="sanzi-fill">
      <PageTitle
        title="科目余额表"
        extra={
          <Space>
            {tb.data ? (
              tb.data.balanced ? (
                <Tag icon={<CheckCircleFilled />} color="success" data-testid="tb-balanced">
                  试算平衡
                </Tag>
              ) : (
                <Tag icon={<CloseCircleFilled />} color="error" data-testid="tb-balanced">
                  试算不平衡
                </Tag>
              )
            ) : null}
            <ExportButton request={from && to ? { villageId: village.id, report: 'trialBalance', params: { from, to, level, withAux } } : null} />
          </Space>
        }
      />
      <div className="sanzi-toolbar">
        {from && to ? <PeriodRange from={from} to={to} onChange={(f, t2) => set({ from: f, to: t2 })} /> : null}
        <Select
          aria-label="科目级次"
          style={{ width: 110 }}
          value={level}
          onChange={(l: number) => set({ level: l })}
          options={[1, 2, 3, 4].map((l) => ({ value: l, label: `${['一', '二', '三', '四'][l - 1]}级科目` }))}
        />
        <Space size={6}>
          <Switch aria-label="显示辅助核算" size="small" checked={withAux} onChange={(c) => set({ aux: c ? 1 : undefined })} />
          <span>显示辅助核算</span>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={tb.reload}>
          刷新
        </Button>
        <span className="sanzi-header-spacer" />
        <Typography.Text type="secondary">
          {village.name} · {from && to ? rangeLabel(from, to) : ''} · 单位：元 · 点击科目查看明细账
        </Typography.Text>
      </div>
      {tb.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={tb.error.message} /> : null}
      <div ref={tableRef} className="sanzi-fill-body">
        <Table<Row>
          className="sanzi-book"
          rowKey="key"
          size="small"
          bordered
          virtual
          columns={columns}
          dataSource={rows}
          loading={tb.loading}
          pagination={false}
          scroll={{ x: CODE_W + nameWidth + amountW * 8, y: box.height - 118 }}
          rowClassName={(r) => (r.auxItemId !== null ? 'tb-row-aux' : r.level === 1 ? 'tb-row-l1' : '')}
          onRow={(r) => ({
            onClick: () => navigate('books/ledger', { account: r.accountId, from, to, aux: r.auxItemId ?? undefined }),
            style: { cursor: 'pointer' },
          })}
          locale={{ emptyText: '没有数据' }}
          summary={() =>
            t ? (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row className="sanzi-total-row">
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <b>合 计</b>
                  </Table.Summary.Cell>
                  {(['openingDebit', 'openingCredit', 'debit', 'credit', 'ytdDebit', 'ytdCredit', 'closingDebit', 'closingCredit'] as const).map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 2} align="right">
                      <span className="sanzi-amount" data-testid={`tb-total-${k}`}>
                        {fmtYuan(t[k])}
                      </span>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </div>
    </div>
  )
}
