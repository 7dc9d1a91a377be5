import { useMemo, useState } from 'react'
import { Alert, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import type { MethodInput } from '../../../../shared/api/contract'
import type { SchedulePreview } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { CONTRACT_KIND_LABELS, CONTRACT_KINDS, FREQUENCIES, FREQUENCY_LABELS, type ContractKind, type Frequency } from '../../../../shared/registers/contracts'
import { call, toApiError } from '../../api/client'
import { applyFieldErrors } from '../../api/formErrors'
import { useQuery } from '../../api/useQuery'
import { useLeafOptions } from '../../assets/AssetForm'
import { useAuxItems } from '../../ledger/chart'
import { fmtYuan } from '../../ledger/money'
import { Num } from '../parts'

type EscalationKind = 'none' | 'percent' | 'amount'

interface Values {
  number: string
  name: string
  kind: ContractKind
  partyA: string
  partyB: string
  counterpartyAuxId?: number
  receivableAccountId?: number
  term: [Dayjs, Dayjs]
  frequency: Frequency
  amount: string
  annualAmount?: string
  escalationKind: EscalationKind
  escalationValue?: string
  everyMonths?: number
  deposit?: string
  unitPrice?: string
  priceUnit?: string
  subjects?: string[]
  meeting?: string
  resolutionDate?: Dayjs
  attendance?: number
  votesFor?: number
  votesAgainst?: number
  abstentions?: number
  resolutionText?: string
  attachments?: string[]
  note?: string
}

const FIELDS = ['number', 'name', 'kind', 'partyA', 'partyB', 'counterpartyAuxId', 'receivableAccountId', 'term', 'frequency', 'amount', 'annualAmount', 'escalationValue', 'everyMonths', 'deposit', 'unitPrice', 'subjects', 'attendance', 'attachments', 'note']
const ALIASES: Record<string, string> = {
  startOn: 'term',
  endOn: 'term',
  'escalation.percent': 'escalationValue',
  'escalation.amount': 'escalationValue',
  'escalation.everyMonths': 'everyMonths',
  'resolution.attendance': 'attendance',
  'resolution.votesFor': 'attendance',
  resolution: 'attendance',
  schedule: 'amount',
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim())

function escalationOf(v: Pick<Values, 'escalationKind' | 'escalationValue' | 'everyMonths'>): MethodInput<'contract.schedule'>['escalation'] {
  const every = v.everyMonths ?? 12
  if (v.escalationKind === 'percent') return { kind: 'percent', percent: v.escalationValue ?? '', everyMonths: every }
  if (v.escalationKind === 'amount') return { kind: 'amount', amount: v.escalationValue ?? '', everyMonths: every }
  return { kind: 'none' }
}

/** 登记合同: terms, parties, subjects, the 四议两公开 resolution, and the generated collection schedule shown before saving. */
export function ContractFormModal(props: { village: Village; onClose: (createdId: number | null) => void }) {
  const { village } = props
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const aux = useAuxItems(village.id)
  const receivableOptions = useLeafOptions(village.id, ['112', '113', '211'])
  const parcels = useQuery('parcel.list', { villageId: village.id, limit: 10_000 })
  const assets = useQuery('asset.list', { villageId: village.id, limit: 10_000 })
  const subjectOptions = useMemo(
    () => [
      { label: '资源', options: (parcels.data?.rows ?? []).map((p) => ({ value: `parcel:${p.id}`, label: `${p.code} ${p.name}（${p.area} 亩）` })) },
      { label: '资产', options: (assets.data?.rows ?? []).map((a) => ({ value: `asset:${a.id}`, label: `${a.code} ${a.name}` })) },
    ],
    [parcels.data, assets.data],
  )

  const term = Form.useWatch('term', form)
  const frequency = Form.useWatch('frequency', form)
  const amount = Form.useWatch('amount', form)
  const annualAmount = Form.useWatch('annualAmount', form)
  const escalationKind = Form.useWatch('escalationKind', form) ?? 'none'
  const escalationValue = Form.useWatch('escalationValue', form)
  const everyMonths = Form.useWatch('everyMonths', form)
  const ready = !!(term?.[0] && term[1] && frequency && amount && /^\d+(\.\d{1,2})?$/.test(amount.trim()) && (escalationKind === 'none' || escalationValue))
  const preview = useQuery(
    'contract.schedule',
    ready
      ? {
          villageId: village.id,
          startOn: term[0].format('YYYY-MM-DD'),
          endOn: term[1].format('YYYY-MM-DD'),
          frequency,
          amount: amount.trim(),
          annualAmount: blank(annualAmount),
          escalation: escalationOf({ escalationKind, escalationValue, everyMonths }),
        }
      : null,
  )

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const resolution = {
        meeting: blank(v.meeting),
        date: v.resolutionDate ? v.resolutionDate.format('YYYY-MM-DD') : null,
        attendance: v.attendance ?? null,
        votesFor: v.votesFor ?? null,
        votesAgainst: v.votesAgainst ?? null,
        abstentions: v.abstentions ?? null,
        text: blank(v.resolutionText),
      }
      const r = await call('contract.create', {
        villageId: village.id,
        number: v.number,
        name: v.name,
        kind: v.kind,
        partyA: v.partyA,
        partyB: v.partyB,
        counterpartyAuxId: v.counterpartyAuxId ?? null,
        receivableAccountId: v.receivableAccountId ?? null,
        startOn: v.term[0].format('YYYY-MM-DD'),
        endOn: v.term[1].format('YYYY-MM-DD'),
        frequency: v.frequency,
        amount: v.amount.trim(),
        annualAmount: blank(v.annualAmount),
        escalation: escalationOf(v),
        deposit: blank(v.deposit) ?? '0',
        unitPrice: blank(v.unitPrice),
        priceUnit: blank(v.priceUnit),
        subjects: (v.subjects ?? []).map((s) => {
          const [kind, id] = s.split(':')
          return { kind: kind as 'parcel' | 'asset', id: Number(id) }
        }),
        resolution,
        attachments: v.attachments ?? [],
        note: blank(v.note),
      })
      props.onClose(r.id)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), FIELDS, ALIASES))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal open title="登记合同" width={1000} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => props.onClose(null)} destroyOnHidden styles={{ body: { maxHeight: '70vh', overflowY: 'auto' } }}>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical" size="small" initialValues={{ kind: 'contracting', partyA: village.name, frequency: 'yearly', escalationKind: 'none', everyMonths: 12, deposit: '0' }} data-testid="contract-form">
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="number" label="合同编号" rules={[{ required: true, message: '请填写合同编号' }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label="合同名称" rules={[{ required: true, message: '请填写合同名称' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="kind" label="合同类型">
              <Select options={CONTRACT_KINDS.map((k) => ({ value: k, label: CONTRACT_KIND_LABELS[k] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="partyA" label="甲方" rules={[{ required: true, message: '请填写甲方' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="partyB" label="乙方" rules={[{ required: true, message: '请填写乙方' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="counterpartyAuxId" label="往来单位（辅助核算）" extra="用于按往来科目匹配收款">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={aux.items.filter((i) => (i.kind === 'counterparty' || i.kind === 'household') && i.status === 'active').map((i) => ({ value: i.id, label: i.name }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="subjects" label="标的（资源、资产）">
              <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={subjectOptions} placeholder="选择发包、出租的地块或资产" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          期限与金额
        </Divider>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="term" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['起始日期', '终止日期']} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="frequency" label="收款方式">
              <Select options={FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="amount" label="合同金额（元）" rules={[{ required: true, message: '请填写全期合同金额' }]} extra="全期应收总额（含递增）">
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="annualAmount" label="年租金(首年)（元）" extra="填写后按年租金和递增生成计划">
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="escalationKind" label="递增方式">
              <Select
                options={[
                  { value: 'none', label: '不递增' },
                  { value: 'percent', label: '按比例递增' },
                  { value: 'amount', label: '按金额递增' },
                ]}
              />
            </Form.Item>
          </Col>
          {escalationKind !== 'none' ? (
            <>
              <Col span={6}>
                <Form.Item name="escalationValue" label={escalationKind === 'percent' ? '递增比例(%)' : '递增金额（元/年）'} rules={[{ required: true, message: '请填写递增幅度' }]}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="everyMonths" label="递增间隔(月)">
                  <InputNumber min={1} max={600} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col span={4}>
            <Form.Item name="deposit" label="保证金（元）">
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="unitPrice" label="单价（元）">
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="priceUnit" label="计价单位">
              <Input maxLength={20} placeholder="亩·年" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="receivableAccountId" label="应收科目" extra="留空：按往来单位自动确定">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={receivableOptions} />
            </Form.Item>
          </Col>
        </Row>
        <SchedulePreviewTable ready={ready} preview={preview.data} loading={preview.loading} error={preview.error?.message} />
        <Divider titlePlacement="start" plain>
          四议两公开
        </Divider>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="meeting" label="决议会议">
              <Input maxLength={40} placeholder="村民代表会议" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="resolutionDate" label="决议日期">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {(
            [
              ['attendance', '参会人数'],
              ['votesFor', '赞成票'],
              ['votesAgainst', '反对票'],
              ['abstentions', '弃权票'],
            ] as const
          ).map(([name, label]) => (
            <Col span={3} key={name}>
              <Form.Item name={name} label={label}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
          <Col span={24}>
            <Form.Item name="resolutionText" label="决议内容">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="attachments" label="附件" extra="输入名称后回车，如：会议记录、公示照片">
              <Select mode="tags" open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="note" label="备注">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  )
}

function SchedulePreviewTable(props: { ready: boolean; preview: SchedulePreview | undefined; loading: boolean; error: string | undefined }) {
  if (!props.ready) return <Typography.Text type="secondary">填写起止日期、收款方式和合同金额后，这里显示生成的收款计划。</Typography.Text>
  if (props.error) return <Alert type="error" showIcon message={props.error} />
  const p = props.preview
  if (!p) return null
  return (
    <div data-testid="schedule-preview">
      <div style={{ margin: '4px 0 8px' }}>
        收款计划 {p.instalments.length} 期，合计 <Num v={p.total} strong />
        {p.fits ? (
          <Tag color="green" style={{ marginLeft: 8 }}>
            与合同金额一致
          </Tag>
        ) : (
          <Tag color="red" style={{ marginLeft: 8 }}>
            与合同金额 {fmtYuan(p.amount)} 相差 {fmtYuan(p.difference)}，请核对合同金额或年租金
          </Tag>
        )}
      </div>
      <Table
        size="small"
        bordered
        rowKey="seq"
        loading={props.loading}
        dataSource={p.instalments}
        pagination={false}
        scroll={{ y: 200 }}
        columns={[
          { title: '期次', dataIndex: 'seq', width: 70, align: 'right' },
          { title: '应收日期', dataIndex: 'dueOn', width: 120 },
          { title: '说明', dataIndex: 'label', render: (l: string | null) => l ?? '' },
          { title: '应收金额', dataIndex: 'amount', width: 150, align: 'right', render: (v: string) => <Num v={v} /> },
        ]}
      />
    </div>
  )
}
