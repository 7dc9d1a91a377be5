import { describe, expect, it, vi } from 'vitest'
import {
  allowedOrigins,
  denyAllPermissions,
  hardenWebContents,
  isAllowedUrl,
  mainWindowOptions,
  originOf,
  secureWebPreferences,
  type HardenableContents,
} from '../../../electron/main/security'

type Listener = (...args: unknown[]) => unknown

/** A stand-in for WebContents that records listeners, as Electron's EventEmitter would. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return contents
    },
    setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
      openHandler = h
    },
  }
  const emit = (event: string, url?: string) => {
    const e = { preventDefault: vi.fn(), url }
    for (const l of listeners.get(event) ?? []) l(e, url)
    return e
  }
  return { contents: contents as unknown as HardenableContents, emit, open: (url: string) => openHandler?.({ url }), listeners }
}

describe('BrowserWindow options', () => {
  it('sets every security flag explicitly', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js', { devTools: false })
    expect(prefs).toEqual({
      preload: '/app/out/preload/index.js',
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
      devTools: false,
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('additionalArguments')
  })

  it('has the title, size and minimum size, and shows when ready', () => {
    const o = mainWindowOptions('/p/index.js', { devTools: true })
    expect(o).toMatchObject({ title: '三资台账', width: 1366, height: 860, minWidth: 1100, minHeight: 700, show: false })
    expect(o.webPreferences?.contextIsolation).toBe(true)
    expect(o.webPreferences?.sandbox).toBe(true)
    expect(o.webPreferences?.devTools).toBe(true)
  })
})

describe('origins', () => {
  it('computes origins for the custom scheme (URL.origin is "null" there)', () => {
    expect(new URL('app://sanzi/index.html').origin).toBe('null')
    expect(originOf('app://sanzi/index.html')).toBe('app://sanzi')
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173')
    expect(originOf('data:text/html,<script>1</script>')).toBeNull()
    expect(originOf('about:blank')).toBeNull()
    expect(originOf('not a url')).toBeNull()
  })

  it('allows only our origin, plus the dev server when given', () => {
    const prod = allowedOrigins(undefined)
    expect(prod).toEqual(['app://sanzi'])
    expect(isAllowedUrl('app://sanzi/index.html#/vouchers', prod)).toBe(true)
    expect(isAllowedUrl('app://sanzi.evil/index.html', prod)).toBe(false)
    expect(isAllowedUrl('app://evil/index.html', prod)).toBe(false)
    expect(isAllowedUrl('http://localhost:5173/', prod)).toBe(false)
    const dev = allowedOrigins('http://localhost:5173/')
    expect(isAllowedUrl('http://localhost:5173/#/x', dev)).toBe(true)
    // startsWith would let these through (security.md item 13)
    expect(isAllowedUrl('http://localhost:5173.attacker.com/', dev)).toBe(false)
    expect(isAllowedUrl('http://localhost:51730/', dev)).toBe(false)
  })
})

describe('hardenWebContents', () => {
  const origins = allowedOrigins(undefined)

  it('blocks navigation and redirects to other origins, allows our own', () => {
    const f = fakeContents()
    const log = vi.fn()
    hardenWebContents(f.contents, origins, log)
    for (const url of ['https://example.com/', 'file:///C:/Windows/win.ini', 'app://evil/index.html', 'javascript:alert(1)', 'data:text/html,x']) {
      expect(f.emit('will-navigate', url).preventDefault).toHaveBeenCalled()
      expect(f.emit('will-redirect', url).preventDefault).toHaveBeenCalled()
    }
    expect(f.emit('will-navigate', 'app://sanzi/index.html').preventDefault).not.toHaveBeenCalled()
    expect(log).toHaveBeenCalled()
  })

  it('denies every new window and every <webview>', () => {
    const f = fakeContents()
    hardenWebContents(f.contents, origins)
    expect(f.open('https://example.com/')).toEqual({ action: 'deny' })
    expect(f.open('app://sanzi/index.html')).toEqual({ action: 'deny' })
    expect(f.emit('will-attach-webview').preventDefault).toHaveBeenCalled()
  })
})

describe('permissions', () => {
  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (g: boolean) => void) => void) | null = null
    let check: ((c: unknown, p: string) => boolean) | null = null
    let device: (() => boolean) | null = null
    denyAllPermissions({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
      setDevicePermissionHandler: (h) => (device = h),
    })
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'fullscreen']) {
      const cb = vi.fn()
      request!({}, p, cb)
      expect(cb).toHaveBeenCalledWith(false)
      expect(check!({}, p)).toBe(false)
    }
    expect(device!()).toBe(false)
  })
})
