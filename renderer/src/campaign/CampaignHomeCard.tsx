import { Button, Card, Space, Statistic } from 'antd'
import { ArrowRightOutlined } from '@ant-design/icons'
import { NO_CAMPAIGN_LABEL } from '../../../shared/api/campaignBoardTypes'
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS } from '../../../shared/api/campaignTypes'
import { useQuery } from '../api/useQuery'
import { navigate } from '../app/routes'
import { useSession } from '../app/session'

/** The home page's lead to the 清查看板: the district's counts per step, 逾期, and the way in. */
export function CampaignHomeCard() {
  const session = useSession()
  const allowed = session.can('campaign.board')
  const q = useQuery('campaign.board', allowed ? { overdueOnly: false } : null)
  if (!allowed) return null
  const t = q.data?.totals
  return (
    <Card
      title="清查进度"
      size="small"
      extra={
        <Button type="primary" icon={<ArrowRightOutlined />} onClick={() => navigate('campaigns/board')} data-testid="home-board">
          打开清查看板
        </Button>
      }
      data-testid="home-campaigns"
    >
      <Space size={28} wrap>
        <Statistic title="村数" value={t?.villages ?? 0} />
        <Statistic title={NO_CAMPAIGN_LABEL} value={t?.none ?? 0} />
        {CAMPAIGN_STEPS.map((s) => (
          <Statistic key={s} title={CAMPAIGN_STEP_LABELS[s]} value={t?.steps[s] ?? 0} />
        ))}
        <Statistic title="已上报" value={t?.reported ?? 0} />
        <Statistic title="逾期" value={t?.overdue ?? 0} valueStyle={t?.overdue ? { color: '#cf1322' } : undefined} />
      </Space>
    </Card>
  )
}
