import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerStream } from '../../../electron/core/reports/books'
import { openLedger, type LedgerRequest } from '../../../electron/core/reports/ledger'
import type { LedgerEntry } from '../../../shared/api/types'
import { fenToYuanString } from '../../../shared/money'
import { lastDayOf, nextPeriod, periodLabel } from '../../../shared/periods'
import { tempDir } from '../../helpers/temp'
import { reportFixture, type ReportFixture } from './fixture'

/**
 * The 明细账 has one reader (reports/ledger.ts) behind report.ledger, its pages, the stream of the exports and the
 * 往来明细账. Here it is held against a ledger worked out independently from the raw voucher lines and opening
 * balances, for accounts with sub-accounts, with auxiliary items, with red reversals, read whole, in pages of
 * every size, and in chunks as small as one line (the path of months too big for one query).
 */
describe('明细账: one reader, whole, paged and streamed', () => {
  const t = tempDir()
  let f: ReportFixture
  let v: number
  let chart: Map<string, number>
  /** two vouchers of 2024-06, in the order they were entered (and posted the other way round) */
  let outOfOrder: number[] = []
  const id = (code: string) => chart.get(code) as number
  beforeAll(async () => {
    f = await reportFixture(t.dir)
    v = f.villageId
    chart = new Map((await f.engine.invoke(f.clerk, 'account.list', { villageId: v })).map((a) => [a.code, a.id]))
    const { items } = f
    // more months, several lines a month on the bank, and two red reversals (one of them across a month end)
    await f.post('2024-04-02', '收到承包费', [
      { account: '10201', aux: items.basic, debit: '3000' },
      { account: '10201', aux: items.special, debit: '1500.55' },
      { account: '50101', credit: '4500.55' },
    ])
    const wrong = await f.post('2024-04-08', '支付办公费（金额有误）', [
      { account: '51302', debit: '800' },
      { account: '10201', aux: items.basic, credit: '800' },
    ])
    await f.post('2024-04-08', '支付办公费', [
      { account: '51302', debit: '80' },
      { account: '10201', aux: items.basic, credit: '80' },
    ])
    const r1 = await f.engine.invoke(f.clerk, 'voucher.reverse', { villageId: v, voucherId: wrong, date: '2024-04-09' })
    const lent = await f.post('2024-04-28', '借给李四', [
      { account: '11301', aux: items.li, debit: '2000' },
      { account: '101', credit: '2000' },
    ])
    const r2 = await f.engine.invoke(f.clerk, 'voucher.reverse', { villageId: v, voucherId: lent, date: '2024-05-06' })
    for (const r of [r1, r2]) {
      await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: v, voucherIds: [r.id] })
      await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: v, voucherIds: [r.id] })
    }
    await f.post('2024-06-30', '存入专户', [
      { account: '10201', aux: items.special, debit: '120' },
      { account: '101', credit: '120' },
    ])
    // two vouchers posted in the other order than they were entered: the book goes by voucher number, while the
    // index hands their lines over in the order they were entered (the reader puts them back in book order)
    const entered = []
    for (const [summary, debit, credit, amount] of [
      ['先录后记：存入基本户', '10201', '101', '35'],
      ['后录先记：提取现金', '101', '10201', '12.50'],
    ] as const) {
      const d = await f.engine.invoke(f.clerk, 'voucher.save', {
        villageId: v,
        date: '2024-06-10',
        lines: [
          { summary, accountId: id(debit), auxItemId: debit === '10201' ? items.basic : undefined, debit: amount },
          { summary, accountId: id(credit), auxItemId: credit === '10201' ? items.basic : undefined, credit: amount },
        ],
      })
      entered.push(d.id)
    }
    for (const d of [...entered].reverse()) {
      await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: v, voucherIds: [d] })
      await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: v, voucherIds: [d] })
    }
    outOfOrder = entered
    // a draft and a reviewed voucher never show in a book (nor in its line counts)
    for (const date of ['2024-06-30', '2024-04-30']) {
      const d = await f.engine.invoke(f.clerk, 'voucher.save', {
        villageId: v,
        date,
        lines: [
          { summary: '未记账', accountId: id('10201'), auxItemId: items.basic, debit: '9' },
          { summary: '未记账', accountId: id('101'), credit: '9' },
        ],
      })
      if (date === '2024-04-30') await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: v, voucherIds: [d.id] })
    }
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  /** The book worked out the long way: every posted line of the accounts, summed from the opening balances. */
  function expected(req: LedgerRequest): LedgerEntry[] {
    const db = f.engine.sqlite
    const root = db.prepare('SELECT id, code FROM account WHERE id = ?').get(req.accountId) as { id: number; code: string }
    const accounts = db.prepare(`SELECT id, code FROM account WHERE village_id = ? AND code LIKE ? || '%'`).all(v, root.code) as { id: number; code: string }[]
    const ids = accounts.map((a) => a.id)
    const inIds = `(${ids.join(',')})`
    const auxSql = req.auxItemId === undefined ? '' : req.auxItemId === null ? ' AND l.aux_item_id IS NULL' : ` AND l.aux_item_id = ${req.auxItemId}`
    const obAux = req.auxItemId === undefined ? '' : ` AND aux_item_id = ${req.auxItemId ?? 0}`
    const lines = db
      .prepare(
        `SELECT v.id AS voucherId, v.date, v.word, v.number, l.period, l.summary, l.debit, l.credit, l.account_id AS accountId, a.name AS auxName
         FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id LEFT JOIN aux_item a ON a.id = l.aux_item_id
         WHERE v.status = 'posted' AND l.account_id IN ${inIds}${auxSql} ORDER BY l.period, v.number, v.id, l.line_no`,
      )
      .all() as { voucherId: number; date: string; word: string; number: number; period: string; summary: string; debit: number; credit: number; accountId: number; auxName: string | null }[]
    const names = new Map((db.prepare('SELECT id, name FROM account WHERE village_id = ?').all(v) as { id: number; name: string }[]).map((a) => [a.id, a.name]))
    const parentOf = new Map((db.prepare('SELECT id, parent_id FROM account WHERE village_id = ?').all(v) as { id: number; parent_id: number | null }[]).map((a) => [a.id, a.parent_id]))
    const below = (id: number) => {
      const out: string[] = []
      for (let cur: number | null | undefined = id; cur !== undefined && cur !== null && cur !== root.id; cur = parentOf.get(cur)) out.unshift(names.get(cur) ?? '')
      return out.join('/')
    }
    let balance = Number(db.prepare(`SELECT coalesce(sum(amount), 0) FROM opening_balance WHERE account_id IN ${inIds}${obAux}`).pluck().get())
    let ytdD = 0
    let ytdC = 0
    for (const l of lines.filter((x) => x.period < req.from)) {
      balance += l.debit - l.credit
      if (l.period.slice(0, 4) === req.from.slice(0, 4)) {
        ytdD += l.debit
        ytdC += l.credit
      }
    }
    const side = () => (balance > 0 ? '借' : balance < 0 ? '贷' : '平') as LedgerEntry['side']
    const y = fenToYuanString
    const out: LedgerEntry[] = []
    const push = (e: Omit<LedgerEntry, 'side' | 'balance'>) => out.push({ ...e, side: side(), balance: y(Math.abs(balance)) })
    push({ kind: 'opening', date: null, period: req.from, voucherId: null, voucherLabel: null, summary: req.from.endsWith('-01') ? '上年结转' : '期初余额', auxItemName: null, debit: '0.00', credit: '0.00' })
    for (let p = req.from; p <= req.to; p = nextPeriod(p)) {
      if (p.endsWith('-01')) ytdD = ytdC = 0
      let md = 0
      let mc = 0
      for (const l of lines.filter((x) => x.period === p)) {
        balance += l.debit - l.credit
        md += l.debit
        mc += l.credit
        const summary = ids.length > 1 ? `${l.summary}（${below(l.accountId)}）` : l.summary
        push({ kind: 'line', date: l.date, period: p, voucherId: l.voucherId, voucherLabel: `${l.word}-${String(l.number).padStart(4, '0')}`, summary, auxItemName: l.auxName, debit: y(l.debit), credit: y(l.credit) })
      }
      ytdD += md
      ytdC += mc
      push({ kind: 'monthTotal', date: lastDayOf(p), period: p, voucherId: null, voucherLabel: null, summary: `${periodLabel(p)} 本月合计`, auxItemName: null, debit: y(md), credit: y(mc) })
      push({ kind: 'yearTotal', date: lastDayOf(p), period: p, voucherId: null, voucherLabel: null, summary: '本年累计', auxItemName: null, debit: y(ytdD), credit: y(ytdC) })
    }
    return out
  }

  const requests = (): [string, LedgerRequest][] => [
    ['102 with its sub-account and both bank items', { accountId: id('102'), from: '2024-01', to: '2024-06' }],
    ['10201, one bank item, from mid-year', { accountId: id('10201'), auxItemId: f.items.basic, from: '2024-03', to: '2024-06' }],
    ['10201, the other item', { accountId: id('10201'), auxItemId: f.items.special, from: '2024-01', to: '2024-06' }],
    ['113 (household items), a red reversal across the month end', { accountId: id('113'), from: '2024-02', to: '2024-05' }],
    ['11301, one household', { accountId: id('11301'), auxItemId: f.items.li, from: '2024-01', to: '2024-06' }],
    ['101, lines without an item only', { accountId: id('101'), auxItemId: null, from: '2024-01', to: '2024-12' }],
    ['513, a red reversal in the month', { accountId: id('513'), from: '2024-04', to: '2024-04' }],
  ]

  async function read(req: LedgerRequest, offset?: number, limit?: number, batch?: number): Promise<LedgerEntry[]> {
    const r = await openLedger(f.engine.db, v, req, undefined, { batch })
    const out: LedgerEntry[] = []
    for await (const e of r.entries(offset, limit)) out.push(e)
    return out
  }

  it('equals the book worked out from the raw lines: report.ledger, the stream, and reading in chunks of 1, 2 and 3 lines', async () => {
    for (const [label, req] of requests()) {
      const want = expected(req)
      expect(want.filter((e) => e.kind === 'line').length, label).toBeGreaterThan(0)
      const api = await f.engine.invoke(f.clerk, 'report.ledger', { villageId: v, ...req, auxItemId: req.auxItemId ?? undefined })
      if (req.auxItemId !== null) expect(api.entries, label).toEqual(want)
      const s = await ledgerStream(f.engine.db, v, req)
      const streamed: LedgerEntry[] = []
      for await (const e of s.entries) streamed.push(e)
      expect(streamed, label).toEqual(want)
      for (const batch of [1, 2, 3]) expect(await read(req, 0, undefined, batch), `${label}, batch ${batch}`).toEqual(want)
    }
  })

  it('lines entered in one order and posted in the other are listed by voucher number, not as the index holds them', async () => {
    const [first, second] = outOfOrder as [number, number]
    // the premise: the lines of the voucher entered first come first on the index of the account
    const rowids = f.engine.sqlite.prepare(`SELECT voucher_id FROM voucher_line WHERE account_id = ? AND period = '2024-06' AND voucher_id IN (?, ?) ORDER BY id`).pluck().all(id('10201'), first, second)
    expect(rowids).toEqual([first, second])
    const june = await f.engine.invoke(f.clerk, 'report.ledger', { villageId: v, accountId: id('10201'), from: '2024-06', to: '2024-06' })
    const lines = june.entries.filter((e) => e.voucherId === first || e.voucherId === second)
    expect(lines.map((e) => [e.voucherId, e.summary, e.debit, e.credit])).toEqual([
      [second, '后录先记：提取现金', '0.00', '12.50'],
      [first, '先录后记：存入基本户', '35.00', '0.00'],
    ])
    const labels = june.entries.filter((e) => e.kind === 'line').map((e) => e.voucherLabel as string)
    expect(labels).toEqual([...labels].sort())
  })

  it('the reversal lines are red on their own side and cancel their original in the balance', async () => {
    const l = await f.engine.invoke(f.clerk, 'report.ledger', { villageId: v, accountId: id('513'), from: '2024-04', to: '2024-04' })
    expect(l.entries.map((e) => [e.kind, e.voucherLabel, e.debit, e.credit, e.side, e.balance])).toEqual([
      ['opening', null, '0.00', '0.00', '借', '13680.32'],
      ['line', '记-0002', '800.00', '0.00', '借', '14480.32'],
      ['line', '记-0003', '80.00', '0.00', '借', '14560.32'],
      // the reversal, dated the 9th, numbered when it was posted
      ['line', '记-0005', '-800.00', '0.00', '借', '13760.32'],
      ['monthTotal', null, '80.00', '0.00', '借', '13760.32'],
      ['yearTotal', null, '13760.32', '0.00', '借', '13760.32'],
    ])
    expect(l.entries[3]?.summary).toMatch(/^冲销 4月8日 记字第2号凭证/)
    expect(l.summary).toEqual({ lines: 3, openingSide: '借', opening: '13680.32', debit: '80.00', credit: '0.00', closingSide: '借', closing: '13760.32' })
  })

  it('pages: every page of every size is the same stretch of the whole book, with its running balance; the summary is the whole range', async () => {
    for (const [label, req] of requests()) {
      const whole = expected(req)
      const input = { villageId: v, ...req, auxItemId: req.auxItemId ?? undefined }
      if (req.auxItemId === null) continue
      for (const limit of [1, 2, 3, 5, 8]) {
        const pages: LedgerEntry[] = []
        for (let offset = 0; offset < whole.length; offset += limit) {
          const p = await f.engine.invoke(f.clerk, 'report.ledger', { ...input, offset, limit })
          expect(p.offset).toBe(offset)
          expect(p.total, label).toBe(whole.length)
          expect(p.entries, `${label} @${offset}+${limit}`).toEqual(whole.slice(offset, offset + limit))
          pages.push(...p.entries)
        }
        expect(pages, label).toEqual(whole)
      }
      // and in chunks of one line, from every entry of the book
      for (let offset = 0; offset < whole.length; offset++) expect(await read(req, offset, 4, 1), `${label} @${offset}`).toEqual(whole.slice(offset, offset + 4))
      const lines = whole.filter((e) => e.kind === 'line')
      const p = await f.engine.invoke(f.clerk, 'report.ledger', { ...input, offset: 3, limit: 2 })
      const sum = (k: 'debit' | 'credit') => lines.reduce((s, e) => s + Math.round(Number(e[k]) * 100), 0)
      expect(p.summary, label).toEqual({
        lines: lines.length,
        openingSide: whole[0]?.side,
        opening: whole[0]?.balance,
        debit: fenToYuanString(sum('debit')),
        credit: fenToYuanString(sum('credit')),
        closingSide: whole.at(-1)?.side,
        closing: whole.at(-1)?.balance,
      })
    }
  })

  it('a page past the end is empty; a bad page size is refused in Chinese', async () => {
    const req = { villageId: v, accountId: id('101'), from: '2024-01', to: '2024-03' }
    const whole = await f.engine.invoke(f.clerk, 'report.ledger', req)
    expect(whole.offset).toBe(0)
    expect(whole.entries).toHaveLength(whole.total)
    const past = await f.engine.invoke(f.clerk, 'report.ledger', { ...req, offset: whole.total, limit: 10 })
    expect(past).toMatchObject({ entries: [], total: whole.total, offset: whole.total, summary: whole.summary })
    expect(await f.engine.call(f.clerk, 'report.ledger', { ...req, limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('每页行数') } })
    expect(await f.engine.call(f.clerk, 'report.ledger', { ...req, offset: -1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('起始行') } })
  })
})
