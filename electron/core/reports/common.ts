import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { BalanceSide, ChartVersion } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { fenToYuanString, type Fen } from '../../../shared/money'
import { periodLabel } from '../../../shared/periods'
import type { Database } from '../db/schema'

export interface VillageInfo {
  id: number
  code: string
  name: string
  chartVersion: ChartVersion
  startPeriod: string
}

export async function loadVillage(db: Kysely<Database>, villageId: number): Promise<VillageInfo> {
  const v = await db.selectFrom('village').select(['id', 'code', 'name', 'chart_version', 'start_period']).where('id', '=', villageId).executeTakeFirst()
  if (!v) throw new AppError('NOT_FOUND', `村（编号 ${villageId}）不存在，请刷新后重试`)
  return { id: v.id, code: v.code, name: v.name, chartVersion: v.chart_version, startPeriod: v.start_period }
}

export function assertRange(from: string, to: string): void {
  if (from > to) throw new AppError('VALIDATION', `开始期间 ${periodLabel(from)} 不能晚于结束期间 ${periodLabel(to)}`)
}

/**
 * SHA-256 over the figures of a report, one JSON line per row in the order they are shown: the JSON result and
 * its workbook print the same value, and equal figures give an equal fingerprint whenever they are produced.
 */
export class Fingerprint {
  private readonly hash = createHash('sha256')

  constructor(header: unknown) {
    this.add(header)
  }

  add(row: unknown): void {
    this.hash.update(JSON.stringify(row))
    this.hash.update('\n')
  }

  hex(): string {
    return this.hash.digest('hex')
  }
}

export function fingerprintOf(header: unknown, rows: Iterable<unknown>): string {
  const f = new Fingerprint(header)
  for (const r of rows) f.add(r)
  return f.hex()
}

export function sideOf(balance: Fen): BalanceSide {
  return balance > 0 ? '借' : balance < 0 ? '贷' : '平'
}

/** a balance as printed in books: 借/贷 and the absolute amount */
export function sideAndAmount(balance: Fen): { side: BalanceSide; balance: string } {
  return { side: sideOf(balance), balance: fenToYuanString(Math.abs(balance)) }
}

export const yuan = fenToYuanString

/** the 摘要 of a book's first row: a range from January opens with last year's balance carried over */
export const openingSummary = (from: string): string => (from.endsWith('-01') ? '上年结转' : '期初余额')

/** 2024-01 .. 2024-03 → 2024年1月—3月; one month → 2024年3月 */
export function rangeLabel(from: string, to: string): string {
  if (from === to) return periodLabel(to)
  if (from.slice(0, 4) === to.slice(0, 4)) return `${periodLabel(from)}—${Number(to.slice(5, 7))}月`
  return `${periodLabel(from)}—${periodLabel(to)}`
}
