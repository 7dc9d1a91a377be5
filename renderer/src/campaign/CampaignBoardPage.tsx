import { useMemo, useState } from 'react'
import { Button, Card, Checkbox, DatePicker, Input, Select, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { BOARD_STEP_FILTERS, NO_CAMPAIGN_LABEL, type BoardStepFilter, type CampaignBoardRow } from '../../../shared/api/campaignBoardTypes'
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS, type CampaignStep } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate } from '../app/routes'
import { useSession } from '../app/session'
import { ListError } from '../registers/RegisterPage'
import { CampaignFileButton, defaultAsOf } from './common'
import { StartCampaignModal } from './StartCampaignModal'

const stepIndex = (s: CampaignStep | null) => (s === null ? -1 : CAMPAIGN_STEPS.indexOf(s))
const filterLabel = (f: BoardStepFilter) => (f === 'none' ? NO_CAMPAIGN_LABEL : CAMPAIGN_STEP_LABELS[f])

/** a board row with its 村民小组 under it (antd tree data) */
type BoardNode = CampaignBoardRow & { children?: BoardNode[] }

/** The 村民小组 of the rows nested under their village (parentId); a group whose village is not among the rows (filtered out) stays at the top. */
export function boardTree(rows: CampaignBoardRow[]): BoardNode[] {
  const villages = new Map(rows.filter((r) => r.level === 'village').map((r) => [r.villageId, { ...r } as BoardNode]))
  const top: BoardNode[] = []
  for (const r of rows) {
    const own = villages.get(r.villageId)
    if (own) {
      top.push(own)
      continue
    }
    const parent = r.parentId === null ? undefined : villages.get(r.parentId)
    if (parent) parent.children = [...(parent.children ?? []), { ...r }]
    else top.push({ ...r })
  }
  return top
}

/** the board's filters, applied here so the header counts the villages and groups of the whole scope */
const passes = (r: CampaignBoardRow, step: BoardStepFilter | undefined, overdueOnly: boolean, search: string) =>
  (step === undefined || (step === 'none' ? r.step === null : r.step === step)) && (!overdueOnly || r.overdue) && (!search || r.villageName.includes(search) || r.villageCode.includes(search))

