import type { Kysely } from 'kysely'
import type { IncomeExpenseDetail, IncomeExpenseRow } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import type { Database } from '../db/schema'
import { loadChart } from '../ledger/chart'
import { assertRange, fingerprintOf, loadVillage, yuan } from './common'
import { loadDetails, RangeFigures } from './figures'

/**
 * 收支明细表: every income and expense item (first level, and sub-accounts down to `level`) with the activity
 * of the chosen months (本月数 / 本期数) and of the year to date (本年累计数), without 年终结转 vouchers.
 */
export async function incomeExpenseDetail(db: Kysely<Database>, villageId: number, opts: { from: string; to: string; level: number }): Promise<IncomeExpenseDetail> {
  assertRange(opts.from, opts.to)
  if (opts.from.slice(0, 4) !== opts.to.slice(0, 4)) throw new AppError('VALIDATION', '收支明细表的开始和结束期间须在同一年度')
  const village = await loadVillage(db, villageId)
  const chart = await loadChart(db, villageId)
  const current = new RangeFigures(chart, await loadDetails(db, villageId, chart, opts.from, opts.to))
  const yearStart = `${opts.to.slice(0, 4)}-01`
  const ytd = opts.from === yearStart ? current : new RangeFigures(chart, await loadDetails(db, villageId, chart, yearStart, opts.to))

  const rows: IncomeExpenseRow[] = []
  const sections = [
    { heading: '一、收入', total: '收入合计', side: 'credit' as const },
    { heading: '二、支出', total: '支出合计', side: 'debit' as const },
  ]
  const totals: { current: number; ytd: number }[] = []
  for (const s of sections) {
    rows.push({ kind: 'heading', accountId: null, code: null, name: s.heading, level: 0, current: null, ytd: null })
    let tc = 0
    let ty = 0
    for (const a of chart) {
      if (a.class !== 'profitLoss' || a.normalSide !== s.side || a.level > opts.level) continue
      const c = current.activity(a.code, 'normal', null)
      const y = ytd.activity(a.code, 'normal', null)
      // first-level items always (a publication sheet lists them all); sub-accounts when they have figures
      if (a.level > 1 && c === 0 && y === 0) continue
      rows.push({ kind: 'account', accountId: a.id, code: a.code, name: a.name, level: a.level, current: yuan(c), ytd: yuan(y) })
      if (a.level === 1) {
        tc += c
        ty += y
      }
    }
    rows.push({ kind: 'total', accountId: null, code: null, name: s.total, level: 0, current: yuan(tc), ytd: yuan(ty) })
    totals.push({ current: tc, ytd: ty })
  }
  const [inc, exp] = totals as [{ current: number; ytd: number }, { current: number; ytd: number }]
  rows.push({ kind: 'total', accountId: null, code: null, name: '三、收支差额（收入合计 − 支出合计）', level: 0, current: yuan(inc.current - exp.current), ytd: yuan(inc.ytd - exp.ytd) })
  const currentLabel = opts.from === opts.to ? '本月数' : '本期数'
  return {
    villageId,
    villageCode: village.code,
    villageName: village.name,
    from: opts.from,
    to: opts.to,
    level: opts.level,
    currentLabel,
    rows,
    fingerprint: fingerprintOf({ report: 'incomeExpenseDetail', villageId, from: opts.from, to: opts.to, level: opts.level }, rows),
  }
}
