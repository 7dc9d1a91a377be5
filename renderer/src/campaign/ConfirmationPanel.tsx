import { useState } from 'react'
import { Alert, Button, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Tag, Typography } from 'antd'
import { CheckCircleOutlined, SaveOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { CONFIRMING_BODIES, CONFIRMING_BODY_LABELS, type CampaignObjection, type ConfirmingBody } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { ErrorAlert, refOf, useRunner, type PanelProps } from './common'
import { ObjectionList } from './NoticePanel'

interface Values {
  body: ConfirmingBody
  meetingOn: Dayjs
  attendees: string[]
  resolution: string
}

/** 确认: each objection's 处理结果, then the meeting (民主理财小组 or 村民代表会议) that confirms the result. */
export function ConfirmationPanel(props: PanelProps) {
  const c = props.detail
  const [form] = Form.useForm<Values>()
  const [changing, setChanging] = useState(false)
  const runner = useRunner(() => {
    setChanging(false)
    props.onChanged()
  })
  const open = c.objections.filter((o) => !o.resolution).length
  const confirm = async () => {
    const v = await form.validateFields()
    await runner.run(
      'confirm',
      () => call('campaign.confirm', { ...refOf(c), body: v.body, meetingOn: v.meetingOn.format('YYYY-MM-DD'), attendees: v.attendees.map((a) => a.trim()).filter(Boolean), resolution: v.resolution.trim() }),
      () => '已记录确认',
    )
  }
  const k = c.confirmation
  return (
    <div>
      <ErrorAlert error={runner.error} onClose={() => runner.setError(null)} />
      {c.notice && !c.notice.ended ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`公示期至 ${c.notice.to}，公示期满后才能确认`} /> : null}
      <ObjectionList objections={c.objections} resolve={(o) => <Resolution key={o.id} {...props} objection={o} />} />
      {open ? <Alert type="warning" showIcon style={{ marginTop: 8 }} message={`还有 ${open} 条异议未填写处理结果`} /> : null}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        确认会议
      </Typography.Title>
      {k ? (
        <Descriptions
          size="small"
          bordered
          column={2}
          style={{ marginBottom: 12 }}
          data-testid="confirmation"
          items={[
            { key: 'body', label: '确认机构', children: k.bodyLabel },
            { key: 'on', label: '会议日期', children: k.meetingOn },
            { key: 'who', label: `参会人（${k.attendees.length}）`, span: 2, children: k.attendees.map((a) => <Tag key={a}>{a}</Tag>) },
            { key: 'res', label: '会议决议', span: 2, children: k.resolution },
            { key: 'by', label: '记录', span: 2, children: `${k.recordedBy} ${k.recordedAt.slice(0, 10)}` },
          ]}
        />
      ) : null}
      {props.editable && k && !changing ? (
        <Button icon={<SaveOutlined />} onClick={() => setChanging(true)}>
          修改确认
        </Button>
      ) : null}
      {props.editable && (!k || changing) ? (
        <Form
          form={form}
          layout="vertical"
          size="small"
          initialValues={{ body: k?.body ?? 'representatives', meetingOn: k ? dayjs(k.meetingOn) : dayjs(), attendees: k?.attendees ?? [], resolution: k?.resolution ?? '' }}
          style={{ maxWidth: 880 }}
          data-testid="confirm-form"
        >
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="body" label="确认机构" rules={[{ required: true, message: '请选择确认机构' }]}>
                <Select options={CONFIRMING_BODIES.map((b) => ({ value: b, label: CONFIRMING_BODY_LABELS[b] }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="meetingOn" label="会议日期" rules={[{ required: true, message: '请选择会议日期' }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="attendees" label="参会人" rules={[{ required: true, type: 'array', min: 1, message: '请填写参会人' }]} extra="输入姓名后按回车，可输入多人">
                <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} placeholder="输入姓名后按回车" aria-label="参会人" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="resolution" label="会议决议" rules={[{ required: true, whitespace: true, message: '请填写会议决议' }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" icon={<CheckCircleOutlined />} loading={runner.busy === 'confirm'} onClick={() => void confirm()} data-testid="confirm-save">
            {k ? '更新确认' : '记录确认'}
          </Button>
        </Form>
      ) : null}
    </div>
  )
}

/** One objection's 处理结果 (editable while at 确认): the saved text in full, 修改 reopens the field. */
function Resolution(props: PanelProps & { objection: CampaignObjection }) {
  const o = props.objection
  const [text, setText] = useState(o.resolution ?? '')
  const [editing, setEditing] = useState(!o.resolution)
  const runner = useRunner(() => setEditing(false))
  const done = () => props.onChanged()
  if (!props.editable || !editing) {
    return (
      <div>
        {o.resolution ? <div>{o.resolution}</div> : <Typography.Text type="warning">未处理</Typography.Text>}
        {o.resolvedBy ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {o.resolvedBy} {o.resolvedAt?.slice(0, 10)}
          </Typography.Text>
        ) : null}
        {props.editable ? (
          <Button type="link" size="small" onClick={() => setEditing(true)}>
            修改
          </Button>
        ) : null}
      </div>
    )
  }
  const save = () =>
    void runner.run('resolve', () => call('campaign.resolveObjection', { ...refOf(props.detail), objectionId: o.id, resolution: text.trim() }), () => '已保存处理结果').then((r) => r && done())
  return (
    <div>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder="处理结果，如：已向提出人说明…"
        aria-label={`异议 ${o.fromName} 处理结果`}
        maxLength={1000}
      />
      <Space style={{ marginTop: 4 }}>
        <Button size="small" type="primary" icon={<SaveOutlined />} loading={runner.busy !== null} disabled={!text.trim() || text.trim() === o.resolution} onClick={save}>
          保存处理结果
        </Button>
        {o.resolution ? (
          <Button size="small" onClick={() => setEditing(false)}>
            取消
          </Button>
        ) : null}
      </Space>
      {runner.error ? <div><Typography.Text type="danger">{runner.error.message}</Typography.Text></div> : null}
    </div>
  )
}
