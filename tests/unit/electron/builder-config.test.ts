/**
 * electron-builder.yml: loaded and validated with electron-builder's own loader and schema
 * (app-builder-lib/scheme.json), plus the values that matter to us; and the beforePack native check.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'

const ROOT = resolve(__dirname, '../../..')
const require = createRequire(join(ROOT, 'package.json'))

interface BuilderConfig {
  [key: string]: unknown
  files: (string | { filter: string[] })[]
  extraResources: { from: string; to: string }[]
  electronFuses: Record<string, boolean>
  win: { target: { target: string; arch: string[] }[] }
  nsis: Record<string, unknown>
  linux: { target: { target: string }[] }
}

const configModule = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>
}
const scheme = require('app-builder-lib/scheme.json') as {
  definitions: Record<string, { properties?: Record<string, unknown> }>
}
const verifyNative = require(join(ROOT, 'scripts', 'verify-native.cjs')) as {
  checkNativeForTarget(o: { root: string; platform: string; arch: string }): string[]
  beforePack(context: unknown): Promise<void>
}
const debug = { isEnabled: false, add() {} }

describe('electron-builder.yml', () => {
  let config: BuilderConfig

  beforeAll(async () => {
    config = await configModule.getConfig(ROOT, null, null)
  })

  it('is valid for electron-builder 26 (its own loader and schema)', async () => {
    await expect(configModule.validateConfiguration(structuredClone(config), debug)).resolves.toBeUndefined()
  })

  it('the validator does reject unknown keys (so the check above means something)', async () => {
    const bad = structuredClone(config)
    bad.electronFuses = { ...bad.electronFuses, runAsNodeTypo: false }
    await expect(configModule.validateConfiguration(bad, debug)).rejects.toThrow(/Invalid configuration/)
    await expect(configModule.validateConfiguration({ ...structuredClone(config), nsis: { oneclick: false } }, debug)).rejects.toThrow()
  })

  it('identifies the app and writes to release/', () => {
    expect(config.appId).toBe('cn.sanzi.ledger')
    expect(config.productName).toBe('三资台账')
    expect(config.directories).toMatchObject({ output: 'release' })
    expect(config.asar).toBe(true)
    expect(config.publish).toBeNull()
  })

  it('ships out/ and package.json, our Electron better-sqlite3, and no Node build or ledger files', () => {
    // electron-builder normalises `files` to [{ filter: [...] }]
    const patterns = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter))
    expect(patterns).toEqual(expect.arrayContaining(['out/**/*', 'package.json', '!node_modules/better-sqlite3/build{,/**/*}', '!out/demo{,/**/*}']))
    expect(config.npmRebuild).toBe(false)
    expect(config.nodeGypRebuild).toBe(false)
    expect(config.extraResources).toEqual([{ from: '.native/current/better_sqlite3.node', to: 'native/better_sqlite3.node' }])
    expect(config.beforePack).toBe('./scripts/verify-native.cjs')
  })

  it('sets the fuses from reliability.md §2.1, using only keys the schema knows', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    })
    const known = Object.keys(scheme.definitions.FuseOptionsV1?.properties ?? {})
    for (const key of Object.keys(config.electronFuses)) expect(known).toContain(key)
  })

  it('builds a Chinese NSIS installer and a portable exe for x64, and a Linux dir', () => {
    expect(config.win.target).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ])
    expect(config.nsis).toMatchObject({
      oneClick: false,
      allowToChangeInstallationDirectory: true,
      installerLanguages: ['zh_CN'],
      language: '2052',
      shortcutName: '三资台账',
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    })
    expect(config.linux.target).toEqual([{ target: 'dir' }])
  })
})

describe('verify-native (beforePack)', () => {
  const tmp = tempDir('sanzi-verify-native-')
  const root = tmp.dir
  const electron = require(join(ROOT, 'node_modules/electron/package.json')).version as string
  const write = (meta: Record<string, unknown>, abi: string) => {
    mkdirSync(join(root, '.native', 'current'), { recursive: true })
    writeFileSync(join(root, '.native', 'current', 'better_sqlite3.node'), `bin node_register_module_v${abi} bin`)
    writeFileSync(join(root, '.native', 'current', 'target.json'), JSON.stringify(meta))
  }
  beforeAll(() => {
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true })
    writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ version: electron }))
    writeFileSync(join(root, 'node_modules', 'electron', 'abi_version'), '150')
  })
  afterAll(() => tmp.cleanup())

  it('refuses to package without the binary', () => {
    expect(verifyNative.checkNativeForTarget({ root, platform: 'win32', arch: 'x64' }).join()).toContain('node scripts/electron-native.mjs --platform win32 --arch x64')
  })

  it('accepts a binary made for the target, refuses one for another platform or ABI', () => {
    write({ electron, platform: 'win32', arch: 'x64', abi: '150' }, '150')
    expect(verifyNative.checkNativeForTarget({ root, platform: 'win32', arch: 'x64' })).toEqual([])
    expect(verifyNative.checkNativeForTarget({ root, platform: 'linux', arch: 'x64' }).join()).toContain('win32-x64')
    write({ electron, platform: 'win32', arch: 'x64', abi: '150' }, '115')
    expect(verifyNative.checkNativeForTarget({ root, platform: 'win32', arch: 'x64' }).join()).toContain('ABI')
    write({ electron: '1.0.0', platform: 'win32', arch: 'x64', abi: '150' }, '150')
    expect(verifyNative.checkNativeForTarget({ root, platform: 'win32', arch: 'x64' }).join()).toContain('Electron 1.0.0')
  })

  it('the hook throws in the repository when .native/current does not match the target', async () => {
    // arch 4 = universal: never produced by electron-native.mjs, so this fails whatever .native holds
    await expect(verifyNative.beforePack({ electronPlatformName: 'win32', arch: 4 })).rejects.toThrow(/verify-native/)
  })
})
