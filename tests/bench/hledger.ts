/**
 * The plain-text accounting comparison of `npm run bench` (only where `hledger` or `ledger` is on PATH; they are
 * Debian packages, not needed by CI): one village's books of BENCH_PTA_YEARS years (the demo generator at
 * BENCH_PTA_SCALE times a small village's business) are written as a journal — accounts named by code and name
 * along the chart (102 银行存款:10201 农商行基本户), one transaction per voucher, amounts exact in yuan, the
 * opening balances as a transaction the day before the books start — and the closing balances of the last year are timed: their
 * `bal` (a process reading the journal, as they always do) against our report.trialBalance on the same data.
 * Every account's closing balance and the year's activity of 10201 are checked to agree.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql, type Kysely } from 'kysely'
import { fenToYuanString, parseYuan } from '../../shared/money'
import { lastDayOf, previousPeriod } from '../../shared/periods'
import { voucherLabel } from '../../shared/vouchers'
import type { Database } from '../../electron/core/db/schema'
import { prepareDemoBooks, writeMonths } from '../../electron/core/demo/books'
import { Engine } from '../../electron/core/engine'
import { loadChart } from '../../electron/core/ledger/chart'
import { median } from './median'

const YEARS = Number(process.env.BENCH_PTA_YEARS ?? 3)
const SCALE = Number(process.env.BENCH_PTA_SCALE ?? 23)
const FIRST_YEAR = 2024
const RUNS = 7

function onPath(tool: string): boolean {
  return spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0
}

/** 102 银行存款:10201 农商行基本户 — hledger and ledger both take ':' as the level separator */
async function journalNames(db: Kysely<Database>, villageId: number): Promise<Map<number, string>> {
  const chart = await loadChart(db, villageId)
  const byCode = new Map(chart.map((a) => [a.code, a]))
  const clean = (s: string) => s.replace(/[:;]/g, '：').replace(/\s+/g, ' ')
  const out = new Map<number, string>()
  for (const a of chart) {
    const parts: string[] = []
    for (const [code, p] of byCode) if (a.code.startsWith(code)) parts.push(`${code} ${clean(p.name)}`)
    parts.sort((x, y) => x.length - y.length)
    out.set(a.id, parts.join(':'))
  }
  return out
}

/** The village's opening balances and posted vouchers as a journal; debit positive, credit negative. */
async function writeJournal(db: Kysely<Database>, villageId: number, path: string): Promise<{ transactions: number; postings: number }> {
  const names = await journalNames(db, villageId)
  const village = await db.selectFrom('village').select('start_period').where('id', '=', villageId).executeTakeFirstOrThrow()
  const out: string[] = []
  const posting = (accountId: number, fen: number) => `    ${names.get(accountId) ?? `#${accountId}`}  ${fenToYuanString(fen)}`
  const openings = await db.selectFrom('opening_balance').select(['account_id', sql<number>`sum(amount)`.as('amount')]).where('village_id', '=', villageId).groupBy('account_id').execute()
  // dated the day before the books start, so that the first year's activity leaves it out as ours does
  out.push(`${lastDayOf(previousPeriod(village.start_period))} 期初余额`, ...openings.filter((o) => Number(o.amount) !== 0).map((o) => posting(o.account_id, Number(o.amount))), '')
  let transactions = 1
  let postings = openings.length
  const rows = await db
    .selectFrom('voucher_line')
    .innerJoin('voucher', 'voucher.id', 'voucher_line.voucher_id')
    .select(['voucher.id as vid', 'voucher.date', 'voucher.word', 'voucher.number', 'voucher_line.summary', 'voucher_line.account_id', 'voucher_line.debit', 'voucher_line.credit'])
    .where('voucher.village_id', '=', villageId)
    .where('voucher.status', '=', 'posted')
    .orderBy('voucher.date')
    .orderBy('voucher.id')
    .orderBy('voucher_line.line_no')
    .execute()
  let current = -1
  for (const r of rows) {
    if (r.vid !== current) {
      if (current !== -1) out.push('')
      current = r.vid
      transactions++
      out.push(`${r.date} (${voucherLabel(r.word, r.number)}) ${r.summary.replace(/\s+/g, ' ')}`)
    }
    out.push(posting(r.account_id, r.debit - r.credit))
    postings++
  }
  out.push('')
  writeFileSync(path, out.join('\n'), 'utf8')
  return { transactions, postings }
}

function fenOfText(t: string): number {
  const r = parseYuan(t.trim() === '0' ? '0.00' : t.trim())
  if (!r.ok) throw new Error(`unexpected amount from the tool: ${t}`)
  return r.fen
}

/** leaf code → balance in 分 from a tool's flat, total-less balance report ("<amount>  <account>" or CSV) */
function parseHledgerCsv(csv: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of csv.split('\n').slice(1)) {
    const m = /^"([^"]*)","([^"]*)"/.exec(line)
    if (!m || m[1] === 'total' || m[1] === 'Total:') continue
    const leaf = (m[1] as string).split(':').at(-1)?.split(' ')[0] as string
    out.set(leaf, fenOfText(m[2] as string))
  }
  return out
}

function parseLedgerFlat(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^\s*(-?[\d,]+(?:\.\d+)?)\s{2,}(.+)$/.exec(line)
    if (!m) continue
    const leaf = (m[2] as string).split(':').at(-1)?.split(' ')[0] as string
    out.set(leaf, fenOfText((m[1] as string).replaceAll(',', '')))
  }
  return out
}

