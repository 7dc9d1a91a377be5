import { useState } from 'react'
import { Alert, App, Button, DatePicker, Empty, Form, Input, Modal, Select, Table, Tabs, Tag, type FormInstance } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import type { ContractDetail, ReceiptMatch } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { call, toApiError } from '../../api/client'
import { applyFieldErrors } from '../../api/formErrors'
import { useQuery } from '../../api/useQuery'
import { fenOf, fmtYuan } from '../../ledger/money'
import { Num } from '../parts'

type Tab = 'match' | 'manual' | 'offset'

interface ManualValues {
  voucherId: number
  lineNo: number
  amount: string
  note?: string
}

/**
 * 登记收款: receipts are posted voucher lines matched to the contract. 自动匹配 lists the lines the engine finds
 * (the counterparty's 112/113 credit, or a cash receipt whose summary names the contract) and records them in one
 * go; a line can also be picked by hand (凭证 and 行号); 冲减 offsets a wrong receipt with a negative one.
 */
export function ReceiptModal(props: { village: Village; contract: ContractDetail; onClose: (changed: boolean) => void }) {
  const { village, contract } = props
  const what = contract.direction === 'payable' ? '付款' : '收款'
  const { message } = App.useApp()
  const preview = useQuery('contract.match', { villageId: village.id, contractId: contract.id, commit: false })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [tab, setTab] = useState<Tab>('match')
  const [form] = Form.useForm<{ amount: string; date: Dayjs; note?: string }>()
  const [manualForm] = Form.useForm<ManualValues>()
  const matches = preview.data?.matches ?? []

  const commit = async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await call('contract.match', { villageId: village.id, contractId: contract.id, commit: true })
      message.success(`已登记${what} ${r.matches.length} 笔，合计 ${fmtYuan(r.total)} 元`)
      props.onClose(true)
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  const offset = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const amount = v.amount.trim().startsWith('-') ? v.amount.trim() : `-${v.amount.trim()}`
      await call('contract.receipt', { villageId: village.id, contractId: contract.id, amount, date: v.date.format('YYYY-MM-DD'), note: v.note ?? null })
      message.success(`已冲减${what} ${fmtYuan(amount.slice(1))} 元`)
      props.onClose(true)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['amount', 'date', 'note']))
    } finally {
      setBusy(false)
    }
  }

  const manual = async () => {
    const v = await manualForm.validateFields()
    setBusy(true)
    setError(null)
    try {
      await call('contract.receipt', { villageId: village.id, contractId: contract.id, voucherId: v.voucherId, lineNo: v.lineNo, amount: v.amount.trim(), note: v.note ?? null })
      message.success(`已登记${what} ${fmtYuan(v.amount.trim())} 元`)
      props.onClose(true)
    } catch (e) {
      setError(applyFieldErrors(manualForm, toApiError(e), ['voucherId', 'lineNo', 'amount', 'note'], { voucherLineId: 'lineNo' }))
    } finally {
      setBusy(false)
    }
  }

  const footer =
    tab === 'manual'
      ? [
          <Button key="cancel" onClick={() => props.onClose(false)}>
            取消
          </Button>,
          <Button key="ok" type="primary" loading={busy} onClick={() => void manual()}>
            登记
          </Button>,
        ]
      : tab === 'match'
      ? [
          <Button key="cancel" onClick={() => props.onClose(false)}>
            取消
          </Button>,
          <Button key="ok" type="primary" loading={busy} disabled={matches.length === 0} onClick={() => void commit()}>
            确认登记 {matches.length} 笔
          </Button>,
        ]
      : [
          <Button key="cancel" onClick={() => props.onClose(false)}>
            取消
          </Button>,
          <Button key="ok" danger type="primary" loading={busy} onClick={() => void offset()}>
            冲减
          </Button>,
        ]

  return (
    <Modal open width={860} title={`登记${what}：${contract.number} ${contract.name}`} footer={footer} onCancel={() => props.onClose(false)} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          {
            key: 'match',
            label: '从已记账凭证匹配',
            children: (
              <>
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  message={`${what}须先在凭证中记账；这里列出账上尚未登记到合同的${what}分录：往来单位的应收款/内部往来贷方，或摘要写明合同编号、标的的现金、银行存款${what}。`}
                />
                {preview.error ? <Alert type="error" showIcon message={preview.error.message} /> : null}
                <Table<ReceiptMatch>
                  size="small"
                  bordered
                  rowKey={(m) => `${m.voucherLineId}-${m.amount}`}
                  loading={preview.loading}
                  dataSource={matches}
                  pagination={false}
                  scroll={{ y: 320 }}
                  data-testid="receipt-matches"
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`账上没有可匹配的${what}分录`} /> }}
                  columns={[
                    { title: '日期', dataIndex: 'date', width: 105 },
                    { title: '凭证', dataIndex: 'voucherLabel', width: 90 },
                    { title: '摘要', dataIndex: 'summary', ellipsis: true },
                    { title: '金额', dataIndex: 'amount', width: 120, align: 'right', render: (v: string) => <Num v={v} /> },
                    { title: '依据', dataIndex: 'rule', width: 110, render: (r: ReceiptMatch['rule']) => <Tag>{r === 'counterparty' ? '往来单位' : '摘要列明'}</Tag> },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'manual',
            label: '选择凭证分录',
            children: <ManualReceipt village={village} form={manualForm} what={what} />,
          },
          {
            key: 'offset',
            label: `冲减${what}`,
            children: (
              <Form form={form} layout="vertical" size="small" initialValues={{ date: dayjs() }} data-testid="receipt-offset-form">
                <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`登记错的${what}不能修改或删除，以一笔负数冲减；已收 ${fmtYuan(contract.received)} 元。`} />
                <Form.Item name="amount" label="冲减金额（元）" rules={[{ required: true, message: '请填写冲减金额' }]}>
                  <Input inputMode="decimal" />
                </Form.Item>
                <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="note" label="说明" rules={[{ required: true, message: '请写明冲减原因' }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Form>
            ),
          },
        ]}
      />
    </Modal>
  )
}

