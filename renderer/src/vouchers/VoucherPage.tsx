import { useEffect, useEffectEvent, useMemo, useRef, useState, type ComponentRef } from 'react'
import { Alert, App, Button, Card, DatePicker, InputNumber, Modal, Popconfirm, Space, Spin, Tag, Tooltip, Typography } from 'antd'
import {
  AuditOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  FileAddOutlined,
  LeftOutlined,
  PrinterOutlined,
  RightOutlined,
  RollbackOutlined,
  SaveOutlined,
  StopOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import type { AuxKind } from '../../../shared/accounts'
import type { AuxItem, Village, Voucher } from '../../../shared/api/types'
import type { FieldIssue } from '../../../shared/errors'
import { periodLabel } from '../../../shared/periods'
import { call, toApiError, type ApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate, useRouteParams } from '../app/routes'
import { useSession } from '../app/session'
import { useAuxItems, useChart, type Chart, type ChartAccount } from '../ledger/chart'
import { fmtYuan } from '../ledger/money'
import { WithVillage } from '../ledger/WithVillage'
import { defaultVoucherDate, rememberVoucherDate, STATUS_LABELS, useFirstOpenPeriod, voucherList } from './status'
import { blankLine, cellAmount, FIELD_LABELS, isBlank, VoucherGrid, type Field, type GridHandle, type GridLine } from './VoucherGrid'

/** 凭证录入 (mode entry) and 查看凭证 (mode view): one page, editable for a draft its preparer may change. */
export function VoucherPage(props: { mode: 'entry' | 'view' }) {
  return <WithVillage>{(v) => <VoucherLoader key={v.id} village={v} mode={props.mode} />}</WithVillage>
}

function VoucherLoader(props: { village: Village; mode: 'entry' | 'view' }) {
  const { village } = props
  const params = useRouteParams()
  const id = Number(params.get('id')) || null
  const fresh = params.get('new') ?? ''
  const chart = useChart(village.id)
  const aux = useAuxItems(village.id)
  const firstOpen = useFirstOpenPeriod(village.id, village.startPeriod)
  const q = useQuery('voucher.get', id === null ? null : { villageId: village.id, voucherId: id })

  // every new load of the voucher (after saving, reviewing, posting) starts the editor afresh
  const [seen, setSeen] = useState<{ data: Voucher | undefined; seq: number }>({ data: undefined, seq: 0 })
  if (q.data !== seen.data) setSeen({ data: q.data, seq: seen.seq + 1 })

  if (id !== null && q.error && !q.loading) return <Alert type="error" showIcon message="无法打开凭证" description={q.error.message} />
  const voucher = id !== null && q.data?.id === id ? q.data : null
  if ((id !== null && !voucher) || !chart.accounts.length || firstOpen.period === undefined) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin description="正在打开凭证…" />
      </div>
    )
  }
  return (
    <VoucherEditor
      key={voucher ? `${voucher.id}-${seen.seq}` : `new-${fresh}`}
      mode={props.mode}
      village={village}
      voucher={voucher}
      chart={chart}
      auxItems={aux.items}
      reloadAux={aux.reload}
      firstOpen={firstOpen.period}
      reload={() => {
        q.reload()
        firstOpen.reload()
      }}
    />
  )
}

interface EditorProps {
  mode: 'entry' | 'view'
  village: Village
  voucher: Voucher | null
  chart: Chart
  auxItems: AuxItem[]
  reloadAux: () => void
  firstOpen: string
  reload: () => void
}

function linesOf(v: Voucher | null): GridLine[] {
  if (!v) return Array.from({ length: 4 }, blankLine)
  return v.lines.map((l) => {
    const d = cellAmount(l.debit).fen
    const c = cellAmount(l.credit).fen
    return { ...blankLine(), summary: l.summary, accountId: l.accountId, auxItemId: l.auxItemId, debit: d === 0 ? '' : l.debit, credit: c === 0 ? '' : l.credit }
  })
}

interface ShownIssue {
  row: number | null
  field: Field | null
  text: string
}

