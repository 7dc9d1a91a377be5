/**
 * The write side of `npm run bench` (BENCH_ONLY=writes runs it alone): posting one voucher through the dispatcher,
 * the seed rate of books written through postReviewed, and the write phase of a large 序时账 import.
 *
 * Posting is durable (synchronous=FULL, reliability.md): every commit waits for an fsync of the WAL, and on a
 * disk that fsync is the floor under any write. So the posting figure is printed three ways: on a book on disk
 * (what users get), on the same book in /dev/shm (tmpfs: fsync returns at once, so this is the engine's own
 * cost), and a bare commit of one row on disk (the fsync floor; nothing we write can go below it).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import type { Session } from '../../electron/core/context'
import { applyWritePragmas } from '../../electron/core/db/connection'
import { monthVouchers, Prng, prepareDemoBooks, writeMonths, type BookCodes } from '../../electron/core/demo/books'
import { Engine } from '../../electron/core/engine'
import { importLimits, importProgress, type ImportProgress } from '../../electron/core/ledger/imports/common'
import { nextPeriod } from '../../shared/periods'
import { median } from './median'

const HISTORY_YEARS = Number(process.env.BENCH_WRITES_YEARS ?? 2)
const HISTORY_SCALE = Number(process.env.BENCH_SCALE ?? 23)
const IMPORT_LINES = Number(process.env.BENCH_IMPORT_LINES ?? 250_000)
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3)
const POSTS = 41

interface Book {
  engine: Engine
  clerk: Session
  reviewer: Session
  supervisor: Session
  villages: { id: number }[]
  codes: Map<number, BookCodes>
}

async function demoBook(path: string, villages: number): Promise<Book> {
  const engine = await Engine.open(path, { create: true })
  const admin = engine.createSession()
  await engine.invoke(admin, 'setup.loadDemo', { villages, password: 'Bench2024', books: false })
  const list = (await engine.invoke(admin, 'village.list', {})).filter((v) => v.level === 'village' && v.chartVersion === '2023')
  const session = async (username: string) => {
    const s = engine.createSession()
    await engine.invoke(s, 'auth.signIn', { username, password: 'Bench2024' })
    return s
  }
  const codes = new Map<number, BookCodes>()
  for (const [i, v] of list.entries()) {
    codes.set(v.id, await engine.db.connection().execute(async (c) => {
      await sql`BEGIN IMMEDIATE`.execute(c)
      const r = await prepareDemoBooks(c, v.id, 700 + i)
      await sql`COMMIT`.execute(c)
      return r
    }))
  }
  return { engine, clerk: await session('jizhang1'), reviewer: await session('shenhe'), supervisor: await session('zhuguan'), villages: list, codes }
}

async function userId(b: Book, username: string): Promise<number> {
  const r = await b.engine.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()
  return r.id
}

/** Years of posted books for one village through writeMonths (drafts in bulk, review, postReviewed), one transaction a year. */
async function seedHistory(b: Book, villageId: number): Promise<{ lines: number; ms: number }> {
  const preparer = await userId(b, 'jizhang1')
  const reviewer = await userId(b, 'shenhe')
  const codes = b.codes.get(villageId) as BookCodes
  let lines = 0
  const t0 = performance.now()
  await b.engine.db.connection().execute(async (c) => {
    for (let y = 0; y < HISTORY_YEARS; y++) {
      await sql`BEGIN IMMEDIATE`.execute(c)
      const r = await writeMonths(c, villageId, codes, { from: `${2024 + y}-01`, months: 12, preparer, reviewer, seed: 11 + y, scale: HISTORY_SCALE })
      await sql`COMMIT`.execute(c)
      lines += r.lines
    }
  })
  return { lines, ms: performance.now() - t0 }
}

