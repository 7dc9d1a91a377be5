import { useMemo, useState } from 'react'
import { Checkbox, Segmented, Select, Space, Statistic, Tag, type TableColumnsType } from 'antd'
import type { ContractRow } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { CONTRACT_KIND_LABELS, CONTRACT_KINDS, CONTRACT_STATUS_LABELS, CONTRACT_STATUSES, type ContractKind, type ContractStatus } from '../../../../shared/registers/contracts'
import { useQuery } from '../../api/useQuery'
import { useRouteParams } from '../../app/routes'
import { useSession } from '../../app/session'
import { fenOf, fmtYuan } from '../../ledger/money'
import { WithVillage } from '../../ledger/WithVillage'
import { AsOfPicker, Num, today } from '../parts'
import { RegisterFilters, RegisterImport, RegisterTable, RegisterTitle, RegisterTotals, useRegisterState } from '../RegisterPage'
import { ContractDrawer } from './ContractDrawer'
import { ContractFormModal } from './ContractForm'
import { daysFrom, STATUS_COLORS } from './labels'

/** 合同台账: contracts with filters (type, status, arrears, ending within 90/60/30 days), totals and the drawer. */
export function ContractsPage() {
  return <WithVillage>{(v) => <Contracts key={v.id} village={v} />}</WithVillage>
}

function Contracts(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const params = useRouteParams()
  const [search, setSearch] = useState('')
  const [kind, setKind] = useState<ContractKind | undefined>()
  const [status, setStatus] = useState<ContractStatus | undefined>()
  const [overdueOnly, setOverdueOnly] = useState(params.get('overdue') === '1')
  const [within, setWithin] = useState<number>(Number(params.get('within')) || 0)
  const [asOf, setAsOf] = useState<string | undefined>()
  const reg = useRegisterState(Number(params.get('open')))
  const q = useQuery('contract.list', { villageId: village.id, search: search.trim() || undefined, kind, status, overdueOnly, asOf, limit: 10_000 })
  const l = q.data
  const date = l?.asOf ?? asOf ?? today()
  const rows = useMemo(() => {
    const all = l?.rows ?? []
    if (within === 0) return all
    return all.filter((r) => r.status === 'active' && r.endOn >= date && daysFrom(date, r.endOn) <= within)
  }, [l, within, date])

  const columns: TableColumnsType<ContractRow> = [
    { title: '合同编号', dataIndex: 'number', width: 120, fixed: 'left', render: (c: string) => <span className="sanzi-mono">{c}</span> },
    { title: '合同名称', dataIndex: 'name', width: 170, fixed: 'left', ellipsis: true },
    { title: '类型', dataIndex: 'kind', width: 56, render: (k: ContractKind) => CONTRACT_KIND_LABELS[k] },
    { title: '乙方', dataIndex: 'partyB', width: 170, ellipsis: true },
    {
      title: '期限',
      key: 'term',
      width: 235,
      render: (_: unknown, r) => {
        const left = daysFrom(date, r.endOn)
        return (
          <Space size={4}>
            {`${r.startOn} 至 ${r.endOn}`}
            {r.status === 'active' && left >= 0 && left <= 90 ? <Tag color={left <= 30 ? 'red' : left <= 60 ? 'orange' : 'gold'}>{left}天</Tag> : null}
          </Space>
        )
      },
    },
    { title: '合同金额', dataIndex: 'amount', width: 120, align: 'right', render: (v: string) => <Num v={v} /> },
    { title: '应收至今', dataIndex: 'due', width: 120, align: 'right', render: (v: string) => <Num v={v} /> },
    { title: '已收', dataIndex: 'received', width: 120, align: 'right', render: (v: string) => <Num v={v} /> },
    { title: '欠款', dataIndex: 'outstanding', width: 110, align: 'right', render: (v: string) => <Num v={v} blankZero danger /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: ContractStatus) => <Tag color={STATUS_COLORS[s]}>{CONTRACT_STATUS_LABELS[s]}</Tag> },
  ]
  const width = columns.reduce((s, c) => s + Number(c.width ?? 100), 0)

  return (
    <>
      <RegisterTitle
        title="合同台账"
        onReload={q.reload}
        importLabel="导入合同"
        onImport={session.can('import.contracts') ? () => reg.setImporting(true) : undefined}
        createLabel="登记合同"
        onCreate={session.can('contract.create') ? () => reg.setCreating(true) : undefined}
        createTestId="contract-create"
      />
      <RegisterFilters searchLabel="搜索合同" placeholder="合同编号、名称、乙方、标的" searchWidth={250} onSearch={setSearch} error={q.error}>
        <Select aria-label="合同类型" placeholder="全部类型" allowClear style={{ width: 110 }} value={kind} onChange={setKind} options={CONTRACT_KINDS.map((k) => ({ value: k, label: CONTRACT_KIND_LABELS[k] }))} />
        <Select aria-label="合同状态" placeholder="全部状态" allowClear style={{ width: 120 }} value={status} onChange={setStatus} options={CONTRACT_STATUSES.map((s) => ({ value: s, label: CONTRACT_STATUS_LABELS[s] }))} />
        <Segmented
          aria-label="到期"
          value={within}
          onChange={(v) => setWithin(Number(v))}
          options={[
            { value: 0, label: '全部' },
            { value: 90, label: '90天内到期' },
            { value: 60, label: '60天内' },
            { value: 30, label: '30天内' },
          ]}
        />
        <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>
          仅看欠款
        </Checkbox>
        <AsOfPicker value={asOf} onChange={setAsOf} />
      </RegisterFilters>
      <RegisterTotals testId="contract-totals">
        <Statistic title="合同" value={within ? rows.length : (l?.total ?? 0)} suffix="份" />
        <Statistic title="合同金额合计" value={fmtYuan(l?.totals.amount)} />
        <Statistic title="应收至今" value={fmtYuan(l?.totals.due)} />
        <Statistic title="已收" value={fmtYuan(l?.totals.received)} />
        <Statistic title="欠款" value={fmtYuan(l?.totals.outstanding)} styles={{ content: fenOf(l?.totals.outstanding) > 0 ? { color: '#cf1322' } : {} }} />
      </RegisterTotals>
      <RegisterTable<ContractRow> virtual loading={q.loading} dataSource={rows} columns={columns} scroll={{ x: width, y: 500 }} onOpen={reg.setOpenId} testId="contract-table" />
      {reg.openId !== null ? <ContractDrawer village={village} contractId={reg.openId} asOf={asOf} onClose={reg.closeDrawer} onChanged={q.reload} /> : null}
      {reg.creating ? <ContractFormModal village={village} onClose={reg.created(q.reload)} /> : null}
      <RegisterImport kind="contracts" villageId={village.id} open={reg.importing} onClose={() => reg.setImporting(false)} onCommitted={q.reload} />
    </>
  )
}
