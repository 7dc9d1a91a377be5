/**
 * Caps on what an import may cost (reliability.md §3.3, H-04/H-05): the file on disk, the bytes it inflates
 * to, the rows it holds and the time it takes to read.
 */
export interface ReadLimits {
  /** size of the file itself */
  maxFileBytes: number
  /** sum of inflated bytes of an .xlsx (declared in the zip directory and counted while inflating) */
  maxInflatedBytes: number
  /** rows read from the data sheet (blank rows included) */
  maxRows: number
  /** wall-clock time for reading and checking the file */
  timeoutMs: number
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxRows: 300_000,
  timeoutMs: 180_000,
}

/** A problem with the file as a whole (not a workbook, too big, no header…): nothing of it can be imported. */
export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SpreadsheetError'
  }
}

export class ReadBudget {
  private bytesLeft: number
  private readonly deadline: number

  constructor(readonly limits: ReadLimits) {
    this.bytesLeft = limits.maxInflatedBytes
    this.deadline = Date.now() + limits.timeoutMs
  }

  charge(bytes: number): void {
    this.bytesLeft -= bytes
    if (this.bytesLeft < 0) {
      throw new SpreadsheetError(`文件解压后超过 ${Math.round(this.limits.maxInflatedBytes / 1024 / 1024)} MB，可能是异常文件（压缩炸弹），不能导入`)
    }
    this.checkTime()
  }

  checkTime(): void {
    if (Date.now() > this.deadline) {
      throw new SpreadsheetError(`读取文件超时（超过 ${Math.round(this.limits.timeoutMs / 1000)} 秒），文件过大或过于复杂，请拆分后再导入`)
    }
  }
}

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
}
