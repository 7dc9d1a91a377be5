import { readFileSync } from 'node:fs'
import Decimal from 'decimal.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CampaignStatus, SnapshotRow } from '../../../shared/api/campaignTypes'
import { parseYuan } from '../../../shared/money'
import { tempDir } from '../../helpers/temp'
import { bytesOf, fileOf, fixture, importFixture, reviewAndPostAll, type ImportFixture } from '../imports/setup'
import { demoBooks, refusal, type DemoCampaignBooks } from './setup'
import { ACCOUNT_10201, editedStatement, STATEMENT_PATH } from './statementFiles'

const fen = (y: string | null): number => {
  const r = parseYuan(y ?? '0')
  if (!r.ok) throw new Error(String(y))
  return r.fen
}

/** notes and coins adding up to `amount` 分 (greedy over the printed denominations) */
function countsFor(amount: number): { value: string; form: 'note' | 'coin'; count: number }[] {
  const out: { value: string; form: 'note' | 'coin'; count: number }[] = []
  let left = amount
  for (const [v, form] of [[10_000, 'note'], [5_000, 'note'], [1_000, 'note'], [100, 'note'], [10, 'note'], [1, 'coin']] as const) {
    const n = Math.floor(left / v)
    if (n > 0) out.push({ value: (v / 100).toFixed(2), form, count: n })
    left -= n * v
  }
  return out
}
const SIGNED = { cashier: '王秀英', supervisor: '孙立军', chief: '刘志强' }

