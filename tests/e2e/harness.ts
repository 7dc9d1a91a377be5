/**
 * e2e harness: the built renderer (out/renderer) served on 127.0.0.1, driven by playwright-core in Debian
 * Chromium, with the real engine behind `window.sanzi` (one temporary database file per test, one engine
 * session per page). See docs/toolchain.md §5.
 */
import { createServer, type Server } from 'node:http'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { MethodInput, MethodName, MethodResult } from '../../shared/api/contract'
import { IPC_PROGRESS, type JobProgressEvent } from '../../shared/api/bridge'
import type { CallResult } from '../../shared/errors'
import { Engine } from '../../electron/core/engine'
import type { Session } from '../../electron/core/context'
import { onJobProgress } from '../../electron/core/jobs/progress'
import { forwardJobProgress } from '../../electron/main/progress'
import { tempDir } from '../helpers/temp'

const ROOT = resolve(__dirname, '../..')
const RENDERER_DIR = join(ROOT, 'out/renderer')
const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots')
const CHROMIUM = '/usr/bin/chromium'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
}

/** A tiny static server for `dir` on 127.0.0.1 and a free port. */
export async function startStaticServer(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(dir)
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end()
        return
      }
      let pathname: string
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
      } catch {
        res.writeHead(400).end()
        return
      }
      if (pathname.includes('\0') || pathname.split(/[\\/]/).includes('..')) {
        res.writeHead(400).end()
        return
      }
      const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '')
      const file = normalize(join(root, rel))
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end()
        return
      }
      try {
        const s = await stat(file)
        if (!s.isFile()) throw new Error('not a file')
        const body = await readFile(file)
        res.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': body.length,
          'Cache-Control': 'no-store',
        })
        res.end(req.method === 'HEAD' ? undefined : body)
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found')
      }
    })()
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export interface AppUnderTest {
  page: Page
  engine: Engine
  /** the engine session behind this page (what the renderer is signed in as) */
  session: Session
  /** console errors and page errors seen so far; the test fails if any remain at the end */
  errors: string[]
  /** calls the engine directly (default: as the page's session) and throws on failure */
  call<M extends MethodName>(method: M, input: MethodInput<M>, session?: Session): Promise<MethodResult<M>>
  /** calls the engine directly and returns the raw result, errors included */
  tryCall<M extends MethodName>(method: M, input: MethodInput<M>, session?: Session): Promise<CallResult<MethodResult<M>>>
  /** the job progress events the page's `sanzi.onProgress` listeners were given so far */
  progressSeen(): Promise<JobProgressEvent[]>
  /** test-results/screenshots/<name>.png */
  screenshot(name: string): Promise<void>
  /** loads the app (again) */
  goto(hash?: string): Promise<void>
}

export interface OpenOptions {
  /** runs against the fresh engine before the page loads, with the page's own session */
  prepare?: (engine: Engine, session: Session) => Promise<void>
  /** route to open, e.g. `settings/villages` */
  hash?: string
}

/**
 * Registers the vitest hooks for one test file and returns `open()`, which gives each test its own
 * database file, engine, browser context and page.
 */
