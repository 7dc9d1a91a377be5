/**
 * The Electron wiring (electron/main/app.ts) against a mocked `electron` and a real Engine on a temporary
 * userData folder: single instance, start-up, the window, protocol, permissions, IPC, refusal and quit.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../helpers/temp'

type Fn = (...args: unknown[]) => unknown

const h = vi.hoisted(() => {
  const listeners = new Map<string, Fn[]>()
  const state = { lock: true, packaged: false, userData: '', appPath: '' }
  const on = (map: Map<string, Fn[]>) => (event: string, l: Fn) => {
    map.set(event, [...(map.get(event) ?? []), l])
  }
  const app = {
    get isPackaged() {
      return state.packaged
    },
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    on: vi.fn(on(listeners)),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => state.userData),
    getAppPath: vi.fn(() => state.appPath),
    setAppUserModelId: vi.fn(),
  }
  const windows: FakeWindow[] = []
  class FakeWindow {
    readonly listeners = new Map<string, Fn[]>()
    readonly contentsListeners = new Map<string, Fn[]>()
    readonly webContents = {
      id: 1,
      on: vi.fn(on(this.contentsListeners)),
      reload: vi.fn(),
      send: vi.fn(),
      isDestroyed: () => false,
      mainFrame: { url: 'app://sanzi/index.html', parent: null },
    }
    readonly loadURL = vi.fn(async (_url: string) => undefined)
    readonly show = vi.fn()
    readonly focus = vi.fn()
    readonly restore = vi.fn()
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this)
    }
    once = on(this.listeners)
    on = on(this.listeners)
    isDestroyed = () => false
    isMinimized = () => false
    isVisible = () => true
    static getAllWindows = () => windows
  }
  const dialog = {
    showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })),
    showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
    showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({ canceled: true })),
    showErrorBox: vi.fn(),
  }
  const shell = { showItemInFolder: vi.fn() }
  const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() }
  const Menu = { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() }
  const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() }
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  }
  return { state, listeners, app, windows, FakeWindow, dialog, shell, ipcMain, Menu, protocol, defaultSession }
})

vi.mock('electron', () => ({
  app: h.app,
  BrowserWindow: h.FakeWindow,
  dialog: h.dialog,
  ipcMain: h.ipcMain,
  Menu: h.Menu,
  protocol: h.protocol,
  session: { defaultSession: h.defaultSession },
  shell: h.shell,
}))

const { runApp } = await import('../../../electron/main/app')
const { reportJobProgress } = await import('../../../electron/core/jobs/progress')

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')
const emitApp = (event: string, ...args: unknown[]) => {
  for (const l of h.listeners.get(event) ?? []) l(...args)
}
const ipcCall = () => {
  const call = h.ipcMain.handle.mock.calls.find((c) => c[0] === 'sanzi:call')
  return call?.[1] as (event: unknown, method: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>
}
/** closes the book the way Electron would on quit */
const quit = async () => {
  const preventDefault = vi.fn()
  emitApp('will-quit', { preventDefault })
  await vi.waitFor(() => expect(h.app.quit).toHaveBeenCalled())
  return preventDefault
}

