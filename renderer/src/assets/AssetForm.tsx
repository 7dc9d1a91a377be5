import { useMemo, useState } from 'react'
import { Alert, AutoComplete, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import type { MethodInput } from '../../../shared/api/contract'
import type { AssetCard } from '../../../shared/api/registerTypes'
import type { Village } from '../../../shared/api/types'
import {
  ACQUISITION_MODES,
  ASSET_CATEGORIES,
  ASSET_NATURE_LABELS,
  ASSET_NATURES,
  ASSET_STATUS_LABELS,
  ASSET_STATUSES,
  DEPRECIATION_METHOD_LABELS,
  DEPRECIATION_METHODS,
  DISPOSAL_MODES,
  FUND_SOURCES,
} from '../../../shared/registers/assets'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { useAuxItems, useChart, type ChartAccount } from '../ledger/chart'
import { FieldCol, TextCol } from '../registers/formFields'

/** Leaf accounts under the given roots, for a card's account pickers. */
export function useLeafOptions(villageId: number, roots: readonly string[]) {
  const chart = useChart(villageId)
  return useMemo(
    () =>
      chart.accounts
        .filter((a: ChartAccount) => a.isLeaf && a.status === 'active' && roots.some((r) => a.code.startsWith(r)))
        .map((a) => ({ value: a.id, label: `${a.code} ${a.path}`, auxKind: a.auxKind })),
    [chart.accounts, roots],
  )
}

const ASSET_ROOTS = ['151']
const ACC_ROOTS = ['152']
const EXPENSE_ROOTS = ['401', '511', '513', '514', '515', '502', '541', '551']
const CREDIT_ROOTS = ['101', '102', '153', '211', '221', '241', '301', '311', '503', '504']

interface FormValues {
  entry: 'register' | 'acquire'
  code: string
  name: string
  category: string
  nature: (typeof ASSET_NATURES)[number]
  spec?: string
  unit?: string
  quantity: string
  location?: string
  custodian?: string
  acquisitionMode: (typeof ACQUISITION_MODES)[number]
  fundSource: (typeof FUND_SOURCES)[number]
  acquiredOn: Dayjs
  originalValue: string
  usefulLifeMonths: number
  salvageRate: string
  method: (typeof DEPRECIATION_METHODS)[number]
  status: (typeof ASSET_STATUSES)[number]
  certificateNo?: string
  buildingArea?: string
  landArea?: string
  assetAccountId?: number
  accumulatedAccountId?: number
  expenseAccountId?: number
  openingAccumulated?: string
  creditAccountId?: number
  creditAuxItemId?: number
  note?: string
}

const FIELDS = [
  'code', 'name', 'category', 'nature', 'quantity', 'acquiredOn', 'originalValue', 'usefulLifeMonths', 'salvageRate', 'method', 'status',
  'assetAccountId', 'accumulatedAccountId', 'expenseAccountId', 'openingAccumulated', 'creditAccountId', 'creditAuxItemId', 'accounts',
]

/** 新增卡片: 建卡登记 of an asset already in the books, or 新增 with a draft voucher. */
export function AssetFormModal(props: { village: Village; onClose: (createdId: number | null) => void }) {
  const { village } = props
  const [form] = Form.useForm<FormValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const entry = Form.useWatch('entry', form) ?? 'acquire'
  const creditAccountId = Form.useWatch('creditAccountId', form)
  const assetOptions = useLeafOptions(village.id, ASSET_ROOTS)
  const accOptions = useLeafOptions(village.id, ACC_ROOTS)
  const expenseOptions = useLeafOptions(village.id, EXPENSE_ROOTS)
  const creditOptions = useLeafOptions(village.id, CREDIT_ROOTS)
  const aux = useAuxItems(village.id)
  const creditAux = creditOptions.find((o) => o.value === creditAccountId)?.auxKind ?? null

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    const common = {
      villageId: village.id,
      code: v.code,
      name: v.name,
      category: v.category,
      nature: v.nature,
      spec: v.spec ?? null,
      unit: v.unit ?? null,
      quantity: v.quantity,
      location: v.location ?? null,
      custodian: v.custodian ?? null,
      acquisitionMode: v.acquisitionMode,
      fundSource: v.fundSource,
      acquiredOn: v.acquiredOn.format('YYYY-MM-DD'),
      originalValue: v.originalValue,
      usefulLifeMonths: v.usefulLifeMonths,
      salvageRate: v.salvageRate,
      method: v.method,
      status: v.status,
      certificateNo: v.certificateNo ?? null,
      buildingArea: v.buildingArea ?? null,
      landArea: v.landArea ?? null,
      assetAccountId: v.assetAccountId,
      accumulatedAccountId: v.accumulatedAccountId,
      expenseAccountId: v.expenseAccountId,
      note: v.note ?? null,
    }
    const input: MethodInput<'asset.create'> =
      v.entry === 'register'
        ? { ...common, entry: 'register', openingAccumulated: v.openingAccumulated ?? '0' }
        : { ...common, entry: 'acquire', creditAccountId: v.creditAccountId as number, creditAuxItemId: v.creditAuxItemId ?? null }
    try {
      const r = await call('asset.create', input)
      props.onClose(r.asset.id)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), FIELDS))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal open title="新增固定资产卡片" width={900} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => props.onClose(null)} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ entry: 'acquire', nature: 'operating', quantity: '1', acquisitionMode: '购置', fundSource: '集体自筹', salvageRate: '0.05', method: 'straightLine', status: 'inUse', acquiredOn: dayjs() }}
        data-testid="asset-form"
      >
        <Form.Item name="entry" label="入账方式">
          <Radio.Group
            options={[
              { value: 'acquire', label: '新增（生成记账凭证草稿：借 固定资产，贷 对方科目）' },
              { value: 'register', label: '建卡登记（资产已在账上，只建卡片，不生成凭证）' },
            ]}
          />
        </Form.Item>
        <Row gutter={12}>
          <TextCol span={6} name="code" label="资产编码" max={30} required="请填写资产编码" />
          <TextCol span={10} name="name" label="名称" max={60} required="请填写名称" />
          <FieldCol span={8} name="category" label="类别" required="请选择或填写类别">
            <AutoComplete options={ASSET_CATEGORIES.map((c) => ({ value: c }))} />
          </FieldCol>
          <FieldCol span={6} name="nature" label="资产性质">
            <Select options={ASSET_NATURES.map((n) => ({ value: n, label: ASSET_NATURE_LABELS[n] }))} />
          </FieldCol>
          <TextCol span={6} name="spec" label="规格型号" max={100} />
          <FieldCol span={4} name="quantity" label="数量" required="请填写数量">
            <Input />
          </FieldCol>
          <TextCol span={3} name="unit" label="单位" max={10} />
          <FieldCol span={5} name="status" label="使用状况">
            <Select options={ASSET_STATUSES.map((s) => ({ value: s, label: ASSET_STATUS_LABELS[s] }))} />
          </FieldCol>
          <TextCol span={12} name="location" label="坐落/存放地点" max={100} />
          <TextCol span={6} name="custodian" label="管护人" max={30} />
          <TextCol span={6} name="certificateNo" label="产权证号" max={60} />
          <FieldCol span={6} name="acquisitionMode" label="取得方式">
            <Select options={ACQUISITION_MODES.map((m) => ({ value: m, label: m }))} />
          </FieldCol>
          <FieldCol span={6} name="fundSource" label="资金来源">
            <Select options={FUND_SOURCES.map((m) => ({ value: m, label: m }))} />
          </FieldCol>
          <FieldCol span={6} name="acquiredOn" label="取得日期" required="请选择取得日期">
            <DatePicker style={{ width: '100%' }} />
          </FieldCol>
          <FieldCol span={6} name="originalValue" label="原值（元）" required="请填写原值">
            <Input inputMode="decimal" />
          </FieldCol>
          <FieldCol span={6} name="method" label="折旧方法">
            <Select options={DEPRECIATION_METHODS.map((m) => ({ value: m, label: DEPRECIATION_METHOD_LABELS[m] }))} />
          </FieldCol>
          <FieldCol span={6} name="usefulLifeMonths" label="预计使用年限(月)" required="请填写使用年限">
            <InputNumber min={0} max={1200} precision={0} style={{ width: '100%' }} />
          </FieldCol>
          <FieldCol span={6} name="salvageRate" label="净残值率">
            <Input placeholder="0.05 或 5%" />
          </FieldCol>
          {entry === 'register' ? (
            <FieldCol span={6} name="openingAccumulated" label="已提累计折旧（元）">
              <Input inputMode="decimal" placeholder="0.00" />
            </FieldCol>
          ) : null}
          <FieldCol span={8} name="assetAccountId" label="固定资产科目" extra="留空：按资产性质自动选择">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={assetOptions} />
          </FieldCol>
          <FieldCol span={8} name="accumulatedAccountId" label="累计折旧科目" extra="留空：按资产性质自动选择">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={accOptions} />
          </FieldCol>
          <FieldCol span={8} name="expenseAccountId" label="折旧费用科目" extra="经营性→经营支出，非经营性→管理费用，公益性→公益支出">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={expenseOptions} />
          </FieldCol>
          {entry === 'acquire' ? (
            <>
              <FieldCol span={12} name="creditAccountId" label="对方科目（贷方）" required="请选择对方科目">
                <Select showSearch={{ optionFilterProp: 'label' }} options={creditOptions} />
              </FieldCol>
              {creditAux ? (
                <FieldCol span={12} name="creditAuxItemId" label="对方辅助核算" required="该科目需要辅助核算项目">
                  <Select showSearch={{ optionFilterProp: 'label' }} options={aux.items.filter((i) => i.kind === creditAux && i.status === 'active').map((i) => ({ value: i.id, label: i.name }))} />
                </FieldCol>
              ) : null}
            </>
          ) : null}
          <FieldCol span={24} name="note" label="备注">
            <Input.TextArea rows={2} maxLength={500} />
          </FieldCol>
        </Row>
      </Form>
    </Modal>
  )
}

