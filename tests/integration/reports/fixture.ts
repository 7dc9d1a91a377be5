import type { Engine } from '../../../electron/core/engine'
import type { Session } from '../../../electron/core/context'
import { parseYuan } from '../../../shared/money'
import { ledgerFixture, type LedgerFixture } from '../../helpers/ledger'
import { VILLAGE } from '../../helpers/temp'

/** yuan text → 分 for opening balances written straight into the table (the opening-balance screen is another module) */
export function fen(yuan: string): number {
  const r = parseYuan(yuan)
  if (!r.ok) throw new Error(r.reason)
  return r.fen
}

export interface Line {
  account: string
  aux?: number
  debit?: string
  credit?: string
  summary?: string
}

export async function postVoucher(engine: Engine, clerk: Session, reviewer: Session, villageId: number, accountId: (code: string) => number, date: string, summary: string, lines: Line[]): Promise<number> {
  const v = await engine.invoke(clerk, 'voucher.save', {
    villageId,
    date,
    attachments: 1,
    lines: lines.map((l) => ({ summary: l.summary ?? summary, accountId: accountId(l.account), auxItemId: l.aux ?? null, debit: l.debit, credit: l.credit })),
  })
  await engine.invoke(reviewer, 'voucher.review', { villageId, voucherIds: [v.id] })
  await engine.invoke(reviewer, 'voucher.post', { villageId, voucherIds: [v.id] })
  return v.id
}

export interface ReportFixture extends LedgerFixture {
  items: { basic: number; special: number; zhang: number; li: number; supplier: number }
  post(date: string, summary: string, lines: Line[]): Promise<number>
}

/**
 * 杨桥村 (2023 chart) from 2024-01 with opening balances and eight months of vouchers chosen so that every
 * statement figure can be worked out by hand (see the expectations in statements.test.ts).
 */
export async function reportFixture(dir: string): Promise<ReportFixture> {
  const f = await ledgerFixture(dir)
  const { engine, clerk, villageId } = f
  for (const [code, name, auxKind] of [
    ['11301', '农户往来', 'household'],
    ['3220101', '提取公积公益金', null],
    ['3220102', '向成员分配', null],
  ] as const) {
    await engine.invoke(clerk, 'account.create', { villageId, code, name, auxKind })
  }
  const chart = await engine.invoke(clerk, 'account.list', { villageId })
  const idOf = (code: string) => {
    const a = chart.find((x) => x.code === code)
    if (!a) throw new Error(`no account ${code}`)
    return a.id
  }
  const aux = async (kind: 'bank' | 'household' | 'counterparty', name: string) => (await engine.invoke(clerk, 'aux.create', { villageId, kind, name })).id
  const items = {
    basic: await aux('bank', '肥东农商行长临河支行 基本户'),
    special: await aux('bank', '肥东农商行长临河支行 专户'),
    zhang: await aux('household', '张三'),
    li: await aux('household', '李四'),
    supplier: await aux('counterparty', '长临河建材公司'),
  }
  const openings: [string, number, string][] = [
    ['101', 0, '5000.00'],
    ['10201', items.basic, '200000.00'],
    ['151', 0, '800000.00'],
    ['152', 0, '-120000.00'],
    ['11301', items.zhang, '3000.00'],
    ['11301', items.li, '-1200.00'],
    ['301', 0, '-600000.00'],
    ['311', 0, '-230000.00'],
    ['32202', 0, '-56800.00'],
  ]
  await engine.db
    .insertInto('opening_balance')
    .values(openings.map(([code, auxItemId, amount]) => ({ village_id: villageId, account_id: idOf(code), aux_item_id: auxItemId, amount: fen(amount) })))
    .execute()
  const post = (date: string, summary: string, lines: Line[]) => postVoucher(engine, clerk, f.reviewer, villageId, idOf, date, summary, lines)
  await post('2024-01-05', '收到土地发包收入', [
    { account: '10201', aux: items.basic, debit: '50000' },
    { account: '50101', credit: '50000' },
  ])
  await post('2024-01-10', '提取现金', [
    { account: '101', debit: '2000' },
    { account: '10201', aux: items.basic, credit: '2000' },
  ])
  await post('2024-01-10', '购买办公用品', [
    { account: '51302', debit: '680.32' },
    { account: '101', credit: '680.32' },
  ])
  await post('2024-02-15', '支付村干部报酬', [
    { account: '51301', debit: '12000' },
    { account: '10201', aux: items.basic, credit: '12000' },
  ])
  await post('2024-02-20', '张三归还借款', [
    { account: '101', debit: '1000' },
    { account: '11301', aux: items.zhang, credit: '1000' },
  ])
  await post('2024-03-01', '李四预交承包费', [
    { account: '101', debit: '500' },
    { account: '11301', aux: items.li, credit: '500' },
  ])
  await post('2024-03-10', '应收建材公司场地租金', [
    { account: '11201', aux: items.supplier, debit: '8000' },
    { account: '50101', credit: '8000' },
  ])
  await post('2024-03-15', '计提办公设备折旧', [
    { account: '51302', debit: '1000' },
    { account: '152', credit: '1000' },
  ])
  await post('2024-03-20', '基本户转入专户', [
    { account: '10201', aux: items.special, debit: '10000' },
    { account: '10201', aux: items.basic, credit: '10000' },
  ])
  return { ...f, items, post }
}

/** A 2004-chart village beside it, with the optional 241 in use. */
export async function village2004(f: LedgerFixture): Promise<{ villageId: number; post(date: string, summary: string, lines: Line[]): Promise<number>; items: { zhang: number; li: number } }> {
  const { engine, admin, clerk, reviewer } = f
  const v = await engine.invoke(admin, 'village.create', { ...VILLAGE, code: '340122199', name: '旧制度村股份经济合作社', uscc: null, chartVersion: '2004' })
  const users = await engine.invoke(admin, 'user.list', {})
  for (const u of users.filter((x) => x.username === 'clerk' || x.username === 'checker')) {
    await engine.invoke(admin, 'user.update', { userId: u.id, displayName: u.displayName, role: u.role, allVillages: false, villageIds: [...u.villageIds, v.id] })
  }
  await engine.invoke(clerk, 'account.create', { villageId: v.id, code: '11301', name: '农户往来', auxKind: 'household' })
  const chart = await engine.invoke(clerk, 'account.list', { villageId: v.id })
  const idOf = (code: string) => {
    const a = chart.find((x) => x.code === code)
    if (!a) throw new Error(`no account ${code}`)
    return a.id
  }
  const zhang = (await engine.invoke(clerk, 'aux.create', { villageId: v.id, kind: 'household', name: '张三' })).id
  const li = (await engine.invoke(clerk, 'aux.create', { villageId: v.id, kind: 'household', name: '李四' })).id
  await engine.db
    .insertInto('opening_balance')
    .values([
      { village_id: v.id, account_id: idOf('101'), aux_item_id: 0, amount: fen('1000') },
      { village_id: v.id, account_id: idOf('301'), aux_item_id: 0, amount: fen('-1000') },
    ])
    .execute()
  const post = (date: string, summary: string, lines: Line[]) => postVoucher(engine, clerk, reviewer, v.id, idOf, date, summary, lines)
  return { villageId: v.id, post, items: { zhang, li } }
}

