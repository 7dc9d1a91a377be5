import type { ReportExportResult } from '../../../shared/api/types'
import { connect, toKysely } from '../db/connection'
import { exportReport, type ExportRequest } from '../reports/exports'

/** Everything an export needs to run anywhere — this thread or a worker: plain data that survives postMessage. */
export interface ExportJob {
  jobId?: string
  /** the agency database file */
  bookPath: string
  /** printed in the footer as 操作人 */
  userName: string
  villageId: number
  request: ExportRequest
  to?: string | null
  /** better-sqlite3's binary for the running runtime (Electron passes its own), as the book was opened with */
  nativeBinding?: string
}

/**
 * An export streams a book through once: a small page cache serves it as well as the book's 64 MB one, and
 * the memory is the export's peak (the cache is filled, never freed, while it runs).
 */
const EXPORT_CACHE_KIB = 8192

/**
 * Runs one export on a connection of its own, read-only, inside one read transaction: the workbook shows one
 * state of the book even when vouchers are posted meanwhile (WAL keeps the snapshot), and nothing else of the
 * engine waits for it. Progress goes to jobProgress.
 */
export async function runExportJob(job: ExportJob): Promise<ReportExportResult> {
  const sqlite = connect(job.bookPath, { readonly: true, ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}) })
  try {
    sqlite.pragma(`cache_size = -${EXPORT_CACHE_KIB}`)
    const db = toKysely(sqlite)
    sqlite.exec('BEGIN')
    try {
      return await exportReport({ db, bookPath: job.bookPath, userName: job.userName, jobId: job.jobId }, job.villageId, job.request, job.to)
    } finally {
      if (sqlite.inTransaction) sqlite.exec('COMMIT')
    }
  } finally {
    sqlite.close()
  }
}
