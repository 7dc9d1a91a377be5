import { useState } from 'react'
import { Alert, Button, Card, Descriptions, Empty, Input, Space, Table, Tag, Typography, Upload } from 'antd'
import { UploadOutlined } from '@ant-design/icons'
import type { BankRecRecord, SnapshotRow } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { readBase64 } from '../imports/ImportDialog'
import { fenOf } from '../ledger/money'
import { Num } from '../registers/parts'
import { ErrorAlert, refOf, useRunner, type PanelProps } from './common'

const SIDE_LABELS: Record<BankRecRecord['unmatched'][number]['side'], string> = {
  bankReceived: '银行已收、村未收',
  bankPaid: '银行已付、村未付',
  bookReceived: '村已收、银行未收',
  bookPaid: '村已付、银行未付',
}

/** 银行存款: per bank account of the snapshot, import its statement (xlsx/CSV) → the 余额调节表 and the unmatched items. */
export function BankRecs(props: PanelProps) {
  const banks = props.detail.rows.filter((r) => r.kind === 'bankAccount')
  if (!banks.length) return <Empty description="清理快照中没有银行账户" />
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {banks.map((b) => (
        <BankCard key={b.id} {...props} bank={b} rec={props.detail.bankRecs.find((r) => r.snapshotId === b.id) ?? null} />
      ))}
    </Space>
  )
}

function BankCard(props: PanelProps & { bank: SnapshotRow; rec: BankRecRecord | null }) {
  const { bank, rec } = props
  const runner = useRunner(props.onChanged)
  const [reason, setReason] = useState('')
  const [opinion, setOpinion] = useState('')
  const upload = async (f: File) => {
    const file = { fileName: f.name, contentBase64: await readBase64(f) }
    await runner.run(
      'statement',
      () => call('campaign.bankStatement', { ...refOf(props.detail), snapshotId: bank.id, file, reason: reason.trim() || null, opinion: opinion.trim() || null }),
      () => `已导入「${f.name}」并编制余额调节表`,
    )
  }
  return (
    <Card
      size="small"
      type="inner"
      title={
        <Space>
          <span>{bank.label}</span>
          {bank.label.includes(bank.code) ? null : (
            <Typography.Text type="secondary" className="sanzi-mono">
              {bank.code}
            </Typography.Text>
          )}
          {rec ? rec.agrees ? <Tag color="success">调节后相符</Tag> : <Tag color="error">调节后不符</Tag> : <Tag color="warning">未核对</Tag>}
        </Space>
      }
      extra={
        <span>
          账面余额 <Num v={bank.amount} strong />
        </span>
      }
      data-testid={`bank-${bank.code}`}
    >
      <ErrorAlert error={runner.error} onClose={() => runner.setError(null)} testId="bank-error" />
      {props.editable ? (
        <Space wrap style={{ display: 'flex', marginBottom: 12 }} align="start">
          <Upload
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              void upload(f)
              return false
            }}
          >
            <Button icon={<UploadOutlined />} loading={runner.busy === 'statement'} data-testid="bank-statement-upload">
              导入对账单（xlsx / CSV）
            </Button>
          </Upload>
          <Input placeholder="差异原因（有差异时）" aria-label="银行差异原因" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 220 }} maxLength={500} />
          <Input placeholder="处理意见（有差异时）" aria-label="银行处理意见" value={opinion} onChange={(e) => setOpinion(e.target.value)} style={{ width: 220 }} maxLength={500} />
        </Space>
      ) : null}
      {rec ? (
        <>
          <Descriptions
            size="small"
            bordered
            column={3}
            style={{ marginBottom: 12 }}
            items={[
              { key: 'file', label: '对账单', children: rec.fileName },
              { key: 'no', label: '账号', children: <span className="sanzi-mono">{rec.accountNumber ?? '—'}</span> },
              { key: 'period', label: '期间', children: rec.period },
              { key: 'book', label: '调节后账面余额', children: <Num v={rec.bookAdjusted} strong /> },
              { key: 'stmt', label: '调节后银行余额', children: <Num v={rec.statementAdjusted} strong /> },
              { key: 'verified', label: '核实数', children: <Num v={bank.verification?.amount} /> },
              { key: 'diff', label: '差异（核实数 − 账面数）', children: <Num v={bank.verification?.difference} danger={fenOf(bank.verification?.difference) !== 0} /> },
              { key: 'why', label: '差异原因 / 处理意见', span: 2, children: [bank.verification?.reason, bank.verification?.opinion].filter(Boolean).join(' / ') || '—' },
            ]}
          />
          {rec.notices.map((n) => (
            <Alert key={n} type="info" showIcon message={n} style={{ marginBottom: 8 }} />
          ))}
          <Typography.Text strong>未达账项（{rec.unmatched.length}）</Typography.Text>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={rec.unmatched}
            locale={{ emptyText: '没有未达账项' }}
            style={{ marginTop: 6 }}
            columns={[
              { title: '类别', dataIndex: 'side', width: 150, render: (s: BankRecRecord['unmatched'][number]['side']) => SIDE_LABELS[s] },
              { title: '日期', dataIndex: 'date', width: 110 },
              { title: '摘要', dataIndex: 'summary', ellipsis: true },
              { title: '金额（元）', dataIndex: 'amount', width: 140, align: 'right', render: (v: string) => <Num v={v} /> },
            ]}
            data-testid="bank-unmatched"
          />
        </>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          导入本账户基准日所在月份的银行对账单，系统与银行存款日记账自动勾对，列出未达账项并编制余额调节表；调节后银行余额即为核实数，与账面余额有差异时请先填写差异原因和处理意见再导入。
        </Typography.Paragraph>
      )}
    </Card>
  )
}