function timeTool(label: string, cmd: string, args: string[]): { ms: number; stdout: string } {
  const times: number[] = []
  let stdout = ''
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    times.push(performance.now() - t0)
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`)
    stdout = r.stdout
  }
  times.sort((a, b) => a - b)
  const ms = times[Math.floor(times.length / 2)] as number
  console.log(`${label.padEnd(52)} median ${ms.toFixed(2).padStart(9)} ms   (min ${(times[0] as number).toFixed(2)}, max ${(times[times.length - 1] as number).toFixed(2)}, n=${RUNS})`)
  return { ms, stdout }
}

export async function hledgerBench(): Promise<void> {
  const tools = ['hledger', 'ledger'].filter(onPath)
  if (tools.length === 0) {
    console.log('\n== hledger / ledger — neither is on PATH (apt-get install hledger ledger); comparison skipped')
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'sanzi-bench-pta-'))
  try {
    console.log(`\n== 对照 hledger / ledger — 1 个村 × ${YEARS} 年，规模 ×${SCALE}（${tools.join('、')}）`)
    const path = join(dir, 'books.db')
    const engine = await Engine.open(path, { create: true })
    const admin = engine.createSession()
    await engine.invoke(admin, 'setup.loadDemo', { villages: 1, password: 'Bench2024', books: false })
    const village = (await engine.invoke(admin, 'village.list', {})).find((v) => v.level === 'village' && v.chartVersion === '2023')
    if (!village) throw new Error('no 2023-chart demo village')
    const users = await engine.invoke(admin, 'user.list', {})
    const preparer = users.find((u) => u.username === 'jizhang1')?.id as number
    const reviewer = users.find((u) => u.username === 'shenhe')?.id as number
    let lines = 0
    await engine.db.connection().execute(async (c) => {
      await sql`BEGIN IMMEDIATE`.execute(c)
      const codes = await prepareDemoBooks(c, village.id, 11)
      for (let y = 0; y < YEARS; y++) lines += (await writeMonths(c, village.id, codes, { from: `${FIRST_YEAR + y}-01`, months: 12, preparer, reviewer, seed: 7 + y, scale: SCALE })).lines
      await sql`COMMIT`.execute(c)
    })
    const journal = join(dir, 'books.journal')
    const j = await writeJournal(engine.db, village.id, journal)
    console.log(`journal: ${j.transactions} transactions, ${j.postings} postings (${lines} voucher lines)`)

    const year = FIRST_YEAR + YEARS - 1
    const end = `${year + 1}-01-01`
    const ours = await median(`ours: report.trialBalance ${year}`, () => engine.invoke(admin, 'report.trialBalance', { villageId: village.id, from: `${year}-01`, to: `${year}-12` }), RUNS)
    const tb = await engine.invoke(admin, 'report.trialBalance', { villageId: village.id, from: `${year}-01`, to: `${year}-12` })
    const fen = (y: string) => fenOfText(y)
    const closing = new Map(tb.rows.filter((r) => r.auxItemId === null).map((r) => [r.code, fen(r.closingDebit) - fen(r.closingCredit)]))
    const leafClosing = new Map(tb.rows.filter((r) => r.auxItemId === null && r.isLeaf).map((r) => [r.code, fen(r.closingDebit) - fen(r.closingCredit)]))
    const bank = tb.rows.find((r) => r.code === '10201' && r.auxItemId === null)
    const bankYear = bank ? fen(bank.debit) - fen(bank.credit) : 0

    const runs: { tool: string; ms: number; balances: Map<string, number>; bankYear: number }[] = []
    if (tools.includes('hledger')) {
      const r = timeTool(`hledger bal -H -e ${end} (whole journal read)`, 'hledger', ['-f', journal, 'bal', '-H', '-e', end, '--flat', '-O', 'csv'])
      const y = spawnSync('hledger', ['-f', journal, 'bal', '-p', String(year), '--flat', '-O', 'csv', '^10[0-9] [^:]*:10201 '], { encoding: 'utf8' })
      runs.push({ tool: 'hledger', ms: r.ms, balances: parseHledgerCsv(r.stdout), bankYear: parseHledgerCsv(y.stdout).get('10201') ?? 0 })
    }
    if (tools.includes('ledger')) {
      const r = timeTool(`ledger bal -e ${end} (whole journal read)`, 'ledger', ['-f', journal, 'bal', '--flat', '--no-total', '-e', end])
      const y = spawnSync('ledger', ['-f', journal, 'bal', '--flat', '--no-total', '-b', `${year}-01-01`, '-e', end, ':10201 '], { encoding: 'utf8' })
      runs.push({ tool: 'ledger', ms: r.ms, balances: parseLedgerFlat(r.stdout), bankYear: parseLedgerFlat(y.stdout).get('10201') ?? 0 })
    }
    for (const r of runs) {
      // every account the tool shows (a leaf with postings) has our closing balance; 0 shown or not is the same
      let differ = 0
      for (const [code, amount] of r.balances) if ((closing.get(code) ?? 0) !== amount) differ++
      for (const [code, amount] of leafClosing) if (!r.balances.has(code) && amount !== 0) differ++
      const b = r.balances.get('10201') ?? 0
      console.log(
        `${r.tool}: ${(r.ms / ours).toFixed(0)}× our time; 10201 closing ${fenToYuanString(b)} vs ours ${fenToYuanString(closing.get('10201') ?? 0)}, ` +
          `${year} activity ${fenToYuanString(r.bankYear)} vs ours ${fenToYuanString(bankYear)}; ` +
          `${r.balances.size} accounts compared, ${differ === 0 && b === closing.get('10201') && r.bankYear === bankYear ? 'all agree' : `${differ} DIFFER`}`,
      )
    }
    await engine.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
