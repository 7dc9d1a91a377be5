import { describe, expect, it } from 'vitest'
import { useHarness } from './harness'
import { setUpBooks, VILLAGE_NAME, type LedgerBooks } from './ledger'
import { button, see, tableRow } from './ui'

const h = useHarness()

function booksOf(holder: { books?: LedgerBooks }): LedgerBooks {
  if (!holder.books) throw new Error('books not set up')
  return holder.books
}

describe('凭证录入', () => {
  it('键盘录入：Enter 逐格、摘要沿用上行、= 自动平衡、Ctrl+S 保存，凭证列表可见', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({ prepare: async (e, s) => void (holder.books = await setUpBooks(e, s)), hash: 'vouchers/entry' })
    const books = booksOf(holder)
    const { page } = app
    await see(page, VILLAGE_NAME)
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')

    // the date defaults into the first open month (2024-01: nothing is closed yet)
    expect(await page.getByLabel('凭证日期').inputValue()).toMatch(/^2024-01-\d\d$/)
    await page.getByLabel('凭证日期').fill('2024-01-15')
    await page.getByLabel('凭证日期').press('Enter')
    expect(await focused()).toBe('附单据数')
    await page.keyboard.type('2')
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('第 1 行摘要')

    await page.keyboard.type('收到鑫达苗木发包款')
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('第 1 行科目')
    // the lookup finds by code; 10201 carries a bank account, so Enter goes to 辅助核算
    await page.keyboard.type('10201')
    await page.locator('.vg-combo-list').getByText('银行存款/农商行基本户').waitFor()
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('第 1 行银行账户')
    await page.keyboard.type('农商')
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('第 1 行借方金额')
    await page.keyboard.type('12,000.5')
    await page.keyboard.press('Enter')
    // an amount on the debit side: on to the next line (added at the end when needed)
    expect(await focused()).toBe('第 2 行摘要')

    // 摘要 left empty takes the one above
    await page.keyboard.press('Enter')
    expect(await page.getByLabel('第 2 行摘要').inputValue()).toBe('收到鑫达苗木发包款')
    // the lookup also finds by any part of the name
    await page.keyboard.type('发包')
    await page.locator('.vg-combo-list').getByText('经营收入/发包收入').waitFor()
    await app.screenshot('ledger-voucher-lookup')
    await page.keyboard.press('Enter')
    expect(await page.getByLabel('第 2 行科目').inputValue()).toBe('50101 经营收入/发包收入')
    expect(await focused()).toBe('第 2 行借方金额')
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('第 2 行贷方金额')
    // = fills the amount that balances the voucher
    await page.keyboard.press('=')
    expect(await page.getByLabel('第 2 行贷方金额').inputValue()).toBe('12000.50')
    await page.getByTestId('amount-in-words').getByText('人民币壹万贰仟元零伍角整').waitFor()
    await app.screenshot('ledger-voucher-entry')

    await page.keyboard.press('Control+s')
    await see(page, '凭证已保存')
    const list = await app.call('voucher.list', { villageId: books.villageId })
    expect(list.total).toBe(1)
    const saved = await app.call('voucher.get', { villageId: books.villageId, voucherId: list.rows[0]!.id })
    expect(saved).toMatchObject({ date: '2024-01-15', attachments: 2, status: 'draft', total: '12000.50', preparedBy: '刘志强' })
    expect(saved.lines.map((l) => [l.summary, l.accountCode, l.auxItemName, l.debit, l.credit])).toEqual([
      ['收到鑫达苗木发包款', '10201', '农商行基本户', '12000.50', '0.00'],
      ['收到鑫达苗木发包款', '50101', null, '0.00', '12000.50'],
    ])

    // the saved draft stays open for changes; 凭证列表 shows it
    await page.getByRole('heading', { name: '修改凭证' }).waitFor()
    await button(page, '凭证列表').click()
    const row = tableRow(page, '收到鑫达苗木发包款')
    await row.waitFor()
    await row.getByText('12,000.50').waitFor()
    await row.getByText('草稿').waitFor()
    await app.screenshot('ledger-voucher-list')

    // Ctrl+Shift+S saves and starts a new voucher on the same date
    await row.getByText('未记账').click()
    await page.getByRole('heading', { name: '修改凭证' }).waitFor()
    await page.getByLabel('第 1 行借方金额').fill('12600')
    await page.getByLabel('第 2 行贷方金额').click()
    await page.keyboard.press('=')
    await page.keyboard.press('Control+Shift+S')
    await page.getByRole('heading', { name: '凭证录入' }).waitFor()
    expect(await page.getByLabel('凭证日期').inputValue()).toBe('2024-01-15')
    expect(await page.getByLabel('第 1 行摘要').inputValue()).toBe('')
    const edited = await app.call('voucher.get', { villageId: books.villageId, voucherId: saved.id })
    expect(edited.total).toBe('12600.00')
    expect((await app.call('voucher.list', { villageId: books.villageId })).total).toBe(1)
  })

  it('错误的凭证：引擎的提示落在对应单元格；在辅助核算格中新增往来单位后保存', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({ prepare: async (e, s) => void (holder.books = await setUpBooks(e, s)), hash: 'vouchers/entry' })
    const books = booksOf(holder)
    const { page } = app
    await page.getByLabel('第 1 行摘要').click()
    await page.keyboard.type('应收华农果业发包款')
    await page.keyboard.press('Enter')
    await page.keyboard.type('11201')
    await page.keyboard.press('Enter')
    // leave the 往来单位 empty
    await page.keyboard.press('Tab')
    await page.getByLabel('第 1 行借方金额').fill('3000')
    await page.getByLabel('第 2 行摘要').click()
    await page.keyboard.press('Enter')
    await page.keyboard.type('50101')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.keyboard.type('3000.125')
    await page.keyboard.press('Tab')
    // the amount parser flags three decimals at once
    await page.locator('td.vg-credit.vg-cell-error').waitFor()

    // the engine names the amount: its message sits on the cell and in the list
    await page.keyboard.press('Control+s')
    const issues = page.getByTestId('voucher-issues')
    await issues.getByText('第 2 行：「贷方金额」金额“3000.125”超过两位小数').waitFor()
    expect(await page.locator('tr[data-row="1"] td.vg-credit').getAttribute('title')).toContain('超过两位小数')

    await page.getByLabel('第 2 行贷方金额').fill('3000')
    await page.keyboard.press('Control+s')
    // next the rules of the books: 11201 needs a 往来单位
    await issues.getByText('第 1 行「辅助核算」：科目“11201 应收单位款项”需要填写往来单位').waitFor()
    await page.locator('tr[data-row="0"] td.vg-auxItemId.vg-cell-error').waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('第 1 行往来单位')
    await app.screenshot('ledger-voucher-errors')
    expect((await app.call('voucher.list', { villageId: books.villageId })).total).toBe(0)

    // a new counterparty is made from the cell: type its name, pick 新增…
    await page.keyboard.type('肥东华农果业有限公司')
    await page.locator('.vg-combo-list').getByText('新增往来单位「肥东华农果业有限公司」').waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await see(page, '已新增「肥东华农果业有限公司」')
    expect(await page.getByLabel('第 1 行往来单位').inputValue()).toBe('肥东华农果业有限公司')
    await page.keyboard.press('Control+s')
    await see(page, '凭证已保存')
    const items = await app.call('aux.list', { villageId: books.villageId, kind: 'counterparty' })
    const item = items.find((x) => x.name === '肥东华农果业有限公司')
    expect(item).toBeDefined()
    const list = await app.call('voucher.list', { villageId: books.villageId })
    const v = await app.call('voucher.get', { villageId: books.villageId, voucherId: list.rows[0]!.id })
    expect(v.lines[0]).toMatchObject({ accountCode: '11201', auxItemId: item!.id, debit: '3000.00' })
    expect(v.lines[1]).toMatchObject({ accountCode: '50101', credit: '3000.00' })
    await expect(issues.count()).resolves.toBe(0)
  })
})