function VoucherEditor(props: EditorProps) {
  const { village, voucher, chart } = props
  const session = useSession()
  const { message, modal } = App.useApp()
  const [date, setDate] = useState(() => voucher?.date ?? defaultVoucherDate(village.id, props.firstOpen))
  const [attachments, setAttachments] = useState<number>(voucher?.attachments ?? 0)
  const [lines, setLinesState] = useState<GridLine[]>(() => linesOf(voucher))
  const [dirty, setDirty] = useState(false)
  const [issues, setIssues] = useState<Record<string, string>>({})
  const [issueList, setIssueList] = useState<ShownIssue[]>([])
  const [headerError, setHeaderError] = useState<string | null>(null)
  const [banner, setBanner] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [extraAux, setExtraAux] = useState<AuxItem[]>([])
  const [reverseOpen, setReverseOpen] = useState(false)
  const grid = useRef<GridHandle | null>(null)
  const attachmentsRef = useRef<ComponentRef<typeof InputNumber>>(null)

  const mine = voucher === null || voucher.preparedById === session.user.id || session.user.role === 'supervisor'
  const editable = session.can('voucher.save') && (voucher === null ? props.mode === 'entry' : voucher.status === 'draft' && props.mode === 'entry' && mine)
  const leaves = useMemo<ChartAccount[]>(() => chart.accounts.filter((a) => a.isLeaf && a.status === 'active'), [chart.accounts])
  const auxItems = useMemo(() => [...props.auxItems, ...extraAux.filter((x) => !props.auxItems.some((y) => y.id === x.id))], [props.auxItems, extraAux])

  const setLines = (u: (ls: GridLine[]) => GridLine[]) => {
    setLinesState(u)
    setDirty(true)
  }

  const createAux = session.can('aux.create')
    ? async (kind: AuxKind, name: string): Promise<AuxItem | null> => {
        try {
          const item = await call('aux.create', { villageId: village.id, kind, name })
          setExtraAux((xs) => [...xs, item])
          props.reloadAux()
          message.success(`已新增「${item.name}」`)
          return item
        } catch (e) {
          message.error(toApiError(e).message)
          return null
        }
      }
    : undefined

  const showErrors = (e: ApiError, sentRows: number[]) => {
    const byCell: Record<string, string> = {}
    const list: ShownIssue[] = []
    let header: string | null = null
    for (const issue of e.issues as FieldIssue[]) {
      const m = /^lines\.(\d+)\.(\w+)$/.exec(issue.path)
      if (m) {
        const row = sentRows[Number(m[1])] ?? Number(m[1])
        const field = (m[2] === 'credit' || m[2] === 'debit' || m[2] === 'summary' || m[2] === 'accountId' || m[2] === 'auxItemId' ? m[2] : 'summary') as Field
        const text = issue.message.replace(/^第 \d+ 行：/, '')
        byCell[`${row}.${field}`] = byCell[`${row}.${field}`] ? `${byCell[`${row}.${field}`]}；${text}` : text
        list.push({ row, field, text: `第 ${row + 1} 行${text.includes('「') ? '' : `「${FIELD_LABELS[field]}」`}：${text}` })
      } else if (issue.path === 'date' || issue.path === 'attachments') {
        header = issue.message
        list.push({ row: null, field: null, text: issue.message })
      } else list.push({ row: null, field: null, text: issue.message })
    }
    setIssues(byCell)
    setHeaderError(header)
    setIssueList(list)
    setBanner(list.length === 0 ? e.message : null)
    const first = list.find((x) => x.row !== null)
    if (first && first.row !== null && first.field) grid.current?.focus(first.row, first.field)
  }

  const save = async (andNew: boolean) => {
    if (!editable || busy) return
    // blank lines are left out; an empty 摘要 takes the one above (as the Enter key does)
    let above = ''
    const filled = lines.map((l) => {
      if (isBlank(l)) return l
      const summary = l.summary.trim() === '' ? above : l.summary
      above = summary
      return summary === l.summary ? l : { ...l, summary }
    })
    if (filled.some((l, i) => l !== lines[i])) setLinesState(filled)
    const sentRows = filled.flatMap((l, i) => (isBlank(l) ? [] : [i]))
    setBusy('save')
    try {
      const saved = await call('voucher.save', {
        villageId: village.id,
        voucherId: voucher?.id,
        date,
        attachments,
        lines: sentRows.map((i) => {
          const l = filled[i] as GridLine
          return { summary: l.summary, accountId: l.accountId ?? undefined, auxItemId: l.auxItemId, debit: l.debit.trim(), credit: l.credit.trim() } as {
            summary: string
            accountId: number
            auxItemId: number | null
            debit: string
            credit: string
          }
        }),
      })
      rememberVoucherDate(village.id, saved.date)
      setDirty(false)
      message.success(`凭证已保存（${saved.date}，金额 ${fmtYuan(saved.total)}）`)
      if (andNew) navigate('vouchers/entry', { new: Date.now() })
      else if (voucher?.id === saved.id) props.reload()
      else navigate('vouchers/entry', { id: saved.id })
    } catch (e) {
      showErrors(toApiError(e, 'voucher.save'), sentRows)
    } finally {
      setBusy(null)
    }
  }

  // a lookup still being typed is settled by leaving its cell; the save then reads the state that follows
  const saveLater = useEffectEvent((andNew: boolean) => void save(andNew))
  // 上一张 / 下一张 through the list the voucher was opened from (PageUp / PageDown while reading)
  const [nav] = useState(voucherList)
  const at = voucher ? nav.findIndex((n) => n.id === voucher.id) : -1
  const go = (d: number) => {
    const n = at < 0 ? undefined : nav[at + d]
    if (!n) return
    const target = () => navigate(n.edit ? 'vouchers/entry' : 'vouchers/view', { id: n.id })
    if (dirty && editable) modal.confirm({ title: '放弃未保存的修改？', okText: '放弃并翻页', cancelText: '继续编辑', onOk: target })
    else target()
  }

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!editable && (e.key === 'PageDown' || e.key === 'PageUp') && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) {
      e.preventDefault()
      go(e.key === 'PageDown' ? 1 : -1)
      return
    }
    if (!(e.ctrlKey || e.metaKey) || (e.key !== 's' && e.key !== 'S')) return
    e.preventDefault()
    if (!editable) return
    const active = document.activeElement
    if (active instanceof HTMLElement && active.closest('.vg-table')) active.blur()
    const andNew = e.shiftKey
    setTimeout(() => saveLater(andNew), 0)
  })
  useEffect(() => {
    const h = (e: KeyboardEvent) => onKey(e)
    window.addEventListener('keydown', h, true)
    return () => window.removeEventListener('keydown', h, true)
  }, [])

  const step = async (what: 'review' | 'unreview' | 'post' | 'delete') => {
    if (!voucher) return
    setBusy(what)
    try {
      if (what === 'delete') {
        await call('voucher.delete', { villageId: village.id, voucherIds: [voucher.id] })
        message.success('草稿已删除')
        navigate('vouchers/list')
        return
      }
      const r = await call(`voucher.${what}`, { villageId: village.id, voucherIds: [voucher.id] })
      message.success(what === 'review' ? '已审核' : what === 'unreview' ? '已取消审核' : `已记账，凭证号 ${r[0]?.label ?? ''}`)
      props.reload()
    } catch (e) {
      modal.error({ title: '未能办理', content: toApiError(e).message })
    } finally {
      setBusy(null)
    }
  }

  const newVoucher = () => {
    const go = () => navigate('vouchers/entry', { new: Date.now() })
    if (dirty && editable) modal.confirm({ title: '放弃未保存的修改？', content: '当前凭证有未保存的修改。', okText: '放弃并新增', cancelText: '继续编辑', onOk: go })
    else go()
  }

  const status = voucher?.status
  const title = props.mode === 'entry' ? (voucher ? '修改凭证' : '凭证录入') : '查看凭证'
  const canReview = session.can('voucher.review')
  const canPost = session.can('voucher.post')
  const canReverse = session.can('voucher.reverse')

  const actions = (
    <Space wrap>
      {at >= 0 ? (
        <Space.Compact>
          <Tooltip title="上一张（PageUp）">
            <Button icon={<LeftOutlined />} aria-label="上一张" disabled={at <= 0} onClick={() => go(-1)} />
          </Tooltip>
          <Button disabled className="vg-nav-pos">
            {at + 1} / {nav.length}
          </Button>
          <Tooltip title="下一张（PageDown）">
            <Button icon={<RightOutlined />} aria-label="下一张" disabled={at >= nav.length - 1} onClick={() => go(1)} />
          </Tooltip>
        </Space.Compact>
      ) : null}
      {editable ? (
        <>
          <Tooltip title="Ctrl+S">
            <Button type="primary" icon={<SaveOutlined />} loading={busy === 'save'} onClick={() => void save(false)}>
              保存
            </Button>
          </Tooltip>
          <Tooltip title="Ctrl+Shift+S">
            <Button icon={<FileAddOutlined />} disabled={busy !== null} onClick={() => void save(true)}>
              保存并新增
            </Button>
          </Tooltip>
        </>
      ) : null}
      {voucher && status === 'draft' && props.mode === 'view' && session.can('voucher.save') && mine ? (
        <Button icon={<EditOutlined />} onClick={() => navigate('vouchers/entry', { id: voucher.id })}>
          修改
        </Button>
      ) : null}
      {voucher && status === 'draft' && canReview ? (
        <Button icon={<AuditOutlined />} loading={busy === 'review'} onClick={() => void step('review')}>
          审核
        </Button>
      ) : null}
      {voucher && status === 'reviewed' && canReview ? (
        <Button icon={<StopOutlined />} loading={busy === 'unreview'} onClick={() => void step('unreview')}>
          取消审核
        </Button>
      ) : null}
      {voucher && status === 'reviewed' && canPost ? (
        <Button type="primary" icon={<CheckCircleOutlined />} loading={busy === 'post'} onClick={() => void step('post')}>
          记账
        </Button>
      ) : null}
      {voucher && status === 'posted' && canReverse && voucher.reversesId === null && voucher.reversedById === null ? (
        <Button danger icon={<RollbackOutlined />} onClick={() => setReverseOpen(true)}>
          红字冲销
        </Button>
      ) : null}
      {voucher && status === 'draft' && session.can('voucher.delete') && mine ? (
        <Popconfirm title="删除这张草稿凭证？" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => step('delete')}>
          <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'}>
            删除
          </Button>
        </Popconfirm>
      ) : null}
      {voucher ? (
        <Button icon={<PrinterOutlined />} onClick={() => navigate('vouchers/print', { ids: voucher.id })}>
          打印
        </Button>
      ) : null}
      {session.can('voucher.save') && (voucher !== null || props.mode === 'view') ? (
        <Button icon={<FileAddOutlined />} onClick={newVoucher}>
          新增凭证
        </Button>
      ) : null}
      <Button icon={<UnorderedListOutlined />} onClick={() => navigate('vouchers/list')}>
        凭证列表
      </Button>
    </Space>
  )

  return (
    <>
      <PageTitle title={title} extra={actions} />
      {voucher && props.mode === 'entry' && !editable ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            status === 'posted'
              ? '这张凭证已记账，不能修改；如有错误请做红字冲销。'
              : status === 'reviewed'
                ? '这张凭证已审核，取消审核后才能修改。'
                : `这张凭证由${voucher.preparedBy}制单，只有制单人或主管会计可以修改。`
          }
        />
      ) : null}
      {banner ? <Alert type="error" showIcon closable style={{ marginBottom: 12 }} message={banner} onClose={() => setBanner(null)} /> : null}
      {issueList.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`凭证未保存，请修改以下 ${issueList.length} 处：`}
          data-testid="voucher-issues"
          description={
            <ul className="vg-issues">
              {issueList.map((x, i) => (
                <li key={i}>
                  {x.row !== null && x.field ? (
                    <a onClick={() => grid.current?.focus(x.row as number, x.field as Field)}>{x.text}</a>
                  ) : (
                    x.text
                  )}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Card className="vg-paper" styles={{ body: { padding: '18px 22px 14px' } }}>
        {voucher && status !== 'draft' ? <div className={`vg-stamp vg-stamp-${status}`}>{STATUS_LABELS[status as 'posted']}</div> : null}
        <div className="vg-title">
          <span>记 账 凭 证</span>
          {voucher?.reversesId != null ? <Tag color="red" className="vg-red-tag">红字冲销</Tag> : null}
        </div>
        <div className="vg-header">
          <div className="vg-unit" title={village.name}>
            核算单位：<b>{village.name}</b>
          </div>
          <div className="vg-head-field">
            <label htmlFor="voucher-date">日期</label>
            {editable ? (
              <DatePicker
                id="voucher-date"
                aria-label="凭证日期"
                value={dayjs(date)}
                format={['YYYY-MM-DD', 'YYYYMMDD', 'YYYY/M/D', 'YYYY.M.D']}
                allowClear={false}
                status={headerError ? 'error' : undefined}
                style={{ width: 150 }}
                onChange={(d: Dayjs | null) => {
                  if (d) {
                    setDate(d.format('YYYY-MM-DD'))
                    setDirty(true)
                  }
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setTimeout(() => attachmentsRef.current?.focus(), 0)
                }}
              />
            ) : (
              <b className="sanzi-mono">{voucher?.date}</b>
            )}
          </div>
          <div className="vg-head-field">
            <label>凭证字号</label>
            <b className="sanzi-mono" data-testid="voucher-number">
              {voucher?.number != null ? voucher.label : <Typography.Text type="secondary">记账时编号</Typography.Text>}
            </b>
          </div>
          <div className="vg-head-field">
            <label htmlFor="voucher-attachments">附单据</label>
            {editable ? (
              <InputNumber
                id="voucher-attachments"
                ref={attachmentsRef}
                aria-label="附单据数"
                min={0}
                max={9999}
                precision={0}
                value={attachments}
                style={{ width: 72 }}
                onChange={(n) => {
                  setAttachments(typeof n === 'number' ? n : 0)
                  setDirty(true)
                }}
                onPressEnter={() => grid.current?.focus(0, 'summary')}
              />
            ) : (
              <b>{voucher?.attachments}</b>
            )}
            <span>张</span>
          </div>
        </div>
        {headerError ? <div className="vg-header-error">{headerError}</div> : null}
        <VoucherGrid
          lines={lines}
          setLines={setLines}
          chart={chart}
          leaves={leaves}
          auxItems={auxItems}
          createAux={createAux}
          readOnly={!editable}
          issues={issues}
          handleRef={grid}
        />
        <div className="vg-signs">
          <span>
            主管：<b />
          </span>
          <span>
            记账：<b>{voucher?.postedBy ?? ''}</b>
          </span>
          <span>
            审核：<b>{voucher?.reviewedBy ?? ''}</b>
          </span>
          <span>
            制单：<b>{voucher?.preparedBy ?? session.user.displayName}</b>
          </span>
        </div>
        {voucher && (voucher.reversesId !== null || voucher.reversedById !== null) ? (
          <div className="vg-links">
            {voucher.reversesId !== null ? (
              <a onClick={() => navigate('vouchers/view', { id: voucher.reversesId })}>查看被冲销的原凭证</a>
            ) : null}
            {voucher.reversedById !== null ? (
              <a onClick={() => navigate('vouchers/view', { id: voucher.reversedById })}>已被红字冲销：查看冲销凭证</a>
            ) : null}
          </div>
        ) : null}
      </Card>
      {editable ? (
        <div className="vg-keys" aria-label="快捷键">
          <span>
            <kbd>Enter</kbd> 下一格（末行自动加行）
          </span>
          <span>
            <kbd>=</kbd> 填入差额使借贷平衡
          </span>
          <span>
            <kbd>空格</kbd> 金额借贷互换
          </span>
          <span>
            <kbd>F2</kbd> 列出科目
          </span>
          <span>
            <kbd>Ctrl+Insert</kbd> 插行 <kbd>Ctrl+Delete</kbd> 删行
          </span>
          <span>
            <kbd>Ctrl+S</kbd> 保存 <kbd>Ctrl+Shift+S</kbd> 保存并新增
          </span>
          <span className="vg-keys-period">新凭证所在期间：{periodLabel(props.firstOpen)}</span>
        </div>
      ) : null}
      {voucher ? (
        <ReverseModal
          open={reverseOpen}
          voucher={voucher}
          village={village}
          firstOpen={props.firstOpen}
          onClose={() => setReverseOpen(false)}
        />
      ) : null}
    </>
  )
}

function ReverseModal(props: { open: boolean; voucher: Voucher; village: Village; firstOpen: string; onClose: () => void }) {
  const { voucher, village } = props
  const { message } = App.useApp()
  const initial = () => {
    const d = defaultVoucherDate(village.id, props.firstOpen)
    return d < voucher.date ? voucher.date : d
  }
  const [date, setDate] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await call('voucher.reverse', { villageId: village.id, voucherId: voucher.id, date })
      message.success(`已生成红字冲销凭证（草稿），审核记账后生效`)
      props.onClose()
      navigate('vouchers/view', { id: r.id })
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={props.open}
      title={`红字冲销 ${voucher.label}`}
      okText="生成冲销凭证"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <p>将生成一张金额相反的红字凭证（草稿），摘要注明“冲销 {voucher.label}”，经审核、记账后与原凭证相互抵销。原凭证保持不变。</p>
      <Space>
        <span>冲销日期</span>
        <DatePicker aria-label="冲销日期" value={dayjs(date)} allowClear={false} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
      </Space>
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={error} /> : null}
    </Modal>
  )
}
