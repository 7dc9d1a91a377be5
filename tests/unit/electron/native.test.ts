import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { isNativeLoadError, nativeLoadHelp, probeNativeBinding, resolveNativeBinding } from '../../../electron/main/native'

const abiError = new Error(
  "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
    'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\n' +
    'NODE_MODULE_VERSION 150. Please try re-compiling or re-installing',
)

describe('nativeBinding resolution', () => {
  const base = { appRoot: '/repo', electronVersion: '45.4.1', platform: 'win32', arch: 'x64' }

  it('packaged: resources/native/better_sqlite3.node', () => {
    expect(resolveNativeBinding({ ...base, packaged: true, resourcesPath: '/Program Files/三资台账/resources' })).toBe(
      join('/Program Files/三资台账/resources', 'native', 'better_sqlite3.node'),
    )
    expect(resolveNativeBinding({ ...base, packaged: true, resourcesPath: undefined })).toBeUndefined()
  })

  it('unpackaged: .native/electron-<ver>-<platform>-<arch> when it exists, else undefined', () => {
    const expected = join('/repo', '.native', 'electron-45.4.1-win32-x64', 'better_sqlite3.node')
    const seen: string[] = []
    expect(resolveNativeBinding({ ...base, packaged: false, resourcesPath: undefined, exists: (p) => (seen.push(p), true) })).toBe(expected)
    expect(seen).toEqual([expected])
    expect(resolveNativeBinding({ ...base, packaged: false, resourcesPath: undefined, exists: () => false })).toBeUndefined()
    // plain Node (tests, CLI): no electron version → default binding
    expect(resolveNativeBinding({ ...base, electronVersion: undefined, packaged: false, resourcesPath: undefined, exists: () => true })).toBeUndefined()
  })
})

describe('native load errors', () => {
  it('recognises ABI mismatch, missing and foreign binaries', () => {
    expect(isNativeLoadError(abiError)).toBe(true)
    expect(isNativeLoadError(Object.assign(new Error('x'), { code: 'ERR_DLOPEN_FAILED' }))).toBe(true)
    expect(isNativeLoadError(new Error('/x/better_sqlite3.node: invalid ELF header'))).toBe(true)
    expect(isNativeLoadError(new Error('\\\\?\\C:\\x\\better_sqlite3.node is not a valid Win32 application.'))).toBe(true)
    // the engine wraps some of them into DB_REFUSED "文件已损坏（…）": still a native error
    expect(isNativeLoadError(new AppError('DB_REFUSED', `无法打开账套文件「a.db」：文件已损坏（${abiError.message}）。请从最近的备份恢复`))).toBe(true)
  })

  it('does not mistake a refused book for a native error', () => {
    expect(isNativeLoadError(new AppError('DB_REFUSED', '无法打开账套文件「a.db」：不是有效的账套文件。请选择三资台账的账套文件（.db）'))).toBe(false)
    expect(isNativeLoadError(new Error('SQLITE_BUSY: database is locked'))).toBe(false)
    expect(isNativeLoadError(null)).toBe(false)
    expect(isNativeLoadError('NODE_MODULE_VERSION')).toBe(false)
  })

  it('tells a developer to rerun npm start / electron-native.mjs, and a user to reinstall', () => {
    const dev = nativeLoadHelp(abiError, { packaged: false, bindingPath: undefined })
    expect(dev.detail).toContain('npm start')
    expect(dev.detail).toContain('node scripts/electron-native.mjs')
    expect(dev.detail).toContain('NODE_MODULE_VERSION 115')
    const user = nativeLoadHelp(abiError, { packaged: true, bindingPath: 'C:\\x\\native\\better_sqlite3.node' })
    expect(user.detail).toContain('重新安装')
    expect(user.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('probes the binding on :memory: and returns the error instead of throwing', () => {
    expect(probeNativeBinding(BetterSqlite3, undefined)).toEqual({ ok: true })
    const bad = probeNativeBinding(BetterSqlite3, join(__dirname, 'no-such-dir', 'better_sqlite3.node'))
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(isNativeLoadError(bad.error)).toBe(true)
  })
})
