import { useMemo, useState } from 'react'
import { Button, Checkbox, Col, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { CheckOutlined, PlusOutlined } from '@ant-design/icons'
import { ITEM_CONDITION_LABELS, ITEM_CONDITIONS, SNAPSHOT_ITEM_KINDS, SNAPSHOT_KIND_LABELS, type ItemCondition, type SnapshotItemKind, type SnapshotKind, type SnapshotRow, type SurplusRow } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { Num } from '../registers/parts'
import { ErrorAlert, refOf, useRunner, type PanelProps } from './common'

export const qtyText = (q: string | null, unit: string | null) => (q === null ? '' : `${q}${unit ? ` ${unit}` : ''}`)

/** the items whose physical state is recorded when found (完好/损坏/闲置): things and land, not contracts or accounts */
const HAS_CONDITION: ReadonlySet<SnapshotKind> = new Set(['asset', 'parcel', 'inventory', 'bioAsset'])

const CONDITION_COLORS: Record<ItemCondition, string> = { good: 'success', damaged: 'warning', idle: 'default' }

type Mark = { snapshotId: number; result: 'found' | 'missing'; condition?: ItemCondition | null; note?: string | null }

/**
 * 登记: every register item of the snapshot marked 在 or 不在 (a radio per row, keyboard friendly: Tab to it, arrows
 * to choose), the 状况 of an item found (完好/损坏/闲置, radios the same way), 「全部标为在」 for the selected or filtered
 * rows, and 盘盈 items with their evidence.
 */
export function RegistrationPanel(props: PanelProps) {
  const c = props.detail
  const [kind, setKind] = useState<SnapshotItemKind | undefined>()
  const [search, setSearch] = useState('')
  const [openOnly, setOpenOnly] = useState(false)
  const [selected, setSelected] = useState<number[]>([])
  const [surplusOpen, setSurplusOpen] = useState(false)
  const runner = useRunner(props.onChanged)
  const items = useMemo(() => c.rows.filter((r) => r.kind !== 'account'), [c.rows])
  const shown = useMemo(() => {
    const s = search.trim()
    return items.filter((r) => (!kind || r.kind === kind) && (!openOnly || r.check === null) && (!s || r.label.includes(s) || r.code.includes(s)))
  }, [items, kind, search, openOnly])
  const p = c.progress
  const mark = (marks: Mark[], what: string) => runner.run('mark', () => call('campaign.mark', { ...refOf(c), marks }), () => what)
  const markAll = async () => {
    // without a selection: the filtered rows not marked yet (a row marked 不在 stays so)
    const ids = selected.length ? selected : shown.filter((r) => r.check === null).map((r) => r.id)
    if (!ids.length) return
    const byId = new Map(items.map((r) => [r.id, r]))
    const r = await mark(
      // a row already found keeps its 状况 and note
      ids.map((id) => {
        const check = byId.get(id)?.check
        return check?.result === 'found' ? { snapshotId: id, result: 'found' as const, condition: check.condition, note: check.note } : { snapshotId: id, result: 'found' as const }
      }),
      `已将 ${ids.length} 项标为“在”`,
    )
    if (r) setSelected([])
  }
  const columns: TableColumnsType<SnapshotRow> = [
    { title: '类别', dataIndex: 'kind', width: 96, render: (k: SnapshotRow['kind']) => SNAPSHOT_KIND_LABELS[k] },
    { title: '编码', dataIndex: 'code', width: 170 },
    { title: '名称', dataIndex: 'label', ellipsis: true },
    { title: '账面数（元）', dataIndex: 'amount', width: 140, align: 'right', render: (v: string | null) => <Num v={v} /> },
    { title: '数量/面积', key: 'qty', width: 120, align: 'right', render: (_, r) => qtyText(r.quantity, r.unit) },
    {
      title: '登记',
      key: 'check',
      width: 150,
      render: (_, r) => (
        <Radio.Group
          size="small"
          optionType="button"
          buttonStyle="solid"
          disabled={!props.editable || runner.busy !== null}
          value={r.check?.result ?? null}
          aria-label={`${r.code} ${r.label} 登记结果`}
          // the radio itself shows the mark: no message for each row
          onChange={(e) => void mark([{ snapshotId: r.id, result: e.target.value as 'found' | 'missing', note: r.check?.note ?? null }], '')}
          options={[
            { value: 'found', label: '在' },
            { value: 'missing', label: '不在' },
          ]}
        />
      ),
    },
    {
      title: '状况',
      key: 'condition',
      width: 176,
      render: (_, r) => {
        if (r.check?.result !== 'found') return null
        const condition = r.check.condition
        if (!HAS_CONDITION.has(r.kind) || !props.editable) return condition ? <Tag color={CONDITION_COLORS[condition]}>{ITEM_CONDITION_LABELS[condition]}</Tag> : null
        return (
          <Radio.Group
            size="small"
            optionType="button"
            buttonStyle="solid"
            disabled={runner.busy !== null}
            value={condition}
            aria-label={`${r.code} ${r.label} 状况`}
            onChange={(e) => void mark([{ snapshotId: r.id, result: 'found', condition: e.target.value as ItemCondition, note: r.check?.note ?? null }], '')}
            options={ITEM_CONDITIONS.map((k) => ({ value: k, label: ITEM_CONDITION_LABELS[k] }))}
          />
        )
      },
    },
  ]
  return (
    <div>
      <Space size={36} wrap style={{ display: 'flex', marginBottom: 12 }} data-testid="registration-progress">
        <Statistic title="台账项目" value={p.items} />
        <Statistic title="在" value={p.found} valueStyle={{ color: '#389e0d' }} />
        <Statistic title="其中损坏" value={p.damaged} valueStyle={p.damaged ? { color: '#d46b08' } : undefined} />
        <Statistic title="不在" value={p.missing} valueStyle={p.missing ? { color: '#cf1322' } : undefined} />
        <Statistic title="未登记" value={p.unmarked} valueStyle={p.unmarked ? { color: '#d48806' } : undefined} />
        <Statistic title="盘盈" value={p.surplus} />
      </Space>
      <ErrorAlert error={runner.error} onClose={() => runner.setError(null)} />
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Input.Search aria-label="搜索台账项目" placeholder="编码或名称" allowClear style={{ width: 220 }} onSearch={setSearch} />
        <Select aria-label="项目类别" placeholder="全部类别" allowClear style={{ width: 140 }} value={kind} onChange={(v: SnapshotItemKind | undefined) => setKind(v)} options={SNAPSHOT_ITEM_KINDS.map((k) => ({ value: k, label: SNAPSHOT_KIND_LABELS[k] }))} />
        <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)}>
          只看未登记
        </Checkbox>
        {props.editable ? (
          <>
            <Button icon={<CheckOutlined />} loading={runner.busy === 'mark'} onClick={() => void markAll()} data-testid="mark-all-found">
              {selected.length ? `所选 ${selected.length} 项标为在` : '全部标为在'}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setSurplusOpen(true)}>
              登记盘盈
            </Button>
          </>
        ) : null}
      </Space>
      <Table<SnapshotRow>
        size="small"
        bordered
        rowKey="id"
        dataSource={shown}
        columns={columns}
        pagination={shown.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        rowSelection={props.editable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) } : undefined}
        locale={{ emptyText: c.snapshot ? '没有符合条件的台账项目' : '尚未冻结账面数' }}
        data-testid="registration-table"
      />
      {c.surplus.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            盘盈项目
          </Typography.Title>
          <Table<SurplusRow>
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            dataSource={c.surplus}
            data-testid="surplus-table"
            columns={[
              { title: '类别', dataIndex: 'kind', width: 96, render: (k: SurplusRow['kind']) => SNAPSHOT_KIND_LABELS[k] },
              { title: '名称', dataIndex: 'label' },
              { title: '估计金额（元）', dataIndex: 'amount', width: 140, align: 'right', render: (v: string | null) => <Num v={v} /> },
              { title: '数量', key: 'qty', width: 100, align: 'right', render: (_, r) => qtyText(r.quantity, r.unit) },
              { title: '盘盈依据', dataIndex: 'evidence' },
              { title: '登记人', dataIndex: 'markedBy', width: 90, render: (v: string) => <Tag>{v}</Tag> },
            ]}
          />
        </>
      ) : null}
      {surplusOpen ? (
        <SurplusModal
          detail={c}
          onClose={(done) => {
            setSurplusOpen(false)
            if (done) props.onChanged()
          }}
        />
      ) : null}
    </div>
  )
}

