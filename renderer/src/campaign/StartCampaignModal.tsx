import { Button, Col, DatePicker, Form, Input, Modal, Row, Select, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { MEMBER_UNIT_LABELS, MEMBER_UNITS, type CampaignMember, type CampaignStatus } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { defaultAsOf, ErrorAlert, useRunner } from './common'

interface Values {
  villageId?: number
  asOf: Dayjs
  team: Partial<CampaignMember>[]
  note?: string
}

/** 发起清查: the village (one without an open campaign), the 基准日 (12-31 of last year) and the joint team. */
export function StartCampaignModal(props: { villages: { id: number; label: string }[]; villageId?: number; onClose: (started: CampaignStatus | null) => void }) {
  const [form] = Form.useForm<Values>()
  const runner = useRunner(() => undefined, { form, fields: ['villageId', 'asOf', 'note'], aliases: { '': 'villageId' } })
  const submit = async () => {
    const v = await form.validateFields()
    const team = v.team.map((m) => ({ name: (m.name ?? '').trim(), unit: m.unit ?? 'agency', role: (m.role ?? '').trim() }))
    const r = await runner.run('start', () => call('campaign.start', { villageId: v.villageId ?? 0, asOf: v.asOf.format('YYYY-MM-DD'), team, note: v.note?.trim() || null }), (x) => `已发起「${x.villageName}」基准日 ${x.asOf} 的清查`)
    if (r) props.onClose(r)
  }
  const initial: Values = {
    villageId: props.villageId,
    asOf: dayjs(defaultAsOf()),
    team: [
      { unit: 'commission', role: '组长' },
      { unit: 'financeBureau', role: '成员' },
      { unit: 'agency', role: '成员' },
    ],
  }
  return (
    <Modal open title="发起清查" width={720} okText="发起" cancelText="取消" confirmLoading={runner.busy !== null} onOk={() => void submit()} onCancel={() => props.onClose(null)} destroyOnHidden>
      <ErrorAlert error={runner.error} />
      <Form form={form} layout="vertical" size="small" initialValues={initial} data-testid="campaign-start-form">
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="villageId" label="村" rules={[{ required: true, message: '请选择村' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={props.villages.map((v) => ({ value: v.id, label: v.label }))} placeholder="尚未发起清查的村" notFoundContent="所有村都已有进行中的清查" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="asOf" label="清查基准日" rules={[{ required: true, message: '请选择基准日' }]} extra="一般为上年 12 月 31 日">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>清查工作组</Typography.Text>
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          区纪工委、财政分局、会计代理服务中心和村组成联合工作组
        </Typography.Text>
        <Form.List name="team">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f, i) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col span={7}>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                      <Input placeholder="姓名" aria-label={`第 ${i + 1} 位成员姓名`} maxLength={30} />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item name={[f.name, 'unit']} rules={[{ required: true, message: '请选择单位' }]}>
                      <Select aria-label={`第 ${i + 1} 位成员单位`} options={MEMBER_UNITS.map((u) => ({ value: u, label: MEMBER_UNIT_LABELS[u] }))} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true, whitespace: true, message: '请填写职责' }]}>
                      <Input placeholder="职责，如 组长" aria-label={`第 ${i + 1} 位成员职责`} maxLength={20} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除第 ${i + 1} 位成员`} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ unit: 'agency', role: '成员' })} block style={{ marginBottom: 12 }}>
                添加成员
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
