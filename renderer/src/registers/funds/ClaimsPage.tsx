import { useMemo, useState } from 'react'
import { Alert, DatePicker, Input, Segmented, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import type { ClaimRow, ClaimSide, ClaimsRegister, ClaimTotals } from '../../../../shared/api/fundTypes'
import type { Village } from '../../../../shared/api/types'
import { periodOfDate } from '../../../../shared/periods'
import { AGE_BUCKET_LABELS, AGE_BUCKETS } from '../../../../shared/registers/ageing'
import { useQuery } from '../../api/useQuery'
import { PageTitle } from '../../app/PageTitle'
import { navigate } from '../../app/routes'
import { WithVillage } from '../../ledger/WithVillage'
import { Num, today } from '../parts'

/** 债权债务台账: 112/113/211/221 by counterparty at a date, aged 1年以内 … 3年以上, 113 split by its side. */
export function ClaimsPage() {
  return <WithVillage>{(v) => <Claims key={v.id} village={v} />}</WithVillage>
}

const SIDE_LABELS: Record<ClaimSide, string> = { receivable: '债权（应收）', payable: '债务（应付）' }
const ROOTS: Record<ClaimSide, { code: string; label: string }[]> = {
  receivable: [
    { code: '112', label: '112 应收款' },
    { code: '113', label: '113 内部往来（借方）' },
  ],
  payable: [
    { code: '211', label: '211 应付款' },
    { code: '221', label: '221 应付工资' },
    { code: '113', label: '113 内部往来（贷方）' },
  ],
}

type Row = ClaimRow & { key: string }

function Claims(props: { village: Village }) {
  const { village } = props
  const [date, setDate] = useState(today())
  const [side, setSide] = useState<ClaimSide>('receivable')
  const [root, setRoot] = useState<string>('all')
  const [search, setSearch] = useState('')
  const q = useQuery('claims.list', { villageId: village.id, date })
  const r = q.data
  const rows = useMemo<Row[]>(() => {
    const all = r ? (side === 'receivable' ? r.receivables : r.payables) : []
    const s = search.trim()
    return all.filter((c) => (root === 'all' || c.rootCode === root) && (s === '' || c.counterparty.includes(s) || c.accountCode.startsWith(s))).map((c, i) => ({ ...c, key: `${c.accountId}-${c.auxItemId ?? 0}-${i}` }))
  }, [r, side, root, search])

  const drill = (c: ClaimRow) => {
    if (!r) return
    const to = periodOfDate(r.date)
    navigate('books/counterparty', { tab: 'ledger', account: c.accountId, aux: c.auxItemId ?? undefined, from: `${village.startPeriod <= to ? village.startPeriod : to}`, to })
  }

  const columns: TableColumnsType<Row> = [
    { title: '科目', key: 'acct', width: 170, ellipsis: true, render: (_: unknown, c) => `${c.accountCode} ${c.accountName}` },
    {
      title: '往来单位 / 个人',
      dataIndex: 'counterparty',
      width: 200,
      ellipsis: true,
      render: (n: string, c) => (
        <a onClick={() => drill(c)} title="查看往来明细账">
          {n}
        </a>
      ),
    },
    { title: '余额', dataIndex: 'balance', width: 140, align: 'right', render: (v: string) => <Num v={v} strong /> },
    ...AGE_BUCKETS.map((b) => ({
      title: AGE_BUCKET_LABELS[b],
      key: b,
      width: 120,
      align: 'right' as const,
      render: (_: unknown, c: Row) => <Num v={c.ageing[b]} blankZero danger={b === 'over3'} />,
    })),
    { title: '最近发生', dataIndex: 'lastMovement', width: 110, render: (d: string | null) => d ?? <Typography.Text type="secondary">期初</Typography.Text> },
  ]

  return (
    <>
      <PageTitle title="债权债务" extra={<DatePicker aria-label="截止日期" allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />} />
      {q.error ? <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 12 }} /> : null}
      <Tabs
        activeKey={side}
        onChange={(k) => {
          setSide(k as ClaimSide)
          setRoot('all')
        }}
        items={(['receivable', 'payable'] as const).map((s) => ({ key: s, label: `${SIDE_LABELS[s]}${r ? `（${r.totals[s].count}）` : ''}` }))}
      />
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Segmented aria-label="科目" value={root} onChange={(v) => setRoot(String(v))} options={[{ value: 'all', label: '全部' }, ...ROOTS[side].map((x) => ({ value: x.code, label: x.label }))]} />
        <Input.Search aria-label="搜索往来单位" placeholder="往来单位、个人或科目编码" allowClear style={{ width: 240 }} onSearch={setSearch} />
      </Space>
      {r ? <AgeingSummary register={r} side={side} /> : null}
      <Table<Row>
        size="small"
        bordered
        rowKey="key"
        loading={q.loading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 1100, y: 480 }}
        data-testid="claims-table"
        summary={() =>
          r && rows.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <b>合计（{rows.length} 户）</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Num v={root === 'all' && search.trim() === '' ? r.totals[side].balance : null} strong />
                </Table.Summary.Cell>
                {AGE_BUCKETS.map((b, i) => (
                  <Table.Summary.Cell key={b} index={3 + i} align="right">
                    <Num v={root === 'all' && search.trim() === '' ? r.totals[side][b] : null} blankZero />
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={7} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      {r ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          账龄按先进先出计算：每笔减少先冲销最早的未清款项。期初余额自 {r.openingDate} 起计算账龄，实际账龄可能更长。点击往来单位查看往来明细账。
        </Typography.Paragraph>
      ) : null}
    </>
  )
}

/** The side's totals by age: one figure per bucket, 3年以上 in red. */
function AgeingSummary(props: { register: ClaimsRegister; side: ClaimSide }) {
  const t: ClaimTotals = props.register.totals[props.side]
  return (
    <Space size={28} wrap style={{ marginBottom: 12 }} data-testid="claims-totals">
      <span>
        余额合计 <Num v={t.balance} strong />
      </span>
      {AGE_BUCKETS.map((b) => (
        <span key={b}>
          <Tag color={b === 'over3' ? 'red' : b === 'within1' ? 'green' : b === 'y1to2' ? 'gold' : 'orange'}>{AGE_BUCKET_LABELS[b]}</Tag>
          <Num v={t[b]} />
        </span>
      ))}
    </Space>
  )
}
