import { EventEmitter } from 'node:events'

/**
 * One stream of progress for the engine's long jobs (imports, exports, backups), so a face — the Electron
 * main process forwarding to the window, the CLI, a test — subscribes once, whatever the job.
 */
export interface JobProgress {
  /** Set when the job was started under an id (a worker job, a window request); absent for anonymous runs. */
  jobId?: string
  kind: 'import' | 'export' | 'backup'
  /** What is being done, e.g. the import kind ('vouchers') or the export's report ('ledger'). */
  what: string
  /** The job's current step, e.g. 'read', 'check', 'write', 'done'. */
  phase: string
  done: number
  /** Null while the total is not known yet. */
  total: number | null
}

export type JobProgressListener = (p: JobProgress) => void

/** The emitter itself ('progress' events carrying a JobProgress); prefer onJobProgress/reportJobProgress. */
export const jobProgress = new EventEmitter()
jobProgress.setMaxListeners(50)

export function reportJobProgress(p: JobProgress): void {
  jobProgress.emit('progress', p)
}

/** Subscribes to all jobs' progress; returns the unsubscribe function. */
export function onJobProgress(listener: JobProgressListener): () => void {
  jobProgress.on('progress', listener)
  return () => {
    jobProgress.off('progress', listener)
  }
}
