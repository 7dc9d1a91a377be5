import { useState } from 'react'
import { Alert, Col, Form, Input, Modal, Row, Select, Switch, Typography } from 'antd'
import type { UserSummary, Village } from '../../../shared/api/types'
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { confirmRules, passwordRules, USERNAME_RULES } from '../auth/passwordRules'

interface Values {
  username: string
  displayName: string
  role: Role
  password?: string
  confirm?: string
  allVillages: boolean
  villageIds: number[]
}

const FIELDS = ['username', 'displayName', 'role', 'password', 'allVillages', 'villageIds']

type Editing = { mode: 'create' } | { mode: 'edit'; user: UserSummary } | null

export function UserModal(props: { editing: Editing; villages: Village[]; onClose: () => void; onSaved: (u: UserSummary, created: boolean) => void }) {
  const { editing } = props
  const user = editing?.mode === 'edit' ? editing.user : null
  const [form] = Form.useForm<Values>()
  const role = Form.useWatch('role', form)
  const allVillages = Form.useWatch('allVillages', form)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (v: Values) => {
    setBusy(true)
    setError(null)
    const all = v.role === 'admin' ? true : v.allVillages
    const villageIds = all ? [] : (v.villageIds ?? [])
    try {
      const saved = user
        ? await call('user.update', { userId: user.id, displayName: v.displayName, role: v.role, allVillages: all, villageIds })
        : await call('user.create', {
            username: v.username,
            displayName: v.displayName,
            role: v.role,
            password: v.password ?? '',
            allVillages: all,
            villageIds,
          })
      props.onSaved(saved, user === null)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), FIELDS))
    } finally {
      setBusy(false)
    }
  }

  const initial: Partial<Values> = user
    ? { username: user.username, displayName: user.displayName, role: user.role, allVillages: user.allVillages || user.role === 'admin', villageIds: user.villageIds }
    : { role: 'bookkeeper', allVillages: false, villageIds: [] }

  const villageOptions = props.villages.map((v) => ({
    value: v.id,
    label: `${v.code} ${v.name}${v.status === 'disabled' ? '（已停用）' : ''}`,
  }))
  const isAdmin = role === 'admin'

  return (
    <Modal
      title={user ? `编辑用户：${user.displayName}` : '新增用户'}
      open={editing !== null}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
      width={600}
    >
      <Form<Values> form={form} name="user" layout="vertical" initialValues={initial} onFinish={submit} clearOnDestroy preserve={false}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="username" label="用户名" rules={user ? [] : USERNAME_RULES} extra={user ? '用户名不能修改' : '登录时使用'}>
              <Input autoFocus={!user} disabled={!!user} autoComplete="off" className="sanzi-mono" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 30 }]}>
              <Input autoFocus={!!user} maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="role" label="岗位" rules={[{ required: true, message: '请选择岗位' }]}>
              <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="allVillages" label="管理全部村" valuePropName="checked" extra={isAdmin ? '管理员总是管理全部村' : '包括以后新增的村'}>
              <Switch disabled={isAdmin} checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="villageIds"
              label="所管村"
              rules={[
                {
                  validator: async (_r, value: unknown) => {
                    const need = !isAdmin && !allVillages && role !== 'auditor'
                    if (need && (!Array.isArray(value) || value.length === 0)) {
                      throw new Error('请分配至少一个所管村，或打开「管理全部村」')
                    }
                  },
                },
              ]}
            >
              <Select
                mode="multiple"
                allowClear
                disabled={isAdmin || allVillages}
                placeholder={isAdmin || allVillages ? '全部村' : '选择该用户负责的村'}
                showSearch={{ optionFilterProp: 'label' }}
                options={villageOptions}
                notFoundContent="没有可选的村"
                maxTagCount="responsive"
              />
            </Form.Item>
          </Col>
          {user ? null : (
            <>
              <Col span={12}>
                <Form.Item name="password" label="初始密码" rules={passwordRules('初始密码')} extra="至少 8 位，须同时包含字母和数字">
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="confirm" label="确认密码" dependencies={['password']} rules={confirmRules('password')}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        {role === 'cashier' ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            按《会计基础工作规范》，出纳不得兼管稽核、会计档案保管和收入、费用、债权债务账目的登记工作。
          </Typography.Paragraph>
        ) : null}
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <button type="submit" hidden aria-hidden="true" />
      </Form>
    </Modal>
  )
}
