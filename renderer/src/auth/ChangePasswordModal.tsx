import { useState } from 'react'
import { Alert, App, Form, Input, Modal } from 'antd'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { confirmRules, passwordRules } from './passwordRules'

interface Values {
  oldPassword: string
  newPassword: string
  confirm: string
}

export function ChangePasswordModal(props: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const { message } = App.useApp()

  const submit = async (v: Values) => {
    setBusy(true)
    setError(null)
    try {
      await call('auth.changePassword', { oldPassword: v.oldPassword, newPassword: v.newPassword })
      message.success('密码已修改，下次登录请使用新密码')
      props.onClose()
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['oldPassword', 'newPassword']))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      title="修改密码"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="确定修改"
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
      width={440}
    >
      <Form form={form} name="changePassword" layout="vertical" onFinish={submit} clearOnDestroy>
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label="新密码" rules={passwordRules('新密码')} extra="至少 8 位，须同时包含字母和数字">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label="确认新密码" dependencies={['newPassword']} rules={confirmRules('newPassword')}>
          <Input.Password autoComplete="new-password" onPressEnter={() => form.submit()} />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <button type="submit" hidden aria-hidden="true" />
      </Form>
    </Modal>
  )
}
