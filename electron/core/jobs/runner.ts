import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ReportExportResult } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import type { ExportJob } from './exportJob'
import type { JobMessage, JobRequest } from './messages'
import { reportJobProgress } from './progress'

/**
 * Long jobs off the calling thread: a worker_threads Worker runs the job on its own read-only connection and
 * posts progress, which is re-reported here on jobProgress (so faces hear one stream whether a job ran here or
 * in a worker). The Electron main process turns this on (enableWorkerJobs) to stay responsive during a big
 * export; the CLI and tests run jobs on their own thread unless they ask for a worker.
 */

let workerJobs: { nativeBinding?: string } | null = null

/** Runs engine jobs (exports) in worker threads from now on; `nativeBinding` as the book was opened with. */
export function enableWorkerJobs(options: { nativeBinding?: string } = {}): void {
  workerJobs = { ...options }
}

/** Back to running jobs on the calling thread (tests). */
export function disableWorkerJobs(): void {
  workerJobs = null
}

export function workerJobOptions(): { nativeBinding?: string } | null {
  return workerJobs
}

/**
 * The worker's script. Bundled, it is out/main/jobWorker.js (an entry of electron.vite.config.ts) beside the
 * entry or one level above the chunk this code landed in; from source (vitest, tsx) it is worker.ts here,
 * loaded through tsx's require hook since a worker gets no loader of its parent.
 */
export function workerScript(): { script: string; eval: boolean } {
  for (const candidate of [join(__dirname, 'jobWorker.js'), join(__dirname, '..', 'jobWorker.js')]) {
    if (existsSync(candidate)) return { script: candidate, eval: false }
  }
  const source = join(__dirname, 'worker.ts')
  if (!existsSync(source)) throw new AppError('INTERNAL', '内部错误：找不到后台任务程序（jobWorker.js）')
  const tsx = createRequire(__filename).resolve('tsx/cjs')
  return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)})`, eval: true }
}

let sequence = 0

/** The worker failed before it said anything (its script did not load, the thread could not start). */
export class WorkerStartError extends Error {}

/**
 * Runs one job in a new worker thread; resolves with its result, or rejects with its AppError (WorkerStartError
 * when the worker never got going). `entry` replaces the worker's script (tests).
 */
export function runInWorker(request: JobRequest, entry: { script: string; eval: boolean } = workerScript()): Promise<ReportExportResult> {
  const { script, eval: isEval } = entry
  const jobId = request.job.jobId ?? `job-${process.pid}-${++sequence}`
  const job: JobRequest = { ...request, job: { ...request.job, jobId } }
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: isEval, workerData: job })
    let settled = false
    let heard = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      f()
    }
    worker.on('message', (m: JobMessage) => {
      heard = true
      if (m.type === 'progress') reportJobProgress(m.progress)
      else if (m.type === 'done') settle(() => resolve(m.result))
      else settle(() => reject(new AppError(m.error.code, m.error.message, m.error.details)))
    })
    const failed = (why: string) => settle(() => reject(heard ? new AppError('INTERNAL', `内部错误，后台任务${why}`) : new WorkerStartError(why)))
    worker.on('error', (e) => failed(`失败：${e.message}`))
    worker.on('exit', (code) => failed(`意外结束（退出码 ${code}）`))
  })
}

/**
 * An export as configured: in a worker when enableWorkerJobs was called, else here. A worker that cannot start
 * (its script missing from a package, a runtime without worker support) costs responsiveness, not the export:
 * it is said on stderr and the export runs here.
 */
export async function runExport(job: ExportJob, inline: () => Promise<ReportExportResult>): Promise<ReportExportResult> {
  const w = workerJobs
  if (!w) return inline()
  try {
    return await runInWorker({ type: 'export', job: { ...job, ...(w.nativeBinding ? { nativeBinding: w.nativeBinding } : {}) } })
  } catch (e) {
    if (!(e instanceof WorkerStartError)) throw e
    console.error(`[jobs] worker did not start (${e.message}); exporting on the main thread`)
    return inline()
  }
}
