import { Empty, Space, Tag, Timeline, Typography } from 'antd'
import type { RegisterMovement } from '../../../shared/api/registerTypes'
import { MOVEMENT_KIND_LABELS } from '../../../shared/registers/assets'
import { navigate } from '../app/routes'
import { fmtYuan } from '../ledger/money'

const COLORS: Partial<Record<RegisterMovement['kind'], string>> = { dispose: 'red', terminate: 'red', register: 'green', acquire: 'green', receipt: 'cyan' }

/**
 * The 台账 of a register item (a card, a parcel, a contract, a bank account …): each dated movement, newest first,
 * with what changed from → to, the amount, the voucher and who did it.
 */
export function MovementTimeline(props: { movements: readonly RegisterMovement[]; /** the word for the first entry: 建卡登记 for a card, 登记 elsewhere */ registerLabel?: string }) {
  if (props.movements.length === 0) return <Empty description="没有变动记录" />
  return (
    <Timeline
      data-testid="movement-timeline"
      items={[...props.movements].reverse().map((m) => {
        const changes = Object.entries(m.changes)
        return {
          key: m.id,
          color: COLORS[m.kind] ?? 'blue',
          children: (
            <div>
              <Space size={8} wrap>
                <b>{m.date}</b>
                <Tag>{m.kind === 'register' ? (props.registerLabel ?? '登记') : (MOVEMENT_KIND_LABELS[m.kind] ?? m.kind)}</Tag>
                {m.amount !== null ? <span className="sanzi-num">{fmtYuan(m.amount)}</span> : null}
                {m.voucherId !== null ? <a onClick={() => navigate('vouchers/view', { id: m.voucherId })}>凭证 {m.voucherLabel}</a> : null}
                <Typography.Text type="secondary">{m.operator}</Typography.Text>
              </Space>
              {m.note ? <div>{m.note}</div> : null}
              {m.kind !== 'register' && m.kind !== 'acquire' && changes.length > 0 ? (
                <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                  {changes.map(([field, [from, to]]) => (
                    <li key={field}>
                      {field}：{from ?? '（空）'} → {to ?? '（空）'}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ),
        }
      })}
    />
  )
}
