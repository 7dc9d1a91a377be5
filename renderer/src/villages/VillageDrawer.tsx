import { useState } from 'react'
import { Alert, Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Select, Space } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import type { ChartVersion, Village, VillageLevel } from '../../../shared/api/types'
import { checkUscc } from '../../../shared/uscc'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { CHART_LABELS } from '../app/format'
import { useSession } from '../app/session'

interface Values {
  code: string
  name: string
  level: VillageLevel
  parentId?: number | null
  uscc?: string
  chartVersion: ChartVersion
  startPeriod: Dayjs | null
  contactPerson?: string
  contactPhone?: string
  address?: string
}

/** Field paths the engine may name in `details.issues`. */
const FIELDS = ['code', 'name', 'level', 'parentId', 'uscc', 'chartVersion', 'startPeriod', 'contactPerson', 'contactPhone', 'address']

type Editing = { mode: 'create' } | { mode: 'edit'; village: Village } | null

export function VillageDrawer(props: { editing: Editing; onClose: () => void; onSaved: (v: Village, created: boolean) => void }) {
  const { editing } = props
  const title = editing?.mode === 'edit' ? `编辑村：${editing.village.name}` : '新增村'
  return (
    <Drawer title={title} open={editing !== null} onClose={props.onClose} size={600} destroyOnHidden>
      {editing ? (
        <VillageForm
          key={editing.mode === 'edit' ? editing.village.id : 'new'}
          village={editing.mode === 'edit' ? editing.village : null}
          onCancel={props.onClose}
          onSaved={props.onSaved}
        />
      ) : null}
    </Drawer>
  )
}

function initialValues(v: Village | null): Partial<Values> {
  if (!v) return { level: 'village', chartVersion: '2023', startPeriod: dayjs().startOf('year'), parentId: null }
  return {
    code: v.code,
    name: v.name,
    level: v.level,
    parentId: v.parentId,
    uscc: v.uscc ?? '',
    chartVersion: v.chartVersion,
    startPeriod: dayjs(`${v.startPeriod}-01`),
    contactPerson: v.contactPerson ?? '',
    contactPhone: v.contactPhone ?? '',
    address: v.address ?? '',
  }
}

function VillageForm(props: { village: Village | null; onCancel: () => void; onSaved: (v: Village, created: boolean) => void }) {
  const { village } = props
  const { villages } = useSession()
  const [form] = Form.useForm<Values>()
  const level = Form.useWatch('level', form)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // a group's parent is an active village-level organisation other than itself
  const parentOptions = villages.filter((p) => p.level === 'village' && p.id !== village?.id).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))
  if (village?.parentId && !parentOptions.some((o) => o.value === village.parentId)) {
    parentOptions.push({ value: village.parentId, label: `${village.parentName ?? village.parentId}（已停用或不可见）` })
  }

  const submit = async (v: Values) => {
    setBusy(true)
    setError(null)
    const fields = {
      code: v.code,
      name: v.name,
      level: v.level,
      parentId: v.level === 'group' ? (v.parentId ?? null) : null,
      uscc: v.uscc ?? null,
      chartVersion: v.chartVersion,
      startPeriod: v.startPeriod ? v.startPeriod.format('YYYY-MM') : '',
      contactPerson: v.contactPerson ?? null,
      contactPhone: v.contactPhone ?? null,
      address: v.address ?? null,
    }
    try {
      const saved = village ? await call('village.update', { villageId: village.id, ...fields }) : await call('village.create', fields)
      props.onSaved(saved, village === null)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), FIELDS))
      setBusy(false)
    }
  }

  return (
    <Form<Values> form={form} name="village" layout="vertical" initialValues={initialValues(village)} onFinish={submit} disabled={busy}>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="code"
            label="村编码"
            rules={[
              { required: true, whitespace: true, message: '请输入村编码' },
              { max: 20, message: '「村编码」不能超过 20 个字' },
              { pattern: /^\s*[0-9A-Za-z-]+\s*$/, message: '「村编码」只能包含数字、字母和短横线' },
            ]}
            extra="通常为行政区划代码，组级可加 -01"
          >
            <Input autoFocus className="sanzi-mono" maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请输入单位名称' }, { max: 60 }]}>
            <Input maxLength={60} placeholder="例如：杨桥村股份经济合作社" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="level" label="级次" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'village', label: '村级' },
                { value: 'group', label: '组级' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          {level === 'group' ? (
            <Form.Item name="parentId" label="上级村" rules={[{ required: true, message: '组级组织请选择上级村' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={parentOptions}
                placeholder="选择所属的村级组织"
                notFoundContent="没有可选的村级组织"
              />
            </Form.Item>
          ) : (
            <Form.Item label="上级村">
              <Input disabled placeholder="村级组织不设上级村" />
            </Form.Item>
          )}
        </Col>
        <Col span={24}>
          <Form.Item
            name="uscc"
            label="统一社会信用代码"
            normalize={(v: string) => v.toUpperCase()}
            validateTrigger="onBlur"
            rules={[
              {
                validator: async (_r, value: unknown) => {
                  const t = typeof value === 'string' ? value.trim() : ''
                  if (t === '') return
                  const r = checkUscc(t)
                  if (!r.ok) throw new Error(`「统一社会信用代码」${r.reason}`)
                },
              },
            ]}
            extra="18 位，见《农村集体经济组织登记证》；尚未登记的可暂不填写"
          >
            <Input className="sanzi-mono" maxLength={18} placeholder="例如 N2340122…" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="chartVersion" label="会计制度" rules={[{ required: true, message: '请选择会计制度' }]}>
            <Select
              options={(['2023', '2004'] as const).map((c) => ({ value: c, label: CHART_LABELS[c] }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="startPeriod" label="建账期间" rules={[{ required: true, message: '请选择建账期间' }]}>
            <DatePicker picker="month" format="YYYY-MM" style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="contactPerson" label="联系人" rules={[{ max: 30 }]}>
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="contactPhone"
            label="联系电话"
            rules={[{ pattern: /^\s*[0-9+\-() ]{5,30}\s*$/, message: '「联系电话」只能包含数字、空格和 +-()' }]}
          >
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label="地址" rules={[{ max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          保存
        </Button>
        <Button onClick={props.onCancel} disabled={false}>
          取消
        </Button>
      </Space>
    </Form>
  )
}
