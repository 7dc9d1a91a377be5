/**
 * The `app://sanzi/…` protocol: serves the built renderer (out/renderer) and nothing else.
 * Electron-free so that it can be unit-tested in plain Node; `app.ts` registers it with `protocol.handle`.
 * (reliability.md §2.1 items 7 and 18, §6 L-07)
 */
import { readFile, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'sanzi'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** The Content-Security-Policy sent with every response of the app protocol. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // antd's CSS-in-JS writes <style> elements (toolchain.md §1)
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps an `app://sanzi/<path>` URL to a file under `rootDir`, or null when the URL must not be served:
 * another scheme or host, `..`/`.` segments (also percent-encoded, e.g. `..%2f`, `%2e%2e`), backslashes,
 * NUL, drive letters or any `:` (absolute Windows paths), `//` (absolute POSIX paths after the host), and
 * anything that would resolve outside the root.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return null
  if (url.username || url.password || url.port) return null

  // The URL parser silently removes `..` and `%2e%2e` segments; a request that contained them is refused,
  // not quietly re-rooted.
  if (hasDotSegment(requestUrl)) return null

  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname)
  } catch {
    return null // malformed percent-encoding
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':')) return null
  // `//etc/passwd`, `/%2Fetc`: an absolute path smuggled after the host
  if (decoded.includes('//')) return null

  const segments = decoded.split('/').filter((s) => s.length > 0)
  if (segments.some((s) => s === '.' || s === '..')) return null
  const rel = segments.length === 0 ? 'index.html' : segments.join('/')
  if (isAbsolute(rel)) return null

  const root = resolve(rootDir)
  const full = resolve(root, rel)
  const within = relative(root, full)
  if (within === '' || within.startsWith(`..${sep}`) || within === '..' || isAbsolute(within)) return null
  return full
}

/** True when the raw URL has a `.` or `..` path segment, literally or percent-encoded (`%2e`, `%2f`, `%5c`). */
function hasDotSegment(rawUrl: string): boolean {
  const path = rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/\\?#]*/i, '').split(/[?#]/, 1)[0] ?? ''
  const plain = path.replace(/%2e/gi, '.').replace(/%2f/gi, '/').replace(/%5c/gi, '\\')
  return plain.split(/[/\\]/).some((s) => s === '.' || s === '..')
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  }
}

function notFound(status = 404, text = 'Not Found'): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') })
}

/** The minimal request shape Electron's `protocol.handle` passes (a Fetch API Request). */
export interface ProtocolRequestLike {
  url: string
  method: string
}

/** The handler for `protocol.handle('app', …)`: GET/HEAD of files under `rootDir`, with the CSP header. */
export function createAppProtocolHandler(rootDir: string): (request: ProtocolRequestLike) => Promise<Response> {
  return async (request) => {
    const method = request.method.toUpperCase()
    if (method !== 'GET' && method !== 'HEAD') return notFound(405, 'Method Not Allowed')
    const file = resolveAppFile(rootDir, request.url)
    if (file === null) return notFound()
    try {
      const info = await stat(file)
      if (!info.isFile()) return notFound()
      const headers = securityHeaders(contentTypeOf(file))
      if (method === 'HEAD') return new Response(null, { status: 200, headers: { ...headers, 'Content-Length': String(info.size) } })
      const body = await readFile(file)
      return new Response(new Uint8Array(body), { status: 200, headers })
    } catch {
      return notFound()
    }
  }
}
