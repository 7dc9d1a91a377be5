import { useState } from 'react'
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Progress, Space } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import Decimal from 'decimal.js'
import type { CashStatus } from '../../../../shared/api/fundTypes'
import type { Village } from '../../../../shared/api/types'
import { call, toApiError } from '../../api/client'
import { applyFieldErrors } from '../../api/formErrors'
import { useQuery } from '../../api/useQuery'
import { PageTitle } from '../../app/PageTitle'
import { navigate } from '../../app/routes'
import { useSession } from '../../app/session'
import { fenOf } from '../../ledger/money'
import { WithVillage } from '../../ledger/WithVillage'
import { Num, today } from '../parts'

/** 库存现金: the posted 101 balance against the village's holding limit, with the warning when above it. */
export function CashPage() {
  return <WithVillage>{(v) => <Cash key={v.id} village={v} />}</WithVillage>
}

/** The warning shown wherever the cash balance matters (this page, 银行账户, 预警). */
export function CashStatusAlert(props: { status: CashStatus }) {
  const s = props.status
  if (!s.over) return null
  return <Alert type="warning" showIcon data-testid="cash-warning" style={{ marginBottom: 12 }} message={s.warning ?? `库存现金超过限额 ${s.excess} 元`} />
}

function Cash(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const [date, setDate] = useState(today())
  const [editing, setEditing] = useState(false)
  const q = useQuery('cash.status', { villageId: village.id, date })
  const s = q.data
  const limitFen = fenOf(s?.limit)
  const percent = s && s.limit !== null && limitFen > 0 ? Math.min(100, Number(new Decimal(fenOf(s.balance)).div(limitFen).times(100).toFixed(0))) : 0
  return (
    <>
      <PageTitle
        title="库存现金"
        extra={
          <Space>
            <DatePicker aria-label="日期" allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
            {session.can('cash.setLimit') ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                设置限额
              </Button>
            ) : null}
          </Space>
        }
      />
      {q.error ? <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 12 }} /> : null}
      {s ? (
        <>
          <CashStatusAlert status={s} />
          <Card size="small" style={{ maxWidth: 720 }} data-testid="cash-status">
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'date', label: '日期', children: s.date },
                {
                  key: 'bal',
                  label: '库存现金余额（101，已记账）',
                  children: (
                    <Space>
                      <Num v={s.balance} strong danger={s.over} />
                      <a onClick={() => navigate('books/cash-journal')}>现金日记账</a>
                    </Space>
                  ),
                },
                { key: 'limit', label: '库存现金限额', children: s.limit === null ? <span style={{ color: '#6b7280' }}>未设置</span> : <Num v={s.limit} /> },
                { key: 'excess', label: '超出限额', children: <Num v={s.excess} danger={s.over} /> },
              ]}
            />
            {s.limit !== null ? (
              <div style={{ marginTop: 12 }}>
                <Progress percent={percent} status={s.over ? 'exception' : 'normal'} format={() => (s.over ? '超限' : `${percent}%`)} />
              </div>
            ) : (
              <Alert type="info" showIcon style={{ marginTop: 12 }} message="尚未设置库存现金限额：一般为 3 至 5 天日常零星开支的需要量，由开户银行核定。" />
            )}
          </Card>
        </>
      ) : null}
      {editing && s ? (
        <CashLimitModal
          village={village}
          status={s}
          onClose={(changed) => {
            setEditing(false)
            if (changed) q.reload()
          }}
        />
      ) : null}
    </>
  )
}

function CashLimitModal(props: { village: Village; status: CashStatus; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<{ limit?: string; date: Dayjs }>()
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const limit = v.limit?.trim() ? v.limit.trim() : null
      const r = await call('cash.setLimit', { villageId: props.village.id, limit, date: v.date.format('YYYY-MM-DD') })
      message.success(r.limit === null ? '已取消库存现金限额' : `库存现金限额已设为 ${r.limit} 元`)
      props.onClose(true)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['limit', 'date']))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title="设置库存现金限额" okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => props.onClose(false)} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" size="small" initialValues={{ limit: props.status.limit ?? '', date: dayjs() }} data-testid="cash-limit-form">
        <Form.Item name="limit" label="限额（元）" extra="留空：不设限额">
          <Input inputMode="decimal" placeholder="如 5000.00" />
        </Form.Item>
        <Form.Item name="date" label="生效日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
