#!/usr/bin/env node
// Makes a better-sqlite3 binary for the Electron runtime in .native/, without touching
// node_modules/better-sqlite3/build (that stays the Node build for `npm test` and the CLI).
//
//   node scripts/electron-native.mjs [--platform win32|linux|darwin] [--arch x64|ia32|arm64]
//                                    [--check] [--force] [--from-source] [--dist-url URL]
//
//   --check        print the plan and the target path, exit 0 (no network, writes nothing)
//   --force        rebuild even if the target binary exists
//   --from-source  skip prebuild-install, compile with node-gyp against Electron headers
//   --dist-url     where node-gyp downloads Electron headers (default https://electronjs.org/headers;
//                  env SANZI_ELECTRON_HEADERS_URL also works, e.g. a mirror)
//   --out-dir      where .native is (default <repo>/.native; tests use a temporary directory)
//
// Mirrors: prebuild-install honours npm_config_better_sqlite3_binary_host(_mirror), e.g.
//   npm_config_better_sqlite3_binary_host_mirror=https://registry.npmmirror.com/-/binary/better-sqlite3
//
// Result: .native/electron-<ver>-<platform>-<arch>/better_sqlite3.node, copied to
// .native/current/better_sqlite3.node (+ target.json) for electron-builder's extraResources.
// See toolchain.md §3 and §6: node-gyp must NOT see npm_config_nodedir, or it builds for Node.
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(ROOT, 'package.json'))
const NATIVE_FILE = 'better_sqlite3.node'
const DEFAULT_DIST_URL = 'https://electronjs.org/headers'
const PLATFORMS = ['win32', 'linux', 'darwin']
const ARCHS = ['x64', 'ia32', 'arm64', 'armv7l']
/** what the Electron build needs of better-sqlite3's package (no build/, no node_modules/) */
const PACKAGE_PARTS = ['package.json', 'binding.gyp', 'src', 'deps', 'lib']

const say = (zh, en) => console.log(`[electron-native] ${zh} / ${en}`)

class Failure extends Error {
  constructor(zh, en, code = 1) {
    super(`${zh} / ${en}`)
    this.zh = zh
    this.en = en
    this.exitCode = code
  }
}
const fail = (zh, en, code = 1) => {
  throw new Failure(zh, en, code)
}

export function parseArgs(argv) {
  const opts = { platform: process.platform, arch: process.arch, check: false, force: false, fromSource: false, distUrl: null, outDir: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const eq = a.indexOf('=')
      if (eq >= 0) return a.slice(eq + 1)
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) fail(`参数 ${a} 缺少取值`, `missing value for ${a}`, 2)
      return v
    }
    const is = (name) => a === name || a.startsWith(`${name}=`)
    if (a === '--check') opts.check = true
    else if (a === '--force') opts.force = true
    else if (a === '--from-source') opts.fromSource = true
    else if (is('--platform')) opts.platform = value()
    else if (is('--arch')) opts.arch = value()
    else if (is('--dist-url')) opts.distUrl = value()
    else if (is('--out-dir')) opts.outDir = resolve(value())
    else if (a === '--help' || a === '-h') {
      console.log('用法 / usage: node scripts/electron-native.mjs [--platform P] [--arch A] [--check] [--force] [--from-source] [--dist-url URL] [--out-dir DIR]')
      opts.help = true
      return opts
    } else fail(`未知参数 ${a}`, `unknown argument ${a}`, 2)
  }
  if (!PLATFORMS.includes(opts.platform)) fail(`不支持的平台 ${opts.platform}`, `unsupported platform ${opts.platform}`, 2)
  if (!ARCHS.includes(opts.arch)) fail(`不支持的架构 ${opts.arch}`, `unsupported arch ${opts.arch}`, 2)
  opts.distUrl = opts.distUrl || process.env.SANZI_ELECTRON_HEADERS_URL || DEFAULT_DIST_URL
  opts.outDir = opts.outDir || join(ROOT, '.native')
  return opts
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function electronInfo() {
  const pkgPath = join(ROOT, 'node_modules', 'electron', 'package.json')
  if (!existsSync(pkgPath)) fail('找不到 node_modules/electron，请先安装依赖', 'node_modules/electron not found; install dependencies first')
  const version = readJson(pkgPath).version
  const abiFile = join(ROOT, 'node_modules', 'electron', 'abi_version')
  let abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null
  if (!abi) {
    try {
      const nodeAbi = createRequire(require.resolve('prebuild-install/package.json'))('node-abi')
      abi = String(nodeAbi.getAbi(version, 'electron'))
    } catch {
      abi = null
    }
  }
  return { version, abi }
}

/** The binary's ABI, read from the exported registration symbol (works for ELF, PE and Mach-O). */
export function binaryAbi(file) {
  const text = readFileSync(file).toString('latin1')
  const m = /node_register_module_v(\d+)/.exec(text)
  if (m) return m[1]
  if (text.includes('napi_register_module_v1')) return 'napi'
  return null
}

