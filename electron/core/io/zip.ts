import { createInflateRaw } from 'node:zlib'
import { SpreadsheetError } from './limits'
import type { ReadBudget } from './limits'

/**
 * Just enough of ZIP to read an .xlsx safely from memory: the central directory is checked before anything is
 * inflated (entry count, declared sizes, encryption, ZIP64), and every entry is inflated as a stream against
 * a byte budget and a deadline, so a zip bomb stops at the cap instead of filling memory or disk.
 */
export interface ZipEntry {
  name: string
  method: number
  flags: number
  compressedSize: number
  size: number
  localOffset: number
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
export const MAX_ZIP_ENTRIES = 2000

const NOT_XLSX = '不是有效的 Excel 文件（.xlsx）：文件已损坏或不是工作簿'

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LOCAL
}

/** OLE compound file: a legacy .xls, or an .xlsx protected by a password (both are stored that way). */
export function isOle(buf: Buffer): boolean {
  return buf.length >= 8 && buf.readUInt32LE(0) === 0xe011cfd0 && buf.readUInt32LE(4) === 0xe11ab1a1
}

export function readZipDirectory(buf: Buffer, maxInflated: number): Map<string, ZipEntry> {
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new SpreadsheetError(NOT_XLSX)
  const count = buf.readUInt16LE(eocd + 10)
  const cdSize = buf.readUInt32LE(eocd + 12)
  const cdOffset = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff) throw new SpreadsheetError('文件格式异常（ZIP64 超大工作簿），不能导入')
  if (count > MAX_ZIP_ENTRIES) throw new SpreadsheetError(`文件格式异常：压缩包内有 ${count} 个条目，超过上限 ${MAX_ZIP_ENTRIES}`)
  if (cdOffset + cdSize > buf.length) throw new SpreadsheetError(NOT_XLSX)
  const entries = new Map<string, ZipEntry>()
  let total = 0
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new SpreadsheetError(NOT_XLSX)
    const flags = buf.readUInt16LE(p + 8)
    const method = buf.readUInt16LE(p + 10)
    const compressedSize = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const localOffset = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    p += 46 + nameLen + extraLen + commentLen
    if (flags & 1) throw new SpreadsheetError('文件已加密，请先在 Excel 中取消密码保护后再导入')
    if (compressedSize === 0xffffffff || size === 0xffffffff) throw new SpreadsheetError('文件格式异常（ZIP64 超大工作簿），不能导入')
    total += size
    if (total > maxInflated) {
      throw new SpreadsheetError(`文件解压后超过 ${Math.round(maxInflated / 1024 / 1024)} MB，可能是异常文件（压缩炸弹），不能导入`)
    }
    entries.set(name, { name, method, flags, compressedSize, size, localOffset })
  }
  return entries
}

function entryData(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw new SpreadsheetError(NOT_XLSX)
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28)
  if (start + e.compressedSize > buf.length) throw new SpreadsheetError(NOT_XLSX)
  return buf.subarray(start, start + e.compressedSize)
}

const CHUNK = 64 * 1024

/** The inflated bytes of one entry, chunk by chunk, each charged to the budget (bytes and time). */
export async function* entryBytes(buf: Buffer, e: ZipEntry, budget: ReadBudget): AsyncGenerator<Buffer> {
  const data = entryData(buf, e)
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += CHUNK) {
      const chunk = data.subarray(i, i + CHUNK)
      budget.charge(chunk.length)
      yield chunk
    }
    return
  }
  if (e.method !== 8) throw new SpreadsheetError(`文件格式异常：不支持的压缩方式（${e.method}）`)
  const inflater = createInflateRaw({ chunkSize: CHUNK })
  inflater.end(data)
  try {
    for await (const chunk of inflater) {
      const b = chunk as Buffer
      budget.charge(b.length)
      yield b
    }
  } catch (err) {
    if (err instanceof SpreadsheetError) throw err
    throw new SpreadsheetError('文件已损坏：工作簿内容无法解压')
  } finally {
    inflater.destroy()
  }
}

/**
 * The entry as UTF-8 text chunks. The decoder is streaming, so a Chinese character split between two
 * inflated chunks stays whole (exceljs decodes each chunk on its own and would garble it).
 */
export async function* entryText(buf: Buffer, e: ZipEntry, budget: ReadBudget): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of entryBytes(buf, e, budget)) {
    const s = decoder.decode(chunk, { stream: true })
    if (s !== '') yield s
  }
  const tail = decoder.decode()
  if (tail !== '') yield tail
}
