import { useMemo, useState, type ReactNode } from 'react'
import { Alert, Button, Checkbox, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Statistic, Tabs, Tag, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import type { MethodName } from '../../../../shared/api/contract'
import {
  BIO_KIND_LABELS,
  BIO_KINDS,
  INVENTORY_USAGE_LABELS,
  INVENTORY_USAGES,
  INVESTMENT_KIND_LABELS,
  INVESTMENT_KINDS,
  type SmallRegisterItem,
  type SmallRegisterList,
} from '../../../../shared/api/fundTypes'
import type { RegisterMovement } from '../../../../shared/api/registerTypes'
import type { Village } from '../../../../shared/api/types'
import { call, toApiError } from '../../api/client'
import { applyFieldErrors } from '../../api/formErrors'
import { useQuery } from '../../api/useQuery'
import { useSession } from '../../app/session'
import { useLeafOptions } from '../../assets/AssetForm'
import { fmtYuan } from '../../ledger/money'
import { WithVillage } from '../../ledger/WithVillage'
import { historyTab, RegisterDrawer, RegisterFilters, RegisterTable, RegisterTitle, RegisterTotals, useDrawerAction, useRegisterState } from '../RegisterPage'
import { AsOfPicker, changedFields, DatedChangeModal, Num } from '../parts'

/**
 * 库存物资 (121), 生物资产 (131–134) and 长期投资 (141): one page for the three small registers, which share the
 * engine's shape (list / get / create / change with dated movements); each kind only names its fields.
 */
export type SmallKind = 'inventory' | 'bioAsset' | 'investment'

type FieldKind = 'text' | 'amount' | 'quantity' | 'share' | 'enum' | 'date'

interface FieldSpec {
  name: string
  label: string
  kind: FieldKind
  options?: Record<string, string>
  required?: boolean
  span?: number
  width?: number
  /** shown in the table */
  column?: boolean
  /** set only when the item is registered (its date), or only when it leaves (减少/收回) */
  only?: 'create' | 'end'
}

interface KindSpec {
  title: string
  noun: string
  roots: string[]
  /** the date field of the registration */
  createdOn: string
  /** the date field of its end (null: an inventory item stays and its quantity goes to 0) */
  endedOn: { name: string; label: string } | null
  valueLabel: string
  value: (row: Record<string, unknown>) => string
  fields: FieldSpec[]
}

const text = (name: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label, kind: 'text', ...extra })

export const SMALL_KINDS: Record<SmallKind, KindSpec> = {
  inventory: {
    title: '库存物资',
    noun: '物资',
    roots: ['121'],
    createdOn: 'date',
    endedOn: null,
    valueLabel: '金额合计',
    value: (r) => String(r.amount),
    fields: [
      text('name', '名称', { required: true, column: true, width: 160 }),
      text('spec', '规格型号', { column: true, width: 120 }),
      { name: 'quantity', label: '数量', kind: 'quantity', required: true, column: true, width: 100, span: 4 },
      text('unit', '计量单位', { column: true, width: 80, span: 4 }),
      { name: 'amount', label: '金额', kind: 'amount', required: true, column: true, width: 130, span: 8 },
      text('location', '存放地点', { column: true, width: 140 }),
      text('keeper', '保管人', { column: true, width: 90 }),
      { name: 'usage', label: '使用情况', kind: 'enum', options: INVENTORY_USAGE_LABELS, required: true, column: true, width: 90 },
      { name: 'date', label: '登记日期', kind: 'date', required: true, only: 'create' },
      text('note', '备注', { span: 24 }),
    ],
  },
  bioAsset: {
    title: '生物资产',
    noun: '生物资产',
    roots: ['131', '132', '133', '134'],
    createdOn: 'acquiredOn',
    endedOn: { name: 'removedOn', label: '减少日期' },
    valueLabel: '账面价值合计',
    value: (r) => String(r.netValue),
    fields: [
      text('name', '名称', { required: true, column: true, width: 150 }),
      { name: 'kind', label: '类别', kind: 'enum', options: BIO_KIND_LABELS, required: true, column: true, width: 90 },
      text('category', '品种', { column: true, width: 100 }),
      { name: 'quantity', label: '数量', kind: 'quantity', required: true, column: true, width: 100, span: 4 },
      text('unit', '计量单位', { column: true, width: 80, span: 4 }),
      text('location', '坐落', { column: true, width: 140, span: 16 }),
      { name: 'acquiredOn', label: '取得日期', kind: 'date', required: true, column: true, width: 110, only: 'create' },
      { name: 'originalValue', label: '原值', kind: 'amount', required: true, column: true, width: 130 },
      { name: 'accumulated', label: '累计折旧', kind: 'amount', column: true, width: 120 },
      text('note', '备注', { span: 24 }),
    ],
  },
  investment: {
    title: '长期投资',
    noun: '投资',
    roots: ['141'],
    createdOn: 'startedOn',
    endedOn: { name: 'endedOn', label: '收回日期' },
    valueLabel: '投资金额合计',
    value: (r) => String(r.amount),
    fields: [
      text('name', '名称', { required: true, column: true, width: 160 }),
      text('investee', '被投资单位', { required: true, column: true, width: 200 }),
      { name: 'kind', label: '投资类别', kind: 'enum', options: INVESTMENT_KIND_LABELS, required: true, column: true, width: 100 },
      { name: 'amount', label: '投资金额', kind: 'amount', required: true, column: true, width: 130 },
      { name: 'share', label: '持股比例', kind: 'share', column: true, width: 90 },
      { name: 'startedOn', label: '投资日期', kind: 'date', required: true, column: true, width: 110, only: 'create' },
      text('note', '备注', { span: 24 }),
    ],
  },
}

