import { useState } from 'react'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import type { AgencyInfo } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'

interface Values {
  username: string
  password: string
}

export function SignInPage(props: { agency: AgencyInfo | null; appVersion: string; onSignedIn: () => void }) {
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (v: Values) => {
    setBusy(true)
    setError(null)
    try {
      await call('auth.signIn', { username: v.username, password: v.password })
      props.onSignedIn()
    } catch (e) {
      // the engine's message is written for the user (and never says which part was wrong)
      setError(toApiError(e).message)
      form.setFieldValue('password', '')
      form.getFieldInstance('password')?.focus?.()
      setBusy(false)
    }
  }

  return (
    <div className="sanzi-auth-page">
      <div style={{ width: 400, maxWidth: '100%' }}>
        <div className="sanzi-auth-title">
          <h1>三资台账</h1>
          <div>{props.agency?.name ?? '村级集体经济组织资金、资产、资源台账'}</div>
        </div>
        <Card title="登录" styles={{ body: { paddingTop: 20 } }}>
          <Form form={form} name="signIn" layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
              <Input autoFocus size="large" prefix={<UserOutlined />} autoComplete="username" />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password size="large" prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              登录
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: '16px 0 0', fontSize: 12, textAlign: 'center' }}>
            忘记密码请联系管理员重置 · 版本 {props.appVersion}
          </Typography.Paragraph>
        </Card>
      </div>
    </div>
  )
}
