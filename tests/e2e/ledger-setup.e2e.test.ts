import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { initAgency, PASSWORD, useHarness } from './harness'
import { bookRow, setUpBooks, VILLAGE_NAME, type LedgerBooks } from './ledger'
import { button, choose, popconfirm, see, tableRow } from './ui'

const h = useHarness()
const FIXTURES = '/work/shared/fixtures'

async function importFile(page: Page, title: string, file: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title })
  await dialog.waitFor()
  await dialog.locator('input[type=file]').setInputFiles(`${FIXTURES}/${file}`)
  await dialog.getByTestId('import-preview').waitFor({ timeout: 30_000 })
}

describe('科目表、期初余额与导入', () => {
  it('科目表：增设明细科目（编码预填）、设置辅助核算、停用；新增辅助核算项目', async () => {
    const holder: { books?: LedgerBooks } = {}
    const app = await h.open({ prepare: async (e, s) => void (holder.books = await setUpBooks(e, s)), hash: 'settings/chart' })
    const books = holder.books!
    const { page } = app
    await tableRow(page, '51302').waitFor()
    const office = tableRow(page, '管理费用').first()
    await button(office, '增设下级').click()
    const dialog = page.getByRole('dialog', { name: /增设下级科目（上级：513 管理费用）/ })
    expect(await dialog.getByLabel('科目编码').inputValue()).toBe('51303')
    await dialog.getByLabel('科目名称').fill('差旅费')
    await button(dialog, '保存').click()
    await see(page, '已增设科目「51303 差旅费」')
    await tableRow(page, '51303').waitFor()

    // a duplicate name under the same parent: the engine's message goes under the field
    await button(office, '增设下级').click()
    const again = page.getByRole('dialog', { name: /增设下级科目/ })
    expect(await again.getByLabel('科目编码').inputValue()).toBe('51304')
    await again.getByLabel('科目名称').fill('办公费')
    await button(again, '保存').click()
    await again.getByText('同级科目名称重复').waitFor()
    await button(again, '取消').click()

    await button(tableRow(page, '51303'), '编辑').click()
    const edit = page.getByRole('dialog', { name: '编辑科目 51303' })
    await choose(page, edit.getByLabel('辅助核算'), '项目')
    await button(edit, '保存').click()
    await see(page, '已保存科目「51303 差旅费」')
    await tableRow(page, '51303').getByText('项目').waitFor()
    let chart = await app.call('account.list', { villageId: books.villageId, includeDisabled: true })
    expect(chart.find((a) => a.code === '51303')).toMatchObject({ name: '差旅费', auxKind: 'project', isLeaf: true, parentId: books.accounts.get('513')!.id })
    await app.screenshot('ledger-chart')

    await button(tableRow(page, '51303'), '停用').click()
    await button(popconfirm(page, '停用「51303 差旅费」？'), '停用').click()
    await see(page, '已停用「51303 差旅费」')
    await tableRow(page, '51303').waitFor({ state: 'detached' })
    chart = await app.call('account.list', { villageId: books.villageId, includeDisabled: true })
    expect(chart.find((a) => a.code === '51303')?.status).toBe('disabled')

    await page.getByRole('tab', { name: '辅助核算项目' }).click()
    await tableRow(page, '肥东鑫达苗木有限公司').waitFor()
    await button(page, '新增项目').click()
    const add = page.getByRole('dialog', { name: '新增辅助核算项目' })
    await choose(page, add.getByLabel('类别'), '农户')
    await add.getByLabel('名称').fill('段峰凤')
    await button(add, '保存').click()
    await see(page, '已新增农户「段峰凤」')
    const items = await app.call('aux.list', { villageId: books.villageId, kind: 'household' })
    expect(items.map((x) => x.name)).toEqual(['段峰凤'])
  })

  it('导入科目表、期初余额和序时账：先检查后导入；期初余额可改；有问题的文件不导入', async () => {
    const holder: { villageId?: number } = {}
    const app = await h.open({
      prepare: async (engine, session) => {
        await initAgency(engine, session)
        const v = await engine.call(session, 'village.create', { code: '340122101', name: VILLAGE_NAME, level: 'village', chartVersion: '2023', startPeriod: '2024-01' })
        if (!v.ok) throw new Error(v.error.message)
        holder.villageId = (v.value as { id: number }).id
        for (const [username, displayName, role] of [
          ['clerk', '刘志强', 'bookkeeper'],
          ['checker', '黄伟', 'reviewer'],
        ] as const) {
          const r = await engine.call(session, 'user.create', { username, displayName, role, password: PASSWORD, villageIds: [holder.villageId] })
          if (!r.ok) throw new Error(r.error.message)
        }
        await engine.call(session, 'auth.signOut', {})
        await engine.call(session, 'auth.signIn', { username: 'clerk', password: PASSWORD })
      },
      hash: 'settings/chart',
    })
    const villageId = holder.villageId!
    const { page } = app

    // 科目表
    await button(page, '导入科目表').click()
    await importFile(page, '导入科目表', 'chart.xlsx')
    const chartDialog = page.getByRole('dialog', { name: '导入科目表' })
    await chartDialog.getByText('检查通过，可以正式导入').waitFor()
    await chartDialog.getByText('57 个', { exact: true }).waitFor()
    expect((await app.call('account.list', { villageId })).length).toBe(42)
    await button(chartDialog, '正式导入').click()
    await see(page, '已导入「chart.xlsx」')
    await tableRow(page, '514030101').waitFor()
    expect((await app.call('account.list', { villageId })).length).toBe(99)

    // 期初余额
    await page.evaluate(() => (window.location.hash = '#/settings/opening'))
    await page.getByRole('heading', { name: '期初余额' }).waitFor()
    await button(page, '导入期初余额').click()
    await importFile(page, '导入期初余额', 'opening-balances.xlsx')
    const openingDialog = page.getByRole('dialog', { name: '导入期初余额' })
    await openingDialog.getByText('借贷平衡').waitFor()
    await button(openingDialog, '正式导入').click()
    await see(page, '已导入「opening-balances.xlsx」')
    const totals = page.getByTestId('opening-totals')
    await totals.getByText('试算平衡').waitFor()
    expect(await totals.locator('.sanzi-amount').allInnerTexts()).toEqual(['14,545,138.03', '14,545,138.03'])
    await app.screenshot('ledger-opening')

    // typing a balance: the totals follow at once; Ctrl+S saves through the engine
    const cash = page.getByLabel('101 期初借方', { exact: true })
    const before = await cash.inputValue()
    await cash.fill('100')
    await totals.getByText(/差额/).waitFor()
    await cash.fill(before)
    await cash.press('Enter')
    await totals.getByText('试算平衡').waitFor()
    await page.keyboard.press('Control+s')
    await see(page, '期初余额已保存')
    const opening = await app.call('opening.get', { villageId })
    expect(opening.check).toMatchObject({ balanced: true, totals: { debit: '14545138.03', credit: '14545138.03' } })

    // 序时账: a defective file is refused cell by cell and writes nothing
    await page.evaluate(() => (window.location.hash = '#/vouchers/list'))
    await button(page, '导入序时账').click()
    await importFile(page, '导入序时账（凭证）', 'bad/three-decimals.xlsx')
    const journal = page.getByRole('dialog', { name: '导入序时账（凭证）' })
    await journal.getByText(/发现 \d+ 处问题/).waitFor()
    await journal.locator('.ant-table-row', { hasText: '超过两位小数' }).first().waitFor()
    expect(await button(journal, '正式导入').isDisabled()).toBe(true)
    await app.screenshot('ledger-import-errors')
    expect((await app.call('voucher.list', { villageId })).total).toBe(0)

    await journal.locator('input[type=file]').setInputFiles(`${FIXTURES}/journal-2024.xlsx`)
    await journal.getByText('688 张，1517 行分录').waitFor({ timeout: 30_000 })
    await button(journal, '正式导入').click()
    await see(page, '已导入「journal-2024.xlsx」')
    const list = await app.call('voucher.list', { villageId, limit: 1000 })
    expect(list.total).toBe(688)
    expect(list.rows.every((v) => v.status === 'draft' && v.source === 'import')).toBe(true)
    await page.getByText('共 688 张').waitFor()

    // review and post them all (as the reviewer, through the engine), then the trial balance matches hledger
    const checker = app.engine.createSession()
    await app.call('auth.signIn', { username: 'checker', password: PASSWORD }, checker)
    const ids = list.rows.map((v) => v.id)
    await app.call('voucher.review', { villageId, voucherIds: ids }, checker)
    await app.call('voucher.post', { villageId, voucherIds: ids }, checker)
    await page.evaluate(() => (window.location.hash = '#/books/trial-balance?from=2024-01&to=2024-12&level=1'))
    await page.getByTestId('tb-balanced').getByText('试算平衡').waitFor()
    expect(await page.getByTestId('tb-total-debit').innerText()).toBe('5,535,956.06')
    expect(await page.getByTestId('tb-total-credit').innerText()).toBe('5,535,956.06')
    await bookRow(page, '库存现金').getByText('4,963.33').waitFor()
    await app.screenshot('ledger-trial-balance-year')
  })
})
