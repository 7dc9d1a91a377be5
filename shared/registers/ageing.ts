import type { Fen } from '../money'

/**
 * 债权债务账龄 (issue 4 §1): how old the open part of a receivable or a payable is. The history of one item
 * (opening balance, then every posted line) is settled first in, first out: each decrease settles the oldest
 * open increases, so what stays open are the latest increases, each aged from its own date. A decrease larger
 * than everything open turns the item round (an overpaid receivable becomes a payable) from that date.
 */
export const AGE_BUCKETS = ['within1', 'y1to2', 'y2to3', 'over3'] as const
export type AgeBucket = (typeof AGE_BUCKETS)[number]
export const AGE_BUCKET_LABELS: Record<AgeBucket, string> = { within1: '1年以内', y1to2: '1–2年', y2to3: '2–3年', over3: '3年以上' }

/** One change of an item: debit positive, credit negative. Given in booking order. */
export interface ItemMovement {
  date: string
  amount: Fen
}

export interface Ageing {
  /** debit positive */
  balance: Fen
  /** the open amount by age, as positive figures on the balance's side */
  buckets: Record<AgeBucket, Fen>
  /** the date of the oldest open increase (null when settled) */
  oldestOpen: string | null
}

/** The same day `years` years earlier (29 February falls back to the 28th). */
export function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years
  let md = date.slice(5)
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) md = '02-28'
  return `${String(y).padStart(4, '0')}-${md}`
}

/** 1年以内: incurred less than a full year before `asOf`; a debt of exactly one year is 1–2年. */
export function bucketOf(incurred: string, asOf: string): AgeBucket {
  if (incurred > yearsBefore(asOf, 1)) return 'within1'
  if (incurred > yearsBefore(asOf, 2)) return 'y1to2'
  if (incurred > yearsBefore(asOf, 3)) return 'y2to3'
  return 'over3'
}

export function ageFifo(movements: readonly ItemMovement[], asOf: string): Ageing {
  // open lots, oldest first, all of one sign
  const lots: { date: string; amount: Fen }[] = []
  for (const m of movements) {
    if (m.amount === 0 || m.date > asOf) continue
    let rest = m.amount
    while (rest !== 0 && lots.length > 0 && Math.sign(lots[0]?.amount ?? 0) !== Math.sign(rest)) {
      const lot = lots[0] as { date: string; amount: Fen }
      if (Math.abs(lot.amount) > Math.abs(rest)) {
        lot.amount += rest
        rest = 0
      } else {
        rest += lot.amount
        lots.shift()
      }
    }
    if (rest !== 0) lots.push({ date: m.date, amount: rest })
  }
  const buckets: Record<AgeBucket, Fen> = { within1: 0, y1to2: 0, y2to3: 0, over3: 0 }
  let balance = 0
  for (const lot of lots) {
    balance += lot.amount
    buckets[bucketOf(lot.date, asOf)] += Math.abs(lot.amount)
  }
  return { balance, buckets, oldestOpen: lots[0]?.date ?? null }
}
