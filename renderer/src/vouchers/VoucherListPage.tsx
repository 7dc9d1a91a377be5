import { useState } from 'react'
import { Alert, App, Button, DatePicker, Input, Popconfirm, Select, Space, Table, Typography, type TableColumnsType } from 'antd'
import { AuditOutlined, CheckCircleOutlined, DeleteOutlined, FileAddOutlined, ImportOutlined, PrinterOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import type { Village, VoucherStatus, VoucherSummary } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate, replaceParams, useRouteParams } from '../app/routes'
import { useSession } from '../app/session'
import { ImportDialog } from '../imports/ImportDialog'
import { fenOf, fmtYuan } from '../ledger/money'
import { STICKY_IN_CONTENT } from '../ledger/sticky'
import { WithVillage } from '../ledger/WithVillage'
import { rememberVoucherList, StatusTag, useFirstOpenPeriod } from './status'

export function VoucherListPage() {
  return <WithVillage>{(v) => <VoucherList key={v.id} village={v} />}</WithVillage>
}

type Step = 'review' | 'unreview' | 'post' | 'delete'
const STEP_LABELS: Record<Step, string> = { review: '审核', unreview: '取消审核', post: '记账', delete: '删除' }

function VoucherList(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const { message, modal } = App.useApp()
  const params = useRouteParams()
  const firstOpen = useFirstOpenPeriod(village.id, village.startPeriod)
  const year = (firstOpen.period ?? village.startPeriod).slice(0, 4)
  const from = params.get('from') ?? `${year}-01`
  const to = params.get('to') ?? `${year}-12`
  const status = (params.get('status') as VoucherStatus | null) ?? undefined
  const search = params.get('q') ?? ''
  const [page, setPage] = useState({ current: 1, pageSize: 100 })
  const [selected, setSelected] = useState<number[]>([])
  const [busy, setBusy] = useState<Step | null>(null)
  const [keyword, setKeyword] = useState(search)
  const [importing, setImporting] = useState(false)

  const list = useQuery(
    'voucher.list',
    firstOpen.period === undefined
      ? null
      : { villageId: village.id, from, to, status, search: search || undefined, offset: (page.current - 1) * page.pageSize, limit: page.pageSize },
  )
  const rows = list.data?.rows ?? []
  const setFilter = (patch: Record<string, string | undefined>) => {
    replaceParams('vouchers/list', { from, to, status, q: search, ...patch })
    setPage((p) => ({ ...p, current: 1 }))
    setSelected([])
  }

  // a draft opens for editing to its preparer (and the 主管会计); everything else opens to be read
  const mayEdit = (v: VoucherSummary) => v.status === 'draft' && session.can('voucher.save') && (v.preparedById === session.user.id || session.user.role === 'supervisor')
  const open = (v: VoucherSummary) => {
    rememberVoucherList(rows.map((r) => ({ id: r.id, edit: mayEdit(r) })))
    navigate(mayEdit(v) ? 'vouchers/entry' : 'vouchers/view', { id: v.id })
  }

  const selectedRows = rows.filter((r) => selected.includes(r.id))
  const run = async (step: Step) => {
    const ids = selectedRows.map((r) => r.id)
    if (ids.length === 0) return
    setBusy(step)
    try {
      if (step === 'delete') {
        // one call, one transaction: all the selected drafts go, or none
        const r = await call('voucher.delete', { villageId: village.id, voucherIds: ids })
        message.success(`已删除 ${r.deleted} 张草稿`)
      } else {
        const r = await call(`voucher.${step}`, { villageId: village.id, voucherIds: ids })
        message.success(
          step === 'post' ? `已记账 ${r.length} 张：${r.map((v) => v.label).join('、')}` : `已${STEP_LABELS[step]} ${r.length} 张凭证`,
        )
      }
      setSelected([])
    } catch (e) {
      modal.error({ title: `未能${STEP_LABELS[step]}`, content: toApiError(e).message })
    } finally {
      setBusy(null)
      list.reload()
      firstOpen.reload()
    }
  }

  const columns: TableColumnsType<VoucherSummary> = [
    {
      title: '凭证号',
      dataIndex: 'label',
      width: 100,
      render: (_: string, v) => (
        <a className="sanzi-mono" onClick={() => open(v)}>
          {v.number !== null ? v.label : <Typography.Text type="secondary">未记账</Typography.Text>}
        </a>
      ),
    },
    { title: '日期', dataIndex: 'date', width: 104, render: (d: string) => <span className="sanzi-mono">{d}</span> },
    {
      title: '摘要',
      dataIndex: 'summary',
      ellipsis: true,
      render: (s: string, v) => (
        <span title={s}>
          {s}
          {v.lineCount > 2 ? <Typography.Text type="secondary"> 等 {v.lineCount} 行</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: '金额',
      dataIndex: 'total',
      width: 140,
      align: 'right',
      render: (t: string) => <span className={`sanzi-amount${fenOf(t) < 0 ? ' sz-red' : ''}`}>{fmtYuan(t)}</span>,
    },
    { title: '附单据', dataIndex: 'attachments', width: 64, align: 'right' },
    { title: '制单', dataIndex: 'preparedBy', width: 84 },
    { title: '审核', dataIndex: 'reviewedBy', width: 84, render: (s: string | null) => s ?? '' },
    { title: '记账', dataIndex: 'postedBy', width: 84, render: (s: string | null) => s ?? '' },
    { title: '状态', key: 'status', width: 112, render: (_: unknown, v) => <StatusTag v={v} /> },
    {
      title: '冲销',
      key: 'reversal',
      width: 96,
      render: (_: unknown, v) =>
        v.reversesId !== null ? (
          <a onClick={() => navigate('vouchers/view', { id: v.reversesId })}>冲销原凭证</a>
        ) : v.reversedById !== null ? (
          <a onClick={() => navigate('vouchers/view', { id: v.reversedById })} style={{ color: '#cf1322' }}>
            已冲销
          </a>
        ) : null,
    },
  ]

  const can = (s: VoucherStatus) => selectedRows.length > 0 && selectedRows.every((r) => r.status === s)
  const range: [Dayjs, Dayjs] = [dayjs(`${from}-01`), dayjs(`${to}-01`)]

  return (
    <>
      <PageTitle
        title="凭证列表"
        extra={
          <Space>
            {session.can('import.vouchers') ? (
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
                导入序时账
              </Button>
            ) : null}
            {session.can('voucher.save') ? (
              <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate('vouchers/entry', { new: Date.now() })}>
                新增凭证
              </Button>
            ) : null}
          </Space>
        }
      />
      <div className="sanzi-toolbar">
        <DatePicker.RangePicker
          picker="month"
          aria-label="期间"
          allowClear={false}
          value={range}
          format="YYYY年M月"
          onChange={(r) => {
            if (r?.[0] && r[1]) setFilter({ from: r[0].format('YYYY-MM'), to: r[1].format('YYYY-MM') })
          }}
        />
        <Select
          aria-label="状态"
          style={{ width: 120 }}
          placeholder="全部状态"
          allowClear
          value={status}
          onChange={(s?: VoucherStatus) => setFilter({ status: s })}
          options={[
            { value: 'draft', label: '草稿' },
            { value: 'reviewed', label: '已审核' },
            { value: 'posted', label: '已记账' },
          ]}
        />
        <Input.Search
          aria-label="摘要关键字"
          placeholder="摘要关键字"
          allowClear
          style={{ width: 220 }}
          value={keyword}
          onChange={(e) => setKeyword(e.target.value)}
          onSearch={(q) => setFilter({ q })}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          刷新
        </Button>
        <span className="sanzi-header-spacer" />
        <Space wrap>
          <Typography.Text type="secondary">{selected.length > 0 ? `已选 ${selected.length} 张` : '勾选凭证后批量办理'}</Typography.Text>
          {session.can('voucher.review') ? (
            <>
              <Button icon={<AuditOutlined />} disabled={!can('draft')} loading={busy === 'review'} onClick={() => void run('review')}>
                审核
              </Button>
              <Button icon={<StopOutlined />} disabled={!can('reviewed')} loading={busy === 'unreview'} onClick={() => void run('unreview')}>
                取消审核
              </Button>
            </>
          ) : null}
          {session.can('voucher.post') ? (
            <Button type="primary" icon={<CheckCircleOutlined />} disabled={!can('reviewed')} loading={busy === 'post'} onClick={() => void run('post')}>
              记账
            </Button>
          ) : null}
          {session.can('voucher.delete') ? (
            <Popconfirm
              title={`删除所选的 ${selected.length} 张草稿？`}
              okText="删除"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              disabled={!can('draft')}
              onConfirm={() => run('delete')}
            >
              <Button danger icon={<DeleteOutlined />} disabled={!can('draft')} loading={busy === 'delete'}>
                删除草稿
              </Button>
            </Popconfirm>
          ) : null}
          <Button icon={<PrinterOutlined />} disabled={selected.length === 0} onClick={() => navigate('vouchers/print', { ids: selected.join(',') })}>
            打印
          </Button>
        </Space>
      </div>
      {list.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={list.error.message} /> : null}
      <Table<VoucherSummary>
        rowKey="id"
        size="small"
        bordered
        columns={columns}
        dataSource={rows}
        loading={list.loading}
        sticky={STICKY_IN_CONTENT}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), columnWidth: 36 }}
        onRow={(v) => ({ onDoubleClick: () => open(v) })}
        rowClassName={(v) => (v.reversesId !== null ? 'sanzi-row-red' : '')}
        locale={{ emptyText: search || status ? '没有符合条件的凭证' : '这段期间还没有凭证' }}
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [50, 100, 500, 1000],
          showTotal: (t) => `共 ${t} 张`,
          onChange: (current, pageSize) => {
            setPage({ current, pageSize })
            setSelected([])
          },
        }}
      />
      <ImportDialog
        kind="vouchers"
        villageId={village.id}
        open={importing}
        onClose={(r) => {
          setImporting(false)
          if (r && r.kind === 'vouchers' && r.firstDate && r.lastDate) setFilter({ from: r.firstDate.slice(0, 7), to: r.lastDate.slice(0, 7), status: 'draft', q: undefined })
          list.reload()
          firstOpen.reload()
        }}
      />
    </>
  )
}
