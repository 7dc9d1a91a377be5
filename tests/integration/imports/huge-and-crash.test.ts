import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/core/engine'
import { tempDir } from '../../helpers/temp'
import { fileOf, fixture, importFixture, PASSWORD, rowCounts } from './setup'

/**
 * bad/huge-rows.xlsx (100,000 vouchers, 200,000 lines): a process killed with SIGKILL in the middle of writing
 * it leaves nothing of the import behind, and the file then imports in full in one transaction.
 */
describe('a 200,000-line journal: all or nothing, even when the process is killed', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  it('SIGKILL while the lines are being written leaves no voucher, no batch and no audit entry; then it imports whole', { timeout: 300_000 }, async () => {
    const f = await importFixture(t.dir)
    const { villageId } = f
    await f.engine.invoke(f.clerk, 'import.chart', { villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
    const before = await rowCounts(f.engine)
    const path = f.engine.path
    await f.engine.close()

    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'import-worker.ts'), path, String(villageId), fixture('bad/huge-rows.xlsx'), '60000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: join(__dirname, '../../..'),
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)))
    const writing = await new Promise<string>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        const m = /WRITING (\d+)/.exec(stdout)
        if (m) {
          child.kill('SIGKILL')
          res(m[1] as string)
        }
        if (/DONE/.test(stdout)) rej(new Error('the import finished before it could be killed'))
      })
      child.on('exit', () => rej(new Error(`worker ended without writing: ${stderr}`)))
    })
    expect(Number(writing)).toBeGreaterThanOrEqual(60_000)
    expect(await exited).toBe('SIGKILL')

    const engine = await Engine.open(path)
    try {
      // only the worker's sign-in reached the audit log; nothing of its import did
      expect(await rowCounts(engine)).toEqual({ ...before, audit_log: before.audit_log + 1 })
      const admin = engine.createSession()
      await engine.invoke(admin, 'auth.signIn', { username: 'admin', password: 'Admin2024' })
      const check = await engine.invoke(admin, 'db.check', {})
      expect(check.quickCheck).toEqual(['ok'])
      expect(check.audit.ok).toBe(true)

      const clerk = engine.createSession()
      await engine.invoke(clerk, 'auth.signIn', { username: 'clerk', password: PASSWORD })
      const r = await engine.invoke(clerk, 'import.vouchers', { villageId, file: fileOf(fixture('bad/huge-rows.xlsx')), commit: true })
      expect(r).toMatchObject({ committed: true, errorCount: 0, vouchers: 100_000, lines: 200_000, debit: '250986372.66', credit: '250986372.66' })
      expect(r.periods.map((p) => p.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`))
      const after = await rowCounts(engine)
      expect(after.voucher - before.voucher).toBe(100_000)
      expect(after.voucher_line - before.voucher_line).toBe(200_000)
      expect(after.import_batch - before.import_batch).toBe(1)
      expect(after.audit_log - before.audit_log).toBe(1 + 2 + 1) // the worker's sign-in, the two sign-ins here, the import
    } finally {
      await engine.close()
    }
  })
})
