import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useHarness } from './harness'
import { bookRow, postVoucher, setUpBooks, type LedgerBooks } from './ledger'
import { button, choose, drawer, see, tableRow } from './ui'

const h = useHarness()
const RESOURCES = '/work/shared/fixtures/resources.xlsx'

describe('资源、合同、预警与三资概览', () => {
  it('把闲置鱼塘发包：登记合同（收款计划预览）、资源变更为发包，从已记账凭证登记收款；预警与概览', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({
      prepare: async (engine, session) => {
        const books = await setUpBooks(engine, session)
        holder.books = books
        const r = await engine.call(session, 'import.resources', {
          villageId: books.villageId,
          file: { fileName: 'resources.xlsx', contentBase64: readFileSync(RESOURCES).toString('base64') },
          commit: true,
        })
        if (!r.ok) throw new Error(r.error.message)
        // the first year's charge, received into the bank; the summary names the contract
        await postVoucher(engine, books, { date: '2024-03-10', summary: '收小塘鱼塘HT2024-101发包款', debit: ['10201', '农商行基本户'], credit: ['50101'], amount: '12000.00' })
        // a receivable for the ageing chart
        await postVoucher(engine, books, { date: '2024-04-20', summary: '应收苗木公司租金', debit: ['11201', '肥东鑫达苗木有限公司'], credit: ['50102'], amount: '5000.00' })
      },
      hash: 'resources/parcels',
    })
    const books = holder.books!
    const { page } = app

    // 资源台账: 30 parcels, areas to 4 decimals
    await page.getByRole('heading', { name: '资源台账' }).waitFor()
    const totals = page.getByTestId('parcel-totals')
    await see(totals, '3,247.2409') // Σ of the 30 parcels in resources.xlsx
    await see(page.getByTestId('parcel-table'), '大塘果园')
    await app.screenshot('registers-resources')
    await choose(page, page.getByLabel('使用状况'), '闲置')
    await expect.poll(() => page.getByTestId('parcel-table').getByText('北岗地块').count()).toBe(0)
    await see(page.getByTestId('parcel-table'), '小塘鱼塘')

    // 合同台账 → 登记合同 with the schedule preview
    await page.evaluate(() => (window.location.hash = '#/contracts/list'))
    await page.getByRole('heading', { name: '合同台账' }).waitFor()
    await button(page, '登记合同').click()
    const form = page.getByTestId('contract-form')
    await form.getByLabel('合同编号').fill('HT2024-101')
    await form.getByLabel('合同名称').fill('小塘鱼塘发包合同')
    await form.getByLabel('乙方').fill('杨桥渔业养殖专业合作社')
    await choose(page, form.getByLabel('往来单位（辅助核算）'), '杨桥渔业养殖专业合作社')
    await form.getByLabel('标的（资源、资产）').fill('ZY018')
    await choose(page, form.getByLabel('标的（资源、资产）'), 'ZY018 小塘鱼塘')
    await page.keyboard.press('Escape')
    await form.getByPlaceholder('起始日期').click()
    await form.getByPlaceholder('起始日期').fill('2024-01-01')
    await form.getByPlaceholder('起始日期').press('Enter')
    await form.getByPlaceholder('终止日期').fill('2028-12-31')
    await form.getByPlaceholder('终止日期').press('Enter')
    await form.getByLabel('合同金额（元）').fill('60000')
    await form.getByLabel('决议会议').fill('村民代表会议')
    await form.getByLabel('参会人数').fill('35')
    await form.getByLabel('赞成票').fill('33')
    const preview = page.getByTestId('schedule-preview')
    await see(preview, '收款计划 5 期')
    await see(preview, '与合同金额一致')
    await expect.poll(() => preview.locator('.ant-table-row').count()).toBe(5)
    await app.screenshot('registers-contract-form')
    await button(page.getByRole('dialog', { name: '登记合同' }), '保存').click()

    const contract = drawer(page, 'HT2024-101 小塘鱼塘发包合同')
    await contract.waitFor()
    await contract.getByRole('tab', { name: /收款计划/ }).click()
    await tableRow(contract.getByTestId('contract-schedule'), '2024-01-01').waitFor()
    await contract.getByRole('tab', { name: '四议两公开' }).click()
    await see(contract, '村民代表会议')

    // 登记收款: the engine finds the bank receipt naming the contract
    await button(contract, '登记收款').click()
    const receipt = page.getByRole('dialog', { name: /登记收款：HT2024-101/ })
    await tableRow(receipt.getByTestId('receipt-matches'), '收小塘鱼塘HT2024-101发包款').waitFor()
    await button(receipt, '确认登记 1 笔').click()
    await see(page, '已登记收款 1 笔，合计 12,000.00 元')
    await contract.getByRole('tab', { name: /收款记录/ }).click()
    const receipts = contract.getByTestId('contract-receipts')
    await tableRow(receipts, '12,000.00').waitFor()
    await see(receipts, '记-0001')
    await see(contract.getByTestId('contract-figures'), '12,000.00')
    await contract.getByRole('tab', { name: /变动记录/ }).click()
    await see(contract.getByTestId('movement-timeline'), '收款')
    await app.screenshot('registers-contract-drawer')
    const got = await app.call('contract.list', { villageId: books.villageId, search: 'HT2024-101' })
    expect(got.rows.map((r) => [r.number, r.amount, r.received, r.subjects.map((s) => s.code)])).toEqual([['HT2024-101', '60000.00', '12000.00', ['ZY018']]])
    await page.keyboard.press('Escape')
    await see(page.getByTestId('contract-totals'), '24,000.00') // 欠款: 2025 and 2026 instalments due, unpaid
    await app.screenshot('registers-contracts')

    // the parcel is let out: 变更 使用状况 闲置 → 发包, with the contractor
    await page.evaluate(() => (window.location.hash = '#/resources/parcels'))
    await page.getByRole('heading', { name: '资源台账' }).waitFor()
    await page.getByLabel('搜索资源').fill('ZY018')
    await page.getByLabel('搜索资源').press('Enter')
    await bookRow(page.getByTestId('parcel-table'), '小塘鱼塘').click()
    const parcel = drawer(page, 'ZY018 小塘鱼塘')
    await parcel.waitFor()
    await see(parcel, 'HT2024-101')
    await button(parcel, '变更').click()
    const change = page.getByTestId('parcel-change-form')
    await change.getByLabel('变动日期').fill('2024-01-01')
    await change.getByLabel('变动日期').press('Enter')
    await choose(page, change.getByLabel('使用状况'), '发包')
    await change.getByLabel('使用人/承包方').fill('杨桥渔业养殖专业合作社')
    await change.getByLabel('原因 / 依据').fill('村民代表会议决议发包')
    await button(page.getByRole('dialog', { name: /资源变动/ }), '确定').click()
    await parcel.getByRole('tab', { name: /变动记录/ }).click()
    await see(parcel.getByTestId('movement-timeline'), '使用状况：闲置 → 发包')
    await app.screenshot('registers-parcel-drawer')
    await page.keyboard.press('Escape')

    // 预警: ZY010 let out without a contract (应签尽签); ZY018 is not among them
    await page.evaluate(() => (window.location.hash = '#/registers/alerts'))
    await page.getByRole('heading', { name: '台账预警' }).waitFor()
    await page.getByRole('tab', { name: /应签未签/ }).click()
    const unsigned = page.getByTestId('alert-unsigned')
    await tableRow(unsigned, 'ZY010').waitFor()
    expect(await tableRow(unsigned, 'ZY018').count()).toBe(0)
    await app.screenshot('registers-alerts')
    await tableRow(unsigned, 'ZY010').getByText('ZY010', { exact: true }).click()
    await drawer(page, 'ZY010 大塘果园').waitFor()
    await see(drawer(page, 'ZY010 大塘果园'), '应签尽签')
    await page.keyboard.press('Escape')

    // 三资概览: the figures and the four charts
    await page.evaluate(() => (window.location.hash = '#/registers/dashboard'))
    await page.getByRole('heading', { name: '三资概览' }).waitFor()
    const figures = page.getByTestId('dashboard-figures')
    await see(figures, '3,247.2409')
    await see(figures, '12,000.00') // 银行存款
    await see(figures, '5,000.00') // 资产: the receivable (no cards in this village)
    for (const chart of ['chart-composition', 'chart-land', 'chart-ageing']) {
      await page.getByTestId(chart).locator('svg').first().waitFor()
    }
    await see(page.getByTestId('chart-land'), '坑塘水面')
    await app.screenshot('registers-dashboard')
  })
})
