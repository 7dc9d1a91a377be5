import { useState } from 'react'
import { App, Button, Space, Typography } from 'antd'
import { FileExcelOutlined, FolderOpenOutlined } from '@ant-design/icons'
import { REPORT_LABELS, type MethodInput } from '../../../shared/api/contract'
import type { ReportExportResult } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { formatBytes } from '../app/format'
import { useSession } from '../app/session'
import { dialogValue, nativeFiles } from '../jobs/files'
import { JobProgressBar, useJobProgress } from '../jobs/progress'

type ExportRequest = MethodInput<'report.export'>

/** The name the 另存为 dialog proposes: 村名-报表-期间.xlsx. */
export function exportFileName(request: ExportRequest, villageName: string | undefined): string {
  const p = request.params as { from?: string; to?: string; fromDate?: string; toDate?: string }
  const from = p.from ?? p.fromDate
  const to = p.to ?? p.toDate
  const period = from && to && from !== to ? `${from}至${to}` : (to ?? from ?? '')
  return [villageName, REPORT_LABELS[request.report], period].filter(Boolean).join('-') + '.xlsx'
}

/**
 * 导出 Excel: the engine writes the workbook (title rows, frozen header, signature lines) and says where. In the
 * desktop app the user picks the file in the native 另存为 dialog first and can open its folder afterwards;
 * elsewhere the engine's export folder beside the book is used. Rows written show under the button meanwhile.
 */
export function ExportButton(props: { request: ExportRequest | null; disabled?: boolean }) {
  const session = useSession()
  const { modal, message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const progress = useJobProgress('export', props.request?.report ?? '', busy)
  if (!session.can('report.export')) return null

  const run = async () => {
    if (!props.request) return
    const files = nativeFiles()
    setBusy(true)
    try {
      let to: string | undefined
      if (files) {
        const chosen = await dialogValue(
          files.chooseExportPath({ title: `导出${REPORT_LABELS[props.request.report]}`, defaultName: exportFileName(props.request, session.currentVillage?.name) }),
          'chooseExportPath',
        )
        if (chosen === null) return
        to = chosen
      }
      const r = await call('report.export', to ? { ...props.request, to } : props.request)
      showExportResult(modal, r, files ? () => void dialogValue(files.showInFolder(r.path), 'showInFolder').catch((e: unknown) => message.error(toApiError(e).message)) : null)
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Space size={8} align="center">
      {busy ? <JobProgressBar progress={progress} inline style={{ width: 320 }} /> : null}
      <Button icon={<FileExcelOutlined />} loading={busy} disabled={props.disabled || !props.request} onClick={() => void run()}>
        导出 Excel
      </Button>
    </Space>
  )
}

/** The 已导出 Excel dialog: rows, size, the path (copyable), the fingerprint and, in the desktop app, 打开所在文件夹. */
export function showExportResult(modal: ReturnType<typeof App.useApp>['modal'], r: Pick<ReportExportResult, 'path' | 'rows' | 'bytes' | 'fingerprint'>, openFolder: (() => void) | null): void {
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
        {openFolder ? (
          <div style={{ marginTop: 10 }}>
            <Button size="small" icon={<FolderOpenOutlined />} onClick={openFolder}>
              打开所在文件夹
            </Button>
          </div>
        ) : null}
      </div>
    ),
  })
}
