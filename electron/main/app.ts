/**
 * Electron wiring: lifecycle, the window, dialogs, protocol and IPC registration. Kept thin — the logic
 * lives in electron-free modules beside it (protocol, security, ipc, native, book, menu, lifecycle).
 */
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session as electronSession, shell } from 'electron'
import { IPC_CALL, IPC_FILES } from '../../shared/api/bridge'
import type { Session } from '../core/context'
import { APP_VERSION, Engine } from '../core/engine'
import { onJobProgress } from '../core/jobs/progress'
import { enableWorkerJobs } from '../core/jobs/runner'
import { DEFAULT_BOOK_FILE, openBook, type RefusedChoice } from './book'
import { createFilesHandler } from './files'
import { createCallHandler, createSenderCheck } from './ipc'
import { focusWindow, setupSingleInstance } from './lifecycle'
import { aboutDetail, buildMenuTemplate } from './menu'
import { nativeLoadHelp, probeNativeBinding, resolveNativeBinding } from './native'
import { forwardJobProgress, ownWindowContents } from './progress'
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler } from './protocol'
import { allowedOrigins, denyAllPermissions, hardenWebContents, mainWindowOptions, WINDOW_TITLE } from './security'

export const APP_ID = 'cn.sanzi.ledger'

const log = (message: string) => console.warn(`[三资台账] ${message}`)

