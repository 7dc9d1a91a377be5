import { useState } from 'react'
import { Alert, App, Button, Checkbox, Input, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import type { Village } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { CHART_LABELS, LEVEL_LABELS } from '../app/format'
import { PageTitle } from '../app/PageTitle'
import { useSession } from '../app/session'
import { VillageDrawer } from './VillageDrawer'

type Editing = { mode: 'create' } | { mode: 'edit'; village: Village } | null

export function VillagesPage() {
  const session = useSession()
  const { message } = App.useApp()
  const [search, setSearch] = useState('')
  const [includeDisabled, setIncludeDisabled] = useState(false)
  const [editing, setEditing] = useState<Editing>(null)
  const [busyId, setBusyId] = useState<number | null>(null)
  const list = useQuery('village.list', { search: search || undefined, includeDisabled })
  const canWrite = session.can('village.update')

  const refresh = () => {
    list.reload()
    session.reloadVillages()
  }

  const setStatus = async (v: Village, status: Village['status']) => {
    setBusyId(v.id)
    try {
      await call('village.setStatus', { villageId: v.id, status })
      message.success(`已${status === 'active' ? '启用' : '停用'}「${v.name}」`)
      refresh()
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setBusyId(null)
    }
  }

  const columns: TableColumnsType<Village> = [
    { title: '编码', dataIndex: 'code', width: 118, render: (c: string) => <span className="sanzi-mono">{c}</span> },
    {
      title: '单位名称',
      dataIndex: 'name',
      render: (name: string, v) =>
        v.level === 'group' ? (
          <div style={{ paddingLeft: 16, lineHeight: 1.45 }}>
            <div>{name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              上级：{v.parentName ?? '—'}
            </Typography.Text>
          </div>
        ) : (
          name
        ),
    },
    {
      title: '级次',
      dataIndex: 'level',
      width: 72,
      render: (l: Village['level']) => <Tag color={l === 'group' ? 'purple' : 'blue'}>{LEVEL_LABELS[l]}</Tag>,
    },
    {
      title: '统一社会信用代码',
      dataIndex: 'uscc',
      width: 170,
      render: (u: string | null) => (u ? <span className="sanzi-mono">{u}</span> : <Typography.Text type="secondary">未填写</Typography.Text>),
    },
    { title: '会计制度', dataIndex: 'chartVersion', width: 104, render: (c: Village['chartVersion']) => CHART_LABELS[c] },
    { title: '建账期间', dataIndex: 'startPeriod', width: 90, render: (p: string) => <span className="sanzi-mono">{p}</span> },
    {
      title: '联系人/电话',
      key: 'contact',
      width: 128,
      render: (_: unknown, v) =>
        v.contactPerson || v.contactPhone ? (
          <div style={{ lineHeight: 1.45 }}>
            <div>{v.contactPerson ?? '—'}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {v.contactPhone ?? ''}
            </Typography.Text>
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 66,
      render: (s: Village['status']) => (s === 'active' ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>),
    },
  ]
  if (canWrite) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 112,
      fixed: 'right',
      render: (_: unknown, v) => (
        <Space size={4}>
          <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', village: v })}>
            编辑
          </Button>
          {v.status === 'active' ? (
            <Popconfirm
              title={`停用「${v.name}」？`}
              description="停用后不再出现在当前村选择中，数据保留，可随时启用。"
              okText="停用"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => setStatus(v, 'disabled')}
            >
              <Button type="link" size="small" danger loading={busyId === v.id}>
                停用
              </Button>
            </Popconfirm>
          ) : (
            <Popconfirm title={`启用「${v.name}」？`} okText="启用" cancelText="取消" onConfirm={() => setStatus(v, 'active')}>
              <Button type="link" size="small" loading={busyId === v.id}>
                启用
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    })
  }

  const emptyText = search
    ? `没有找到与「${search}」匹配的村`
    : canWrite
      ? '还没有村，点击「新增村」开始建账'
      : '暂无可查看的村'

  return (
    <>
      <PageTitle
        title="村管理"
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create' })}>
              新增村
            </Button>
          ) : null
        }
      />
      <div className="sanzi-toolbar">
        <Input.Search
          aria-label="搜索村"
          placeholder="按编码、名称或信用代码搜索"
          allowClear
          enterButton="搜索"
          style={{ width: 360 }}
          onSearch={(s) => setSearch(s.trim())}
        />
        <Checkbox checked={includeDisabled} onChange={(e) => setIncludeDisabled(e.target.checked)}>
          含已停用
        </Checkbox>
        <span style={{ flex: 1 }} />
        <Typography.Text type="secondary">{list.data ? `共 ${list.data.length} 个` : ''}</Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={refresh} aria-label="刷新" />
      </div>
      {list.error ? (
        <Alert
          type="error"
          showIcon
          title={list.error.message}
          action={
            <Button size="small" onClick={list.reload}>
              重试
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Table<Village>
        rowKey="id"
        size="middle"
        bordered
        loading={list.loading}
        columns={columns}
        dataSource={list.data ?? []}
        scroll={{ x: 1060 }}
        pagination={{ defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200], hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个` }}
        locale={{ emptyText }}
        rowClassName={(v) => (v.status === 'disabled' ? 'sanzi-row-disabled' : '')}
      />
      <VillageDrawer
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(v, created) => {
          message.success(`${created ? '已新增' : '已保存'}「${v.name}」`)
          setEditing(null)
          refresh()
        }}
      />
    </>
  )
}
