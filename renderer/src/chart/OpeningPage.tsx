import { useEffect, useEffectEvent, useMemo, useState, type KeyboardEvent } from 'react'
import { Alert, App, Button, Card, Checkbox, Segmented, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd'
import { CheckCircleFilled, CloseCircleFilled, ImportOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons'
import { ACCOUNT_CLASS_LABELS, ACCOUNT_CLASSES, AUX_KIND_LABELS, NORMAL_SIDE_LABELS, type AccountClass } from '../../../shared/accounts'
import type { OpeningBalances, Village } from '../../../shared/api/types'
import { fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import { periodLabel } from '../../../shared/periods'
import { call, toApiError } from '../api/client'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { useSession } from '../app/session'
import { ImportDialog } from '../imports/ImportDialog'
import { useAuxItems, useChart, type ChartAccount } from '../ledger/chart'
import { WithVillage } from '../ledger/WithVillage'
import { cellAmount } from '../vouchers/VoucherGrid'

/** 期初余额: the balances at the start of the books, typed per leaf account (and per 往来单位/农户). */
export function OpeningPage() {
  return <WithVillage>{(v) => <OpeningLoader key={v.id} village={v} />}</WithVillage>
}

function OpeningLoader(props: { village: Village }) {
  const q = useQuery('opening.get', { villageId: props.village.id })
  const chart = useChart(props.village.id)
  const [seen, setSeen] = useState<{ data: OpeningBalances | undefined; seq: number }>({ data: undefined, seq: 0 })
  if (q.data !== seen.data) setSeen({ data: q.data, seq: seen.seq + 1 })
  if (q.error && !q.data) return <Alert type="error" showIcon message={q.error.message} />
  if (!q.data || chart.accounts.length === 0) return <Spin style={{ display: 'block', margin: 48 }} />
  return <OpeningEditor key={seen.seq} village={props.village} opening={q.data} accounts={chart.accounts} reload={q.reload} />
}

interface Entry {
  key: string
  accountId: number
  auxItemId: number | null
  debit: string
  credit: string
}

const keyOf = (accountId: number, auxItemId: number | null) => `${accountId}|${auxItemId ?? 0}`

type Line =
  | { type: 'parent'; account: ChartAccount }
  | { type: 'entry'; account: ChartAccount; entry: Entry; auxName: string | null }
  | { type: 'add'; account: ChartAccount }

function OpeningEditor(props: { village: Village; opening: OpeningBalances; accounts: ChartAccount[]; reload: () => void }) {
  const { village, opening, accounts } = props
  const session = useSession()
  const { message } = App.useApp()
  const aux = useAuxItems(village.id)
  const [entries, setEntries] = useState<Entry[]>(() =>
    opening.rows.map((r) => ({
      key: keyOf(r.accountId, r.auxItemId),
      accountId: r.accountId,
      auxItemId: r.auxItemId,
      debit: cellAmount(r.debit).fen === 0 ? '' : r.debit,
      credit: cellAmount(r.credit).fen === 0 ? '' : r.credit,
    })),
  )
  const [cls, setCls] = useState<AccountClass | 'all'>('all')
  const [onlyWithBalance, setOnlyWithBalance] = useState(false)
  const [dirty, setDirty] = useState(false)
  const [busy, setBusy] = useState(false)
  const [issues, setIssues] = useState<Record<string, string>>({})
  const [issueList, setIssueList] = useState<string[]>([])
  const [importing, setImporting] = useState(false)
  const editable = !opening.locked && session.can('opening.save')

  const byKey = useMemo(() => new Map(entries.map((e) => [e.key, e])), [entries])
  const active = accounts.filter((a) => a.status === 'active')
  // balance of every account (debit positive) from the entries of its leaves
  const balances = useMemo(() => {
    const m = new Map<number, Fen>()
    const byId = new Map(accounts.map((a) => [a.id, a]))
    for (const e of entries) {
      const amount = cellAmount(e.debit).fen - cellAmount(e.credit).fen
      let a = byId.get(e.accountId)
      while (a) {
        m.set(a.id, (m.get(a.id) ?? 0) + amount)
        a = a.parentId === null ? undefined : byId.get(a.parentId)
      }
    }
    return m
  }, [entries, accounts])
  const totals = useMemo(() => {
    let debit = 0
    let credit = 0
    for (const e of entries) {
      debit += cellAmount(e.debit).fen
      credit += cellAmount(e.credit).fen
    }
    return { debit, credit }
  }, [entries])

  const lines: Line[] = []
  for (const a of active) {
    if (cls !== 'all' && a.class !== cls) continue
    if (onlyWithBalance && (balances.get(a.id) ?? 0) === 0) continue
    if (!a.isLeaf) {
      lines.push({ type: 'parent', account: a })
      continue
    }
    const own = entries.filter((e) => e.accountId === a.id)
    if (a.auxKind === 'counterparty' || a.auxKind === 'household') {
      lines.push({ type: 'parent', account: a })
      for (const e of own) lines.push({ type: 'entry', account: a, entry: e, auxName: aux.items.find((x) => x.id === e.auxItemId)?.name ?? '' })
      if (editable) lines.push({ type: 'add', account: a })
    } else if (own.length > 0) {
      for (const e of own) lines.push({ type: 'entry', account: a, entry: e, auxName: e.auxItemId === null ? null : (aux.items.find((x) => x.id === e.auxItemId)?.name ?? null) })
    } else lines.push({ type: 'entry', account: a, entry: { key: keyOf(a.id, null), accountId: a.id, auxItemId: null, debit: '', credit: '' }, auxName: null })
  }

  const setAmount = (e: Entry, side: 'debit' | 'credit', text: string) => {
    setDirty(true)
    setEntries((es) => {
      const other = side === 'debit' ? 'credit' : 'debit'
      const next = { ...e, [side]: text, ...(text.trim() !== '' ? { [other]: '' } : {}) }
      return es.some((x) => x.key === e.key) ? es.map((x) => (x.key === e.key ? next : x)) : [...es, next]
    })
  }

  const addItem = (a: ChartAccount, auxItemId: number) => {
    if (byKey.has(keyOf(a.id, auxItemId))) return
    setDirty(true)
    setEntries((es) => [...es, { key: keyOf(a.id, auxItemId), accountId: a.id, auxItemId, debit: '', credit: '' }])
  }

  const save = async () => {
    if (!editable || busy) return
    const sent = entries.filter((e) => e.debit.trim() !== '' || e.credit.trim() !== '')
    setBusy(true)
    try {
      const r = await call('opening.save', {
        villageId: village.id,
        rows: sent.map((e) => ({ accountId: e.accountId, auxItemId: e.auxItemId, debit: e.debit.trim(), credit: e.credit.trim() })),
      })
      setIssues({})
      setIssueList([])
      setDirty(false)
      message.success(`期初余额已保存：${r.rows.length} 行，${r.check.balanced ? '借贷平衡' : `借贷不平衡，相差 ${r.check.totals.difference}`}`)
      props.reload()
    } catch (e) {
      const err = toApiError(e)
      const cells: Record<string, string> = {}
      const list: string[] = []
      for (const issue of err.issues) {
        const m = /^rows\.(\d+)\.(\w+)$/.exec(issue.path)
        const entry = m ? sent[Number(m[1])] : undefined
        const a = entry ? accounts.find((x) => x.id === entry.accountId) : undefined
        const text = issue.message.replace(/^第 \d+ 行：/, '')
        if (entry) cells[`${entry.key}.${m?.[2] === 'credit' ? 'credit' : 'debit'}`] = text
        list.push(a ? `${a.code} ${a.path}：${text}` : issue.message)
      }
      setIssues(cells)
      setIssueList(list.length > 0 ? list : [err.message])
    } finally {
      setBusy(false)
    }
  }

  const onKey = useEffectEvent((e: globalThis.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) {
      e.preventDefault()
      void save()
    }
  })
  useEffect(() => {
    const h = (e: globalThis.KeyboardEvent) => onKey(e)
    window.addEventListener('keydown', h, true)
    return () => window.removeEventListener('keydown', h, true)
  }, [])

  /** Enter moves down the same column, as on a paper balance list. */
  const moveDown = (ev: KeyboardEvent<HTMLInputElement>) => {
    if (ev.key !== 'Enter' && ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return
    ev.preventDefault()
    const col = ev.currentTarget.dataset.col
    const inputs = [...document.querySelectorAll<HTMLInputElement>(`input[data-col="${col}"]`)]
    const i = inputs.indexOf(ev.currentTarget)
    const next = inputs[ev.key === 'ArrowUp' ? i - 1 : i + 1]
    if (next) {
      next.focus()
      next.select()
    }
  }

  const balanced = totals.debit === totals.credit
  const side = (a: ChartAccount) => NORMAL_SIDE_LABELS[a.normalSide]
  const balanceText = (fen: Fen) => (fen === 0 ? '' : `${fen > 0 ? '借' : '贷'} ${formatFen(Math.abs(fen))}`)

  return (
    <>
      <PageTitle
        title="期初余额"
        extra={
          <Space>
            {session.can('import.opening') && !opening.locked ? (
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
                导入期初余额
              </Button>
            ) : null}
            {editable ? (
              <Tooltip title="Ctrl+S">
                <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()}>
                  保存
                </Button>
              </Tooltip>
            ) : null}
          </Space>
        }
      />
      {opening.locked ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message="已有记账凭证，期初余额已锁定，只能查看。" /> : null}
      {issueList.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="期初余额未保存，请修改："
          description={
            <ul className="vg-issues">
              {issueList.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <div className="sanzi-toolbar">
        <Segmented
          value={cls}
          onChange={(v) => setCls(v as AccountClass | 'all')}
          options={[{ value: 'all', label: '全部' }, ...ACCOUNT_CLASSES.map((c) => ({ value: c, label: ACCOUNT_CLASS_LABELS[c] }))]}
        />
        <Checkbox checked={onlyWithBalance} onChange={(e) => setOnlyWithBalance(e.target.checked)}>
          只看有余额的科目
        </Checkbox>
        <span className="sanzi-header-spacer" />
        <Space size={16} data-testid="opening-totals">
          <span>
            建账期间：<b>{periodLabel(opening.startPeriod)}</b>
          </span>
          <span>
            借方合计 <b className="sanzi-amount">{formatFen(totals.debit)}</b>
          </span>
          <span>
            贷方合计 <b className="sanzi-amount">{formatFen(totals.credit)}</b>
          </span>
          {balanced ? (
            <Tag icon={<CheckCircleFilled />} color="success">
              试算平衡
            </Tag>
          ) : (
            <Tag icon={<CloseCircleFilled />} color="error">
              差额 {formatFen(totals.debit - totals.credit)}
            </Tag>
          )}
          {dirty ? <Typography.Text type="warning">未保存</Typography.Text> : null}
        </Space>
      </div>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <table className="ob-table">
          <colgroup>
            <col style={{ width: 120 }} />
            <col />
            <col style={{ width: 56 }} />
            <col style={{ width: 220 }} />
            <col style={{ width: 170 }} />
            <col style={{ width: 170 }} />
          </colgroup>
          <thead>
            <tr>
              <th>科目编码</th>
              <th>科目名称</th>
              <th>方向</th>
              <th>辅助核算</th>
              <th>期初借方余额</th>
              <th>期初贷方余额</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const a = l.account
              if (l.type === 'parent') {
                const b = balances.get(a.id) ?? 0
                return (
                  <tr key={`p-${a.id}`} className={`ob-parent ob-level-${a.level}`}>
                    <td className="sanzi-mono">{a.code}</td>
                    <td style={{ paddingLeft: 8 + (a.level - 1) * 14 }}>{a.level === 1 ? <b>{a.name}</b> : a.name}</td>
                    <td className="ob-center">{side(a)}</td>
                    <td>{a.auxKind ? <Tag color="geekblue">{AUX_KIND_LABELS[a.auxKind]}</Tag> : null}</td>
                    <td className="ob-sum" colSpan={2}>
                      {balanceText(b)}
                    </td>
                  </tr>
                )
              }
              if (l.type === 'add') {
                const kind = a.auxKind
                const options = aux.items.filter((x) => x.kind === kind && x.status === 'active' && !byKey.has(keyOf(a.id, x.id)))
                return (
                  <tr key={`a-${a.id}`} className="ob-add">
                    <td />
                    <td style={{ paddingLeft: 8 + a.level * 14 }} colSpan={2}>
                      <Typography.Text type="secondary">
                        <PlusOutlined /> 添加{kind ? AUX_KIND_LABELS[kind] : ''}
                      </Typography.Text>
                    </td>
                    <td colSpan={3}>
                      <Select
                        size="small"
                        aria-label={`${a.code} 添加${kind ? AUX_KIND_LABELS[kind] : ''}`}
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder="选择后录入余额"
                        style={{ width: 260 }}
                        value={null}
                        onChange={(id: number) => addItem(a, id)}
                        options={options.map((x) => ({ value: x.id, label: x.name }))}
                        notFoundContent="没有可添加的项目（可在科目表 → 辅助核算项目中新增）"
                      />
                    </td>
                  </tr>
                )
              }
              const e = l.entry
              const aux1 = l.auxName !== null && (a.auxKind === 'counterparty' || a.auxKind === 'household')
              return (
                <tr key={`e-${e.key}`} className={aux1 ? 'ob-item' : ''}>
                  <td className="sanzi-mono">{aux1 ? '' : a.code}</td>
                  <td style={{ paddingLeft: 8 + (aux1 ? a.level : a.level - 1) * 14 }}>{aux1 ? `· ${l.auxName}` : a.level === 1 ? <b>{a.name}</b> : a.name}</td>
                  <td className="ob-center">{side(a)}</td>
                  <td>{l.auxName && !aux1 ? l.auxName : !aux1 && a.auxKind ? <Tag color="geekblue">{AUX_KIND_LABELS[a.auxKind]}</Tag> : null}</td>
                  {(['debit', 'credit'] as const).map((s) => {
                    const v = cellAmount(e[s])
                    const problem = issues[`${e.key}.${s}`] ?? v.error ?? undefined
                    return (
                      <td key={s} className={`ob-amount${problem ? ' vg-cell-error' : ''}`} title={problem}>
                        {editable ? (
                          <AmountInput
                            label={`${a.code}${l.auxName ? ` ${l.auxName}` : ''} 期初${s === 'debit' ? '借方' : '贷方'}`}
                            col={s}
                            value={e[s]}
                            onChange={(text) => setAmount(e, s, text)}
                            onBlur={() => {
                              if (!v.error && e[s] !== '') setAmount(e, s, v.fen === 0 ? '' : fenToYuanString(v.fen))
                            }}
                            onKeyDown={moveDown}
                          />
                        ) : (
                          <span className="sanzi-amount">{v.fen === 0 ? '' : formatFen(v.fen)}</span>
                        )}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4}>
                <b>合 计</b>
              </td>
              <td className="ob-amount">
                <b className="sanzi-amount">{formatFen(totals.debit)}</b>
              </td>
              <td className="ob-amount">
                <b className="sanzi-amount">{formatFen(totals.credit)}</b>
              </td>
            </tr>
          </tfoot>
        </table>
      </Card>
      {opening.check.problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          message="期初试算提示"
          description={
            <ul className="vg-issues">
              {opening.check.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <ImportDialog
        kind="opening"
        villageId={village.id}
        open={importing}
        onClose={(r) => {
          setImporting(false)
          if (r) {
            aux.reload()
            props.reload()
          }
        }}
      />
    </>
  )
}

/** An amount cell: typed as plain digits, shown with thousands separators once left. */
function AmountInput(props: { label: string; col: string; value: string; onChange: (text: string) => void; onBlur: () => void; onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void }) {
  const [focused, setFocused] = useState(false)
  const v = cellAmount(props.value)
  const shown = focused || v.error ? props.value : v.fen === 0 ? '' : formatFen(v.fen)
  return (
    <input
      className="vg-input ob-input"
      aria-label={props.label}
      data-col={props.col}
      inputMode="decimal"
      value={shown}
      onFocus={(ev) => {
        setFocused(true)
        const input = ev.currentTarget
        requestAnimationFrame(() => input.select())
      }}
      onChange={(ev) => props.onChange(ev.target.value)}
      onBlur={() => {
        setFocused(false)
        props.onBlur()
      }}
      onKeyDown={props.onKeyDown}
    />
  )
}