function abiMatches(file, abi) {
  if (!abi) return true // unknown expectation: cannot check
  const found = binaryAbi(file)
  return found === abi || found === 'napi'
}

function resolveTool(candidates) {
  for (const c of candidates) {
    try {
      const p = c()
      if (p && existsSync(p)) return p
    } catch {
      // try the next one
    }
  }
  return null
}

/** npm's own directory (for its bundled node-gyp), from npm_execpath or the npm next to node. */
function npmDir() {
  const candidates = []
  if (process.env.npm_execpath) candidates.push(resolve(dirname(process.env.npm_execpath), '..'))
  const nodeDir = dirname(process.execPath)
  candidates.push(join(nodeDir, 'node_modules', 'npm'), join(nodeDir, '..', 'lib', 'node_modules', 'npm'))
  return candidates.find((d) => existsSync(join(d, 'package.json'))) ?? null
}

function tools() {
  const prebuild = resolveTool([
    () => createRequire(require.resolve('better-sqlite3/package.json')).resolve('prebuild-install/bin.js'),
    () => require.resolve('prebuild-install/bin.js'),
  ])
  const npm = npmDir()
  const nodeGyp = resolveTool([
    () => process.env.npm_config_node_gyp,
    () => (npm ? createRequire(join(npm, 'package.json')).resolve('node-gyp/bin/node-gyp.js') : null),
    () => require.resolve('node-gyp/bin/node-gyp.js'),
  ])
  return { prebuild, nodeGyp }
}

/** The child environment: no nodedir (else node-gyp builds against Node's headers), no build-from-source. */
export function childEnv(base = process.env) {
  const env = { ...base }
  for (const key of Object.keys(env)) {
    const k = key.toLowerCase()
    if (
      k === 'npm_config_nodedir' ||
      k === 'npm_config_build_from_source' ||
      k === 'npm_config_runtime' ||
      k === 'npm_config_target' ||
      k === 'npm_config_arch' ||
      k === 'npm_config_platform' ||
      k === 'npm_config_disturl' ||
      k === 'npm_config_dist_url'
    ) {
      delete env[key]
    }
  }
  return env
}

function run(label, file, args, cwd) {
  console.log(`[electron-native] $ node ${file} ${args.join(' ')}`)
  const r = spawnSync(process.execPath, [file, ...args], { cwd, env: childEnv(), stdio: 'inherit', timeout: 20 * 60_000 })
  if (r.error) console.error(`[electron-native] ${label}: ${r.error.message}`)
  return r.status === 0
}

function install(binary, targetDir, currentDir, meta) {
  mkdirSync(targetDir, { recursive: true })
  const target = join(targetDir, NATIVE_FILE)
  const tmp = `${target}.tmp-${process.pid}`
  copyFileSync(binary, tmp)
  renameSync(tmp, target)
  updateCurrent(target, currentDir, meta)
  return target
}

function updateCurrent(target, currentDir, meta) {
  mkdirSync(currentDir, { recursive: true })
  const cur = join(currentDir, NATIVE_FILE)
  const tmp = `${cur}.tmp-${process.pid}`
  copyFileSync(target, tmp)
  renameSync(tmp, cur)
  writeFileSync(join(currentDir, 'target.json'), `${JSON.stringify(meta, null, 2)}\n`)
}