const DEFAULTS: Record<SmallKind, Record<string, unknown>> = {
  inventory: { usage: INVENTORY_USAGES[0], quantity: '1' },
  bioAsset: { kind: BIO_KINDS[0], quantity: '1', accumulated: '0' },
  investment: { kind: INVESTMENT_KINDS[0] },
}

type Item = Record<string, unknown> & { id: number; code: string; name: string; accountCode: string; movements?: RegisterMovement[] }

function method(kind: SmallKind, verb: 'list' | 'get' | 'create' | 'change'): MethodName {
  return `${kind}.${verb}` as MethodName
}

/** share "0.35" → "35%" */
function pct(v: unknown): string {
  if (v === null || v === undefined || v === '') return ''
  const s = String(v)
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s)
  if (!m) return s
  const frac = (m[2] ?? '').padEnd(2, '0')
  const whole = String(Number(m[1]) * 100 + Number(frac.slice(0, 2)))
  const rest = frac.slice(2).replace(/0+$/, '')
  return `${whole}${rest ? `.${rest}` : ''}%`
}

function show(f: FieldSpec, v: unknown): ReactNode {
  if (v === null || v === undefined || v === '') return f.kind === 'amount' ? <Num v="0" /> : ''
  if (f.kind === 'amount') return <Num v={String(v)} />
  if (f.kind === 'enum') return f.options?.[String(v)] ?? String(v)
  if (f.kind === 'share') return pct(v)
  return String(v)
}

export function SmallRegisterPage(props: { kind: SmallKind }) {
  return <WithVillage>{(v) => <SmallRegister key={`${v.id}-${props.kind}`} village={v} kind={props.kind} />}</WithVillage>
}

