import { useState } from 'react'
import { Alert, Badge, Card, DatePicker, Empty, Space, Table, Tabs, Tag } from 'antd'
import dayjs from 'dayjs'
import type { ExpiringContract, OverdueContract, OverdueCounterparty, UnsignedItem } from '../../../shared/api/resourceTypes'
import type { Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate } from '../app/routes'
import { WithVillage } from '../ledger/WithVillage'
import { Num, today } from './parts'

/** 台账预警: arrears, contracts ending within 90/60/30 days, items let out without a contract (应签尽签), cash over its limit. */
export function AlertsPage() {
  return <WithVillage>{(v) => <Alerts key={v.id} village={v} />}</WithVillage>
}

const openContract = (id: number) => navigate('contracts/list', { open: id })
const openItem = (u: UnsignedItem) => (u.itemKind === 'parcel' ? navigate('resources/parcels', { open: u.itemId }) : navigate('assets/cards', { open: u.itemId }))

const UNSIGNED_REASONS: Record<UnsignedItem['reason'], string> = { noContract: '没有合同', expired: '合同已到期', notStarted: '合同尚未生效' }

function Alerts(props: { village: Village }) {
  const { village } = props
  const [date, setDate] = useState(today())
  const q = useQuery('register.alerts', { villageId: village.id, date })
  const cash = useQuery('cash.status', { villageId: village.id, date })
  const a = q.data
  const c = cash.data
  const count = (n: number) => <Badge count={n} showZero color={n > 0 ? '#cf1322' : '#bfbfbf'} style={{ marginInlineStart: 6 }} />
  return (
    <>
      <PageTitle title="台账预警" extra={<DatePicker aria-label="日期" allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />} />
      {q.error ? <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 12 }} /> : null}
      {c?.over ? (
        <Alert
          type="warning"
          showIcon
          data-testid="alert-cash"
          style={{ marginBottom: 12 }}
          message={c.warning ?? `库存现金超过限额 ${c.excess} 元`}
          action={<a onClick={() => navigate('funds/cash')}>查看库存现金</a>}
        />
      ) : null}
      {a ? (
        <Tabs
          data-testid="alert-tabs"
          items={[
            {
              key: 'overdue',
              label: (
                <span>
                  逾期欠款
                  {count(a.overdue.contracts.length)}
                </span>
              ),
              children: <Overdue contracts={a.overdue.contracts} counterparties={a.overdue.counterparties} total={a.overdue.total} />,
            },
            {
              key: 'expiring',
              label: (
                <span>
                  即将到期
                  {count(a.expiring.length)}
                </span>
              ),
              children: <Expiring rows={a.expiring} />,
            },
            {
              key: 'unsigned',
              label: (
                <span>
                  应签未签
                  {count(a.unsigned.length)}
                </span>
              ),
              children: <Unsigned rows={a.unsigned} />,
            },
            {
              key: 'cash',
              label: (
                <span>
                  库存现金
                  {count(c?.over ? 1 : 0)}
                </span>
              ),
              children: c ? (
                <Card size="small" style={{ maxWidth: 560 }}>
                  <Space size={28}>
                    <span>
                      余额 <Num v={c.balance} strong danger={c.over} />
                    </span>
                    <span>限额 {c.limit === null ? '未设置' : <Num v={c.limit} />}</span>
                    <span>
                      超出 <Num v={c.excess} danger={c.over} />
                    </span>
                    <a onClick={() => navigate('funds/cash')}>查看</a>
                  </Space>
                </Card>
              ) : null,
            },
          ]}
        />
      ) : null}
    </>
  )
}

