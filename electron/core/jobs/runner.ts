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
 * in a worker). The Electron main process turns this on (useWorkerJobs) to stay responsive during a big
 * export; the CLI and tests run jobs on their own thread unless they ask for a worker.
 */

let workerJobs: { nativeBinding?: string } | null = null

/** Runs engine jobs (exports) in worker threads from now on; `nativeBinding` as the book was opened with. */
export function useWorkerJobs(options: { nativeBinding?: string } = {}): void {
  workerJobs = { ...options }
}

/** Back to running jobs on the calling thread (tests). */
export function useInlineJobs(): void {
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

/** Runs one job in a new worker thread; resolves with its result, or rejects with its AppError. */
export function runInWorker(request: JobRequest): Promise<ReportExportResult> {
  const { script, eval: isEval } = workerScript()
  const jobId = request.job.jobId ?? `job-${process.pid}-${++sequence}`
  const job: JobRequest = { ...request, job: { ...request.job, jobId } }
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: isEval, workerData: job })
    let settled = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      f()
    }
    worker.on('message', (m: JobMessage) => {
      if (m.type === 'progress') reportJobProgress(m.progress)
      else if (m.type === 'done') settle(() => resolve(m.result))
      else settle(() => reject(new AppError(m.error.code, m.error.message, m.error.details)))
    })
    worker.on('error', (e) => settle(() => reject(new AppError('INTERNAL', `内部错误，后台任务失败：${e.message}`))))
    worker.on('exit', (code) => settle(() => reject(new AppError('INTERNAL', `内部错误，后台任务意外结束（退出码 ${code}）`))))
  })
}

/** An export as configured: in a worker when useWorkerJobs was called, else here. */
export async function runExport(job: ExportJob, inline: () => Promise<ReportExportResult>): Promise<ReportExportResult> {
  const w = workerJobs
  if (!w) return inline()
  return runInWorker({ type: 'export', job: { ...job, ...(w.nativeBinding ? { nativeBinding: w.nativeBinding } : {}) } })
}
