/**
 * The native file dialogs behind `window.sanzi.files` (IPC channel `sanzi:files`). Electron-free: the dialogs
 * and the file system are passed in, so the handler is unit-tested with fakes.
 *
 * - openImportFile: the 打开 dialog; the main process reads the chosen file (≤ 20 MB) and hands back its name and
 *   content, so the renderer imports exactly what the user picked and never names a path itself;
 * - chooseExportPath: the 另存为 dialog; the chosen path ends in .xlsx and is remembered for
 * - showInFolder: reveals only a path chosen in the save dialog during this run.
 */
import { readFile as fsReadFile, stat as fsStat } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type { OpenDialogOptions, SaveDialogOptions } from 'electron'
import { z } from 'zod'
import { FILE_OPS, type FileOp, type PickedFile } from '../../shared/api/bridge'
import type { CallResult } from '../../shared/errors'
import { refuseUntrusted, type InvokeEventLike } from './ipc'

/** The same limit as the import methods' contract (shared/api/contract.ts importInput). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024
const REMEMBERED = 200

/** What we use of Electron's `dialog` (already bound to the parent window) and `shell`. */
export interface NativeDialogs {
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>
  showItemInFolder(path: string): void
}

export interface FileSystemLike {
  stat(path: string): Promise<{ isFile(): boolean; size: number }>
  readFile(path: string): Promise<Buffer>
}

const title = z.string().trim().min(1).max(100)
const inputs = {
  openImportFile: z.strictObject({ title }),
  chooseExportPath: z.strictObject({ title, defaultName: z.string().trim().min(1).max(200) }),
  showInFolder: z.string().min(1).max(4000),
} as const

export type FilesHandler = (event: InvokeEventLike, op: unknown, input: unknown) => Promise<CallResult<unknown>>

/** A file name that any file system takes: no folders, no reserved characters, ends in .xlsx. */
export function safeExportName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let n = basename(name.replaceAll('\\', '/')).replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').trim()
  n = n.replace(/^\.+/, '')
  if (extname(n).toLowerCase() !== '.xlsx') n = `${n}.xlsx`
  return n === '.xlsx' ? '导出.xlsx' : n
}

const fail = (code: 'VALIDATION' | 'UNKNOWN_METHOD' | 'INTERNAL', message: string): CallResult<never> => ({ ok: false, error: { code, message } })

export function createFilesHandler(deps: {
  isTrustedSender: (event: InvokeEventLike) => boolean
  dialogs: NativeDialogs
  /** where the first dialog opens (the user's documents folder) */
  defaultDir: () => string
  fs?: FileSystemLike
}): FilesHandler {
  const fs: FileSystemLike = deps.fs ?? { stat: fsStat, readFile: fsReadFile }
  let importDir: string | null = null
  let exportDir: string | null = null
  const chosen = new Set<string>()

  const openImportFile = async (o: z.infer<typeof inputs.openImportFile>): Promise<CallResult<PickedFile | null>> => {
    const { canceled, filePaths } = await deps.dialogs.showOpenDialog({
      title: o.title,
      defaultPath: importDir ?? deps.defaultDir(),
      properties: ['openFile'],
      filters: [
        { name: 'Excel 或 CSV 文件', extensions: ['xlsx', 'csv'] },
        { name: '所有文件', extensions: ['*'] },
      ],
    })
    const path = filePaths[0]
    if (canceled || !path) return { ok: true, value: null }
    importDir = dirname(path)
    const fileName = basename(path)
    let content: Buffer
    try {
      const s = await fs.stat(path)
      if (!s.isFile()) return fail('VALIDATION', `「${fileName}」不是文件`)
      if (s.size > MAX_IMPORT_BYTES) return fail('VALIDATION', '文件过大：单个文件不能超过 20 MB，请拆分后再导入')
      content = await fs.readFile(path)
    } catch (e) {
      return fail('VALIDATION', `无法读取文件「${fileName}」：${(e as Error)?.message ?? String(e)}`)
    }
    if (content.length > MAX_IMPORT_BYTES) return fail('VALIDATION', '文件过大：单个文件不能超过 20 MB，请拆分后再导入')
    return { ok: true, value: { fileName, contentBase64: content.toString('base64') } }
  }

  const chooseExportPath = async (o: z.infer<typeof inputs.chooseExportPath>): Promise<CallResult<string | null>> => {
    const { canceled, filePath } = await deps.dialogs.showSaveDialog({
      title: o.title,
      defaultPath: join(exportDir ?? deps.defaultDir(), safeExportName(o.defaultName)),
      buttonLabel: '保存',
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    })
    if (canceled || !filePath) return { ok: true, value: null }
    // some platforms leave the extension to us; the engine writes only .xlsx
    const path = resolve(extname(filePath).toLowerCase() === '.xlsx' ? filePath : `${filePath}.xlsx`)
    exportDir = dirname(path)
    chosen.delete(path)
    chosen.add(path)
    if (chosen.size > REMEMBERED) chosen.delete(chosen.values().next().value as string)
    return { ok: true, value: path }
  }

  const showInFolder = (path: string): CallResult<null> => {
    const p = resolve(path)
    if (!chosen.has(p)) return fail('VALIDATION', '只能打开本次在“另存为”中选择的导出文件所在的文件夹')
    deps.dialogs.showItemInFolder(p)
    return { ok: true, value: null }
  }

  return async (event, op, input) => {
    const refused = refuseUntrusted(deps.isTrustedSender, event)
    if (refused) return refused
    if (typeof op !== 'string' || !(FILE_OPS as readonly string[]).includes(op)) return fail('UNKNOWN_METHOD', '未知的操作')
    try {
      switch (op as FileOp) {
        case 'openImportFile': {
          const o = inputs.openImportFile.safeParse(input)
          return o.success ? await openImportFile(o.data) : fail('VALIDATION', '打开文件的参数不正确')
        }
        case 'chooseExportPath': {
          const o = inputs.chooseExportPath.safeParse(input)
          return o.success ? await chooseExportPath(o.data) : fail('VALIDATION', '保存文件的参数不正确')
        }
        case 'showInFolder': {
          const o = inputs.showInFolder.safeParse(input)
          return o.success ? showInFolder(o.data) : fail('VALIDATION', '文件路径不正确')
        }
      }
    } catch (e) {
      return fail('INTERNAL', `内部错误，操作未执行：${(e as Error)?.message ?? String(e)}`)
    }
    return fail('UNKNOWN_METHOD', '未知的操作')
  }
}
