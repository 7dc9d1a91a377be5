import { useState } from 'react'
import { Alert, Button, Card, Empty, Form, Input, Modal, Space, Steps, Tag, Timeline, Typography } from 'antd'
import { ArrowLeftOutlined, ArrowRightOutlined, LockOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons'
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS, type CampaignDetail, type CampaignStep } from '../../../shared/api/campaignTypes'
import { call } from '../api/client'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate, useRouteParams } from '../app/routes'
import { useSession } from '../app/session'
import { ListError } from '../registers/RegisterPage'
import { ErrorAlert, fmtDateTime, IssueList, refOf, useRunner, type PanelProps } from './common'
import { SnapshotPanel } from './SnapshotPanel'
import { RegistrationPanel } from './RegistrationPanel'
import { VerificationPanel } from './VerificationPanel'
import { NoticePanel } from './NoticePanel'
import { ConfirmationPanel } from './ConfirmationPanel'
import { ReportPanel } from './ReportPanel'

const PANELS: Record<CampaignStep, (p: PanelProps) => React.ReactNode> = {
  snapshot: (p) => <SnapshotPanel {...p} />,
  registration: (p) => <RegistrationPanel {...p} />,
  verification: (p) => <VerificationPanel {...p} />,
  notice: (p) => <NoticePanel {...p} />,
  confirmation: (p) => <ConfirmationPanel {...p} />,
  report: (p) => <ReportPanel {...p} />,
}

/** The last time the campaign entered the step (start or forward), from the step log. */
function enteredEntry(c: CampaignDetail, step: CampaignStep) {
  return [...c.log].reverse().find((l) => l.to === step && l.direction !== 'back')
}

/** 清查详情: the campaign of ?village=&id=, its six steps, the viewed step's panel, 下一步 / 退回 and the step log. */
export function CampaignPage() {
  const params = useRouteParams()
  const villageId = Number(params.get('village'))
  const campaignId = Number(params.get('id'))
  if (!villageId || !campaignId) {
    return (
      <Card>
        <Empty description="请从清查看板选择一个村的清查">
          <Button onClick={() => navigate('campaigns/board')}>打开清查看板</Button>
        </Empty>
      </Card>
    )
  }
  return <Campaign key={`${villageId}-${campaignId}`} villageId={villageId} campaignId={campaignId} />
}

