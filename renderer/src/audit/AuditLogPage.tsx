import { useState } from 'react'
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd'
import { ReloadOutlined, SafetyOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import type { AuditEntry, AuditVerifyReport } from '../../../shared/api/types'
import { call, methodTitle, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { formatTime } from '../app/format'
import { PageTitle } from '../app/PageTitle'
import { useSession } from '../app/session'
import { AuditDiff } from './AuditDiff'
import { DbTools } from './DbTools'

interface Filters {
  userId?: number
  villageId?: number
  range: [Dayjs, Dayjs] | null
  search: string
}

export function AuditLogPage() {
  const session = useSession()
  const [filters, setFilters] = useState<Filters>({ range: null, search: '' })
  const [page, setPage] = useState({ current: 1, pageSize: 50 })
  const [verify, setVerify] = useState<{ report?: AuditVerifyReport; error?: string; busy: boolean }>({ busy: false })

  const canListUsers = session.can('user.list')
  const users = useQuery('user.list', canListUsers ? { includeDisabled: true } : null)
  const villages = useQuery('village.list', { includeDisabled: true })

  const log = useQuery('audit.list', {
    userId: filters.userId,
    villageId: filters.villageId,
    from: filters.range?.[0].format('YYYY-MM-DD'),
    to: filters.range?.[1].format('YYYY-MM-DD'),
    search: filters.search || undefined,
    offset: (page.current - 1) * page.pageSize,
    limit: page.pageSize,
  })

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPage((p) => ({ ...p, current: 1 }))
  }

  const runVerify = async () => {
    setVerify({ busy: true })
    try {
      setVerify({ busy: false, report: await call('audit.verify', {}) })
    } catch (e) {
      setVerify({ busy: false, error: toApiError(e).message })
    }
  }

  const columns: TableColumnsType<AuditEntry> = [
    { title: '序号', dataIndex: 'seq', width: 80, align: 'right', render: (s: number) => <span className="sanzi-mono">{s}</span> },
    { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => <span className="sanzi-mono">{formatTime(t)}</span> },
    { title: '操作人', dataIndex: 'userName', width: 110, render: (u: string) => u || '—' },
    {
      title: '村',
      dataIndex: 'villageName',
      width: 200,
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    { title: '操作', dataIndex: 'method', width: 130, render: (m: string) => <span title={m}>{methodTitle(m)}</span> },
    { title: '摘要', key: 'action', render: (_: unknown, e) => e.summary.action },
  ]

  const rows = log.data?.rows ?? []
  const filtered = filters.userId !== undefined || filters.villageId !== undefined || filters.range !== null || filters.search !== ''

  return (
    <>
      <PageTitle
        title="操作日志"
        extra={
          <Space>
            <Button icon={<SafetyOutlined />} onClick={runVerify} loading={verify.busy}>
              校验日志链
            </Button>
            <DbTools />
          </Space>
        }
      />
      {verify.report ? (
        verify.report.ok ? (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setVerify({ busy: false }) }}
            style={{ marginBottom: 12 }}
            title={`日志链完整：共校验 ${verify.report.checked} 条，未发现改动或缺失`}
            description={
              verify.report.headHash ? (
                <span>
                  链头哈希：<Typography.Text className="sanzi-mono" copyable>{verify.report.headHash}</Typography.Text>
                </span>
              ) : (
                '日志为空'
              )
            }
          />
        ) : (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={`日志链校验未通过：第 ${verify.report.firstBad?.seq ?? '?'} 条起不可信`}
            description={
              <span style={{ color: '#cf1322' }}>
                {verify.report.firstBad?.reason}（此前已校验 {verify.report.checked} 条无误）。请立即停止记账，保留账套文件，并联系主管会计和审计。
              </span>
            }
          />
        )
      ) : null}
      {verify.error ? <Alert type="error" showIcon title={verify.error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="sanzi-toolbar" style={{ marginBottom: 0 }}>
          {canListUsers ? (
            <Select
              aria-label="操作人"
              allowClear
              placeholder="全部操作人"
              style={{ width: 180 }}
              value={filters.userId}
              onChange={(v: number | undefined) => change({ userId: v })}
              showSearch={{ optionFilterProp: 'label' }}
              options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
            />
          ) : null}
          <Select
            aria-label="村"
            allowClear
            placeholder="全部村"
            style={{ width: 260 }}
            value={filters.villageId}
            onChange={(v: number | undefined) => change({ villageId: v })}
            showSearch={{ optionFilterProp: 'label' }}
            options={(villages.data ?? []).map((v) => ({ value: v.id, label: `${v.code} ${v.name}` }))}
          />
          <DatePicker.RangePicker
            aria-label="日期范围"
            value={filters.range}
            onChange={(r) => change({ range: r && r[0] && r[1] ? [r[0], r[1]] : null })}
            placeholder={['开始日期', '结束日期']}
            format="YYYY-MM-DD"
          />
          <Input.Search
            aria-label="关键字"
            allowClear
            placeholder="摘要、操作或操作人中的关键字"
            style={{ width: 280 }}
            onSearch={(s) => change({ search: s.trim() })}
            enterButton="查询"
          />
          <span style={{ flex: 1 }} />
          <Button icon={<ReloadOutlined />} onClick={log.reload} aria-label="刷新" />
        </div>
      </Card>
      {log.error ? <Alert type="error" showIcon title={log.error.message} style={{ marginBottom: 12 }} /> : null}
      <Table<AuditEntry>
        rowKey="seq"
        size="middle"
        bordered
        loading={log.loading}
        columns={columns}
        dataSource={rows}
        expandable={{
          expandedRowRender: (e) => <AuditDiff entry={e} />,
        }}
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: log.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (t) => `共 ${t} 条`,
          onChange: (current, pageSize) => setPage({ current: pageSize === page.pageSize ? current : 1, pageSize }),
        }}
        locale={{ emptyText: filtered ? '没有符合条件的日志' : '暂无操作日志' }}
      />
    </>
  )
}