describe('Electron main (mocked electron, real engine)', () => {
  let tmp: ReturnType<typeof tempDir>
  const env = process.env.ELECTRON_RENDERER_URL

  beforeEach(() => {
    vi.clearAllMocks()
    h.listeners.clear()
    h.windows.length = 0
    tmp = tempDir('sanzi-app-')
    h.state.lock = true
    h.state.packaged = false
    h.state.userData = join(tmp.dir, 'userData')
    h.state.appPath = join(tmp.dir, 'appRoot')
    mkdirSync(h.state.appPath, { recursive: true })
    delete process.env.ELECTRON_RENDERER_URL
  })
  afterEach(() => {
    if (env === undefined) delete process.env.ELECTRON_RENDERER_URL
    else process.env.ELECTRON_RENDERER_URL = env
    Reflect.deleteProperty(process.versions, 'electron')
    tmp.cleanup()
  })

  it('a second instance quits before opening anything', async () => {
    h.state.lock = false
    runApp()
    expect(h.app.quit).toHaveBeenCalledTimes(1)
    expect(h.app.whenReady).not.toHaveBeenCalled()
    expect(h.app.on).not.toHaveBeenCalled()
    expect(h.ipcMain.handle).not.toHaveBeenCalled()
    expect(h.windows).toHaveLength(0)
    expect(existsSync(join(h.state.userData, 'sanzi-ledger.db'))).toBe(false)
  })

  it('starts: privileged scheme, sandbox, permissions, protocol, menu, book, IPC, hardened window', async () => {
    runApp()
    expect(h.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    expect(h.app.enableSandbox).toHaveBeenCalled()
    await vi.waitFor(() => expect(h.windows).toHaveLength(1))
    const win = h.windows[0]!

    // web preferences, every flag
    expect(win.options).toMatchObject({ title: '三资台账', width: 1366, height: 860, minWidth: 1100, minHeight: 700, show: false })
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
    expect(String(prefs.preload).replaceAll('\\', '/')).toMatch(/\/preload\/index\.js$/)
    expect(win.loadURL).toHaveBeenCalledWith('app://sanzi/index.html')
    for (const l of win.listeners.get('ready-to-show') ?? []) l()
    expect(win.show).toHaveBeenCalled()

    // session, protocol, menu
    expect(h.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    const cb = vi.fn()
    ;(h.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as Fn)({}, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
    expect((h.defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as Fn)({}, 'notifications')).toBe(false)
    expect(h.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(h.Menu.setApplicationMenu).toHaveBeenCalled()

    // the book was created in userData
    expect(existsSync(join(h.state.userData, 'sanzi-ledger.db'))).toBe(true)

    // IPC: trusted main frame → engine; anything else → FORBIDDEN
    const handler = ipcCall()
    const ok = await handler({ sender: win.webContents, senderFrame: { url: 'app://sanzi/index.html', parent: null } }, 'system.status', {})
    expect(ok).toMatchObject({ ok: true, value: { initialized: false } })
    const iframe = await handler({ sender: win.webContents, senderFrame: { url: 'app://sanzi/index.html', parent: {} } }, 'system.status', {})
    expect(iframe).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } })
    const other = await handler({ sender: {}, senderFrame: { url: 'app://sanzi/index.html', parent: null } }, 'system.status', {})
    expect(other.ok).toBe(false)

    // every web contents gets hardened
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() }
    emitApp('web-contents-created', {}, contents)
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']))
    expect((contents.setWindowOpenHandler.mock.calls[0]![0] as Fn)({ url: 'https://example.com' })).toEqual({ action: 'deny' })

    // a second start focuses this window
    emitApp('second-instance')
    expect(win.focus).toHaveBeenCalled()

    // quit closes the book first
    const preventDefault = await quit()
    expect(preventDefault).toHaveBeenCalled()
    expect(h.ipcMain.removeHandler).toHaveBeenCalledWith('sanzi:call')
    const afterClose = await handler({ sender: win.webContents, senderFrame: { url: 'app://sanzi/index.html', parent: null } }, 'system.status', {})
    expect(afterClose).toMatchObject({ ok: false, error: { code: 'STATE' } })
  })

  it('native dialogs over sanzi:files: modal to our window, sender-checked, removed on quit', async () => {
    runApp()
    await vi.waitFor(() => expect(h.windows).toHaveLength(1))
    const win = h.windows[0]!
    const files = h.ipcMain.handle.mock.calls.find((c) => c[0] === 'sanzi:files')?.[1] as (event: unknown, op: unknown, input: unknown) => Promise<unknown>
    expect(files).toBeTypeOf('function')
    const ours = { sender: win.webContents, senderFrame: { url: 'app://sanzi/index.html', parent: null } }

    // the open dialog is modal to our window; the picked file is read by main and handed back
    const picked = join(tmp.dir, '序时账.csv')
    writeFileSync(picked, '日期,摘要\n')
    h.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [picked] })
    expect(await files(ours, 'openImportFile', { title: '导入序时账（凭证）' })).toEqual({
      ok: true,
      value: { fileName: '序时账.csv', contentBase64: Buffer.from('日期,摘要\n').toString('base64') },
    })
    expect(h.dialog.showOpenDialog.mock.calls.at(-1)?.[0]).toBe(win)

    // save dialog → path; 打开所在文件夹 → shell.showItemInFolder, only for that path
    const out = join(tmp.dir, '明细账.xlsx')
    h.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: out })
    expect(await files(ours, 'chooseExportPath', { title: '导出明细账', defaultName: '明细账.xlsx' })).toEqual({ ok: true, value: out })
    expect(h.dialog.showSaveDialog.mock.calls.at(-1)?.[0]).toBe(win)
    expect(await files(ours, 'showInFolder', out)).toEqual({ ok: true, value: null })
    expect(h.shell.showItemInFolder).toHaveBeenCalledWith(out)
    expect(await files(ours, 'showInFolder', '/etc')).toMatchObject({ ok: false })

    // another sender gets nothing and no dialog opens
    const dialogsBefore = h.dialog.showOpenDialog.mock.calls.length
    expect(await files({ sender: {}, senderFrame: { url: 'app://sanzi/index.html', parent: null } }, 'openImportFile', { title: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(h.dialog.showOpenDialog.mock.calls.length).toBe(dialogsBefore)

    await quit()
    expect(h.ipcMain.removeHandler).toHaveBeenCalledWith('sanzi:files')
  })

  it('forwards the engine job progress to our window on sanzi:progress, and stops on quit', async () => {
    runApp()
    await vi.waitFor(() => expect(h.windows).toHaveLength(1))
    const win = h.windows[0]!
    const progressSent = () => win.webContents.send.mock.calls.filter((c) => c[0] === 'sanzi:progress')
    reportJobProgress({ kind: 'export', what: 'ledger', phase: 'write', done: 1000, total: 5000 })
    reportJobProgress({ kind: 'export', what: 'ledger', phase: 'write', done: 5000, total: 5000 })
    expect(progressSent()).toEqual([
      ['sanzi:progress', { kind: 'export', what: 'ledger', phase: 'write', done: 1000, total: 5000 }],
      ['sanzi:progress', { kind: 'export', what: 'ledger', phase: 'write', done: 5000, total: 5000 }],
    ])
    // not while the window shows a page that is not ours
    win.webContents.mainFrame.url = 'https://example.com/'
    reportJobProgress({ kind: 'import', what: 'vouchers', phase: 'read', done: 1, total: null })
    expect(progressSent()).toHaveLength(2)
    win.webContents.mainFrame.url = 'app://sanzi/index.html'
    await quit()
    reportJobProgress({ kind: 'import', what: 'vouchers', phase: 'check', done: 1, total: 2 })
    expect(progressSent()).toHaveLength(2)
  })

  it('loads the dev server only when unpackaged', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173'
    runApp()
    await vi.waitFor(() => expect(h.windows).toHaveLength(1))
    expect(h.windows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173')
    const handler = ipcCall()
    const dev = await handler({ sender: h.windows[0]!.webContents, senderFrame: { url: 'http://localhost:5173/', parent: null } }, 'system.status', {})
    expect(dev.ok).toBe(true)
    await quit()
  })

  it('a packaged app ignores ELECTRON_RENDERER_URL and has no dev tools', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://evil.example:5173'
    h.state.packaged = true
    runApp()
    await vi.waitFor(() => expect(h.windows).toHaveLength(1))
    expect(h.windows[0]!.loadURL).toHaveBeenCalledWith('app://sanzi/index.html')
    expect((h.windows[0]!.options.webPreferences as Record<string, unknown>).devTools).toBe(false)
    const handler = ipcCall()
    const r = await handler({ sender: h.windows[0]!.webContents, senderFrame: { url: 'http://evil.example:5173/', parent: null } }, 'system.status', {})
    expect(r.ok).toBe(false)
    await quit()
  })

  it('a refused book shows 打开其他账套… / 退出 and is left untouched on 退出', async () => {
    mkdirSync(h.state.userData, { recursive: true })
    const book = join(h.state.userData, 'sanzi-ledger.db')
    writeFileSync(book, 'SQLite format 3\0'.padEnd(4096, 'x'))
    const before = sha(book)
    h.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false })
    runApp()
    await vi.waitFor(() => expect(h.app.quit).toHaveBeenCalled())
    const opts = h.dialog.showMessageBox.mock.calls[0]![0] as { buttons: string[]; detail: string }
    expect(opts.buttons).toEqual(['打开其他账套…', '退出'])
    expect(opts.detail).toMatch(/无法打开账套文件/)
    expect(h.windows).toHaveLength(0)
    expect(h.ipcMain.handle).not.toHaveBeenCalled()
    expect(sha(book)).toBe(before)
  })

  it('a wrong native binary stops start-up with the npm start hint and creates no book', async () => {
    Object.defineProperty(process.versions, 'electron', { value: '45.4.1', configurable: true })
    const dir = join(h.state.appPath, '.native', `electron-45.4.1-${process.platform}-${process.arch}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'better_sqlite3.node'), 'not a shared library')
    runApp()
    await vi.waitFor(() => expect(h.app.quit).toHaveBeenCalled())
    expect(h.dialog.showErrorBox).toHaveBeenCalledTimes(1)
    expect(String(h.dialog.showErrorBox.mock.calls[0]![1])).toContain('npm start')
    expect(h.windows).toHaveLength(0)
    expect(existsSync(join(h.state.userData, 'sanzi-ledger.db'))).toBe(false)
  })
})
