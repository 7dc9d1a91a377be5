import { dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import { timestampForFile } from '../db/backup'

const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_')

/**
 * Where an exported workbook goes: the path the user chose (.xlsx only; a relative path is taken from the book's
 * folder, never from wherever the process happens to run), or by default exports/ beside the book, named
 * <村编码>-<村名>-<title>-<tag>-<time>.xlsx (the village part left out for a district-wide workbook).
 */
export function exportTarget(to: string | null | undefined, bookPath: string, name: { village?: { code: string; name: string }; title: string; tag: string }, d = new Date()): string {
  if (!to) {
    const parts = [...(name.village ? [name.village.code, name.village.name] : []), name.title, name.tag, timestampForFile(d)]
    return join(dirname(bookPath), 'exports', `${parts.map(safe).join('-')}.xlsx`)
  }
  if (extname(to).toLowerCase() !== '.xlsx') throw new AppError('VALIDATION', `导出文件须以 .xlsx 结尾：${to}`)
  return isAbsolute(to) ? resolve(to) : resolve(dirname(bookPath), to)
}
