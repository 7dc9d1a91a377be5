import { useMemo, useState } from 'react'
import { Alert, Button, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { EditOutlined, FileAddOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import Decimal from 'decimal.js'
import { COUNTERPARTY_REPLIES, COUNTERPARTY_REPLY_LABELS, isClaimOrDebt, SNAPSHOT_KIND_LABELS, type CampaignDetail, type CounterpartyReply, type SnapshotKind, type SnapshotRow, type Verification } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { useQuery } from '../api/useQuery'
import { navigate } from '../app/routes'
import { Num } from '../registers/parts'
import { BankRecs } from './BankRecs'
import { CashCountForm } from './CashCountForm'
import { claimRows, ClaimReplies, REPLY_TAGS } from './ClaimReplies'
import { DifferenceFields, ErrorAlert, refOf, useRunner, type PanelProps } from './common'
import { qtyText } from './RegistrationPanel'

/** A row of the 核实 table: a snapshot row or a 盘盈 row, with its 账面数 and 核实数. */
interface CheckRow {
  key: string
  snapshotId?: number
  surplusId?: number
  kind: SnapshotKind
  code: string
  label: string
  result: 'found' | 'missing' | 'surplus' | null
  amount: string | null
  quantity: string | null
  unit: string | null
  verification: Verification | null
  /** an account row whose 核实数 comes from the 现金盘点表 (101) or the 余额调节表 of its bank accounts (102) */
  coveredBy: 'cash' | 'bank' | null
  /** a claim or debt account row: confirmed with the counterparty */
  claim: boolean
}

type TabKey = 'rows' | 'claims' | 'cash' | 'bank'

const isZero = (s: string | null | undefined) => s === null || s === undefined || new Decimal(s).isZero()
/** the row differs from the books: missing, 盘盈, an amount or a quantity difference */
const differs = (r: CheckRow) => r.result === 'missing' || r.result === 'surplus' || !isZero(r.verification?.difference) || !isZero(r.verification?.quantityDifference)
/** register items need their asset account for an adjustment; accounts and bank accounts bring their own */
const needsAccount = (r: CheckRow) => r.kind !== 'account' && r.kind !== 'bankAccount'

/** the account a bank account row of the snapshot books to (its detail) */
const bankAccountOf = (r: SnapshotRow) => {
  const d = r.detail ?? {}
  return { accountId: typeof d.accountId === 'number' ? d.accountId : null, auxItemId: typeof d.auxItemId === 'number' ? d.auxItemId : null }
}

/** the 101 row counted by the 现金盘点表 (only when it is the one 101 row), the 102 rows checked through a bank account */
function coverage(c: CampaignDetail): (r: SnapshotRow) => CheckRow['coveredBy'] {
  const cash = c.rows.filter((r) => r.kind === 'account' && r.code.startsWith('101'))
  const banks = c.rows.filter((r) => r.kind === 'bankAccount').map(bankAccountOf)
  return (r) => {
    if (r.kind !== 'account') return null
    if (cash.length === 1 && cash[0]?.id === r.id) return 'cash'
    if (r.code.startsWith('102') && banks.some((b) => b.accountId === r.itemId && (r.auxItemId === null || r.auxItemId === b.auxItemId))) return 'bank'
    return null
  }
}

function checkRows(c: CampaignDetail): CheckRow[] {
  const covered = coverage(c)
  return [
    ...c.rows.map((r) => ({
      key: `s${r.id}`,
      snapshotId: r.id,
      kind: r.kind,
      code: r.code,
      label: r.label,
      result: r.check?.result ?? null,
      amount: r.amount,
      quantity: r.quantity,
      unit: r.unit,
      verification: r.verification,
      coveredBy: covered(r),
      claim: r.kind === 'account' && isClaimOrDebt(r.code),
    })),
    ...c.surplus.map((s) => ({ key: `p${s.id}`, surplusId: s.id, kind: s.kind, code: '盘盈', label: s.label, result: 'surplus' as const, amount: null, quantity: null, unit: s.unit, verification: s.verification, coveredBy: null, claim: false })),
  ]
}

/** 核实: the 核实数 beside every 账面数, the 现金盘点表 and the 银行存款余额调节表; differences → a draft voucher through 181. */
export function VerificationPanel(props: PanelProps) {
  const c = props.detail
  const [tab, setTab] = useState<TabKey>('rows')
  const bankIssues = c.rows.filter((r) => r.kind === 'bankAccount' && !c.bankRecs.some((b) => b.snapshotId === r.id)).length
  const claims = claimRows(c)
  const noReply = claims.filter((r) => !r.verification?.reply).length
  return (
    <Tabs
      activeKey={tab}
      onChange={(k) => setTab(k as TabKey)}
      items={[
        { key: 'rows', label: '核实数', children: <CheckTable {...props} onOpenTab={setTab} /> },
        { key: 'claims', label: `往来询证${noReply ? `（${noReply} 户未登记）` : ''}`, children: <ClaimReplies {...props} /> },
        { key: 'cash', label: `现金盘点表${c.cashCount ? '' : '（未填）'}`, children: <CashCountForm {...props} /> },
        { key: 'bank', label: `银行存款${bankIssues ? `（${bankIssues} 户未核对）` : ''}`, children: <BankRecs {...props} /> },
      ]}
    />
  )
}

/** 核实数 of a row checked elsewhere: the figure once recorded, else where it is recorded (a link to that tab) */
function CoveredFigure(props: { row: CheckRow; onOpenTab: (t: TabKey) => void }) {
  const { row } = props
  const cash = row.coveredBy === 'cash'
  const link = (
    <Typography.Link onClick={() => props.onOpenTab(cash ? 'cash' : 'bank')} style={{ fontSize: cash && row.verification ? 12 : undefined }}>
      {cash ? '见现金盘点表' : '见余额调节表'}
    </Typography.Link>
  )
  if (!cash || !row.verification) return link
  return (
    <div>
      <Num v={row.verification.amount} />
      <div>{link}</div>
    </div>
  )
}

function CheckTable(props: PanelProps & { onOpenTab: (t: TabKey) => void }) {
  const c = props.detail
  const all = useMemo(() => checkRows(c), [c])
  const [kind, setKind] = useState<SnapshotKind | undefined>()
  const [search, setSearch] = useState('')
  const [diffOnly, setDiffOnly] = useState(false)
  const [editing, setEditing] = useState<CheckRow | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [adjusting, setAdjusting] = useState(false)
  const shown = useMemo(() => {
    const s = search.trim()
    return all.filter((r) => (!kind || r.kind === kind) && (!diffOnly || differs(r)) && (!s || r.label.includes(s) || r.code.includes(s)))
  }, [all, kind, search, diffOnly])
  const unexplained = all.filter((r) => differs(r) && (!r.verification?.reason || !r.verification.opinion)).length
  const columns: TableColumnsType<CheckRow> = [
    { title: '类别', dataIndex: 'kind', width: 72, render: (k: SnapshotKind) => SNAPSHOT_KIND_LABELS[k] },
    { title: '编码', dataIndex: 'code', width: 96, ellipsis: true },
    {
      title: '名称',
      dataIndex: 'label',
      width: 200,
      ellipsis: true,
      render: (v: string, r) => (
        <Space size={4}>
          {/* a long name is cut with its whole text on hover */}
          <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: r.result === 'missing' || r.result === 'surplus' ? 130 : 180 }}>
            {v}
          </Typography.Text>
          {r.result === 'missing' ? <Tag color="error">不在</Tag> : r.result === 'surplus' ? <Tag color="warning">盘盈</Tag> : null}
        </Space>
      ),
    },
    { title: '账面数', key: 'book', width: 112, align: 'right', render: (_, r) => (r.kind === 'parcel' ? qtyText(r.quantity, r.unit) : <Num v={r.amount} />) },
    {
      title: '核实数',
      key: 'verified',
      width: 112,
      align: 'right',
      render: (_, r) =>
        r.coveredBy ? (
          <CoveredFigure row={r} onOpenTab={props.onOpenTab} />
        ) : r.verification?.reply ? (
          // a claim or debt: the 询证 reply under the figure
          <div>
            <Num v={r.verification.amount} />
            <div>
              <Tag color={REPLY_TAGS[r.verification.reply].color} style={{ marginInlineEnd: 0, fontSize: 12 }}>
                {REPLY_TAGS[r.verification.reply].text}
              </Tag>
            </div>
          </div>
        ) : r.verification ? (
          r.kind === 'parcel' ? qtyText(r.verification.quantity, r.unit) : <Num v={r.verification.amount} />
        ) : (
          <Typography.Text type="secondary">未核实</Typography.Text>
        ),
    },
    {
      title: '差异',
      key: 'diff',
      width: 100,
      align: 'right',
      render: (_, r) => {
        const v = r.verification
        if (!v) return null
        if (r.kind === 'parcel' || (v.amount === null && v.quantityDifference !== null)) return isZero(v.quantityDifference) ? '' : <Typography.Text type="danger">{v.quantityDifference}</Typography.Text>
        return isZero(v.difference) ? '' : <Num v={v.difference} danger />
      },
    },
    { title: '差异原因', key: 'reason', width: 150, ellipsis: true, render: (_, r) => r.verification?.reason ?? (differs(r) ? <Typography.Text type="warning">待填写</Typography.Text> : '') },
    { title: '处理意见', key: 'opinion', width: 150, ellipsis: true, render: (_, r) => r.verification?.opinion ?? '' },
    {
      title: '',
      key: 'op',
      width: 76,
      fixed: 'right',
      // the 101 and 102 rows are verified through their own tables (the link in 核实数)
      render: (_, r) =>
        props.editable && !r.coveredBy ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={`核实 ${r.label}`}>
            核实
          </Button>
        ) : null,
    },
  ]
  const chosen = all.filter((r) => selected.includes(r.key))
  return (
    <div>
      {unexplained ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`还有 ${unexplained} 项差异未写明差异原因和处理意见（「不在」和盘盈项目也要核实）`} /> : null}
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Input.Search aria-label="搜索核实项目" placeholder="编码或名称" allowClear style={{ width: 200 }} onSearch={setSearch} />
        <Select aria-label="核实项目类别" placeholder="全部类别" allowClear style={{ width: 130 }} value={kind} onChange={(v: SnapshotKind | undefined) => setKind(v)} options={Object.entries(SNAPSHOT_KIND_LABELS).map(([k, l]) => ({ value: k, label: l }))} />
        <Checkbox checked={diffOnly} onChange={(e) => setDiffOnly(e.target.checked)}>
          只看有差异
        </Checkbox>
        {props.editable ? (
          <Button icon={<FileAddOutlined />} disabled={chosen.length === 0} onClick={() => setAdjusting(true)} data-testid="campaign-adjust">
            {chosen.length ? `所选 ${chosen.length} 项生成调整凭证` : '生成调整凭证（先勾选差异）'}
          </Button>
        ) : null}
      </Space>
      <Table<CheckRow>
        size="small"
        bordered
        rowKey="key"
        dataSource={shown}
        columns={props.editable ? columns : columns.filter((c) => c.key !== 'op')}
        pagination={shown.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        rowSelection={props.editable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (r) => ({ disabled: isZero(r.verification?.difference) }) } : undefined}
        scroll={{ x: 1100 }}
        rowClassName={(r) => (differs(r) ? 'sanzi-row-warn' : '')}
        data-testid="verification-table"
      />
      {editing ? (
        <VerifyModal
          detail={c}
          row={editing}
          onClose={(done) => {
            setEditing(null)
            if (done) props.onChanged()
          }}
        />
      ) : null}
      {adjusting ? (
        <AdjustModal
          detail={c}
          rows={chosen}
          onClose={(done) => {
            setAdjusting(false)
            if (done) {
              setSelected([])
              props.onChanged()
            }
          }}
        />
      ) : null}
    </div>
  )
}

