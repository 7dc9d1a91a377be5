import type { MethodParsedInput } from '../../../shared/api/contract'
import type { ExpiringContract, OverdueContract, OverdueCounterparty, RegisterAlerts, UnsignedItem } from '../../../shared/api/resourceTypes'
import { fenToYuanString, type Fen } from '../../../shared/money'
import { ASSET_STATUS_LABELS } from '../../../shared/registers/assets'
import { daysBetween } from '../../../shared/periods'
import { LET_OUT_USE_STATUSES, USE_STATUS_LABELS } from '../../../shared/registers/parcels'
import type { Outcome, ServiceContext } from '../context'
import { cardsAt } from './assets'
import { contractsAt, inForce, standingsAt, subjectContracts } from './contracts'
import { parcelsAt } from './parcels'

/**
 * 台账预警 (issue 4 §4): at a date, the receivable contracts with overdue instalments (by contract and by
 * counterparty), the contracts ending within 90/60/30 days, and 应签尽签 — parcels and assets let out (发包,
 * 出租, 出借) that no contract in force covers.
 */
const LET_OUT_ASSET_STATUSES = ['leased', 'lent', 'contracted'] as const

export async function registerAlerts(ctx: ServiceContext, input: MethodParsedInput<'register.alerts'>): Promise<Outcome<RegisterAlerts>> {
  const { villageId, date } = input
  const db = ctx.db
  const contracts = await contractsAt(db, villageId, date)
  const standings = await standingsAt(db, villageId, contracts, date)

  const overdue: OverdueContract[] = []
  for (const c of contracts) {
    const s = standings.get(c.id)
    if (c.direction !== 'receivable' || !s || s.outstanding <= 0 || s.since === null) continue
    overdue.push({
      contractId: c.id,
      number: c.number,
      name: c.name,
      partyB: c.party_b,
      counterpartyAuxId: c.counterparty_aux_id,
      due: fenToYuanString(s.due),
      received: fenToYuanString(s.received),
      overdue: fenToYuanString(s.outstanding),
      since: s.since,
      days: daysBetween(s.since, date),
      instalments: s.instalments,
    })
  }
  overdue.sort((a, b) => a.since.localeCompare(b.since) || a.number.localeCompare(b.number))
  const byParty = new Map<string, { c: OverdueCounterparty; fen: Fen }>()
  let total = 0
  for (const o of overdue) {
    const fen = standings.get(o.contractId)?.outstanding ?? 0
    total += fen
    const key = o.counterpartyAuxId === null ? `name:${o.partyB}` : `aux:${o.counterpartyAuxId}`
    const had = byParty.get(key)
    if (had) {
      had.fen += fen
      had.c.contracts++
      if (o.since < had.c.since) had.c.since = o.since
    } else byParty.set(key, { c: { partyB: o.partyB, counterpartyAuxId: o.counterpartyAuxId, contracts: 1, overdue: '', since: o.since }, fen })
  }
  const counterparties = [...byParty.values()].sort((a, b) => b.fen - a.fen).map(({ c, fen }) => ({ ...c, overdue: fenToYuanString(fen) }))

  const expiring: ExpiringContract[] = []
  for (const c of contracts) {
    if (!inForce(c, date) || c.status !== 'active') continue
    const daysLeft = daysBetween(date, c.end_on)
    if (daysLeft > 90) continue
    expiring.push({ contractId: c.id, number: c.number, name: c.name, partyB: c.party_b, endOn: c.end_on, daysLeft, within: daysLeft <= 30 ? 30 : daysLeft <= 60 ? 60 : 90 })
  }
  expiring.sort((a, b) => a.endOn.localeCompare(b.endOn) || a.number.localeCompare(b.number))

  // 应签尽签: what is let out at the date must have a contract in force over it
  const unsigned: UnsignedItem[] = []
  const parcels = (await parcelsAt(db, villageId, date)).filter((p) => (p.removed_on === null || p.removed_on > date) && LET_OUT_USE_STATUSES.includes(p.use_status))
  const { cards } = await cardsAt(db, villageId, date)
  const assets = cards.filter((a) => (a.disposed_on === null || a.disposed_on > date) && (LET_OUT_ASSET_STATUSES as readonly string[]).includes(a.status))
  for (const [kind, items] of [
    ['parcel', parcels.map((p) => ({ id: p.id, code: p.code, name: p.name, status: USE_STATUS_LABELS[p.use_status], userName: p.user_name }))],
    ['asset', assets.map((a) => ({ id: a.id, code: a.code, name: a.name, status: ASSET_STATUS_LABELS[a.status], userName: a.custodian }))],
  ] as const) {
    const links = await subjectContracts(db, villageId, kind, items.map((i) => i.id))
    for (const item of items) {
      const mine = links.filter((l) => l.item_id === item.id)
      if (mine.some((l) => inForce(l, date))) continue
      const past = mine.filter((l) => l.start_on <= date)
      const last = past[past.length - 1] ?? mine[0] ?? null
      unsigned.push({
        itemKind: kind,
        itemId: item.id,
        code: item.code,
        name: item.name,
        status: item.status,
        userName: item.userName,
        reason: mine.length === 0 ? 'noContract' : past.length === 0 ? 'notStarted' : 'expired',
        lastContract: last === null ? null : { id: last.id, number: last.number, partyB: last.party_b, startOn: last.start_on, endOn: last.ended_on !== null && last.ended_on < last.end_on ? last.ended_on : last.end_on },
      })
    }
  }
  return { value: { asOf: date, overdue: { contracts: overdue, counterparties, total: fenToYuanString(total) }, expiring, unsigned } }
}
