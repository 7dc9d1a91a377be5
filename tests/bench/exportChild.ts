/**
 * One export measured in a process of its own (spawned by exports.ts), so that the peak memory is the export's:
 * `node exportChild.js <book> <out.xlsx> <inline|worker>` (bundled by exports.ts; tsx works too). The export is
 * the 明细账 of 10201 for the book's last year, run as the app runs it: runExportJob on its own connection here,
 * or the same in a worker thread. Prints one JSON line: rows, wall time, CPU (the process's, and the main
 * thread's alone), the peak RSS (the kernel's high-water mark where there is one, else the highest sample), the
 * highest samples of heap, external and array buffers (every 25 ms), and the longest the main thread's event
 * loop was held up meanwhile.
 */
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { connect, toKysely } from '../../electron/core/db/connection'
import { runExportJob, type ExportJob } from '../../electron/core/jobs/exportJob'
import { runInWorker } from '../../electron/core/jobs/runner'

const MB = 1024 * 1024

/** CPU time of the main thread alone (Linux), to tell the export's own work from zlib's in the thread pool */
function mainThreadCpuMs(): number | null {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100
  } catch {
    return null
  }
}

function highWaterRss(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Number(m[1]) * 1024 : null
  } catch {
    return null
  }
}

async function ledgerJob(book: string, out: string): Promise<ExportJob> {
  const sqlite = connect(book, { readonly: true })
  try {
    const db = toKysely(sqlite)
    const village = await db.selectFrom('village').select('id').where('level', '=', 'village').orderBy('id').executeTakeFirstOrThrow()
    const account = await db.selectFrom('account').select('id').where('village_id', '=', village.id).where('code', '=', '10201').executeTakeFirstOrThrow()
    const last = await db.selectFrom('voucher_line').select('period').orderBy('period', 'desc').limit(1).executeTakeFirstOrThrow()
    const y = last.period.slice(0, 4)
    return { bookPath: book, userName: 'bench', villageId: village.id, request: { report: 'ledger', params: { accountId: account.id, from: `${y}-01`, to: `${y}-12` } }, to: out }
  } finally {
    sqlite.close()
  }
}

async function main(): Promise<void> {
  const [book, out, mode = 'inline'] = process.argv.slice(2)
  if (!book || !out) throw new Error('usage: exportChild <book> <out.xlsx> [inline|worker]')
  const job = await ledgerJob(book, out)
  const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }
  const sample = () => {
    const m = process.memoryUsage()
    peak.rss = Math.max(peak.rss, m.rss)
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed)
    peak.external = Math.max(peak.external, m.external)
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers)
  }
  const baseline = process.memoryUsage().rss
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const timer = setInterval(sample, 25)
  const cpu0 = process.cpuUsage()
  const main0 = mainThreadCpuMs() ?? 0
  const t0 = performance.now()
  const r = mode === 'worker' ? await runInWorker({ type: 'export', job }) : await runExportJob(job)
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const mainCpu = (mainThreadCpuMs() ?? 0) - main0
  clearInterval(timer)
  delay.disable()
  sample()
  const mb = (n: number) => Math.round(n / MB)
  console.log(
    JSON.stringify({
      mode,
      rows: r.rows,
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      mainCpuMs: Math.round(mainCpu),
      bytes: r.bytes,
      baselineRssMb: mb(baseline),
      peakRssMb: mb(highWaterRss() ?? peak.rss),
      heapMb: mb(peak.heapUsed),
      externalMb: mb(peak.external),
      arrayBuffersMb: mb(peak.arrayBuffers),
      maxLoopDelayMs: Math.round(delay.max / 1e6),
    }),
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
