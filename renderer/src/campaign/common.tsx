import { useState, type ReactNode } from 'react'
import { Alert, App, Button, Col, Form, Input, Typography, type FormInstance } from 'antd'
import { FileExcelOutlined, FolderOpenOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import type { CampaignDetail, CampaignFileResult } from '../../../shared/api/campaignTypes'
import { ApiError, toApiError } from '../api/client'
import { applyFieldErrors } from '../api/formErrors'
import { formatBytes } from '../app/format'
import { dialogValue, nativeFiles } from '../jobs/files'

/** Shared pieces of the 清查 pages: the campaign reference, running a write, the export button and its result. */

export interface CampaignRef {
  villageId: number
  campaignId: number
}

export const refOf = (c: Pick<CampaignDetail, 'villageId' | 'id'>): CampaignRef => ({ villageId: c.villageId, campaignId: c.id })

/** 基准日 by default: 12-31 of last year */
export const defaultAsOf = () => `${dayjs().year() - 1}-12-31`

export const fmtDateTime = (iso: string) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '')

/** The panel's props: the campaign with its rows, whether its forms are open for writing, and the reload after a write. */
export interface PanelProps {
  detail: CampaignDetail
  /** the viewed step is the current one, the campaign is not locked and the user may write */
  editable: boolean
  onChanged: () => void
}

/** A list of problems (blockers, issues) under an alert's message. */
export function IssueList(props: { items: readonly string[] }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }}>
      {props.items.map((b) => (
        <li key={b}>{b}</li>
      ))}
    </ul>
  )
}

/** 差异原因 and 处理意见 of a difference (form fields `reason` and `opinion`), side by side (12) or one under the other (24). */
export function DifferenceFields(props: { span: 12 | 24; opinionPlaceholder?: string }) {
  return (
    <>
      <Col span={props.span}>
        <Form.Item name="reason" label="差异原因">
          <Input.TextArea rows={2} maxLength={500} placeholder="有差异时必填" />
        </Form.Item>
      </Col>
      <Col span={props.span}>
        <Form.Item name="opinion" label="处理意见">
          <Input.TextArea rows={2} maxLength={500} placeholder={props.opinionPlaceholder ?? '有差异时必填'} />
        </Form.Item>
      </Col>
    </>
  )
}

/** The error of a refused write, with the engine's blockers (下一步) listed under it. */
export function ErrorAlert(props: { error: ApiError | null; onClose?: () => void; testId?: string }) {
  const e = props.error
  if (!e) return null
  const blockers = Array.isArray(e.details?.blockers) ? (e.details.blockers as unknown[]).map(String) : []
  const issues = e.issues
  const list = blockers.length ? blockers : issues.length > 1 ? issues.map((i) => i.message) : []
  return (
    <Alert
      type="error"
      showIcon
      closable={props.onClose ? { onClose: props.onClose } : undefined}
      style={{ marginBottom: 12 }}
      data-testid={props.testId}
      message={blockers.length ? e.message.replace(/：.*$/, '') : e.message}
      description={list.length ? <IssueList items={list} /> : undefined}
    />
  )
}

/** A form whose fields take the engine's field issues (applyFieldErrors): the dotted paths it shows, engine paths mapped to others. */
export interface FieldTarget {
  form: FormInstance
  fields: readonly string[]
  aliases?: Record<string, string>
}

/**
 * Runs one write at a time: `busy` names the running one; a refusal lands in `error` (shown by ErrorAlert) — with a
 * `target` form, its field issues go under their fields and `error` stays empty when they say it all.
 */
export function useRunner(onDone: () => void, target?: FieldTarget) {
  const { message } = App.useApp()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const run = async <T,>(name: string, op: () => Promise<T>, success?: (r: T) => string | null): Promise<T | null> => {
    setBusy(name)
    setError(null)
    try {
      const r = await op()
      const text = success?.(r)
      // an empty text: the screen itself shows the change
      if (text) message.success(text)
      onDone()
      return r
    } catch (e) {
      const err = toApiError(e)
      setError(target && applyFieldErrors(target.form, err, target.fields, target.aliases) === null ? null : err)
      return null
    } finally {
      setBusy(null)
    }
  }
  return { busy, error, setError, run }
}

