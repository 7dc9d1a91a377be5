import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseYuan, type Fen } from '../../../shared/money'
import { chargeFor, depreciableAmount, firstChargedPeriod, monthlyCharge, type DepreciableCard } from '../../../shared/registers/depreciation'

// the project's shared fixtures (read-only), where every test reads them
const FIXTURE = '/work/shared/fixtures/assets.xlsx'

interface FixtureCard extends DepreciableCard {
  code: string
  operating: boolean
  accumulatedAt2023: Fen
  fixtureMonthly: Fen
}

const fen = (v: unknown): Fen => {
  const p = parseYuan(String(v ?? 0))
  if (!p.ok) throw new Error(p.reason)
  return p.fen
}

const cards: FixtureCard[] = []

beforeAll(async () => {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(FIXTURE)
  const ws = wb.worksheets[0]
  if (!ws) throw new Error('no sheet')
  for (let r = 2; r <= ws.rowCount; r++) {
    const v = ws.getRow(r).values as unknown[]
    const acquired = v[11] as Date
    cards.push({
      code: String(v[1]),
      operating: v[4] === '经营性',
      originalValue: fen(v[12]),
      salvageRate: String(v[14] ?? 0),
      usefulLifeMonths: Number(v[13] ?? 0),
      method: v[15] === '年限平均法' ? 'straightLine' : 'none',
      acquiredOn: acquired.toISOString().slice(0, 10),
      status: v[17] === '闲置' ? 'idle' : v[17] === '出租' ? 'leased' : 'inUse',
      isBuilding: v[3] === '房屋及建筑物',
      disposedPeriod: null,
      accumulatedAt2023: fen(v[16]),
      fixtureMonthly: fen(v[20]),
    })
  }
})

/** Runs the months of `periods` over every card, carrying accumulated depreciation forward. */
function run(periods: string[]): { byPeriod: Map<string, { operating: Fen; other: Fen }>; accumulated: Map<string, Fen> } {
  const accumulated = new Map(cards.map((c) => [c.code, c.accumulatedAt2023]))
  const byPeriod = new Map<string, { operating: Fen; other: Fen }>()
  for (const p of periods) {
    const t = { operating: 0, other: 0 }
    for (const c of cards) {
      const { amount } = chargeFor(c, p, accumulated.get(c.code) ?? 0)
      accumulated.set(c.code, (accumulated.get(c.code) ?? 0) + amount)
      if (c.operating) t.operating += amount
      else t.other += amount
    }
    byPeriod.set(p, t)
  }
  return { byPeriod, accumulated }
}

const months2024 = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`)

describe('straight-line depreciation (年限平均法) against the fixture cards', () => {
  it('reads 38 cards whose totals are the 151/152 openings', () => {
    expect(cards).toHaveLength(38)
    expect(cards.reduce((s, c) => s + c.originalValue, 0)).toBe(1_260_536_100)
    expect(cards.reduce((s, c) => s + c.accumulatedAt2023, 0)).toBe(463_551_724)
  })

  it('computes each card\'s monthly charge as the fixture does', () => {
    for (const c of cards) expect([c.code, monthlyCharge(c)]).toEqual([c.code, c.fixtureMonthly])
  })

  it('reproduces each card\'s accumulated depreciation at 2023-12-31 from its acquisition date', () => {
    for (const c of cards) {
      let acc = 0
      for (let p = firstChargedPeriod(c.acquiredOn); p <= '2023-12'; ) {
        acc += chargeFor(c, p, acc).amount
        const [y, m] = p.split('-').map(Number) as [number, number]
        p = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
      }
      expect([c.code, acc]).toEqual([c.code, c.accumulatedAt2023])
    }
  })

  it('charges 545,842.94 in 2024, month by month as the journal\'s depreciation vouchers', () => {
    const { byPeriod } = run(months2024)
    const total = [...byPeriod.values()].reduce((s, t) => s + t.operating + t.other, 0)
    expect(total).toBe(54_584_294)
    // 记-0056 (January): 15201 20,180.59 and 15202 26,370.96; March: F05020 is fully depreciated (−0.40)
    expect(byPeriod.get('2024-01')).toEqual({ operating: 2_018_059, other: 2_637_096 })
    expect(byPeriod.get('2024-03')).toEqual({ operating: 2_018_059, other: 2_637_056 })
    expect(byPeriod.get('2024-04')).toEqual({ operating: 2_018_059, other: 2_497_393 })
  })

  it('stops at the depreciable amount and never charges fully depreciated or nominal-value cards', () => {
    const { accumulated } = run(months2024)
    for (const c of cards) expect(accumulated.get(c.code)).toBeLessThanOrEqual(depreciableAmount(c.originalValue, c.salvageRate))
    const basket = cards.find((c) => c.code === 'F06026') as FixtureCard
    expect(chargeFor(basket, '2024-05', 0)).toEqual({ amount: 0, reason: 'method' })
    const pc = cards.find((c) => c.code === 'F04003') as FixtureCard
    expect(chargeFor(pc, '2024-01', pc.accumulatedAt2023)).toEqual({ amount: 0, reason: 'full' })
    // F04009 数码复印机 runs out in November 2024: 10 × 201.69 then the 201.39 left
    const copier = cards.find((c) => c.code === 'F04009') as FixtureCard
    expect(accumulated.get('F04009')).toBe(depreciableAmount(copier.originalValue, copier.salvageRate))
  })

  it('applies the month rules: next month after acquisition, idle non-buildings, disposal month', () => {
    const base: DepreciableCard = {
      originalValue: 1_200_000,
      salvageRate: '0',
      usefulLifeMonths: 120,
      method: 'straightLine',
      acquiredOn: '2024-03-31',
      status: 'inUse',
      isBuilding: false,
      disposedPeriod: null,
    }
    expect(chargeFor(base, '2024-03', 0)).toEqual({ amount: 0, reason: 'notStarted' })
    expect(chargeFor(base, '2024-04', 0)).toEqual({ amount: 10_000, reason: null })
    expect(chargeFor({ ...base, status: 'idle' }, '2024-04', 0).reason).toBe('idle')
    expect(chargeFor({ ...base, status: 'idle', isBuilding: true }, '2024-04', 0).amount).toBe(10_000)
    const disposed = { ...base, status: 'scrapped' as const, disposedPeriod: '2024-06' }
    expect(chargeFor(disposed, '2024-06', 0).amount).toBe(10_000)
    expect(chargeFor(disposed, '2024-07', 0).reason).toBe('disposed')
    expect(monthlyCharge({ ...base, usefulLifeMonths: 0 })).toBe(0)
    // 1000 分 over 3 months: 333 a month, and the third month (2024-06) takes the 334 left
    const odd = { ...base, originalValue: 1000, usefulLifeMonths: 3 }
    expect(monthlyCharge(odd)).toBe(333)
    expect(chargeFor(odd, '2024-05', 333).amount).toBe(333)
    expect(chargeFor(odd, '2024-06', 666).amount).toBe(334)
    expect(chargeFor(odd, '2024-07', 1000).reason).toBe('full')
  })
})
