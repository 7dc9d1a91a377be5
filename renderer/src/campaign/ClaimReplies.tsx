import { useMemo, useState } from 'react'
import { Alert, Button, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { SaveOutlined } from '@ant-design/icons'
import { COUNTERPARTY_REPLIES, COUNTERPARTY_REPLY_LABELS, isClaimOrDebt, type CampaignDetail, type CounterpartyReply, type SnapshotRow } from '../../../shared/api/campaignTypes'
import { fenToYuanString, formatFen, parseYuan, type Fen } from '../../../shared/money'
import { call } from '../api/client'
import { fenOf } from '../ledger/money'
import { CampaignFileButton, ErrorAlert, IssueList, refOf, useRunner, type PanelProps } from './common'

/** the short form of a reply, for a tag beside the row's name */
export const REPLY_TAGS: Record<CounterpartyReply, { text: string; color: string }> = {
  agreed: { text: '回函相符', color: 'success' },
  disagreed: { text: '回函不符', color: 'error' },
  noReply: { text: '未回函', color: 'warning' },
}

/** the claim and debt rows confirmed with their counterparties: per counterparty (auxiliary item), or a balance without one */
export const claimRows = (c: CampaignDetail): SnapshotRow[] => c.rows.filter((r) => r.kind === 'account' && isClaimOrDebt(r.code) && (r.auxItemId !== null || fenOf(r.amount) !== 0))

/** 对方单位: the auxiliary item after 「科目：」 in the row's label */
const counterparty = (r: SnapshotRow) => {
  const i = r.label.indexOf('：')
  return i >= 0 ? r.label.slice(i + 1) : r.label
}

/** the balance's side: a credit balance (debts, or a claim gone negative) is shown and typed as a positive 贷 figure */
const creditSide = (r: SnapshotRow) => {
  const f = fenOf(r.amount)
  return f < 0 || (f === 0 && r.code.startsWith('2'))
}

interface Draft {
  reply: CounterpartyReply | null
  /** 核实数 on the balance's side (positive for a normal balance), as typed */
  amount: string
  reason: string
  opinion: string
}

function savedDraft(r: SnapshotRow): Draft {
  const v = r.verification
  const sign = creditSide(r) ? -1 : 1
  return {
    reply: v?.reply ?? null,
    amount: v?.reply === 'disagreed' && v.amount !== null ? fenToYuanString(sign * fenOf(v.amount)) : '',
    reason: v?.reason ?? '',
    opinion: v?.opinion ?? '',
  }
}

const sameDraft = (a: Draft, b: Draft) => a.reply === b.reply && a.amount.trim() === b.amount.trim() && a.reason.trim() === b.reason.trim() && a.opinion.trim() === b.opinion.trim()

/** the draft's 核实数 as a debit-positive amount of 分; null when it keeps the book figure or is not a valid amount */
function verifiedFen(r: SnapshotRow, d: Draft): Fen | null {
  if (d.reply !== 'disagreed') return d.reply === null ? null : fenOf(r.amount)
  const p = parseYuan(d.amount)
  return p.ok ? (creditSide(r) ? -p.fen : p.fen) : null
}

/** the problems of a changed row, in Chinese; empty when it may be saved */
function draftIssues(r: SnapshotRow, d: Draft): string[] {
  const who = counterparty(r)
  if (d.reply === null) return [`${who}：请选择询证结果`]
  if (d.reply !== 'disagreed') return []
  if (!d.amount.trim()) return [`${who}：对方确认不符，请填写核实数`]
  const p = parseYuan(d.amount)
  if (!p.ok) return [`${who}：${p.reason}`]
  const diff = (verifiedFen(r, d) ?? 0) - fenOf(r.amount)
  return diff !== 0 && (!d.reason.trim() || !d.opinion.trim()) ? [`${who}：有差异，请填写差异原因和处理意见`] : []
}

/**
 * 往来询证: every claim and debt balance (112/113/211/221) per counterparty with the reply to its 询证函 — 相符 keeps
 * the 账面数, 不符 needs the 核实数 the two sides agreed, 未回函 — typed in the table (Tab from field to field) and
 * saved together.
 */
export function ClaimReplies(props: PanelProps) {
  const c = props.detail
  const rows = useMemo(() => claimRows(c), [c])
  const [drafts, setDrafts] = useState<Record<number, Draft>>({})
  const [issues, setIssues] = useState<string[]>([])
  const runner = useRunner(() => {
    setDrafts({})
    props.onChanged()
  })
  const draftOf = (r: SnapshotRow) => drafts[r.id] ?? savedDraft(r)
  const edit = (r: SnapshotRow, patch: Partial<Draft>) => setDrafts((all) => ({ ...all, [r.id]: { ...(all[r.id] ?? savedDraft(r)), ...patch } }))
  const isChanged = (r: SnapshotRow) => {
    const d = drafts[r.id]
    return d !== undefined && !sameDraft(d, savedDraft(r))
  }
  const changed = rows.filter(isChanged)
  const replied = rows.filter((r) => r.verification?.reply).length
  const disabled = !props.editable || runner.busy !== null

  const save = async () => {
    const found = changed.flatMap((r) => draftIssues(r, draftOf(r)))
    setIssues(found)
    if (found.length || !changed.length) return
    await runner.run(
      'replies',
      () =>
        call('campaign.verify', {
          ...refOf(c),
          rows: changed.map((r) => {
            const d = draftOf(r)
            const amount = d.reply === 'disagreed' ? verifiedFen(r, d) : null
            return { snapshotId: r.id, reply: d.reply, ...(amount === null ? {} : { amount: fenToYuanString(amount) }), quantity: null, reason: d.reason.trim() || null, opinion: d.opinion.trim() || null }
          }),
        }),
      () => `已保存 ${changed.length} 项询证结果`,
    )
  }

  const columns: TableColumnsType<SnapshotRow> = [
    { title: '科目', dataIndex: 'code', width: 76, className: 'sanzi-mono' },
    {
      title: '对方单位',
      key: 'who',
      width: 150,
      ellipsis: true,
      render: (_, r) => (
        <>
          {isChanged(r) ? (
            <Tag color="processing" style={{ marginInlineEnd: 4 }}>
              未保存
            </Tag>
          ) : null}
          <span title={counterparty(r)}>{counterparty(r)}</span>
        </>
      ),
    },
    { title: '方向', key: 'side', width: 48, align: 'center', render: (_, r) => (creditSide(r) ? '贷' : '借') },
    { title: '账面数', key: 'book', width: 110, align: 'right', render: (_, r) => <span className="sanzi-num">{formatFen(Math.abs(fenOf(r.amount)))}</span> },
    {
      title: '询证结果',
      key: 'reply',
      width: 140,
      render: (_, r) => {
        const reply = r.verification?.reply
        if (!props.editable) return reply ? <Tag color={REPLY_TAGS[reply].color}>{COUNTERPARTY_REPLY_LABELS[reply]}</Tag> : <Typography.Text type="secondary">未询证</Typography.Text>
        return (
        <Select<CounterpartyReply>
          size="small"
          style={{ width: '100%' }}
          placeholder="未询证"
          disabled={disabled}
          value={draftOf(r).reply ?? undefined}
          onChange={(v) => edit(r, { reply: v })}
          aria-label={`${counterparty(r)} 询证结果`}
          options={COUNTERPARTY_REPLIES.map((k) => ({ value: k, label: COUNTERPARTY_REPLY_LABELS[k] }))}
        />
        )
      },
    },
    {
      title: '核实数',
      key: 'verified',
      width: 120,
      render: (_, r) => {
        const d = draftOf(r)
        if (d.reply !== 'disagreed') return <span className="sanzi-num" style={{ display: 'block', textAlign: 'right', color: d.reply ? undefined : '#bfbfbf' }}>{d.reply ? formatFen(Math.abs(fenOf(r.amount))) : '—'}</span>
        return <Input size="small" inputMode="decimal" disabled={disabled} value={d.amount} placeholder="对方确认数" status={d.amount.trim() && !parseYuan(d.amount).ok ? 'error' : undefined} onChange={(e) => edit(r, { amount: e.target.value })} aria-label={`${counterparty(r)} 核实数`} style={{ textAlign: 'right' }} />
      },
    },
    {
      title: '差异',
      key: 'diff',
      width: 90,
      align: 'right',
      render: (_, r) => {
        const v = verifiedFen(r, draftOf(r))
        const diff = v === null ? 0 : v - fenOf(r.amount)
        return diff ? <Typography.Text type="danger" className="sanzi-num">{formatFen(creditSide(r) ? -diff : diff)}</Typography.Text> : null
      },
    },
    { title: '差异原因', key: 'reason', width: 150, render: (_, r) => (!props.editable ? r.verification?.reason : <Input size="small" disabled={disabled} maxLength={500} value={draftOf(r).reason} onChange={(e) => edit(r, { reason: e.target.value })} aria-label={`${counterparty(r)} 差异原因`} />) },
    { title: '处理意见', key: 'opinion', width: 150, render: (_, r) => (!props.editable ? r.verification?.opinion : <Input size="small" disabled={disabled} maxLength={500} value={draftOf(r).opinion} onChange={(e) => edit(r, { opinion: e.target.value })} aria-label={`${counterparty(r)} 处理意见`} />) },
  ]

  return (
    <div data-testid="claim-replies">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        应收款、内部往来、应付款、长期借款及应付款按对方单位逐户发询证函：对方确认相符的，核实数即账面数；确认不符的，填写双方核对后的核实数及差异原因、处理意见；未回函的如实登记。金额按余额方向填写正数。
      </Typography.Paragraph>
      <ErrorAlert error={runner.error} onClose={() => runner.setError(null)} />
      {issues.length ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setIssues([]) }}
          style={{ marginBottom: 12 }}
          message="询证结果未保存"
          description={<IssueList items={issues} />}
        />
      ) : null}
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Typography.Text>
          往来单位 {rows.length} 户，已登记询证结果 {replied} 户
        </Typography.Text>
        {props.editable ? (
          <Button type="primary" icon={<SaveOutlined />} disabled={!changed.length} loading={runner.busy === 'replies'} onClick={() => void save()} data-testid="claim-replies-save">
            {changed.length ? `保存询证结果（${changed.length} 项）` : '保存询证结果'}
          </Button>
        ) : null}
        <CampaignFileButton
          label="导出询证函"
          title="导出往来款项询证函"
          defaultName={`${c.villageName}-往来询证函-${c.asOf}.xlsx`}
          write={(to) => call('campaign.exportConfirmations', { ...refOf(c), to })}
          disabled={rows.length === 0}
          testId="confirmations-export"
        />
      </Space>
      <Table<SnapshotRow>
        size="small"
        bordered
        rowKey="id"
        dataSource={rows}
        columns={columns}
        pagination={rows.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        scroll={{ x: 1034 }}
        locale={{ emptyText: '清理快照中没有应收、应付等往来余额' }}
        data-testid="claim-replies-table"
      />
    </div>
  )
}