/** Picks a posted voucher (searched by its summary or number) and one of its lines; the amount defaults to the line's. */
function ManualReceipt(props: { village: Village; form: FormInstance<ManualValues>; what: string }) {
  const { village, form } = props
  const [search, setSearch] = useState('')
  const vouchers = useQuery('voucher.list', { villageId: village.id, status: 'posted', search: search.trim() || undefined, limit: 50 })
  const voucherId = Form.useWatch('voucherId', form)
  const voucher = useQuery('voucher.get', voucherId ? { villageId: village.id, voucherId } : null)
  const lines = voucher.data?.lines ?? []
  return (
    <Form form={form} layout="vertical" size="small" data-testid="receipt-manual-form">
      <Form.Item name="voucherId" label="已记账凭证" rules={[{ required: true, message: '请选择凭证' }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          loading={vouchers.loading}
          placeholder="输入摘要或凭证号查找"
          options={(vouchers.data?.rows ?? []).map((v) => ({ value: v.id, label: `${v.date} ${v.label} ${v.summary}（${fmtYuan(v.total)}）` }))}
          onChange={() => form.setFieldsValue({ lineNo: undefined, amount: undefined })}
          notFoundContent="没有匹配的已记账凭证"
        />
      </Form.Item>
      <Form.Item name="lineNo" label="分录" rules={[{ required: true, message: '请选择分录' }]} extra={`${props.what}分录：借记库存现金/银行存款，或贷记应收款/内部往来`}>
        <Select
          disabled={!voucherId}
          options={lines.map((l) => ({
            value: l.lineNo,
            label: `${l.lineNo}. ${l.accountCode} ${l.accountName}${l.auxItemName ? ` / ${l.auxItemName}` : ''}  ${fenOf(l.debit) > 0 ? `借 ${fmtYuan(l.debit)}` : `贷 ${fmtYuan(l.credit)}`}`,
          }))}
          onChange={(n: number) => {
            const l = lines.find((x) => x.lineNo === n)
            if (l) form.setFieldsValue({ amount: fenOf(l.debit) > 0 ? l.debit : l.credit })
          }}
        />
      </Form.Item>
      <Form.Item name="amount" label="登记金额（元）" rules={[{ required: true, message: '请填写金额' }]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="note" label="说明">
        <Input maxLength={200} />
      </Form.Item>
    </Form>
  )
}
