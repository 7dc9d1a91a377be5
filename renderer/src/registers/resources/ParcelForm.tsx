import { useState } from 'react'
import { Alert, AutoComplete, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import type { ParcelDetail } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { LAND_CLASSES, OWNERSHIP_LABELS, OWNERSHIPS, USE_STATUS_LABELS, USE_STATUSES, type Ownership, type UseStatus } from '../../../../shared/registers/parcels'
import { call, toApiError } from '../../api/client'
import { applyFieldErrors } from '../../api/formErrors'
import { DatedChangeModal } from '../parts'
import { FieldCol, TextCol } from '../formFields'

export const USE_STATUS_COLORS: Record<UseStatus, string> = { selfRun: 'green', contracted: 'geekblue', leased: 'blue', idle: 'orange', household: 'cyan', other: 'default' }

const TEXT_FIELDS = ['location', 'east', 'south', 'west', 'north', 'parcelNo', 'certificateNo', 'ownerName', 'userName', 'note'] as const
type TextField = (typeof TEXT_FIELDS)[number]
const FIELDS = ['code', 'name', 'landClass', 'area', 'ownership', 'useStatus', 'date', ...TEXT_FIELDS]

/** 亩 typed by hand: digits with at most 4 decimals (the engine says the same, this only answers sooner). */
const areaRule = {
  validator: (_: unknown, v: string | undefined) => {
    if (v === undefined || v === '') return Promise.resolve()
    if (!/^\d{1,8}(\.\d{1,4})?$/.test(v.trim())) return Promise.reject(new Error('面积应为数字，最多 4 位小数'))
    if (/^0+(\.0+)?$/.test(v.trim())) return Promise.reject(new Error('面积必须大于 0'))
    return Promise.resolve()
  },
}

/** The fields a parcel is described by, shared by 登记 and 变更. */
function ParcelFields(props: { create: boolean }) {
  return (
    <Row gutter={12}>
      {props.create ? (
        <TextCol span={6} name="code" label="资源编号" max={30} required="请填写资源编号" />
      ) : null}
      <Col span={props.create ? 10 : 12}>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col span={props.create ? 8 : 12}>
        <Form.Item name="landClass" label="地类" rules={[{ required: true, message: '请选择地类' }]} extra="GB/T 21010 地类名称或编码">
          <AutoComplete options={LAND_CLASSES.map((c) => ({ value: c }))} filterOption={(input, o) => String(o?.value ?? '').includes(input)} />
        </Form.Item>
      </Col>
      <Col span={6}>
        <Form.Item name="area" label="面积(亩)" rules={[{ required: true, message: '请填写面积' }, areaRule]}>
          <Input inputMode="decimal" placeholder="如 12.3456" />
        </Form.Item>
      </Col>
      <TextCol span={18} name="location" label="坐落" max={100} />
      {(['east', 'south', 'west', 'north'] as const).map((k) => (
        <Col span={6} key={k}>
          <Form.Item name={k} label={{ east: '东至', south: '南至', west: '西至', north: '北至' }[k]}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
      ))}
      <TextCol span={12} name="parcelNo" label="宗地号" max={40} />
      <TextCol span={12} name="certificateNo" label="权证号" max={60} />
      <FieldCol span={6} name="ownership" label="权属">
        <Select options={OWNERSHIPS.map((o) => ({ value: o, label: OWNERSHIP_LABELS[o] }))} />
      </FieldCol>
      <TextCol span={6} name="ownerName" label="权属单位" max={60} extra="如：杨桥四组" />
      <FieldCol span={6} name="useStatus" label="使用状况">
        <Select options={USE_STATUSES.map((s) => ({ value: s, label: USE_STATUS_LABELS[s] }))} />
      </FieldCol>
      <TextCol span={6} name="userName" label="使用人/承包方" max={100} />
      <FieldCol span={24} name="note" label="备注">
        <Input.TextArea rows={2} maxLength={500} />
      </FieldCol>
    </Row>
  )
}

interface ParcelValues {
  code: string
  name: string
  landClass: string
  area: string
  ownership: Ownership
  useStatus: UseStatus
  date: Dayjs
  [k: string]: unknown
}

const textOrNull = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)

/** 登记资源: a new parcel in the register, with its registration date. */
export function ParcelFormModal(props: { village: Village; onClose: (createdId: number | null) => void }) {
  const { village } = props
  const [form] = Form.useForm<ParcelValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const texts = Object.fromEntries(TEXT_FIELDS.map((k) => [k, textOrNull(v[k])])) as Record<TextField, string | null>
      const r = await call('parcel.create', { villageId: village.id, date: v.date.format('YYYY-MM-DD'), code: v.code, name: v.name, landClass: v.landClass, area: v.area, ownership: v.ownership, useStatus: v.useStatus, ...texts })
      props.onClose(r.id)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), FIELDS))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title="登记资源" width={860} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => props.onClose(null)} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form<ParcelValues> form={form} layout="vertical" size="small" initialValues={{ ownership: 'village', useStatus: 'selfRun', date: dayjs() }} data-testid="parcel-form">
        <Form.Item name="date" label="登记日期" rules={[{ required: true, message: '请选择登记日期' }]} style={{ maxWidth: 200 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <ParcelFields create />
      </Form>
    </Modal>
  )
}

/** 资源变动: the changed fields as one dated movement (an emptied text field is cleared). */
export function ParcelChangeModal(props: { village: Village; parcel: ParcelDetail; onClose: (changed: boolean) => void }) {
  const { village, parcel } = props
  const initial = { name: parcel.name, landClass: parcel.landClass, area: parcel.area, ownership: parcel.ownership, useStatus: parcel.useStatus, ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, parcel[k] ?? ''])) }
  return (
    <DatedChangeModal
      title={`资源变动：${parcel.code} ${parcel.name}`}
      testId="parcel-change-form"
      fields={FIELDS}
      width={860}
      initialValues={initial}
      onSubmit={async (v) => {
        const changes: Record<string, unknown> = {}
        const clear: TextField[] = []
        for (const k of ['name', 'landClass', 'ownership', 'useStatus'] as const) if (v[k] !== parcel[k]) changes[k] = v[k]
        if (String(v.area).trim() !== parcel.area) changes.area = String(v.area).trim()
        for (const k of TEXT_FIELDS) {
          const next = textOrNull(v[k])
          if (next === (parcel[k] ?? null)) continue
          if (next === null) clear.push(k)
          else changes[k] = next
        }
        await call('parcel.change', { villageId: village.id, parcelId: parcel.id, date: v.date, reason: v.reason, changes, clear })
      }}
      onClose={props.onClose}
    >
      <ParcelFields create={false} />
    </DatedChangeModal>
  )
}
