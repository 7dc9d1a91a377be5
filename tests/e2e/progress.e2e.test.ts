/**
 * Long jobs report progress to the window: the page's `sanzi.onProgress` receives the engine's reports for an
 * import of a generated 序时账 (≈ 30,000 lines, through the dialog) and for the export of its 明细账, and the export
 * button shows an antd Progress with 「已写入 N / M 行」 while the workbook is written.
 */
import { describe, expect, it } from 'vitest'
import type { JobProgressEvent } from '../../shared/api/bridge'
import { useHarness } from './harness'
import { setUpBooks, type LedgerBooks } from './ledger'
import { button, see, TIMEOUT } from './ui'

const h = useHarness()

const VOUCHERS = 30
const LINES_PER_VOUCHER = 999

/** 30 vouchers of 998 office-expense lines (5.00 … 9.97) and one cash line: 29,970 lines, as a UTF-8 CSV. */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

function bigJournal(): { csv: string; lines: number } {
  const rows = ['日期,凭证号,摘要,科目编码,借方金额,贷方金额']
  for (let v = 1; v <= VOUCHERS; v++) {
    const date = `2024-${String(Math.ceil(v / 3)).padStart(2, '0')}-${String(((v - 1) % 3) * 9 + 1).padStart(2, '0')}`
    let fen = 0
    for (let i = 0; i < LINES_PER_VOUCHER - 1; i++) {
      const amount = 500 + (i % 498) // 分
      fen += amount
      rows.push(`${date},记-${v},办公用品第${i + 1}项,51302,${yuan(amount)},`)
    }
    rows.push(`${date},记-${v},付办公用品款,101,,${yuan(fen)}`)
  }
  return { csv: rows.join('\r\n') + '\r\n', lines: VOUCHERS * LINES_PER_VOUCHER }
}

/** Progress reports of one job as the page received them: same kind and what, `done` never going back within a phase. */
function ofJob(seen: JobProgressEvent[], kind: JobProgressEvent['kind'], what: string): JobProgressEvent[] {
  const mine = seen.filter((p) => p.kind === kind && p.what === what)
  for (let i = 1; i < mine.length; i++) {
    if (mine[i]!.phase === mine[i - 1]!.phase) expect(mine[i]!.done).toBeGreaterThanOrEqual(mine[i - 1]!.done)
  }
  return mine
}

describe('长任务进度', () => {
  it('导入大序时账与导出明细账：页面收到引擎的进度，导出时显示「已写入 N / M 行」', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({ prepare: async (e, s) => void (holder.books = await setUpBooks(e, s)), hash: 'vouchers/list' })
    const books = holder.books!
    const { page } = app
    const journal = bigJournal()

    // import through the dialog's file input (the browser path: no native dialogs in the harness)
    await button(page, '导入序时账').click()
    const dialog = page.getByRole('dialog', { name: '导入序时账（凭证）' })
    await dialog.locator('input[type=file]').setInputFiles({ name: '序时账-大.csv', mimeType: 'text/csv', buffer: Buffer.from(journal.csv, 'utf8') })
    await dialog.getByText(`${VOUCHERS} 张，${journal.lines} 行分录`).waitFor({ timeout: 60_000 })
    await button(dialog, '正式导入').click()
    await see(page, '已导入「序时账-大.csv」', 60_000)
    expect((await app.call('voucher.list', { villageId: books.villageId })).total).toBe(VOUCHERS)

    const imported = ofJob(await app.progressSeen(), 'import', 'vouchers')
    const writes = imported.filter((p) => p.phase === 'write')
    expect(writes.length).toBeGreaterThan(1)
    expect(writes.every((p) => p.total === journal.lines)).toBe(true)
    expect(writes.at(-1)!.done).toBe(journal.lines)
    expect(imported.some((p) => p.phase === 'check')).toBe(true)

    // post them all (as the reviewer, through the engine), then export the 办公费 ledger from the page
    const ids = (await app.call('voucher.list', { villageId: books.villageId, limit: 100 })).rows.map((v) => v.id)
    await app.call('voucher.review', { villageId: books.villageId, voucherIds: ids }, books.reviewer)
    await app.call('voucher.post', { villageId: books.villageId, voucherIds: ids }, books.reviewer)
    const office = books.accounts.get('51302')!.id
    await page.evaluate((id) => (window.location.hash = `#/books/ledger?account=${id}&from=2024-01&to=2024-12`), office)
    await page.locator('.ant-table-row').first().waitFor({ timeout: TIMEOUT })

    await button(page, '导出 Excel').click()
    // the bar and the rows written show beside the button while the workbook is written
    const bar = page.getByTestId('job-progress')
    await bar.getByText(/^已写入 [\d,]+ \/ [\d,]+ 行$/).waitFor({ timeout: 20_000 })
    expect(await bar.locator('.ant-progress').count()).toBe(1)
    await page.screenshot({ path: 'test-results/screenshots/progress-export-running.png' })
    const result = page.getByTestId('export-result')
    await result.waitFor({ timeout: 60_000 })
    await app.screenshot('progress-export-done')
    const rowsText = await result.innerText()
    const rows = Number(/共 (\d+) 行/.exec(rowsText)?.[1])
    expect(rows).toBeGreaterThanOrEqual(journal.lines - VOUCHERS)

    const exported = ofJob(await app.progressSeen(), 'export', 'ledger')
    expect(exported.length).toBeGreaterThan(1)
    expect(exported.at(-1)).toMatchObject({ phase: 'done', done: rows, total: rows })
    const written = exported.filter((p) => p.phase === 'write')
    expect(written.length).toBeGreaterThan(1)
    expect(written.every((p) => p.total === rows)).toBe(true)
    // the bar goes when the job is done
    expect(await bar.count()).toBe(0)
  })
})
