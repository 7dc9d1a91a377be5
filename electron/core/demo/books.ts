import type { Kysely } from 'kysely'
import type { AuxKind } from '../../../shared/accounts'
import { nextPeriod, daysInMonth } from '../../../shared/periods'
import type { Database } from '../db/schema'
import { ensureAuxItem } from '../ledger/aux'
import { accountByCode, insertSubAccount, loadChart } from '../ledger/chart'
import { postReviewed } from '../ledger/posting'
import { insertDraftsBulk } from '../ledger/bulkDrafts'
import type { LineInput } from '../ledger/vouchers'
import { nowIso } from '../audit/log'
import { makeRun } from '../registers/depreciation'

/** Sub-accounts a village keeps under the 2023 chart (as in shared/fixtures/chart.xlsx, abridged). */
const SUB_ACCOUNTS: [string, string, AuxKind | null][] = [
  ['10201', '农商行基本户', 'bank'],
  ['10202', '农商行专户', 'bank'],
  ['11201', '应收单位款项', 'counterparty'],
  ['11202', '应收个人款项', 'counterparty'],
  ['11301', '农户往来', 'household'],
  ['15101', '经营性固定资产', null],
  ['15102', '非经营性固定资产', null],
  ['15201', '经营性固定资产累计折旧', null],
  ['15202', '非经营性固定资产累计折旧', null],
  ['21101', '应付单位款项', 'counterparty'],
  ['21102', '应付个人款项', 'counterparty'],
  ['21401', '应交增值税', null],
  ['30101', '集体投入资本', null],
  ['32201', '各项分配', null],
  ['32202', '未分配收益', null],
  ['50101', '发包收入', null],
  ['50102', '出租收入', null],
  ['50301', '村级组织运转经费', null],
  ['50302', '项目补助', null],
  ['50401', '利息收入', null],
  ['50402', '其他', null],
  ['51101', '出租资产折旧', null],
  ['51301', '干部报酬', null],
  ['51302', '办公费', null],
  ['51303', '差旅费', null],
  ['51305', '水电费', null],
  ['51307', '折旧费', null],
  ['51401', '环境整治', null],
  ['51402', '优抚慰问', null],
  ['51406', '公益性固定资产折旧', null],
  ['51501', '银行手续费', null],
]

export const COUNTERPARTIES = ['杨桥渔业养殖专业合作社', '肥东永兴五金制品有限公司', '肥东鑫达苗木有限公司', '长临河镇财政所', '肥东华农果业有限公司', '肥东丰收种植专业合作社']
export const HOUSEHOLDS = ['段峰凤', '田军庆', '邱波忠', '王长友', '李桂芳', '张德明', '刘玉兰', '陈家宝']

/** A small deterministic generator, so demo books and bench data are the same on every run. */
export class Prng {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0 || 1
  }
  next(): number {
    // xorshift32
    let x = this.s
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.s = x >>> 0
    return this.s / 0x100000000
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T
  }
}

export interface BookCodes {
  id(code: string): number
  aux(kind: AuxKind, name: string): number
}

