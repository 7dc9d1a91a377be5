import { useState } from 'react'
import { Alert, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography, Button } from 'antd'
import { SafetyCertificateOutlined, UnlockOutlined } from '@ant-design/icons'
import type { CampaignFileResult, CampaignReportVersion } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { useSession } from '../app/session'
import { CampaignFileButton, ErrorAlert, fmtDateTime, refOf, useRunner, type PanelProps } from './common'

/**
 * 上报: 生成上报表并锁定 writes the sealed report workbook (SHA-256 fingerprint embedded and recorded) and locks the
 * campaign; every reported version is kept and can be exported again; 主管会计 may reopen with a reason.
 */
export function ReportPanel(props: PanelProps) {
  const c = props.detail
  const session = useSession()
  const [last, setLast] = useState<CampaignFileResult | null>(null)
  const [reopening, setReopening] = useState(false)
  const latest = c.reports.at(-1)
  const canReopen = c.locked && session.user.role === 'supervisor' && session.can('campaign.reopen')
  return (
    <div>
      <Typography.Paragraph type="secondary">
        上报表按清产核资格式列示资产负债表（账面数、核实数）、资源性资产清查登记表、差异明细、工作组与签字栏，内嵌内容的 SHA-256 数据指纹；上报后清查及其快照锁定，用 sanzi fingerprint 可校验文件是否被改动。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        {props.editable ? (
          <CampaignFileButton
            type="primary"
            icon={<SafetyCertificateOutlined />}
            label="生成上报表并锁定"
            title="生成清查上报表"
            defaultName={`${c.villageName}-清查上报表-${c.asOf}.xlsx`}
            write={(to) => call('campaign.report', { ...refOf(c), to })}
            onDone={(r) => {
              setLast(r)
              props.onChanged()
            }}
            testId="campaign-report"
          />
        ) : null}
        {canReopen ? (
          <Button danger icon={<UnlockOutlined />} onClick={() => setReopening(true)} data-testid="campaign-reopen">
            重新打开
          </Button>
        ) : null}
      </Space>
      {last ?? latest ? (
        <Descriptions
          size="small"
          bordered
          column={1}
          style={{ marginBottom: 12 }}
          title="最近一次上报"
          data-testid="report-latest"
          items={[
            { key: 'version', label: '版本', children: `第 ${last?.version ?? latest?.version} 版` },
            { key: 'path', label: '文件', children: <span className="sanzi-mono" style={{ wordBreak: 'break-all' }}>{last?.path ?? latest?.fileName}</span> },
            {
              key: 'fp',
              label: '数据指纹（SHA-256）',
              children: (
                <Typography.Text copyable className="sanzi-mono" style={{ wordBreak: 'break-all' }} data-testid="report-fingerprint">
                  {last?.fingerprint ?? latest?.fingerprint}
                </Typography.Text>
              ),
            },
          ]}
        />
      ) : null}
      <Typography.Title level={5}>上报版本（{c.reports.length}）</Typography.Title>
      <Table<CampaignReportVersion>
        size="small"
        bordered
        rowKey="version"
        pagination={false}
        dataSource={[...c.reports].reverse()}
        locale={{ emptyText: '尚未上报' }}
        data-testid="report-versions"
        columns={[
          { title: '版本', dataIndex: 'version', width: 64, render: (v: number) => `第 ${v} 版` },
          { title: '上报', key: 'by', width: 170, render: (_, r) => `${r.reportedBy} ${fmtDateTime(r.reportedAt)}` },
          { title: '数据指纹', dataIndex: 'fingerprint', ellipsis: true, render: (f: string) => <span className="sanzi-mono">{f}</span> },
          {
            title: '状态',
            key: 'state',
            width: 240,
            // the reason wraps under the tag: a long one must not run into the next column
            render: (_, r) =>
              r.reopened ? (
                <div>
                  <Tag color="warning">已重新打开</Tag>
                  <div style={{ fontSize: 12, marginTop: 2, wordBreak: 'break-all' }}>
                    {r.reopened.by} {fmtDateTime(r.reopened.at)}：{r.reopened.reason}
                  </div>
                </div>
              ) : (
                <Tag color="success">有效</Tag>
              ),
          },
          {
            title: '',
            key: 'op',
            width: 110,
            render: (_, r) => (
              <CampaignFileButton
                size="small"
                label="导出"
                title={`导出第 ${r.version} 版上报表`}
                defaultName={`${c.villageName}-清查上报表-${c.asOf}-第${r.version}版.xlsx`}
                write={(to) => call('campaign.exportReport', { ...refOf(c), version: r.version, to })}
              />
            ),
          },
        ]}
      />
      {reopening ? (
        <ReopenModal
          detail={c}
          onClose={(done) => {
            setReopening(false)
            if (done) props.onChanged()
          }}
        />
      ) : null}
    </div>
  )
}

function ReopenModal(props: { detail: PanelProps['detail']; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm<{ reason: string }>()
  const runner = useRunner(() => props.onClose(true))
  const submit = async () => {
    const v = await form.validateFields()
    await runner.run('reopen', () => call('campaign.reopen', { ...refOf(props.detail), reason: v.reason.trim() }), () => '已重新打开清查')
  }
  return (
    <Modal open title="重新打开已上报的清查" okText="重新打开" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={runner.busy !== null} onOk={() => void submit()} onCancel={() => props.onClose(false)} destroyOnHidden>
      <ErrorAlert error={runner.error} />
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="重新打开后清查解除锁定，已上报的版本保留；更正后须重新上报。" />
      <Form form={form} layout="vertical" data-testid="reopen-form">
        <Form.Item name="reason" label="重新打开原因" rules={[{ required: true, whitespace: true, message: '请填写重新打开原因' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
