import { useMemo, useState } from 'react'
import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import {
  ACCOUNT_CLASS_LABELS,
  ACCOUNT_CLASSES,
  AUX_KIND_LABELS,
  AUX_KINDS,
  MAX_ACCOUNT_LEVEL,
  NORMAL_SIDE_LABELS,
  type AccountClass,
  type AuxKind,
} from '../../../shared/accounts'
import type { AuxItem, Village } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { CHART_LABELS } from '../app/format'
import { PageTitle } from '../app/PageTitle'
import { useSession } from '../app/session'
import { ImportDialog } from '../imports/ImportDialog'
import { useAuxItems, useChart, type ChartAccount } from '../ledger/chart'
import { STICKY_IN_CONTENT } from '../ledger/sticky'
import { WithVillage } from '../ledger/WithVillage'

export function ChartPage() {
  return <WithVillage>{(v) => <ChartTabs key={v.id} village={v} />}</WithVillage>
}

function ChartTabs(props: { village: Village }) {
  const [tab, setTab] = useState('accounts')
  return (
    <>
      <PageTitle title="科目表" extra={<Typography.Text type="secondary">{`${props.village.name} · ${CHART_LABELS[props.village.chartVersion]}`}</Typography.Text>} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'accounts', label: '会计科目', children: <Accounts village={props.village} /> },
          { key: 'aux', label: '辅助核算项目', children: <AuxItems village={props.village} /> },
        ]}
      />
    </>
  )
}

interface TreeRow extends ChartAccount {
  children?: TreeRow[]
}

type Editing = { mode: 'create'; parent: ChartAccount } | { mode: 'edit'; account: ChartAccount } | null