/** Median of posting one 3-line voucher through the dispatcher (review done beforehand, as a batch). */
async function postOne(b: Book, villageId: number, label: string): Promise<number> {
  const tc = await b.engine.invoke(b.clerk, 'account.list', { villageId })
  const id = (code: string) => tc.find((a) => a.code === code)?.id as number
  const drafts: number[] = []
  for (let i = 0; i < POSTS; i++) {
    const d = await b.engine.invoke(b.clerk, 'voucher.save', {
      villageId,
      date: `${2024 + HISTORY_YEARS}-01-15`,
      lines: [
        { summary: '报销办公费', accountId: id('51302'), debit: '100.00' },
        { summary: '报销差旅费', accountId: id('51303'), debit: '50.00' },
        { summary: '付现金', accountId: id('101'), credit: '150.00' },
      ],
    })
    drafts.push(d.id)
  }
  await b.engine.invoke(b.reviewer, 'voucher.review', { villageId, voucherIds: drafts })
  let k = 0
  return median(label, () => b.engine.invoke(b.reviewer, 'voucher.post', { villageId, voucherIds: [drafts[k++] as number] }), POSTS)
}

/** The fsync floor: one row committed in its own IMMEDIATE transaction, same pragmas as a book, no engine. */
async function bareCommit(dir: string, label: string): Promise<number> {
  const path = join(dir, 'bare.db')
  const db = new BetterSqlite3(path)
  try {
    applyWritePragmas(db)
    db.exec('CREATE TABLE t (x INTEGER)')
    const ins = db.prepare('INSERT INTO t VALUES (?)')
    let n = 0
    return await median(label, async () => {
      db.exec('BEGIN IMMEDIATE')
      ins.run(n++)
      db.exec('COMMIT')
    }, POSTS)
  } finally {
    db.close()
    for (const s of ['', '-wal', '-shm']) rmSync(`${path}${s}`, { force: true })
  }
}

/** A year of one village's business as a 序时账 CSV (UTF-8), about `lines` lines. */
async function journalCsv(b: Book, villageId: number, lines: number): Promise<{ csv: Buffer; lines: number }> {
  const codes = b.codes.get(villageId) as BookCodes
  const chart = await b.engine.invoke(b.supervisor, 'account.list', { villageId })
  const codeOf = new Map(chart.map((a) => [a.id, a.code]))
  const aux = await b.engine.db.selectFrom('aux_item').select(['id', 'name']).where('village_id', '=', villageId).execute()
  const auxName = new Map(aux.map((a) => [a.id, a.name]))
  // about 27.6 lines per month at scale 1
  const scale = Math.max(1, Math.round(lines / 12 / 27.6))
  const r = new Prng(99)
  const out: string[] = ['日期,凭证号,摘要,科目编码,借方金额,贷方金额,往来单位']
  const fen = (f: number) => (f === 0 ? '' : `${Math.trunc(f / 100)}.${String(f % 100).padStart(2, '0')}`)
  let n = 0
  let period = '2024-01'
  for (let m = 0; m < 12; m++, period = nextPeriod(period)) {
    const plans = monthVouchers(period, codes, r, scale)
    plans.forEach((p, i) => {
      for (const l of p.lines) {
        out.push(`${p.date},记-${i + 1},${l.summary},${codeOf.get(l.accountId)},${fen(l.debit)},${fen(l.credit)},${l.auxItemId === null ? '' : auxName.get(l.auxItemId)}`)
        n++
      }
    })
  }
  return { csv: Buffer.from(out.join('\r\n') + '\r\n', 'utf8'), lines: n }
}