/** a header figure: the villages, and the groups beside them when there are any */
export function LevelCount(props: { title: string; rows: CampaignBoardRow[]; color?: string }) {
  const groups = props.rows.filter((r) => r.level === 'group').length
  return (
    <Statistic
      title={props.title}
      value={props.rows.length - groups}
      valueStyle={props.color && props.rows.length ? { color: props.color } : undefined}
      suffix={groups ? <span style={{ fontSize: 13, color: '#6b7280' }}>{`村 · ${groups} 组`}</span> : undefined}
    />
  )
}

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
  const [asOf, setAsOf] = useState<string | undefined>()
  const [step, setStep] = useState<BoardStepFilter | undefined>()
  const [overdueOnly, setOverdueOnly] = useState(false)
  const [search, setSearch] = useState('')
  const [starting, setStarting] = useState<{ villageId?: number } | null>(null)
  const [expanded, setExpanded] = useState<readonly React.Key[]>([])
  // every village of the scope: the filters are applied below, so the header splits 村 and 组 over the whole scope
  const q = useQuery('campaign.board', { asOf, overdueOnly: false })
  const board = q.data
  const all = useMemo(() => board?.rows ?? [], [board])
  const shown = useMemo(() => all.filter((r) => passes(r, step, overdueOnly, search.trim())), [all, step, overdueOnly, search])
  const rows = useMemo(() => boardTree(shown), [shown])
  const withGroups = rows.filter((r) => r.children?.length).map((r) => r.villageId)
  const allExpanded = withGroups.length > 0 && withGroups.every((id) => expanded.includes(id))
  const canStart = session.can('campaign.start')
  const open = (r: CampaignBoardRow) => {
    if (r.campaign) navigate('campaigns/detail', { village: r.villageId, id: r.campaign.id })
  }

  // the 汇总表's date: the board's, else the latest 基准日 of the campaigns shown, else 12-31 of last year
  const latest = all.map((r) => r.campaign?.asOf ?? '').reduce((a, b) => (b > a ? b : a), '')
  const rollupDate = asOf ?? (latest || defaultAsOf())

  const columns: TableColumnsType<BoardNode> = [
    {
      title: '村',
      key: 'village',
      width: 210,
      fixed: 'left',
      render: (_, r: BoardNode) => (
        <Space size={4} orientation="vertical" style={{ lineHeight: 1.3 }}>
          {r.campaign ? <a onClick={() => open(r)}>{r.villageName}</a> : <span>{r.villageName}</span>}
          <span style={{ fontSize: 12 }}>
            <Typography.Text type="secondary" className="sanzi-mono">
              {r.villageCode}
            </Typography.Text>
            {r.level === 'group' || r.children?.length ? <Typography.Text type="secondary">{r.level === 'group' ? ' · 组级' : ` · 含 ${r.children?.length ?? 0} 个组`}</Typography.Text> : null}
          </span>
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

  const inStep = (s: CampaignStep) => all.filter((r) => r.step === s)
  const startable = all.filter((r) => r.campaign === null || r.reported).map((r) => ({ id: r.villageId, label: `${r.villageCode} ${r.villageName}` }))
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
              <CampaignFileButton
                label="导出汇总表"
                title="导出清查汇总表"
                defaultName={`清查汇总表-${rollupDate}.xlsx`}
                write={(to) => call('campaign.rollup', { asOf: rollupDate, to })}
                summary={(r) => `基准日 ${rollupDate}：汇总 ${r.villages} 个村${r.notSummed ? `，${r.notSummed} 个村未发起或仍在清理、未计入` : ''}。`}
                resultTestId="rollup-result"
                testId="rollup-export"
              />
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
          <LevelCount title="村数" rows={all} />
          <LevelCount title={NO_CAMPAIGN_LABEL} rows={all.filter((r) => r.step === null)} />
          {CAMPAIGN_STEPS.map((s) => (
            <LevelCount key={s} title={CAMPAIGN_STEP_LABELS[s]} rows={inStep(s)} />
          ))}
          <LevelCount title="已上报" rows={all.filter((r) => r.reported)} color="#389e0d" />
          <LevelCount title="逾期" rows={all.filter((r) => r.overdue)} color="#cf1322" />
        </Space>
      </Card>
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Input.Search aria-label="搜索村" placeholder="村名或代码" allowClear style={{ width: 220 }} onSearch={setSearch} onChange={(e) => !e.target.value && setSearch('')} />
        <DatePicker aria-label="清查基准日" placeholder="全部基准日" value={asOf ? dayjs(asOf) : null} onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : undefined)} style={{ width: 160 }} />
        <Select aria-label="步骤" placeholder="全部步骤" allowClear style={{ width: 140 }} value={step} onChange={(v: BoardStepFilter | undefined) => setStep(v)} options={BOARD_STEP_FILTERS.map((f) => ({ value: f, label: filterLabel(f) }))} />
        <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>
          只看逾期
        </Checkbox>
        {withGroups.length ? (
          <Checkbox checked={allExpanded} onChange={(e) => setExpanded(e.target.checked ? withGroups : [])} data-testid="board-expand-groups">
            展开村民小组
          </Checkbox>
        ) : null}
        {board ? <Typography.Text type="secondary">天数计至 {board.today}</Typography.Text> : null}
      </Space>
      <ListError error={q.error} />
      <Table<BoardNode>
        size="small"
        bordered
        rowKey="villageId"
        loading={q.loading && !board}
        dataSource={rows}
        columns={columns}
        expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys), indentSize: 20 }}
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
