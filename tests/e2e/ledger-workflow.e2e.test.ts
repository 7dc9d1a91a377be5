import { describe, expect, it } from 'vitest'
import { PASSWORD, useHarness } from './harness'
import { setUpBooks, type LedgerBooks } from './ledger'
import { button, see, signIn, signOut, tableRow } from './ui'
import type { Page } from 'playwright-core'

const h = useHarness()

async function switchUser(page: Page, username: string): Promise<void> {
  await signOut(page)
  await signIn(page, username, PASSWORD)
  await page.locator('.sanzi-header').getByTestId('user-menu').waitFor()
}

async function openList(page: Page): Promise<void> {
  await page.evaluate(() => (window.location.hash = '#/vouchers/list'))
  await page.getByRole('heading', { name: '凭证列表' }).waitFor()
}

async function selectRow(page: Page, text: string): Promise<void> {
  await tableRow(page, text).locator('.ant-checkbox-input').check()
}

describe('审核、记账与红字冲销', () => {
  it('制单人不能审核自己的凭证；审核人审核、记账得 记-0001；红字冲销后两张凭证互相链接；打印凭证', async () => {
    const holder: { books?: LedgerBooks; clerkVoucher?: number; bossVoucher?: number } = {}
    const app = await h.open({
      prepare: async (engine, session) => {
        const books = await setUpBooks(engine, session)
        holder.books = books
        const line = (code: string, side: 'debit' | 'credit', amount: string, aux?: string) => ({
          summary: '',
          accountId: books.accounts.get(code)!.id,
          auxItemId: aux ? books.aux.get(aux)!.id : null,
          [side]: amount,
        })
        const save = async (s: typeof session, summary: string, date: string, lines: ReturnType<typeof line>[]) => {
          const r = await engine.call(s, 'voucher.save', { villageId: books.villageId, date, attachments: 3, lines: lines.map((l) => ({ ...l, summary })) })
          if (!r.ok) throw new Error(r.error.message)
          return (r.value as { id: number }).id
        }
        holder.clerkVoucher = await save(session, '收到1月出租收入', '2024-01-10', [line('10201', 'debit', '5000', '农商行基本户'), line('50102', 'credit', '5000')])
        holder.bossVoucher = await save(books.supervisor, '支付村干部报酬', '2024-01-12', [line('51301', 'debit', '1800'), line('101', 'credit', '1800')])
      },
      hash: 'vouchers/list',
    })
    const books = holder.books!
    const { page } = app
    const get = (id: number) => app.call('voucher.get', { villageId: books.villageId, voucherId: id }, books.reviewer)

    // the bookkeeper sees both drafts but has no 审核 (the engine would refuse her too)
    await tableRow(page, '收到1月出租收入').waitFor()
    expect(await button(page, '审核').count()).toBe(0)
    const refused = await app.tryCall('voucher.review', { villageId: books.villageId, voucherIds: [holder.clerkVoucher!] })
    expect(refused.ok).toBe(false)

    // the 主管会计 may review, but not a voucher she prepared herself
    await switchUser(page, 'boss')
    await openList(page)
    await selectRow(page, '支付村干部报酬')
    await button(page, '审核').click()
    await see(page, '是您本人制单的，审核须由他人进行')
    await page.getByRole('button', { name: /知道了|确\s*定|OK/ }).click()
    expect((await get(holder.bossVoucher!)).status).toBe('draft')

    // the reviewer reviews and posts
    await switchUser(page, 'checker')
    await openList(page)
    await selectRow(page, '收到1月出租收入')
    await button(page, '审核').click()
    await see(page, '已审核 1 张凭证')
    await tableRow(page, '收到1月出租收入').getByText('已审核').waitFor()
    expect(await get(holder.clerkVoucher!)).toMatchObject({ status: 'reviewed', reviewedBy: '黄伟' })
    await selectRow(page, '收到1月出租收入')
    await button(page, '记账').click()
    await see(page, '已记账 1 张：记-0001')
    const posted = await get(holder.clerkVoucher!)
    expect(posted).toMatchObject({ status: 'posted', number: 1, label: '记-0001', postedBy: '黄伟' })
    await tableRow(page, '记-0001').getByText('已记账').waitFor()

    // the posted voucher opens read-only with its number; the reviewer cannot reverse it
    await tableRow(page, '记-0001').getByText('记-0001').click()
    await page.getByRole('heading', { name: '查看凭证' }).waitFor()
    expect(await page.getByTestId('voucher-number').innerText()).toBe('记-0001')
    await page.locator('.vg-stamp', { hasText: '已记账' }).waitFor()
    expect(await page.getByLabel('第 1 行摘要').count()).toBe(0)
    expect(await button(page, '红字冲销').count()).toBe(0)

    // PageDown goes to the next voucher of the list; the reviewer reviews and posts it from the voucher itself
    await page.getByText('1 / 2').waitFor()
    await page.keyboard.press('PageDown')
    await page.locator('.vg-table').getByText('支付村干部报酬').first().waitFor()
    await button(page, '审核').click()
    await see(page, '已审核')
    await button(page, '记账').click()
    await see(page, '已记账，凭证号 记-0002')
    await page.locator('.vg-stamp', { hasText: '已记账' }).waitFor()
    expect(await page.getByTestId('voucher-number').innerText()).toBe('记-0002')
    expect(await get(holder.bossVoucher!)).toMatchObject({ status: 'posted', label: '记-0002', reviewedBy: '黄伟', preparedBy: '陈桂兰' })
    await page.keyboard.press('PageUp')
    await page.locator('.vg-table').getByText('收到1月出租收入').first().waitFor()

    // the bookkeeper reverses it: a red draft that names the original
    await switchUser(page, 'clerk')
    await page.evaluate((id) => (window.location.hash = `#/vouchers/view?id=${id}`), holder.clerkVoucher!)
    await button(page, '红字冲销').click()
    const dialog = page.getByRole('dialog', { name: /红字冲销 记-0001/ })
    await dialog.getByLabel('冲销日期').waitFor()
    await button(dialog, '生成冲销凭证').click()
    await see(page, '已生成红字冲销凭证')
    await page.locator('.vg-title').getByText('红字冲销').waitFor()
    await page.getByText('查看被冲销的原凭证').waitFor()
    await page.locator('.vg-table .sz-red').first().waitFor()
    const list = await app.call('voucher.list', { villageId: books.villageId }, books.reviewer)
    const reversal = list.rows.find((r) => r.reversesId === holder.clerkVoucher)
    expect(reversal).toMatchObject({ status: 'draft', total: '-5000.00', source: 'reversal' })
    const red = await get(reversal!.id)
    expect(red.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
      ['10201', '-5000.00', '0.00'],
      ['50102', '0.00', '-5000.00'],
    ])
    expect(red.lines[0]!.summary).toContain('冲销 1月10日 记字第1号凭证')
    await app.screenshot('ledger-voucher-reversal')

    // the list links both ways
    await openList(page)
    await tableRow(page, '记-0001').getByText('已冲销').waitFor()
    const redRow = tableRow(page, '冲销 1月10日')
    await redRow.getByText('冲销原凭证').waitFor()
    await redRow.getByText('-5,000.00').waitFor()
    await tableRow(page, '记-0001').getByText('已冲销').click()
    await page.locator('.vg-title').getByText('红字冲销').waitFor()
    expect(page.url()).toContain(`id=${reversal!.id}`)

    // print view of the posted voucher: 大写 and the signature boxes
    await openList(page)
    await selectRow(page, '记-0001')
    await button(page, '打印').click()
    const sheet = page.locator('.pv-sheet').first()
    await sheet.waitFor()
    await sheet.getByText('记字第').waitFor()
    expect(await sheet.locator('.pv-no').innerText()).toBe('0001')
    await sheet.getByText('合计（大写）：人民币伍仟元整').waitFor()
    await sheet.getByText('审核：黄伟').waitFor()
    await sheet.getByText('记账：黄伟').waitFor()
    await sheet.getByText('制单：刘志强').waitFor()
    await app.screenshot('ledger-voucher-print')
    await button(page, '返回').click()
    await page.getByRole('heading', { name: '凭证列表' }).waitFor()
  })
})
