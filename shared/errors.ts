/** Every failure that crosses a face (IPC, CLI, harness) has this one shape; `message` is Chinese and says what to do. */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'STATE'
  | 'UNKNOWN_METHOD'
  | 'DB_REFUSED'
  | 'INTERNAL'

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `admin.password` */
  path: string
  message: string
}

export interface AppErrorShape {
  code: ErrorCode
  message: string
  details?: { issues?: FieldIssue[]; [key: string]: unknown }
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode
  readonly details?: AppErrorShape['details']

  constructor(code: ErrorCode, message: string, details?: AppErrorShape['details']) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  toJSON(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }
