import { useState, type ReactNode } from 'react'
import { Alert, DatePicker, Form, Input, Modal, Tag } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { AREA_SCALE, parseArea } from '../../../shared/registers/parcels'
import { toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { fmtYuan } from '../ledger/money'

/** Shared pieces of the register pages (资金, 资源, 合同, 预警, 概览). */

/** An amount cell: right-aligned digits; zero blank when asked. */
export function Num(props: { v: string | null | undefined; blankZero?: boolean; strong?: boolean; danger?: boolean }) {
  const text = props.v === null || props.v === undefined ? '' : fmtYuan(props.v, props.blankZero)
  const style = props.danger ? { color: '#cf1322' } : undefined
  return <span className="sanzi-num" style={style}>{props.strong ? <b>{text}</b> : text}</span>
}

/** area text of the API ("193.1521", "2.2") → ten-thousandths of a 亩; 0 for anything else */
export function areaUnits(text: string | null | undefined): number {
  if (!text) return 0
  const r = parseArea(text)
  return r.ok ? r.value : 0
}

/** ten-thousandths of a 亩 → "1,193.1520" (always 4 decimals, as the 台账 prints areas) */
export function fmtAreaUnits(units: number): string {
  const whole = Math.floor(units / AREA_SCALE)
  const frac = String(units % AREA_SCALE).padStart(4, '0')
  return `${whole.toLocaleString('en-US')}.${frac}`
}

export function fmtArea(text: string | null | undefined): string {
  return text ? fmtAreaUnits(areaUnits(text)) : ''
}

export const today = () => dayjs().format('YYYY-MM-DD')

/** 截止日期 of a register page: empty = today's state; a past date shows each item as it was. */
export function AsOfPicker(props: { value: string | undefined; onChange: (v: string | undefined) => void; label?: string; allowClear?: boolean }) {
  const label = props.label ?? '截止日期'
  return (
    <DatePicker
      aria-label={label}
      placeholder={`${label}（默认今天）`}
      allowClear={props.allowClear ?? true}
      value={props.value ? dayjs(props.value) : null}
      onChange={(d) => props.onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      style={{ width: 190 }}
    />
  )
}

export function EndedTag(props: { on: string | null; label: string }) {
  return props.on ? <Tag>{`${props.label} ${props.on}`}</Tag> : null
}

export interface DatedValues {
  date: string
  reason: string
  [field: string]: unknown
}

/**
 * A dated movement of a register item (变更, 销户, 核销 …): the date, the fields to change and the reason. The engine
 * refuses a date before the item's latest movement or in a closed month; its field issues land under the fields.
 */
export function DatedChangeModal(props: {
  title: string
  dateLabel?: string
  okText?: string
  danger?: boolean
  initialValues?: Record<string, unknown>
  /** form paths the engine's issues may name (besides date and reason) */
  fields?: readonly string[]
  children?: ReactNode
  testId?: string
  width?: number
  onSubmit: (values: DatedValues) => Promise<void>
  onClose: (changed: boolean) => void
}) {
  const [form] = Form.useForm()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>
    setBusy(true)
    setError(null)
    try {
      await props.onSubmit({ ...v, date: (v.date as Dayjs).format('YYYY-MM-DD'), reason: String(v.reason ?? '') })
      props.onClose(true)
    } catch (e) {
      const fields = ['date', 'reason', ...(props.fields ?? [])]
      setError(applyFieldErrors(form, toApiError(e), fields, Object.fromEntries((props.fields ?? []).map((f) => [`changes.${f}`, f]))))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open
      title={props.title}
      width={props.width}
      okText={props.okText ?? '确定'}
      cancelText="取消"
      okButtonProps={{ danger: props.danger }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => props.onClose(false)}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" size="small" initialValues={{ date: dayjs(), ...props.initialValues }} data-testid={props.testId}>
        <Form.Item name="date" label={props.dateLabel ?? '变动日期'} rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {props.children}
        <Form.Item name="reason" label="原因 / 依据" rules={[{ required: true, message: '请填写原因' }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder="如：村民代表会议决议、变更协议" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** Only the fields whose value differs from the item's (text fields emptied become null). */
export function changedFields<T extends object>(values: Record<string, unknown>, item: T, keys: readonly (keyof T & string)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of keys) {
    let v = values[k]
    if (v === undefined) continue
    if (typeof v === 'string' && v.trim() === '') v = null
    const before = (item as Record<string, unknown>)[k] ?? null
    if (v !== before) out[k] = v
  }
  return out
}
