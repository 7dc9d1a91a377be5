import { useMemo, useState } from 'react'
import { Checkbox, Select, Statistic, Tag, Typography, type TableColumnsType } from 'antd'
import type { AssetRow } from '../../../shared/api/registerTypes'
import type { Village } from '../../../shared/api/types'
import { ASSET_CATEGORIES, ASSET_NATURE_LABELS, ASSET_NATURES, ASSET_STATUS_LABELS, ASSET_STATUSES, type AssetNature } from '../../../shared/registers/assets'
import type { AssetStatus } from '../../../shared/registers/depreciation'
import { useQuery } from '../api/useQuery'
import { useRouteParams } from '../app/routes'
import { useSession } from '../app/session'
import { fmtYuan } from '../ledger/money'
import { WithVillage } from '../ledger/WithVillage'
import { AsOfPicker } from '../registers/parts'
import { RegisterFilters, RegisterImport, RegisterTable, RegisterTitle, RegisterTotals, useRegisterState } from '../registers/RegisterPage'
import { AssetDrawer } from './AssetDrawer'
import { AssetFormModal } from './AssetForm'

/** 固定资产卡片: the register with its filters, totals and the card drawer (history as a timeline). */
export function AssetsPage() {
  return <WithVillage>{(v) => <AssetRegister key={v.id} village={v} />}</WithVillage>
}

const STATUS_COLORS: Record<AssetStatus, string> = { inUse: 'green', leased: 'blue', lent: 'cyan', contracted: 'geekblue', idle: 'orange', scrapped: 'default' }

function AssetRegister(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const [search, setSearch] = useState('')
  const [category, setCategory] = useState<string | undefined>()
  const [nature, setNature] = useState<AssetNature | undefined>()
  const [status, setStatus] = useState<AssetStatus | undefined>()
  const [asOf, setAsOf] = useState<string | undefined>()
  const [includeDisposed, setIncludeDisposed] = useState(false)
  const params = useRouteParams()
  const reg = useRegisterState(Number(params.get('open')))
  const q = useQuery('asset.list', {
    villageId: village.id,
    search: search.trim() || undefined,
    category,
    nature,
    status,
    asOf,
    includeDisposed,
    limit: 10_000,
  })
  const rows = useMemo(() => q.data?.rows ?? [], [q.data])
  const canWrite = session.can('asset.create')

  const columns: TableColumnsType<AssetRow> = [
    { title: '资产编码', dataIndex: 'code', width: 110, fixed: 'left', render: (c: string) => <span className="sanzi-mono">{c}</span> },
    { title: '名称', dataIndex: 'name', width: 170, fixed: 'left', ellipsis: true },
    { title: '类别', dataIndex: 'category', width: 130 },
    { title: '性质', dataIndex: 'nature', width: 90, render: (n: AssetNature) => ASSET_NATURE_LABELS[n] },
    { title: '数量', dataIndex: 'quantity', width: 80, align: 'right', render: (v: string, r) => `${v}${r.unit ?? ''}` },
    { title: '坐落/存放地点', dataIndex: 'location', width: 160, ellipsis: true },
    { title: '取得日期', dataIndex: 'acquiredOn', width: 110 },
    { title: '原值', dataIndex: 'originalValue', width: 130, align: 'right', render: (v: string) => <span className="sanzi-num">{fmtYuan(v)}</span> },
    { title: '累计折旧', dataIndex: 'accumulated', width: 130, align: 'right', render: (v: string) => <span className="sanzi-num">{fmtYuan(v)}</span> },
    { title: '净值', dataIndex: 'netValue', width: 130, align: 'right', render: (v: string) => <span className="sanzi-num">{fmtYuan(v)}</span> },
    { title: '月折旧额', dataIndex: 'monthlyCharge', width: 100, align: 'right', render: (v: string) => <span className="sanzi-num">{fmtYuan(v, true)}</span> },
    {
      title: '使用状况',
      dataIndex: 'status',
      width: 100,
      render: (s: AssetStatus, r) => (r.disposedOn ? <Tag>已处置</Tag> : <Tag color={STATUS_COLORS[s]}>{ASSET_STATUS_LABELS[s]}</Tag>),
    },
    { title: '管护人', dataIndex: 'custodian', width: 90 },
  ]

  return (
    <>
      <RegisterTitle
        title="固定资产卡片"
        onReload={q.reload}
        importLabel="导入卡片"
        onImport={canWrite ? () => reg.setImporting(true) : undefined}
        createLabel="新增卡片"
        onCreate={canWrite ? () => reg.setCreating(true) : undefined}
        createTestId="asset-create"
      />
      <RegisterFilters searchLabel="搜索资产" placeholder="编码、名称、地点、管护人、权证号" searchWidth={260} onSearch={setSearch} error={q.error}>
        <Select aria-label="资产类别" placeholder="全部类别" allowClear style={{ width: 150 }} value={category} onChange={setCategory} options={ASSET_CATEGORIES.map((c) => ({ value: c, label: c }))} />
        <Select aria-label="资产性质" placeholder="全部性质" allowClear style={{ width: 120 }} value={nature} onChange={setNature} options={ASSET_NATURES.map((n) => ({ value: n, label: ASSET_NATURE_LABELS[n] }))} />
        <Select aria-label="使用状况" placeholder="全部状况" allowClear style={{ width: 120 }} value={status} onChange={setStatus} options={ASSET_STATUSES.map((s) => ({ value: s, label: ASSET_STATUS_LABELS[s] }))} />
        <AsOfPicker value={asOf} onChange={setAsOf} />
        <Checkbox checked={includeDisposed} onChange={(e) => setIncludeDisposed(e.target.checked)}>
          含已处置
        </Checkbox>
      </RegisterFilters>
      <RegisterTotals testId="asset-totals" size={40} wrap={false}>
        <Statistic title="卡片" value={q.data?.total ?? 0} suffix="张" />
        <Statistic title="原值合计" value={fmtYuan(q.data?.totals.originalValue)} />
        <Statistic title="累计折旧合计" value={fmtYuan(q.data?.totals.accumulated)} />
        <Statistic title="净值合计" value={fmtYuan(q.data?.totals.netValue)} />
        {asOf ? <Typography.Text type="secondary">截至 {asOf} 的状态</Typography.Text> : null}
      </RegisterTotals>
      <RegisterTable<AssetRow> virtual loading={q.loading} dataSource={rows} columns={columns} scroll={{ x: 1700, y: 520 }} onOpen={reg.setOpenId} testId="asset-table" />
      {reg.openId !== null ? <AssetDrawer village={village} assetId={reg.openId} asOf={asOf} onClose={reg.closeDrawer} onChanged={q.reload} /> : null}
      {reg.creating ? <AssetFormModal village={village} onClose={reg.created(q.reload)} /> : null}
      <RegisterImport kind="assets" villageId={village.id} open={reg.importing} onClose={() => reg.setImporting(false)} onCommitted={q.reload} />
    </>
  )
}
