import type { CallResult } from '../errors'
import type { MethodInput, MethodName, MethodResult } from './contract'

/**
 * The only API the preload exposes on `window.sanzi`; the e2e harness provides the same object (without
 * `files`: in the browser the renderer keeps its file input and the engine's default export folder).
 */
export interface SanziBridge {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<CallResult<MethodResult<M>>>
  /** app events (the session ended); returns an unsubscribe function */
  on(event: BridgeEvent, listener: (payload: unknown) => void): () => void
  /** progress of the engine's long jobs (imports, exports, backups); returns an unsubscribe function */
  onProgress(listener: (progress: JobProgressEvent) => void): () => void
  /** the native file dialogs; present only in the desktop app */
  files?: NativeFiles
}

export const BRIDGE_EVENTS = ['session-ended'] as const
export type BridgeEvent = (typeof BRIDGE_EVENTS)[number]

export const JOB_KINDS = ['import', 'export', 'backup'] as const
export type JobKind = (typeof JOB_KINDS)[number]

/** One progress report of a long job, as the window receives it (electron/core/jobs/progress.ts `JobProgress`). */
export interface JobProgressEvent {
  jobId?: string
  kind: JobKind
  /** what is being done: the import kind ('vouchers') or the exported report ('ledger') */
  what: string
  /** the job's step: 'read', 'check', 'write', 'done' … */
  phase: string
  done: number
  /** null while the total is not known yet */
  total: number | null
}

/** A file the user picked in the native open dialog, read by the main process (at most 20 MB). */
export interface PickedFile {
  fileName: string
  contentBase64: string
}

/** The native dialogs of the desktop app; each answer is a value, never a thrown error. */
export interface NativeFiles {
  /** 打开 dialog for an Excel/CSV import; null when cancelled */
  openImportFile(options: { title: string }): Promise<CallResult<PickedFile | null>>
  /** 另存为 dialog for an .xlsx export; the chosen absolute path, or null when cancelled */
  chooseExportPath(options: { title: string; defaultName: string }): Promise<CallResult<string | null>>
  /** 打开所在文件夹: reveals a file chosen in `chooseExportPath` during this run */
  showInFolder(path: string): Promise<CallResult<null>>
}

export const FILE_OPS = ['openImportFile', 'chooseExportPath', 'showInFolder'] as const
export type FileOp = (typeof FILE_OPS)[number]

/** IPC channel names shared by main and preload. */
export const IPC_CALL = 'sanzi:call'
export const IPC_EVENT = 'sanzi:event'
/** main → window: one JobProgressEvent per message */
export const IPC_PROGRESS = 'sanzi:progress'
/** window → main: `(op: FileOp, input)` for the native dialogs */
export const IPC_FILES = 'sanzi:files'

/** Whether a value received over IPC has the shape of a JobProgressEvent (nothing else reaches a listener). */
export function isJobProgressEvent(v: unknown): v is JobProgressEvent {
  if (typeof v !== 'object' || v === null) return false
  const p = v as Record<string, unknown>
  return (
    (JOB_KINDS as readonly unknown[]).includes(p.kind) &&
    typeof p.what === 'string' &&
    typeof p.phase === 'string' &&
    typeof p.done === 'number' &&
    Number.isFinite(p.done) &&
    (p.total === null || (typeof p.total === 'number' && Number.isFinite(p.total))) &&
    (p.jobId === undefined || typeof p.jobId === 'string')
  )
}
