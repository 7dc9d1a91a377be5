import type { Insertable, Kysely } from 'kysely'
import { areaText } from '../../../shared/registers/parcels'
import type { Fen } from '../../../shared/money'
import type { CampaignSnapshotTable, Database } from '../db/schema'
import { cardsAt, villageBooks } from '../registers/assets'
import { itemBalancesAt } from '../registers/claims'
import { contractsAt, inForce } from '../registers/contracts'
import { bankAccountsAt, bankBalance } from '../registers/funds'
import { parcelsAt } from '../registers/parcels'
import { bioSpec, endedAt, inventorySpec, investmentSpec, itemsAt } from '../registers/smallRegisters'

/**
 * 清理: the frozen 账面数 of a village at the end of the as-of date — every leaf account with its auxiliary
 * items' posted balances (debit-positive), and every register item standing at that date with its book figure.
 */
export type SnapshotDraft = Omit<Insertable<CampaignSnapshotTable>, 'campaign_id' | 'take' | 'taken_by' | 'taken_at' | 'aux_item_id'> & { aux_item_id?: number }

const label = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text)

export async function bookFigures(db: Kysely<Database>, villageId: number, asOf: string): Promise<SnapshotDraft[]> {
  const rows: SnapshotDraft[] = []
  const books = await villageBooks(db, villageId)
  const leaves = books.index.chart.filter((a) => a.isLeaf).sort((a, b) => a.code.localeCompare(b.code))
  const balances = await itemBalancesAt(db, villageId, asOf, leaves.map((a) => a.id))
  const auxIds = [...new Set([...balances.keys()].map((k) => Number(k.split(':')[1])).filter((x) => x > 0))]
  const auxNames = new Map(auxIds.length ? (await db.selectFrom('aux_item').select(['id', 'name']).where('id', 'in', auxIds).execute()).map((r) => [r.id, r.name]) : [])
  const byLeaf = new Map<number, [number, Fen][]>()
  for (const [k, v] of balances) {
    const [a, aux] = k.split(':').map(Number) as [number, number]
    byLeaf.set(a, [...(byLeaf.get(a) ?? []), [aux, v]])
  }
  for (const a of leaves) {
    const parts = (byLeaf.get(a.id) ?? []).filter(([aux, v]) => v !== 0 || aux === 0).sort((x, y) => x[0] - y[0])
    // a leaf with no balance still appears once, at zero: the snapshot lists every account
    if (parts.length === 0) parts.push([0, 0])
    for (const [aux, v] of parts) {
      rows.push({ kind: 'account', item_id: a.id, aux_item_id: aux, code: a.code, label: label(`${a.code} ${a.name}${aux ? `：${auxNames.get(aux) ?? aux}` : ''}`), amount: v, quantity: null, unit: null, detail: null })
    }
  }

  const { cards, accumulated } = await cardsAt(db, villageId, asOf)
  for (const c of cards.filter((x) => x.disposed_on === null || x.disposed_on > asOf)) {
    const acc = accumulated.get(c.id) ?? 0
    rows.push({
      kind: 'asset',
      item_id: c.id,
      code: c.code,
      label: label(c.name),
      amount: c.original_value - acc,
      quantity: c.quantity,
      unit: c.unit,
      detail: JSON.stringify({ originalValue: c.original_value, accumulated: acc, category: c.category, location: c.location }),
    })
  }
  for (const p of (await parcelsAt(db, villageId, asOf)).filter((x) => x.removed_on === null || x.removed_on > asOf)) {
    rows.push({ kind: 'parcel', item_id: p.id, code: p.code, label: label(p.name), amount: null, quantity: areaText(p.area), unit: '亩', detail: JSON.stringify({ landClass: p.land_class, useStatus: p.use_status, location: p.location }) })
  }
  for (const c of (await contractsAt(db, villageId, asOf)).filter((x) => inForce(x, asOf))) {
    rows.push({ kind: 'contract', item_id: c.id, code: c.number, label: label(c.name), amount: c.amount, quantity: null, unit: null, detail: JSON.stringify({ partyB: c.party_b, startOn: c.start_on, endOn: c.end_on }) })
  }
  const banks = (await bankAccountsAt(db, villageId, asOf)).filter((r) => r.opened_on <= asOf && (r.closed_on === null || r.closed_on > asOf))
  for (const r of banks) {
    rows.push({ kind: 'bankAccount', item_id: r.id, code: r.account_no, label: label(`${r.bank_name} ${r.account_no}`), amount: bankBalance(r, balances), quantity: null, unit: null, detail: JSON.stringify({ accountId: r.account_id, auxItemId: r.aux_item_id }) })
  }
  for (const spec of [inventorySpec, bioSpec, investmentSpec]) {
    for (const r of (await itemsAt(db, spec, villageId, asOf)).filter((x) => !endedAt(spec, x, asOf))) {
      const quantity = typeof r.quantity === 'string' ? r.quantity : null
      const unit = typeof r.unit === 'string' ? r.unit : null
      rows.push({ kind: spec.kind, item_id: Number(r.id), code: String(r.code), label: label(String(r.name)), amount: spec.value(r), quantity, unit, detail: null })
    }
  }
  return rows
}

/** Inserts the figures as take `take` of the campaign (the rows are immutable from then on). */
export async function freezeSnapshot(db: Kysely<Database>, c: { id: number; village_id: number; as_of: string }, take: number, userId: number, at: string): Promise<number> {
  const rows = await bookFigures(db, c.village_id, c.as_of)
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('campaign_snapshot')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, aux_item_id: r.aux_item_id ?? 0, campaign_id: c.id, take, taken_by: userId, taken_at: at })))
      .execute()
  }
  return rows.length
}