export function useHarness(): { open(options?: OpenOptions): Promise<AppUnderTest> } {
  let browser: Browser | undefined
  let server: { url: string; close(): Promise<void> } | undefined
  let served: string | undefined
  const cleanups: (() => Promise<void>)[] = []
  let current: AppUnderTest | undefined

  beforeAll(async () => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      throw new Error('out/renderer/index.html 不存在：请先运行 npx electron-vite build')
    }
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    // serve a copy, so that a build started meanwhile (out/ is shared) cannot pull files from under the tests
    served = mkdtempSync(join(tmpdir(), 'sanzi-renderer-'))
    cpSync(RENDERER_DIR, served, { recursive: true })
    server = await startStaticServer(served)
    browser = await launchChromium()
  })

  afterEach(async (ctx) => {
    if (current && ctx.task.result?.state === 'fail') {
      const name = `FAILED-${ctx.task.name}`.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80)
      await current.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) }).catch(() => undefined)
    }
    const errors = current ? [...current.errors] : []
    current = undefined
    while (cleanups.length > 0) {
      const c = cleanups.pop()
      if (c) await c()
    }
    expect(errors, 'console errors or page errors in the renderer').toEqual([])
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (served) rmSync(served, { recursive: true, force: true })
  })

  async function open(options: OpenOptions = {}): Promise<AppUnderTest> {
    if (!browser || !server) throw new Error('harness not started')
    const baseUrl = server.url
    const tmp = tempDir('sanzi-e2e-')
    cleanups.push(async () => tmp.cleanup())
    const engine = await Engine.open(join(tmp.dir, 'agency.db'), { create: true })
    cleanups.push(() => engine.close())
    const session = engine.createSession()
    if (options.prepare) await options.prepare(engine, session)

    const context: BrowserContext = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN', timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone })
    cleanups.push(() => context.close())
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`)
    })

    // results cross as JSON text: Playwright's own serializer takes seconds for a book of 100,000 lines
    await page.exposeBinding('__sanziCall', async (_source, method: string, input: unknown) => JSON.stringify(await engine.call(session, method, input)))
    await page.addInitScript(() => {
      type Listener = (p: unknown) => void
      const w = window as unknown as {
        __sanziCall: (m: string, i: unknown) => Promise<string>
        __sanziProgress: (p: unknown) => void
        __sanziProgressSeen: unknown[]
        sanzi: unknown
      }
      const listeners = new Set<Listener>()
      w.__sanziProgressSeen = []
      w.__sanziProgress = (p) => {
        if (listeners.size > 0) w.__sanziProgressSeen.push(p)
        for (const l of listeners) l(p)
      }
      // no `files`: in the browser the renderer keeps its file input and the engine's export folder
      w.sanzi = {
        call: async (m: string, i: unknown) => JSON.parse(await w.__sanziCall(m, i)) as unknown,
        on: () => () => {},
        onProgress: (l: Listener) => {
          listeners.add(l)
          return () => void listeners.delete(l)
        },
      }
    })
    // the engine's job progress reaches the page through the same forwarder the Electron main process uses
    const stopProgress = forwardJobProgress({
      subscribe: onJobProgress,
      target: () =>
        page.isClosed()
          ? null
          : {
              isDestroyed: () => page.isClosed(),
              send: (channel, p) => {
                if (channel === IPC_PROGRESS) void page.evaluate((e) => (window as unknown as { __sanziProgress?: (p: unknown) => void }).__sanziProgress?.(e), p).catch(() => undefined)
              },
            },
    })
    cleanups.push(async () => stopProgress())

    const app: AppUnderTest = {
      page,
      engine,
      session,
      errors,
      async tryCall(method, input, s = session) {
        return (await engine.call(s, method, input)) as CallResult<MethodResult<typeof method>>
      },
      async call(method, input, s = session) {
        const r = await engine.call(s, method, input)
        if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`)
        return r.value as MethodResult<typeof method>
      },
      async progressSeen() {
        return page.evaluate(() => (window as unknown as { __sanziProgressSeen: JobProgressEvent[] }).__sanziProgressSeen)
      },
      async screenshot(name) {
        await page.waitForTimeout(400) // let antd's transitions finish
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
      },
      async goto(hash = options.hash) {
        await page.goto(baseUrl + (hash ? `#/${hash}` : ''))
      },
    }
    current = app
    await app.goto()
    return app
  }

  return { open }
}

export const PASSWORD = 'Admin2024'

/** Initialises an agency with the page's session signed in as its administrator. */
export async function initAgency(engine: Engine, session: Session): Promise<void> {
  const r = await engine.call(session, 'setup.initialize', {
    agencyName: '肥东县长临河镇会计代理服务中心',
    district: '安徽省合肥市肥东县',
    admin: { username: 'admin', displayName: '张会计', password: PASSWORD },
  })
  if (!r.ok) throw new Error(r.error.message)
}
