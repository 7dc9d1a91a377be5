import { existsSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { insertDraft } from '../../electron/core/ledger/vouchers'
import { postReviewed } from '../../electron/core/ledger/posting'
import { useHarness } from './harness'
import { formatFen, parseYuan } from '../../shared/money'
import { bookRow, postVoucher, setUpBooks, type LedgerBooks } from './ledger'
import { button } from './ui'

const h = useHarness()

/** Opening balances and six posted vouchers over January and February 2024. */
async function books2024(engine: Parameters<typeof setUpBooks>[0], session: Parameters<typeof setUpBooks>[1]): Promise<LedgerBooks> {
  const books = await setUpBooks(engine, session)
  const id = (code: string) => books.accounts.get(code)!.id
  const r = await engine.call(session, 'opening.save', {
    villageId: books.villageId,
    rows: [
      { accountId: id('101'), debit: '2000' },
      { accountId: id('10201'), auxItemId: books.aux.get('农商行基本户')!.id, debit: '300000' },
      { accountId: id('301'), credit: '302000' },
    ],
  })
  if (!r.ok) throw new Error(r.error.message)
  const post = (date: string, summary: string, debit: [string, string?], credit: [string, string?], amount: string) => postVoucher(engine, books, { date, summary, debit, credit, amount })
  await post('2024-01-05', '收到鑫达苗木发包款', ['10201', '农商行基本户'], ['50101'], '12000')
  await post('2024-01-12', '支付1月村干部报酬', ['51301'], ['10201', '农商行基本户'], '4800')
  await post('2024-01-20', '购买办公用品', ['51302'], ['101'], '356.80')
  await post('2024-02-03', '收到出租收入', ['10201', '农商行基本户'], ['50102'], '2500')
  await post('2024-02-18', '支付2月村干部报酬', ['51301'], ['10201', '农商行基本户'], '4800')
  await post('2024-02-26', '社区文体活动支出', ['5140101'], ['101'], '620')
  return books
}

describe('账簿与报表', () => {
  it('科目余额表试算平衡，点科目进明细账，点分录进凭证；导出 Excel', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({ prepare: async (e, s) => void (holder.books = await books2024(e, s)), hash: 'books/trial-balance?from=2024-01&to=2024-02' })
    const books = holder.books!
    const { page } = app
    await page.getByTestId('tb-balanced').getByText('试算平衡').waitFor()
    const tb = await app.call('report.trialBalance', { villageId: books.villageId, from: '2024-01', to: '2024-02' })
    expect(tb.balanced).toBe(true)
    expect(await page.getByTestId('tb-total-debit').innerText()).toBe('25,076.80')
    expect(tb.totals.debit).toBe('25076.80')
    expect(await page.getByTestId('tb-total-closingDebit').innerText()).toBe(await page.getByTestId('tb-total-closingCredit').innerText())
    const bank = bookRow(page, '农商行基本户')
    await bank.getByText('300,000.00').first().waitFor()
    await bank.getByText('14,500.00').first().waitFor()
    await bank.getByText('9,600.00').first().waitFor()
    await bank.getByText('304,900.00').first().waitFor()
    await bookRow(page, '5140101').getByText('社区活动').waitFor()
    await app.screenshot('ledger-trial-balance')

    // 显示辅助核算 adds the bank account under 10201; 一级科目 leaves the three-digit codes
    await page.getByLabel('显示辅助核算').click()
    await bookRow(page, '· 农商行基本户').waitFor()
    await page.getByLabel('显示辅助核算').click()

    // drill down: the trial balance row opens its 明细账 for the same months
    await bank.click()
    await page.getByRole('heading', { name: '明细账' }).waitFor()
    await page.locator('.lg-title-name').getByText('银行存款/农商行基本户').waitFor()
    expect(page.url()).toContain('from=2024-01&to=2024-02')
    const opening = bookRow(page, '上年结转')
    await opening.getByText('300,000.00').waitFor()
    const pay = bookRow(page, '支付1月村干部报酬')
    await pay.getByText('记-0002').waitFor()
    await pay.getByText('307,200.00').waitFor()
    await bookRow(page, '2024年1月 本月合计').getByText('12,000.00').waitFor()
    const feb = bookRow(page, '2024年2月 本月合计')
    await feb.getByText('2,500.00').waitFor()
    await feb.getByText('304,900.00').waitFor()
    await bookRow(page, '本年累计').last().getByText('14,500.00').waitFor()
    const ledger = await app.call('report.ledger', { villageId: books.villageId, accountId: books.accounts.get('10201')!.id, from: '2024-01', to: '2024-02' })
    expect(ledger.entries.filter((e) => e.kind === 'line')).toHaveLength(4)
    expect(ledger.entries.at(-1)).toMatchObject({ kind: 'yearTotal', side: '借', balance: '304900.00' })
    await app.screenshot('ledger-ledger')

    // 导出 Excel: the engine writes the workbook and names the file
    await button(page, '导出 Excel').click()
    const result = page.getByTestId('export-result')
    await result.waitFor()
    const path = (await result.locator('.sanzi-mono').first().innerText()).trim()
    expect(path).toMatch(/明细账.*\.xlsx$/)
    expect(existsSync(path)).toBe(true)
    expect(statSync(path).size).toBeGreaterThan(1000)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const cells: string[] = []
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))))
    expect(cells.some((c) => c.includes('支付1月村干部报酬'))).toBe(true)
    await app.screenshot('ledger-export')
    await page.getByRole('button', { name: /知道了|确\s*定|OK/ }).click()

    // and the line opens its voucher
    await pay.click()
    await page.getByRole('heading', { name: '查看凭证' }).waitFor()
    expect(await page.getByTestId('voucher-number').innerText()).toBe('记-0002')
    await page.locator('.vg-table').getByText('支付1月村干部报酬').first().waitFor()
  })

  it('资产负债表与收益及收益分配表：勾稽相符，行次取数可查明细账', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({ prepare: async (e, s) => void (holder.books = await books2024(e, s)), hash: 'reports/balance-sheet?to=2024-02' })
    const books = holder.books!
    const { page } = app
    const sheet = await app.call('report.balanceSheet', { villageId: books.villageId, to: '2024-02' })
    expect(sheet.ok).toBe(true)
    await page.locator('.st-title').getByText('资产负债表').waitFor()
    const checks = page.getByTestId('statement-checks')
    await checks.locator('.ant-tag').first().waitFor()
    expect(await checks.locator('.ant-tag-error').count()).toBe(0)
    // 货币资金 at the end of February: 2,000 − 356.80 − 620 + 304,900
    const cash = page.locator('.st-table tr', { has: page.getByText('货币资金', { exact: true }) })
    await cash.getByText('305,923.20').waitFor()
    await app.screenshot('ledger-balance-sheet')
    await cash.getByText('货币资金', { exact: true }).click()
    await page.getByText('查看明细账：101 库存现金').click()
    await page.locator('.lg-title-name').getByText('库存现金').waitFor()
    await bookRow(page, '社区文体活动支出').getByText('620.00').waitFor()

    await page.evaluate(() => (window.location.hash = '#/reports/income?to=2024-02'))
    await page.locator('.st-title').getByText('收益及收益分配表').waitFor()
    const income = await app.call('report.incomeStatement', { villageId: books.villageId, to: '2024-02' })
    expect(income.ok).toBe(true)
    await page.locator('.st-table tr', { has: page.getByText('一、经营收入', { exact: true }) }).getByText('14,500.00').waitFor()
    expect(await page.getByTestId('statement-checks').locator('.ant-tag-error').count()).toBe(0)
    await app.screenshot('ledger-income-statement')
  })

  it('明细账十万行：虚拟滚动，只渲染可见的行，可滚到年末', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({
      prepare: async (engine, session) => {
        const books = await setUpBooks(engine, session)
        holder.books = books
        const cash = books.accounts.get('101')!.id
        const other = books.accounts.get('504')!.id
        // 200 posted vouchers of 500 cash lines each, written through the engine's own draft and posting code
        await engine.db.transaction().execute(async (db) => {
          const ids: number[] = []
          for (let i = 0; i < 200; i++) {
            const m = String(1 + Math.floor(i / 17)).padStart(2, '0')
            const lines = Array.from({ length: 500 }, (_, j) => ({ summary: `零星收入 ${i + 1}-${j + 1}`, accountId: cash, auxItemId: null, debit: 100 + j, credit: 0 }))
            lines.push({ summary: '零星收入汇总', accountId: other, auxItemId: null, debit: 0, credit: lines.reduce((a, l) => a + l.debit, 0) })
            ids.push(await insertDraft(db, { villageId: books.villageId, date: `2024-${m}-15`, attachments: 0, lines, source: 'manual', preparedBy: 1 }))
          }
          await db.updateTable('voucher').set({ status: 'reviewed', reviewed_by: 1, reviewed_at: '2024-12-31T09:00:00.000+08:00' }).where('id', 'in', ids).execute()
          await postReviewed(db, books.villageId, ids, 1)
        })
      },
    })
    const books = holder.books!
    const { page } = app
    // time from the book's data arriving to its first rows on screen (the bridge and the engine are timed apart)
    await page.evaluate(() => {
      const w = window as unknown as { sanzi: { call: (m: string, i: unknown) => Promise<unknown> }; __ledgerAt?: number }
      const call = w.sanzi.call
      w.sanzi.call = async (m, i) => {
        const r = await call(m, i)
        if (m === 'report.ledger') w.__ledgerAt = performance.now()
        return r
      }
    })
    const t0 = Date.now()
    await page.evaluate((id) => (window.location.hash = `#/books/ledger?account=${id}&from=2024-01&to=2024-12`), books.accounts.get('101')!.id)
    await page.getByText('零星收入 1-1', { exact: true }).waitFor({ timeout: 60_000 })
    const renderMs = await page.evaluate(() => performance.now() - ((window as unknown as { __ledgerAt: number }).__ledgerAt ?? 0))
    const loadMs = Date.now() - t0
    expect(renderMs).toBeLessThan(3000)
    await page.getByText('共 100,000 笔').waitFor()
    const rendered = await page.locator('.ant-table-tbody-virtual .ant-table-row').count()
    expect(rendered).toBeLessThan(120)

    // scroll through the year with the wheel; the rows drawn stay few and the frames keep coming
    const holderBox = page.locator('.ant-table-tbody-virtual-holder')
    await holderBox.hover()
    const frames = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          let n = 0
          const start = performance.now()
          const tick = () => {
            n++
            if (performance.now() - start < 1500) requestAnimationFrame(tick)
            else done(n)
          }
          requestAnimationFrame(tick)
        }),
    )
    expect(frames).toBeGreaterThan(10)
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 4000)
    expect(await page.locator('.ant-table-tbody-virtual .ant-table-row').count()).toBeLessThan(120)
    await holderBox.evaluate((el) => (el.scrollTop = el.scrollHeight))
    await bookRow(page, '2024年12月 本月合计').waitFor()
    const last = bookRow(page, '本年累计').last()
    await last.waitFor()
    const ledger = await app.call('report.ledger', { villageId: books.villageId, accountId: books.accounts.get('101')!.id, from: '2024-01', to: '2024-12' })
    expect(ledger.entries).toHaveLength(100_000 + 1 + 24)
    const yearEnd = ledger.entries.at(-1)!
    const balance = parseYuan(yearEnd.balance)
    if (!balance.ok) throw new Error(balance.reason)
    await last.getByText(formatFen(balance.fen)).first().waitFor()
    await app.screenshot('ledger-ledger-100k')
    console.log(`明细账 10 万行：取数并传到页面后 ${Math.round(renderMs)} ms 画出首屏；连同引擎与测试桥共 ${loadMs} ms`)
  })
})
