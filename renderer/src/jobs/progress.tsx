import { useEffect, useState, type CSSProperties } from 'react'
import { Progress, Typography } from 'antd'
import type { JobKind, JobProgressEvent } from '../../../shared/api/bridge'
import { bridge } from '../api/client'

const PHASES: Record<string, string> = { read: '已读取', check: '已检查', write: '已写入', done: '已完成' }

/** 「已写入 20,000 / 100,000 行」: the step, the rows done and, once known, the rows in all. */
export function progressText(p: JobProgressEvent): string {
  const n = (v: number) => v.toLocaleString('zh-CN')
  return `${PHASES[p.phase] ?? '已处理'} ${n(p.done)}${p.total !== null ? ` / ${n(p.total)}` : ''} 行`
}

/**
 * The latest progress of the engine's job of this kind (and `what`, e.g. the import kind or the report) while
 * `active`; null before the first report and whenever inactive.
 */
export function useJobProgress(kind: JobKind, what: string, active: boolean): JobProgressEvent | null {
  const [progress, setProgress] = useState<JobProgressEvent | null>(null)
  useEffect(() => {
    if (!active) return
    let off = () => {}
    try {
      off = bridge().onProgress((p) => {
        if (p.kind === kind && p.what === what) setProgress(p)
      })
    } catch {
      // no bridge: the call itself reports that
    }
    return () => {
      off()
      setProgress(null)
    }
  }, [kind, what, active])
  return active ? progress : null
}

/**
 * An antd Progress with 「已写入 N / M 行」 under it (`inline`: beside it, one line high, for a toolbar); while
 * the engine does not know the total yet, only the count (「已读取 N 行」). Nothing before the first report.
 */
export function JobProgressBar(props: { progress: JobProgressEvent | null; inline?: boolean; style?: CSSProperties }) {
  const p = props.progress
  if (!p) return null
  const text = progressText(p)
  const bar = p.total ? (
    <Progress
      percent={Math.min(100, Math.floor((p.done / p.total) * 100))}
      status={p.phase === 'done' ? 'success' : 'active'}
      size="small"
      style={props.inline ? { margin: 0 } : undefined}
      format={props.inline ? () => <span style={{ fontSize: 12 }}>{text}</span> : undefined}
    />
  ) : null
  return (
    <div data-testid="job-progress" style={props.style}>
      {bar}
      {bar && props.inline ? null : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {text}
        </Typography.Text>
      )}
    </div>
  )
}