/** What every written workbook tells: where it went, its rows and size; a sealed one its fingerprint and version. */
export type WrittenFile = Pick<CampaignFileResult, 'path' | 'rows' | 'bytes'> & Partial<Pick<CampaignFileResult, 'fingerprint' | 'version'>>

/**
 * A campaign workbook (公示表, 询证函, 上报表, a kept version, the district's 汇总表): the native 另存为 dialog in the
 * desktop app, then the result.
 */
export function CampaignFileButton<R extends WrittenFile = CampaignFileResult>(props: {
  label: string
  title: string
  defaultName: string
  write: (to: string | null) => Promise<R>
  onDone?: (r: R) => void
  /** a line of its own above the file's place (the 汇总表: the villages summed) */
  summary?: (r: R) => ReactNode
  resultTestId?: string
  type?: 'primary' | 'default'
  icon?: ReactNode
  disabled?: boolean
  size?: 'small' | 'middle'
  testId?: string
}) {
  const { modal, message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const run = async () => {
    const files = nativeFiles()
    setBusy(true)
    try {
      let to: string | null = null
      if (files) {
        const chosen = await dialogValue(files.chooseExportPath({ title: props.title, defaultName: props.defaultName }), 'chooseExportPath')
        if (chosen === null) return
        to = chosen
      }
      const r = await props.write(to)
      props.onDone?.(r)
      modal.success({
        title: props.title.replace(/^(导出|生成)/, '已$1'),
        width: 600,
        content: <FileResult r={r} summary={props.summary?.(r)} testId={props.resultTestId} openFolder={files ? () => void dialogValue(files.showInFolder(r.path), 'showInFolder').catch((e: unknown) => message.error(toApiError(e).message)) : null} />,
      })
    } catch (e) {
      modal.error({ title: `${props.label}失败`, content: toApiError(e).message })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button type={props.type} size={props.size} icon={props.icon ?? <FileExcelOutlined />} loading={busy} disabled={props.disabled} onClick={() => void run()} data-testid={props.testId}>
      {props.label}
    </Button>
  )
}

/** Where the workbook went, its size, and (上报表) its version and SHA-256 fingerprint in full. */
export function FileResult(props: { r: WrittenFile; summary?: ReactNode; openFolder?: (() => void) | null; testId?: string }) {
  const { r } = props
  return (
    <div data-testid={props.testId ?? 'campaign-file-result'}>
      {props.summary ? <p style={{ marginBottom: 6 }}>{props.summary}</p> : null}
      <p style={{ marginBottom: 6 }}>
        共 {r.rows} 行，{formatBytes(r.bytes)}{typeof r.version === 'number' ? `，第 ${r.version} 版` : ''}。文件保存在：
      </p>
      <Typography.Paragraph copyable={{ text: r.path, tooltips: ['复制路径', '已复制'] }} className="sanzi-mono" style={{ wordBreak: 'break-all', marginBottom: 4 }}>
        {r.path}
      </Typography.Paragraph>
      {r.fingerprint ? (
        <div>
          <Typography.Text type="secondary">数据指纹（SHA-256）</Typography.Text>
          <Typography.Paragraph copyable={{ text: r.fingerprint, tooltips: ['复制指纹', '已复制'] }} className="sanzi-mono" style={{ wordBreak: 'break-all', marginBottom: 0 }} data-testid="campaign-fingerprint">
            {r.fingerprint}
          </Typography.Paragraph>
        </div>
      ) : null}
      {props.openFolder ? (
        <Button size="small" icon={<FolderOpenOutlined />} onClick={props.openFolder} style={{ marginTop: 8 }}>
          打开所在文件夹
        </Button>
      ) : null}
    </div>
  )
}
