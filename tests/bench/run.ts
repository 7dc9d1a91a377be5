/**
 * npm run bench: builds a district-sized agency database and prints median timings of what users wait on.
 * Figures only; nothing here passes or fails (timings never live in unit tests).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chainHash, stableJson, type AuditRecord } from '../../electron/core/audit/chain'
import { nowIso } from '../../electron/core/audit/log'
import { backupTo } from '../../electron/core/db/backup'
import { verifyDatabaseFile } from '../../electron/core/db/verify'
import { Engine } from '../../electron/core/engine'
import { campaignDistrictBench } from './campaign'
import { exportsBench } from './exports'
import { hledgerBench } from './hledger'
import { ledgerBench } from './ledger'
import { median } from './median'
import { registersBench } from './registers'
import { writesBench } from './writes'

const VILLAGES = Number(process.env.BENCH_VILLAGES ?? 200)
const AUDIT_ROWS = Number(process.env.BENCH_AUDIT ?? 200_000)

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'ledger') return ledgerBench()
  if (process.env.BENCH_ONLY === 'registers') return registersBench()
  if (process.env.BENCH_ONLY === 'exports') return exportsBench()
  if (process.env.BENCH_ONLY === 'hledger') return hledgerBench()
  if (process.env.BENCH_ONLY === 'writes') return writesBench()
  if (process.env.BENCH_ONLY === 'campaign') return campaignDistrictBench()
  const dir = mkdtempSync(join(tmpdir(), 'sanzi-bench-'))
  const path = join(dir, 'district.db')
  try {
    console.log(`== 村、用户与操作日志 — ${VILLAGES} 个村, ${AUDIT_ROWS} 条操作日志, Node ${process.version}`)
    let t0 = performance.now()
    const engine = await Engine.open(path, { create: true })
    const admin = engine.createSession()
    await engine.invoke(admin, 'setup.loadDemo', { villages: VILLAGES, password: 'Bench2024', books: false })
    console.log(`seed: demo agency with ${VILLAGES} villages                ${(performance.now() - t0).toFixed(0)} ms`)

    // a decade of history in the audit log, chained exactly as the engine chains it
    t0 = performance.now()
    const last = await engine.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
    let prev = last.hash
    let seq = last.seq
    const at = nowIso()
    const BATCH = 2000
    while (seq < AUDIT_ROWS) {
      const rows = []
      for (let i = 0; i < BATCH && seq < AUDIT_ROWS; i++) {
        seq++
        const r: AuditRecord = {
          seq,
          at,
          user_id: 2 + (seq % 6),
          user_name: `user${seq % 6}`,
          method: 'village.update',
          village_id: 1 + (seq % VILLAGES),
          summary: stableJson({ action: `修改村：第 ${seq} 次`, before: { contactPerson: '甲' }, after: { contactPerson: '乙' } }),
        }
        const hash = chainHash(prev, r)
        rows.push({ ...r, prev_hash: prev, hash })
        prev = hash
      }
      await engine.db.insertInto('audit_log').values(rows).execute()
    }
    console.log(`seed: ${AUDIT_ROWS} chained audit entries                 ${(performance.now() - t0).toFixed(0)} ms`)
    await engine.close()
    console.log(`database size: ${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`)
    console.log('')

    await median('open book (header + quick_check + pragmas)', async () => {
      const e = await Engine.open(path)
      await e.close()
    })
    const e = await Engine.open(path)
    const s = e.createSession()
    await median('sign in (scrypt N=16384)', () => e.invoke(s, 'auth.signIn', { username: 'admin', password: 'Bench2024' }))
    await median(`village.list (${VILLAGES} villages + groups)`, () => e.invoke(s, 'village.list', {}))
    await median('village.list search', () => e.invoke(s, 'village.list', { search: '杨桥' }))
    let n = 0
    await median('village.update (one write + audit entry)', async () => {
      n++
      await e.invoke(s, 'village.update', {
        villageId: 1,
        code: '340122101',
        name: '杨桥村股份经济合作社',
        uscc: null,
        level: 'village',
        chartVersion: '2023',
        startPeriod: '2024-01',
        contactPerson: `联系人${n}`,
      })
    }, 21)
    await median('audit.list first page (50 rows)', () => e.invoke(s, 'audit.list', {}))
    await median('audit.list by village, page 100', () => e.invoke(s, 'audit.list', { villageId: 7, offset: 5000, limit: 50 }))
    await median('audit.list keyword search', () => e.invoke(s, 'audit.list', { search: '第 123456 次' }), 3)
    await median(`audit.verify (${AUDIT_ROWS} entries)`, () => e.invoke(s, 'audit.verify', {}), 3)
    let b = 0
    await median('online backup + verification', () => e.db.connection().execute(() => backupTo(e.sqlite, join(dir, `b${b++}.db`))), 3)
    await e.close()
    await median('sanzi verify (read-only file check)', () => verifyDatabaseFile(path), 3)
    const mem = process.memoryUsage()
    console.log(`\npeak-ish memory: rss ${(mem.rss / 1024 / 1024).toFixed(0)} MB, heap used ${(mem.heapUsed / 1024 / 1024).toFixed(0)} MB`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  await ledgerBench()
  await registersBench()
  await exportsBench()
  await hledgerBench()
  await writesBench()
  await campaignDistrictBench()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
