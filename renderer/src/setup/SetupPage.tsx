import { useState } from 'react'
import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Segmented, Typography } from 'antd'
import { ROLE_LABELS, type Role } from '../../../shared/roles'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { confirmRules, passwordRules, USERNAME_RULES } from '../auth/passwordRules'

type Mode = 'agency' | 'demo'

/** First run: the database has no agency yet. */
export function SetupPage(props: { onDone: () => void }) {
  const [mode, setMode] = useState<Mode>('agency')
  return (
    <div className="sanzi-auth-page">
      <div style={{ width: 640, maxWidth: '100%' }}>
        <div className="sanzi-auth-title">
          <h1>三资台账</h1>
          <div>首次使用：请建立代理中心，或载入演示数据试用</div>
        </div>
        <Card>
          <Segmented<Mode>
            block
            value={mode}
            onChange={setMode}
            options={[
              { value: 'agency', label: '建立代理中心' },
              { value: 'demo', label: '载入演示数据' },
            ]}
            style={{ marginBottom: 20 }}
          />
          {mode === 'agency' ? <AgencyForm onDone={props.onDone} /> : <DemoForm onDone={props.onDone} />}
        </Card>
      </div>
    </div>
  )
}

interface AgencyValues {
  agencyName: string
  district: string
  admin: { username: string; displayName: string; password: string }
  confirm: string
}

const AGENCY_FIELDS = ['agencyName', 'district', 'admin.username', 'admin.displayName', 'admin.password']

function AgencyForm(props: { onDone: () => void }) {
  const [form] = Form.useForm<AgencyValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (v: AgencyValues) => {
    setBusy(true)
    setError(null)
    try {
      await call('setup.initialize', { agencyName: v.agencyName, district: v.district, admin: v.admin })
      props.onDone()
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), AGENCY_FIELDS))
      setBusy(false)
    }
  }

  return (
    <Form form={form} name="setup" layout="vertical" onFinish={submit} disabled={busy}>
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item name="agencyName" label="代理中心名称" rules={[{ required: true, whitespace: true, message: '请输入代理中心名称' }, { max: 60 }]}>
            <Input autoFocus placeholder="例如：肥东县长临河镇会计代理服务中心" maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="district" label="所在区县" rules={[{ required: true, whitespace: true, message: '请输入所在区县' }, { max: 60 }]}>
            <Input placeholder="例如：安徽省合肥市肥东县" maxLength={60} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        首位管理员
      </Typography.Title>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={['admin', 'username']} label="用户名" rules={USERNAME_RULES}>
            <Input autoComplete="off" placeholder="登录时使用，例如 admin" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['admin', 'displayName']} label="姓名" rules={[{ required: true, whitespace: true, message: '请输入管理员姓名' }, { max: 30 }]}>
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['admin', 'password']} label="密码" rules={passwordRules('密码')} extra="至少 8 位，须同时包含字母和数字">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="confirm" label="确认密码" dependencies={[['admin', 'password']]} rules={confirmRules(['admin', 'password'])}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
      </Row>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        建立代理中心并登录
      </Button>
    </Form>
  )
}

interface DemoValues {
  villages: number
  password: string
  confirm: string
}

const DEMO_USERS: { username: string; role: Role; note: string }[] = [
  { username: 'admin', role: 'admin', note: '全部村' },
  { username: 'zhuguan', role: 'supervisor', note: '全部村' },
  { username: 'jizhang1', role: 'bookkeeper', note: '前一半村' },
  { username: 'jizhang2', role: 'bookkeeper', note: '后一半村' },
  { username: 'chuna', role: 'cashier', note: '前一半村' },
  { username: 'shenhe', role: 'reviewer', note: '全部村' },
  { username: 'shenji', role: 'auditor', note: '全部村，只读' },
]

function DemoForm(props: { onDone: () => void }) {
  const [form] = Form.useForm<DemoValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (v: DemoValues) => {
    setBusy(true)
    setError(null)
    try {
      await call('setup.loadDemo', { villages: v.villages, password: v.password })
      props.onDone()
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['villages', 'password']))
      setBusy(false)
    }
  }

  return (
    <Form form={form} name="demo" layout="vertical" onFinish={submit} disabled={busy} initialValues={{ villages: 5 }}>
      <Alert
        type="info"
        showIcon
        title="演示数据只用于试用和培训"
        description="将建立一个虚构的代理中心（肥东县长临河镇），若干村及其村民小组，以及下列演示用户；所有演示用户使用同一个密码。正式建账请改用「建立代理中心」，并使用新的账套文件。"
        style={{ marginBottom: 16 }}
      />
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="villages" label="村数" rules={[{ required: true, message: '请输入村数' }]} extra="1 至 200 个">
            <InputNumber autoFocus min={1} max={200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="password" label="演示用户密码" rules={passwordRules('演示用户密码')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="confirm" label="确认密码" dependencies={['password']} rules={confirmRules('password')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
      </Row>
      <Descriptions
        title="演示用户"
        size="small"
        bordered
        column={2}
        style={{ marginBottom: 16 }}
        styles={{ label: { width: 110 } }}
        items={DEMO_USERS.map((u) => ({
          key: u.username,
          label: <span className="sanzi-mono">{u.username}</span>,
          children: `${ROLE_LABELS[u.role]}（${u.note}）`,
        }))}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        载入演示数据并以 admin 登录
      </Button>
    </Form>
  )
}