/** Gives a village the demo sub-accounts, counterparties, households and balanced opening balances. */
export async function prepareDemoBooks(db: Kysely<Database>, villageId: number, seed: number): Promise<BookCodes> {
  for (const [code, name, aux] of SUB_ACCOUNTS) {
    if (!(await accountByCode(db, villageId, code))) await insertSubAccount(db, { villageId, code, name, auxKind: aux })
  }
  const chart = await loadChart(db, villageId)
  const ids = new Map(chart.map((a) => [a.code, a.id]))
  const auxIds = new Map<string, number>()
  const codes: BookCodes = {
    id: (code) => {
      const id = ids.get(code)
      if (id === undefined) throw new Error(`demo chart lacks ${code}`)
      return id
    },
    aux: (kind, name) => {
      const id = auxIds.get(`${kind}|${name}`)
      if (id === undefined) throw new Error(`demo aux item ${name} missing`)
      return id
    },
  }
  for (const n of COUNTERPARTIES) auxIds.set(`counterparty|${n}`, await ensureAuxItem(db, villageId, 'counterparty', n))
  for (const n of HOUSEHOLDS) auxIds.set(`household|${n}`, await ensureAuxItem(db, villageId, 'household', n))
  for (const n of ['农商行基本户', '农商行专户']) auxIds.set(`bank|${n}`, await ensureAuxItem(db, villageId, 'bank', n))

  const r = new Prng(seed)
  const k = (lo: number, hi: number) => r.int(lo, hi) * 100 + r.int(0, 99)
  const bankBasic = k(300_000, 900_000)
  const bankSpecial = k(50_000, 300_000)
  const cash = k(1_000, 5_000)
  const operating = k(2_000_000, 6_000_000)
  const public_ = k(3_000_000, 7_000_000)
  const depOp = Math.round(operating * 0.35)
  const depPub = Math.round(public_ * 0.38)
  const receivable = k(20_000, 80_000)
  const householdDebit = k(2_000, 9_000)
  const householdCredit = k(1_000, 4_000)
  const payable = k(10_000, 60_000)
  const assets = cash + bankBasic + bankSpecial + operating + public_ - depOp - depPub + receivable + householdDebit - householdCredit
  const retained = k(100_000, 400_000)
  const capital = assets - payable - retained
  const rows: { account: string; aux: number; amount: number }[] = [
    { account: '101', aux: 0, amount: cash },
    { account: '10201', aux: codes.aux('bank', '农商行基本户'), amount: bankBasic },
    { account: '10202', aux: codes.aux('bank', '农商行专户'), amount: bankSpecial },
    { account: '11201', aux: codes.aux('counterparty', COUNTERPARTIES[0] as string), amount: receivable },
    { account: '11301', aux: codes.aux('household', HOUSEHOLDS[0] as string), amount: householdDebit },
    { account: '11301', aux: codes.aux('household', HOUSEHOLDS[1] as string), amount: -householdCredit },
    { account: '15101', aux: 0, amount: operating },
    { account: '15102', aux: 0, amount: public_ },
    { account: '15201', aux: 0, amount: -depOp },
    { account: '15202', aux: 0, amount: -depPub },
    { account: '21101', aux: codes.aux('counterparty', COUNTERPARTIES[3] as string), amount: -payable },
    { account: '30101', aux: 0, amount: -capital },
    { account: '32202', aux: 0, amount: -retained },
  ]
  await db.deleteFrom('opening_balance').where('village_id', '=', villageId).execute()
  await db
    .insertInto('opening_balance')
    .values(rows.map((o) => ({ village_id: villageId, account_id: codes.id(o.account), aux_item_id: o.aux, amount: o.amount })))
    .execute()
  return codes
}

export interface MonthPlan {
  date: string
  attachments: number
  lines: LineInput[]
}

/**
 * One month of a village's ordinary business: receipts, wages, office costs, depreciation, bank charges.
 * `depreciation: false` leaves out the made-up depreciation voucher (the cards' run charges it); `rentals: false`
 * leaves out the made-up 出租/发包 receipts (the contracts' instalments stand for them).
 */
