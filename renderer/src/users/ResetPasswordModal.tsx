import { useState } from 'react'
import { Alert, App, Form, Input, Modal, Typography } from 'antd'
import type { UserSummary } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { confirmRules, passwordRules } from '../auth/passwordRules'

interface Values {
  password: string
  confirm: string
}

export function ResetPasswordModal(props: { user: UserSummary | null; onClose: () => void }) {
  const { user } = props
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const { message } = App.useApp()

  const submit = async (v: Values) => {
    if (!user) return
    setBusy(true)
    setError(null)
    try {
      await call('user.resetPassword', { userId: user.id, password: v.password })
      message.success(`已重置「${user.displayName}」的密码，请当面告知本人`)
      props.onClose()
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['password']))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      title={user ? `重置密码：${user.displayName}（${user.username}）` : '重置密码'}
      open={user !== null}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="重置"
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
      width={440}
    >
      <Typography.Paragraph type="secondary">重置后该用户的锁定也一并解除。</Typography.Paragraph>
      <Form form={form} name="resetPassword" layout="vertical" onFinish={submit} clearOnDestroy>
        <Form.Item name="password" label="新密码" rules={passwordRules('新密码')} extra="至少 8 位，须同时包含字母和数字">
          <Input.Password autoFocus autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label="确认新密码" dependencies={['password']} rules={confirmRules('password')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <button type="submit" hidden aria-hidden="true" />
      </Form>
    </Modal>
  )
}
