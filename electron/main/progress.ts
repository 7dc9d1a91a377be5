/**
 * Job progress from the engine (electron/core/jobs/progress.ts) to the window, over `sanzi:progress`.
 * Electron-free: the window's web contents is described structurally. Only our own window, and only while
 * its main frame shows one of our pages, receives anything; a busy job is thinned to one message per
 * interval per job, but the first report, every change of phase and the last report always go through.
 */
import { IPC_PROGRESS, type JobProgressEvent } from '../../shared/api/bridge'
import type { JobProgress, JobProgressListener } from '../core/jobs/progress'
import { isAllowedUrl } from './security'

/** What we use of Electron's `WebContents`. */
export interface ProgressContents {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
  readonly mainFrame?: { readonly url: string } | null
}

/** Our window's contents when its main frame shows a page of ours; null otherwise. */
export function ownWindowContents(windowContents: () => ProgressContents | null | undefined, origins: readonly string[]): () => ProgressContents | null {
  return () => {
    const contents = windowContents()
    if (!contents || contents.isDestroyed()) return null
    const url = contents.mainFrame?.url
    return typeof url === 'string' && isAllowedUrl(url, origins) ? contents : null
  }
}

/** The fields the window gets, copied one by one (nothing else the engine might attach crosses). */
export function toProgressEvent(p: JobProgress): JobProgressEvent {
  const e: JobProgressEvent = { kind: p.kind, what: p.what, phase: p.phase, done: p.done, total: p.total }
  if (p.jobId !== undefined) e.jobId = p.jobId
  return e
}

function isLast(p: JobProgress): boolean {
  return p.phase === 'done' || (p.total !== null && p.done >= p.total)
}

/**
 * Subscribes to the engine's progress and forwards it; returns the function that stops forwarding (and drops
 * anything still held back).
 */
export function forwardJobProgress(deps: {
  subscribe: (listener: JobProgressListener) => () => void
  target: () => ProgressContents | null
  /** at most one message per job per interval, besides first, phase changes and last; default 100 ms */
  intervalMs?: number
  now?: () => number
}): () => void {
  const interval = deps.intervalMs ?? 100
  const now = deps.now ?? Date.now
  interface Job {
    lastAt: number
    phase: string
    held: JobProgress | null
    timer: ReturnType<typeof setTimeout> | null
  }
  const jobs = new Map<string, Job>()

  const deliver = (p: JobProgress) => {
    const contents = deps.target()
    if (contents) contents.send(IPC_PROGRESS, toProgressEvent(p))
  }
  const flush = (job: Job) => {
    job.timer = null
    if (!job.held) return
    const p = job.held
    job.held = null
    job.lastAt = now()
    deliver(p)
  }

  const unsubscribe = deps.subscribe((p) => {
    const key = `${p.kind}\u0000${p.what}\u0000${p.jobId ?? ''}`
    const job = jobs.get(key)
    const t = now()
    if (!job || job.phase !== p.phase || isLast(p) || t - job.lastAt >= interval) {
      if (job?.timer) clearTimeout(job.timer)
      if (isLast(p)) jobs.delete(key)
      else jobs.set(key, { lastAt: t, phase: p.phase, held: null, timer: null })
      deliver(p)
      return
    }
    job.held = p
    job.timer ??= setTimeout(() => flush(job), Math.max(0, interval - (t - job.lastAt)))
  })

  return () => {
    unsubscribe()
    for (const job of jobs.values()) if (job.timer) clearTimeout(job.timer)
    jobs.clear()
  }
}