type ActionKind = 'change' | 'revalue' | 'dispose'

/** 变更 / 重估 / 处置 of a card: a dated movement with its reason; 重估 and 处置 draft vouchers. */
export function AssetActionModal(props: { village: Village; card: AssetCard; kind: ActionKind; onClose: (changed: boolean) => void }) {
  const { village, card, kind } = props
  const [form] = Form.useForm()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const expenseOptions = useLeafOptions(village.id, EXPENSE_ROOTS)
  const counterOptions = useLeafOptions(village.id, ['311', '181', '301', '504', '515'])
  const titles: Record<ActionKind, string> = { change: '卡片变更', revalue: '资产重估', dispose: '资产处置' }

  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>
    const date = (v.date as Dayjs).format('YYYY-MM-DD')
    setBusy(true)
    setError(null)
    try {
      if (kind === 'change') {
        const changes: Record<string, unknown> = {}
        for (const k of ['name', 'location', 'custodian', 'status', 'expenseAccountId', 'usefulLifeMonths', 'certificateNo']) {
          const value = v[k]
          const before = (card as unknown as Record<string, unknown>)[k]
          if (value !== undefined && value !== before) changes[k] = value
        }
        await call('asset.change', { villageId: village.id, assetId: card.id, date, reason: String(v.reason), changes })
      } else if (kind === 'revalue') {
        await call('asset.revalue', { villageId: village.id, assetId: card.id, date, reason: String(v.reason), originalValue: String(v.originalValue), counterAccountId: Number(v.counterAccountId) })
      } else {
        await call('asset.dispose', { villageId: village.id, assetId: card.id, date, reason: String(v.reason), mode: v.mode as (typeof DISPOSAL_MODES)[number] })
      }
      props.onClose(true)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['date', 'reason', 'originalValue', 'counterAccountId', 'mode', 'changes.name', 'changes.location']))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal open title={`${titles[kind]}：${card.code} ${card.name}`} okText="确定" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => props.onClose(false)} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        size="small"
        data-testid={`asset-${kind}-form`}
        initialValues={{ date: dayjs(), name: card.name, location: card.location, custodian: card.custodian, status: card.status, expenseAccountId: card.expenseAccountId, usefulLifeMonths: card.usefulLifeMonths, certificateNo: card.certificateNo, originalValue: card.originalValue, mode: '报废' }}
      >
        <Form.Item name="date" label="变动日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {kind === 'change' ? (
          <>
            <Form.Item name="name" label="名称">
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="location" label="坐落/存放地点">
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="custodian" label="管护人">
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="status" label="使用状况">
              <Select options={ASSET_STATUSES.map((s) => ({ value: s, label: ASSET_STATUS_LABELS[s] }))} />
            </Form.Item>
            <Form.Item name="expenseAccountId" label="折旧费用科目">
              <Select showSearch={{ optionFilterProp: 'label' }} options={expenseOptions} />
            </Form.Item>
            <Form.Item name="usefulLifeMonths" label="预计使用年限(月)">
              <InputNumber min={0} max={1200} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="certificateNo" label="产权证号">
              <Input maxLength={60} />
            </Form.Item>
          </>
        ) : null}
        {kind === 'revalue' ? (
          <>
            <Form.Item name="originalValue" label="重估后原值（元）" rules={[{ required: true, message: '请填写重估后原值' }]}>
              <Input inputMode="decimal" />
            </Form.Item>
            <Form.Item name="counterAccountId" label="对方科目" rules={[{ required: true, message: '请选择对方科目' }]} extra="评估增值一般计入公积公益金">
              <Select showSearch={{ optionFilterProp: 'label' }} options={counterOptions} />
            </Form.Item>
          </>
        ) : null}
        {kind === 'dispose' ? (
          <Form.Item name="mode" label="处置方式">
            <Select options={DISPOSAL_MODES.map((m) => ({ value: m, label: m }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label="原因 / 依据" rules={[{ required: true, message: '请填写原因' }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder="如：村民代表会议决议、验收单号" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
