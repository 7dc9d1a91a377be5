import Decimal from 'decimal.js'
import type { Kysely } from 'kysely'
import {
  COUNTERPARTY_REPLY_LABELS,
  ITEM_CONDITION_LABELS,
  MEMBER_UNIT_LABELS,
  type CheckResult,
  type CounterpartyReply,
  type ItemCondition,
  type MemberUnit,
  type SnapshotKind,
} from '../../../shared/api/campaignTypes'
import { AppError } from '../../../shared/errors'
import type { Fen } from '../../../shared/money'
import type { Database } from '../db/schema'

/**
 * The figures a 公示表 and a 上报 workbook print: every row of the campaign's current snapshot take with its
 * 账面数 and its 核实数, and the 盘盈 rows (found but not in the books). 核实数 rule: the verified amount or
 * quantity recorded by 核实 when there is one; 0 for an item 登记 marked missing; otherwise the book figure
 * (nothing verified yet means nothing found different).
 */
export interface CampaignFigure {
  kind: SnapshotKind
  code: string
  label: string
  /** integer 分, debit-positive for accounts; null for parcels */
  book: Fen | null
  verified: Fen | null
  /** decimal text (亩 for parcels) */
  bookQuantity: string | null
  verifiedQuantity: string | null
  unit: string | null
  result: CheckResult | null
  /** 登记: 完好/损坏/闲置 of an item found */
  condition: ItemCondition | null
  /** 核实 of a claim or debt: the counterparty's reply */
  reply: CounterpartyReply | null
  reason: string | null
  opinion: string | null
  detail: Record<string, unknown>
}

export interface CampaignHeader {
  id: number
  villageName: string
  villageCode: string
  asOf: string
  step: string
  team: { name: string; unit: string; role: string }[]
}

export interface CampaignFigures {
  header: CampaignHeader
  rows: CampaignFigure[]
}

export async function campaignFigures(db: Kysely<Database>, campaignId: number): Promise<CampaignFigures> {
  const c = await db
    .selectFrom('campaign as c')
    .innerJoin('village as v', 'v.id', 'c.village_id')
    .select(['c.id', 'c.as_of', 'c.step', 'c.snapshot_take', 'v.name', 'v.code'])
    .where('c.id', '=', campaignId)
    .executeTakeFirst()
  if (!c) throw new AppError('NOT_FOUND', '清查不存在，请刷新后重试')
  if (c.snapshot_take === null) throw new AppError('STATE', `基准日 ${c.as_of} 的清查还没有冻结账面数（仍在「清理」步骤），不能生成公示表或上报表`)
  const team = await db.selectFrom('campaign_member').select(['name', 'unit', 'role']).where('campaign_id', '=', c.id).orderBy('id').execute()
  const snap = await db
    .selectFrom('campaign_snapshot as s')
    .leftJoin('campaign_check as k', 'k.snapshot_id', 's.id')
    .select(['s.kind', 's.code', 's.label', 's.amount', 's.quantity', 's.unit', 's.detail', 'k.result', 'k.condition', 'k.reply', 'k.verified_amount', 'k.verified_quantity', 'k.reason', 'k.opinion', 'k.note'])
    .where('s.campaign_id', '=', c.id)
    .where('s.take', '=', c.snapshot_take)
    .orderBy('s.id')
    .execute()
  const surplus = await db
    .selectFrom('campaign_check')
    .select(['id', 'kind', 'label', 'verified_amount', 'verified_quantity', 'unit', 'evidence', 'reason', 'opinion'])
    .where('campaign_id', '=', c.id)
    .where('take', '=', c.snapshot_take)
    .where('result', '=', 'surplus')
    .orderBy('id')
    .execute()
  const rows: CampaignFigure[] = snap.map((r) => {
    const missing = r.result === 'missing'
    return {
      kind: r.kind,
      code: r.code,
      label: r.label,
      book: r.amount,
      verified: r.verified_amount ?? (missing && r.amount !== null ? 0 : r.amount),
      bookQuantity: r.quantity,
      verifiedQuantity: r.verified_quantity ?? (missing && r.quantity !== null ? '0' : r.quantity),
      unit: r.unit,
      result: r.result,
      condition: r.condition,
      reply: r.reply,
      reason: r.reason ?? (missing ? (r.note ?? '登记时未找到') : r.condition === 'damaged' || r.condition === 'idle' ? r.note : null),
      opinion: r.opinion,
      detail: r.detail === null ? {} : (JSON.parse(r.detail) as Record<string, unknown>),
    }
  })
  for (const s of surplus) {
    rows.push({
      kind: s.kind,
      code: '盘盈',
      label: s.label ?? '',
      book: s.verified_amount === null ? null : 0,
      verified: s.verified_amount,
      bookQuantity: s.verified_quantity === null ? null : '0',
      verifiedQuantity: s.verified_quantity,
      unit: s.unit,
      result: 'surplus',
      condition: null,
      reply: null,
      reason: s.reason ?? `盘盈：${s.evidence ?? ''}`,
      opinion: s.opinion,
      detail: {},
    })
  }
  return {
    header: {
      id: c.id,
      villageName: c.name,
      villageCode: c.code,
      asOf: c.as_of,
      step: c.step,
      team: team.map((m) => ({ name: m.name, unit: MEMBER_UNIT_LABELS[m.unit as MemberUnit] ?? m.unit, role: m.role })),
    },
    rows,
  }
}

/** what the 清查 found about the row beyond its figures: an item 损坏 or 闲置, a counterparty who disagreed or did not reply */
export function remarkOf(f: CampaignFigure): string {
  if (f.condition === 'damaged' || f.condition === 'idle') return ITEM_CONDITION_LABELS[f.condition]
  if (f.reply === 'disagreed' || f.reply === 'noReply') return COUNTERPARTY_REPLY_LABELS[f.reply]
  return ''
}

/** the row differs between book and verification (amount, quantity, or a 登记 result of missing/surplus) */
export function differs(f: CampaignFigure): boolean {
  if (f.result === 'missing' || f.result === 'surplus') return true
  if ((f.book ?? 0) !== (f.verified ?? 0)) return true
  return quantityDiff(f) !== null && !new Decimal(quantityDiff(f) ?? '0').isZero()
}

/** 核实 − 账面 of the quantity, as decimal text; null when the row has no quantity */
export function quantityDiff(f: CampaignFigure): string | null {
  if (f.bookQuantity === null && f.verifiedQuantity === null) return null
  return new Decimal(f.verifiedQuantity ?? '0').minus(f.bookQuantity ?? '0').toFixed()
}

export function sumQuantity(values: (string | null)[]): string {
  return values.reduce((a, v) => a.plus(v ?? '0'), new Decimal(0)).toFixed()
}

/** 地类 of a parcel row (from the snapshot's detail) */
export function landClassOfFigure(f: CampaignFigure): string {
  const v = f.detail.landClass
  return typeof v === 'string' && v !== '' ? v : '未分类'
}

/**
 * A difference of quantities as text: zero as the hyphen U+2010 (it looks like the “-” of the money columns), a
 * decrease with the minus sign U+2212 (an ASCII “-” at the start of a text cell is neutralised against formula
 * injection and would print as “'-” or “'-1”).
 */
export const dash = (v: string): string => (v === '0' ? '\u2010' : v.startsWith('-') ? `\u2212${v.slice(1)}` : v)
