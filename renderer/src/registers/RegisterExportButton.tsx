import { useState } from 'react'
import { App, Button } from 'antd'
import { FileExcelOutlined } from '@ant-design/icons'
import type { Village } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { useSession } from '../app/session'
import { showExportResult } from '../books/ExportButton'
import { dialogValue, nativeFiles } from '../jobs/files'

/**
 * 导出三资明白台账: one workbook per village and date (资金, 债权债务, 资产, 资源, 合同, 核对). In the desktop app the
 * native 另存为 dialog picks the file; elsewhere the engine writes to its export folder. The result dialog is the
 * books' one (rows, size, path, fingerprint).
 */
export function RegisterExportButton(props: { village: Village; date: string }) {
  const session = useSession()
  const { modal, message } = App.useApp()
  const [busy, setBusy] = useState(false)
  if (!session.can('register.export')) return null
  const run = async () => {
    const files = nativeFiles()
    setBusy(true)
    try {
      let to: string | undefined
      if (files) {
        const chosen = await dialogValue(files.chooseExportPath({ title: '导出三资明白台账', defaultName: `${props.village.name}-三资明白台账-${props.date}.xlsx` }), 'chooseExportPath')
        if (chosen === null) return
        to = chosen
      }
      const r = await call('register.export', { villageId: props.village.id, date: props.date, to: to ?? null })
      showExportResult(modal, r, files ? () => void dialogValue(files.showInFolder(r.path), 'showInFolder').catch((e: unknown) => message.error(toApiError(e).message)) : null)
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void run()} data-testid="register-export">
      导出明白台账
    </Button>
  )
}