describe('清查 核实 on the demo books (as of 2024-11-30)', () => {
  const t = tempDir()
  let d: DemoCampaignBooks
  let c: CampaignStatus
  let rows: SnapshotRow[]
  const ref = () => ({ villageId: d.villageId, campaignId: c.id })
  beforeAll(async () => {
    d = await demoBooks(t.dir)
    c = await d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2024-11-30' })
    await d.engine.invoke(d.clerk, 'campaign.advance', ref())
    rows = (await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })).rows
    const items = rows.filter((r) => r.kind !== 'account')
    const [gone, ...rest] = items
    await d.engine.invoke(d.clerk, 'campaign.mark', {
      ...ref(),
      marks: [{ snapshotId: gone?.id ?? 0, result: 'missing' as const }, ...rest.map((r) => ({ snapshotId: r.id, result: 'found' as const }))],
      surplus: [{ kind: 'asset', label: '旧抽水机', amount: '800.00', quantity: '1', unit: '台', evidence: '泵站仓库实地盘点' }],
    })
  }, 120_000)
  afterAll(async () => {
    await d.engine.close()
    t.cleanup()
  })

  it('is refused before 核实', async () => {
    const e = await refusal(d.engine.invoke(d.clerk, 'campaign.verify', { ...ref(), rows: [{ snapshotId: rows[0]?.id ?? 0, amount: '1.00' }] }))
    expect(e).toMatchObject({ code: 'STATE', message: '只有在「核实」步骤才能填写核实数（当前在「登记」步骤）' })
  })

  it('records 核实数 with the exact difference; unexplained differences, the cash count and bank reconciliations block 公示', async () => {
    c = await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref(), from: 'registration' })
    expect(c.step).toBe('verification')
    const blockers = c.next?.blockers ?? []
    expect(blockers[0]).toMatch(/^还有 2 项差异未写明原因和处理意见：/)
    expect(blockers).toContain('尚未填写现金盘点表')
    const banks = rows.filter((r) => r.kind === 'bankAccount')
    expect(banks.length).toBeGreaterThan(0)
    for (const b of banks) expect(blockers).toContain(`银行账户 ${b.label} 尚未导入对账单编制余额调节表`)

    const receivable = rows.find((r) => r.kind === 'account' && fen(r.amount) > 0 && !r.code.startsWith('101') && !r.code.startsWith('102'))
    const parcel = rows.find((r) => r.kind === 'parcel' && r.quantity !== null)
    if (!receivable || !parcel) throw new Error('no account or parcel row')
    const detail = await d.engine.invoke(d.clerk, 'campaign.verify', {
      ...ref(),
      rows: [
        { snapshotId: receivable.id, amount: (fen(receivable.amount) - 1).toString().replace(/(\d\d)$/, '.$1').padStart(4, '0') },
        { snapshotId: parcel.id, quantity: '0.0001' },
      ],
    })
    expect(detail.next?.blockers[0]).toMatch(/^还有 4 项差异未写明原因和处理意见：/)
    const after = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    expect(after.rows.find((r) => r.id === receivable.id)?.verification).toMatchObject({ difference: '-0.01', reason: null, verifiedBy: '刘志强' })
    const pq = after.rows.find((r) => r.id === parcel.id)?.verification?.quantityDifference
    expect(pq).toBe(new Decimal('0.0001').minus(parcel.quantity ?? '0').toFixed())
    expect(pq?.startsWith('-')).toBe(true)

    // a parcel is checked by area, not by amount
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.verify', { ...ref(), rows: [{ snapshotId: parcel.id, amount: '1.00' }] }))).message).toContain('按面积核实')

    // explain everything in one bulk call: the 盘盈 row, the missing item, the two differences
    const missing = after.rows.find((r) => r.check?.result === 'missing')
    const surplus = after.surplus[0]
    const explained = await d.engine.invoke(d.clerk, 'campaign.verify', {
      ...ref(),
      rows: [
        { snapshotId: receivable.id, amount: receivable.amount ?? '0', reason: '对账后相符', opinion: '无需调整' },
        { snapshotId: parcel.id, quantity: parcel.quantity, reason: '复测后相符', opinion: '无需调整' },
        { snapshotId: missing?.id ?? 0, amount: '0', reason: '已拆除未办处置', opinion: '报村民代表会议核销' },
        { surplusId: surplus?.id ?? 0, amount: '800.00', quantity: '1', reason: '捐赠未入账', opinion: '补记入账' },
      ],
    })
    expect(explained.next?.blockers.some((b) => b.includes('差异未写明'))).toBe(false)
    const final = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    expect(final.surplus[0]?.verification).toMatchObject({ amount: '800.00', difference: '800.00', quantityDifference: '1', opinion: '补记入账' })
    expect(final.rows.find((r) => r.id === receivable.id)?.verification).toMatchObject({ difference: '0.00', reason: '对账后相符' })
  })

  it('the 现金盘点表: its counted cash is the 核实数 of 101; a shortage needs its reason', async () => {
    const cash = rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
    if (!cash) throw new Error('no 101 row')
    const book = fen(cash.amount)
    const bad = await refusal(d.engine.invoke(d.clerk, 'campaign.cashCount', { ...ref(), countedOn: '2024-12-02', counts: [{ value: '3.00', form: 'note', count: 1 }], ...SIGNED }))
    expect(bad).toMatchObject({ code: 'VALIDATION', message: '现金盘点表有误：没有面额为 3.00 元的纸币' })
    const s = await d.engine.invoke(d.clerk, 'campaign.cashCount', {
      ...ref(),
      countedOn: '2024-12-02',
      counts: countsFor(book - 1230 + 5000),
      receiptsNotBooked: [{ date: '2024-12-01', summary: '收张三租金', amount: '50.00' }],
      ...SIGNED,
    })
    expect(s.next?.blockers).not.toContain('尚未填写现金盘点表')
    expect(s.next?.blockers[0]).toMatch(/^还有 1 项差异未写明原因和处理意见：科目余额 101/)
    const detail = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    expect(detail.cashCount).toMatchObject({ counted: ((book + 5000 - 1230) / 100).toFixed(2), adjustedBook: ((book + 5000) / 100).toFixed(2), difference: '-12.30', resultText: '盘亏 12.30 元', ...SIGNED })
    // what was entered comes back, so the form reopens with it
    expect(detail.cashCount?.entries).toEqual({
      counts: countsFor(book - 1230 + 5000),
      receipts: [{ date: '2024-12-01', summary: '收张三租金', amount: '50.00' }],
      payments: [],
    })
    // 核实数 − 账面数 of the 101 row: the counted cash against the book balance
    expect(detail.rows.find((r) => r.id === cash.id)?.verification).toMatchObject({ amount: ((book + 3770) / 100).toFixed(2), difference: '37.70' })
    const again = await d.engine.invoke(d.clerk, 'campaign.cashCount', { ...ref(), countedOn: '2024-12-02', counts: countsFor(book), ...SIGNED })
    expect(again.next?.blockers.some((b) => b.includes('差异未写明'))).toBe(false)
    expect(again.next?.blockers.every((b) => b.startsWith('银行账户'))).toBe(true)
    const e = await refusal(d.engine.invoke(d.clerk, 'campaign.advance', ref()))
    expect(e.message).toMatch(/^不能进入「公示」步骤：银行账户 .* 尚未导入对账单编制余额调节表/)
  })

  it('adjustments: one draft voucher through 181 for the chosen differences (盘盈 Dr asset / Cr 181, 盘亏 Dr 181 / Cr asset), posted like any other', async () => {
    const cash = rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
    if (!cash) throw new Error('no 101 row')
    await d.engine.invoke(d.clerk, 'campaign.cashCount', { ...ref(), countedOn: '2024-12-02', counts: countsFor(fen(cash.amount) - 1230), ...SIGNED, reason: '出纳找零差错', opinion: '由出纳赔偿' })
    const detail = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    const surplus = detail.surplus[0]
    const chart = await d.engine.invoke(d.clerk, 'account.list', { villageId: d.villageId })
    expect(chart.filter((a) => a.code.startsWith('181')).map((a) => [a.code, a.name])).toEqual([['181', '待处理财产损溢']])
    // a closed month (November) is refused, and nothing is drafted
    const closed = await refusal(d.engine.invoke(d.clerk, 'campaign.adjust', { ...ref(), date: '2024-11-30', items: [{ snapshotId: cash.id }] }))
    expect(closed).toMatchObject({ code: 'STATE', message: expect.stringContaining('已结账，不能录入或修改凭证') })
    const a15102 = chart.find((a) => a.code === '15102')
    // a register item needs its asset account; an item without an amount difference is refused
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.adjust', { ...ref(), date: '2024-12-05', items: [{ surplusId: surplus?.id ?? 0 }] }))).message).toBe('第 1 项：请为「旧抽水机」选择资产科目')
    const equal = detail.rows.find((r) => r.verification?.difference === '0.00')
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.adjust', { ...ref(), date: '2024-12-05', items: [{ snapshotId: equal?.id ?? 0 }] }))).message).toContain('没有金额差异，不需要调整')

    const adj = await d.engine.invoke(d.clerk, 'campaign.adjust', { ...ref(), date: '2024-12-05', items: [{ snapshotId: cash.id }, { surplusId: surplus?.id ?? 0, accountId: a15102?.id ?? 0 }] })
    expect(adj.lines).toEqual([
      { summary: `清查盘亏：${cash.label}`, accountCode: '181', debit: '12.30', credit: '0.00' },
      { summary: `清查盘亏：${cash.label}`, accountCode: cash.code, debit: '0.00', credit: '12.30' },
      { summary: '清查盘盈：旧抽水机', accountCode: '15102', debit: '800.00', credit: '0.00' },
      { summary: '清查盘盈：旧抽水机', accountCode: '181', debit: '0.00', credit: '800.00' },
    ])
    const v = await d.engine.invoke(d.clerk, 'voucher.get', { villageId: d.villageId, voucherId: adj.voucherId })
    expect(v).toMatchObject({ status: 'draft', source: 'campaign', date: '2024-12-05' })
    await d.engine.invoke(d.supervisor, 'voucher.review', { villageId: d.villageId, voucherIds: [adj.voucherId] })
    const posted = await d.engine.invoke(d.supervisor, 'voucher.post', { villageId: d.villageId, voucherIds: [adj.voucherId] })
    expect(posted.map((p) => p.status)).toEqual(['posted'])
    // a difference is drafted once
    const twice = await refusal(d.engine.invoke(d.clerk, 'campaign.adjust', { ...ref(), date: '2024-12-05', items: [{ snapshotId: cash.id }] }))
    expect(twice.message).toBe(`第 1 项：「${cash.label}」的差异已生成过调整凭证`)
    // and its figure stays what the voucher books: a new count or 核实数 changing it is refused, the same one is taken
    const recount = await refusal(d.engine.invoke(d.clerk, 'campaign.cashCount', { ...ref(), countedOn: '2024-12-03', counts: countsFor(fen(cash.amount)), ...SIGNED }))
    expect(recount).toMatchObject({ code: 'STATE', message: `「${cash.label}」的差异已生成调整凭证，不能再改变核实金额` })
    expect((await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })).cashCount).toMatchObject({ countedOn: '2024-12-02', difference: '-12.30' })
    const same = await d.engine.invoke(d.clerk, 'campaign.verify', { ...ref(), rows: [{ surplusId: surplus?.id ?? 0, amount: '800.00', quantity: '1', reason: '捐赠未入账，已补记', opinion: '补记入账' }] })
    expect(same.step).toBe('verification')
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.verify', { ...ref(), rows: [{ surplusId: surplus?.id ?? 0, amount: '900.00', reason: 'x', opinion: 'y' }] }))).message).toBe(
      '「旧抽水机」的差异已生成调整凭证，不能再改变核实金额',
    )
  })

  it('claims and debts: the counterparty’s reply; agreed keeps the book figure, disagreed needs the confirmed amount', async () => {
    const ledger = rows.filter((r) => r.kind === 'account' && r.auxItemId !== null && /^(112|113|211|221)/.test(r.code) && fen(r.amount) !== 0)
    const [agreed, disagreed, silent] = ledger
    const other = rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
    if (!agreed || !disagreed || !silent || !other) throw new Error(`the demo books lack claims or debts: ${ledger.length}`)
    if (c.step !== 'verification') c = await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref(), from: 'registration' })
    const notClaim = await refusal(d.engine.invoke(d.clerk, 'campaign.verify', { ...ref(), rows: [{ snapshotId: other.id, reply: 'agreed' }] }))
    expect(notClaim.message).toMatch(/^第 1 行：询证结果只用于债权债务（112、113、211、221 科目的往来余额），「.*」不是$/)
    const noAmount = await refusal(d.engine.invoke(d.clerk, 'campaign.verify', { ...ref(), rows: [{ snapshotId: disagreed.id, reply: 'disagreed' }] }))
    expect(noAmount.message).toContain('对方确认不符时，请填写核实金额')
    const confirmed = (fen(disagreed.amount) - 10_000) / 100
    await d.engine.invoke(d.clerk, 'campaign.verify', {
      ...ref(),
      rows: [
        { snapshotId: agreed.id, reply: 'agreed' },
        { snapshotId: disagreed.id, reply: 'disagreed', amount: confirmed.toFixed(2), reason: '对方称 11 月已付 100 元', opinion: '核对收据后入账' },
        { snapshotId: silent.id, reply: 'noReply' },
      ],
    })
    const after = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    const v = (id: number) => after.rows.find((r) => r.id === id)?.verification
    expect(v(agreed.id)).toMatchObject({ reply: 'agreed', amount: agreed.amount, difference: '0.00' })
    expect(v(disagreed.id)).toMatchObject({ reply: 'disagreed', amount: confirmed.toFixed(2), difference: '-100.00', reason: '对方称 11 月已付 100 元' })
    expect(v(silent.id)).toMatchObject({ reply: 'noReply', amount: silent.amount, difference: '0.00' })
  })

  it('a locked campaign refuses verification, the cash count and the statement', async () => {
    d.engine.sqlite.prepare("UPDATE campaign SET status = 'reported', locked = 1 WHERE id = ?").run(c.id)
    const cash = rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
    const e = await refusal(d.engine.invoke(d.clerk, 'campaign.verify', { ...ref(), rows: [{ snapshotId: cash?.id ?? 0, amount: '1.00', reason: 'x', opinion: 'y' }] }))
    expect(e).toMatchObject({ code: 'STATE', message: '基准日 2024-11-30 的清查已上报并锁定，不能修改' })
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.cashCount', { ...ref(), countedOn: '2024-12-02', counts: [], ...SIGNED }))).code).toBe('STATE')
    const bank = rows.find((r) => r.kind === 'bankAccount')
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.bankStatement', { ...ref(), snapshotId: bank?.id ?? 0, file: fileOf(STATEMENT_PATH) }))).code).toBe('STATE')
    // and the database itself refuses a change under the lock
    expect(() => d.engine.sqlite.prepare('DELETE FROM campaign_cash_count WHERE campaign_id = ?').run(c.id)).toThrow('该清查已上报并锁定，不能删除')
  })

})

