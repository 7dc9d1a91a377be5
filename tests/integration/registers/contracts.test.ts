import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContractRow } from '../../../shared/api/resourceTypes'
import { AppError } from '../../../shared/errors'
import { tempDir } from '../../helpers/temp'
import { bytesOf, fileOf, fixture, importFixture, reviewAndPostAll, type ImportFixture } from '../imports/setup'

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

async function counts(f: ImportFixture): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of ['contract', 'contract_schedule', 'contract_subject', 'contract_receipt', 'register_movement', 'import_batch', 'audit_log']) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(f.engine.db)
    out[t] = Number(r.rows[0]?.n ?? 0)
  }
  return out
}

/** contracts.xlsx with one cell changed (row and column as Excel numbers them) */
async function contractsWith(edit: (ws: ExcelJS.Worksheet) => void, name: string): Promise<{ fileName: string; contentBase64: string }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(fixture('contracts.xlsx'))
  edit(wb.worksheets[0] as ExcelJS.Worksheet)
  return bytesOf(Buffer.from(await wb.xlsx.writeBuffer()), name)
}

describe('contracts on the fixture books: schedules, receipts matched to the 2024 journal, alerts and reconciliation', () => {
  const t = tempDir()
  let f: ImportFixture
  let rows: ContractRow[]
  const byNumber = (n: string) => rows.find((r) => r.number === n) as ContractRow

  beforeAll(async () => {
    f = await importFixture(t.dir)
    const v = f.villageId
    for (const [method, file] of [
      ['import.chart', 'chart.xlsx'],
      ['import.opening', 'opening-balances.xlsx'],
      ['import.vouchers', 'journal-2024.xlsx'],
    ] as const) {
      await f.engine.invoke(f.clerk, method, { villageId: v, file: fileOf(fixture(file)), commit: true })
    }
    await reviewAndPostAll(f)
    await f.engine.invoke(f.clerk, 'import.assets', { villageId: v, file: fileOf(fixture('assets.xlsx')), commit: true })
    await f.engine.invoke(f.clerk, 'import.resources', { villageId: v, file: fileOf(fixture('resources.xlsx')), commit: true })
  }, 240_000)
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  it('refuses a file with one bad row as a whole, naming each bad cell; nothing is written', async () => {
    const before = await counts(f)
    const bad = await contractsWith((ws) => {
      ws.getCell('H5').value = '2014-12-31' // HT2015-004 ends before it starts
      ws.getCell('I7').value = -5 // HT2020-006 a negative amount
      ws.getCell('A9').value = 'HT2022-001' // a number used twice
      ws.getCell('F10').value = 'ZY999' // a subject that is not in the register
    }, 'contracts-bad.xlsx')
    const preview = await f.engine.invoke(f.clerk, 'import.contracts', { villageId: f.villageId, file: bad, commit: false })
    const at = preview.errors.map((e) => `${e.column}${e.row}`)
    expect(at).toEqual(expect.arrayContaining(['H5', 'I7', 'A9', 'F10']))
    expect(preview.errors.find((e) => e.row === 5)?.message).toMatch(/终止日期 2014-12-31 早于起始日期 2015-01-01/)
    expect(preview.errors.find((e) => e.row === 7)?.message).toMatch(/不能为负数/)
    expect(preview.errors.find((e) => e.row === 9)?.message).toMatch(/与第 2 行重复/)
    expect(preview.errors.find((e) => e.row === 10)?.message).toMatch(/ZY999 不在本村的资源台账或固定资产卡片中/)
    const e = await refusal(f.engine.invoke(f.clerk, 'import.contracts', { villageId: f.villageId, file: bad, commit: true }))
    expect(e.message).toMatch(/合同台账未导入，账套没有任何改动/)
    expect(await counts(f)).toEqual(before)
  })

  it('imports the 16 contracts: every schedule reproduces the file’s amount; 2024 receipts matched to the journal, the rest received before the books', async () => {
    const preview = await f.engine.invoke(f.clerk, 'import.contracts', { villageId: f.villageId, file: fileOf(fixture('contracts.xlsx')), commit: false })
    expect(preview).toMatchObject({ kind: 'contracts', errorCount: 0, contracts: 16, adjusted: [] })
    const r = await f.engine.invoke(f.clerk, 'import.contracts', { villageId: f.villageId, file: fileOf(fixture('contracts.xlsx')), commit: true })
    expect(r).toMatchObject({ committed: true, contracts: 16, adjusted: [], matched: preview.matched, openingReceived: preview.openingReceived })
    // Σ 已收金额 of the file = receipts matched in the 2024 books + received before 2024
    expect(Number(r.matched) + Number(r.openingReceived)).toBeCloseTo(5118359.48, 2)
    const list = await f.engine.invoke(f.clerk, 'contract.list', { villageId: f.villageId, asOf: '2024-12-31', limit: 100 })
    rows = list.rows
    expect(list.total).toBe(16)
    // what each contract has received by the end of 2024 is the file's 已收金额
    expect(byNumber('HT2015-004')).toMatchObject({ received: '299207.26', outstanding: '0.00', escalation: { kind: 'percent', value: '3', everyMonths: 12, text: '每年递增3%' } })
    expect(byNumber('HT2020-007')).toMatchObject({ received: '252183.96', outstanding: '0.00', frequency: 'monthly' })
    expect(byNumber('HT2024-012')).toMatchObject({ received: '93560.00', due: '93560.00', frequency: 'once', subjects: [{ kind: 'parcel', code: 'ZY005', name: '庙前地块' }] })
    expect(byNumber('HT2022-001')).toMatchObject({ subjects: [{ kind: 'asset', code: 'J01002' }], counterparty: '段峰凤' })
    expect(byNumber('HT2020-002')).toMatchObject({ due: '1069850.00', received: '727510.00', outstanding: '342340.00', counterparty: '杨桥渔业养殖专业合作社' })
    expect(byNumber('HT2021-008')).toMatchObject({ due: '642040.00', received: '321020.00', outstanding: '321020.00' })
    expect(list.totals.outstanding).toBe('663360.00')
    // HT2015-004: two half-year receipts of 2024 matched to their vouchers by the summary naming 临街门面房5号
    const d = await f.engine.invoke(f.clerk, 'contract.get', { villageId: f.villageId, contractId: byNumber('HT2015-004').id })
    expect(d.schedule).toHaveLength(26)
    expect(d.receipts.map((x) => [x.date, x.amount, x.voucherLabel])).toEqual([
      ['2023-12-31', '265152.68', null],
      ['2024-01-10', '17027.29', '记-0016'],
      ['2024-07-12', '17027.29', '记-0026'],
    ])
    expect(d.schedule.filter((i) => i.dueOn.startsWith('2024')).map((i) => [i.amount, i.paid])).toEqual([
      ['17027.29', '17027.29'],
      ['17027.29', '17027.29'],
    ])
    expect(d.movements.map((m) => m.kind)).toEqual(['register', 'receipt', 'receipt', 'receipt'])
    // HT2020-002: the September recovery on 11201 matched by the counterparty
    const ht2 = await f.engine.invoke(f.clerk, 'contract.get', { villageId: f.villageId, contractId: byNumber('HT2020-002').id })
    expect(ht2.receipts.map((x) => [x.date, x.amount, x.summary])).toEqual([
      ['2023-12-31', '641910.00', null],
      ['2024-09-17', '85600.00', '收回杨桥渔业养殖专业合作社欠缴2023年承包费（部分）'],
    ])
    // the deposit receipt naming HT2024-003 is not rent
    const ht3 = await f.engine.invoke(f.clerk, 'contract.get', { villageId: f.villageId, contractId: byNumber('HT2024-003').id })
    expect(ht3.receipts.map((x) => x.amount)).toEqual(['42800.00'])
    // nothing more to match; the same file again is refused
    expect((await f.engine.invoke(f.clerk, 'contract.match', { villageId: f.villageId })).matches).toEqual([])
    expect((await refusal(f.engine.invoke(f.clerk, 'import.contracts', { villageId: f.villageId, file: fileOf(fixture('contracts.xlsx')), commit: true }))).message).toMatch(/不能重复导入/)
  })

  it('alerts at 2024-12-31: overdue HT2020-002 and HT2021-008, two contracts ending within 60 days, ZY010 let out without a contract', async () => {
    const a = await f.engine.invoke(f.clerk, 'register.alerts', { villageId: f.villageId, date: '2024-12-31' })
    expect(a.overdue.contracts.map((o) => [o.number, o.overdue, o.since])).toEqual([
      ['HT2020-002', '342340.00', '2023-01-01'],
      ['HT2021-008', '321020.00', '2023-01-01'],
    ])
    expect(a.overdue.total).toBe('663360.00')
    expect(a.overdue.counterparties.map((c) => [c.partyB, c.overdue])).toEqual([
      ['杨桥渔业养殖专业合作社', '342340.00'],
      ['杨桥家庭农场', '321020.00'],
    ])
    expect(a.expiring.map((x) => [x.number, x.daysLeft, x.within])).toEqual([
      ['HT2022-001', 59, 60],
      ['HT2024-012', 59, 60],
    ])
    const unsigned = new Map(a.unsigned.map((u) => [u.code, u]))
    expect(unsigned.get('ZY010')).toMatchObject({ itemKind: 'parcel', name: '大塘果园', status: '发包', userName: '邱波忠', reason: 'noContract', lastContract: null })
    // 前洋地块's contract HT2021-010 ended on 2024-06-30 while the parcel is still marked 发包
    expect(unsigned.get('ZY008')).toMatchObject({ reason: 'expired', lastContract: { number: 'HT2021-010', endOn: '2024-06-30' } })
    const mid = await f.engine.invoke(f.clerk, 'register.alerts', { villageId: f.villageId, date: '2024-06-30' })
    expect(mid.unsigned.map((u) => u.code)).not.toContain('ZY008')
    expect(mid.unsigned.map((u) => u.code)).toContain('ZY010')
    expect(mid.expiring.map((x) => x.number)).toContain('HT2021-010')
    const spring = await f.engine.invoke(f.clerk, 'register.alerts', { villageId: f.villageId, date: '2025-04-15' })
    expect(spring.expiring.map((x) => [x.number, x.within])).toEqual([['HT2022-013', 90]])
  })

  it('reconciles contract receivables with the counterparties’ 112 balances at the start and at the end of 2024', async () => {
    for (const [date, total] of [
      ['2023-12-31', '374480.00'],
      // 2024-01-02: the year's charges of both accrued on 11201
      ['2024-03-31', '641975.00'],
      ['2024-12-31', '663360.00'],
    ] as const) {
      const rec = await f.engine.invoke(f.clerk, 'register.reconcile', { villageId: f.villageId, date })
      const c = rec.checks.filter((x) => x.key.startsWith('contracts'))
      expect(c.find((x) => x.key === 'contracts'), date).toMatchObject({ register: total, books: total, ok: true })
      expect(c.every((x) => x.ok), date).toBe(true)
    }
  })

  it('records a receipt by hand on a posted line, refuses more than the line holds, and offsets it with a negative one', async () => {
    const ht8 = byNumber('HT2021-008')
    const v = await f.engine.invoke(f.clerk, 'voucher.list', { villageId: f.villageId, status: 'posted', limit: 5000 })
    // the 2024-01-02 accrual 记-0002 debits 11201: not a receipt
    const accrual = v.rows.find((r) => r.date === '2024-01-02' && r.number === 2)
    expect(accrual).toBeDefined()
    const full = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: accrual?.id as number })
    const debitLine = full.lines.find((l) => l.debit !== '0.00')?.lineNo as number
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.receipt', { villageId: f.villageId, contractId: ht8.id, voucherId: full.id, lineNo: debitLine, amount: '100.00' }))).message).toMatch(/不是收款/)
    // the January rent of 门面房4号 is already matched in full to HT2020-007
    const rent = v.rows.find((r) => r.date === '2024-01-15')
    const rentLines = (await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: rent?.id as number })).lines
    const cashLine = { voucherId: rent?.id as number, lineNo: rentLines.find((l) => l.debit !== '0.00')?.lineNo as number }
    const ht7 = byNumber('HT2020-007')
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.receipt', { villageId: f.villageId, contractId: ht7.id, ...cashLine, amount: '0.01' }))).message).toMatch(/最多还能登记 0.00/)
    // wrongly matched? offset it (negative), then it can be matched again
    const offset = await f.engine.invoke(f.clerk, 'contract.receipt', { villageId: f.villageId, contractId: ht7.id, ...cashLine, amount: '-4455.14', note: '匹配有误，冲减' })
    expect(offset.received).not.toBe('252183.96')
    // dated on its voucher, beside the receipt it offsets
    expect(offset.receipts.filter((x) => x.date === '2024-01-15').map((x) => [x.amount, x.voucherLabel, x.note])).toEqual([
      ['4455.14', '记-0022', '自动匹配：摘要列明合同标的'],
      ['-4455.14', '记-0022', '匹配有误，冲减'],
    ])
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.receipt', { villageId: f.villageId, contractId: ht7.id, ...cashLine, amount: '-0.01' }))).message).toMatch(/冲减金额超过/)
    const again = await f.engine.invoke(f.clerk, 'contract.match', { villageId: f.villageId, commit: true })
    expect(again.matches.map((m) => [m.number, m.amount, m.voucherLabel])).toEqual([['HT2020-007', '4455.14', '记-0022']])
    const back = await f.engine.invoke(f.clerk, 'contract.get', { villageId: f.villageId, contractId: ht7.id, asOf: '2024-12-31' })
    expect(back.received).toBe('252183.96')
    // a receipt is a fact: the database refuses to edit or delete it
    await expect(sql`UPDATE contract_receipt SET amount = 1`.execute(f.engine.db)).rejects.toThrow(/收款记录不能修改/)
    await expect(sql`DELETE FROM contract_receipt`.execute(f.engine.db)).rejects.toThrow(/收款记录不能删除/)
  })

  it('creates a contract with a generated schedule and refuses one that does not sum to its amount, an end before the start, a taken subject or a used number', async () => {
    const parcels = await f.engine.invoke(f.clerk, 'parcel.list', { villageId: f.villageId, limit: 100 })
    const zy011 = parcels.rows.find((p) => p.code === 'ZY011')?.id as number
    const zy004 = parcels.rows.find((p) => p.code === 'ZY004')?.id as number
    const base = {
      villageId: f.villageId,
      number: 'HT2025-001',
      name: '新开河果园承包合同',
      kind: 'contracting' as const,
      partyA: '杨桥村股份经济合作社',
      partyB: '邱波忠',
      startOn: '2025-01-01',
      endOn: '2029-12-31',
      frequency: 'yearly' as const,
      amount: '26628.50',
      annualAmount: '5000.00',
      escalation: { kind: 'percent' as const, percent: '2', everyMonths: 24 },
      deposit: '1000.00',
      subjects: [{ kind: 'parcel' as const, id: zy011 }],
      resolution: { meeting: '村民代表会议', date: '2024-12-10', attendance: 35, votesFor: 33, votesAgainst: 1, abstentions: 1 },
      attachments: ['合同扫描件.pdf', '村民代表会议决议.pdf'],
    }
    const preview = await f.engine.invoke(f.clerk, 'contract.schedule', { villageId: f.villageId, startOn: base.startOn, endOn: base.endOn, frequency: 'yearly', amount: '1.00', annualAmount: '5000.00', escalation: base.escalation })
    expect(preview.instalments.map((i) => i.amount)).toEqual(['5000.00', '5000.00', '5100.00', '5100.00', '5202.00'])
    expect(preview).toMatchObject({ total: '25402.00', fits: false })
    const wrong = await refusal(f.engine.invoke(f.clerk, 'contract.create', base))
    expect(wrong.message).toMatch(/收款计划合计 25,402.00，与合同金额 26,628.50 不符（相差 1,226.50）/)
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.create', { ...base, amount: '25402.00', endOn: '2024-12-31' }))).message).toMatch(/早于起始日期/)
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.create', { ...base, amount: '25402.00', schedule: [{ dueOn: '2025-01-01', amount: '25000.00' }] }))).message).toMatch(/与合同金额 25,402.00 不符/)
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.create', { ...base, amount: '25402.00', subjects: [{ kind: 'parcel', id: zy004 }] }))).message).toMatch(/已由合同 HT2020-002/)
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.create', { ...base, amount: '25402.00', number: 'HT2020-002' }))).message).toMatch(/合同编号 HT2020-002 已被/)
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.create', { ...base, amount: '-5.00' }))).message).toMatch(/合同金额/)
    const c = await f.engine.invoke(f.clerk, 'contract.create', { ...base, amount: '25402.00' })
    expect(c).toMatchObject({ number: 'HT2025-001', amount: '25402.00', status: 'active', attachments: ['合同扫描件.pdf', '村民代表会议决议.pdf'], resolution: { attendance: 35, votesFor: 33 } })
    expect(c.schedule.map((i) => [i.dueOn, i.amount])).toEqual([
      ['2025-01-01', '5000.00'],
      ['2026-01-01', '5000.00'],
      ['2027-01-01', '5100.00'],
      ['2028-01-01', '5100.00'],
      ['2029-01-01', '5202.00'],
    ])
  })

  it('terminates a contract by a dated movement, not in a closed month, and not twice', async () => {
    const list = await f.engine.invoke(f.clerk, 'contract.list', { villageId: f.villageId, search: 'HT2025-001' })
    const id = list.rows[0]?.id as number
    await f.engine.invoke(f.reviewer, 'period.close', { villageId: f.villageId, period: '2024-01' }).catch(() => undefined)
    const closed = await f.engine.invoke(f.clerk, 'period.list', { villageId: f.villageId })
    const closedPeriod = closed.find((p) => p.closed)?.period
    if (closedPeriod) {
      const e = await refusal(f.engine.invoke(f.clerk, 'contract.change', { villageId: f.villageId, contractId: byNumber('HT2020-005').id, date: `${closedPeriod}-15`, reason: '补登', changes: { deposit: '6000.00' } }))
      expect(e.message).toMatch(/已结账/)
    }
    const changed = await f.engine.invoke(f.clerk, 'contract.change', { villageId: f.villageId, contractId: id, date: '2025-03-01', reason: '保证金调整', changes: { deposit: '1500.00' } })
    expect(changed.movements.at(-1)).toMatchObject({ kind: 'change', changes: { 保证金: ['1,000.00', '1,500.00'] }, note: '保证金调整' })
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.terminate', { villageId: f.villageId, contractId: id, date: '2025-02-01', mode: 'terminated', reason: '乙方违约' }))).message).toMatch(/早于该项目最近一次变动/)
    const ended = await f.engine.invoke(f.clerk, 'contract.terminate', { villageId: f.villageId, contractId: id, date: '2026-06-30', mode: 'terminated', reason: '乙方违约' })
    expect(ended).toMatchObject({ status: 'terminated', endedOn: '2026-06-30' })
    expect((await refusal(f.engine.invoke(f.clerk, 'contract.terminate', { villageId: f.villageId, contractId: id, date: '2026-07-01', mode: 'terminated', reason: '再次' }))).message).toMatch(/不能重复终止/)
    // after the end nothing more falls due; before it the contract stood active
    const later = await f.engine.invoke(f.clerk, 'contract.get', { villageId: f.villageId, contractId: id, asOf: '2029-12-31' })
    expect(later.due).toBe('10000.00')
    const before = await f.engine.invoke(f.clerk, 'contract.get', { villageId: f.villageId, contractId: id, asOf: '2026-01-31' })
    expect(before).toMatchObject({ status: 'active', endedOn: null, deposit: '1500.00' })
  })
})
