import { useMemo, useState } from 'react'
import { Alert, Button, Checkbox, Input, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import type { ParcelRow } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { LAND_CLASSES, OWNERSHIP_LABELS, OWNERSHIPS, USE_STATUS_LABELS, USE_STATUSES, type Ownership, type UseStatus } from '../../../../shared/registers/parcels'
import { useQuery } from '../../api/useQuery'
import { PageTitle } from '../../app/PageTitle'
import { useRouteParams } from '../../app/routes'
import { useSession } from '../../app/session'
import { ImportDialog } from '../../imports/ImportDialog'
import { WithVillage } from '../../ledger/WithVillage'
import { AsOfPicker, fmtArea } from '../parts'
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
  const [openId, setOpenId] = useState<number | null>(() => Number(params.get('open')) || null)
  const [creating, setCreating] = useState(false)
  const [importing, setImporting] = useState(false)
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
      <PageTitle
        title="资源台账"
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={q.reload}>
              刷新
            </Button>
            {session.can('import.resources') ? (
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
                导入资源
              </Button>
            ) : null}
            {session.can('parcel.create') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="parcel-create">
                登记资源
              </Button>
            ) : null}
          </Space>
        }
      />
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Input.Search aria-label="搜索资源" placeholder="编号、名称、坐落、使用人、宗地号" allowClear style={{ width: 260 }} onSearch={setSearch} />
        <Select aria-label="地类" placeholder="全部地类" allowClear showSearch style={{ width: 150 }} value={landClass} onChange={setLandClass} options={LAND_CLASSES.map((c) => ({ value: c, label: c }))} />
        <Select aria-label="使用状况" placeholder="全部使用状况" allowClear style={{ width: 130 }} value={useStatus} onChange={setUseStatus} options={USE_STATUSES.map((s) => ({ value: s, label: USE_STATUS_LABELS[s] }))} />
        <Select aria-label="权属" placeholder="全部权属" allowClear style={{ width: 120 }} value={ownership} onChange={setOwnership} options={OWNERSHIPS.map((o) => ({ value: o, label: OWNERSHIP_LABELS[o] }))} />
        <AsOfPicker value={asOf} onChange={setAsOf} />
        <Checkbox checked={includeRemoved} onChange={(e) => setIncludeRemoved(e.target.checked)}>
          含已核销
        </Checkbox>
      </Space>
      {q.error ? <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 12 }} /> : null}
      <Space size={36} wrap style={{ display: 'flex', marginBottom: 12 }} data-testid="parcel-totals">
        <Statistic title="资源" value={l?.total ?? 0} suffix="宗" />
        <Statistic title="面积合计（亩）" value={fmtArea(l?.totalArea ?? '0')} />
        {USE_STATUSES.filter((s) => l?.areaByStatus[s]).map((s) => (
          <Statistic key={s} title={`${USE_STATUS_LABELS[s]}（亩）`} value={fmtArea(l?.areaByStatus[s])} styles={{ content: { fontSize: 18 } }} />
        ))}
        {asOf ? <Typography.Text type="secondary">截至 {asOf} 的状态</Typography.Text> : null}
      </Space>
      <Table<ParcelRow>
        size="small"
        bordered
        rowKey="id"
        virtual
        loading={q.loading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 1370, y: 500 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        data-testid="parcel-table"
      />
      {openId !== null ? <ParcelDrawer village={village} parcelId={openId} asOf={asOf} onClose={() => setOpenId(null)} onChanged={q.reload} /> : null}
      {creating ? (
        <ParcelFormModal
          village={village}
          onClose={(id) => {
            setCreating(false)
            if (id !== null) {
              q.reload()
              setOpenId(id)
            }
          }}
        />
      ) : null}
      <ImportDialog
        kind="resources"
        villageId={village.id}
        open={importing}
        onClose={(r) => {
          setImporting(false)
          if (r?.committed) q.reload()
        }}
      />
    </>
  )
}