describe('清查 核实 of the bank on the fixture books (as of 2024-12-31, the shared December statement)', () => {
  const t = tempDir()
  let f: ImportFixture
  let c: CampaignStatus
  let bank: SnapshotRow
  const ref = () => ({ villageId: f.villageId, campaignId: c.id })
  beforeAll(async () => {
    f = await importFixture(t.dir)
    const v = f.villageId
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: v, file: fileOf(fixture('chart.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.opening', { villageId: v, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: v, file: fileOf(fixture('journal-2024.xlsx')), commit: true })
    await reviewAndPostAll(f)
    const chart = await f.engine.invoke(f.clerk, 'account.list', { villageId: v })
    const opening = await f.engine.invoke(f.clerk, 'opening.get', { villageId: v })
    const a10201 = chart.find((a) => a.code === '10201')
    const item = opening.rows.find((x) => x.code === '10201')?.auxItemId ?? null
    await f.engine.invoke(f.clerk, 'bankAccount.create', { villageId: v, accountNo: ACCOUNT_10201, openedOn: '2020-01-01', bankName: '农商银行', nature: 'basic', accountId: a10201?.id ?? 0, auxItemId: item })
    c = await f.engine.invoke(f.clerk, 'campaign.start', { villageId: v, asOf: '2024-12-31' })
    await f.engine.invoke(f.clerk, 'campaign.advance', ref())
    const rows = (await f.engine.invoke(f.clerk, 'campaign.status', { ...ref(), rows: true })).rows
    const found = rows.find((r) => r.kind === 'bankAccount')
    if (!found) throw new Error('no bank account row')
    bank = found
    await f.engine.invoke(f.clerk, 'campaign.mark', { ...ref(), marks: rows.filter((r) => r.kind !== 'account').map((r) => ({ snapshotId: r.id, result: 'found' as const })) })
    c = await f.engine.invoke(f.clerk, 'campaign.advance', ref())
    const cash = rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
    await f.engine.invoke(f.clerk, 'campaign.cashCount', { ...ref(), countedOn: '2025-01-02', counts: countsFor(fen(cash?.amount ?? '0')), ...SIGNED })
  }, 240_000)
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('refuses a statement of another account number, with bankCheck’s message, and records nothing', async () => {
    expect(bank.code).toBe(ACCOUNT_10201)
    const other = await refusal(f.engine.invoke(f.clerk, 'campaign.bankStatement', { ...ref(), snapshotId: bank.id, file: bytesOf(await editedStatement({ D2: '账号：3206726294592058129' }), 'other.xlsx') }))
    expect(other.code).toBe('VALIDATION')
    expect(other.details?.issues).toEqual([{ path: '表头', message: `对账单的账号 3206726294592058129 与本账户登记的账号 ${ACCOUNT_10201} 不符，请导入本账户的对账单` }])
    expect((await f.engine.invoke(f.clerk, 'campaign.status', { ...ref(), rows: true })).bankRecs).toEqual([])
  })

  it('stores the 调节表 and sets the 核实数 to the adjusted balance; the difference must be explained before 公示', async () => {
    expect(fen(bank.amount)).toBe(130_822_069)
    const s = await f.engine.invoke(f.clerk, 'campaign.bankStatement', { ...ref(), snapshotId: bank.id, file: bytesOf(readFileSync(STATEMENT_PATH), 'bank-statement-2024-12.xlsx') })
    expect(s.next?.blockers).toEqual([expect.stringMatching(/^还有 1 项差异未写明原因和处理意见：银行账户 /)])
    const d = await f.engine.invoke(f.clerk, 'campaign.status', { ...ref(), rows: true })
    expect(d.bankRecs).toEqual([
      expect.objectContaining({ snapshotId: bank.id, period: '2024-12', accountNumber: ACCOUNT_10201, bookAdjusted: '1362743.15', statementAdjusted: '1362743.15', agrees: true }),
    ])
    expect(d.bankRecs[0]?.unmatched.map((u) => u.side)).toEqual(['bankReceived', 'bankReceived', 'bankPaid', 'bookReceived', 'bookPaid'])
    expect(d.rows.find((r) => r.id === bank.id)?.verification).toMatchObject({ amount: '1362743.15', difference: '54522.46' })
    expect((await refusal(f.engine.invoke(f.clerk, 'campaign.advance', ref()))).message).toContain('差异未写明原因和处理意见')

    await f.engine.invoke(f.clerk, 'campaign.verify', { ...ref(), rows: [{ snapshotId: bank.id, amount: '1362743.15', reason: '未达账项', opinion: '次月入账后自然消除' }] })
    const n = await f.engine.invoke(f.clerk, 'campaign.advance', { ...ref(), from: 'verification' })
    expect(n.step).toBe('notice')
    expect(n.log.at(-1)).toMatchObject({ direction: 'forward', from: 'verification', to: 'notice' })
    // 公示 must be posted and its period over before 确认
    const later = await refusal(f.engine.invoke(f.clerk, 'campaign.advance', ref()))
    expect(later.message).toBe('不能进入「确认」步骤：尚未张贴公示（登记公示开始日期、天数和地点）')
  })
})