export function runApp(): void {
  const dev = !app.isPackaged
  // electron-vite dev sets ELECTRON_RENDERER_URL; a packaged app never loads anything but app://
  const devServerUrl = dev ? process.env.ELECTRON_RENDERER_URL || undefined : undefined
  const origins = allowedOrigins(devServerUrl)

  // Before `ready`: the scheme is standard (relative URLs, storage) and secure; no CORS, no CSP bypass.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
  app.enableSandbox()

  // electron-vite's output (out/main, out/preload, out/renderer) under the app root (app.asar when packaged);
  // not __dirname, which depends on how the bundler splits chunks
  const outDir = () => join(app.getAppPath(), 'out')

  let mainWindow: BrowserWindow | null = null
  let engine: Engine | null = null
  let windowSession: Session | null = null
  let stopProgress: (() => void) | null = null

  if (!setupSingleInstance(app, () => focusWindow(mainWindow))) return

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origins, log))

  const showAbout = () => {
    const options = {
      type: 'info' as const,
      title: '关于三资台账',
      message: WINDOW_TITLE,
      detail: aboutDetail({
        appVersion: APP_VERSION,
        dataFile: engine?.path ?? null,
        schemaVersion: engine?.info.schemaVersion ?? null,
        electron: process.versions.electron,
        chrome: process.versions.chrome,
        node: process.versions.node,
      }),
      buttons: ['确定'],
      noLink: true,
    }
    void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options))
  }

  const createWindow = () => {
    const win = new BrowserWindow(mainWindowOptions(join(outDir(), 'preload', 'index.js'), { devTools: dev }))
    mainWindow = win
    win.once('ready-to-show', () => win.show())
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null
    })
    win.webContents.on('render-process-gone', (_event, details) => {
      log(`页面进程退出：${details.reason}`)
      if (details.reason === 'clean-exit' || win.isDestroyed()) return
      void dialog
        .showMessageBox(win, {
          type: 'error',
          title: WINDOW_TITLE,
          message: '页面意外退出',
          detail: '已保存的数据不受影响。可以重新加载页面继续工作。',
          buttons: ['重新加载', '退出'],
          defaultId: 0,
          cancelId: 1,
          noLink: true,
        })
        .then(({ response }) => (response === 0 && !win.isDestroyed() ? win.webContents.reload() : app.quit()))
    })
    void win.loadURL(devServerUrl ?? APP_ENTRY_URL)
    return win
  }

  const askRefused = async (message: string): Promise<RefusedChoice> => {
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: WINDOW_TITLE,
      message: '无法打开账套',
      detail: message,
      buttons: ['打开其他账套…', '退出'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    })
    return response === 0 ? 'open-other' : 'quit'
  }

  const chooseFile = async (): Promise<string | null> => {
    const { canceled, filePaths } = await dialog.showOpenDialog({
      title: '打开账套文件',
      properties: ['openFile'],
      filters: [
        { name: '账套文件', extensions: ['db', 'sanzi'] },
        { name: '所有文件', extensions: ['*'] },
      ],
    })
    return canceled ? null : (filePaths[0] ?? null)
  }

  const start = async () => {
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
    denyAllPermissions(electronSession.defaultSession)
    protocol.handle(APP_SCHEME, createAppProtocolHandler(join(outDir(), 'renderer')))
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ dev, onAbout: showAbout })))

    const nativeBinding = resolveNativeBinding({
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appRoot: app.getAppPath(),
      electronVersion: process.versions.electron,
      platform: process.platform,
      arch: process.arch,
    })
    // Load the addon on :memory: first, so that a wrong binary is never reported as a damaged book.
    const probe = probeNativeBinding(BetterSqlite3, nativeBinding)
    if (!probe.ok) return failNative(probe.error, nativeBinding)
    // exports run in a worker thread (out/main/jobWorker.js) with the same binary, so the window stays responsive
    enableWorkerJobs(nativeBinding ? { nativeBinding } : {})

    const outcome = await openBook({
      defaultPath: join(app.getPath('userData'), DEFAULT_BOOK_FILE),
      open: (path, create) => Engine.open(path, { create, nativeBinding }),
      askRefused,
      chooseFile,
    })
    switch (outcome.kind) {
      case 'quit':
        return app.quit()
      case 'native-error':
        return failNative(outcome.error, nativeBinding)
      case 'failed':
        return fail('无法打开账套', outcome.error)
      case 'opened':
        break
    }
    engine = outcome.engine
    const opened = outcome.engine
    windowSession = opened.createSession()
    const sessionForWindow = windowSession
    const isTrustedSender = createSenderCheck({ windowContents: () => mainWindow?.webContents ?? null, origins })
    const handler = createCallHandler({ engine: opened, session: sessionForWindow, isTrustedSender })
    ipcMain.handle(IPC_CALL, (event, method: unknown, input: unknown) => handler(event, method, input))
    // native dialogs for imports and exports, modal to our window
    const files = createFilesHandler({
      isTrustedSender,
      defaultDir: () => app.getPath('documents'),
      dialogs: {
        showOpenDialog: (o) => (mainWindow ? dialog.showOpenDialog(mainWindow, o) : dialog.showOpenDialog(o)),
        showSaveDialog: (o) => (mainWindow ? dialog.showSaveDialog(mainWindow, o) : dialog.showSaveDialog(o)),
        showItemInFolder: (path) => shell.showItemInFolder(path),
      },
    })
    ipcMain.handle(IPC_FILES, (event, op: unknown, input: unknown) => files(event, op, input))
    // the engine's job progress goes to our window only, while it shows one of our pages
    stopProgress = forwardJobProgress({ subscribe: onJobProgress, target: ownWindowContents(() => mainWindow?.webContents ?? null, origins) })
    createWindow()
  }

  const failNative = (error: unknown, bindingPath: string | undefined) => {
    const help = nativeLoadHelp(error, { packaged: app.isPackaged, bindingPath })
    dialog.showErrorBox(help.message, help.detail)
    app.quit()
  }

  const fail = (title: string, error: unknown) => {
    const message = (error as { message?: string })?.message ?? String(error)
    dialog.showErrorBox(title, `${message}\n\n请把这段信息告诉软件维护人员。`)
    app.quit()
  }

  app.on('window-all-closed', () => app.quit())
  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) createWindow()
  })
  app.on('will-quit', (event) => {
    if (!engine) return
    // close the book (checkpoint and release the file) before the process goes
    event.preventDefault()
    const closing = engine
    engine = null
    ipcMain.removeHandler(IPC_CALL)
    ipcMain.removeHandler(IPC_FILES)
    stopProgress?.()
    stopProgress = null
    closing
      .close()
      .catch((e: unknown) => log(`关闭账套时出错：${(e as Error)?.message ?? String(e)}`))
      .finally(() => app.quit())
  })

  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => fail('三资台账无法启动', e))
}