function Campaign(props: { villageId: number; campaignId: number }) {
  const session = useSession()
  const q = useQuery('campaign.status', { villageId: props.villageId, campaignId: props.campaignId, rows: true })
  const c = q.data
  const [viewed, setViewed] = useState<CampaignStep | null>(null)
  const [backing, setBacking] = useState(false)
  const runner = useRunner(q.reload)
  if (!c) {
    return (
      <>
        <PageTitle title="清查" />
        <ListError error={q.error} />
      </>
    )
  }
  const current = CAMPAIGN_STEPS.indexOf(c.step)
  const step = viewed && CAMPAIGN_STEPS.indexOf(viewed) <= current ? viewed : c.step
  const writer = session.can('campaign.advance')
  const editable = writer && !c.locked && step === c.step
  const advance = () =>
    void runner.run(
      'advance',
      () => call('campaign.advance', { ...refOf(c), from: c.step }),
      (r) => `已进入「${r.stepLabel}」步骤`,
    ).then((r) => r && setViewed(null))

  return (
    <>
      <PageTitle
        title={`清查：${c.villageName}`}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('campaigns/board')}>
              清查看板
            </Button>
            <Button icon={<ReloadOutlined />} onClick={q.reload}>
              刷新
            </Button>
          </Space>
        }
      />
      <ListError error={q.error} />
      {c.locked ? (
        <Alert
          type="success"
          showIcon
          icon={<LockOutlined />}
          style={{ marginBottom: 12 }}
          data-testid="campaign-locked"
          message="已上报锁定"
          description={`基准日 ${c.asOf} 的清查已上报${c.reports.length ? `（第 ${c.reports.at(-1)?.version ?? ''} 版）` : ''}，清查及其快照已锁定，不能再修改；如需更正，由主管会计在「上报」步骤重新打开。`}
        />
      ) : null}
      {!c.locked && c.reports.at(-1)?.reopened ? <ReopenedBanner detail={c} /> : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space size={16} wrap style={{ marginBottom: 12 }}>
          <span>
            基准日 <b>{c.asOf}</b>
          </span>
          <span>
            发起人 {c.createdBy}（{fmtDateTime(c.createdAt)}）
          </span>
          <Tag color={c.locked ? 'success' : 'processing'}>{c.locked ? '已上报' : `进行中：${c.stepLabel}`}</Tag>
        </Space>
        <Steps
          size="small"
          current={current}
          status={c.locked ? 'finish' : 'process'}
          onChange={(i) => i <= current && setViewed(CAMPAIGN_STEPS[i] ?? null)}
          data-testid="campaign-steps"
          items={CAMPAIGN_STEPS.map((s, i) => {
            const e = enteredEntry(c, s)
            return {
              title: CAMPAIGN_STEP_LABELS[s],
              disabled: i > current,
              status: i < current || (c.locked && i === current) ? 'finish' : i === current ? 'process' : 'wait',
              content: e ? (
                <span style={{ fontSize: 12 }}>
                  {e.at.slice(0, 10)} {e.userName}
                </span>
              ) : undefined,
            }
          })}
        />
      </Card>
      {step === c.step && !c.locked ? (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="campaign-next">
          <ErrorAlert error={runner.error} onClose={() => runner.setError(null)} testId="campaign-refusal" />
          {c.next && !c.next.ready && !runner.error ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="campaign-blockers"
              message={`进入「${c.next.label}」之前还需要：`}
              description={<IssueList items={c.next.blockers} />}
            />
          ) : null}
          <Space wrap>
            <Typography.Text>
              当前步骤：<b>{c.stepLabel}</b>
            </Typography.Text>
            {writer && c.next ? (
              <Button type="primary" icon={<ArrowRightOutlined />} loading={runner.busy === 'advance'} onClick={advance} data-testid="campaign-advance">
                下一步：{c.next.label}
              </Button>
            ) : null}
            {writer && current > 0 ? (
              <Button icon={<RollbackOutlined />} onClick={() => setBacking(true)}>
                退回「{CAMPAIGN_STEP_LABELS[CAMPAIGN_STEPS[current - 1] ?? 'snapshot']}」
              </Button>
            ) : null}
            {c.next?.ready ? <Typography.Text type="success">本步骤已完成，可以进入下一步</Typography.Text> : null}
          </Space>
        </Card>
      ) : step !== c.step ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`正在查看已完成的「${CAMPAIGN_STEP_LABELS[step]}」步骤（只读）`}
          action={
            <Button size="small" onClick={() => setViewed(null)}>
              回到当前步骤
            </Button>
          }
        />
      ) : null}
      <Card size="small" title={`${CAMPAIGN_STEP_LABELS[step]}`} style={{ marginBottom: 12 }} data-testid={`panel-${step}`}>
        {PANELS[step]({ detail: c, editable, onChanged: q.reload })}
      </Card>
      <Card size="small" title="步骤记录" data-testid="campaign-log">
        <Timeline
          items={[...c.log].reverse().map((l) => ({
            key: l.seq,
            color: l.direction === 'back' ? 'red' : l.direction === 'start' ? 'gray' : 'green',
            content: (
              <Space size={8} wrap>
                <span>{fmtDateTime(l.at)}</span>
                <Tag color={l.direction === 'back' ? 'error' : 'default'}>
                  {l.direction === 'start' ? '发起清查' : l.direction === 'back' ? `退回：${l.from ? CAMPAIGN_STEP_LABELS[l.from] : ''} → ${CAMPAIGN_STEP_LABELS[l.to]}` : `${l.from ? CAMPAIGN_STEP_LABELS[l.from] : ''} → ${CAMPAIGN_STEP_LABELS[l.to]}`}
                </Tag>
                <Typography.Text type="secondary">{l.userName}</Typography.Text>
                {l.reason ? <span>原因：{l.reason}</span> : null}
              </Space>
            ),
          }))}
        />
      </Card>
      {backing ? (
        <BackModal
          detail={c}
          onClose={(done) => {
            setBacking(false)
            if (done) {
              setViewed(null)
              q.reload()
            }
          }}
        />
      ) : null}
    </>
  )
}

/** A reported campaign reopened by 主管会计: which version, by whom, why, and that it must be reported again. */
function ReopenedBanner(props: { detail: CampaignDetail }) {
  const last = props.detail.reports.at(-1)
  if (!last?.reopened) return null
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="campaign-reopened"
      message={`第 ${last.version} 版上报表已由 ${last.reopened.by} 于 ${fmtDateTime(last.reopened.at)} 重新打开`}
      description={`原因：${last.reopened.reason}。已上报的版本保留；更正后须重新上报（第 ${last.version + 1} 版）。`}
    />
  )
}

/** 退回上一步: the reason is required and logged. */
function BackModal(props: { detail: CampaignDetail; onClose: (done: boolean) => void }) {
  const c = props.detail
  const [form] = Form.useForm<{ reason: string }>()
  const runner = useRunner(() => props.onClose(true))
  const to = CAMPAIGN_STEPS[CAMPAIGN_STEPS.indexOf(c.step) - 1] ?? 'snapshot'
  const submit = async () => {
    const v = await form.validateFields()
    await runner.run('back', () => call('campaign.back', { ...refOf(c), from: c.step, reason: v.reason.trim() }), () => `已退回「${CAMPAIGN_STEP_LABELS[to]}」`)
  }
  return (
    <Modal open title={`退回「${CAMPAIGN_STEP_LABELS[to]}」`} okText="退回" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={runner.busy !== null} onOk={() => void submit()} onCancel={() => props.onClose(false)} destroyOnHidden>
      <ErrorAlert error={runner.error} />
      {to === 'snapshot' ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="退回「清理」后，再次进入「登记」将重新冻结账面数，已做的登记和核实留在旧快照上。" /> : null}
      <Form form={form} layout="vertical" data-testid="campaign-back-form">
        <Form.Item name="reason" label="退回原因" rules={[{ required: true, whitespace: true, message: '请填写退回原因' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