function Accounts(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const { message } = App.useApp()
  const chart = useChart(village.id)
  const [cls, setCls] = useState<AccountClass | 'all'>('all')
  const [search, setSearch] = useState('')
  const [showDisabled, setShowDisabled] = useState(false)
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set())
  const [editing, setEditing] = useState<Editing>(null)
  const [busyId, setBusyId] = useState<number | null>(null)
  const [importing, setImporting] = useState(false)
  const canWrite = session.can('account.create')

  const { tree, parents, shown } = useMemo(() => {
    const q = search.trim()
    const keep = chart.accounts.filter(
      (a) => (cls === 'all' || a.class === cls) && (showDisabled || a.status === 'active') && (q === '' || a.code.startsWith(q) || a.path.includes(q)),
    )
    // a match keeps its ancestors, so that the tree stays a tree
    const ids = new Set(keep.map((a) => a.id))
    for (const a of keep) {
      let p = a.parentId === null ? undefined : chart.byId.get(a.parentId)
      while (p) {
        ids.add(p.id)
        p = p.parentId === null ? undefined : chart.byId.get(p.parentId)
      }
    }
    const rows = new Map<number, TreeRow>()
    for (const a of chart.accounts) if (ids.has(a.id)) rows.set(a.id, { ...a })
    const roots: TreeRow[] = []
    const parentIds: number[] = []
    for (const r of rows.values()) {
      const p = r.parentId === null ? undefined : rows.get(r.parentId)
      if (p) {
        if (!p.children) {
          p.children = []
          parentIds.push(p.id)
        }
        p.children.push(r)
      } else roots.push(r)
    }
    return { tree: roots, parents: parentIds, shown: rows.size }
  }, [chart.accounts, chart.byId, cls, search, showDisabled])

  const setStatus = async (a: ChartAccount, status: 'active' | 'disabled') => {
    setBusyId(a.id)
    try {
      await call('account.setStatus', { villageId: village.id, accountId: a.id, status })
      message.success(`已${status === 'active' ? '启用' : '停用'}「${a.code} ${a.name}」`)
      chart.reload()
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setBusyId(null)
    }
  }

  const columns: TableColumnsType<TreeRow> = [
    { title: '科目编码', dataIndex: 'code', width: 190, render: (c: string) => <span className="sanzi-mono">{c}</span> },
    {
      title: '科目名称',
      dataIndex: 'name',
      render: (n: string, a) => (
        <span>
          {a.level === 1 ? <b>{n}</b> : n}
          {a.isLeaf ? null : <Typography.Text type="secondary"> （{a.children?.length ?? 0} 个下级）</Typography.Text>}
        </span>
      ),
    },
    { title: '类别', dataIndex: 'class', width: 96, render: (c: AccountClass) => ACCOUNT_CLASS_LABELS[c] },
    { title: '余额方向', dataIndex: 'normalSide', width: 80, align: 'center', render: (s: ChartAccount['normalSide']) => NORMAL_SIDE_LABELS[s] },
    {
      title: '辅助核算',
      dataIndex: 'auxKind',
      width: 100,
      render: (k: AuxKind | null) => (k ? <Tag color="geekblue">{AUX_KIND_LABELS[k]}</Tag> : null),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 72,
      render: (s: string, a) => (s === 'active' ? a.standard ? <Tag>制度科目</Tag> : <Tag color="success">启用</Tag> : <Tag color="default">停用</Tag>),
    },
  ]
  if (canWrite) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 210,
      render: (_: unknown, a) => (
        <Space size={0}>
          {a.level < MAX_ACCOUNT_LEVEL && a.status === 'active' ? (
            <Button type="link" size="small" onClick={() => setEditing({ mode: 'create', parent: a })}>
              增设下级
            </Button>
          ) : null}
          <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', account: a })}>
            编辑
          </Button>
          {a.status === 'active' ? (
            <Popconfirm
              title={`停用「${a.code} ${a.name}」？`}
              description="停用后不能在凭证中选用（连同下级科目），已有数据保留。"
              okText="停用"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => setStatus(a, 'disabled')}
            >
              <Button type="link" size="small" danger loading={busyId === a.id}>
                停用
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" loading={busyId === a.id} onClick={() => void setStatus(a, 'active')}>
              启用
            </Button>
          )}
        </Space>
      ),
    })
  }

  const expanded = parents.filter((id) => !collapsed.has(id))

  return (
    <>
      <div className="sanzi-toolbar">
        <Segmented
          value={cls}
          onChange={(v) => setCls(v as AccountClass | 'all')}
          options={[{ value: 'all', label: '全部' }, ...ACCOUNT_CLASSES.map((c) => ({ value: c, label: ACCOUNT_CLASS_LABELS[c] }))]}
        />
        <Input.Search aria-label="搜索科目" placeholder="编码或名称" allowClear style={{ width: 220 }} onSearch={setSearch} onChange={(e) => e.target.value === '' && setSearch('')} />
        <Checkbox checked={showDisabled} onChange={(e) => setShowDisabled(e.target.checked)}>
          含已停用
        </Checkbox>
        <Button size="small" onClick={() => setCollapsed(new Set())}>
          全部展开
        </Button>
        <Button size="small" onClick={() => setCollapsed(new Set(parents))}>
          全部折叠
        </Button>
        <Button size="small" icon={<ReloadOutlined />} onClick={chart.reload}>
          刷新
        </Button>
        <Typography.Text type="secondary">共 {shown} 个科目</Typography.Text>
        <span className="sanzi-header-spacer" />
        {session.can('import.chart') ? (
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
            导入科目表
          </Button>
        ) : null}
      </div>
      {chart.error ? <Alert type="error" showIcon message={chart.error} style={{ marginBottom: 12 }} /> : null}
      <Table<TreeRow>
        rowKey="id"
        size="small"
        bordered
        columns={columns}
        dataSource={tree}
        loading={chart.loading}
        pagination={false}
        sticky={STICKY_IN_CONTENT}
        indentSize={18}
        rowClassName={(a) => (a.status !== 'active' ? 'sanzi-row-disabled' : a.level === 1 ? 'sanzi-row-level1' : '')}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, a) =>
            setCollapsed((c) => {
              const n = new Set(c)
              if (open) n.delete(a.id)
              else n.add(a.id)
              return n
            }),
        }}
      />
      <ImportDialog
        kind="chart"
        villageId={village.id}
        open={importing}
        onClose={(r) => {
          setImporting(false)
          if (r) chart.reload()
        }}
      />
      <AccountModal
        editing={editing}
        village={village}
        accounts={chart.accounts}
        onClose={(saved) => {
          setEditing(null)
          if (saved) chart.reload()
        }}
      />
    </>
  )
}

/** The next free code under a parent: its code plus two digits, after the last child. */
export function nextChildCode(parent: ChartAccount, accounts: readonly ChartAccount[]): string {
  const used = accounts.filter((a) => a.parentId === parent.id).map((a) => Number(a.code.slice(parent.code.length)))
  const n = used.length === 0 ? 1 : Math.max(...used) + 1
  return `${parent.code}${String(Math.min(n, 99)).padStart(2, '0')}`
}

interface AccountValues {
  code: string
  name: string
  auxKind: AuxKind | null
}

