import { useMemo, useState } from 'react'
import { Checkbox, Select, Statistic, Tag, Typography, type TableColumnsType } from 'antd'
import type { ParcelRow } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { LAND_CLASSES, OWNERSHIP_LABELS, OWNERSHIPS, USE_STATUS_LABELS, USE_STATUSES, type Ownership, type UseStatus } from '../../../../shared/registers/parcels'
import { useQuery } from '../../api/useQuery'
import { useRouteParams } from '../../app/routes'
import { useSession } from '../../app/session'
import { WithVillage } from '../../ledger/WithVillage'
import { AsOfPicker, fmtArea } from '../parts'
import { RegisterFilters, RegisterImport, RegisterTable, RegisterTitle, RegisterTotals, useRegisterState } from '../RegisterPage'
import { ParcelDrawer } from './ParcelDrawer'
import { ParcelFormModal, USE_STATUS_COLORS } from './ParcelForm'

/** 资源台账: parcels with search and filters, area totals in 亩 (4 decimals), the drawer with 四至, contract and history. */
export function ParcelsPage() {
  return <WithVillage>{(v) => <Parcels key={v.id} village={v} />}</WithVillage>
}

function Parcels(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const params = useRouteParams()
  const [search, setSearch] = useState('')
  const [landClass, setLandClass] = useState<string | undefined>()
  const [useStatus, setUseStatus] = useState<UseStatus | undefined>()
  const [ownership, setOwnership] = useState<Ownership | undefined>()
  const [asOf, setAsOf] = useState<string | undefined>()
  const [includeRemoved, setIncludeRemoved] = useState(false)
  const reg = useRegisterState(Number(params.get('open')))
  const q = useQuery('parcel.list', { villageId: village.id, search: search.trim() || undefined, landClass, useStatus, ownership, asOf, includeRemoved, limit: 10_000 })
  const l = q.data
  const rows = useMemo(() => l?.rows ?? [], [l])

  const columns: TableColumnsType<ParcelRow> = [
    { title: '资源编号', dataIndex: 'code', width: 100, fixed: 'left', render: (c: string) => <span className="sanzi-mono">{c}</span> },
    { title: '名称', dataIndex: 'name', width: 150, fixed: 'left', ellipsis: true },
    { title: '地类', dataIndex: 'landClass', width: 110 },
    { title: '面积(亩)', dataIndex: 'area', width: 120, align: 'right', render: (a: string) => <span className="sanzi-num">{fmtArea(a)}</span> },
    { title: '坐落', dataIndex: 'location', width: 170, ellipsis: true },
    { title: '权属', key: 'own', width: 120, ellipsis: true, render: (_: unknown, r) => r.ownerName ?? OWNERSHIP_LABELS[r.ownership] },
    {
      title: '使用状况',
      dataIndex: 'useStatus',
      width: 100,
      render: (s: UseStatus, r) => (r.removedOn ? <Tag>已核销</Tag> : <Tag color={USE_STATUS_COLORS[s]}>{USE_STATUS_LABELS[s]}</Tag>),
    },
    { title: '使用人/承包方', dataIndex: 'userName', width: 170, ellipsis: true },
    {
      title: '合同',
      key: 'contracts',
      width: 130,
      render: (_: unknown, r) =>
        r.contracts.length > 0 ? (
          <span className="sanzi-mono">{r.contracts.map((c) => c.number).join('、')}</span>
        ) : r.useStatus === 'contracted' || r.useStatus === 'leased' ? (
          <Tag color="red">无合同</Tag>
        ) : null,
    },
    { title: '宗地号', dataIndex: 'parcelNo', width: 200, render: (v: string | null) => <span className="sanzi-mono">{v}</span> },
  ]

  return (
    <>
      <RegisterTitle
        title="资源台账"
        onReload={q.reload}
        importLabel="导入资源"
        onImport={session.can('import.resources') ? () => reg.setImporting(true) : undefined}
        createLabel="登记资源"
        onCreate={session.can('parcel.create') ? () => reg.setCreating(true) : undefined}
        createTestId="parcel-create"
      />
      <RegisterFilters searchLabel="搜索资源" placeholder="编号、名称、坐落、使用人、宗地号" searchWidth={260} onSearch={setSearch} error={q.error}>
        <Select aria-label="地类" placeholder="全部地类" allowClear showSearch style={{ width: 150 }} value={landClass} onChange={setLandClass} options={LAND_CLASSES.map((c) => ({ value: c, label: c }))} />
        <Select aria-label="使用状况" placeholder="全部使用状况" allowClear style={{ width: 130 }} value={useStatus} onChange={setUseStatus} options={USE_STATUSES.map((s) => ({ value: s, label: USE_STATUS_LABELS[s] }))} />
        <Select aria-label="权属" placeholder="全部权属" allowClear style={{ width: 120 }} value={ownership} onChange={setOwnership} options={OWNERSHIPS.map((o) => ({ value: o, label: OWNERSHIP_LABELS[o] }))} />
        <AsOfPicker value={asOf} onChange={setAsOf} />
        <Checkbox checked={includeRemoved} onChange={(e) => setIncludeRemoved(e.target.checked)}>
          含已核销
        </Checkbox>
      </RegisterFilters>
      <RegisterTotals testId="parcel-totals">
        <Statistic title="资源" value={l?.total ?? 0} suffix="宗" />
        <Statistic title="面积合计（亩）" value={fmtArea(l?.totalArea ?? '0')} />
        {USE_STATUSES.filter((s) => l?.areaByStatus[s]).map((s) => (
          <Statistic key={s} title={`${USE_STATUS_LABELS[s]}（亩）`} value={fmtArea(l?.areaByStatus[s])} styles={{ content: { fontSize: 18 } }} />
        ))}
        {asOf ? <Typography.Text type="secondary">截至 {asOf} 的状态</Typography.Text> : null}
      </RegisterTotals>
      <RegisterTable<ParcelRow> virtual loading={q.loading} dataSource={rows} columns={columns} scroll={{ x: 1370, y: 500 }} onOpen={reg.setOpenId} testId="parcel-table" />
      {reg.openId !== null ? <ParcelDrawer village={village} parcelId={reg.openId} asOf={asOf} onClose={reg.closeDrawer} onChanged={q.reload} /> : null}
      {reg.creating ? <ParcelFormModal village={village} onClose={reg.created(q.reload)} /> : null}
      <RegisterImport kind="resources" villageId={village.id} open={reg.importing} onClose={() => reg.setImporting(false)} onCommitted={q.reload} />
    </>
  )
}
