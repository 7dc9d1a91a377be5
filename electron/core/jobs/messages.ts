import type { ReportExportResult } from '../../../shared/api/types'
import type { AppErrorShape } from '../../../shared/errors'
import type { ExportJob } from './exportJob'
import type { JobProgress } from './progress'

/** What a job worker is given (as workerData) … */
export type JobRequest = { type: 'export'; job: ExportJob }

/** … and what it posts back: progress any number of times, then exactly one result or error. */
export type JobMessage = { type: 'progress'; progress: JobProgress } | { type: 'done'; result: ReportExportResult } | { type: 'error'; error: AppErrorShape }
