import { closeSync, openSync, readSync, statSync } from 'node:fs'

/** Our `application_id` (offset 68 of the SQLite header): "SZTZ" = 三资台账. */
export const APPLICATION_ID = 0x535a545a

export interface SqliteHeader {
  pageSize: number
  /** pages the header says the file holds; 0 in very old files */
  pageCount: number
  userVersion: number
  applicationId: number
  walMode: boolean
}

export type HeaderProbe =
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'not-sqlite' }
  | { kind: 'truncated'; expectedBytes: number; actualBytes: number }
  | { kind: 'sqlite'; header: SqliteHeader; bytes: number }

const MAGIC = 'SQLite format 3\u0000'

/**
 * Reads the first 100 bytes with plain fs, so that a file we are going to refuse is never opened by SQLite
 * (opening can create -wal/-shm files or roll back a hot journal).
 */
export function probeHeader(path: string): HeaderProbe {
  let bytes: number
  try {
    const st = statSync(path)
    if (!st.isFile()) return { kind: 'not-sqlite' }
    bytes = st.size
  } catch {
    return { kind: 'missing' }
  }
  if (bytes === 0) return { kind: 'empty' }
  const buf = Buffer.alloc(100)
  const fd = openSync(path, 'r')
  let read: number
  try {
    read = readSync(fd, buf, 0, 100, 0)
  } finally {
    closeSync(fd)
  }
  if (read < 100 || buf.toString('latin1', 0, 16) !== MAGIC) return { kind: 'not-sqlite' }
  const rawPageSize = buf.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { kind: 'not-sqlite' }
  const header: SqliteHeader = {
    pageSize,
    pageCount: buf.readUInt32BE(28),
    userVersion: buf.readUInt32BE(60),
    applicationId: buf.readUInt32BE(68),
    walMode: buf[18] === 2 && buf[19] === 2,
  }
  // The in-header page count is valid when the change counters match (offsets 24 and 92).
  if (header.pageCount > 0 && buf.readUInt32BE(24) === buf.readUInt32BE(92)) {
    const expectedBytes = header.pageCount * pageSize
    if (bytes < expectedBytes) return { kind: 'truncated', expectedBytes, actualBytes: bytes }
  }
  return { kind: 'sqlite', header, bytes }
}
