/**
 * scripts/electron-native.mjs: the --check plan, argument errors, and the whole prebuild path against a
 * local mirror (no network): the Electron binary lands in .native/ and node_modules stays the Node build.
 */
import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'

const ROOT = resolve(__dirname, '../../..')
const SCRIPT = join(ROOT, 'scripts', 'electron-native.mjs')
const ELECTRON = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version as string
const SQLITE = JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')).version as string
const NODE_BUILD = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      done({ code, out: `${stdout}\n${stderr}` })
    })
  })
}

describe('electron-native.mjs --check', () => {
  const tmp = tempDir('sanzi-native-check-')
  afterAll(() => tmp.cleanup())

  it('prints the plan and the target path, writes nothing', async () => {
    const out = join(tmp.dir, 'native')
    const r = await run(['--check', '--out-dir', out])
    expect(r.code).toBe(0)
    const target = join(out, `electron-${ELECTRON}-${process.platform}-${process.arch}`, 'better_sqlite3.node')
    expect(r.out).toContain(target)
    expect(r.out).toContain(`prebuild-install --runtime electron --target ${ELECTRON} --arch ${process.arch} --platform ${process.platform}`)
    expect(r.out).toContain(`node-gyp rebuild --release --runtime=electron --target=${ELECTRON} --dist-url=https://electronjs.org/headers --arch=${process.arch}`)
    expect(r.out).toContain('npm_config_nodedir')
    expect(r.out).toMatch(/检查模式.*check mode/)
    expect(existsSync(out)).toBe(false)
  })

  it('plans a Windows x64 build (prebuilt only when cross-building)', async () => {
    const r = await run(['--check', '--platform', 'win32', '--arch=x64', '--out-dir', join(tmp.dir, 'n2')])
    expect(r.code).toBe(0)
    expect(r.out).toContain(join(`electron-${ELECTRON}-win32-x64`, 'better_sqlite3.node'))
    expect(r.out).toContain('--platform win32')
    if (process.platform !== 'win32') expect(r.out).toMatch(/跨平台.*cross-building/)
  })

  it('works with the default .native location', async () => {
    const r = await run(['--check'])
    expect(r.code).toBe(0)
    expect(r.out).toContain(join(ROOT, '.native', `electron-${ELECTRON}-${process.platform}-${process.arch}`, 'better_sqlite3.node'))
  })

  it.each([
    [['--platform', 'beos']],
    [['--arch', 'sparc']],
    [['--bogus']],
    [['--platform']],
  ])('refuses %j with exit code 2', async (args) => {
    const r = await run(['--check', ...args])
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/失败.*\n.*FAILED/)
  })
})

describe('electron-native.mjs against a local prebuilt mirror', () => {
  const tmp = tempDir('sanzi-native-mirror-')
  const requests: string[] = []
  let server: Server
  let host = ''
  const abi = readFileSync(join(ROOT, 'node_modules/electron/abi_version'), 'utf8').trim()
  const asset = `better-sqlite3-v${SQLITE}-electron-v${abi}-${process.platform}-${process.arch}.tar.gz`

  /** a prebuilt tarball whose binary exports the given ABI's registration symbol */
  function tarball(name: string, symbolAbi: string): string {
    const dir = join(tmp.dir, name)
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true })
    writeFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), `\x7fELF fake binary node_register_module_v${symbolAbi} end`)
    const file = join(tmp.dir, `${name}.tar.gz`)
    const r = spawnSync('tar', ['-czf', file, '-C', dir, 'build'])
    if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`)
    return file
  }

  beforeAll(async () => {
    const files: Record<string, string> = { good: tarball('good', abi), node: tarball('node', '115') }
    server = createServer((req, res) => {
      requests.push(req.url ?? '')
      // /<flavour>/v<version>/<asset>
      const m = /^\/(\w+)\/v[^/]+\/(.+)$/.exec(req.url ?? '')
      const file = m && m[2] === asset ? files[m[1]!] : undefined
      if (!file) {
        res.writeHead(404).end()
        return
      }
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(readFileSync(file))
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((ok) => server.close(ok))
    tmp.cleanup()
  })

  const mirrorEnv = (flavour: string, cache: string): NodeJS.ProcessEnv => ({
    npm_config_better_sqlite3_binary_host: `${host}/${flavour}`,
    npm_config_cache: join(tmp.dir, cache), // never touch the real prebuild cache
    // both must be dropped for the child, or prebuild-install skips the download / node-gyp builds for Node
    npm_config_build_from_source: 'true',
    npm_config_nodedir: join(tmp.dir, 'no-such-node-headers'),
    http_proxy: '',
    https_proxy: '',
    HTTP_PROXY: '',
    HTTPS_PROXY: '',
  })

  it('installs the Electron binary into .native and .native/current, leaving node_modules alone', async () => {
    const nodeBuildBefore = existsSync(NODE_BUILD) ? sha(NODE_BUILD) : null
    const out = join(tmp.dir, 'native')
    const r = await run(['--out-dir', out], mirrorEnv('good', 'cache1'))
    expect(r.out).toContain('完成')
    expect(r.code).toBe(0)
    const target = join(out, `electron-${ELECTRON}-${process.platform}-${process.arch}`, 'better_sqlite3.node')
    expect(readFileSync(target, 'latin1')).toContain(`node_register_module_v${abi}`)
    expect(sha(join(out, 'current', 'better_sqlite3.node'))).toBe(sha(target))
    expect(JSON.parse(readFileSync(join(out, 'current', 'target.json'), 'utf8'))).toMatchObject({
      electron: ELECTRON,
      abi,
      platform: process.platform,
      arch: process.arch,
    })
    expect(requests.some((u) => u.endsWith(asset))).toBe(true)
    if (nodeBuildBefore) expect(sha(NODE_BUILD)).toBe(nodeBuildBefore)

    // second run: already there, no download
    const count = requests.length
    const again = await run(['--out-dir', out], mirrorEnv('good', 'cache1b'))
    expect(again.code).toBe(0)
    expect(again.out).toMatch(/已存在，跳过编译/)
    expect(requests.length).toBe(count)
  })

  it('refuses a binary built for Node (wrong ABI) and installs nothing', async () => {
    const out = join(tmp.dir, 'native-wrong')
    const r = await run(['--out-dir', out, '--platform', process.platform], mirrorEnv('node', 'cache2'))
    expect(r.code).toBe(1)
    expect(r.out).toContain('ABI 是 115')
    expect(existsSync(join(out, `electron-${ELECTRON}-${process.platform}-${process.arch}`, 'better_sqlite3.node'))).toBe(false)
    expect(existsSync(join(out, 'current'))).toBe(false)
  })
})
