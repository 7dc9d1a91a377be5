/**
 * The native file dialogs behind window.sanzi.files (electron/main/files.ts) with fake dialogs and real files:
 * sender check, inputs, reading the picked file, the .xlsx save path, and 打开所在文件夹 only for chosen paths.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFilesHandler, MAX_IMPORT_BYTES, safeExportName, type NativeDialogs } from '../../../electron/main/files'
import { tempDir } from '../../helpers/temp'

const tmp = tempDir('sanzi-files-')
afterAll(() => tmp.cleanup())

const trusted = { sender: 'ours', senderFrame: { url: 'app://sanzi/index.html', parent: null } }
const foreign = { sender: 'other', senderFrame: { url: 'https://example.com/', parent: null } }

function setup(overrides: Partial<NativeDialogs> = {}) {
  const dialogs = {
    showOpenDialog: vi.fn<NativeDialogs['showOpenDialog']>(async () => ({ canceled: true, filePaths: [] })),
    showSaveDialog: vi.fn<NativeDialogs['showSaveDialog']>(async () => ({ canceled: true })),
    showItemInFolder: vi.fn<NativeDialogs['showItemInFolder']>(),
  }
  const handler = createFilesHandler({ isTrustedSender: (e) => e.sender === 'ours', dialogs: { ...dialogs, ...overrides }, defaultDir: () => tmp.dir })
  return { dialogs, handler }
}

describe('native file dialogs (sanzi:files)', () => {
  beforeEach(() => vi.clearAllMocks())

  it('refuses untrusted senders and unknown operations without opening a dialog', async () => {
    const { dialogs, handler } = setup()
    expect(await handler(foreign, 'openImportFile', { title: '导入' })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } })
    expect(await handler(trusted, 'readFile', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await handler(trusted, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await handler(trusted, 'openImportFile', { title: '导入', properties: ['multiSelections'] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await handler(trusted, 'chooseExportPath', { title: '导出' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await handler(trusted, 'showInFolder', 42)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(dialogs.showOpenDialog).not.toHaveBeenCalled()
    expect(dialogs.showSaveDialog).not.toHaveBeenCalled()
    expect(dialogs.showItemInFolder).not.toHaveBeenCalled()
  })

  it('openImportFile reads the picked file and hands back its name and content; cancel gives null', async () => {
    const dir = join(tmp.dir, '导入')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, '序时账.csv')
    writeFileSync(file, '日期,凭证号\n2024-03-05,记-1\n')
    const { dialogs, handler } = setup()
    expect(await handler(trusted, 'openImportFile', { title: '导入序时账' })).toEqual({ ok: true, value: null })
    expect(dialogs.showOpenDialog).toHaveBeenLastCalledWith(expect.objectContaining({ title: '导入序时账', defaultPath: tmp.dir, properties: ['openFile'] }))
    const opts = dialogs.showOpenDialog.mock.calls[0]![0]
    expect(opts.filters?.[0]).toEqual({ name: 'Excel 或 CSV 文件', extensions: ['xlsx', 'csv'] })

    dialogs.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] })
    const r = await handler(trusted, 'openImportFile', { title: '导入序时账' })
    expect(r).toEqual({ ok: true, value: { fileName: '序时账.csv', contentBase64: Buffer.from('日期,凭证号\n2024-03-05,记-1\n').toString('base64') } })
    // the next dialog opens where the last file came from
    await handler(trusted, 'openImportFile', { title: '导入序时账' })
    expect(dialogs.showOpenDialog).toHaveBeenLastCalledWith(expect.objectContaining({ defaultPath: dir }))
  })

  it('openImportFile refuses folders, files over 20 MB and unreadable files, in Chinese', async () => {
    const big = join(tmp.dir, 'big.xlsx')
    writeFileSync(big, Buffer.alloc(MAX_IMPORT_BYTES + 1))
    const { dialogs, handler } = setup()
    dialogs.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [big] })
    expect(await handler(trusted, 'openImportFile', { title: '导入' })).toEqual({ ok: false, error: { code: 'VALIDATION', message: '文件过大：单个文件不能超过 20 MB，请拆分后再导入' } })
    dialogs.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [tmp.dir] })
    expect(await handler(trusted, 'openImportFile', { title: '导入' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/不是文件/) } })
    dialogs.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [join(tmp.dir, 'gone.csv')] })
    expect(await handler(trusted, 'openImportFile', { title: '导入' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^无法读取文件「gone\.csv」/) } })
  })

  it('chooseExportPath proposes a safe .xlsx name, returns an absolute .xlsx path, and only that path can be revealed', async () => {
    const { dialogs, handler } = setup()
    const target = join(tmp.dir, 'out', '明细账-2024')
    dialogs.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    const r = await handler(trusted, 'chooseExportPath', { title: '导出明细账', defaultName: '../杨桥村:明细账?2024' })
    const opts = dialogs.showSaveDialog.mock.calls[0]![0]
    expect(opts.defaultPath).toBe(join(tmp.dir, '杨桥村_明细账_2024.xlsx'))
    expect(opts.filters).toEqual([{ name: 'Excel 工作簿', extensions: ['xlsx'] }])
    expect(opts.properties).toContain('showOverwriteConfirmation')
    expect(r).toEqual({ ok: true, value: resolve(`${target}.xlsx`) })

    // the next save dialog opens in the folder chosen last
    await handler(trusted, 'chooseExportPath', { title: '导出', defaultName: '总账.xlsx' })
    expect(dialogs.showSaveDialog.mock.calls[1]![0].defaultPath).toBe(join(tmp.dir, 'out', '总账.xlsx'))

    expect(await handler(trusted, 'showInFolder', `${target}.xlsx`)).toEqual({ ok: true, value: null })
    expect(dialogs.showItemInFolder).toHaveBeenCalledWith(resolve(`${target}.xlsx`))
    // anything not chosen in the save dialog is refused
    expect(await handler(trusted, 'showInFolder', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await handler(foreign, 'showInFolder', `${target}.xlsx`)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(dialogs.showItemInFolder).toHaveBeenCalledTimes(1)
  })

  it('turns a throwing dialog into an INTERNAL error value', async () => {
    const { handler } = setup({ showSaveDialog: async () => Promise.reject(new Error('no display')) })
    expect(await handler(trusted, 'chooseExportPath', { title: '导出', defaultName: 'a' })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/no display/) } })
  })

  it('safeExportName', () => {
    expect(safeExportName('科目余额表 2024-01至2024-12')).toBe('科目余额表 2024-01至2024-12.xlsx')
    expect(safeExportName('a/b\\c.XLSX')).toBe('c.XLSX')
    expect(safeExportName('...')).toBe('导出.xlsx')
    expect(safeExportName('x\u0000y')).toBe('x_y.xlsx')
  })
})
