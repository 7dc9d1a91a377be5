import Decimal from 'decimal.js'
import type { Fen } from '../money'
import { nextPeriod, periodOfDate } from '../periods'

/**
 * 固定资产折旧 (domain.md §4.3): the monthly charge of one asset card under the straight-line method
 * (年限平均法). Pure arithmetic on 分, shared by the engine's depreciation run and the card preview.
 *
 * - depreciable amount = 原值 × (1 − 净残值率), rounded half-up to the 分;
 * - monthly charge = depreciable amount ÷ 预计使用年限(月), rounded half-up to the 分;
 * - charging starts the month after acquisition (当月增加，次月计提);
 * - a month charges at most what is left, so accumulated depreciation never passes the depreciable amount
 *   (提足为止; no catch-up for early scrapping), and the last month of the useful life takes all that is left;
 * - no charge for: assets at a nominal value or marked 不计提, fully depreciated assets still in use, idle
 *   assets other than buildings (闲置), and assets disposed of in an earlier month.
 */
export type DepreciationMethod = 'straightLine' | 'none'

/** 使用状况 of an asset card (issue 4): 在用/出租/出借/发包/闲置/报废 */
export type AssetStatus = 'inUse' | 'leased' | 'lent' | 'contracted' | 'idle' | 'scrapped'

export interface DepreciableCard {
  originalValue: Fen
  /** 净残值率 as a decimal string, 0 ≤ rate < 1, e.g. "0.05" */
  salvageRate: string
  usefulLifeMonths: number
  method: DepreciationMethod
  /** 取得日期 YYYY-MM-DD */
  acquiredOn: string
  status: AssetStatus
  /** buildings (房屋及建筑物) are depreciated even while idle */
  isBuilding: boolean
  /** the period of disposal (处置), if any: charged in that month, never after */
  disposedPeriod: string | null
}

export function depreciableAmount(originalValue: Fen, salvageRate: string): Fen {
  return new Decimal(originalValue).times(new Decimal(1).minus(salvageRate)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}

export function monthlyCharge(card: Pick<DepreciableCard, 'originalValue' | 'salvageRate' | 'usefulLifeMonths' | 'method'>): Fen {
  if (card.method === 'none' || card.usefulLifeMonths <= 0) return 0
  return new Decimal(depreciableAmount(card.originalValue, card.salvageRate))
    .dividedBy(card.usefulLifeMonths)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber()
}

/** The first month charged: the month after acquisition. */
export function firstChargedPeriod(acquiredOn: string): string {
  return nextPeriod(periodOfDate(acquiredOn))
}

/** Whole months from period `a` to period `b` (b later gives a positive count). */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7))
}

export type NoChargeReason = 'method' | 'notStarted' | 'full' | 'idle' | 'disposed' | null

export interface MonthCharge {
  amount: Fen
  /** why the charge is zero (null when something is charged) */
  reason: NoChargeReason
}

/**
 * The charge of `period` for a card whose accumulated depreciation before that month is `accumulated`.
 */
export function chargeFor(card: DepreciableCard, period: string, accumulated: Fen): MonthCharge {
  if (card.method === 'none') return { amount: 0, reason: 'method' }
  if (period < firstChargedPeriod(card.acquiredOn)) return { amount: 0, reason: 'notStarted' }
  if (card.disposedPeriod !== null && period > card.disposedPeriod) return { amount: 0, reason: 'disposed' }
  if (card.status === 'scrapped' && card.disposedPeriod === null) return { amount: 0, reason: 'disposed' }
  if (card.status === 'idle' && !card.isBuilding) return { amount: 0, reason: 'idle' }
  const left = depreciableAmount(card.originalValue, card.salvageRate) - accumulated
  if (left <= 0) return { amount: 0, reason: 'full' }
  // the last month of the useful life takes whatever rounding left over
  const lastMonth = monthsBetween(firstChargedPeriod(card.acquiredOn), period) + 1 >= card.usefulLifeMonths
  return { amount: lastMonth ? left : Math.min(monthlyCharge(card), left), reason: null }
}

export const NO_CHARGE_LABEL: Record<Exclude<NoChargeReason, null>, string> = {
  method: '不计提折旧',
  notStarted: '当月增加，次月起计提',
  full: '已提足折旧',
  idle: '闲置（非房屋建筑物）不计提',
  disposed: '已处置',
}
