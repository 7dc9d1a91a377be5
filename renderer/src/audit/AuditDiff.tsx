import { Typography } from 'antd'
import type { AuditEntry } from '../../../shared/api/types'
import { ROLE_LABELS, type Role } from '../../../shared/roles'
import { CHART_LABELS, LEVEL_LABELS } from '../app/format'

/** Chinese names for the fields that appear in audit summaries (engine column or API field names). */
const FIELD_LABELS: Record<string, string> = {
  code: '村编码',
  name: '名称',
  uscc: '统一社会信用代码',
  level: '级次',
  parent_id: '上级村',
  parentId: '上级村',
  parentName: '上级村名称',
  chart_version: '会计制度',
  chartVersion: '会计制度',
  start_period: '建账期间',
  startPeriod: '建账期间',
  contact_person: '联系人',
  contactPerson: '联系人',
  contact_phone: '联系电话',
  contactPhone: '联系电话',
  address: '地址',
  status: '状态',
  username: '用户名',
  displayName: '姓名',
  role: '岗位',
  allVillages: '管理全部村',
  villageIds: '所管村',
  agencyName: '代理中心名称',
  district: '所在区县',
  admin: '管理员',
  path: '文件',
  bytes: '大小（字节）',
  lastSignInAt: '最近登录',
}

function formatValue(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (key === 'status') return v === 'active' ? '启用' : v === 'disabled' ? '停用' : String(v)
  if (key === 'level' && (v === 'village' || v === 'group')) return LEVEL_LABELS[v]
  if ((key === 'chart_version' || key === 'chartVersion') && (v === '2023' || v === '2004')) return CHART_LABELS[v]
  if (key === 'role' && typeof v === 'string' && v in ROLE_LABELS) return ROLE_LABELS[v as Role]
  if (Array.isArray(v)) return v.length === 0 ? '（无）' : v.map((x) => String(x)).join('、')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

export function AuditDiff(props: { entry: AuditEntry }) {
  const { summary, hash, method } = props.entry
  const before = summary.before ?? {}
  const after = summary.after ?? {}
  const order = Object.keys(FIELD_LABELS)
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length)
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => rank(a) - rank(b))
  const hasBefore = summary.before != null
  return (
    <div style={{ padding: '4px 8px' }}>
      {keys.length > 0 ? (
        <table className="sanzi-diff" aria-label="变更内容">
          <thead>
            <tr>
              <th>字段</th>
              {hasBefore ? <th>变更前</th> : null}
              <th>{hasBefore ? '变更后' : '内容'}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}>
                <th>{FIELD_LABELS[k] ?? k}</th>
                {hasBefore ? <td style={{ color: '#b91c1c' }}>{k in before ? formatValue(k, before[k]) : '—'}</td> : null}
                <td style={{ color: hasBefore ? '#15803d' : undefined }}>{k in after ? formatValue(k, after[k]) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Typography.Text type="secondary">此操作没有记录字段变更。</Typography.Text>
      )}
      <div style={{ marginTop: 8, fontSize: 12 }}>
        <Typography.Text type="secondary">
          方法 <span className="sanzi-mono">{method}</span> · 本条哈希 <span className="sanzi-mono">{hash}</span>
        </Typography.Text>
      </div>
    </div>
  )
}
