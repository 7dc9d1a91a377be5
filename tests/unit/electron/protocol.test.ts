import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  contentTypeOf,
  createAppProtocolHandler,
  resolveAppFile,
} from '../../../electron/main/protocol'
import { tempDir } from '../../helpers/temp'

describe('app:// protocol', () => {
  const tmp = tempDir('sanzi-protocol-')
  const root = join(tmp.dir, 'out', 'renderer')
  const secret = join(tmp.dir, 'out', 'secret.txt')
  const handler = createAppProtocolHandler(root)
  const get = (url: string, method = 'GET') => handler({ url, method })

  beforeAll(() => {
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>三资台账</title><script type="module" src="./assets/index.js"></script>')
    writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)')
    writeFileSync(join(root, 'assets', 'index.css'), 'body{}')
    writeFileSync(secret, 'SECRET')
    writeFileSync(join(tmp.dir, 'passwd'), 'root:x:0:0')
  })
  afterAll(() => tmp.cleanup())

  it('serves index.html with the strict CSP header', async () => {
    expect(APP_ENTRY_URL).toBe('app://sanzi/index.html')
    const res = await get(APP_ENTRY_URL)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const csp = res.headers.get('content-security-policy')
    expect(csp).toBe(CONTENT_SECURITY_POLICY)
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp?.split('; ')).toContain(directive)
    }
    expect(csp).not.toMatch(/unsafe-eval/)
    expect(await res.text()).toContain('三资台账')
  })

  it('serves the root as index.html and assets with their MIME types', async () => {
    expect((await get(`${APP_ORIGIN}/`)).status).toBe(200)
    const js = await get(`${APP_ORIGIN}/assets/index.js`)
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toBe('console.log(1)')
    expect((await get(`${APP_ORIGIN}/assets/index.css?v=1#x`)).headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(contentTypeOf('a.woff2')).toBe('font/woff2')
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream')
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_ENTRY_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const post = await get(APP_ENTRY_URL, 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  const traversal = [
    'app://sanzi/../secret.txt',
    'app://sanzi/../../passwd',
    'app://sanzi/%2e%2e/secret.txt',
    'app://sanzi/%2E%2E/%2e%2e/passwd',
    'app://sanzi/.%2e/secret.txt',
    'app://sanzi/..%2fsecret.txt',
    'app://sanzi/assets/..%2f..%2fsecret.txt',
    'app://sanzi/%2e%2e%2fsecret.txt',
    'app://sanzi/..%5csecret.txt',
    'app://sanzi/assets%5c..%5c..%5csecret.txt',
    'app://sanzi/./index.html',
    `app://sanzi/${encodeURIComponent(secret)}`,
    `app://sanzi/${secret}`,
    'app://sanzi//etc/passwd',
    'app://sanzi/%2Fetc%2Fpasswd',
    'app://sanzi/C:/Windows/win.ini',
    'app://sanzi/C%3A%5CWindows%5Cwin.ini',
    'app://sanzi/%5C%5Cserver%5Cshare%5Cx',
    'app://sanzi/index.html%00.js',
    'app://sanzi/%E0%A4%A',
    'app://other/index.html',
    'app://sanzi:8080/index.html',
    'app://user@sanzi/index.html',
    'https://sanzi/index.html',
    'file:///etc/passwd',
    'not a url',
  ]

  it.each(traversal)('404 for %s', async (url) => {
    expect(resolveAppFile(root, url)).toBeNull()
    const res = await get(url)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toMatch(/SECRET|root:x/)
  })

  it('404 for missing files and directories', async () => {
    expect((await get(`${APP_ORIGIN}/missing.js`)).status).toBe(404)
    expect((await get(`${APP_ORIGIN}/assets`)).status).toBe(404)
    expect((await get(`${APP_ORIGIN}/assets/`)).status).toBe(404)
  })

  it('resolves only inside the root', () => {
    expect(resolveAppFile(root, 'app://sanzi/assets/index.js')).toBe(join(root, 'assets', 'index.js'))
    expect(resolveAppFile(root, 'app://sanzi/')).toBe(join(root, 'index.html'))
    expect(resolveAppFile(root, 'app://SANZI/index.html')).toBe(join(root, 'index.html'))
    expect(resolveAppFile(root, 'app://sanzi/%E4%B8%89%E8%B5%84.png')).toBe(join(root, '三资.png'))
  })
})
