// electron-builder `beforePack` hook: refuse to package unless .native/current/better_sqlite3.node was
// made by scripts/electron-native.mjs for this Electron version, platform and arch. A Node build or a
// binary for another platform in the installer would only fail on the user's PC.
'use strict'
const { existsSync, readFileSync } = require('node:fs')
const { join, resolve } = require('node:path')

const ROOT = resolve(__dirname, '..')
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' }

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}

/** Problems (Chinese / English) with the native binary for a packaging target; empty when fine. */
function checkNativeForTarget({ root = ROOT, platform, arch }) {
  const problems = []
  const dir = join(root, '.native', 'current')
  const binary = join(dir, 'better_sqlite3.node')
  const metaFile = join(dir, 'target.json')
  const fix = `node scripts/electron-native.mjs --platform ${platform} --arch ${arch}`
  if (!existsSync(binary) || !existsSync(metaFile)) {
    problems.push(`缺少 ${binary}，请先运行 ${fix} / missing ${binary}; run ${fix}`)
    return problems
  }
  const meta = readJson(metaFile)
  const electron = readJson(join(root, 'node_modules', 'electron', 'package.json')).version
  if (meta.electron !== electron) problems.push(`原生模块为 Electron ${meta.electron} 编译，当前是 ${electron} / built for Electron ${meta.electron}, packaging ${electron}`)
  if (meta.platform !== platform || meta.arch !== arch) {
    problems.push(`原生模块是 ${meta.platform}-${meta.arch} 的，打包目标是 ${platform}-${arch}，请运行 ${fix} / binary is ${meta.platform}-${meta.arch}, target is ${platform}-${arch}; run ${fix}`)
  }
  const text = readFileSync(binary).toString('latin1')
  const m = /node_register_module_v(\d+)/.exec(text)
  const abi = m ? m[1] : text.includes('napi_register_module_v1') ? 'napi' : null
  const abiFile = join(root, 'node_modules', 'electron', 'abi_version')
  const expected = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : meta.abi
  if (expected && abi !== 'napi' && abi !== String(expected)) {
    problems.push(`原生模块 ABI 是 ${abi ?? '未知'}，Electron 需要 ${expected} / binary ABI ${abi ?? 'unknown'}, Electron needs ${expected}`)
  }
  return problems
}

async function beforePack(context) {
  const platform = context.electronPlatformName
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : String(context.arch)
  const problems = checkNativeForTarget({ platform, arch })
  if (problems.length > 0) throw new Error(`[verify-native] ${problems.join('\n')}`)
  console.log(`[verify-native] better_sqlite3.node 适用于 ${platform}-${arch} / ok for ${platform}-${arch}`)
}

module.exports = { default: beforePack, beforePack, checkNativeForTarget }