function SmallRegister(props: { village: Village; kind: SmallKind }) {
  const { village, kind } = props
  const spec = SMALL_KINDS[kind]
  const session = useSession()
  const [asOf, setAsOf] = useState<string | undefined>()
  const [includeEnded, setIncludeEnded] = useState(false)
  const [search, setSearch] = useState('')
  const reg = useRegisterState()
  const q = useQuery(method(kind, 'list'), { villageId: village.id, asOf, includeEnded } as never)
  const list = q.data as SmallRegisterList<Item> | undefined
  const rows = useMemo(() => {
    const s = search.trim()
    return (list?.rows ?? []).filter((r) => s === '' || r.code.includes(s) || r.name.includes(s) || Object.values(r).some((v) => typeof v === 'string' && v.includes(s)))
  }, [list, search])
  const ended = spec.endedOn
  const columns: TableColumnsType<Item> = [
    { title: '编号', dataIndex: 'code', width: 100, fixed: 'left', render: (c: string) => <span className="sanzi-mono">{c}</span> },
    ...spec.fields
      .filter((f) => f.column)
      .map((f) => ({
        title: f.label,
        key: f.name,
        width: f.width ?? 120,
        ellipsis: f.kind === 'text',
        align: f.kind === 'amount' || f.kind === 'quantity' || f.kind === 'share' ? ('right' as const) : undefined,
        render: (_: unknown, r: Item) => show(f, r[f.name]),
      })),
    ...(kind === 'bioAsset' ? [{ title: '账面价值', key: 'netValue', width: 130, align: 'right' as const, render: (_: unknown, r: Item) => <Num v={String(r.netValue)} /> }] : []),
    { title: '科目', dataIndex: 'accountCode', width: 90 },
    ...(ended ? [{ title: '状态', key: 'ended', width: 130, render: (_: unknown, r: Item) => (r[ended.name] ? <Tag>{`${ended.label.replace('日期', '')} ${String(r[ended.name])}`}</Tag> : <Tag color="green">在册</Tag>) }] : []),
  ]
  const width = columns.reduce((s, c) => s + Number(c.width ?? 100), 0)
  return (
    <>
      <RegisterTitle title={spec.title} onReload={q.reload} createLabel={`登记${spec.noun}`} onCreate={session.can(method(kind, 'create')) ? () => reg.setCreating(true) : undefined} />
      <RegisterFilters searchLabel={`搜索${spec.title}`} placeholder="编号、名称或其他文字" searchWidth={240} onSearch={setSearch} error={q.error}>
        <AsOfPicker value={asOf} onChange={setAsOf} />
        {ended ? (
          <Checkbox checked={includeEnded} onChange={(e) => setIncludeEnded(e.target.checked)}>
            含已{kind === 'investment' ? '收回' : '减少'}
          </Checkbox>
        ) : null}
      </RegisterFilters>
      <RegisterTotals testId="small-totals" size={40} wrap={false}>
        <Statistic title="项目" value={list?.rows.length ?? 0} suffix="项" />
        <Statistic title={spec.valueLabel} value={fmtYuan(list?.total)} />
        {list ? <span style={{ color: '#6b7280' }}>截至 {list.asOf}</span> : null}
      </RegisterTotals>
      <RegisterTable<Item>
        loading={q.loading}
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: width }}
        onOpen={reg.setOpenId}
        testId="small-table"
      />
      {reg.openId !== null ? <SmallDrawer village={village} kind={kind} id={reg.openId} asOf={asOf} onClose={reg.closeDrawer} onChanged={q.reload} /> : null}
      {reg.creating ? <SmallCreateModal village={village} kind={kind} onClose={reg.created(q.reload)} /> : null}
    </>
  )
}