interface SurplusValues {
  kind: SnapshotItemKind
  label: string
  amount: string
  quantity?: string
  unit?: string
  evidence: string
}

/** 登记盘盈: an item found but not in the books, with its estimated amount and evidence. */
function SurplusModal(props: { detail: PanelProps['detail']; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm<SurplusValues>()
  const runner = useRunner(() => props.onClose(true))
  const submit = async () => {
    const v = await form.validateFields()
    await runner.run(
      'surplus',
      () =>
        call('campaign.mark', {
          ...refOf(props.detail),
          surplus: [{ kind: v.kind, label: v.label.trim(), amount: v.amount.trim(), quantity: v.quantity?.trim() || null, unit: v.unit?.trim() || null, evidence: v.evidence.trim() }],
        }),
      () => `已登记盘盈「${v.label.trim()}」`,
    )
  }
  return (
    <Modal open title="登记盘盈" width={640} okText="保存" cancelText="取消" confirmLoading={runner.busy !== null} onOk={() => void submit()} onCancel={() => props.onClose(false)} destroyOnHidden>
      <ErrorAlert error={runner.error} />
      <Form form={form} layout="vertical" size="small" initialValues={{ kind: 'asset' }} data-testid="surplus-form">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
              <Select options={SNAPSHOT_ITEM_KINDS.map((k) => ({ value: k, label: SNAPSHOT_KIND_LABELS[k] }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="label" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="amount" label="估计金额（元）" rules={[{ required: true, whitespace: true, message: '请填写估计金额' }]}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="quantity" label="数量/面积">
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="unit" label="计量单位">
              <Input maxLength={10} placeholder="台、亩…" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="evidence" label="盘盈依据" rules={[{ required: true, whitespace: true, message: '请填写盘盈依据' }]}>
              <Input.TextArea rows={2} maxLength={500} placeholder="如：泵站仓库实地盘点，村民小组长确认" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  )
}
