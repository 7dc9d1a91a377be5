import { useState } from 'react'
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row } from 'antd'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { DbTools } from '../audit/DbTools'
import { formatTime } from '../app/format'
import { PageTitle } from '../app/PageTitle'
import { useSession } from '../app/session'

interface Values {
  name: string
  district: string
}

export function AgencyPage() {
  const session = useSession()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const canEdit = session.can('agency.update')
  const { status, agency } = session

  const submit = async (v: Values) => {
    setBusy(true)
    setError(null)
    try {
      await call('agency.update', { name: v.name, district: v.district })
      message.success('代理中心信息已保存')
      session.refreshStatus()
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['name', 'district']))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <PageTitle title="代理中心/账套" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="代理中心信息" size="small">
            <Form<Values>
              form={form}
              name="agency"
              layout="vertical"
              initialValues={{ name: agency?.name ?? '', district: agency?.district ?? '' }}
              onFinish={submit}
              disabled={!canEdit || busy}
            >
              <Form.Item name="name" label="代理中心名称" rules={[{ required: true, whitespace: true, message: '请输入代理中心名称' }, { max: 60 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="district" label="所在区县" rules={[{ required: true, whitespace: true, message: '请输入所在区县' }, { max: 60 }]}>
                <Input maxLength={60} />
              </Form.Item>
              {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
              {canEdit ? (
                <Button type="primary" htmlType="submit" loading={busy}>
                  保存
                </Button>
              ) : (
                <Alert type="info" showIcon title="只有管理员可以修改代理中心信息" />
              )}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="账套" size="small" extra={<DbTools />}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'created', label: '建立时间', children: formatTime(agency?.createdAt) },
                { key: 'schema', label: '数据结构版本', children: status.schemaVersion },
                { key: 'app', label: '程序版本', children: status.appVersion },
              ]}
            />
            <Alert
              style={{ marginTop: 12 }}
              type="info"
              showIcon
              title="全部村的账套保存在同一个账套文件中"
              description="「立即备份」把整个账套文件复制到其旁边的 backups 文件夹，并逐表核对副本；请定期把备份复制到另一处保存。"
            />
          </Card>
        </Col>
      </Row>
    </>
  )
}
