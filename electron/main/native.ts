/**
 * Where the better-sqlite3 binary built for Electron lives, and how to tell a wrong-ABI binary from a bad
 * database file. Electron-free. The binary is made by `scripts/electron-native.mjs`; node_modules keeps
 * the Node build for tests and the CLI (toolchain.md §3, §6).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const NATIVE_FILE = 'better_sqlite3.node'

export interface NativeBindingContext {
  /** `app.isPackaged` */
  packaged: boolean
  /** `process.resourcesPath` (packaged only) */
  resourcesPath: string | undefined
  /** `app.getAppPath()`: the project root when run as `electron .` */
  appRoot: string
  /** `process.versions.electron` */
  electronVersion: string | undefined
  platform: string
  arch: string
  exists?: (path: string) => boolean
}

/** `.native/electron-<version>-<platform>-<arch>` under the project root. */
export function nativeDirName(electronVersion: string, platform: string, arch: string): string {
  return `electron-${electronVersion}-${platform}-${arch}`
}

/**
 * Packaged: `<resources>/native/better_sqlite3.node` (put there by electron-builder's extraResources).
 * Unpackaged: `<appRoot>/.native/electron-<ver>-<platform>-<arch>/better_sqlite3.node` if present, else
 * undefined (better-sqlite3 then loads its default build, the Node one, and fails with an ABI error that
 * `isNativeLoadError` recognises).
 */
export function resolveNativeBinding(ctx: NativeBindingContext): string | undefined {
  const exists = ctx.exists ?? existsSync
  if (ctx.packaged) {
    if (!ctx.resourcesPath) return undefined
    return join(ctx.resourcesPath, 'native', NATIVE_FILE)
  }
  if (!ctx.electronVersion) return undefined
  const candidate = join(ctx.appRoot, '.native', nativeDirName(ctx.electronVersion, ctx.platform, ctx.arch), NATIVE_FILE)
  return exists(candidate) ? candidate : undefined
}

const NATIVE_LOAD_PATTERNS = [
  /NODE_MODULE_VERSION/,
  /was compiled against a different Node\.js version/i,
  /Could not locate the bindings file/i,
  /better_sqlite3\.node/i,
  /invalid ELF header/i,
  /is not a valid Win32 application/i,
  /不是有效的 Win32 应用程序/,
  /The specified module could not be found/i,
  /找不到指定的模块/,
  /Module did not self-register/i,
  /ERR_DLOPEN_FAILED/,
]

/**
 * True when an error (from the probe or from Engine.open) is the native addon failing to load rather than
 * the database file being refused. The engine wraps some load errors into DB_REFUSED ("文件已损坏（…）"),
 * so the message is checked whatever the code.
 */
export function isNativeLoadError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false
  const err = e as { code?: unknown; message?: unknown }
  if (err.code === 'ERR_DLOPEN_FAILED') return true
  const message = typeof err.message === 'string' ? err.message : ''
  return NATIVE_LOAD_PATTERNS.some((re) => re.test(message))
}

/** The Chinese help shown when the Electron build of better-sqlite3 is missing or wrong. */
export function nativeLoadHelp(e: unknown, ctx: { packaged: boolean; bindingPath: string | undefined }): { message: string; detail: string } {
  const reason = (e as { message?: string })?.message ?? String(e)
  if (ctx.packaged) {
    return {
      message: '数据库组件加载失败，三资台账无法启动',
      detail:
        `安装包中的数据库组件（${ctx.bindingPath ?? NATIVE_FILE}）缺失或与本机不匹配。请重新安装三资台账；` +
        `如仍无法启动，请联系软件维护人员。\n\n技术信息：${reason}`,
    }
  }
  return {
    message: '数据库组件不是为 Electron 编译的，三资台账无法启动',
    detail:
      '开发环境中缺少为 Electron 编译的 better-sqlite3。请重新运行 `npm start`，' +
      '或先运行 `node scripts/electron-native.mjs`（需要能访问 GitHub 或 electronjs.org）。\n' +
      'The better-sqlite3 binary for Electron is missing: run `npm start` again or `node scripts/electron-native.mjs`.\n\n' +
      `技术信息：${reason}`,
  }
}

/**
 * Loads the addon once on an in-memory database, before any book file is touched, so that an ABI problem
 * is reported as such and never as a damaged book. Returns the error instead of throwing.
 */
export function probeNativeBinding(
  Database: new (filename: string, options?: { nativeBinding?: string }) => { close(): unknown },
  nativeBinding: string | undefined,
): { ok: true } | { ok: false; error: unknown } {
  try {
    const db = new Database(':memory:', nativeBinding ? { nativeBinding } : {})
    db.close()
    return { ok: true }
  } catch (error) {
    return { ok: false, error }
  }
}
