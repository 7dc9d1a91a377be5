import { useState } from 'react'
import { Alert, Button, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Space, Table, Tag, Typography } from 'antd'
import { PlusOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import type { CampaignObjection } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { navigate } from '../app/routes'
import { CampaignFileButton, ErrorAlert, refOf, useRunner, type PanelProps } from './common'

/** 公示: the display period and place, the 公示表 workbook, and the objections received during the period. */
export function NoticePanel(props: PanelProps) {
  const c = props.detail
  const [form] = Form.useForm<{ from: Dayjs; days: number; place: string }>()
  const runner = useRunner(props.onChanged)
  const [objecting, setObjecting] = useState(false)
  const n = c.notice
  const post = async () => {
    const v = await form.validateFields()
    await runner.run('notice', () => call('campaign.notice', { ...refOf(c), from: v.from.format('YYYY-MM-DD'), days: v.days, place: v.place.trim() }), (r) => (r.notice ? `公示期 ${r.notice.from} 至 ${r.notice.to}` : '已保存公示'))
  }
  return (
    <div>
      <Typography.Paragraph type="secondary">
        公示表列明资金、资产、资源和债权债务的账面数、核实数和差异，在村务公开栏张贴（默认 7 天）；公示期内收到的异议逐条登记，公示期满后才能由民主理财小组或村民代表会议确认。
      </Typography.Paragraph>
      <ErrorAlert error={runner.error} onClose={() => runner.setError(null)} />
      {n ? (
        <Descriptions
          size="small"
          bordered
          column={3}
          style={{ marginBottom: 12 }}
          data-testid="notice-period"
          items={[
            { key: 'period', label: '公示期', children: `${n.from} 至 ${n.to}（${n.days} 天）` },
            { key: 'place', label: '公示地点', children: n.place },
            { key: 'state', label: '状态', children: n.ended ? <Tag color="success">公示期已满</Tag> : <Tag color="processing">公示中</Tag> },
            { key: 'by', label: '张贴登记', span: 3, children: `${n.postedBy} ${n.postedAt.slice(0, 10)}` },
          ]}
        />
      ) : null}
      {props.editable ? (
        <Form form={form} layout="inline" size="small" initialValues={{ from: n ? dayjs(n.from) : dayjs(), days: n?.days ?? 7, place: n?.place ?? '村务公开栏' }} style={{ marginBottom: 12, rowGap: 8 }} data-testid="notice-form">
          <Form.Item name="from" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="days" label="天数" rules={[{ required: true, message: '请填写天数' }]}>
            <InputNumber min={1} max={90} precision={0} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="place" label="地点" rules={[{ required: true, whitespace: true, message: '请填写公示地点' }]}>
            <Input maxLength={100} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" icon={<SendOutlined />} loading={runner.busy === 'notice'} onClick={() => void post()} data-testid="notice-post">
              {n ? '更新公示' : '张贴公示'}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      <Space style={{ marginBottom: 12 }}>
        <CampaignFileButton
          label="导出公示表"
          title="导出清查公示表"
          defaultName={`${c.villageName}-清查公示表-${c.asOf}.xlsx`}
          write={(to) => call('campaign.exportNotice', { ...refOf(c), to })}
          testId="notice-export"
        />
        <Button icon={<PrinterOutlined />} onClick={() => navigate('campaigns/notice-print', { village: c.villageId, id: c.id })} data-testid="notice-print-open">
          打印预览
        </Button>
      </Space>
      <ObjectionList objections={c.objections} />
      {props.editable ? (
        <Button icon={<PlusOutlined />} onClick={() => setObjecting(true)} style={{ marginTop: 8 }} disabled={!n} data-testid="objection-add">
          登记异议
        </Button>
      ) : null}
      {!n && props.editable ? <Alert type="info" showIcon style={{ marginTop: 8 }} message="张贴公示后才能登记异议" /> : null}
      {objecting ? (
        <ObjectionModal
          detail={c}
          onClose={(done) => {
            setObjecting(false)
            if (done) props.onChanged()
          }}
        />
      ) : null}
    </div>
  )
}

export function ObjectionList(props: { objections: CampaignObjection[]; resolve?: (o: CampaignObjection) => React.ReactNode }) {
  return (
    <>
      {/* antd's heading margin would leave a blank band at the top of the 确认 panel, where the list comes first */}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        公示异议（{props.objections.length}）
      </Typography.Title>
      <Table<CampaignObjection>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        dataSource={props.objections}
        locale={{ emptyText: '公示期内没有收到异议' }}
        data-testid="objection-table"
        columns={[
          { title: '收到日期', dataIndex: 'receivedOn', width: 110 },
          { title: '提出人', dataIndex: 'fromName', width: 110 },
          { title: '异议内容', dataIndex: 'content' },
          {
            title: '处理结果',
            key: 'resolution',
            width: props.resolve ? 380 : 240,
            render: (_, o) => props.resolve?.(o) ?? (o.resolution ? <span>{o.resolution}</span> : <Typography.Text type="warning">待确认时处理</Typography.Text>),
          },
        ]}
      />
    </>
  )
}

function ObjectionModal(props: { detail: PanelProps['detail']; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm<{ receivedOn: Dayjs; fromName: string; content: string }>()
  const runner = useRunner(() => props.onClose(true))
  const submit = async () => {
    const v = await form.validateFields()
    await runner.run('objection', () => call('campaign.objection', { ...refOf(props.detail), receivedOn: v.receivedOn.format('YYYY-MM-DD'), fromName: v.fromName.trim(), content: v.content.trim() }), () => '已登记异议')
  }
  return (
    <Modal open title="登记公示异议" okText="保存" cancelText="取消" confirmLoading={runner.busy !== null} onOk={() => void submit()} onCancel={() => props.onClose(false)} destroyOnHidden>
      <ErrorAlert error={runner.error} />
      <Form form={form} layout="vertical" size="small" initialValues={{ receivedOn: dayjs(props.detail.notice?.from ?? undefined) }} data-testid="objection-form">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="receivedOn" label="收到日期" rules={[{ required: true, message: '请选择收到日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="fromName" label="提出人" rules={[{ required: true, whitespace: true, message: '请填写提出人' }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="content" label="异议内容" rules={[{ required: true, whitespace: true, message: '请填写异议内容' }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
