import type { Kysely } from 'kysely'
import type { Fen } from '../../../shared/money'
import { addDays } from '../../../shared/periods'
import { CONTRACT_KIND_LABELS, generateSchedule, type Escalation, type Frequency, type Instalment } from '../../../shared/registers/contracts'
import type { Database } from '../db/schema'
import { ensureAuxItem } from '../ledger/aux'
import { escalationColumns, insertContract } from '../registers/contracts'
import { findMatches, insertReceipt, matchContracts, matchedByLine, postedLines, recordProposals } from '../registers/receipts'
import { COUNTERPARTIES, HOUSEHOLDS, Prng, type BookCodes, type MonthPlan } from './books'
import { FACTORY_TENANT, type DemoParcel, type ParcelRole } from './resources'

/**
 * The demo village's 合同 register: 发包 of parcels and 出租 of the cards that are 出租, each with the schedule
 * the engine generates. The instalments of the books' year become the demo's rent vouchers — accrued on 11201
 * for the counterparties kept there (借 11201 贷 501 on the due date, 借 10201 贷 11201 when paid), or taken
 * straight to income (借 10201 贷 501, the summary naming the contract) — and the contracts engine's matcher
 * records them as receipts once the months are posted. Instalments due before the books were received then,
 * except 杨桥渔业养殖专业合作社's of 2023: it is the opening balance of 11201. Two contracts are left in arrears,
 * one ends within 60 days of the year end.
 */
type Basis = 'accrual' | 'cash'

interface Spec {
  name: string
  kind: 'contracting' | 'lease'
  partyB: string
  auxId: number | null
  basis: Basis
  startOn: string
  endOn: string
  frequency: Frequency
  annual: Fen
  escalation: Escalation
  unitPrice: Fen | null
  parcels: ParcelRole[]
  assets: string[]
  /** due before the books and not received: the opening 112 balance of the counterparty */
  openingOwed?: (dueOn: string) => boolean
  /** instalments of the books' year accrued but not collected */
  unpaid?: (dueOn: string) => boolean
  /** a part of the arrears collected in the year */
  partial?: { date: string; amount: Fen }
}

const FIRST_DAY = '2024-01-01'
const LAST_DAY = '2024-12-31'
const ATTACHMENTS = JSON.stringify(['合同文本.pdf', '村民代表会议决议.pdf', '公示照片.jpg'])

/** round half up of price × area (area in ten-thousandths of a 亩): integers only */
const perMu = (price: Fen, area: number): Fen => Math.floor((price * area + 5_000) / 10_000)

export interface DemoContracts {
  /** the 发包/出租 vouchers of a month (for writeMonths' `rentals`) */
  vouchers(period: string): MonthPlan[]
  count: number
}

