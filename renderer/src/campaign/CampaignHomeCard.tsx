import { Button, Card, Space } from 'antd'
import { ArrowRightOutlined } from '@ant-design/icons'
import { NO_CAMPAIGN_LABEL } from '../../../shared/api/campaignBoardTypes'
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS } from '../../../shared/api/campaignTypes'
import { useQuery } from '../api/useQuery'
import { navigate } from '../app/routes'
import { useSession } from '../app/session'
import { LevelCount } from './CampaignBoardPage'

/** The home page's lead to the 清查看板: the district's counts per step, 逾期, and the way in. */
export function CampaignHomeCard() {
  const session = useSession()
  const allowed = session.can('campaign.board')
  const q = useQuery('campaign.board', allowed ? { overdueOnly: false } : null)
  if (!allowed) return null
  // the rows of the whole scope: the counts split 村 and 组 as on the board
  const all = q.data?.rows ?? []
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
        <LevelCount title="村数" rows={all} />
        <LevelCount title={NO_CAMPAIGN_LABEL} rows={all.filter((r) => r.step === null)} />
        {CAMPAIGN_STEPS.map((s) => (
          <LevelCount key={s} title={CAMPAIGN_STEP_LABELS[s]} rows={all.filter((r) => r.step === s)} />
        ))}
        <LevelCount title="已上报" rows={all.filter((r) => r.reported)} />
        <LevelCount title="逾期" rows={all.filter((r) => r.overdue)} color="#cf1322" />
      </Space>
    </Card>
  )
}
