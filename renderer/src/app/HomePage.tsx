import { Card, Col, Descriptions, Empty, Row, Tag, Typography } from 'antd'
import { roleLabel } from '../../../shared/roles'
import { CampaignHomeCard } from '../campaign/CampaignHomeCard'
import { CHART_LABELS, formatPeriod, LEVEL_LABELS } from './format'
import { PageTitle } from './PageTitle'
import { MODULES, navigate, SETTINGS } from './routes'
import { useSession } from './session'

export function HomePage() {
  const { agency, user, villages, currentVillage, can } = useSession()
  const v = currentVillage
  return (
    <>
      <PageTitle title="首页" />
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <CampaignHomeCard />
        </Col>
        <Col xs={24} xl={12}>
          <Card title="代理中心" size="small">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'name', label: '名称', children: agency?.name ?? '—' },
                { key: 'district', label: '所在区县', children: agency?.district ?? '—' },
                {
                  key: 'user',
                  label: '当前用户',
                  children: (
                    <>
                      {user.displayName}（{user.username}） <Tag color="blue">{roleLabel(user.role)}</Tag>
                    </>
                  ),
                },
                { key: 'scope', label: '可管理的村', children: user.allVillages ? `全部村（现有 ${villages.length} 个在用）` : `${villages.length} 个` },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="当前村" size="small">
            {v ? (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'name', label: '单位名称', children: `${v.name}（${v.code}）` },
                  { key: 'level', label: '级次', children: v.level === 'group' ? `${LEVEL_LABELS.group}（上级：${v.parentName ?? '—'}）` : LEVEL_LABELS.village },
                  { key: 'uscc', label: '统一社会信用代码', children: <span className="sanzi-mono">{v.uscc ?? '未填写'}</span> },
                  { key: 'chart', label: '会计制度', children: CHART_LABELS[v.chartVersion] },
                  { key: 'start', label: '建账期间', children: formatPeriod(v.startPeriod) },
                ]}
              />
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={can('village.create') ? '还没有村。请到「系统设置 → 村管理」新增村。' : '您还没有可管理的村，请联系管理员分配。'}
              />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title="功能" size="small">
            <Row gutter={[12, 12]}>
              {[...SETTINGS.filter((s) => !s.requires || can(s.requires)), ...MODULES].map((m) => (
                <Col key={m.key} xs={12} md={8} xl={6}>
                  <Card size="small" hoverable onClick={() => navigate(m.key)} style={{ height: '100%' }}>
                    <Typography.Text strong>{m.label}</Typography.Text>{' '}
                    {m.ready ? <Tag color="green">已开放</Tag> : <Tag>尚未开放</Tag>}
                    {m.about ? (
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {m.about}
                        </Typography.Text>
                      </div>
                    ) : null}
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
    </>
  )
}
