import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PASSWORD, useHarness } from './harness'
import { postVoucher, setUpBooks, type LedgerBooks } from './ledger'
import { button, popconfirm, see, signIn, signOut, tableRow } from './ui'

const h = useHarness()

function periodRow(page: Page, label: string) {
  return page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.getByText(label, { exact: true }) })
}

describe('结账', () => {
  it('有未记账凭证时拒绝结账；删除草稿后结账；主管会计填写原因反结账', async () => {
    const holder: { books?: LedgerBooks; draft?: number } = {}
    const app = await h.open({
      prepare: async (engine, session) => {
        const books = await setUpBooks(engine, session)
        holder.books = books
        await postVoucher(engine, books, { date: '2024-01-08', summary: '收到出租收入', debit: ['10201', '农商行基本户'], credit: ['50102'], amount: '6000' })
        const r = await engine.call(session, 'voucher.save', {
          villageId: books.villageId,
          date: '2024-01-20',
          lines: [
            { summary: '购买办公用品', accountId: books.accounts.get('51302')!.id, debit: '320' },
            { summary: '购买办公用品', accountId: books.accounts.get('101')!.id, credit: '320' },
          ],
        })
        if (!r.ok) throw new Error(r.error.message)
        holder.draft = (r.value as { id: number }).id
      },
      hash: 'vouchers/close',
    })
    const books = holder.books!
    const { page } = app
    const jan = periodRow(page, '2024年1月')
    await jan.getByText('当前期间').waitFor()
    expect(await jan.locator('td').nth(2).innerText()).toBe('1')
    expect(await jan.locator('td').nth(4).innerText()).toBe('1')

    // the engine refuses while a draft is left; its message is shown
    await button(jan, '结账').click()
    const refusal = page.getByTestId('close-refusal')
    await refusal.getByText('2024年1月 还有 1 张凭证未记账（草稿或已审核），全部记账后才能结账').waitFor()
    await app.screenshot('ledger-close-refused')
    let periods = await app.call('period.list', { villageId: books.villageId, year: 2024 }, books.reviewer)
    expect(periods[0]).toMatchObject({ period: '2024-01', closed: false, drafts: 1, posted: 1 })

    // the draft count opens the list of those drafts; delete it there
    await jan.locator('td').nth(2).getByText('1').click()
    await page.getByRole('heading', { name: '凭证列表' }).waitFor()
    await tableRow(page, '购买办公用品').locator('.ant-checkbox-input').check()
    expect(await tableRow(page, '收到出租收入').count()).toBe(0)
    await button(page, '删除草稿').click()
    await button(popconfirm(page, '删除所选的 1 张草稿？'), '删除').click()
    await see(page, '已删除 1 张草稿')
    expect((await app.tryCall('voucher.get', { villageId: books.villageId, voucherId: holder.draft! }, books.reviewer)).ok).toBe(false)

    await page.evaluate(() => (window.location.hash = '#/vouchers/close'))
    await button(periodRow(page, '2024年1月'), '结账').click()
    await see(page, '2024年1月 已结账')
    await periodRow(page, '2024年1月').getByText('已结账').waitFor()
    await periodRow(page, '2024年2月').getByText('当前期间').waitFor()
    periods = await app.call('period.list', { villageId: books.villageId, year: 2024 }, books.reviewer)
    expect(periods[0]).toMatchObject({ period: '2024-01', closed: true, closedBy: '刘志强' })
    // only the 主管会计 reopens
    expect(await button(page, '反结账').count()).toBe(0)
    await app.screenshot('ledger-close')

    // new vouchers now go into February
    await page.evaluate(() => (window.location.hash = '#/vouchers/entry'))
    expect(await page.getByLabel('凭证日期').inputValue()).toMatch(/^2024-02-/)

    await signOut(page)
    await signIn(page, 'boss', PASSWORD)
    await page.evaluate(() => (window.location.hash = '#/vouchers/close'))
    await button(periodRow(page, '2024年1月'), '反结账').click()
    const dialog = page.getByRole('dialog', { name: '反结账 2024年1月' })
    await dialog.getByLabel('反结账原因').fill('补录')
    await button(dialog, '反结账').click()
    await dialog.getByText('「反结账原因」至少 4 个字').waitFor()
    await dialog.getByLabel('反结账原因').fill('补录 1 月漏记的银行手续费')
    await button(dialog, '反结账').click()
    await see(page, '2024年1月 已反结账')
    await periodRow(page, '2024年1月').getByText('当前期间').waitFor()
    periods = await app.call('period.list', { villageId: books.villageId, year: 2024 }, books.reviewer)
    expect(periods[0]!.closed).toBe(false)
    const log = await app.call('audit.list', { search: '反结账' })
    expect(log.rows[0]?.summary.action).toBe('反结账：2024年1月，原因：补录 1 月漏记的银行手续费')
  })

  it('年终结转生成结转凭证草稿；未记账前拒绝结 12 月的账', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({
      prepare: async (engine, session) => {
        const books = await setUpBooks(engine, session)
        holder.books = books
        await postVoucher(engine, books, { date: '2024-03-15', summary: '收到发包款', debit: ['10201', '农商行基本户'], credit: ['50101'], amount: '8000' })
        await postVoucher(engine, books, { date: '2024-05-20', summary: '支付办公费', debit: ['51302'], credit: ['10201', '农商行基本户'], amount: '1250.40' })
        for (let m = 1; m <= 11; m++) {
          const r = await engine.call(session, 'period.close', { villageId: books.villageId, period: `2024-${String(m).padStart(2, '0')}` })
          if (!r.ok) throw new Error(r.error.message)
        }
      },
      hash: 'vouchers/close',
    })
    const books = holder.books!
    const { page } = app
    await periodRow(page, '2024年12月').getByText('当前期间').waitFor()
    await button(page, '年终结转').click()
    await see(page, '已生成 2 张年终结转凭证（草稿）')
    await page.getByText('2024-12-31 结转本年收益，金额 8,000.00').waitFor()
    const vouchers = await app.call('voucher.list', { villageId: books.villageId, from: '2024-12', to: '2024-12' }, books.reviewer)
    expect(vouchers.rows.map((v) => [v.source, v.status, v.date])).toEqual([
      ['carryForward', 'draft', '2024-12-31'],
      ['carryForward', 'draft', '2024-12-31'],
    ])
    await button(periodRow(page, '2024年12月'), '结账').click()
    await page.getByTestId('close-refusal').getByText('2024年12月 还有 2 张凭证未记账').waitFor()

    // a second run is refused while those drafts wait
    await button(page, '年终结转').click()
    await page.getByTestId('close-refusal').getByText('2024 年已有未记账的结转凭证，请先审核记账或删除后再结转').waitFor()

    // the links open the drafts
    await page.getByText('2024-12-31 结转本年收益，金额 8,000.00').click()
    await page.getByRole('heading', { name: /修改凭证|查看凭证/ }).waitFor()
    await page.locator('.vg-table .vg-code', { hasText: /^321$/ }).waitFor()
  })
})
