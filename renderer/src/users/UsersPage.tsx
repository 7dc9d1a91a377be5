import { useMemo, useState } from 'react'
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import type { UserSummary, Village } from '../../../shared/api/types'
import { ROLE_LABELS } from '../../../shared/roles'
import { call, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { formatTime } from '../app/format'
import { PageTitle } from '../app/PageTitle'
import { useSession } from '../app/session'
import { ResetPasswordModal } from './ResetPasswordModal'
import { UserModal } from './UserModal'

type Editing = { mode: 'create' } | { mode: 'edit'; user: UserSummary } | null

export function UsersPage() {
  const session = useSession()
  const { message } = App.useApp()
  const users = useQuery('user.list', { includeDisabled: true })
  const villagesQuery = useQuery('village.list', { includeDisabled: true })
  const [editing, setEditing] = useState<Editing>(null)
  const [resetting, setResetting] = useState<UserSummary | null>(null)
  const [busyId, setBusyId] = useState<number | null>(null)

  const villageById = useMemo(() => new Map((villagesQuery.data ?? []).map((v) => [v.id, v])), [villagesQuery.data])

  const setStatus = async (u: UserSummary, status: UserSummary['status']) => {
    setBusyId(u.id)
    try {
      await call('user.setStatus', { userId: u.id, status })
      message.success(`已${status === 'active' ? '启用' : '停用'}用户「${u.displayName}」`)
      users.reload()
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setBusyId(null)
    }
  }

  const columns: TableColumnsType<UserSummary> = [
    { title: '用户名', dataIndex: 'username', width: 130, render: (u: string) => <span className="sanzi-mono">{u}</span> },
    { title: '姓名', dataIndex: 'displayName', width: 110 },
    { title: '岗位', dataIndex: 'role', width: 100, render: (r: UserSummary['role']) => <Tag color={r === 'admin' ? 'gold' : r === 'auditor' ? 'purple' : 'blue'}>{ROLE_LABELS[r]}</Tag> },
    {
      title: '所管村',
      key: 'villages',
      render: (_: unknown, u) => <VillageNames user={u} villageById={villageById} />,
    },
    { title: '状态', dataIndex: 'status', width: 72, render: (s: UserSummary['status']) => (s === 'active' ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>) },
    { title: '最近登录', dataIndex: 'lastSignInAt', width: 160, render: (t: string | null) => (t ? formatTime(t) : <Typography.Text type="secondary">从未登录</Typography.Text>) },
    {
      title: '操作',
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_: unknown, u) => {
        const self = u.id === session.user.id
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', user: u })}>
              编辑
            </Button>
            <Button type="link" size="small" onClick={() => setResetting(u)}>
              重置密码
            </Button>
            {u.status === 'active' ? (
              <Popconfirm
                title={`停用用户「${u.displayName}」？`}
                description="停用后该用户不能登录，操作记录保留，可随时启用。"
                okText="停用"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => setStatus(u, 'disabled')}
                disabled={self}
              >
                <Tooltip title={self ? '不能停用自己' : undefined}>
                  <Button type="link" size="small" danger disabled={self} loading={busyId === u.id}>
                    停用
                  </Button>
                </Tooltip>
              </Popconfirm>
            ) : (
              <Popconfirm title={`启用用户「${u.displayName}」？`} okText="启用" cancelText="取消" onConfirm={() => setStatus(u, 'active')}>
                <Button type="link" size="small" loading={busyId === u.id}>
                  启用
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      },
    },
  ]

  return (
    <>
      <PageTitle
        title="用户管理"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create' })}>
            新增用户
          </Button>
        }
      />
      <div className="sanzi-toolbar">
        <Typography.Text type="secondary">
          岗位决定能做什么，所管村决定能看哪些村的账；审计岗位只读。
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Typography.Text type="secondary">{users.data ? `共 ${users.data.length} 个用户` : ''}</Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={users.reload} aria-label="刷新" />
      </div>
      {users.error ? (
        <Alert
          type="error"
          showIcon
          title={users.error.message}
          action={
            <Button size="small" onClick={users.reload}>
              重试
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Table<UserSummary>
        rowKey="id"
        size="middle"
        bordered
        loading={users.loading}
        columns={columns}
        dataSource={users.data ?? []}
        scroll={{ x: 1000 }}
        pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个` }}
        locale={{ emptyText: '暂无用户' }}
        rowClassName={(u) => (u.status === 'disabled' ? 'sanzi-row-disabled' : '')}
      />
      <UserModal
        editing={editing}
        villages={villagesQuery.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={(u, created) => {
          message.success(`${created ? '已新增' : '已保存'}用户「${u.displayName}」`)
          setEditing(null)
          users.reload()
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  )
}

function VillageNames(props: { user: UserSummary; villageById: Map<number, Village> }) {
  const { user, villageById } = props
  if (user.allVillages || user.role === 'admin') return <Tag color="geekblue">全部村</Tag>
  if (user.villageIds.length === 0) return <Typography.Text type="secondary">未分配</Typography.Text>
  const names = user.villageIds.map((id) => villageById.get(id)?.name ?? `村 ${id}`)
  const shown = names.slice(0, 3).join('、')
  return names.length > 3 ? (
    <Tooltip title={names.join('、')}>
      <span>
        {shown} 等 {names.length} 个
      </span>
    </Tooltip>
  ) : (
    <span>{shown}</span>
  )
}