export async function writesBench(): Promise<void> {
  console.log(`\n== 写入 — 记账一张凭证、生成账簿、导入序时账（Node ${process.version}）`)
  const dirs: [string, string][] = [['disk', mkdtempSync(join(tmpdir(), 'sanzi-bench-writes-'))]]
  if (existsSync('/dev/shm')) dirs.push(['tmpfs', mkdtempSync(join('/dev/shm', 'sanzi-bench-writes-'))])
  try {
    const post: Record<string, number> = {}
    const floor: Record<string, number> = {}
    for (const [where, dir] of dirs) {
      const b = await demoBook(join(dir, 'writes.db'), 2)
      const target = (b.villages[0] as { id: number }).id
      const seeded = await seedHistory(b, target)
      console.log(`seed (${where}): ${seeded.lines} lines posted through postReviewed in ${(seeded.ms / 1000).toFixed(1)} s (${Math.round((seeded.lines / seeded.ms) * 1000)} lines/s)`)
      post[where] = await postOne(b, target, `post one 3-line voucher (dispatcher, ${where})`)
      await b.engine.close()
      floor[where] = await bareCommit(dir, `bare commit of one row (no engine, ${where})`)
    }
    const disk = post.disk as number
    const fsync = (floor.disk as number) - (floor.tmpfs ?? 0)
    if (post.tmpfs !== undefined) {
      // the engine's own work is the tmpfs figure (fsync free there); disk − fsync jumps about with the disk's mood
      console.log(
        `  → posting: engine's own work ${(post.tmpfs as number).toFixed(2)} ms (tmpfs, where fsync is free); on disk ${disk.toFixed(2)} ms, ` +
          `of which the WAL fsync is about ${fsync.toFixed(2)} ms (bare commit on disk − on tmpfs).`,
      )
      console.log('    synchronous=FULL is required (reliability.md): the fsync is the floor no engine change can go below.')
    }

    // the import's write phase: a generated 序时账, parsed once by a preview; the committing call reuses the parse
    const [, dir] = dirs[0] as [string, string]
    const b = await demoBook(join(dir, 'import.db'), 2 * IMPORT_RUNS)
    const targets = b.villages.slice(0, IMPORT_RUNS)
    const journal = await journalCsv(b, (targets[0] as { id: number }).id, IMPORT_LINES)
    const saved = { ...importLimits }
    importLimits.maxFileBytes = Math.max(importLimits.maxFileBytes, journal.csv.length)
    importLimits.maxRows = Math.max(importLimits.maxRows, journal.lines + 10)
    const file = { fileName: '序时账.csv', contentBase64: journal.csv.toString('base64') }
    console.log(`import: ${journal.lines} lines, ${(journal.csv.length / 1024 / 1024).toFixed(1)} MB of CSV`)
    let began = 0
    let ended = 0
    const watch = (p: ImportProgress) => {
      // the check against the books is the first step inside the write transaction; 'done' follows its COMMIT
      if (p.phase === 'check' && p.done === 0) began = performance.now()
      if (p.phase === 'done') ended = performance.now()
    }
    importProgress.on('progress', watch)
    const rates: number[] = []
    const calls: number[] = []
    try {
      for (const v of targets) {
        const t0 = performance.now()
        const preview = await b.engine.invoke(b.supervisor, 'import.vouchers', { villageId: v.id, file, commit: false })
        const parsedMs = performance.now() - t0
        if (preview.errorCount > 0) throw new Error(`generated journal refused: ${preview.errors[0]?.message}`)
        const t1 = performance.now()
        const r = await b.engine.invoke(b.supervisor, 'import.vouchers', { villageId: v.id, file, commit: true })
        const call = performance.now() - t1
        const write = ended - began
        rates.push((r.lines / write) * 1000)
        calls.push((r.lines / call) * 1000)
        console.log(
          `  run ${rates.length}: preview (read + check) ${(parsedMs / 1000).toFixed(1)} s; commit call ${call.toFixed(0)} ms, ` +
            `of which check + write + audit + COMMIT ${write.toFixed(0)} ms`,
        )
      }
    } finally {
      importProgress.off('progress', watch)
      Object.assign(importLimits, saved)
    }
    const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number
    console.log(`${'import write phase (check + write + COMMIT)'.padEnd(52)} median ${Math.round(mid(rates)).toLocaleString('en')} lines/s (n=${rates.length})`)
    console.log(`${'import commit call (incl. base64 + sha256 of file)'.padEnd(52)} median ${Math.round(mid(calls)).toLocaleString('en')} lines/s (n=${calls.length})`)
    await b.engine.close()
  } finally {
    for (const [, dir] of dirs) rmSync(dir, { recursive: true, force: true })
  }
}
