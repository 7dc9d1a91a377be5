import { useState } from 'react'
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { LockOutlined, SwapOutlined, UnlockOutlined } from '@ant-design/icons'
import type { PeriodState, Village, Voucher } from '../../../shared/api/types'
import { periodLabel } from '../../../shared/periods'
import { call, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { formatTime } from '../app/format'
import { PageTitle } from '../app/PageTitle'
import { navigate } from '../app/routes'
import { useSession } from '../app/session'
import { fmtYuan } from '../ledger/money'
import { WithVillage } from '../ledger/WithVillage'

export function ClosePage() {
  return <WithVillage>{(v) => <Periods key={v.id} village={v} />}</WithVillage>
}

function Periods(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const { message } = App.useApp()
  const [year, setYear] = useState<number | null>(null)
  const list = useQuery('period.list', { villageId: village.id, year: year ?? undefined })
  const periods = list.data ?? []
  const shownYear = year ?? (periods[0] ? Number(periods[0].period.slice(0, 4)) : Number(village.startPeriod.slice(0, 4)))
  const firstOpen = periods.find((p) => !p.closed)
  const lastClosed = [...periods].reverse().find((p) => p.closed)
  const [busy, setBusy] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<{ title: string; text: string } | null>(null)
  const [reopen, setReopen] = useState<PeriodState | null>(null)
  const [carried, setCarried] = useState<Voucher[] | null>(null)

  const close = async (p: PeriodState) => {
    setBusy(p.period)
    setRefusal(null)
    try {
      await call('period.close', { villageId: village.id, period: p.period })
      message.success(`${periodLabel(p.period)} 已结账`)
    } catch (e) {
      setRefusal({ title: `${periodLabel(p.period)} 未能结账`, text: toApiError(e).message })
    } finally {
      setBusy(null)
      list.reload()
    }
  }

  const carryForward = async () => {
    setBusy('carry')
    setRefusal(null)
    try {
      const vs = await call('period.carryForward', { villageId: village.id, year: shownYear })
      setCarried(vs)
      message.success(`已生成 ${vs.length} 张年终结转凭证（草稿）`)
    } catch (e) {
      setRefusal({ title: `${shownYear} 年未能年终结转`, text: toApiError(e).message })
    } finally {
      setBusy(null)
      list.reload()
    }
  }

  const columns: TableColumnsType<PeriodState> = [
    { title: '会计期间', dataIndex: 'period', width: 130, render: (p: string) => <b>{periodLabel(p)}</b> },
    {
      title: '状态',
      dataIndex: 'closed',
      width: 96,
      render: (c: boolean, p) =>
        c ? (
          <Tag icon={<LockOutlined />} color="default">
            已结账
          </Tag>
        ) : p.period === firstOpen?.period ? (
          <Tag color="processing">当前期间</Tag>
        ) : (
          <Tag color="success">未结账</Tag>
        ),
    },
    {
      title: '草稿',
      dataIndex: 'drafts',
      width: 80,
      align: 'right',
      render: (n: number, p) => (n > 0 ? <a onClick={() => navigate('vouchers/list', { from: p.period, to: p.period, status: 'draft' })} style={{ color: '#d46b08' }}>{n}</a> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      title: '已审核',
      dataIndex: 'reviewed',
      width: 80,
      align: 'right',
      render: (n: number, p) => (n > 0 ? <a onClick={() => navigate('vouchers/list', { from: p.period, to: p.period, status: 'reviewed' })}>{n}</a> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      title: '已记账',
      dataIndex: 'posted',
      width: 80,
      align: 'right',
      render: (n: number, p) => (n > 0 ? <a onClick={() => navigate('vouchers/list', { from: p.period, to: p.period, status: 'posted' })}>{n}</a> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    { title: '结账人', dataIndex: 'closedBy', width: 100, render: (s: string | null) => s ?? '' },
    { title: '结账时间', dataIndex: 'closedAt', width: 170, render: (t: string | null) => (t ? <span className="sanzi-mono">{formatTime(t)}</span> : '') },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, p) => (
        <Space size={4}>
          {p.period === firstOpen?.period && session.can('period.close') ? (
            <Button size="small" type="primary" icon={<LockOutlined />} loading={busy === p.period} onClick={() => void close(p)}>
              结账
            </Button>
          ) : null}
          {p.period === lastClosed?.period && session.can('period.reopen') ? (
            <Button size="small" danger icon={<UnlockOutlined />} onClick={() => setReopen(p)}>
              反结账
            </Button>
          ) : null}
        </Space>
      ),
    },
  ]

  return (
    <>
      <PageTitle
        title="结账"
        extra={
          <Space>
            <span>年度</span>
            <InputNumber aria-label="年度" min={1900} max={2999} value={shownYear} onChange={(y) => typeof y === 'number' && setYear(y)} style={{ width: 96 }} />
            {session.can('period.carryForward') ? (
              <Button icon={<SwapOutlined />} loading={busy === 'carry'} onClick={() => void carryForward()}>
                年终结转
              </Button>
            ) : null}
          </Space>
        }
      />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="按月依次结账：本月凭证须全部审核、记账，试算平衡后方可结账；结账后本月不能再录入或修改凭证。12 月结账前先做年终结转（损益结转到本年收益，再转入未分配收益）。反结账须由主管会计办理并注明原因。"
      />
      {refusal ? <Alert type="error" showIcon closable style={{ marginBottom: 12 }} message={refusal.title} description={refusal.text} onClose={() => setRefusal(null)} data-testid="close-refusal" /> : null}
      {carried ? (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          onClose={() => setCarried(null)}
          message={`已生成 ${carried.length} 张年终结转凭证（草稿），请审核、记账后再结 12 月的账：`}
          description={
            <Space direction="vertical" size={2}>
              {carried.map((v) => (
                <a key={v.id} onClick={() => navigate('vouchers/view', { id: v.id })}>
                  {v.date} {v.summary}，金额 {fmtYuan(v.total)}（{v.lineCount} 行）
                </a>
              ))}
            </Space>
          }
        />
      ) : null}
      {list.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={list.error.message} /> : null}
      <Card size="small" title={`${shownYear} 年会计期间（${village.name}）`}>
        <Table<PeriodState>
          rowKey="period"
          size="small"
          columns={columns}
          dataSource={periods}
          loading={list.loading}
          pagination={false}
          rowClassName={(p) => (p.closed ? 'sanzi-row-closed' : p.period === firstOpen?.period ? 'sanzi-row-current' : '')}
          locale={{ emptyText: `${shownYear} 年不在建账期间内` }}
        />
      </Card>
      <ReopenModal
        period={reopen}
        village={village}
        onClose={(done) => {
          setReopen(null)
          if (done) list.reload()
        }}
      />
    </>
  )
}

function ReopenModal(props: { period: PeriodState | null; village: Village; onClose: (done: boolean) => void }) {
  const { message } = App.useApp()
  const [form] = Form.useForm<{ reason: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const p = props.period
  const submit = async ({ reason }: { reason: string }) => {
    if (!p) return
    setBusy(true)
    setError(null)
    try {
      await call('period.reopen', { villageId: props.village.id, period: p.period, reason })
      message.success(`${periodLabel(p.period)} 已反结账`)
      props.onClose(true)
    } catch (e) {
      const err = toApiError(e)
      const issue = err.issues.find((i) => i.path === 'reason')
      if (issue) form.setFields([{ name: 'reason', errors: [issue.message] }])
      else setError(err.message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={p !== null}
      title={p ? `反结账 ${periodLabel(p.period)}` : ''}
      okText="反结账"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => props.onClose(false)}
      destroyOnHidden
    >
      <p>反结账后该月可再录入、修改凭证；原因将记入操作日志。</p>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false} clearOnDestroy>
        <Form.Item name="reason" label="反结账原因" rules={[{ required: true, message: '请填写反结账原因' }]}>
          <Input.TextArea autoFocus rows={3} maxLength={200} showCount placeholder="例如：补录 3 月漏记的银行手续费凭证" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon message={error} /> : null}
    </Modal>
  )
}
