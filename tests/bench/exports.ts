/**
 * The export part of `npm run bench`: a village-year 明细账 of BENCH_EXPORT_ROWS rows (1M by default) written to
 * .xlsx, each run in a child process of its own so that its peak memory is the export's alone. The child is
 * bundled with esbuild first (as electron-vite bundles the app), so no TypeScript loader sits in the measured
 * process; without esbuild it runs under tsx and says so.
 *
 * BENCH_EXPORT_DB=/path/export.db keeps the generated book between runs (generated there when missing).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { generateExportBook } from './exportBook'

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000)
const RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 3)
const ROOT = resolve(__dirname, '../..')

interface ChildResult {
  mode: string
  rows: number
  ms: number
  cpuMs: number
  mainCpuMs: number
  bytes: number
  baselineRssMb: number
  peakRssMb: number
  heapMb: number
  externalMb: number
  arrayBuffersMb: number
  maxLoopDelayMs: number
}

/** The child (and the job worker beside it, where runner.ts looks for it) as plain JS; null without esbuild. */
async function bundle(dir: string): Promise<string | null> {
  try {
    const esbuild = await import('esbuild')
    await esbuild.build({
      entryPoints: { exportChild: join(__dirname, 'exportChild.ts'), jobWorker: join(ROOT, 'electron/core/jobs/worker.ts') },
      outdir: dir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['better-sqlite3'],
      logLevel: 'error',
    })
    return join(dir, 'exportChild.js')
  } catch {
    return null
  }
}

function runChild(script: string | null, book: string, out: string, mode: 'inline' | 'worker'): ChildResult {
  const args = script ? ['--no-deprecation', script] : ['--no-deprecation', '--import', 'tsx', join(__dirname, 'exportChild.ts')]
  const stdout = execFileSync(process.execPath, [...args, book, out, mode], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    maxBuffer: 16 * 1024 * 1024,
  })
  const line = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(line) as ChildResult
}

const rate = (r: ChildResult) => Math.round((r.rows / r.ms) * 1000)
/** what the main thread's CPU time allows when it has a core to itself (zlib compresses on another) */
const idleRate = (r: ChildResult) => Math.round((r.rows / Math.max(r.mainCpuMs, r.cpuMs - r.mainCpuMs)) * 1000)

function show(label: string, r: ChildResult): void {
  console.log(
    `${label.padEnd(14)} ${r.rows} rows ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${String(rate(r)).padStart(6)} rows/s ` +
      (r.mode === 'worker' ? `(main thread CPU ${(r.mainCpuMs / 1000).toFixed(1)} s, the rest in the worker)  ` : `(main thread CPU ${(r.mainCpuMs / 1000).toFixed(1)} s → ${idleRate(r)} rows/s on idle cores)  `) +
      `peak RSS ${r.peakRssMb} MB (at start ${r.baselineRssMb}; heap ≤ ${r.heapMb}, external ≤ ${r.externalMb})  ` +
      `main loop held ≤ ${r.maxLoopDelayMs} ms  ${(r.bytes / 1024 / 1024).toFixed(1)} MB`,
  )
}

export async function exportsBench(): Promise<void> {
  const keep = process.env.BENCH_EXPORT_DB
  const dir = mkdtempSync(join(tmpdir(), 'sanzi-bench-export-'))
  const book = keep ?? join(dir, 'export.db')
  try {
    console.log(`\n== 导出 — 明细账 of one village-year to .xlsx, ${ROWS} lines, each run in a child process`)
    if (!existsSync(book)) {
      const t0 = performance.now()
      await generateExportBook(book, ROWS)
      console.log(`seed: ${ROWS} posted lines on 10201 in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${(statSync(book).size / 1024 / 1024).toFixed(0)} MB`)
    } else console.log(`reusing ${book}`)
    const script = await bundle(join(dir, 'bundle'))
    if (!script) console.log('(esbuild not found: the child runs under tsx, whose loader adds to its memory)')
    const runs: ChildResult[] = []
    for (let i = 0; i < RUNS; i++) {
      const r = runChild(script, book, join(dir, `ledger-${i}.xlsx`), 'inline')
      show(`run ${i + 1}`, r)
      runs.push(r)
    }
    const w = runChild(script, book, join(dir, 'ledger-worker.xlsx'), 'worker')
    show('in a worker', w)
    const rates = runs.map(rate).sort((a, b) => a - b)
    const med = rates[Math.floor(rates.length / 2)] as number
    const peak = Math.max(...runs.map((r) => r.peakRssMb), w.peakRssMb)
    console.log(`${'xlsx export of a 明细账'.padEnd(52)} median ${med} rows/s (target ≥ 25,000), peak RSS ${peak} MB (target ≤ 300)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
