import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useHarness } from './harness'
import { setUpBooks, type LedgerBooks } from './ledger'
import { button, choose, drawer, popconfirm, see, tableRow } from './ui'

const h = useHarness()
const FIXTURE = '/work/shared/fixtures/assets.xlsx'

describe('固定资产卡片与折旧计提', () => {
  it('导入卡片、新增一张卡片（生成凭证草稿），计提两个月折旧，查看变动记录与台账核对', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({
      prepare: async (engine, session) => {
        const books = await setUpBooks(engine, session)
        holder.books = books
        const sub = await engine.call(session, 'account.create', { villageId: books.villageId, code: '51307', name: '折旧费', auxKind: null })
        if (!sub.ok) throw new Error(sub.error.message)
        const r = await engine.call(session, 'import.assets', {
          villageId: books.villageId,
          file: { fileName: 'assets.xlsx', contentBase64: readFileSync(FIXTURE).toString('base64') },
          commit: true,
        })
        if (!r.ok) throw new Error(r.error.message)
      },
      hash: 'assets/cards',
    })
    const books = holder.books!
    const { page } = app
    await page.getByRole('heading', { name: '固定资产卡片' }).waitFor()
    const totals = page.getByTestId('asset-totals')
    await see(totals, '12,605,361.00')
    await see(totals, '4,635,517.24')
    await see(page.getByTestId('asset-table'), '村委会办公楼')
    await app.screenshot('registers-assets')

    // filters: 经营性 only
    await choose(page, page.getByLabel('资产性质'), '经营性')
    await see(totals, '5,609,200.00')
    await expect.poll(() => page.getByTestId('asset-table').getByText('村委会办公楼').count()).toBe(0)
    await see(page.getByTestId('asset-table'), '标准厂房A幢')

    // a new card booked now: a draft voucher 借 固定资产 贷 库存现金
    await button(page, '新增卡片').click()
    const form = page.getByTestId('asset-form')
    await form.getByLabel('资产编码').fill('J09001')
    await form.getByLabel('名称').fill('抽水泵站')
    await form.getByLabel('类别').fill('机器设备')
    await form.getByLabel('原值（元）').fill('36000')
    await form.getByLabel('预计使用年限(月)').fill('120')
    await form.getByLabel('取得日期').fill('2024-01-10')
    await form.getByLabel('取得日期').press('Enter')
    await choose(page, form.getByLabel('对方科目（贷方）'), '101 库存现金')
    await button(page.getByRole('dialog', { name: '新增固定资产卡片' }), '保存').click()
    const card = drawer(page, 'J09001 抽水泵站')
    await card.waitFor()
    await see(card, '285.00')
    await card.getByRole('tab', { name: /变动记录/ }).click()
    await see(card, '新增')
    await app.screenshot('registers-asset-drawer')
    const drafts = await app.call('voucher.list', { villageId: books.villageId, status: 'draft' }, books.reviewer)
    expect(drafts.rows.map((r) => [r.summary, r.total])).toEqual([['新增固定资产 J09001 抽水泵站', '36000.00']])
    await page.keyboard.press('Escape')

    // 折旧计提: January (the new card starts in February), then February
    await page.evaluate(() => (window.location.hash = '#/assets/depreciation'))
    await page.getByRole('heading', { name: '折旧计提' }).waitFor()
    const entries = page.getByTestId('depreciation-entries')
    await see(entries, '46,551.55')
    await button(page, '计提本月折旧').click()
    await button(popconfirm(page, '计提 2024年1月 固定资产折旧'), '计提').click()
    await see(page, '2024年1月 已计提折旧 46,551.55 元')
    await page.getByLabel('计提期间').click()
    await page.getByLabel('计提期间').fill('2024-02')
    await page.getByLabel('计提期间').press('Enter')
    await see(entries, '46,836.55') // + 285.00 for J09001
    await button(page, '计提本月折旧').click()
    await button(popconfirm(page, '计提 2024年2月 固定资产折旧'), '计提').click()
    await see(page, '2024年2月 已计提折旧 46,836.55 元')
    await tableRow(page.getByTestId('depreciation-runs'), '2024-02').waitFor()
    await app.screenshot('registers-depreciation')
    const runs = await app.call('depreciation.list', { villageId: books.villageId }, books.reviewer)
    expect(runs.map((r) => [r.period, r.total, r.status])).toEqual([
      ['2024-02', '46836.55', 'active'],
      ['2024-01', '46551.55', 'active'],
    ])

    // the card's history: two months of depreciation
    const j = await app.call('asset.list', { villageId: books.villageId, search: 'J09001' }, books.reviewer)
    const got = await app.call('asset.get', { villageId: books.villageId, assetId: j.rows[0]!.id }, books.reviewer)
    expect(got.depreciation.map((d) => [d.period, d.amount])).toEqual([['2024-02', '285.00']])

    // 台账核对: the books have no 151 balance yet, so every line differs and says why
    await page.evaluate(() => (window.location.hash = '#/assets/reconcile'))
    await page.getByRole('heading', { name: '台账与账簿核对' }).waitFor()
    await tableRow(page.getByTestId('reconcile-table'), '固定资产原值合计').waitFor()
    await see(page, /项不符/)
    await app.screenshot('registers-reconcile')
  })
})
