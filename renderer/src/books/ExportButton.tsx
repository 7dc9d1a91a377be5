import { useState } from 'react'
import { App, Button, Typography } from 'antd'
import { FileExcelOutlined } from '@ant-design/icons'
import type { MethodInput } from '../../../shared/api/contract'
import { call, toApiError } from '../api/client'
import { formatBytes } from '../app/format'
import { useSession } from '../app/session'

/** 导出 Excel: the engine writes the workbook (title rows, frozen header, signature lines) and says where. */
export function ExportButton(props: { request: MethodInput<'report.export'> | null; disabled?: boolean }) {
  const session = useSession()
  const { modal, message } = App.useApp()
  const [busy, setBusy] = useState(false)
  if (!session.can('report.export')) return null
  const run = async () => {
    if (!props.request) return
    setBusy(true)
    try {
      const r = await call('report.export', props.request)
      modal.success({
        title: '已导出 Excel',
        width: 560,
        content: (
          <div data-testid="export-result">
            <p style={{ marginBottom: 6 }}>
              共 {r.rows} 行，{formatBytes(r.bytes)}。文件保存在：
            </p>
            <Typography.Paragraph copyable={{ text: r.path, tooltips: ['复制路径', '已复制'] }} className="sanzi-mono" style={{ wordBreak: 'break-all', marginBottom: 4 }}>
              {r.path}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              数据指纹 {r.fingerprint.slice(0, 16)}…（与导出文件页脚一致）
            </Typography.Text>
          </div>
        ),
      })
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} disabled={props.disabled || !props.request} onClick={() => void run()}>
      导出 Excel
    </Button>
  )
}
