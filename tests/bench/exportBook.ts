/**
 * The export bench's book: one village whose 10201 农商行基本户 carries `lines` posted lines in one year, written
 * through the bulk draft writer and the real posting path (numbers, hashes, balance table).
 */
import { sql } from 'kysely'
import { periodOfDate } from '../../shared/periods'
import { nowIso } from '../../electron/core/audit/log'
import { Prng, prepareDemoBooks, type BookCodes } from '../../electron/core/demo/books'
import { Engine } from '../../electron/core/engine'
import { insertDraftsBulk, type BulkDraft } from '../../electron/core/ledger/bulkDrafts'
import type { LineInput } from '../../electron/core/ledger/vouchers'
import { postReviewed } from '../../electron/core/ledger/posting'

export const EXPORT_YEAR = 2024
export const EXPORT_PASSWORD = 'Bench2024'

const RECEIPTS: [string, string][] = [
  ['收到承包费', '50101'],
  ['收到门面房租金', '50102'],
  ['收到村级组织运转经费', '50301'],
  ['收到存款利息', '50401'],
]
const PAYMENTS: [string, string][] = [
  ['支付办公用品费', '51302'],
  ['报销差旅费', '51303'],
  ['发放干部报酬', '51301'],
]
const NAMES = ['段峰凤', '田军庆', '邱波忠', '王长友', '李桂芳', '张德明', '刘玉兰', '陈家宝']

/** Four lines on 10201 per voucher (two in, two out) and one balancing line elsewhere; summaries mostly unique. */
function voucherOf(r: Prng, codes: BookCodes, bank: number, date: string, n: number): BulkDraft {
  const bankId = codes.id('10201')
  const [rs, rc] = r.pick(RECEIPTS)
  const [ps, pc] = r.pick(PAYMENTS)
  const a = r.int(100, 900_000)
  const b = r.int(100, 900_000)
  const c = r.int(100, 500_000)
  const d = r.int(100, 500_000)
  const who = r.pick(NAMES)
  const long = n % 17 === 0 ? `，按${EXPORT_YEAR}年村民代表大会决议及合同约定分两期收取，本期为第一期，余款年底前结清` : ''
  const lines: LineInput[] = [
    { summary: `${rs}（${who}，第${n}号合同）${long}`, accountId: bankId, auxItemId: bank, debit: a, credit: 0 },
    { summary: `${rs}（${who}，第${n + 1}号合同）`, accountId: bankId, auxItemId: bank, debit: b, credit: 0 },
    { summary: `${ps}（${who}经手，第${n}笔）`, accountId: bankId, auxItemId: bank, debit: 0, credit: c },
    { summary: `${ps}（${who}经手，第${n + 1}笔）`, accountId: bankId, auxItemId: bank, debit: 0, credit: d },
  ]
  const net = a + b - c - d
  lines.push(net >= 0 ? { summary: rs, accountId: codes.id(rc), auxItemId: null, debit: 0, credit: net } : { summary: ps, accountId: codes.id(pc), auxItemId: null, debit: -net, credit: 0 })
  return { date, attachments: 1, lines }
}

/** Creates the book at `path` (which must not exist). */
export async function generateExportBook(path: string, lines: number, log: (s: string) => void = () => {}): Promise<void> {
  const engine = await Engine.open(path, { create: true })
  try {
    const admin = engine.createSession()
    await engine.invoke(admin, 'setup.loadDemo', { villages: 1, password: EXPORT_PASSWORD, books: false })
    const village = (await engine.invoke(admin, 'village.list', {})).find((v) => v.level === 'village' && v.chartVersion === '2023')
    if (!village) throw new Error('no 2023-chart demo village')
    const users = await engine.invoke(admin, 'user.list', {})
    const preparer = users.find((u) => u.username === 'jizhang1')?.id as number
    const reviewer = users.find((u) => u.username === 'shenhe')?.id as number
    const vouchers = Math.ceil(lines / 4)
    const perMonth = Math.ceil(vouchers / 12)
    const r = new Prng(20240101)
    let written = 0
    await engine.db.connection().execute(async (c) => {
      await sql`BEGIN IMMEDIATE`.execute(c)
      const codes = await prepareDemoBooks(c, village.id, 7)
      await sql`COMMIT`.execute(c)
      const bank = codes.aux('bank', '农商行基本户')
      for (let m = 1; m <= 12 && written < vouchers; m++) {
        await sql`BEGIN IMMEDIATE`.execute(c)
        const drafts: BulkDraft[] = []
        for (let i = 0; i < perMonth && written < vouchers; i++, written++) {
          const day = 1 + Math.floor((i * 28) / perMonth)
          drafts.push(voucherOf(r, codes, bank, `${EXPORT_YEAR}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`, written * 2))
        }
        const w = await insertDraftsBulk(c, { villageId: village.id, preparedBy: preparer, source: 'manual', importBatchId: null, drafts })
        const ids = Array.from({ length: drafts.length }, (_, k) => (w.firstId as number) + k)
        const now = nowIso()
        for (let j = 0; j < ids.length; j += 500) {
          await c.updateTable('voucher').set({ status: 'reviewed', reviewed_by: reviewer, reviewed_at: now }).where('id', 'in', ids.slice(j, j + 500)).execute()
        }
        await postReviewed(c, village.id, ids, reviewer)
        await sql`COMMIT`.execute(c)
        log(`  … ${periodOfDate(drafts[0]?.date ?? `${EXPORT_YEAR}-01-01`)}: ${written} vouchers`)
      }
    })
  } finally {
    await engine.close()
  }
}