export function main(argv) {
  const opts = parseArgs(argv)
  if (opts.help) return 0
  const { version, abi } = electronInfo()
  const dirName = `electron-${version}-${opts.platform}-${opts.arch}`
  const targetDir = join(opts.outDir, dirName)
  const target = join(targetDir, NATIVE_FILE)
  const currentDir = join(opts.outDir, 'current')
  const meta = { electron: version, abi, platform: opts.platform, arch: opts.arch, file: `${dirName}/${NATIVE_FILE}` }
  const sqlitePkg = join(ROOT, 'node_modules', 'better-sqlite3')
  const crossBuild = opts.platform !== process.platform
  const { prebuild, nodeGyp } = tools()
  const exists = existsSync(target)

  say(`Electron ${version}（ABI ${abi ?? '未知'}），目标 ${opts.platform}-${opts.arch}`, `Electron ${version} (ABI ${abi ?? 'unknown'}), target ${opts.platform}-${opts.arch}`)
  say(`目标文件：${target}`, `target: ${target}`)

  if (opts.check) {
    say(`已存在：${exists ? '是' : '否'}`, `exists: ${exists ? 'yes' : 'no'}`)
    say(`better-sqlite3：${sqlitePkg}（不会改动其 build 目录）`, `better-sqlite3: ${sqlitePkg} (its build dir is not touched)`)
    say(`第 1 步 prebuild-install：${prebuild ?? '未找到'}`, `step 1 prebuild-install: ${prebuild ?? 'not found'}`)
    console.log(`[electron-native]   prebuild-install --runtime electron --target ${version} --arch ${opts.arch} --platform ${opts.platform}`)
    if (crossBuild) {
      say(`第 2 步 node-gyp：跨平台（${process.platform} → ${opts.platform}）不能编译，只能下载预编译包`, `step 2 node-gyp: not possible when cross-building (${process.platform} → ${opts.platform}); prebuilt download only`)
    } else {
      say(`第 2 步（备用）node-gyp：${nodeGyp ?? '未找到'}`, `step 2 (fallback) node-gyp: ${nodeGyp ?? 'not found'}`)
      console.log(`[electron-native]   node-gyp rebuild --release --runtime=electron --target=${version} --dist-url=${opts.distUrl} --arch=${opts.arch}`)
    }
    say('子进程环境不含 npm_config_nodedir / npm_config_build_from_source', 'child env without npm_config_nodedir / npm_config_build_from_source')
    say(`随后复制到：${join(currentDir, NATIVE_FILE)}`, `then copied to: ${join(currentDir, NATIVE_FILE)}`)
    say('检查模式：未联网，未写任何文件', 'check mode: no network, nothing written')
    return 0
  }

  if (exists && !opts.force) {
    if (!abiMatches(target, abi)) {
      fail(`${target} 的 ABI 是 ${binaryAbi(target)}，Electron ${version} 需要 ${abi}；请加 --force 重建`, `${target} has ABI ${binaryAbi(target)}, Electron ${version} needs ${abi}; rerun with --force`)
    }
    updateCurrent(target, currentDir, meta)
    say('已存在，跳过编译', 'already present, nothing to build')
    return 0
  }

  if (!existsSync(join(sqlitePkg, 'package.json'))) fail('找不到 node_modules/better-sqlite3', 'node_modules/better-sqlite3 not found')
  const work = mkdtempSync(join(tmpdir(), 'sanzi-native-'))
  try {
    say(`复制 better-sqlite3 源码到临时目录 ${work}`, `copying better-sqlite3 sources to ${work}`)
    for (const part of PACKAGE_PARTS) {
      const from = join(sqlitePkg, part)
      if (existsSync(from)) cpSync(from, join(work, part), { recursive: true })
    }
    const built = join(work, 'build', 'Release', NATIVE_FILE)

    let ok = false
    if (!opts.fromSource) {
      if (!prebuild) say('未找到 prebuild-install，改为编译', 'prebuild-install not found, compiling instead')
      else {
        say('第 1 步：下载 Electron 预编译包（prebuild-install）', 'step 1: download the Electron prebuilt (prebuild-install)')
        ok = run('prebuild-install', prebuild, ['--runtime', 'electron', '--target', version, '--arch', opts.arch, '--platform', opts.platform, '--verbose'], work) && existsSync(built)
        if (!ok) say('预编译包下载失败', 'prebuilt download failed')
      }
    }
    if (!ok) {
      if (crossBuild) {
        fail(
          `无法在 ${process.platform} 上为 ${opts.platform} 编译；请确认能访问 GitHub（预编译包），或在 ${opts.platform} 上运行本脚本`,
          `cannot compile for ${opts.platform} on ${process.platform}; make GitHub reachable (prebuilt) or run this on ${opts.platform}`,
        )
      }
      if (!nodeGyp) fail('未找到 node-gyp（npm 自带或 npm_config_node_gyp）', 'node-gyp not found (npm bundled or npm_config_node_gyp)')
      say(`第 2 步：用 node-gyp 针对 Electron ${version} 头文件编译（需访问 ${opts.distUrl}）`, `step 2: node-gyp against Electron ${version} headers (needs ${opts.distUrl})`)
      ok =
        run('node-gyp', nodeGyp, ['rebuild', '--release', '--runtime=electron', `--target=${version}`, `--dist-url=${opts.distUrl}`, `--arch=${opts.arch}`], work) &&
        existsSync(built)
    }
    if (!ok) {
      fail(
        `没有得到 Electron 版的 better-sqlite3。需要能访问 GitHub（预编译包）或 ${opts.distUrl}（头文件）；node_modules 未被改动`,
        `no Electron build of better-sqlite3. Needs GitHub (prebuilt) or ${opts.distUrl} (headers); node_modules untouched`,
      )
    }
    if (!abiMatches(built, abi)) {
      fail(
        `编译结果的 ABI 是 ${binaryAbi(built)}，不是 Electron 的 ${abi}（是否用了 Node 头文件？检查 npm_config_nodedir）`,
        `built binary has ABI ${binaryAbi(built)}, not Electron's ${abi} (Node headers used? check npm_config_nodedir)`,
      )
    }
    const installed = install(built, targetDir, currentDir, meta)
    say(`完成：${installed}`, `done: ${installed}`)
    return 0
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let code
  try {
    code = main(process.argv.slice(2))
  } catch (e) {
    if (!(e instanceof Failure)) throw e
    console.error(`[electron-native] 失败：${e.zh}\n[electron-native] FAILED: ${e.en}`)
    code = e.exitCode
  }
  process.exitCode = code
}
