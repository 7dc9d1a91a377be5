/**
 * The ledger part of `npm run bench`: generates a district (BENCH_LEDGER_VILLAGES villages × BENCH_YEARS years
 * of books at BENCH_SCALE times a small village's monthly business; the defaults give about 3M voucher lines)
 * through the real posting path, then prints medians of what users wait on.
 *
 * BENCH_DB=/path/district.db keeps the generated district between runs: when the file exists it is opened as is
 * (the generation is skipped, whatever the other BENCH_* say — delete the file to regenerate); when it does not,
 * it is generated there and left in place. Each run posts a few more vouchers into it (the posting line).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { prepareDemoBooks, writeMonths } from '../../electron/core/demo/books'
import { Engine } from '../../electron/core/engine'
import { median } from './median'

const VILLAGES = Number(process.env.BENCH_LEDGER_VILLAGES ?? 30)
const YEARS = Number(process.env.BENCH_YEARS ?? 10)
const SCALE = Number(process.env.BENCH_SCALE ?? 23)
// demo villages keep their books from 2024-01
const FIRST_YEAR = 2024

export async function ledgerBench(): Promise<void> {
  const keep = process.env.BENCH_DB
  const dir = keep ? null : mkdtempSync(join(tmpdir(), 'sanzi-bench-ledger-'))
  const path = keep ?? join(dir as string, 'district.db')
  try {
    if (!keep || !existsSync(path)) {
      console.log(`\n== 总账 — ${VILLAGES} 个村 × ${YEARS} 年，规模 ×${SCALE}`)
      await generate(path)
    } else console.log(`\n== 总账 — reusing ${path} (${(statSync(path).size / 1024 / 1024).toFixed(0)} MB; its own villages and years)`)

    const e = await Engine.open(path)
    const s = e.createSession()
    await e.invoke(s, 'auth.signIn', { username: 'admin', password: 'Bench2024' })
    const villages = (await e.invoke(s, 'village.list', {})).filter((x) => x.level === 'village' && x.chartVersion === '2023')
    const v = villages[Math.floor(villages.length / 2)] as (typeof villages)[number]
    // the last whole year of books (a reused file may have been generated with other BENCH_YEARS)
    const last = await e.db.selectFrom('voucher').select(sql<string>`max(period)`.as('p')).where('period', 'like', '%-12').executeTakeFirst()
    const year = Number(last?.p?.slice(0, 4) ?? FIRST_YEAR + YEARS - 1)
    const chart = await e.invoke(s, 'account.list', { villageId: v.id })
    const bank = chart.find((a) => a.code === '10201')?.id as number
    await median('trial balance, one village-year (level 4)', () => e.invoke(s, 'report.trialBalance', { villageId: v.id, from: `${year}-01`, to: `${year}-12` }), 21)
    await median('trial balance, one village-month', () => e.invoke(s, 'report.trialBalance', { villageId: v.id, from: `${year}-06`, to: `${year}-06` }), 21)
    await median('ledger of 10201, one village-year', () => e.invoke(s, 'report.ledger', { villageId: v.id, accountId: bank, from: `${year}-01`, to: `${year}-12` }), 21)
    await median(`cross-village summary, one year (${villages.length} trial balances, level 1)`, async () => {
      for (const x of villages) await e.invoke(s, 'report.trialBalance', { villageId: x.id, from: `${year}-01`, to: `${year}-12`, level: 1 })
    }, 7)
    await median(`district summary, one year (report.districtSummary, ${villages.length} villages)`, () => e.invoke(s, 'report.districtSummary', { from: `${year}-01`, to: `${year}-12` }), 21)
    const bankRoot = chart.find((a) => a.code === '102')?.id as number
    const all = { villageId: v.id, accountId: bankRoot, from: `${FIRST_YEAR}-01`, to: `${year}-12` }
    const { total } = await e.invoke(s, 'report.ledger', { ...all, limit: 1 })
    await median(`ledger of 102, all years: a page of 200 of ${total} entries, mid-book`, () => e.invoke(s, 'report.ledger', { ...all, offset: Math.floor(total / 2), limit: 200 }), 21)
    const t0 = performance.now()
    const check = await e.invoke(s, 'ledger.verifyBalances', {})
    console.log(`${'balance verifier, whole district'.padEnd(52)} ${(performance.now() - t0).toFixed(0)} ms (${check.checkedRows} rows, ok=${check.ok})`)

    // 清查 of one village as of its last year-end: freezing the 账面数 of ten years of books (a reused file keeps its
    // campaign: it steps back to 清理 and freezes a new take)
    const sup = e.createSession()
    await e.invoke(sup, 'auth.signIn', { username: 'zhuguan', password: 'Bench2024' })
    const open = (await e.invoke(sup, 'campaign.list', { villageId: v.id })).find((c) => c.status === 'open')
    const c = open ?? (await e.invoke(sup, 'campaign.start', { villageId: v.id, asOf: `${year}-12-31` }))
    for (let step = c.step; step !== 'snapshot'; ) step = (await e.invoke(sup, 'campaign.back', { villageId: v.id, campaignId: c.id, reason: '基准测试重新冻结账面数' })).step
    const t1 = performance.now()
    const frozen = await e.invoke(sup, 'campaign.advance', { villageId: v.id, campaignId: c.id, from: 'snapshot' })
    console.log(`${`清查 清理 → 登记: freeze ${frozen.snapshot?.accounts} balances as of ${c.asOf}`.padEnd(52)} ${(performance.now() - t1).toFixed(0)} ms`)
    await median(`清查 board, ${villages.length} villages`, () => e.invoke(s, 'campaign.board', {}), 11)

    // posting one 3-line voucher, end to end through the dispatcher (one durable commit each)
    const clerk = e.createSession()
    await e.invoke(clerk, 'auth.signIn', { username: 'jizhang1', password: 'Bench2024' })
    const rev = e.createSession()
    await e.invoke(rev, 'auth.signIn', { username: 'shenhe', password: 'Bench2024' })
    const target = villages[0] as (typeof villages)[number]
    const tc = await e.invoke(clerk, 'account.list', { villageId: target.id })
    const id = (code: string) => tc.find((a) => a.code === code)?.id as number
    const drafts: number[] = []
    await e.invoke(clerk, 'period.list', { villageId: target.id })
    for (let i = 0; i < 41; i++) {
      const d = await e.invoke(clerk, 'voucher.save', {
        villageId: target.id,
        date: `${year + 1}-01-15`,
        lines: [
          { summary: '报销办公费', accountId: id('51302'), debit: '100.00' },
          { summary: '报销差旅费', accountId: id('51303'), debit: '50.00' },
          { summary: '付现金', accountId: id('101'), credit: '150.00' },
        ],
      })
      drafts.push(d.id)
    }
    await e.invoke(rev, 'voucher.review', { villageId: target.id, voucherIds: drafts })
    let k = 0
    await median('post one 3-line voucher (dispatcher, fsync included)', () => e.invoke(rev, 'voucher.post', { villageId: target.id, voucherIds: [drafts[k++] as number] }), 41)
    await e.close()
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}

/** A district of VILLAGES × YEARS of books posted through the real path, written to `path`. */
async function generate(path: string): Promise<void> {
  const engine = await Engine.open(path, { create: true })
  const admin = engine.createSession()
  await engine.invoke(admin, 'setup.loadDemo', { villages: VILLAGES, password: 'Bench2024', books: false })
  const villages = (await engine.invoke(admin, 'village.list', {})).filter((v) => v.level === 'village' && v.chartVersion === '2023')
  const users = await engine.invoke(admin, 'user.list', {})
  const preparer = users.find((u) => u.username === 'jizhang1')?.id as number
  const reviewer = users.find((u) => u.username === 'shenhe')?.id as number
  const t0 = performance.now()
  let lines = 0
  let vouchers = 0
  for (const [i, v] of villages.entries()) {
    await engine.db.connection().execute(async (c) => {
      await sql`BEGIN IMMEDIATE`.execute(c)
      const codes = await prepareDemoBooks(c, v.id, 500 + i)
      await sql`COMMIT`.execute(c)
      for (let y = 0; y < YEARS; y++) {
        await sql`BEGIN IMMEDIATE`.execute(c)
        const r = await writeMonths(c, v.id, codes, { from: `${FIRST_YEAR + y}-01`, months: 12, preparer, reviewer, seed: 31 * i + y, scale: SCALE })
        await sql`COMMIT`.execute(c)
        lines += r.lines
        vouchers += r.vouchers
      }
    })
    if (i % 5 === 4) console.log(`  … ${i + 1} 个村，${lines} 行，${((performance.now() - t0) / 1000).toFixed(0)} s`)
  }
  const genMs = performance.now() - t0
  console.log(`seed: ${vouchers} vouchers, ${lines} lines posted through postReviewed in ${(genMs / 1000).toFixed(1)} s (${Math.round((lines / genMs) * 1000)} lines/s)`)
  console.log(`database size: ${(statSync(path).size / 1024 / 1024).toFixed(0)} MB`)
  await engine.close()
}