function AccountModal(props: { editing: Editing; village: Village; accounts: ChartAccount[]; onClose: (saved: boolean) => void }) {
  const { editing, village } = props
  const { message } = App.useApp()
  const [form] = Form.useForm<AccountValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const account = editing?.mode === 'edit' ? editing.account : null
  const parent = editing?.mode === 'create' ? editing.parent : null

  const submit = async (v: AccountValues) => {
    setBusy(true)
    setError(null)
    try {
      const saved = account
        ? await call('account.update', { villageId: village.id, accountId: account.id, name: v.name, auxKind: v.auxKind ?? null })
        : await call('account.create', { villageId: village.id, code: v.code, name: v.name, auxKind: v.auxKind ?? null })
      message.success(`${account ? '已保存' : '已增设'}科目「${saved.code} ${saved.name}」`)
      props.onClose(true)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['code', 'name', 'auxKind']))
    } finally {
      setBusy(false)
    }
  }

  const initial: Partial<AccountValues> = account
    ? { code: account.code, name: account.name, auxKind: account.auxKind }
    : parent
      ? { code: nextChildCode(parent, props.accounts), name: '', auxKind: null }
      : {}
  const auxAllowed = account ? account.isLeaf : true

  return (
    <Modal
      open={editing !== null}
      title={account ? `编辑科目 ${account.code}` : parent ? `增设下级科目（上级：${parent.code} ${parent.path}）` : ''}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => props.onClose(false)}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="horizontal" labelCol={{ span: 5 }} initialValues={initial} onFinish={(v) => void submit(v)} preserve={false} clearOnDestroy>
        <Form.Item name="code" label="科目编码" extra={parent ? '3-2-2-2 编码：上级编码后加 2 位' : undefined} rules={[{ required: true, message: '请填写科目编码' }]}>
          <Input className="sanzi-mono" disabled={account !== null} maxLength={9} />
        </Form.Item>
        <Form.Item name="name" label="科目名称" rules={[{ required: true, message: '请填写科目名称' }]}>
          <Input autoFocus maxLength={40} disabled={account?.standard === true} />
        </Form.Item>
        <Form.Item name="auxKind" label="辅助核算" extra={auxAllowed ? '往来、农户、项目、银行账户科目按项目登记明细' : '只有末级科目可以设置辅助核算'}>
          <Select
            aria-label="辅助核算"
            allowClear
            disabled={!auxAllowed}
            placeholder="不设"
            options={AUX_KINDS.map((k) => ({ value: k, label: AUX_KIND_LABELS[k] }))}
          />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon message={error} /> : null}
    </Modal>
  )
}

function AuxItems(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const { message } = App.useApp()
  const aux = useAuxItems(village.id)
  const [kind, setKind] = useState<AuxKind | 'all'>('all')
  const [adding, setAdding] = useState(false)
  const [form] = Form.useForm<{ kind: AuxKind; name: string; code?: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const rows = aux.items.filter((x) => kind === 'all' || x.kind === kind)

  const submit = async (v: { kind: AuxKind; name: string; code?: string }) => {
    setBusy(true)
    setError(null)
    try {
      const item = await call('aux.create', { villageId: village.id, kind: v.kind, name: v.name, code: v.code || null })
      message.success(`已新增${AUX_KIND_LABELS[item.kind]}「${item.name}」`)
      setAdding(false)
      aux.reload()
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['kind', 'name', 'code']))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<AuxItem> = [
    { title: '类别', dataIndex: 'kind', width: 110, render: (k: AuxKind) => <Tag color="geekblue">{AUX_KIND_LABELS[k]}</Tag> },
    { title: '编码', dataIndex: 'code', width: 140, render: (c: string | null) => (c ? <span className="sanzi-mono">{c}</span> : '') },
    { title: '名称', dataIndex: 'name' },
    { title: '状态', dataIndex: 'status', width: 80, render: (s: string) => (s === 'active' ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>) },
  ]

  return (
    <>
      <div className="sanzi-toolbar">
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as AuxKind | 'all')}
          options={[{ value: 'all', label: '全部' }, ...AUX_KINDS.map((k) => ({ value: k, label: AUX_KIND_LABELS[k] }))]}
        />
        <Typography.Text type="secondary">共 {rows.length} 项</Typography.Text>
        <span className="sanzi-header-spacer" />
        {session.can('aux.create') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setError(null)
              setAdding(true)
            }}
          >
            新增项目
          </Button>
        ) : null}
      </div>
      <Table<AuxItem> rowKey="id" size="small" bordered columns={columns} dataSource={rows} loading={aux.loading} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      <Modal
        open={adding}
        title="新增辅助核算项目"
        okText="保存"
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={() => form.submit()}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        <Form form={form} layout="horizontal" labelCol={{ span: 4 }} initialValues={{ kind: kind === 'all' ? 'counterparty' : kind }} onFinish={(v) => void submit(v)} preserve={false} clearOnDestroy>
          <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
            <Select aria-label="类别" options={AUX_KINDS.map((k) => ({ value: k, label: AUX_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input autoFocus maxLength={60} />
          </Form.Item>
          <Form.Item name="code" label="编码">
            <Input maxLength={30} className="sanzi-mono" />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon message={error} /> : null}
      </Modal>
    </>
  )
}
