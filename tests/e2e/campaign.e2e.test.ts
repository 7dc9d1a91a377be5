import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Engine } from '../../electron/core/engine'
import type { Session } from '../../electron/core/context'
import { formatFen, parseYuan } from '../../shared/money'
import { tempDir } from '../helpers/temp'
import { useHarness, type AppUnderTest } from './harness'
import { button, choose, see, tableRow } from './ui'

/**
 * 清查 (issue 5): a demo village run through all six steps in the UI — 发起 on the board, 清理 (the snapshot is
 * frozen), 登记 (all found, one missing), 核实 (a verified figure with its reason, the 现金盘点表, each bank account's
 * statement), 公示 (a period already over, an objection, the 公示表), 确认 (the objection resolved, the meeting), 上报
 * (the sealed workbook, the locked banner) — and the board with the village reported.
 */

const h = useHarness()
const PASSWORD = 'Demo2024'
const VILLAGE_CODE = '340122101'
const AS_OF = '2024-11-30'
const FIXTURE_STATEMENT = '/work/shared/fixtures/bank-statement-2024-12.xlsx'

const fen = (y: string | null | undefined): number => {
  const r = parseYuan(y ?? '0')
  if (!r.ok) throw new Error(`not an amount: ${y}`)
  return r.fen
}

async function invoke<T>(engine: Engine, s: Session, method: string, input: unknown): Promise<T> {
  const r = await engine.call(s, method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
  return r.value as T
}

/** 分 */
const FEE = 1_000

/**
 * The bank's November statement of one demo account, written from its posted bank journal in the layout of the shared
 * fixture (title rows with 账号, 查询期间 and 期初余额, then 日期/摘要/支出/收入/余额/对方户名/流水号). The last payment the
 * village booked is left out: the bank has not paid it yet, so the 调节表 has a 企业已付银行未付 item, and the bank's fee a 银行已付企业未付 one: the adjusted balance,
 * the 核实数, is the fee below the books.
 */
async function novemberStatement(app: AppUnderTest, villageId: number, account: { accountNo: string; accountId: number; auxItemId: number | null; name: string }, file: string): Promise<void> {
  const book = await app.call('report.bankJournal', { villageId, from: '2024-11', to: '2024-11', accountId: account.accountId, ...(account.auxItemId ? { auxItemId: account.auxItemId } : {}) })
  const journal = book.journals.find((j) => j.auxItemId === account.auxItemId) ?? book.journals[0]
  if (!journal) throw new Error(`no bank journal for ${account.accountNo}`)
  const opening = journal.entries.find((e) => e.kind === 'opening')
  const lines = journal.entries.filter((e) => e.kind === 'line')
  const lastPayment = lines.map((l, i) => (fen(l.credit) > 0 ? i : -1)).filter((i) => i >= 0).at(-1)
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('交易明细')
  ws.addRow(['肥东农村商业银行 账户交易明细'])
  ws.addRow([`户名：${account.name}`, null, null, `账号：${account.accountNo}`, null, '币种：人民币'])
  let balance = fen(opening?.balance)
  ws.addRow(['查询期间：2024-11-01 至 2024-11-30', null, null, `期初余额：${formatFen(balance)}`])
  ws.addRow(['日期', '摘要', '支出', '收入', '余额', '对方户名', '流水号'])
  lines.forEach((l, i) => {
    if (i === lastPayment) return
    const out = fen(l.credit)
    const into = fen(l.debit)
    balance += into - out
    ws.addRow([l.date, l.summary, out ? out / 100 : null, into ? into / 100 : null, balance / 100, '', `202411${String(i + 1).padStart(5, '0')}`])
  })
  // the bank's 账户管理费, not booked by the village yet (a statement without any line is refused)
  balance -= FEE
  ws.addRow(['2024-11-29', '账户管理费', FEE / 100, null, balance / 100, '肥东农村商业银行', '20241129900001'])
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()))
}

/** Fills an antd DatePicker the way a user types a date. */
async function typeDate(page: Page, label: string, date: string, scope: Page | ReturnType<Page['locator']> = page): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(date)
  await input.press('Enter')
}

