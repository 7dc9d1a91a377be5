import { Button, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Space, Table, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import type { CashCountRecord } from '../../../shared/api/campaignTypes'
import { cashCount, cashCountIssues, DENOMINATIONS, type CashForm } from '../../../shared/campaign/cashCount'
import { formatFen, parseYuan } from '../../../shared/money'
import { call } from '../api/client'
import { fenOf } from '../ledger/money'
import { Num } from '../registers/parts'
import { DifferenceFields, ErrorAlert, refOf, useRunner, type PanelProps } from './common'

interface Unbooked {
  date?: Dayjs
  summary?: string
  amount?: string
}

interface Values {
  countedOn: Dayjs
  /** 张数 / 枚数 by denomination index */
  counts: Record<string, number | null | undefined>
  receipts: Unbooked[]
  payments: Unbooked[]
  cashier: string
  supervisor: string
  chief: string
  reason?: string
  opinion?: string
}

const denomKey = (i: number) => `d${i}`
const fenOfText = (t: string | undefined) => {
  const r = parseYuan((t ?? '').trim() || '0')
  return r.ok ? r.fen : 0
}

/** the saved record's entries as the form's values: counts by denomination, the unbooked items with their dates */
function savedEntries(saved: CashCountRecord | null): Pick<Values, 'counts' | 'receipts' | 'payments'> {
  if (!saved) return { counts: {}, receipts: [], payments: [] }
  const counts: Values['counts'] = {}
  for (const e of saved.entries.counts) {
    const i = DENOMINATIONS.findIndex((d) => d.value === fenOf(e.value) && d.form === e.form)
    if (i >= 0) counts[denomKey(i)] = e.count
  }
  const items = (list: CashCountRecord['entries']['receipts']) => list.map((u) => ({ date: dayjs(u.date), summary: u.summary, amount: u.amount }))
  return { counts, receipts: items(saved.entries.receipts), payments: items(saved.entries.payments) }
}

function unbookedOf(list: Unbooked[] | undefined) {
  return (list ?? []).filter((u) => u.date && u.summary?.trim() && u.amount?.trim()).map((u) => ({ date: (u.date as Dayjs).format('YYYY-MM-DD'), summary: (u.summary ?? '').trim(), amount: (u.amount ?? '').trim() }))
}

/**
 * 现金盘点表: notes and coins by denomination, receipts and payments not yet booked, the book balance (the 101 row
 * of the snapshot), and the difference computed live as the counts are typed; signed by 出纳, 监盘人 and 会计主管.
 */
export function CashCountForm(props: PanelProps) {
  const c = props.detail
  const [form] = Form.useForm<Values>()
  const runner = useRunner(props.onChanged)
  const cashRow = c.rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
  const book = fenOf(cashRow?.amount)
  const watched = Form.useWatch([], form) as Partial<Values> | undefined
  const counts = DENOMINATIONS.map((d, i) => ({ value: d.value, form: d.form as CashForm, count: Math.max(0, Math.trunc(Number(watched?.counts?.[denomKey(i)] ?? 0)) || 0) }))
  const countInput = {
    counts: counts.filter((x) => x.count > 0),
    bookBalance: book,
    receiptsNotBooked: unbookedOf(watched?.receipts).map((u) => ({ ...u, amount: fenOfText(u.amount) })),
    paymentsNotBooked: unbookedOf(watched?.payments).map((u) => ({ ...u, amount: fenOfText(u.amount) })),
  }
  // a half-typed list (a negative amount) counts without it until it is valid; the engine checks again
  const live = cashCount(cashCountIssues(countInput).length ? { ...countInput, receiptsNotBooked: [], paymentsNotBooked: [] } : countInput)
  const saved = c.cashCount
  const submit = async () => {
    const v = await form.validateFields()
    await runner.run(
      'cash',
      () =>
        call('campaign.cashCount', {
          ...refOf(c),
          countedOn: v.countedOn.format('YYYY-MM-DD'),
          counts: counts.filter((x) => x.count > 0).map((x) => ({ value: formatFen(x.value).replace(/,/g, ''), form: x.form, count: x.count })),
          receiptsNotBooked: unbookedOf(v.receipts),
          paymentsNotBooked: unbookedOf(v.payments),
          cashier: v.cashier.trim(),
          supervisor: v.supervisor.trim(),
          chief: v.chief.trim(),
          reason: v.reason?.trim() || null,
          opinion: v.opinion?.trim() || null,
        }),
      () => '现金盘点表已保存',
    )
  }
  const cashVerification = cashRow?.verification
  const initial: Partial<Values> = {
    countedOn: dayjs(saved?.countedOn ?? undefined),
    // a saved table reopens with what was entered
    ...savedEntries(saved),
    cashier: saved?.cashier,
    supervisor: saved?.supervisor,
    chief: saved?.chief,
    reason: cashVerification?.reason ?? undefined,
    opinion: cashVerification?.opinion ?? undefined,
  }
  if (!cashRow) return <Typography.Text type="secondary">清理快照中没有 101 库存现金科目。</Typography.Text>
  return (
    <div data-testid="cash-count">
      {saved ? (
        <Descriptions
          size="small"
          bordered
          column={4}
          style={{ marginBottom: 12 }}
          title="已保存的现金盘点表"
          data-testid="cash-count-saved"
          items={[
            { key: 'on', label: '盘点日期', children: saved.countedOn },
            { key: 'counted', label: '实点现金', children: <Num v={saved.counted} /> },
            { key: 'adj', label: '调整后账面余额', children: <Num v={saved.adjustedBook} /> },
            { key: 'res', label: '结果', children: <b style={{ color: saved.difference === '0.00' ? '#389e0d' : '#cf1322' }}>{saved.resultText}</b> },
            { key: 'sig', label: '签字', span: 4, children: `出纳 ${saved.cashier}，监盘人 ${saved.supervisor}，会计主管 ${saved.chief}` },
          ]}
        />
      ) : null}
      <ErrorAlert error={runner.error} onClose={() => runner.setError(null)} />
      <Form form={form} layout="vertical" size="small" initialValues={initial} disabled={!props.editable} data-testid="cash-count-form">
        <Row gutter={16}>
          <Col xs={24} xl={11}>
            <Table
              size="small"
              bordered
              pagination={false}
              rowKey="i"
              dataSource={DENOMINATIONS.map((d, i) => ({ ...d, i }))}
              columns={[
                { title: '面额', dataIndex: 'label', width: 110 },
                {
                  title: '张数/枚数',
                  key: 'count',
                  width: 120,
                  render: (_, d) => (
                    <Form.Item name={['counts', denomKey(d.i)]} style={{ marginBottom: 0 }}>
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} aria-label={`${d.label} 张数`} />
                    </Form.Item>
                  ),
                },
                { title: '金额（元）', key: 'amount', align: 'right', render: (_, d) => <Num v={formatFen((counts[d.i]?.count ?? 0) * d.value).replace(/,/g, '')} blankZero /> },
              ]}
            />
          </Col>
          <Col xs={24} xl={13}>
            <Descriptions
              size="small"
              bordered
              column={1}
              style={{ marginBottom: 12 }}
              data-testid="cash-count-live"
              items={[
                { key: 'counted', label: '实点现金合计', children: <b className="sanzi-num">{formatFen(live.counted)}</b> },
                { key: 'book', label: `账面余额（${cashRow.code}，基准日）`, children: <span className="sanzi-num">{formatFen(live.bookBalance)}</span> },
                { key: 'rec', label: '加：已收未入账', children: <span className="sanzi-num">{formatFen(live.receiptsNotBooked)}</span> },
                { key: 'pay', label: '减：已付未入账', children: <span className="sanzi-num">{formatFen(live.paymentsNotBooked)}</span> },
                { key: 'adj', label: '调整后账面余额', children: <span className="sanzi-num">{formatFen(live.adjustedBook)}</span> },
                { key: 'diff', label: '差异（实点 − 调整后）', children: <b style={{ color: live.difference === 0 ? '#389e0d' : '#cf1322' }}>{live.resultText}</b> },
              ]}
            />
            <UnbookedList name="receipts" title="已收未入账" />
            <UnbookedList name="payments" title="已付未入账" />
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item name="countedOn" label="盘点日期" rules={[{ required: true, message: '请选择盘点日期' }]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={16} />
              <Col span={8}>
                <Form.Item name="cashier" label="出纳" rules={[{ required: true, whitespace: true, message: '请填写出纳' }]}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="supervisor" label="监盘人" rules={[{ required: true, whitespace: true, message: '请填写监盘人' }]}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="chief" label="会计主管" rules={[{ required: true, whitespace: true, message: '请填写会计主管' }]}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <DifferenceFields span={12} />
            </Row>
            {props.editable ? (
              <Button type="primary" icon={<SaveOutlined />} loading={runner.busy === 'cash'} onClick={() => void submit()} data-testid="cash-count-save">
                保存现金盘点表
              </Button>
            ) : null}
          </Col>
        </Row>
      </Form>
    </div>
  )
}

function UnbookedList(props: { name: 'receipts' | 'payments'; title: string }) {
  return (
    <Form.List name={props.name}>
      {(fields, { add, remove }) => (
        <div style={{ marginBottom: 8 }}>
          <Space style={{ marginBottom: 4 }}>
            <Typography.Text>{props.title}</Typography.Text>
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: dayjs() })}>
              添加
            </Button>
          </Space>
          {fields.map((f) => (
            <Row gutter={6} key={f.key}>
              <Col span={7}>
                <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: '日期' }]} style={{ marginBottom: 6 }}>
                  <DatePicker style={{ width: '100%' }} aria-label={`${props.title}日期`} />
                </Form.Item>
              </Col>
              <Col span={9}>
                <Form.Item name={[f.name, 'summary']} rules={[{ required: true, whitespace: true, message: '摘要' }]} style={{ marginBottom: 6 }}>
                  <Input placeholder="摘要" aria-label={`${props.title}摘要`} maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name={[f.name, 'amount']} rules={[{ required: true, whitespace: true, message: '金额' }]} style={{ marginBottom: 6 }}>
                  <Input placeholder="金额" inputMode="decimal" aria-label={`${props.title}金额`} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={`删除${props.title}`} />
              </Col>
            </Row>
          ))}
        </div>
      )}
    </Form.List>
  )
}
