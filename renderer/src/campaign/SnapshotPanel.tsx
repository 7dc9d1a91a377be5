import { Alert, Button, Descriptions, Space, Table, Typography } from 'antd'
import { MEMBER_UNIT_LABELS, SNAPSHOT_KIND_LABELS, type CampaignMember, type SnapshotKind } from '../../../shared/api/campaignTypes'
import { navigate } from '../app/routes'
import { fmtDateTime, type PanelProps } from './common'

/** 清理: the team, and once frozen the snapshot (账面数) by kind; before, what keeps it from being frozen. */
export function SnapshotPanel(props: PanelProps) {
  const c = props.detail
  const byKind = new Map<SnapshotKind, number>()
  for (const r of c.rows) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1)
  const unposted = c.step === 'snapshot' ? (c.next?.blockers ?? []).filter((b) => b.includes('未记账的凭证')) : []
  return (
    <div>
      <Typography.Paragraph type="secondary">
        清理：核对截至基准日 {c.asOf} 的账簿，基准日及以前的凭证全部审核记账后进入「登记」，系统冻结全部科目余额、辅助核算余额和台账项目的账面数。
      </Typography.Paragraph>
      {unposted.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="不能冻结账面数"
          description={unposted.join('；')}
          action={
            <Button size="small" onClick={() => navigate('vouchers/list')}>
              凭证列表
            </Button>
          }
          data-testid="snapshot-unposted"
        />
      ) : null}
      <Typography.Title level={5}>清查工作组</Typography.Title>
      <Table<CampaignMember & { key: number }>
        size="small"
        bordered
        pagination={false}
        style={{ marginBottom: 16, maxWidth: 720 }}
        dataSource={c.team.map((m, i) => ({ ...m, key: i }))}
        locale={{ emptyText: '未登记工作组成员' }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 140 },
          { title: '单位', dataIndex: 'unit', render: (u: CampaignMember['unit']) => MEMBER_UNIT_LABELS[u] },
          { title: '职责', dataIndex: 'role', width: 160 },
        ]}
        data-testid="campaign-team"
      />
      <Typography.Title level={5}>账面数快照</Typography.Title>
      {c.snapshot ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            bordered
            column={2}
            style={{ maxWidth: 720 }}
            data-testid="snapshot-stats"
            items={[
              { key: 'take', label: '冻结批次', children: `第 ${c.snapshot.take} 次` },
              { key: 'at', label: '冻结时间', children: `${fmtDateTime(c.snapshot.takenAt)} ${c.snapshot.takenBy}` },
              { key: 'accounts', label: '科目余额', children: `${c.snapshot.accounts} 行` },
              { key: 'items', label: '台账项目', children: `${c.snapshot.items} 项` },
              ...[...byKind]
                .filter(([k]) => k !== 'account')
                .map(([k, n]) => ({ key: k, label: SNAPSHOT_KIND_LABELS[k], children: `${n} 项` })),
            ]}
          />
        </Space>
      ) : (
        <Typography.Text type="secondary">尚未冻结：进入「登记」时冻结基准日的账面数。</Typography.Text>
      )}
    </div>
  )
}
