/**
 * The job worker's entry (bundled as out/main/jobWorker.js; run from source under vitest/tsx): runs the one job
 * in workerData on its own connection and posts its progress and outcome to the thread that started it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../../shared/errors'
import { runExportJob } from './exportJob'
import type { JobMessage, JobRequest } from './messages'
import { onJobProgress } from './progress'

function post(m: JobMessage): void {
  parentPort?.postMessage(m)
}

async function main(request: JobRequest): Promise<void> {
  const off = onJobProgress((progress) => post({ type: 'progress', progress }))
  try {
    post({ type: 'done', result: await runExportJob(request.job) })
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown }
    post({
      type: 'error',
      error: e instanceof AppError ? e.toJSON() : { code: 'INTERNAL', message: `内部错误，导出未完成：${typeof err?.message === 'string' ? err.message : String(e)}` },
    })
  } finally {
    off()
  }
}

void main(workerData as JobRequest)