interface VerifyValues {
  amount?: string
  quantity?: string
  reason?: string
  opinion?: string
  reply?: CounterpartyReply | null
}

/** 核实 one row: the 核实数 (amount, or area for a parcel; quantity for counted items), 差异原因 and 处理意见. */
function VerifyModal(props: { detail: CampaignDetail; row: CheckRow; onClose: (done: boolean) => void }) {
  const { row } = props
  const [form] = Form.useForm<VerifyValues>()
  const runner = useRunner(() => props.onClose(true))
  const v = row.verification
  const parcel = row.kind === 'parcel'
  const amount = Form.useWatch('amount', form)
  const reply = Form.useWatch('reply', form)
  const diff = !parcel && amount && /^-?\d+(\.\d{1,2})?$/.test(amount.trim()) ? new Decimal(amount.trim()).minus(new Decimal(row.amount ?? '0')) : null
  const submit = async () => {
    const f = await form.validateFields()
    await runner.run(
      'verify',
      () =>
        call('campaign.verify', {
          ...refOf(props.detail),
          rows: [
            {
              ...(row.snapshotId !== undefined ? { snapshotId: row.snapshotId } : { surplusId: row.surplusId }),
              ...(parcel || !f.amount?.trim() ? {} : { amount: f.amount.trim() }),
              quantity: f.quantity?.trim() || null,
              reason: f.reason?.trim() || null,
              opinion: f.opinion?.trim() || null,
              reply: row.claim ? (f.reply ?? null) : null,
            },
          ],
        }),
      () => `已核实「${row.label}」`,
    )
  }
  const initial: VerifyValues = {
    amount: v?.amount ?? (row.result === 'missing' ? '0.00' : (row.amount ?? undefined)),
    quantity: v?.quantity ?? (row.result === 'missing' && row.quantity !== null ? '0' : (row.quantity ?? undefined)),
    reason: v?.reason ?? undefined,
    opinion: v?.opinion ?? undefined,
    reply: v?.reply ?? null,
  }
  return (
    <Modal open title={`核实：${row.label}`} width={600} okText="保存" cancelText="取消" confirmLoading={runner.busy !== null} onOk={() => void submit()} onCancel={() => props.onClose(false)} destroyOnHidden>
      <ErrorAlert error={runner.error} />
      <Typography.Paragraph type="secondary">
        {SNAPSHOT_KIND_LABELS[row.kind]} {row.code}，账面数：{parcel ? qtyText(row.quantity, row.unit) : `${row.amount ?? '—'} 元${row.quantity !== null ? `，${qtyText(row.quantity, row.unit)}` : ''}`}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" size="small" initialValues={initial} data-testid="verify-form">
        <Row gutter={12}>
          {row.claim ? (
            <Col span={12}>
              <Form.Item name="reply" label="询证结果">
                <Select allowClear placeholder="未询证" options={COUNTERPARTY_REPLIES.map((k) => ({ value: k, label: COUNTERPARTY_REPLY_LABELS[k] }))} />
              </Form.Item>
            </Col>
          ) : null}
          {parcel ? null : (
            <Col span={12}>
              <Form.Item name="amount" label="核实金额（元）" extra={diff && !diff.isZero() ? `差异 ${diff.toFixed(2)} 元` : undefined} rules={reply === 'disagreed' ? [{ required: true, whitespace: true, message: '对方确认不符，请填写核实金额' }] : undefined}>
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
          )}
          {parcel || row.quantity !== null || row.result === 'surplus' ? (
            <Col span={12}>
              <Form.Item name="quantity" label={parcel ? '核实面积（亩）' : '核实数量'} rules={parcel ? [{ required: true, whitespace: true, message: '请填写核实面积' }] : undefined}>
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
          ) : null}
          <DifferenceFields span={24} opinionPlaceholder="有差异时必填，如：报村民代表会议核销" />
        </Row>
      </Form>
    </Modal>
  )
}

