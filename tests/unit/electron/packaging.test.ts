/**
 * Packaging smoke test (Linux, after `electron-vite build`, which `npm test` runs first; ~30 s).
 * The real Electron zip cannot be downloaded here, so electron-builder packs against a fake Electron
 * distribution that carries only the fuse sentinel: this checks what goes into app.asar, where the native
 * binary lands, and that the fuses are flipped — not that the app runs.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'

const ROOT = resolve(__dirname, '../../..')
const require = createRequire(join(ROOT, 'package.json'))
const enabled = process.platform === 'linux' && existsSync(join(ROOT, 'out/main/index.js'))
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

describe.runIf(enabled)('electron-builder --linux dir (fake Electron dist)', () => {
  let tmp: ReturnType<typeof tempDir>
  beforeAll(() => {
    tmp = tempDir('sanzi-pack-')
  })
  afterAll(() => tmp?.cleanup())

  it('packs out/, our native binary and the fuses', async () => {
    const dist = join(tmp.dir, 'electron-dist')
    mkdirSync(dist, { recursive: true })
    // Electron's default wire: RunAsNode on, cookies off, NODE_OPTIONS on, inspect on, integrity off, asar-only off, v8 off, file on
    writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\n#${SENTINEL}`), Buffer.from([1, 8]), Buffer.from('10011001\n')]), { mode: 0o755 })
    writeFileSync(join(dist, 'LICENSE'), 'fake')
    const fakeNative = join(tmp.dir, 'better_sqlite3.node')
    writeFileSync(fakeNative, 'fake node_register_module_v150 binary')
    const output = join(tmp.dir, 'release')
    const config = join(tmp.dir, 'config.json')
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(ROOT, 'electron-builder.yml'),
        directories: { output },
        electronDist: dist,
        beforePack: null,
        extraResources: [{ from: fakeNative, to: 'native/better_sqlite3.node' }],
      }),
    )
    const bin = join(ROOT, 'node_modules/electron-builder/cli.js')
    await new Promise<void>((ok, fail) =>
      execFile(process.execPath, [bin, '--linux', 'dir', '--projectDir', ROOT, '--config', config, '--publish', 'never'], { cwd: ROOT, timeout: 300_000 }, (err, _out, stderr) =>
        err ? fail(new Error(`${err.message}\n${stderr}`)) : ok(),
      ),
    )

    const unpacked = join(output, 'linux-unpacked')
    expect(readFileSync(join(unpacked, 'resources/native/better_sqlite3.node'), 'utf8')).toContain('node_register_module_v150')

    const asar = require('@electron/asar') as { listPackage(p: string, o?: unknown): string[] }
    const files = asar.listPackage(join(unpacked, 'resources/app.asar'), {}).map((f) => f.replaceAll('\\', '/'))
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html', '/node_modules/better-sqlite3/lib/index.js', '/node_modules/kysely/package.json']) {
      expect(files).toContain(f)
    }
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([])
    expect(files.filter((f) => f.startsWith('/node_modules/better-sqlite3/build') || f.startsWith('/node_modules/better-sqlite3/deps'))).toEqual([])
    expect(files.filter((f) => /\.(db|sanzi)(-wal|-shm)?$/.test(f) || f.startsWith('/out/demo'))).toEqual([])
    expect(files.filter((f) => f.startsWith('/node_modules/antd/') || f.startsWith('/node_modules/react-dom/'))).toEqual([])

    const fuses = require('@electron/fuses') as { getCurrentFuseWire(p: string): Promise<Record<number, number>> }
    const wire = await fuses.getCurrentFuseWire(join(unpacked, 'sanzi-ledger'))
    const on = 49
    const off = 48
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, (V8 snapshot), FileProtocolExtraPrivileges
    expect([wire[0], wire[1], wire[2], wire[3], wire[4], wire[5], wire[7]]).toEqual([off, on, off, off, on, on, off])
  }, 300_000)
})
