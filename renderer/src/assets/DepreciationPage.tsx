import { useState } from 'react'
import { Alert, App, Button, DatePicker, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { CalculatorOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import type { DepreciationPreviewLine, DepreciationRun } from '../../../shared/api/registerTypes'
import type { Village } from '../../../shared/api/types'
import { periodLabel } from '../../../shared/periods'
import { NO_CHARGE_LABEL } from '../../../shared/registers/depreciation'
import { call, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { formatTime } from '../app/format'
import { PageTitle } from '../app/PageTitle'
import { navigate } from '../app/routes'
import { useSession } from '../app/session'
import { fmtYuan } from '../ledger/money'
import { WithVillage } from '../ledger/WithVillage'

/** 折旧计提: preview a month card by card with the voucher it drafts, run it, or cancel the latest run. */
export function DepreciationPage() {
  return <WithVillage>{(v) => <Depreciation key={v.id} village={v} />}</WithVillage>
}

function Depreciation(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const { message } = App.useApp()
  const runs = useQuery('depreciation.list', { villageId: village.id })
  const active = (runs.data ?? []).filter((r) => r.status === 'active')
  const next = active[0] ? dayjs(`${active[0].period}-01`).add(1, 'month').format('YYYY-MM') : village.startPeriod
  const [period, setPeriod] = useState<string | null>(null)
  const shown = period ?? next
  const preview = useQuery('depreciation.preview', { villageId: village.id, period: shown })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [cancelling, setCancelling] = useState<DepreciationRun | null>(null)
  const [reason, setReason] = useState('')
  const canRun = session.can('depreciation.run')
  const p = preview.data

  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await call('depreciation.run', { villageId: village.id, period: shown })
      message.success(`${periodLabel(shown)} 已计提折旧 ${fmtYuan(r.total)} 元，凭证草稿已生成`)
      // on to the next month to run
      setPeriod(null)
      runs.reload()
      preview.reload()
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  const cancel = async () => {
    if (!cancelling) return
    setBusy(true)
    try {
      await call('depreciation.cancel', { villageId: village.id, period: cancelling.period, reason })
      message.success(`已撤销 ${periodLabel(cancelling.period)} 的计提`)
      setCancelling(null)
      setReason('')
      runs.reload()
      preview.reload()
    } catch (e) {
      setError(toApiError(e).message)
      setCancelling(null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <PageTitle
        title="折旧计提"
        extra={
          <Space>
            <DatePicker picker="month" format="YYYY-MM" aria-label="计提期间" allowClear={false} value={dayjs(`${shown}-01`)} onChange={(d) => d && setPeriod(d.format('YYYY-MM'))} />
            {canRun ? (
              <Popconfirm title={`计提 ${periodLabel(shown)} 固定资产折旧？`} description={`合计 ${fmtYuan(p?.total)} 元，将生成记账凭证草稿`} okText="计提" cancelText="取消" onConfirm={() => void run()} disabled={!p || p.existingRun !== null}>
                <Button type="primary" icon={<CalculatorOutlined />} loading={busy} disabled={!p || p.existingRun !== null} data-testid="depreciation-run">
                  计提本月折旧
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      />
      {error ? <Alert type="error" showIcon closable onClose={() => setError(null)} message={error} style={{ marginBottom: 12 }} /> : null}
      {preview.error ? <Alert type="error" showIcon message={preview.error.message} style={{ marginBottom: 12 }} /> : null}
      {p?.existingRun ? (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} message={`${periodLabel(shown)} 已计提：${fmtYuan(p.existingRun.total)} 元（${p.existingRun.assets} 张卡片），凭证 ${p.existingRun.voucherLabel ?? '—'}`} />
      ) : null}
      <Typography.Title level={5}>{periodLabel(shown)} 计提凭证（预览）</Typography.Title>
      <Table
        size="small"
        bordered
        rowKey={(r) => `${r.accountCode}-${r.debit}-${r.credit}`}
        pagination={false}
        dataSource={p?.entries ?? []}
        data-testid="depreciation-entries"
        columns={[
          { title: '科目', render: (_: unknown, r) => `${r.accountCode} ${r.accountName}` },
          { title: '借方', dataIndex: 'debit', align: 'right', width: 160, render: (v: string) => <span className="sanzi-num">{fmtYuan(v, true)}</span> },
          { title: '贷方', dataIndex: 'credit', align: 'right', width: 160, render: (v: string) => <span className="sanzi-num">{fmtYuan(v, true)}</span> },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计（{p?.charged ?? 0} 张卡片计提）</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <b className="sanzi-num">{fmtYuan(p?.total)}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <b className="sanzi-num">{fmtYuan(p?.total)}</b>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        折旧计算表
      </Typography.Title>
      <Table<DepreciationPreviewLine>
        size="small"
        bordered
        rowKey="assetId"
        virtual
        scroll={{ y: 320 }}
        pagination={false}
        loading={preview.loading}
        dataSource={p?.lines ?? []}
        columns={[
          { title: '资产编码', dataIndex: 'code', width: 110 },
          { title: '名称', dataIndex: 'name' },
          { title: '本月折旧', dataIndex: 'amount', width: 130, align: 'right', render: (v: string) => <span className="sanzi-num">{fmtYuan(v, true)}</span> },
          { title: '费用科目', dataIndex: 'expenseAccount', width: 100 },
          { title: '累计折旧科目', dataIndex: 'accumulatedAccount', width: 110 },
          { title: '说明', dataIndex: 'reason', width: 200, render: (r: DepreciationPreviewLine['reason']) => (r ? <Tag>{NO_CHARGE_LABEL[r]}</Tag> : null) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        计提记录
      </Typography.Title>
      <Table<DepreciationRun>
        size="small"
        bordered
        rowKey="id"
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        dataSource={runs.data ?? []}
        data-testid="depreciation-runs"
        columns={[
          { title: '期间', dataIndex: 'period', width: 100 },
          { title: '金额', dataIndex: 'total', align: 'right', width: 140, render: (v: string) => <span className="sanzi-num">{fmtYuan(v)}</span> },
          { title: '卡片', dataIndex: 'assets', width: 70 },
          { title: '凭证', dataIndex: 'voucherLabel', render: (l: string | null, r) => (r.voucherId ? <a onClick={() => navigate('vouchers/view', { id: r.voucherId })}>{l}</a> : '—') },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => (s === 'active' ? <Tag color="green">有效</Tag> : <Tag>已撤销</Tag>) },
          { title: '经办', render: (_: unknown, r) => `${r.createdBy} ${formatTime(r.createdAt)}` },
          {
            title: '',
            width: 90,
            render: (_: unknown, r) => (canRun && r.status === 'active' && r.id === active[0]?.id ? <a onClick={() => setCancelling(r)}>撤销</a> : null),
          },
        ]}
      />
      <Modal open={cancelling !== null} title={`撤销 ${cancelling ? periodLabel(cancelling.period) : ''} 的折旧计提`} okText="撤销" okButtonProps={{ danger: true, disabled: reason.trim() === '' }} cancelText="取消" confirmLoading={busy} onOk={() => void cancel()} onCancel={() => setCancelling(null)}>
        <p>未记账的计提凭证将删除；已记账的将生成红字冲销凭证草稿。</p>
        <Input.TextArea rows={2} placeholder="撤销原因（必填）" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  )
}
