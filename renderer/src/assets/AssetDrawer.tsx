import { Alert, Button, Descriptions, Empty, Space, Table, Tabs, Tag } from 'antd'
import type { Village } from '../../../shared/api/types'
import { ASSET_NATURE_LABELS, ASSET_STATUS_LABELS, DEPRECIATION_METHOD_LABELS, MOVEMENT_KIND_LABELS } from '../../../shared/registers/assets'
import { useQuery } from '../api/useQuery'
import { navigate } from '../app/routes'
import { useSession } from '../app/session'
import { fmtYuan } from '../ledger/money'
import { historyTab, RegisterDrawer, useDrawerAction } from '../registers/RegisterPage'
import { AssetActionModal } from './AssetForm'

/** One card: its fields, its depreciation by month and its history (台账) as a timeline. */
export function AssetDrawer(props: { village: Village; assetId: number; asOf?: string; onClose: () => void; onChanged: () => void }) {
  const { village } = props
  const session = useSession()
  const q = useQuery('asset.get', { villageId: village.id, assetId: props.assetId, asOf: props.asOf })
  const { action, setAction, done } = useDrawerAction<'change' | 'revalue' | 'dispose'>(q.reload, props.onChanged)
  const c = q.data
  const canWrite = session.can('asset.change')
  return (
    <RegisterDrawer
      size={760}
      title={c ? `${c.code} ${c.name}` : '固定资产卡片'}
      onClose={props.onClose}
      testId="asset-drawer"
      error={q.error}
      extra={
        c && canWrite && !c.disposedOn && !props.asOf ? (
          <Space>
            <Button onClick={() => setAction('change')}>变更</Button>
            {session.can('asset.revalue') ? <Button onClick={() => setAction('revalue')}>重估</Button> : null}
            {session.can('asset.dispose') ? (
              <Button danger onClick={() => setAction('dispose')}>
                处置
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {c ? (
        <Tabs
          items={[
            {
              key: 'card',
              label: '卡片',
              children: (
                <>
                  {props.asOf ? <Alert type="info" showIcon message={`截至 ${props.asOf} 的卡片状态`} style={{ marginBottom: 12 }} /> : null}
                  {c.disposedOn ? <Alert type="warning" showIcon message={`已于 ${c.disposedOn} ${c.disposalMode}，卡片不再变动`} style={{ marginBottom: 12 }} /> : null}
                  <Descriptions
                    size="small"
                    bordered
                    column={2}
                    items={[
                      { key: 'cat', label: '类别', children: c.category },
                      { key: 'nat', label: '资产性质', children: ASSET_NATURE_LABELS[c.nature] },
                      { key: 'spec', label: '规格型号', children: c.spec ?? '—' },
                      { key: 'qty', label: '数量', children: `${c.quantity}${c.unit ?? ''}` },
                      { key: 'loc', label: '坐落/存放地点', children: c.location ?? '—' },
                      { key: 'cus', label: '管护人', children: c.custodian ?? '—' },
                      { key: 'mode', label: '取得方式 / 资金来源', children: `${c.acquisitionMode} / ${c.fundSource}` },
                      { key: 'date', label: '取得日期', children: c.acquiredOn },
                      { key: 'orig', label: '原值', children: <b className="sanzi-num">{fmtYuan(c.originalValue)}</b> },
                      { key: 'acc', label: '累计折旧', children: <span className="sanzi-num">{fmtYuan(c.accumulated)}</span> },
                      { key: 'net', label: '净值', children: <span className="sanzi-num">{fmtYuan(c.netValue)}</span> },
                      { key: 'm', label: '月折旧额', children: <span className="sanzi-num">{fmtYuan(c.monthlyCharge)}</span> },
                      { key: 'life', label: '折旧方法 / 年限', children: `${DEPRECIATION_METHOD_LABELS[c.method]}，${c.usefulLifeMonths} 个月，净残值率 ${c.salvageRate}` },
                      { key: 'st', label: '使用状况', children: <Tag>{ASSET_STATUS_LABELS[c.status]}</Tag> },
                      { key: 'cert', label: '产权证号', children: c.certificateNo ?? '—' },
                      { key: 'area', label: '建筑 / 占地面积', children: `${c.buildingArea ?? '—'} / ${c.landArea ?? '—'}` },
                      { key: 'acct', label: '科目', span: 2, children: `固定资产 ${c.assetAccount}，累计折旧 ${c.accumulatedAccount}，折旧费用 ${c.expenseAccount}` },
                      { key: 'note', label: '备注', span: 2, children: c.note ?? '—' },
                    ]}
                  />
                </>
              ),
            },
            historyTab(c.movements, MOVEMENT_KIND_LABELS.register),
            {
              key: 'dep',
              label: `折旧（${c.depreciation.length} 个月）`,
              children: (
                <Table
                  size="small"
                  bordered
                  rowKey="period"
                  pagination={{ pageSize: 24, hideOnSinglePage: true }}
                  dataSource={c.depreciation}
                  locale={{ emptyText: <Empty description="尚未计提折旧" /> }}
                  columns={[
                    { title: '期间', dataIndex: 'period', width: 100 },
                    { title: '折旧额', dataIndex: 'amount', align: 'right', render: (v: string) => <span className="sanzi-num">{fmtYuan(v)}</span> },
                    {
                      title: '凭证',
                      dataIndex: 'voucherLabel',
                      render: (l: string | null, r) => (r.voucherId ? <a onClick={() => navigate('vouchers/view', { id: r.voucherId })}>{l}</a> : '—'),
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      ) : null}
      {c && action ? (
        <AssetActionModal
          village={village}
          card={c}
          kind={action}
          onClose={done}
        />
      ) : null}
    </RegisterDrawer>
  )
}