function Overdue(props: { contracts: OverdueContract[]; counterparties: OverdueCounterparty[]; total: string }) {
  if (props.contracts.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有逾期欠款" />
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <div>
        欠款合计 <Num v={props.total} strong danger />
      </div>
      <Table<OverdueContract>
        size="small"
        bordered
        rowKey="contractId"
        pagination={false}
        dataSource={props.contracts}
        data-testid="alert-overdue"
        columns={[
          { title: '合同编号', dataIndex: 'number', width: 120, render: (n: string, r) => <a onClick={() => openContract(r.contractId)}>{n}</a> },
          { title: '合同名称', dataIndex: 'name', ellipsis: true },
          { title: '乙方', dataIndex: 'partyB', width: 200, ellipsis: true },
          { title: '应收至今', dataIndex: 'due', width: 130, align: 'right', render: (v: string) => <Num v={v} /> },
          { title: '已收', dataIndex: 'received', width: 130, align: 'right', render: (v: string) => <Num v={v} /> },
          { title: '逾期金额', dataIndex: 'overdue', width: 130, align: 'right', render: (v: string) => <Num v={v} danger strong /> },
          { title: '逾期起', dataIndex: 'since', width: 105 },
          { title: '逾期天数', dataIndex: 'days', width: 90, align: 'right' },
          { title: '期数', dataIndex: 'instalments', width: 60, align: 'right' },
        ]}
      />
      <Table<OverdueCounterparty>
        size="small"
        bordered
        rowKey={(r) => `${r.partyB}-${r.counterpartyAuxId ?? 0}`}
        pagination={false}
        dataSource={props.counterparties}
        title={() => '按往来单位'}
        columns={[
          { title: '乙方 / 往来单位', dataIndex: 'partyB', ellipsis: true },
          { title: '合同数', dataIndex: 'contracts', width: 80, align: 'right' },
          { title: '逾期金额', dataIndex: 'overdue', width: 140, align: 'right', render: (v: string) => <Num v={v} danger /> },
          { title: '最早逾期', dataIndex: 'since', width: 110 },
        ]}
      />
    </Space>
  )
}

function Expiring(props: { rows: ExpiringContract[] }) {
  if (props.rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="90 天内没有到期的合同" />
  return (
    <Table<ExpiringContract>
      size="small"
      bordered
      rowKey="contractId"
      pagination={false}
      dataSource={props.rows}
      data-testid="alert-expiring"
      columns={[
        { title: '合同编号', dataIndex: 'number', width: 120, render: (n: string, r) => <a onClick={() => openContract(r.contractId)}>{n}</a> },
        { title: '合同名称', dataIndex: 'name', ellipsis: true },
        { title: '乙方', dataIndex: 'partyB', width: 220, ellipsis: true },
        { title: '终止日期', dataIndex: 'endOn', width: 110 },
        { title: '剩余天数', dataIndex: 'daysLeft', width: 90, align: 'right' },
        { title: '提醒', dataIndex: 'within', width: 100, render: (w: 30 | 60 | 90) => <Tag color={w === 30 ? 'red' : w === 60 ? 'orange' : 'gold'}>{w}天内到期</Tag> },
      ]}
    />
  )
}

function Unsigned(props: { rows: UnsignedItem[] }) {
  if (props.rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="发包、出租的资源和资产都有有效合同" />
  return (
    <Table<UnsignedItem>
      size="small"
      bordered
      rowKey={(r) => `${r.itemKind}-${r.itemId}`}
      pagination={false}
      dataSource={props.rows}
      data-testid="alert-unsigned"
      columns={[
        { title: '类别', dataIndex: 'itemKind', width: 70, render: (k: UnsignedItem['itemKind']) => <Tag>{k === 'parcel' ? '资源' : '资产'}</Tag> },
        { title: '编号', dataIndex: 'code', width: 100, render: (c: string, r) => <a onClick={() => openItem(r)}>{c}</a> },
        { title: '名称', dataIndex: 'name', ellipsis: true },
        { title: '使用状况', dataIndex: 'status', width: 90 },
        { title: '使用人/承包方', dataIndex: 'userName', width: 220, ellipsis: true, render: (n: string | null) => n ?? '—' },
        { title: '问题', dataIndex: 'reason', width: 120, render: (r: UnsignedItem['reason']) => <Tag color="red">{UNSIGNED_REASONS[r]}</Tag> },
        { title: '上一份合同', key: 'last', width: 220, render: (_: unknown, r) => {
            const last = r.lastContract
            return last ? <a onClick={() => openContract(last.id)}>{`${last.number}（至 ${last.endOn}）`}</a> : '—'
          },
        },
      ]}
    />
  )
}