/** The board's row of the village (its code exactly: the groups' codes start with it). */
function boardRow(page: Page) {
  return page.getByTestId('campaign-board').locator('tr.ant-table-row', { has: page.getByText(VILLAGE_CODE, { exact: true }) })
}

/** A screenshot once antd's messages are gone (they would cover the steps), scrolled to `top` when given. */
async function shot(app: AppUnderTest, name: string, top?: string): Promise<void> {
  await app.page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 12_000 })
  if (top) await app.page.getByTestId(top).scrollIntoViewIfNeeded()
  await app.screenshot(name)
}

async function advance(page: Page, to: string): Promise<void> {
  await page.getByTestId('campaign-advance').click()
  await page.getByTestId(`panel-${to}`).waitFor()
}

describe('清查：演示村走完 清理 → 登记 → 核实 → 公示 → 确认 → 上报', () => {
  it('在看板发起清查，逐步完成六个步骤并上报锁定', async () => {
    const files = tempDir('sanzi-campaign-e2e-')
    const app = await h.open({
      prepare: async (engine, session) => {
        // the demo books without the demo's own campaigns: this village starts its 清查 here
        await invoke(engine, engine.createSession(), 'setup.loadDemo', { villages: 2, password: PASSWORD, campaigns: false })
        // 主管会计: all villages, may write every step and reopen
        await invoke(engine, session, 'auth.signIn', { username: 'zhuguan', password: PASSWORD })
      },
      hash: 'home',
    })
    const { page } = app
    try {
      // 首页 leads to the board
      await page.getByTestId('home-campaigns').waitFor()
      await app.screenshot('campaign-home')
      await page.getByTestId('home-board').click()
      await page.getByRole('heading', { name: '清查看板' }).waitFor()
      await boardRow(page).waitFor()
      await see(boardRow(page), '未发起')

      // 发起清查: 基准日 2024-11-30 (December holds drafts), the joint team
      await page.getByTestId(`start-${VILLAGE_CODE}`).click()
      const start = page.getByTestId('campaign-start-form')
      await typeDate(page, '清查基准日', AS_OF, start)
      const names = ['周建国', '吴晓梅', '陈桂兰']
      for (const [i, name] of names.entries()) await start.getByLabel(`第 ${i + 1} 位成员姓名`).fill(name)
      await app.screenshot('campaign-start')
      await button(page.getByRole('dialog', { name: '发起清查' }), '发起').click()

      // 清理: the team; 下一步 freezes the snapshot
      const snapshotPanel = page.getByTestId('panel-snapshot')
      await snapshotPanel.waitFor()
      await see(page.getByTestId('campaign-team'), '周建国')
      await shot(app, 'campaign-1-snapshot')
      const started = (await app.call('campaign.list', {})).find((c) => c.asOf === AS_OF)
      if (!started) throw new Error('campaign not started')
      const ref = { villageId: started.villageId, campaignId: started.id }
      await advance(page, 'registration')

      // 登记: one item missing (its radio), everything else found with 「全部标为在」
      const detail = await app.call('campaign.status', { ...ref, rows: true })
      const items = detail.rows.filter((r) => r.kind !== 'account')
      expect(items.length).toBeGreaterThan(5)
      const gone = items.find((r) => r.kind === 'asset') ?? items[0]
      if (!gone) throw new Error('no register item')
      const table = page.getByTestId('registration-table')
      await tableRow(table, gone.code).waitFor()
      await tableRow(table, gone.code).getByText('不在', { exact: true }).click()
      await expect.poll(async () => (await app.call('campaign.status', ref)).progress.missing).toBe(1)
      await page.getByTestId('mark-all-found').click()
      await expect.poll(async () => (await app.call('campaign.status', ref)).progress.unmarked).toBe(0)
      await see(page.getByTestId('registration-progress'), String(items.length - 1))
      // one card found 损坏: its 状况 radio, chosen from the keyboard (Tab onto the group, arrow to the next)
      const broken = items.find((r) => r.kind === 'asset' && r.id !== gone.id)
      if (!broken) throw new Error('no second asset card')
      const condition = page.getByRole('radiogroup', { name: `${broken.code} ${broken.label} 状况` })
      await condition.getByText('完好', { exact: true }).click()
      await expect.poll(async () => (await app.call('campaign.status', { ...ref, rows: true })).rows.find((r) => r.id === broken.id)?.check?.condition).toBe('good')
      await condition.locator('input[value=good]').focus()
      await page.keyboard.press('ArrowRight')
      await expect.poll(async () => (await app.call('campaign.status', ref)).progress.damaged).toBe(1)
      await see(page.getByTestId('registration-progress'), '其中损坏')
      // 盘盈: a pump in the store, not in the books
      await button(page.getByTestId('panel-registration'), '登记盘盈').click()
      const surplusForm = page.getByTestId('surplus-form')
      await surplusForm.getByLabel('名称').fill('潜水泵')
      await surplusForm.getByLabel('估计金额（元）').fill('1200.00')
      await surplusForm.getByLabel('数量/面积').fill('1')
      await surplusForm.getByLabel('计量单位').fill('台')
      await surplusForm.getByLabel('盘盈依据').fill('泵站仓库实地盘点，村民小组长确认')
      await button(page.getByRole('dialog', { name: '登记盘盈' }), '保存').click()
      await see(tableRow(page.getByTestId('surplus-table'), '潜水泵'), '泵站仓库实地盘点')
      await shot(app, 'campaign-2-registration')
      const marked = await app.call('campaign.status', { ...ref, rows: true })
      expect(marked.progress).toMatchObject({ items: items.length, found: items.length - 1, missing: 1, unmarked: 0, damaged: 1, surplus: 1 })
      expect(marked.rows.find((r) => r.id === broken.id)?.check).toMatchObject({ result: 'found', condition: 'damaged' })
      expect(marked.surplus).toMatchObject([{ label: '潜水泵', amount: '1200.00', quantity: '1', unit: '台' }])
      expect(marked.next?.ready).toBe(true)
      await advance(page, 'verification')

      // 核实: the blockers are listed, in Chinese
      const blockers = page.getByTestId('campaign-blockers')
      await see(blockers, '尚未填写现金盘点表')
      await see(blockers, '差异未写明原因和处理意见')
      // the missing item: 核实数 0 with its reason and 处理意见
      const panel = page.getByTestId('panel-verification')
      await panel.getByRole('button', { name: `核实 ${gone.label}` }).click()
      const verify = page.getByTestId('verify-form')
      await verify.getByLabel('差异原因').fill('已于 2024 年 8 月拆除，未办理处置手续')
      await verify.getByLabel('处理意见').fill('报村民代表会议审议后核销')
      await button(page.getByRole('dialog', { name: `核实：${gone.label}` }), '保存').click()
      await see(tableRow(page.getByTestId('verification-table'), gone.label), '已于 2024 年 8 月拆除')
      // the 盘盈 pump (past the table's first page: found by the search): its 核实数 is its whole difference
      const search = panel.getByLabel('搜索核实项目')
      await search.fill('潜水泵')
      await search.press('Enter')
      await panel.getByRole('button', { name: '核实 潜水泵' }).click()
      await verify.getByLabel('核实金额（元）').fill('1200.00')
      await verify.getByLabel('差异原因').fill('村自购未入账')
      await verify.getByLabel('处理意见').fill('按估价补记固定资产')
      await button(page.getByRole('dialog', { name: '核实：潜水泵' }), '保存').click()
      await see(tableRow(page.getByTestId('verification-table'), '潜水泵'), '村自购未入账')
      await search.fill('')
      await search.press('Enter')
      // the 101 and 102 rows point to their own tables instead of a bare 未核实
      await see(tableRow(page.getByTestId('verification-table'), '101 库存现金'), '见现金盘点表')
      const bankAccountRow = detail.rows.find((r) => r.kind === 'account' && r.code.startsWith('102') && fen(r.amount) !== 0)
      if (!bankAccountRow) throw new Error('no 102 row')
      await see(tableRow(page.getByTestId('verification-table'), bankAccountRow.label), '见余额调节表')
      await shot(app, 'campaign-3-verification', 'campaign-steps')

      // 往来询证: a counterparty replies its balance differs by 500.00; the table shows the reply
      const claim = detail.rows.find((r) => r.kind === 'account' && /^(112|113|211|221)/.test(r.code) && r.auxItemId !== null && fen(r.amount) > 50_000)
      if (!claim) throw new Error('no claim per counterparty')
      const who = claim.label.slice(claim.label.indexOf('：') + 1)
      await panel.getByRole('tab', { name: /往来询证/ }).click()
      const claimTable = page.getByTestId('claim-replies-table')
      await choose(page, claimTable.getByLabel(`${who} 询证结果`, { exact: true }), '对方确认不符')
      await claimTable.getByLabel(`${who} 核实数`, { exact: true }).fill(formatFen(fen(claim.amount) - 50_000).replaceAll(',', ''))
      await see(tableRow(claimTable, who), '-500.00')
      await page.getByTestId('claim-replies-save').click()
      await see(page.getByTestId('claim-replies'), '有差异，请填写差异原因和处理意见')
      await claimTable.getByLabel(`${who} 差异原因`, { exact: true }).fill('对方已付 500 元，村未入账')
      await claimTable.getByLabel(`${who} 处理意见`, { exact: true }).fill('取得收款凭据后补记')
      await page.getByTestId('claim-replies-save').click()
      await see(page.getByTestId('claim-replies'), '已登记询证结果 1 户')
      await shot(app, 'campaign-3-claims', 'panel-verification')
      const replied = (await app.call('campaign.status', { ...ref, rows: true })).rows.find((r) => r.id === claim.id)?.verification
      expect(replied).toMatchObject({ reply: 'disagreed', difference: '-500.00', reason: '对方已付 500 元，村未入账' })
      await panel.getByRole('tab', { name: /核实数/ }).click()
      await see(tableRow(page.getByTestId('verification-table'), claim.label), '回函不符')

      // the 现金盘点表: 12.50 short of the book balance; the difference is shown live and explained
      await panel.getByRole('tab', { name: /现金盘点表/ }).click()
      const cashRow = detail.rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
      const counted = fen(cashRow?.amount) - 1250
      expect(counted).toBeGreaterThan(0)
      const cash = page.getByTestId('cash-count-form')
      let left = counted
      for (const [label, value] of [
        ['100 元', 10_000],
        ['10 元', 1_000],
        ['1 元', 100],
        ['1 角', 10],
        ['1 分（硬币）', 1],
      ] as const) {
        const n = Math.floor(left / value)
        left -= n * value
        if (n > 0) await cash.getByLabel(`${label} 张数`, { exact: true }).fill(String(n))
      }
      await see(page.getByTestId('cash-count-live'), '盘亏 12.50 元')
      await see(page.getByTestId('cash-count-live'), formatFen(counted))
      await cash.getByLabel('出纳').fill('王秀英')
      await cash.getByLabel('监盘人').fill('孙立军')
      await cash.getByLabel('会计主管').fill('陈桂兰')
      await cash.getByLabel('差异原因').fill('出纳找零差错')
      await cash.getByLabel('处理意见').fill('由出纳个人赔偿')
      await page.getByTestId('cash-count-save').click()
      await see(page.getByTestId('cash-count-saved'), '盘亏 12.50 元')
      await shot(app, 'campaign-3-cash-count')
      // away to 登记 (read-only: the 损坏 card) and back: the 现金盘点表 reopens with the counts entered
      await page.getByTestId('campaign-steps').getByText('登记', { exact: true }).click()
      await see(tableRow(page.getByTestId('registration-table'), broken.code), '损坏')
      await page.getByRole('button', { name: /回到当前步骤/ }).click()
      await panel.getByRole('tab', { name: /现金盘点表/ }).click()
      expect(Number(await cash.getByLabel('100 元 张数', { exact: true }).inputValue())).toBe(Math.floor(counted / 10_000))
      await expect.poll(() => cash.getByLabel('出纳').inputValue()).toBe('王秀英')

      // 生成调整凭证 for the cash shortage: a draft voucher through 181
      await panel.getByRole('tab', { name: /核实数/ }).click()
      await tableRow(page.getByTestId('verification-table'), '101 库存现金').locator('input[type=checkbox]').check()
      await page.getByTestId('campaign-adjust').click()
      await typeDate(page, '凭证日期', '2024-12-31', page.getByTestId('adjust-form'))
      await button(page.getByRole('dialog', { name: '清查差异生成调整凭证' }), '生成凭证').click()
      await see(page.getByTestId('adjust-result'), '已生成凭证草稿')
      await shot(app, 'campaign-3-adjust')
      await button(page.getByRole('dialog', { name: '清查差异生成调整凭证' }), '完成').click()
      const drafts = (await app.call('voucher.list', { villageId: ref.villageId, from: '2024-12', to: '2024-12', status: 'draft' })).rows.filter((v) => v.source === 'campaign')
      expect(drafts.length).toBe(1)
      const adjustment = await app.call('voucher.get', { villageId: ref.villageId, voucherId: drafts[0]?.id ?? 0 })
      expect(adjustment).toMatchObject({ status: 'draft', date: '2024-12-31', total: '12.50' })
      expect(adjustment.lines.map((l) => [l.accountCode.slice(0, 3), l.debit, l.credit])).toEqual([
        ['181', '12.50', '0.00'],
        ['101', '0.00', '12.50'],
      ])

      // 银行存款: the shared December statement is for another account (杨桥村 10201) and is refused; each demo
      // account's own November statement gives an agreeing 调节表 with one 企业已付银行未付 item
      await panel.getByRole('tab', { name: /银行存款/ }).click()
      const accounts = (await app.call('bankAccount.list', { villageId: ref.villageId, asOf: AS_OF })).rows
      const bankRows = detail.rows.filter((r) => r.kind === 'bankAccount')
      expect(bankRows.length).toBe(accounts.length)
      const first = bankRows[0]
      if (!first) throw new Error('no bank account in the snapshot')
      const firstCard = page.getByTestId(`bank-${first.code}`)
      await firstCard.locator('input[type=file]').setInputFiles(FIXTURE_STATEMENT)
      await see(firstCard.getByTestId('bank-error'), '对账单')
      await shot(app, 'campaign-3-bank-refused')
      for (const row of bankRows) {
        const account = accounts.find((a) => a.accountNo === row.code)
        if (!account) throw new Error(`no bank account ${row.code}`)
        const file = join(files.dir, `statement-${row.code}.xlsx`)
        await novemberStatement(app, ref.villageId, { ...account, name: started.villageName }, file)
        const card = page.getByTestId(`bank-${row.code}`)
        await card.getByLabel('银行差异原因').fill('银行已扣账户管理费，村未入账')
        await card.getByLabel('银行处理意见').fill('取得银行回单后补记入账')
        await card.locator('input[type=file]').setInputFiles(file)
        await see(card, '调节后相符')
      }
      await see(page.getByTestId(`bank-${first.code}`).getByTestId('bank-unmatched'), '村已付、银行未付')
      await see(page.getByTestId(`bank-${first.code}`).getByTestId('bank-unmatched'), '银行已付、村未付')
      await shot(app, 'campaign-3-bank')
      const verified = await app.call('campaign.status', { ...ref, rows: true })
      expect(verified.bankRecs.map((b) => b.agrees)).toEqual(bankRows.map(() => true))
      for (const b of bankRows) expect(verified.rows.find((r) => r.id === b.id)?.verification).toMatchObject({ difference: '-10.00', reason: '银行已扣账户管理费，村未入账' })
      expect(verified.cashCount).toMatchObject({ difference: '-12.50', resultText: '盘亏 12.50 元', cashier: '王秀英' })
      expect(verified.rows.find((r) => r.id === gone.id)?.verification).toMatchObject({ reason: '已于 2024 年 8 月拆除，未办理处置手续' })
      expect(verified.next).toMatchObject({ step: 'notice', ready: true, blockers: [] })
      await advance(page, 'notice')

      // 公示: a period that began in the past (over now), the 公示表, an objection
      const notice = page.getByTestId('notice-form')
      await typeDate(page, '开始日期', '2024-12-05', notice)
      await page.getByTestId('notice-post').click()
      await see(page.getByTestId('notice-period'), '2024-12-05 至 2024-12-11')
      await see(page.getByTestId('notice-period'), '公示期已满')
      await page.getByTestId('notice-export').click()
      const noticeResult = page.getByTestId('campaign-file-result')
      await noticeResult.waitFor()
      const noticePath = (await noticeResult.locator('.sanzi-mono').first().innerText()).trim()
      expect(existsSync(noticePath)).toBe(true)
      await shot(app, 'campaign-4-notice-export')
      await button(page, '知道了').click()
      await noticeResult.waitFor({ state: 'detached' })
      await page.getByTestId('objection-add').click()
      const objection = page.getByTestId('objection-form')
      await typeDate(page, '收到日期', '2024-12-08', objection)
      await objection.getByLabel('提出人').fill('杨德胜')
      await objection.getByLabel('异议内容').fill('村部旧仓库的账面价值偏高，请说明')
      await button(page.getByRole('dialog', { name: '登记公示异议' }), '保存').click()
      await see(tableRow(page.getByTestId('objection-table'), '杨德胜'), '村部旧仓库')
      await shot(app, 'campaign-4-notice')
      await advance(page, 'confirmation')

      // 确认: the objection's 处理结果, then the meeting
      const resolution = page.getByLabel('异议 杨德胜 处理结果')
      await resolution.fill('已向提出人说明：账面价值按原始凭证登记，无误')
      await button(tableRow(page.getByTestId('objection-table'), '杨德胜'), '保存处理结果').click()
      await see(tableRow(page.getByTestId('objection-table'), '杨德胜'), '陈桂兰')
      const confirm = page.getByTestId('confirm-form')
      await typeDate(page, '会议日期', '2024-12-20', confirm)
      const attendees = confirm.getByLabel('参会人')
      for (const name of ['杨德胜', '周建国', '李红梅', '张家和', '王守田']) {
        await attendees.fill(name)
        await attendees.press('Enter')
      }
      await confirm.getByLabel('会议决议').fill('同意本次清产核资结果，拆除的仓库按程序核销，现金短款由出纳赔偿')
      await page.getByTestId('confirm-save').click()
      await see(page.getByTestId('confirmation'), '村民代表会议')
      await see(page.getByTestId('confirmation'), '王守田')
      await shot(app, 'campaign-5-confirmation')
      await advance(page, 'report')

      // 上报: the sealed workbook with its fingerprint; the campaign is locked
      await shot(app, 'campaign-6-report-ready')
      await page.getByTestId('campaign-report').click()
      const reported = page.getByTestId('campaign-file-result')
      await reported.waitFor()
      const fingerprint = (await reported.getByTestId('campaign-fingerprint').innerText()).trim()
      expect(fingerprint).toMatch(/^[0-9a-f]{64}$/)
      await shot(app, 'campaign-6-report-result')
      await button(page, '知道了').click()
      await page.getByTestId('campaign-locked').waitFor()
      await see(page.getByTestId('report-versions'), fingerprint.slice(0, 16))
      expect(await page.getByTestId('campaign-advance').count()).toBe(0)
      await shot(app, 'campaign-6-locked')
      const final = await app.call('campaign.status', ref)
      expect(final).toMatchObject({ locked: true, status: 'reported', step: 'report' })
      expect(final.reports.map((r) => [r.version, r.fingerprint])).toEqual([[1, fingerprint]])
      expect(final.log.map((l) => l.to)).toEqual(['snapshot', 'registration', 'verification', 'notice', 'confirmation', 'report'])
      expect((await app.tryCall('campaign.cashCount', { ...ref, countedOn: '2024-12-02', counts: [], cashier: 'a', supervisor: 'b', chief: 'c' })).ok).toBe(false)

      // 主管会计 重新打开 with a reason: back at 确认, version 1 kept and marked; report again → version 2
      await page.getByTestId('campaign-reopen').click()
      await page.getByTestId('reopen-form').getByLabel('重新打开原因').fill('财政分局审核：潜水泵估价需附村委会说明')
      await button(page.getByRole('dialog', { name: '重新打开已上报的清查' }), '重新打开').click()
      await page.getByTestId('panel-confirmation').waitFor()
      await see(page.getByTestId('campaign-log'), '上报后重新打开：财政分局审核')
      await see(page.getByTestId('campaign-reopened'), '第 1 版上报表已由 陈桂兰')
      await shot(app, 'campaign-6-reopened', 'campaign-reopened')
      await advance(page, 'report')
      await see(tableRow(page.getByTestId('report-versions'), '第 1 版'), '已重新打开')
      await see(tableRow(page.getByTestId('report-versions'), '第 1 版'), '财政分局审核：潜水泵估价需附村委会说明')
      await shot(app, 'campaign-6-report-again', 'report-versions')
      await page.getByTestId('campaign-report').click()
      await see(page.getByTestId('campaign-file-result'), '第 2 版')
      await button(page, '知道了').click()
      await page.getByTestId('campaign-locked').waitFor()
      await see(page.getByTestId('campaign-locked'), '第 2 版')
      await tableRow(page.getByTestId('report-versions'), '第 2 版').waitFor()
      await shot(app, 'campaign-6-version-2', 'report-versions')
      const again = await app.call('campaign.status', ref)
      expect(again).toMatchObject({ locked: true, status: 'reported', step: 'report' })
      expect(again.reports.map((r) => [r.version, r.reopened?.reason ?? null])).toEqual([
        [1, '财政分局审核：潜水泵估价需附村委会说明'],
        [2, null],
      ])

      // the board: the village reported, every step dated
      await page.getByRole('button', { name: /清查看板/ }).click()
      await page.getByRole('heading', { name: '清查看板' }).waitFor()
      await see(boardRow(page), '已上报')
      await shot(app, 'campaign-board')
      expect(readFileSync(noticePath).length).toBeGreaterThan(1000)
    } finally {
      files.cleanup()
    }
  }, 300_000)

  it('演示片区：看板显示各村所处步骤、按步骤筛选、导出汇总表，打开公示中的村', async () => {
    const app = await h.open({
      prepare: async (engine, session) => {
        // the demo district: the villages with books stand at 上报, 确认, 公示, 核实, 登记 and 清理
        await invoke(engine, engine.createSession(), 'setup.loadDemo', { villages: 6, password: PASSWORD })
        await invoke(engine, session, 'auth.signIn', { username: 'zhuguan', password: PASSWORD })
      },
      hash: 'campaigns/board',
    })
    const { page } = app
    await page.getByRole('heading', { name: '清查看板' }).waitFor()
    const board = await app.call('campaign.board', {})
    const totals = page.getByTestId('board-totals')
    for (const step of ['report', 'confirmation', 'notice', 'verification', 'registration', 'snapshot'] as const) expect(board.totals.steps[step]).toBeGreaterThan(0)
    await see(totals, '已上报')
    const atNotice = board.rows.find((r) => r.step === 'notice')
    if (!atNotice?.campaign) throw new Error('no demo village at 公示')
    // the 村民小组 sit folded under their villages: the top level lists the villages only, the header counts both
    const villages = board.rows.filter((r) => r.level === 'village')
    const groups = board.rows.filter((r) => r.level === 'group')
    expect(groups.length).toBeGreaterThan(0)
    const topRows = page.getByTestId('campaign-board').locator('tr.ant-table-row-level-0')
    await expect.poll(() => topRows.count()).toBe(villages.length)
    expect(await page.getByTestId('campaign-board').locator('tr.ant-table-row-level-1').count()).toBe(0)
    await see(totals, `村 · ${groups.length} 组`)
    await see(topRows.first(), /含 \d+ 个组/)
    await shot(app, 'campaign-board-district')
    await page.getByTestId('board-expand-groups').click()
    await expect.poll(() => page.getByTestId('campaign-board').locator('tr.ant-table-row-level-1').count()).toBe(groups.length)
    await shot(app, 'campaign-board-groups')
    await page.getByTestId('board-expand-groups').click()

    // the step filter leaves the village at 公示
    await page.getByLabel('步骤', { exact: true }).click()
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '公示' }).click()
    const rows = page.getByTestId('campaign-board').locator('tr.ant-table-row')
    await expect.poll(() => rows.count()).toBe(board.rows.filter((r) => r.step === 'notice').length)
    await see(rows.first(), atNotice.villageName)

    // 导出汇总表: the roll-up workbook of the date
    await page.getByTestId('rollup-export').click()
    const rollup = page.getByTestId('rollup-result')
    await rollup.waitFor()
    const path = (await rollup.locator('.sanzi-mono').innerText()).trim()
    expect(existsSync(path)).toBe(true)
    // the date is the campaigns' 基准日 (the board shows each village's latest)
    await see(rollup, /基准日 2024-11-30：汇总 [1-9]\d* 个村/)
    await shot(app, 'campaign-board-rollup')
    await button(page, '知道了').click()

    // the village at 公示: its period, the objection, read-only history of the steps before
    await rows.first().getByText(atNotice.villageName).click()
    await page.getByTestId('panel-notice').waitFor()
    await page.getByTestId('notice-period').waitFor()
    expect((await app.call('campaign.status', { villageId: atNotice.villageId, campaignId: atNotice.campaign.id })).objections.length).toBeGreaterThan(0)
    await tableRow(page.getByTestId('objection-table'), '').first().waitFor()
    await shot(app, 'campaign-demo-notice')

    // 打印预览: the 公示表 as the A4 paper, the frame and toolbar left out when printed
    const noticeRef = { villageId: atNotice.villageId, campaignId: atNotice.campaign.id }
    const content = await app.call('campaign.noticeContent', noticeRef)
    const total = content.money.find((r) => r.look === 'total')
    if (!total?.book) throw new Error('no total row in the 公示表')
    await page.getByTestId('notice-print-open').click()
    const sheet = page.getByTestId('notice-print')
    await page.getByRole('heading', { name: content.title }).waitFor()
    expect(await page.locator('.ant-layout-sider').count()).toBe(0)
    const totalRow = sheet.locator('tr.np-total', { hasText: total.label }).first()
    await see(totalRow, formatFen(fen(total.book)))
    // 公示期 … (the line's parts are spread over it)
    await see(sheet, content.lines[1]?.split('\u3000')[0] ?? '公示期')
    expect(await page.getByTestId('notice-print-preview').count()).toBe(content.posted ? 0 : 1)
    await app.screenshot('campaign-notice-print')
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('notice-print-go').isVisible()).toBe(false)
    await app.screenshot('campaign-notice-print-media')
    await page.emulateMedia({ media: 'screen' })
    await button(page, '返回清查').click()
    await page.getByTestId('panel-notice').waitFor()
    await page.getByTestId('campaign-steps').getByText('核实', { exact: true }).click()
    await page.getByTestId('panel-verification').waitFor()
    await see(page, '正在查看已完成的「核实」步骤（只读）')
    expect(await page.getByTestId('cash-count-save').count()).toBe(0)
    await shot(app, 'campaign-demo-verification-readonly')
    // the demo's 询证 replies, read-only
    await page.getByTestId('panel-verification').getByRole('tab', { name: /往来询证/ }).click()
    await see(page.getByTestId('claim-replies'), /已登记询证结果 [1-9]\d* 户/)
    expect(await page.getByTestId('claim-replies-save').count()).toBe(0)
    await shot(app, 'campaign-demo-claims-readonly', 'panel-verification')
    // 导出询证函: the list and one letter per counterparty, also from the read-only step
    await page.getByTestId('confirmations-export').click()
    const letters = page.getByTestId('campaign-file-result')
    await letters.waitFor()
    expect(existsSync((await letters.locator('.sanzi-mono').first().innerText()).trim())).toBe(true)
    await button(page, '知道了').click()
  }, 300_000)
})