export function monthVouchers(period: string, codes: BookCodes, r: Prng, scale = 1, opts: { depreciation?: boolean; rentals?: boolean } = {}): MonthPlan[] {
  const depreciation = opts.depreciation ?? true
  const rentals = opts.rentals ?? true
  const y = Number(period.slice(0, 4))
  const m = Number(period.slice(5, 7))
  const last = daysInMonth(y, m)
  const day = () => `${period}-${String(r.int(1, last)).padStart(2, '0')}`
  const amt = (lo: number, hi: number) => r.int(lo, hi) * 100 + r.int(0, 99)
  const bank = codes.aux('bank', '农商行基本户')
  const out: MonthPlan[] = []
  const two = (summary: string, dr: [string, number | null], cr: [string, number | null], amount: number, date = day()): MonthPlan => ({
    date,
    attachments: r.int(1, 4),
    lines: [
      { summary, accountId: codes.id(dr[0]), auxItemId: dr[1], debit: amount, credit: 0 },
      { summary, accountId: codes.id(cr[0]), auxItemId: cr[1], debit: 0, credit: amount },
    ],
  })
  for (let rep = 0; rep < scale; rep++) {
    if (rentals) out.push(two(`收到${m}月出租收入`, ['10201', bank], ['50102', null], amt(3_000, 30_000)))
    out.push(two(`支付${m}月村干部报酬`, ['51301', null], ['10201', bank], amt(12_000, 26_000)))
    const office = amt(80, 1_500)
    const travel = amt(50, 900)
    const hh = r.pick(HOUSEHOLDS)
    const loan = amt(200, 2_000)
    // cash is drawn on the 1st for the month's cash payments, so 库存现金 never goes negative
    out.push(two('从基本户提取备用金', ['101', null], ['10201', bank], office + travel + loan + amt(200, 800), `${period}-01`))
    out.push(two('购买办公用品', ['51302', null], ['101', null], office))
    out.push(two('报销差旅费', ['51303', null], ['101', null], travel))
    out.push(two('支付村部水电费', ['51305', null], ['10201', bank], amt(300, 2_500)))
    out.push(two('环境整治保洁费', ['51401', null], ['10201', bank], amt(2_000, 9_000)))
    out.push(two('银行账户管理费', ['51501', null], ['10201', bank], amt(10, 60)))
    if (rentals) {
      const cp = r.pick(COUNTERPARTIES.slice(0, 3))
      const receivable = amt(5_000, 40_000)
      out.push(two(`应收${cp}发包款`, ['11201', codes.aux('counterparty', cp)], ['50101', null], receivable))
      out.push(two(`收到${cp}发包款`, ['10201', bank], ['11201', codes.aux('counterparty', cp)], receivable))
    }
    out.push(two(`${hh}借支`, ['11301', codes.aux('household', hh)], ['101', null], loan))
    // depreciation: one three-line voucher (unless the cards' depreciation run charges the month)
    if (depreciation) {
    const dep1 = amt(6_000, 15_000)
    const dep2 = amt(8_000, 20_000)
    const dep3 = amt(2_000, 6_000)
    out.push({
      date: `${period}-${String(last).padStart(2, '0')}`,
      attachments: 1,
      lines: [
        { summary: `计提${m}月固定资产折旧`, accountId: codes.id('51101'), auxItemId: null, debit: dep1, credit: 0 },
        { summary: `计提${m}月固定资产折旧`, accountId: codes.id('51406'), auxItemId: null, debit: dep2, credit: 0 },
        { summary: `计提${m}月固定资产折旧`, accountId: codes.id('51307'), auxItemId: null, debit: dep3, credit: 0 },
        { summary: `计提${m}月固定资产折旧`, accountId: codes.id('15201'), auxItemId: null, debit: 0, credit: dep1 },
        { summary: `计提${m}月固定资产折旧`, accountId: codes.id('15202'), auxItemId: null, debit: 0, credit: dep2 + dep3 },
      ],
    })
    }
    if (m % 3 === 0) {
      out.push(two('收到季度存款利息', ['10201', bank], ['50401', null], amt(300, 2_000)))
      out.push(two('收到村级组织运转经费', ['10201', bank], ['50301', null], amt(30_000, 80_000)))
    }
    if (m === 6 || m === 12) out.push(two('收到项目补助资金', ['10202', codes.aux('bank', '农商行专户')], ['50302', null], amt(50_000, 200_000)))
  }
  // stable by date: on the 1st the withdrawal stays ahead of that day's payments
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/**
 * Writes months of books through the real services: drafts as the preparer, reviewed by the reviewer,
 * posted (numbers, hashes, balance table). Closes the months listed in `close`.
 */
export async function writeMonths(
  db: Kysely<Database>,
  villageId: number,
  codes: BookCodes,
  opts: {
    from: string
    months: number
    preparer: number
    reviewer: number
    seed: number
    scale?: number
    post?: (period: string) => boolean
    close?: (period: string) => boolean
    /** charge depreciation by the village's cards (the real run) instead of a made-up voucher */
    depreciateCards?: boolean
    /** the month's 发包/出租 vouchers (the contracts' instalments) instead of made-up ones */
    rentals?: (period: string) => MonthPlan[]
  },
): Promise<{ vouchers: number; lines: number }> {
  const r = new Prng(opts.seed)
  let period = opts.from
  let vouchers = 0
  let lines = 0
  for (let i = 0; i < opts.months; i++, period = nextPeriod(period)) {
    let plans = monthVouchers(period, codes, r, opts.scale ?? 1, { depreciation: !opts.depreciateCards, rentals: !opts.rentals })
    if (opts.rentals) plans = [...plans, ...opts.rentals(period)].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    const written = await insertDraftsBulk(db, { villageId, preparedBy: opts.preparer, source: 'manual', importBatchId: null, drafts: plans })
    const ids = written.firstId === null ? [] : Array.from({ length: plans.length }, (_, k) => (written.firstId as number) + k)
    if (opts.depreciateCards) {
      const run = await makeRun(db, villageId, period, opts.preparer)
      if (run.voucherId !== null) {
        ids.push(run.voucherId)
        vouchers++
        lines += (await db.selectFrom('voucher_line').select('id').where('voucher_id', '=', run.voucherId).execute()).length
      }
    }
    vouchers += plans.length
    lines += plans.reduce((s, v) => s + v.lines.length, 0)
    if (opts.post ? opts.post(period) : true) {
      const now = nowIso()
      for (let j = 0; j < ids.length; j += 500) {
        await db.updateTable('voucher').set({ status: 'reviewed', reviewed_by: opts.reviewer, reviewed_at: now }).where('id', 'in', ids.slice(j, j + 500)).execute()
      }
      await postReviewed(db, villageId, ids, opts.reviewer)
      if (opts.close?.(period)) await db.insertInto('period_close').values({ village_id: villageId, period, closed_by: opts.reviewer, closed_at: now }).execute()
    }
  }
  return { vouchers, lines }
}