function SmallDrawer(props: { village: Village; kind: SmallKind; id: number; asOf?: string; onClose: () => void; onChanged: () => void }) {
  const { village, kind } = props
  const spec = SMALL_KINDS[kind]
  const session = useSession()
  const q = useQuery(method(kind, 'get'), { villageId: village.id, itemId: props.id, asOf: props.asOf } as never)
  const item = q.data as SmallRegisterItem<Item> | undefined
  const { action: changing, setAction: setChanging, done } = useDrawerAction<'change'>(q.reload, props.onChanged)
  const isEnded = !!(item && spec.endedOn && item[spec.endedOn.name])
  const editable = spec.fields.filter((f) => f.only === undefined)
  return (
    <RegisterDrawer
      size={720}
      title={item ? `${item.code} ${item.name}` : spec.title}
      onClose={props.onClose}
      testId="small-drawer"
      error={q.error}
      extra={item && !isEnded && !props.asOf && session.can(method(kind, 'change')) ? <Button onClick={() => setChanging('change')}>变动</Button> : null}
    >
      {item ? (
        <Tabs
          items={[
            {
              key: 'info',
              label: spec.title,
              children: (
                <Descriptions
                  size="small"
                  bordered
                  column={2}
                  items={[
                    ...spec.fields.map((f) => ({ key: f.name, label: f.label, span: f.span === 24 ? 2 : 1, children: show(f, item[f.name]) || '—' })),
                    ...(kind === 'bioAsset' ? [{ key: 'net', label: '账面价值', children: <Num v={String(item.netValue)} strong /> }] : []),
                    { key: 'acct', label: '科目', children: item.accountCode },
                    ...(spec.endedOn ? [{ key: 'end', label: spec.endedOn.label, children: String(item[spec.endedOn.name] ?? '—') }] : []),
                  ]}
                />
              ),
            },
            historyTab(item.movements),
          ]}
        />
      ) : null}
      {item && changing ? (
        <DatedChangeModal
          title={`${spec.title}变动：${item.code} ${item.name}`}
          testId="small-change-form"
          width={760}
          fields={[...editable.map((f) => f.name), ...(spec.endedOn ? [spec.endedOn.name] : [])]}
          initialValues={Object.fromEntries(editable.map((f) => [f.name, item[f.name] ?? undefined]))}
          onSubmit={async (v) => {
            const changes = changedFields(v, item, editable.map((f) => f.name))
            if (spec.endedOn && v[spec.endedOn.name]) changes[spec.endedOn.name] = (v[spec.endedOn.name] as Dayjs).format('YYYY-MM-DD')
            await call(method(kind, 'change'), { villageId: village.id, itemId: item.id, date: v.date, reason: v.reason, changes } as never)
          }}
          onClose={done}
        >
          <Row gutter={12}>
            {editable.map((f) => (
              <FieldInput key={f.name} field={f} />
            ))}
            {spec.endedOn ? (
              <Col span={12}>
                <Form.Item name={spec.endedOn.name} label={spec.endedOn.label} extra={`填写后该${spec.noun}从台账减少`}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </DatedChangeModal>
      ) : null}
    </RegisterDrawer>
  )
}

function FieldInput(props: { field: FieldSpec }) {
  const f = props.field
  const rules = f.required ? [{ required: true, message: `请填写${f.label}` }] : undefined
  let input: ReactNode
  if (f.kind === 'enum') input = <Select options={Object.entries(f.options ?? {}).map(([value, label]) => ({ value, label }))} />
  else if (f.kind === 'date') input = <DatePicker style={{ width: '100%' }} />
  else if (f.kind === 'share') input = <Input inputMode="decimal" placeholder="如 0.35（35%）" />
  else if (f.kind === 'amount' || f.kind === 'quantity') input = <Input inputMode="decimal" />
  else input = f.span === 24 ? <Input.TextArea rows={2} maxLength={500} /> : <Input maxLength={100} />
  return (
    <Col span={f.span ?? 8}>
      <Form.Item name={f.name} label={f.kind === 'amount' ? `${f.label}（元）` : f.label} rules={rules}>
        {input}
      </Form.Item>
    </Col>
  )
}

function SmallCreateModal(props: { village: Village; kind: SmallKind; onClose: (createdId: number | null) => void }) {
  const { village, kind } = props
  const spec = SMALL_KINDS[kind]
  const [form] = Form.useForm()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const leaves = useLeafOptions(village.id, spec.roots)
  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>
    const input: Record<string, unknown> = { villageId: village.id }
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined || value === '') continue
      input[k] = dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : value
    }
    setBusy(true)
    setError(null)
    try {
      const r = (await call(method(kind, 'create'), input as never)) as { id: number }
      props.onClose(r.id)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['code', 'accountId', ...spec.fields.map((f) => f.name)]))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title={`登记${spec.title}`} width={760} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => props.onClose(null)} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" size="small" initialValues={{ ...DEFAULTS[kind], [spec.createdOn]: dayjs() }} data-testid="small-form">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="code" label="编号" rules={[{ required: true, message: '请填写编号' }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          {spec.fields.map((f) => (
            <FieldInput key={f.name} field={f} />
          ))}
          <Col span={16}>
            <Form.Item name="accountId" label="科目" extra="留空：按类别自动选择">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={leaves} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  )
}
