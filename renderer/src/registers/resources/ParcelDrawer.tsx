import { Alert, Button, Descriptions, Empty, Space, Tabs, Tag } from 'antd'
import type { ParcelDetail } from '../../../../shared/api/resourceTypes'
import type { Village } from '../../../../shared/api/types'
import { LET_OUT_USE_STATUSES, OWNERSHIP_LABELS, USE_STATUS_LABELS } from '../../../../shared/registers/parcels'
import { call } from '../../api/client'
import { useQuery } from '../../api/useQuery'
import { navigate } from '../../app/routes'
import { useSession } from '../../app/session'
import { historyTab, RegisterDrawer, useDrawerAction } from '../RegisterPage'
import { DatedChangeModal, fmtArea } from '../parts'
import { ParcelChangeModal, USE_STATUS_COLORS } from './ParcelForm'

/** One parcel: its fields, 四至, the contract letting it out and its history (台账) as a timeline. */
export function ParcelDrawer(props: { village: Village; parcelId: number; asOf?: string; onClose: () => void; onChanged: () => void }) {
  const { village } = props
  const session = useSession()
  const q = useQuery('parcel.get', { villageId: village.id, parcelId: props.parcelId, asOf: props.asOf })
  const { action, setAction, done } = useDrawerAction<'change' | 'remove'>(q.reload, props.onChanged)
  const p = q.data
  return (
    <RegisterDrawer
      size={780}
      title={p ? `${p.code} ${p.name}` : '资源'}
      onClose={props.onClose}
      testId="parcel-drawer"
      error={q.error}
      extra={
        p && !p.removedOn && !props.asOf ? (
          <Space>
            {session.can('parcel.change') ? <Button onClick={() => setAction('change')}>变更</Button> : null}
            {session.can('parcel.remove') ? (
              <Button danger onClick={() => setAction('remove')}>
                核销
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {p ? (
        <Tabs
          items={[
            { key: 'info', label: '资源', children: <ParcelInfo parcel={p} asOf={props.asOf} /> },
            historyTab(p.movements),
          ]}
        />
      ) : null}
      {p && action === 'change' ? <ParcelChangeModal village={village} parcel={p} onClose={done} /> : null}
      {p && action === 'remove' ? (
        <DatedChangeModal
          title={`核销资源：${p.code} ${p.name}`}
          dateLabel="核销日期"
          okText="核销"
          danger
          testId="parcel-remove-form"
          onSubmit={async (v) => {
            await call('parcel.remove', { villageId: village.id, parcelId: p.id, date: v.date, reason: v.reason })
          }}
          onClose={done}
        >
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="核销后该资源不再计入资源台账，历史记录保留；被征收、调出等情形须附决议或文件。" />
        </DatedChangeModal>
      ) : null}
    </RegisterDrawer>
  )
}

function ParcelInfo(props: { parcel: ParcelDetail; asOf?: string }) {
  const p = props.parcel
  const letOut = LET_OUT_USE_STATUSES.includes(p.useStatus)
  return (
    <>
      {props.asOf ? <Alert type="info" showIcon message={`截至 ${props.asOf} 的资源状态`} style={{ marginBottom: 12 }} /> : null}
      {p.removedOn ? <Alert type="warning" showIcon message={`已于 ${p.removedOn} 核销：${p.removalReason ?? ''}`} style={{ marginBottom: 12 }} /> : null}
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'class', label: '地类', children: p.landClass },
          { key: 'area', label: '面积（亩）', children: <b className="sanzi-num">{fmtArea(p.area)}</b> },
          { key: 'loc', label: '坐落', span: 2, children: p.location ?? '—' },
          { key: 'no', label: '宗地号', children: <span className="sanzi-mono">{p.parcelNo ?? '—'}</span> },
          { key: 'cert', label: '权证号', children: p.certificateNo ?? '—' },
          { key: 'own', label: '权属', children: p.ownerName ? `${OWNERSHIP_LABELS[p.ownership]}（${p.ownerName}）` : OWNERSHIP_LABELS[p.ownership] },
          { key: 'use', label: '使用状况', children: <Tag color={USE_STATUS_COLORS[p.useStatus]}>{USE_STATUS_LABELS[p.useStatus]}</Tag> },
          { key: 'user', label: '使用人/承包方', span: 2, children: p.userName ?? '—' },
          { key: 'note', label: '备注', span: 2, children: p.note ?? '—' },
        ]}
      />
      <h4 style={{ margin: '16px 0 8px' }}>四至</h4>
      <Boundaries parcel={p} />
      <h4 style={{ margin: '16px 0 8px' }}>合同</h4>
      {p.contracts.length > 0 ? (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={p.contracts.map((c) => ({
            key: String(c.id),
            label: <a onClick={() => navigate('contracts/list', { open: c.id })}>{c.number}</a>,
            children: `${c.partyB}，${c.startOn} 至 ${c.endOn}`,
          }))}
        />
      ) : letOut ? (
        <Alert type="error" showIcon message={`该资源${USE_STATUS_LABELS[p.useStatus]}但没有有效合同（应签尽签）`} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有有效合同" />
      )}
    </>
  )
}

const cell = { border: '1px solid #e5e7eb', borderRadius: 4, padding: '6px 10px', background: '#fafafa', minHeight: 48 }
const side = (label: string, value: string | null) => (
  <div style={cell}>
    <div style={{ fontSize: 12, color: '#6b7280' }}>{label}</div>
    {value ?? '—'}
  </div>
)

/** 四至 laid out as on a map: 北 above, 南 below, 西 left, 东 right of the parcel. */
function Boundaries(props: { parcel: ParcelDetail }) {
  const p = props.parcel
  return (
    <div data-testid="parcel-boundaries" style={{ display: 'grid', gridTemplateColumns: '1fr 1.2fr 1fr', gap: 6, maxWidth: 600 }}>
      <div />
      {side('北至', p.north)}
      <div />
      {side('西至', p.west)}
      <div style={{ ...cell, background: '#e8f0fc', display: 'flex', alignItems: 'center', justifyContent: 'center', fontWeight: 600 }}>{p.name}</div>
      {side('东至', p.east)}
      <div />
      {side('南至', p.south)}
      <div />
    </div>
  )
}