/** 生成调整凭证: the chosen differences as one draft voucher through 181; register items name their asset account. */
function AdjustModal(props: { detail: CampaignDetail; rows: CheckRow[]; onClose: (done: boolean) => void }) {
  const c = props.detail
  const [form] = Form.useForm<{ date: Dayjs; accounts: Record<string, number | undefined> }>()
  const chart = useQuery('account.list', { villageId: c.villageId })
  const leaves = (chart.data ?? []).filter((a) => a.isLeaf && a.status === 'active')
  const assetAccounts = leaves.filter((a) => a.class === 'asset')
  const runner = useRunner(() => undefined)
  const [voucher, setVoucher] = useState<{ id: number; lines: { summary: string; accountCode: string; debit: string; credit: string }[] } | null>(null)
  const submit = async () => {
    const v = await form.validateFields()
    const r = await runner.run(
      'adjust',
      () =>
        call('campaign.adjust', {
          ...refOf(c),
          date: v.date.format('YYYY-MM-DD'),
          items: props.rows.map((row) => ({
            ...(row.snapshotId !== undefined ? { snapshotId: row.snapshotId } : { surplusId: row.surplusId }),
            ...(needsAccount(row) && v.accounts?.[row.key] ? { accountId: v.accounts[row.key] } : {}),
          })),
        }),
      (x) => `已生成调整凭证草稿（${x.lines.length} 行）`,
    )
    if (r) setVoucher({ id: r.voucherId, lines: r.lines })
  }
  return (
    <Modal
      open
      title="清查差异生成调整凭证"
      width={720}
      okText={voucher ? '完成' : '生成凭证'}
      cancelText="取消"
      confirmLoading={runner.busy !== null}
      onOk={() => (voucher ? props.onClose(true) : void submit())}
      onCancel={() => props.onClose(voucher !== null)}
      destroyOnHidden
    >
      <ErrorAlert error={runner.error} />
      {voucher ? (
        <div data-testid="adjust-result">
          <Alert type="success" showIcon style={{ marginBottom: 12 }} message="已生成凭证草稿（来源：清查），请审核记账" action={<Button size="small" onClick={() => navigate('vouchers/view', { id: voucher.id })}>查看凭证</Button>} />
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={voucher.lines}
            columns={[
              { title: '摘要', dataIndex: 'summary' },
              { title: '科目', dataIndex: 'accountCode', width: 100, className: 'sanzi-mono' },
              { title: '借方', dataIndex: 'debit', width: 120, align: 'right', render: (x: string) => <Num v={x} blankZero /> },
              { title: '贷方', dataIndex: 'credit', width: 120, align: 'right', render: (x: string) => <Num v={x} blankZero /> },
            ]}
          />
        </div>
      ) : (
        <Form form={form} layout="vertical" size="small" initialValues={{ date: dayjs() }} data-testid="adjust-form">
          <Typography.Paragraph type="secondary">盘盈：借 资产 / 贷 181 待处理财产损溢；盘亏：借 181 / 贷 资产。每项差异只能生成一次调整凭证。</Typography.Paragraph>
          <Form.Item name="date" label="凭证日期" rules={[{ required: true, message: '请选择凭证日期' }]} extra="须在未结账的月份">
            <DatePicker style={{ width: 200 }} />
          </Form.Item>
          {props.rows.map((row) => (
            <Row key={row.key} gutter={8} align="middle" style={{ marginBottom: 4 }}>
              <Col span={10}>
                {row.label}（差异 <Num v={row.verification?.difference} /> 元）
              </Col>
              <Col span={14}>
                {needsAccount(row) ? (
                  <Form.Item name={['accounts', row.key]} rules={[{ required: true, message: '请选择资产科目' }]} style={{ marginBottom: 0 }}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder="资产科目"
                      aria-label={`${row.label} 资产科目`}
                      options={assetAccounts.map((a) => ({ value: a.id, label: `${a.code} ${a.name}` }))}
                    />
                  </Form.Item>
                ) : (
                  <Typography.Text type="secondary">{row.kind === 'account' ? `科目 ${row.code}` : '银行存款科目'}</Typography.Text>
                )}
              </Col>
            </Row>
          ))}
        </Form>
      )}
    </Modal>
  )
}
