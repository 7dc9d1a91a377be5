import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClaimRow } from '../../../shared/api/fundTypes'
import { AppError } from '../../../shared/errors'
import { parseYuan } from '../../../shared/money'
import { tempDir } from '../../helpers/temp'
import type { ImportFixture } from '../imports/setup'
import { accountId, postedFixtureBooks } from './postedBooks'

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

const fen = (y: string): number => {
  const r = parseYuan(y)
  if (!r.ok) throw new Error(y)
  return r.fen
}

describe('资金 registers on the posted fixture books', () => {
  const t = tempDir()
  let f: ImportFixture
  let basic = 0
  beforeAll(async () => {
    f = await postedFixtureBooks(t.dir)
  }, 120_000)
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('registers the two bank accounts of the README on 10201/10202 and shows the books’ balances', async () => {
    const a = await f.engine.invoke(f.clerk, 'bankAccount.create', {
      villageId: f.villageId,
      bankName: '肥东农村商业银行长临河支行',
      accountNo: '3587 4464 0545 9849 567',
      nature: 'basic',
      accountId: await accountId(f, '10201'),
      openedOn: '2015-03-01',
    })
    basic = a.id
    // the leaf keeps 银行账户 items: the one named as the leaf is taken
    expect(a).toMatchObject({ accountNo: '3587446405459849567', accountCode: '10201', auxItemName: '农商行基本户', open: true })
    expect(a.movements).toHaveLength(1)
    expect(a.movements[0]).toMatchObject({ kind: 'register', date: '2015-03-01', operator: '李会计' })
    await f.engine.invoke(f.clerk, 'bankAccount.create', { villageId: f.villageId, bankName: '肥东农村商业银行长临河支行', accountNo: '3206726294592058129', nature: 'special', accountId: await accountId(f, '10202'), openedOn: '2018-06-01' })
    const list = await f.engine.invoke(f.clerk, 'bankAccount.list', { villageId: f.villageId, asOf: '2024-12-31' })
    expect(list.rows.map((r) => [r.accountNo, r.balance])).toEqual([
      ['3587446405459849567', '1308220.69'],
      ['3206726294592058129', '103143.45'],
    ])
    expect(list.total).toBe('1411364.14')
    const jan = await f.engine.invoke(f.clerk, 'bankAccount.list', { villageId: f.villageId, asOf: '2023-12-31' })
    expect(jan.rows.map((r) => r.balance)).toEqual(['730421.25', '232080.74'])
    // before it was opened the special account is not in the register
    expect((await f.engine.invoke(f.clerk, 'bankAccount.list', { villageId: f.villageId, asOf: '2016-01-01' })).rows.map((r) => r.nature)).toEqual(['basic'])
  })

  it('refuses a duplicate account number, a second account on the same books item, a non-102 account and a bad number', async () => {
    const base = { villageId: f.villageId, bankName: '肥东农村商业银行', nature: 'general' as const, openedOn: '2024-05-01' }
    const dup = await refusal(f.engine.invoke(f.clerk, 'bankAccount.create', { ...base, accountNo: '3587446405459849567', accountId: await accountId(f, '10202') }))
    expect(dup.code).toBe('CONFLICT')
    expect(dup.message).toMatch(/账号 3587446405459849567 已登记/)
    const same = await refusal(f.engine.invoke(f.clerk, 'bankAccount.create', { ...base, accountNo: '6222000011112222', accountId: await accountId(f, '10201') }))
    expect(same.message).toMatch(/已关联账户.*3587446405459849567/)
    const cash = await refusal(f.engine.invoke(f.clerk, 'bankAccount.create', { ...base, accountNo: '6222000011112222', accountId: await accountId(f, '101') }))
    expect(cash.message).toMatch(/102 银行存款/)
    const letters = await refusal(f.engine.invoke(f.clerk, 'bankAccount.create', { ...base, accountNo: 'ABC123456', accountId: await accountId(f, '10202') }))
    expect(letters.message).toMatch(/「账号」应为 6 到 32 位数字/)
    expect((await f.engine.invoke(f.clerk, 'bankAccount.list', { villageId: f.villageId, asOf: '2024-12-31' })).rows).toHaveLength(2)
  })

  it('changes an account as a dated movement, shows it as it stood before, and refuses a change in a closed month', async () => {
    const changed = await f.engine.invoke(f.clerk, 'bankAccount.change', { villageId: f.villageId, bankAccountId: basic, date: '2024-12-20', reason: '支行更名', changes: { bankName: '安徽肥东农村商业银行长临河支行' } })
    expect(changed.bankName).toBe('安徽肥东农村商业银行长临河支行')
    expect(changed.movements.at(-1)).toMatchObject({ kind: 'change', date: '2024-12-20', changes: { 开户行: ['肥东农村商业银行长临河支行', '安徽肥东农村商业银行长临河支行'] }, note: '支行更名' })
    const before = await f.engine.invoke(f.clerk, 'bankAccount.get', { villageId: f.villageId, bankAccountId: basic, asOf: '2024-12-19' })
    expect(before).toMatchObject({ bankName: '肥东农村商业银行长临河支行', balance: expect.any(String) })
    const earlier = await refusal(f.engine.invoke(f.clerk, 'bankAccount.change', { villageId: f.villageId, bankAccountId: basic, date: '2024-12-01', reason: '补记', changes: { note: '补记' } }))
    expect(earlier.message).toMatch(/早于该项目最近一次变动/)
    await f.engine.invoke(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-01' })
    const closed = await refusal(f.engine.invoke(f.clerk, 'bankAccount.change', { villageId: f.villageId, bankAccountId: basic, date: '2024-01-15', reason: '补记', changes: { nature: 'general' } }))
    expect(closed.code).toBe('STATE')
    expect(closed.message).toMatch(/已结账/)
  })

  it('refuses to close an account that still has money, and closes it once the books show it empty', async () => {
    const full = await refusal(f.engine.invoke(f.clerk, 'bankAccount.close', { villageId: f.villageId, bankAccountId: basic, date: '2024-12-31', reason: '撤销账户' }))
    expect(full.code).toBe('STATE')
    expect(full.message).toMatch(/账面余额为 1,308,220.69 元，余额为零才能销户/)
    // a third account on a new 102 leaf without items: empty in the books, so it may be closed
    const leaf = await f.engine.invoke(f.clerk, 'account.create', { villageId: f.villageId, code: '10203', name: '农行一般户', auxKind: null })
    const extra = await f.engine.invoke(f.clerk, 'bankAccount.create', { villageId: f.villageId, bankName: '中国农业银行肥东支行', accountNo: '12345678901234', nature: 'general', accountId: leaf.id, openedOn: '2024-06-01' })
    expect(extra).toMatchObject({ auxItemId: null, balance: '0.00' })
    const closed = await f.engine.invoke(f.clerk, 'bankAccount.close', { villageId: f.villageId, bankAccountId: extra.id, date: '2024-12-31', reason: '账户不再使用' })
    expect(closed).toMatchObject({ closedOn: '2024-12-31', open: false })
    expect(closed.movements.map((m) => m.kind)).toEqual(['register', 'close'])
    const again = await refusal(f.engine.invoke(f.clerk, 'bankAccount.close', { villageId: f.villageId, bankAccountId: extra.id, date: '2024-12-31', reason: '再次销户' }))
    expect(again.message).toMatch(/已于 2024-12-31 销户/)
    // open on the 30th, gone from the total on the 31st
    expect((await f.engine.invoke(f.clerk, 'bankAccount.list', { villageId: f.villageId, asOf: '2024-12-30' })).rows.find((r) => r.id === extra.id)?.open).toBe(true)
    const special = (await f.engine.invoke(f.clerk, 'bankAccount.list', { villageId: f.villageId, asOf: '2024-12-31' })).rows.find((r) => r.nature === 'special')
    const badDate = await refusal(f.engine.invoke(f.clerk, 'bankAccount.close', { villageId: f.villageId, bankAccountId: special?.id as number, date: '2010-01-01', reason: '撤销' }))
    expect(badDate.message).toMatch(/早于开户日期/)
  })

  it('warns when 库存现金 is above the village’s limit', async () => {
    const none = await f.engine.invoke(f.clerk, 'cash.status', { villageId: f.villageId, date: '2024-12-31' })
    expect(none).toMatchObject({ balance: '4963.33', limit: null, over: false, warning: null })
    const set = await f.engine.invoke(f.clerk, 'cash.setLimit', { villageId: f.villageId, limit: '3000', date: '2024-12-31' })
    expect(set).toMatchObject({ balance: '4963.33', limit: '3000.00', over: true, excess: '1963.33' })
    expect(set.warning).toMatch(/超过限额 3,000.00 元（超出 1,963.33 元）/)
    expect(await f.engine.invoke(f.clerk, 'cash.status', { villageId: f.villageId, date: '2023-12-31' })).toMatchObject({ balance: '3213.10', over: true, excess: '213.10' })
    const cleared = await f.engine.invoke(f.clerk, 'cash.setLimit', { villageId: f.villageId, limit: null, date: '2024-12-31' })
    expect(cleared).toMatchObject({ limit: null, over: false })
    const negative = await refusal(f.engine.invoke(f.clerk, 'cash.setLimit', { villageId: f.villageId, limit: '-100', date: '2024-12-31' }))
    expect(negative.message).toMatch(/「库存现金限额」不能为负/)
    await f.engine.invoke(f.clerk, 'cash.setLimit', { villageId: f.villageId, limit: '5000', date: '2024-12-31' })
  })

  it('builds the 债权债务 register from 112/113/211/221 by counterparty, aged first in first out', async () => {
    const c = await f.engine.invoke(f.clerk, 'claims.list', { villageId: f.villageId, date: '2024-12-31' })
    expect(c.openingDate).toBe('2023-12-31')
    const sum = (rows: ClaimRow[], pred: (r: ClaimRow) => boolean) => rows.filter(pred).reduce((s, r) => s + fen(r.balance), 0)
    // each account's items add up to the trial balance's closing figure
    expect(sum(c.receivables, (r) => r.accountCode === '11201')).toBe(66_336_000)
    expect(sum(c.receivables, (r) => r.accountCode === '11202')).toBe(290_000)
    expect(sum(c.receivables, (r) => r.rootCode === '113') - sum(c.payables, (r) => r.rootCode === '113')).toBe(6_235_800 + 8_125_000)
    expect(sum(c.payables, (r) => r.accountCode === '21101')).toBe(11_940_000)
    expect(sum(c.payables, (r) => r.accountCode === '21102')).toBe(5_300_000)
    // 113 in credit goes to the payables
    expect(c.payables.find((r) => r.counterparty === '赵敏新')).toMatchObject({ rootCode: '113', accountCode: '11301' })
    for (const r of [...c.receivables, ...c.payables]) {
      expect(fen(r.balance)).toBe(Object.values(r.ageing).reduce((s, v) => s + fen(v), 0))
    }
    expect(fen(c.totals.receivable.balance)).toBe(c.receivables.reduce((s, r) => s + fen(r.balance), 0))
    // 2023 arrears of 杨桥家庭农场 are in the opening balance: still open, a year old at the year end
    const farm = c.receivables.find((r) => r.counterparty === '杨桥家庭农场')
    expect(fen(farm?.ageing.y1to2 ?? '0')).toBe(16_051_000)
    expect(farm?.lastMovement).toMatch(/^2024-/)
    // at the opening date every opening item is in 1年以内
    const open = await f.engine.invoke(f.clerk, 'claims.list', { villageId: f.villageId, date: '2023-12-31' })
    expect(open.receivables.find((r) => r.counterparty === '杨桥渔业养殖专业合作社')).toMatchObject({ balance: '213970.00', ageing: { within1: '213970.00' }, lastMovement: null })
    expect(open.totals.payable.count).toBe(5 + 6 + 1)
  })

  it('库存物资, 长期投资 and 生物资产: registered, changed as dated movements, and reconciled with 121, 141, 131–134', async () => {
    const v = f.villageId
    const office = await f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC001', name: '办公用品', quantity: '1', amount: '2590.13', usage: 'self', accountId: await accountId(f, '12101'), date: '2023-12-31' })
    expect(office).toMatchObject({ code: 'KC001', amount: '2590.13', accountCode: '12101', usage: 'self' })
    await f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC002', name: '化肥农药', quantity: '120.5', unit: '袋', amount: '5838.49', usage: 'self', keeper: '张强', accountId: await accountId(f, '12102'), date: '2023-12-31' })
    // 141 has one leaf: the account is found by itself
    const fund = await f.engine.invoke(f.clerk, 'investment.create', { villageId: v, code: 'TZ001', name: '入股杨桥农旅公司', investee: '肥东杨桥农旅发展有限公司', kind: 'equity', amount: '279800', share: '0.35', startedOn: '2020-05-01' })
    expect(fund).toMatchObject({ accountCode: '141', amount: '279800.00', share: '0.35' })
    const start = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: v, date: '2023-12-31' })
    const at = (r: typeof start, key: string) => r.checks.find((c) => c.key === key)
    expect(at(start, '121')).toMatchObject({ register: '8428.62', books: '8428.62', ok: true })
    expect(at(start, '121:12102')).toMatchObject({ register: '5838.49', ok: true })
    expect(at(start, '141')).toMatchObject({ register: '279800.00', books: '279800.00', ok: true })
    expect(at(start, '102')).toMatchObject({ register: '962501.99', books: '962501.99', ok: true })
    // at the year end the books used up the office supplies and hold 1,443.00 of farm supplies: the register lags
    const lag = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: v, date: '2024-12-31' })
    expect(at(lag, '121')).toMatchObject({ register: '8428.62', books: '1443.00', difference: '6985.62', ok: false })
    expect(at(lag, '121')?.note).toMatch(/不自动生成凭证/)
    expect(at(lag, '102')).toMatchObject({ books: '1411364.14', ok: true })
    await f.engine.invoke(f.clerk, 'inventory.change', { villageId: v, itemId: office.id, date: '2024-12-31', reason: '年末盘点', changes: { quantity: '0', amount: '0' } })
    const farm = (await f.engine.invoke(f.clerk, 'inventory.list', { villageId: v })).rows.find((r) => r.code === 'KC002')
    const changed = await f.engine.invoke(f.clerk, 'inventory.change', { villageId: v, itemId: farm?.id as number, date: '2024-12-31', reason: '年末盘点', changes: { quantity: '30', amount: '1443.00' } })
    expect(changed.movements.at(-1)).toMatchObject({ kind: 'change', amount: '-4395.49', changes: { 数量: ['120.5', '30'], 金额: ['5,838.49', '1,443.00'] } })
    const tied = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: v, date: '2024-12-31' })
    expect(at(tied, '121')).toMatchObject({ register: '1443.00', books: '1443.00', ok: true })
    // the register as it stood before the count
    const june = await f.engine.invoke(f.clerk, 'inventory.list', { villageId: v, asOf: '2024-06-30' })
    expect(june.total).toBe('8428.62')

    // 生物资产: a productive one on 132 with its depreciation on 133 — not in the books, so both differ
    const orchard = await f.engine.invoke(f.clerk, 'bioAsset.create', { villageId: v, code: 'SW001', name: '板栗园', kind: 'productive', quantity: '300', unit: '株', originalValue: '1000', accumulated: '100', acquiredOn: '2024-06-01' })
    expect(orchard).toMatchObject({ accountCode: '132', netValue: '900.00' })
    const bio = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: v, date: '2024-12-31' })
    expect(at(bio, '132')).toMatchObject({ register: '1000.00', books: '0.00', ok: false })
    expect(at(bio, '133')).toMatchObject({ register: '100.00', books: '0.00', ok: false })
    const gone = await f.engine.invoke(f.clerk, 'bioAsset.change', { villageId: v, itemId: orchard.id, date: '2024-12-31', reason: '登记有误', changes: { removedOn: '2024-12-31' } })
    expect(gone.movements.at(-1)).toMatchObject({ kind: 'dispose', amount: '-900.00' })
    expect(at(await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: v, date: '2024-12-31' }), '132')?.ok).toBe(true)
    const after = await refusal(f.engine.invoke(f.clerk, 'bioAsset.change', { villageId: v, itemId: orchard.id, date: '2024-12-31', reason: '再改', changes: { name: '栗园' } }))
    expect(after.message).toMatch(/已于 2024-12-31 减少/)
  })

  it('refuses negative values, duplicate codes, impossible depreciation and movements in a closed month', async () => {
    const v = f.villageId
    const neg = await refusal(f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC009', name: '水泥', quantity: '1', amount: '-10', usage: 'self', accountId: await accountId(f, '12102'), date: '2024-12-01' }))
    expect(neg.message).toMatch(/「金额」不能为负/)
    const negQty = await refusal(f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC009', name: '水泥', quantity: '-1', amount: '10', usage: 'self', accountId: await accountId(f, '12102'), date: '2024-12-01' }))
    expect(negQty.message).toMatch(/「数量」应为不带单位的非负数字/)
    const dup = await refusal(f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC001', name: '另一批办公用品', quantity: '1', amount: '10', usage: 'self', accountId: await accountId(f, '12101'), date: '2024-12-01' }))
    expect(dup.code).toBe('CONFLICT')
    expect(dup.message).toMatch(/编号 KC001 已被库存物资“办公用品”使用/)
    const dupInv = await refusal(f.engine.invoke(f.clerk, 'investment.create', { villageId: v, code: 'TZ001', name: '再投资', investee: '某公司', kind: 'debt', amount: '1', startedOn: '2024-12-01' }))
    expect(dupInv.code).toBe('CONFLICT')
    const wrongRoot = await refusal(f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC010', name: '水泥', quantity: '1', amount: '10', usage: 'self', accountId: await accountId(f, '141'), date: '2024-12-01' }))
    expect(wrongRoot.message).toMatch(/应在 121 之下/)
    const tooMuch = await refusal(f.engine.invoke(f.clerk, 'bioAsset.create', { villageId: v, code: 'SW002', name: '桃园', kind: 'productive', quantity: '10', originalValue: '100', accumulated: '150', acquiredOn: '2024-12-01' }))
    expect(tooMuch.message).toMatch(/累计折旧 150.00 超过原值 100.00/)
    const consumable = await refusal(f.engine.invoke(f.clerk, 'bioAsset.create', { villageId: v, code: 'SW002', name: '育肥猪', kind: 'consumable', quantity: '10', originalValue: '100', accumulated: '10', acquiredOn: '2024-12-01' }))
    expect(consumable.message).toMatch(/只有生产性生物资产计提折旧/)
    // 2024-01 was closed above: neither a registration nor a change may be dated in it
    const closedNew = await refusal(f.engine.invoke(f.clerk, 'inventory.create', { villageId: v, code: 'KC011', name: '水泥', quantity: '1', amount: '10', usage: 'self', accountId: await accountId(f, '12102'), date: '2024-01-10' }))
    expect(closedNew.message).toMatch(/已结账/)
    const item = (await f.engine.invoke(f.clerk, 'investment.list', { villageId: v })).rows[0]
    const closedChange = await refusal(f.engine.invoke(f.clerk, 'investment.change', { villageId: v, itemId: item?.id as number, date: '2024-01-20', reason: '追加', changes: { amount: '300000' } }))
    expect(closedChange.message).toMatch(/已结账/)
    expect(closedChange.code).toBe('STATE')
    const nothing = await refusal(f.engine.invoke(f.clerk, 'investment.change', { villageId: v, itemId: item?.id as number, date: '2024-12-31', reason: '无', changes: { amount: '279800' } }))
    expect(nothing.message).toBe('没有任何变更')
    // the history is immutable in the database too
    await expect(sql`DELETE FROM investment`.execute(f.engine.db)).rejects.toThrow(/长期投资不能删除/)
    await expect(sql`UPDATE register_movement SET note = 'x'`.execute(f.engine.db)).rejects.toThrow(/台账变动记录不能修改/)
  })
})
