import { Alert, Button, Descriptions, Empty, Form, List, Select, Space, Table, Tabs, Tag } from 'antd'
import type { ContractDetail, ContractReceipt, ScheduleInstalment } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { fenToYuanString, formatFen } from '../../../../shared/money'
import { CONTRACT_DIRECTION_LABELS, CONTRACT_KIND_LABELS, CONTRACT_STATUS_LABELS, FREQUENCY_LABELS } from '../../../../shared/registers/contracts'
import { call } from '../../api/client'
import { useQuery } from '../../api/useQuery'
import { navigate } from '../../app/routes'
import { useSession } from '../../app/session'
import { fenOf } from '../../ledger/money'
import { historyTab, RegisterDrawer, useDrawerAction } from '../RegisterPage'
import { DatedChangeModal, Num, today } from '../parts'
import { STATUS_COLORS } from './labels'
import { ReceiptModal } from './ReceiptModal'

/** One contract: terms, subjects, the 四议两公开 resolution, the collection schedule, receipts and its history. */
export function ContractDrawer(props: { village: Village; contractId: number; asOf?: string; onClose: () => void; onChanged: () => void }) {
  const { village } = props
  const session = useSession()
  const q = useQuery('contract.get', { villageId: village.id, contractId: props.contractId, asOf: props.asOf })
  const { action, setAction, done } = useDrawerAction<'receipt' | 'terminate'>(q.reload, props.onChanged)
  const c = q.data
  const what = c?.direction === 'payable' ? '付款' : '收款'
  return (
    <RegisterDrawer
      size={900}
      title={c ? `${c.number} ${c.name}` : '合同'}
      onClose={props.onClose}
      testId="contract-drawer"
      error={q.error}
      extra={
        c && !props.asOf ? (
          <Space>
            {session.can('contract.receipt') ? (
              <Button type="primary" onClick={() => setAction('receipt')}>
                登记{what}
              </Button>
            ) : null}
            {c.status === 'active' && session.can('contract.terminate') ? (
              <Button danger onClick={() => setAction('terminate')}>
                终止
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {c ? (
        <>
          <Space size={28} wrap style={{ marginBottom: 12 }} data-testid="contract-figures">
            <span>
              合同金额 <Num v={c.amount} strong />
            </span>
            <span>
              应{what}至今 <Num v={c.due} />
            </span>
            <span>
              已{what} <Num v={c.received} />
            </span>
            <span>
              欠款 <Num v={c.outstanding} danger={fenOf(c.outstanding) > 0} strong />
            </span>
            <Tag color={STATUS_COLORS[c.status]}>{CONTRACT_STATUS_LABELS[c.status]}</Tag>
          </Space>
          <Tabs
            items={[
              { key: 'terms', label: '合同条款', children: <Terms c={c} /> },
              { key: 'schedule', label: `${what}计划（${c.schedule.length}）`, children: <Schedule c={c} date={props.asOf ?? today()} /> },
              { key: 'receipts', label: `${what}记录（${c.receipts.length}）`, children: <Receipts receipts={c.receipts} /> },
              { key: 'resolution', label: '四议两公开', children: <Resolution c={c} /> },
              historyTab(c.movements),
            ]}
          />
        </>
      ) : null}
      {c && action === 'receipt' ? <ReceiptModal village={village} contract={c} onClose={done} /> : null}
      {c && action === 'terminate' ? (
        <DatedChangeModal
          title={`终止合同：${c.number} ${c.name}`}
          dateLabel="终止日期"
          okText="终止"
          danger
          testId="contract-terminate-form"
          initialValues={{ mode: 'terminated' }}
          onSubmit={async (v) => {
            await call('contract.terminate', { villageId: village.id, contractId: c.id, date: v.date, reason: v.reason, mode: v.mode as 'terminated' | 'completed' })
          }}
          onClose={done}
        >
          <Form.Item name="mode" label="终止方式">
            <Select
              options={[
                { value: 'terminated', label: '提前终止' },
                { value: 'completed', label: '履行完毕' },
              ]}
            />
          </Form.Item>
        </DatedChangeModal>
      ) : null}
    </RegisterDrawer>
  )
}

function Terms(props: { c: ContractDetail }) {
  const c = props.c
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'kind', label: '合同类型', children: `${CONTRACT_KIND_LABELS[c.kind]}（${CONTRACT_DIRECTION_LABELS[c.direction]}）` },
          { key: 'freq', label: '收付方式', children: FREQUENCY_LABELS[c.frequency] },
          { key: 'a', label: '甲方', children: c.partyA },
          { key: 'b', label: '乙方', children: c.partyB },
          { key: 'cp', label: '往来单位', children: c.counterparty ?? '—' },
          { key: 'term', label: '期限', children: `${c.startOn} 至 ${c.endOn}` },
          { key: 'amt', label: '合同金额', children: <Num v={c.amount} strong /> },
          { key: 'annual', label: '年租金(首年)', children: c.annualAmount ? <Num v={c.annualAmount} /> : '—' },
          { key: 'price', label: '单价', children: c.unitPrice ? `${formatFen(fenOf(c.unitPrice))} 元${c.priceUnit ? `/${c.priceUnit}` : ''}` : '—' },
          { key: 'esc', label: '递增', children: c.escalation.text || '不递增' },
          { key: 'dep', label: '保证金', children: <Num v={c.deposit} /> },
          { key: 'end', label: '终止日期', children: c.endedOn ?? '—' },
          { key: 'att', label: '附件', span: 2, children: c.attachments.length > 0 ? c.attachments.join('、') : '—' },
          { key: 'note', label: '备注', span: 2, children: c.note ?? '—' },
        ]}
      />
      <h4 style={{ margin: '16px 0 8px' }}>标的</h4>
      {c.subjects.length > 0 ? (
        <List
          size="small"
          bordered
          dataSource={c.subjects}
          renderItem={(s) => (
            <List.Item>
              <Space>
                <Tag>{s.kind === 'parcel' ? '资源' : '资产'}</Tag>
                <a onClick={() => (s.kind === 'parcel' ? navigate('resources/parcels', { open: s.id }) : navigate('assets/cards'))}>
                  <span className="sanzi-mono">{s.code}</span> {s.name}
                </a>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未关联资源或资产" />
      )}
    </>
  )
}

type InstalmentState = { label: string; color: string; left: number }

function stateOf(i: ScheduleInstalment, date: string): InstalmentState {
  const left = fenOf(i.amount) - fenOf(i.paid)
  if (left <= 0) return { label: '已收清', color: 'green', left: 0 }
  if (i.dueOn > date) return { label: fenOf(i.paid) > 0 ? '部分预收' : '未到期', color: 'default', left }
  return { label: fenOf(i.paid) > 0 ? '部分逾期' : '逾期', color: 'red', left }
}

function Schedule(props: { c: ContractDetail; date: string }) {
  return (
    <Table<ScheduleInstalment>
      size="small"
      bordered
      rowKey="seq"
      dataSource={props.c.schedule}
      pagination={{ pageSize: 24, hideOnSinglePage: true, showSizeChanger: false }}
      data-testid="contract-schedule"
      rowClassName={(i) => (stateOf(i, props.date).color === 'red' ? 'sanzi-row-warn' : '')}
      columns={[
        { title: '期次', dataIndex: 'seq', width: 60, align: 'right' },
        { title: '应收日期', dataIndex: 'dueOn', width: 110 },
        { title: '说明', dataIndex: 'label', ellipsis: true, render: (l: string | null) => l ?? '' },
        { title: '应收金额', dataIndex: 'amount', width: 130, align: 'right', render: (v: string) => <Num v={v} /> },
        { title: '已收', dataIndex: 'paid', width: 130, align: 'right', render: (v: string) => <Num v={v} blankZero /> },
        { title: '未收', key: 'left', width: 130, align: 'right', render: (_: unknown, i) => <Num v={fenToYuanString(stateOf(i, props.date).left)} blankZero danger={stateOf(i, props.date).color === 'red'} /> },
        { title: '状态', key: 'state', width: 100, render: (_: unknown, i) => <Tag color={stateOf(i, props.date).color}>{stateOf(i, props.date).label}</Tag> },
      ]}
    />
  )
}

function Receipts(props: { receipts: readonly ContractReceipt[] }) {
  return (
    <Table<ContractReceipt>
      size="small"
      bordered
      rowKey="id"
      dataSource={[...props.receipts]}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无收款记录" /> }}
      data-testid="contract-receipts"
      columns={[
        { title: '日期', dataIndex: 'date', width: 110 },
        { title: '金额', dataIndex: 'amount', width: 130, align: 'right', render: (v: string) => <Num v={v} /> },
        {
          title: '凭证',
          dataIndex: 'voucherLabel',
          width: 100,
          render: (l: string | null, r) => (r.voucherId !== null ? <a onClick={() => navigate('vouchers/view', { id: r.voucherId })}>{l}</a> : <span style={{ color: '#6b7280' }}>建账前</span>),
        },
        { title: '摘要 / 说明', key: 'text', ellipsis: true, render: (_: unknown, r) => [r.summary, r.note].filter(Boolean).join('；') },
        { title: '登记人', dataIndex: 'createdBy', width: 90 },
      ]}
    />
  )
}

function Resolution(props: { c: ContractDetail }) {
  const r = props.c.resolution
  const empty = Object.values(r).every((v) => v === null)
  if (empty) return <Alert type="warning" showIcon message="未登记村民（代表）会议决议：发包、出租须经“四议两公开”程序" />
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      items={[
        { key: 'm', label: '决议会议', children: r.meeting ?? '—' },
        { key: 'd', label: '决议日期', children: r.date ?? '—' },
        { key: 'a', label: '参会人数', children: r.attendance ?? '—' },
        { key: 'v', label: '表决（赞成/反对/弃权）', children: `${r.votesFor ?? '—'} / ${r.votesAgainst ?? '—'} / ${r.abstentions ?? '—'}` },
        { key: 't', label: '决议内容', span: 2, children: r.text ?? '—' },
      ]}
    />
  )
}
