import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runExportJob, type ExportJob } from '../../../electron/core/jobs/exportJob'
import { onJobProgress, type JobProgress } from '../../../electron/core/jobs/progress'
import { runInWorker, disableWorkerJobs, enableWorkerJobs, WorkerStartError } from '../../../electron/core/jobs/runner'
import { AppError } from '../../../shared/errors'
import { tempDir } from '../../helpers/temp'
import { reportFixture, type ReportFixture } from './fixture'

/** every cell of the first sheet as text, but the footer line that says when the file was made */
async function cells(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  const ws = wb.worksheets[0] as ExcelJS.Worksheet
  const out: string[] = []
  ws.eachRow((row, n) =>
    row.eachCell((c) => {
      const v = typeof c.value === 'string' || typeof c.value === 'number' ? c.value : JSON.stringify(c.value)
      if (!String(v).includes('生成于')) out.push(`${c.address}=${v}|${c.numFmt ?? ''}|${c.font?.bold ? 'b' : ''}|${n}`)
    }),
  )
  return out
}

function collect(): { seen: JobProgress[]; stop(): void } {
  const seen: JobProgress[] = []
  const stop = onJobProgress((p) => seen.push(p))
  return { seen, stop }
}

describe('exports as jobs: on their own connection, here or in a worker thread, reporting progress', () => {
  const t = tempDir()
  let f: ReportFixture
  let job: (to: string) => ExportJob
  beforeAll(async () => {
    f = await reportFixture(t.dir)
    // 2 × 700 office-expense lines: the 办公费 ledger has more than a thousand rows, so progress comes while writing
    for (const day of ['2024-04-08', '2024-04-09']) {
      const lines = Array.from({ length: 700 }, (_, i) => ({ account: '51302', debit: `${1 + (i % 90)}.${String(i % 100).padStart(2, '0')}`, summary: `办公用品第${i + 1}项` }))
      const fen = lines.reduce((s, l) => s + Math.round(Number(l.debit) * 100), 0)
      await f.post(day, '购买办公用品', [...lines, { account: '101', credit: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}` }])
    }
    const office = f.account('51302').id
    job = (to) => ({ bookPath: f.engine.path, userName: '记账员', villageId: f.villageId, request: { report: 'ledger', params: { accountId: office, from: '2024-01', to: '2024-12' } }, to })
  })
  afterEach(() => disableWorkerJobs())
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('a worker writes the same workbook as this thread, with its progress re-reported here under one job id', async () => {
    const here = collect()
    const inline = await runExportJob({ ...job(join(t.dir, 'inline.xlsx')), jobId: 'here' })
    here.stop()

    const there = collect()
    const worker = await runInWorker({ type: 'export', job: { ...job(join(t.dir, 'worker.xlsx')), jobId: 'w1' } })
    there.stop()

    expect(worker.rows).toBe(inline.rows)
    expect(worker.rows).toBeGreaterThan(1400)
    expect(worker.fingerprint).toBe(inline.fingerprint)
    expect(await cells(worker.path)).toEqual(await cells(inline.path))

    for (const [events, id] of [
      [here.seen, 'here'],
      [there.seen, 'w1'],
    ] as const) {
      expect(events.every((p) => p.jobId === id && p.kind === 'export' && p.what === 'ledger')).toBe(true)
      expect(events[0]?.phase).toBe('read')
      const writes = events.filter((p) => p.phase === 'write')
      expect(writes.map((p) => p.done)).toEqual([1000, inline.rows])
      // the 明细账 knows its length before the first row: 「已写入 N / M 行」
      expect(writes.every((p) => p.total === inline.rows)).toBe(true)
      expect(events.at(-1)).toMatchObject({ phase: 'done', done: inline.rows, total: inline.rows })
    }
  })

  it("a worker's refusal comes back as the same AppError, and no file is left", async () => {
    const bad: ExportJob = { ...job(join(t.dir, 'none.xlsx')), request: { report: 'ledger', params: { accountId: 999_999, from: '2024-01', to: '2024-12' } } }
    const e = await runInWorker({ type: 'export', job: bad }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({ code: 'NOT_FOUND', message: '科目不存在或不属于本村' })
    expect(existsSync(bad.to as string)).toBe(false)
  })

  it('a worker that never starts is told apart from a failed job (the export then runs on the calling thread)', async () => {
    const e = await runInWorker({ type: 'export', job: job(join(t.dir, 'never.xlsx')) }, { script: 'throw new Error("脚本缺失")', eval: true }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(WorkerStartError)
    expect((e as Error).message).toContain('脚本缺失')
  })

  it('report.export runs in a worker once the face asks for it, and is logged as before', async () => {
    enableWorkerJobs()
    const events = collect()
    const to = join(t.dir, 'via-engine.xlsx')
    const r = await f.engine.invoke(f.clerk, 'report.export', { villageId: f.villageId, report: 'ledger', params: { accountId: f.account('51302').id, from: '2024-01', to: '2024-12' }, to })
    events.stop()
    expect(r.path).toBe(to)
    // the job id the runner gave it is on every report, which came from the worker thread
    const ids = new Set(events.seen.map((p) => p.jobId))
    expect(ids.size).toBe(1)
    expect([...ids][0]).toMatch(/^job-/)
    expect(events.seen.at(-1)).toMatchObject({ phase: 'done', done: r.rows })
    const log = await f.engine.invoke(f.admin, 'audit.list', {})
    expect(log.rows[0]?.summary.action).toContain(`导出明细账（${r.rows} 行）到：${to}`)
  })
})
