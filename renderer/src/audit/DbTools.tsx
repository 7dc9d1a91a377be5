import { useState } from 'react'
import { App, Button, Modal, Space, Typography } from 'antd'
import { CloudDownloadOutlined, DatabaseOutlined } from '@ant-design/icons'
import type { BackupResult, DatabaseCheckReport } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { formatBytes } from '../app/format'
import { useSession } from '../app/session'

type Shown = { kind: 'check'; report: DatabaseCheckReport } | { kind: 'backup'; result: BackupResult } | null

/** 校验账套完整性 and 立即备份, for the roles the contract lets call them. */
export function DbTools() {
  const session = useSession()
  const { modal } = App.useApp()
  const [busy, setBusy] = useState<'check' | 'backup' | null>(null)
  const [shown, setShown] = useState<Shown>(null)

  const check = async () => {
    setBusy('check')
    try {
      setShown({ kind: 'check', report: await call('db.check', {}) })
    } catch (e) {
      modal.error({ title: '校验未能完成', content: toApiError(e).message })
    } finally {
      setBusy(null)
    }
  }

  const backup = async () => {
    setBusy('backup')
    try {
      setShown({ kind: 'backup', result: await call('db.backup', {}) })
    } catch (e) {
      modal.error({ title: '备份失败', content: toApiError(e).message })
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      <Space>
        {session.can('db.check') ? (
          <Button icon={<DatabaseOutlined />} onClick={check} loading={busy === 'check'}>
            校验账套完整性
          </Button>
        ) : null}
        {session.can('db.backup') ? (
          <Button type="primary" icon={<CloudDownloadOutlined />} onClick={backup} loading={busy === 'backup'}>
            立即备份
          </Button>
        ) : null}
      </Space>
      <Modal
        open={shown !== null}
        title={shown?.kind === 'backup' ? '备份完成' : '账套完整性校验'}
        onCancel={() => setShown(null)}
        footer={
          <Button type="primary" onClick={() => setShown(null)}>
            知道了
          </Button>
        }
        width={560}
      >
        {shown?.kind === 'backup' ? <BackupView result={shown.result} /> : null}
        {shown?.kind === 'check' ? <CheckView report={shown.report} /> : null}
      </Modal>
    </>
  )
}

function BackupView(props: { result: BackupResult }) {
  return (
    <div data-testid="backup-result">
      <Typography.Paragraph>备份已写入并逐表核对无误（{formatBytes(props.result.bytes)}）。备份文件：</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text className="sanzi-mono" copyable code>
          {props.result.path}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">请定期把备份文件复制到另一台电脑或移动硬盘保存。</Typography.Paragraph>
    </div>
  )
}

function CheckView(props: { report: DatabaseCheckReport }) {
  const r = props.report
  const quickOk = r.quickCheck.length === 1 && r.quickCheck[0] === 'ok'
  const line = (ok: boolean, text: string) => (
    <li style={{ color: ok ? '#15803d' : '#cf1322' }}>
      {ok ? '✓' : '✗'} {text}
    </li>
  )
  return (
    <div data-testid="check-result">
      <Typography.Paragraph strong style={{ color: r.ok ? '#15803d' : '#cf1322' }}>
        {r.ok ? '账套完整，未发现问题。' : '账套校验未通过，请停止记账并联系主管会计。'}
      </Typography.Paragraph>
      <ul style={{ paddingInlineStart: 0, listStyle: 'none', margin: 0 }}>
        {line(quickOk, quickOk ? '数据库文件结构完好（quick_check）' : `数据库文件结构有问题：${r.quickCheck.slice(0, 5).join('；')}`)}
        {line(r.foreignKeyViolations === 0, r.foreignKeyViolations === 0 ? '数据引用关系完整' : `有 ${r.foreignKeyViolations} 处数据引用不完整`)}
        {line(
          r.audit.ok,
          r.audit.ok ? `操作日志链完整（${r.audit.checked} 条）` : `操作日志链异常：${r.audit.firstBad?.reason ?? ''}`,
        )}
      </ul>
    </div>
  )
}
