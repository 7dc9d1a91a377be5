import { useMemo, useState } from 'react'
import { App, Button, Card, Checkbox, DatePicker, Input, Select, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { FileExcelOutlined, PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { BOARD_STEP_FILTERS, NO_CAMPAIGN_LABEL, type BoardStepFilter, type CampaignBoardRow } from '../../../shared/api/campaignBoardTypes'
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS, type CampaignStep } from '../../../shared/api/campaignTypes'
import { call, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate } from '../app/routes'
import { useSession } from '../app/session'
import { ListError } from '../registers/RegisterPage'
import { dialogValue, nativeFiles } from '../jobs/files'
import { defaultAsOf } from './common'
import { StartCampaignModal } from './StartCampaignModal'

const stepIndex = (s: CampaignStep | null) => (s === null ? -1 : CAMPAIGN_STEPS.indexOf(s))
const filterLabel = (f: BoardStepFilter) => (f === 'none' ? NO_CAMPAIGN_LABEL : CAMPAIGN_STEP_LABELS[f])

/** One step's cell: done (green, the date entered), current (blue or red when overdue), not reached (grey). */
function StepCell(props: { row: CampaignBoardRow; step: CampaignStep }) {
  const { row, step } = props
  const at = stepIndex(row.step)
  const i = CAMPAIGN_STEPS.indexOf(step)
  const date = row.entered[step]
  if (at < 0 || i > at) return <span style={{ color: '#bfbfbf' }}>—</span>
  if (i < at || row.reported)
    return (
      <Tag color="success" title={date ?? undefined}>
        {date ? date.slice(5) : '已完成'}
      </Tag>
    )
  return (
    <Tooltip title={row.overdueReason ?? (row.daysInStep !== null ? `已 ${row.daysInStep} 天${row.allowanceDays !== null ? `（限 ${row.allowanceDays} 天）` : ''}` : undefined)}>
      <div>
        <Tag color={row.overdue ? 'error' : 'processing'} style={{ marginInlineEnd: 0 }}>
          {date ? date.slice(5) : '进行中'}
        </Tag>
        {row.daysInStep !== null ? <div style={{ fontSize: 12, color: row.overdue ? '#cf1322' : '#6b7280' }}>{`第 ${row.daysInStep} 天`}</div> : null}
      </div>
    </Tooltip>
  )
}

/**
 * 清查看板 (issue 5 §8), the agency's start page: every village of the user's scope × the six steps with the date each
 * was entered, 逾期 marks, counts per step, filters; a village opens its campaign; 发起清查 for one without.
 */
export function CampaignBoardPage() {
  const session = useSession()
  const { modal, message } = App.useApp()
  const [asOf, setAsOf] = useState<string | undefined>()
  const [step, setStep] = useState<BoardStepFilter | undefined>()
  const [overdueOnly, setOverdueOnly] = useState(false)
  const [search, setSearch] = useState('')
  const [starting, setStarting] = useState<{ villageId?: number } | null>(null)
  const [rolling, setRolling] = useState(false)
  const q = useQuery('campaign.board', { asOf, step, overdueOnly })
  const board = q.data
  const rows = useMemo(() => {
    const s = search.trim()
    const all = board?.rows ?? []
    return s ? all.filter((r) => r.villageName.includes(s) || r.villageCode.includes(s)) : all
  }, [board, search])
  const canStart = session.can('campaign.start')
  const open = (r: CampaignBoardRow) => {
    if (r.campaign) navigate('campaigns/detail', { village: r.villageId, id: r.campaign.id })
  }

  const rollup = async () => {
    // the board's date, else the latest 基准日 of the campaigns shown, else 12-31 of last year
    const latest = (board?.rows ?? []).map((r) => r.campaign?.asOf ?? '').reduce((a, b) => (b > a ? b : a), '')
    const date = asOf ?? (latest || defaultAsOf())
    const files = nativeFiles()
    setRolling(true)
    try {
      let to: string | null = null
      if (files) {
        const chosen = await dialogValue(files.chooseExportPath({ title: '导出清查汇总表', defaultName: `清查汇总表-${date}.xlsx` }), 'chooseExportPath')
        if (chosen === null) return
        to = chosen
      }
      const r = await call('campaign.rollup', { asOf: date, to })
      modal.success({
        title: '已导出清查汇总表',
        width: 560,
        content: (
          <div data-testid="rollup-result">
            <p style={{ marginBottom: 6 }}>
              基准日 {date}：汇总 {r.villages} 个村{r.notSummed ? `，${r.notSummed} 个村未发起或仍在清理、未计入` : ''}；共 {r.rows} 行。文件保存在：
            </p>
            <Typography.Paragraph copyable={{ text: r.path, tooltips: ['复制路径', '已复制'] }} className="sanzi-mono" style={{ wordBreak: 'break-all' }}>
              {r.path}
            </Typography.Paragraph>
          </div>
        ),
      })
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setRolling(false)
    }
  }

  const columns: TableColumnsType<CampaignBoardRow> = [
    {
      title: '村',
      key: 'village',
      width: 210,
      fixed: 'left',
      render: (_, r) => (
        <Space size={4} orientation="vertical" style={{ lineHeight: 1.3 }}>
          {r.campaign ? <a onClick={() => open(r)}>{r.villageName}</a> : <span>{r.villageName}</span>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }} className="sanzi-mono">
            {r.villageCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '基准日', key: 'asOf', width: 104, render: (_, r) => r.campaign?.asOf ?? '' },
    {
      title: '当前步骤',
      key: 'step',
      width: 160,
      render: (_, r) =>
        r.campaign === null ? (
          <Tag>{NO_CAMPAIGN_LABEL}</Tag>
        ) : r.reported ? (
          <Tag color="success">已上报</Tag>
        ) : (
          <div>
            <Tag color={r.overdue ? 'error' : 'processing'}>{r.stepLabel}</Tag>
            {r.overdue ? (
              <div style={{ color: '#cf1322', fontSize: 12, marginTop: 2 }}>
                <WarningOutlined /> {r.overdueReason ?? '逾期'}
              </div>
            ) : null}
          </div>
        ),
    },
    ...CAMPAIGN_STEPS.map((s) => ({ title: CAMPAIGN_STEP_LABELS[s], key: s, width: 82, align: 'center' as const, render: (_: unknown, r: CampaignBoardRow) => <StepCell row={r} step={s} /> })),
    {
      title: '操作',
      key: 'op',
      width: 88,
      fixed: 'right',
      render: (_, r) =>
        r.campaign ? (
          <a onClick={() => open(r)}>打开</a>
        ) : canStart ? (
          <a onClick={() => setStarting({ villageId: r.villageId })} data-testid={`start-${r.villageCode}`}>
            发起清查
          </a>
        ) : null,
    },
  ]

  const t = board?.totals
  const startable = (board?.rows ?? []).filter((r) => r.campaign === null || r.reported).map((r) => ({ id: r.villageId, label: `${r.villageCode} ${r.villageName}` }))
  return (
    <>
      <PageTitle
        title="清查看板"
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={q.reload}>
              刷新
            </Button>
            {session.can('campaign.rollup') ? (
              <Button icon={<FileExcelOutlined />} loading={rolling} onClick={() => void rollup()} data-testid="rollup-export">
                导出汇总表
              </Button>
            ) : null}
            {canStart ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting({})} data-testid="campaign-start">
                发起清查
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} data-testid="board-totals">
        <Space size={32} wrap>
          <Statistic title="村数" value={t?.villages ?? 0} />
          <Statistic title={NO_CAMPAIGN_LABEL} value={t?.none ?? 0} />
          {CAMPAIGN_STEPS.map((s) => (
            <Statistic key={s} title={CAMPAIGN_STEP_LABELS[s]} value={t?.steps[s] ?? 0} />
          ))}
          <Statistic title="已上报" value={t?.reported ?? 0} valueStyle={{ color: '#389e0d' }} />
          <Statistic title="逾期" value={t?.overdue ?? 0} valueStyle={t?.overdue ? { color: '#cf1322' } : undefined} />
        </Space>
      </Card>
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Input.Search aria-label="搜索村" placeholder="村名或代码" allowClear style={{ width: 220 }} onSearch={setSearch} onChange={(e) => !e.target.value && setSearch('')} />
        <DatePicker aria-label="清查基准日" placeholder="全部基准日" value={asOf ? dayjs(asOf) : null} onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : undefined)} style={{ width: 160 }} />
        <Select aria-label="步骤" placeholder="全部步骤" allowClear style={{ width: 140 }} value={step} onChange={(v: BoardStepFilter | undefined) => setStep(v)} options={BOARD_STEP_FILTERS.map((f) => ({ value: f, label: filterLabel(f) }))} />
        <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>
          只看逾期
        </Checkbox>
        {board ? <Typography.Text type="secondary">天数计至 {board.today}</Typography.Text> : null}
      </Space>
      <ListError error={q.error} />
      <Table<CampaignBoardRow>
        size="small"
        bordered
        rowKey="villageId"
        loading={q.loading && !board}
        dataSource={rows}
        columns={columns}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 1060 }}
        onRow={(r) => ({ onDoubleClick: () => open(r) })}
        rowClassName={(r) => (r.overdue ? 'sanzi-row-warn' : '')}
        locale={{ emptyText: overdueOnly ? '没有逾期的村' : '没有符合条件的村' }}
        data-testid="campaign-board"
      />
      {starting ? (
        <StartCampaignModal
          villages={startable}
          villageId={starting.villageId}
          onClose={(c) => {
            setStarting(null)
            if (c) {
              q.reload()
              navigate('campaigns/detail', { village: c.villageId, id: c.id })
            }
          }}
        />
      ) : null}
    </>
  )
}