export async function seedDemoContracts(
  db: Kysely<Database>,
  villageId: number,
  codes: BookCodes,
  parcels: Map<ParcelRole, DemoParcel>,
  seed: number,
  operatorId: number,
): Promise<DemoContracts> {
  const r = new Prng(seed)
  const village = await db.selectFrom('village').select('name').where('id', '=', villageId).executeTakeFirstOrThrow()
  const cards = new Map(
    (await db.selectFrom('asset').select(['id', 'code', 'name']).where('village_id', '=', villageId).where('status', '=', 'leased').execute()).map((a) => [a.name, a]),
  )
  const parcel = (role: ParcelRole) => {
    const p = parcels.get(role)
    if (!p) throw new Error(`demo parcel ${role} missing`)
    return p
  }
  const cp = (i: number) => COUNTERPARTIES[i] as string
  const pond = cp(0)
  const opening = await db
    .selectFrom('opening_balance')
    .select('amount')
    .where('village_id', '=', villageId)
    .where('account_id', '=', codes.id('11201'))
    .where('aux_item_id', '=', codes.aux('counterparty', pond))
    .executeTakeFirst()
  const pondOwed = opening?.amount ?? 0
  const thousand = (lo: number, hi: number) => r.int(lo, hi) * 100_000
  const nurseryPrice = r.int(600, 900) * 100
  const orchardPrice = r.int(500, 800) * 100
  const paddyPrice = r.int(700, 1_000) * 100
  const nurseryArea = parcel('nursery1').area + parcel('nursery2').area
  const paddyArea = parcel('paddy1').area + parcel('paddy2').area

  const specs: Spec[] = [
    {
      name: '大塘鱼塘承包合同',
      kind: 'contracting',
      partyB: pond,
      auxId: codes.aux('counterparty', pond),
      basis: 'accrual',
      startOn: '2021-01-01',
      endOn: '2030-12-31',
      frequency: 'yearly',
      // the opening 11201 of the cooperative is its unpaid 2023 charge
      annual: pondOwed > 0 ? pondOwed : thousand(20, 60),
      escalation: { kind: 'none' },
      unitPrice: null,
      parcels: ['pond'],
      assets: [],
      openingOwed: (d) => pondOwed > 0 && d.startsWith('2023'),
      unpaid: () => true,
      partial: { date: `2024-09-${String(r.int(10, 25)).padStart(2, '0')}`, amount: Math.floor(pondOwed / 2) },
    },
    {
      name: '临街门面房租赁合同',
      kind: 'lease',
      partyB: cp(1),
      auxId: codes.aux('counterparty', cp(1)),
      basis: 'cash',
      startOn: '2022-07-01',
      endOn: '2027-06-30',
      frequency: 'quarterly',
      annual: thousand(30, 60),
      escalation: { kind: 'percent', basisPoints: 300, everyMonths: 12 },
      unitPrice: null,
      parcels: [],
      assets: ['临街门面房1号', '临街门面房2号'],
    },
    {
      name: '标准厂房租赁合同',
      kind: 'lease',
      partyB: FACTORY_TENANT,
      auxId: await ensureAuxItem(db, villageId, 'counterparty', FACTORY_TENANT),
      basis: 'accrual',
      startOn: '2023-07-01',
      endOn: '2028-06-30',
      frequency: 'halfYearly',
      annual: thousand(80, 160),
      escalation: { kind: 'amount', fen: 500_000, everyMonths: 24 },
      unitPrice: null,
      parcels: ['factoryLand'],
      assets: ['标准厂房A幢', '标准厂房B幢'],
      // the second half of 2024 is not paid
      unpaid: (d) => d >= '2024-07-01',
    },
    {
      name: '冷藏库租赁合同',
      kind: 'lease',
      partyB: '肥东鲜达农产品冷链有限公司',
      auxId: null,
      basis: 'cash',
      startOn: '2023-04-01',
      endOn: '2028-03-31',
      frequency: 'yearly',
      annual: thousand(20, 45),
      escalation: { kind: 'none' },
      unitPrice: null,
      parcels: [],
      assets: ['冷藏库'],
    },
    {
      name: '联合收割机租赁合同',
      kind: 'lease',
      partyB: HOUSEHOLDS[3] as string,
      auxId: null,
      basis: 'cash',
      startOn: '2024-03-01',
      endOn: '2026-02-28',
      frequency: 'halfYearly',
      annual: thousand(8, 18),
      escalation: { kind: 'none' },
      unitPrice: null,
      parcels: [],
      assets: ['联合收割机'],
    },
    {
      name: '北岗苗圃土地承包合同',
      kind: 'contracting',
      partyB: cp(2),
      auxId: codes.aux('counterparty', cp(2)),
      basis: 'accrual',
      startOn: '2020-10-01',
      endOn: '2030-09-30',
      frequency: 'yearly',
      annual: perMu(nurseryPrice, nurseryArea),
      escalation: { kind: 'percent', basisPoints: 500, everyMonths: 60 },
      unitPrice: nurseryPrice,
      parcels: ['nursery1', 'nursery2'],
      assets: [],
    },
    {
      name: '东山果园承包合同',
      kind: 'contracting',
      partyB: cp(4),
      auxId: codes.aux('counterparty', cp(4)),
      basis: 'accrual',
      startOn: '2019-01-01',
      endOn: '2028-12-31',
      frequency: 'halfYearly',
      annual: perMu(orchardPrice, parcel('orchard').area),
      escalation: { kind: 'none' },
      unitPrice: orchardPrice,
      parcels: ['orchard'],
      assets: [],
    },
    {
      name: '圩区水田承包合同',
      kind: 'contracting',
      partyB: cp(5),
      auxId: codes.aux('counterparty', cp(5)),
      basis: 'cash',
      // ends within 60 days of the year end: the 到期预警 has it
      startOn: '2022-02-16',
      endOn: '2025-02-15',
      frequency: 'yearly',
      annual: perMu(paddyPrice, paddyArea),
      escalation: { kind: 'none' },
      unitPrice: paddyPrice,
      parcels: ['paddy1', 'paddy2'],
      assets: [],
    },
  ]
  specs.sort((a, b) => a.startOn.localeCompare(b.startOn))

  const bank = codes.aux('bank', '农商行基本户')
  const plans: MonthPlan[] = []
  const plan = (date: string, summary: string, dr: [string, number | null], cr: [string, number | null], amount: Fen) =>
    plans.push({
      date,
      attachments: r.int(1, 3),
      lines: [
        { summary, accountId: codes.id(dr[0]), auxItemId: dr[1], debit: amount, credit: 0 },
        { summary, accountId: codes.id(cr[0]), auxItemId: cr[1], debit: 0, credit: amount },
      ],
    })
  const perYear = new Map<string, number>()
  for (const s of specs) {
    const year = s.startOn.slice(0, 4)
    perYear.set(year, (perYear.get(year) ?? 0) + 1)
    const number = `HT${year}-${String(perYear.get(year)).padStart(3, '0')}`
    const g = generateSchedule({ startOn: s.startOn, endOn: s.endOn, frequency: s.frequency, amount: 1, annualAmount: s.annual, escalation: s.escalation })
    if (!g.ok) throw new Error(`demo contract ${s.name}: ${g.reason}`)
    const subjects = [
      ...s.parcels.map((role) => ({ kind: 'parcel' as const, ...parcel(role) })),
      ...s.assets.map((name) => {
        const a = cards.get(name)
        if (!a) throw new Error(`demo card ${name} missing`)
        return { kind: 'asset' as const, id: a.id, code: a.code, name: a.name }
      }),
    ]
    const what = s.kind === 'contracting' ? '承包费' : '租金'
    const income = s.kind === 'contracting' ? '50101' : '50102'
    const subjectNames = subjects.map((x) => x.name).join('、')
    const attendance = r.int(25, 45)
    const against = r.int(0, 2)
    const abstain = r.int(0, 2)
    const id = await insertContract(
      db,
      villageId,
      {
        number,
        name: s.name,
        kind: s.kind,
        direction: 'receivable',
        party_a: village.name,
        party_b: s.partyB,
        counterparty_aux_id: s.auxId,
        start_on: s.startOn,
        end_on: s.endOn,
        amount: g.total,
        unit_price: s.unitPrice,
        price_unit: s.unitPrice === null ? null : '元/亩·年',
        annual_amount: s.annual,
        frequency: s.frequency,
        ...escalationColumns(s.escalation),
        deposit: 0,
        receivable_account_id: s.basis === 'accrual' ? codes.id('11201') : null,
        resolution_meeting: '村民代表会议',
        resolution_date: addDays(s.startOn, -r.int(10, 40)),
        resolution_attendance: attendance,
        resolution_for: attendance - against - abstain,
        resolution_against: against,
        resolution_abstain: abstain,
        resolution_text: `同意将${subjectNames}${CONTRACT_KIND_LABELS[s.kind]}给${s.partyB}，期限 ${s.startOn} 至 ${s.endOn}`,
        attachments: ATTACHMENTS,
        note: null,
      },
      subjects,
      g.instalments,
      operatorId,
      null,
    )
    // before the books: received then (one receipt without a voucher), except what the opening balance still owes
    const before = g.instalments.filter((i) => i.dueOn < FIRST_DAY && !s.openingOwed?.(i.dueOn)).reduce((sum, i) => sum + i.amount, 0)
    if (before > 0) {
      await insertReceipt(db, villageId, { contractId: id, date: addDays(FIRST_DAY, -1), amount: before, voucherId: null, voucherLineId: null, note: '建账前已收', operatorId })
    }
    for (const i of g.instalments.filter((x: Instalment) => x.dueOn >= FIRST_DAY && x.dueOn <= LAST_DAY)) {
      if (s.basis === 'cash') {
        plan(addDays(i.dueOn, r.int(0, 10)), `收到${number}${subjectNames}${what}`, ['10201', bank], [income, null], i.amount)
        continue
      }
      plan(i.dueOn, `应收${s.partyB}${i.dueOn.slice(0, 4)}年${what}（${number}）`, ['11201', s.auxId], [income, null], i.amount)
      if (!s.unpaid?.(i.dueOn)) plan(addDays(i.dueOn, r.int(2, 20)), `收到${s.partyB}${what}`, ['10201', bank], ['11201', s.auxId], i.amount)
    }
    if (s.partial && s.partial.amount > 0) plan(s.partial.date, `收回${s.partyB}欠缴${what}（部分）`, ['10201', bank], ['11201', s.auxId], s.partial.amount)
  }
  return { vouchers: (period) => plans.filter((p) => p.date.startsWith(period)), count: specs.length }
}

/** After the months are posted: the contracts engine's matcher finds the receipts in the books and records them. */
export async function matchDemoReceipts(db: Kysely<Database>, villageId: number, operatorId: number): Promise<number> {
  const rows = await db.selectFrom('contract').selectAll().where('village_id', '=', villageId).execute()
  const proposals = findMatches(await matchContracts(db, villageId, rows), await postedLines(db, villageId), await matchedByLine(db, villageId))
  await recordProposals(db, villageId, proposals, operatorId)
  return proposals.length
}
