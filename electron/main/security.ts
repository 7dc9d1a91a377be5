/**
 * Window options and web-contents hardening (reliability.md §2.1). Electron-free: only `import type`
 * from electron, and the objects it hardens are described structurally so tests can pass fakes.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'
import { APP_ORIGIN } from './protocol'

export const WINDOW_TITLE = '三资台账'

/** The renderer's security settings; every flag is spelled out, none is left to a default. */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  }
}

export function mainWindowOptions(preloadPath: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1366,
    height: 860,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: secureWebPreferences(preloadPath, options),
  }
}

/**
 * The origin of a URL as we compare it. WHATWG `URL.origin` is `"null"` for non-special schemes such as
 * `app:`, so for those the origin is built from protocol and host. Unparseable URLs give null.
 */
export function originOf(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin
  if (!u.host) return null // data:, about:, blob:, file:// without host …
  return `${u.protocol}//${u.host}`
}

/** The origins our pages may come from: the app protocol, plus the dev server while developing. */
export function allowedOrigins(devServerUrl: string | undefined): string[] {
  const origins = [APP_ORIGIN]
  if (devServerUrl) {
    const dev = originOf(devServerUrl)
    if (dev) origins.push(dev)
  }
  return origins
}

export function isAllowedUrl(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && origins.includes(origin)
}

/** What `hardenWebContents` needs of Electron's `WebContents`. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url?: string }, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/**
 * Applied to every web contents (`app.on('web-contents-created')`): navigation only within our origins,
 * no new windows, no <webview>.
 */
export function hardenWebContents(contents: HardenableContents, origins: readonly string[], log: (msg: string) => void = () => undefined): void {
  const guard = (event: { preventDefault(): void; url?: string }, url: string) => {
    const target = typeof url === 'string' ? url : (event.url ?? '')
    if (!isAllowedUrl(target, origins)) {
      event.preventDefault()
      log(`已阻止跳转到外部页面：${target.slice(0, 200)}`)
    }
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log('已阻止嵌入 <webview>')
  })
  contents.setWindowOpenHandler(({ url }) => {
    log(`已阻止打开新窗口：${String(url).slice(0, 200)}`)
    return { action: 'deny' }
  })
}

/** What `denyAllPermissions` needs of Electron's `Session`. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void
  setDevicePermissionHandler?(handler: () => boolean): void
}

/** The app needs no web permission (notifications, media, geolocation, HID, …): all are refused. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler?.(() => false)
}
