import type { Account } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import type { AssetNature } from '../../../shared/registers/assets'

/**
 * Which leaf accounts a fixed-asset card books to when the user names none: the village's own sub-accounts of
 * 151 固定资产 and 152 累计折旧 split 经营性/非经营性 (e.g. 15101/15102, 15201/15202), and the depreciation
 * expense by use — 经营性 to 经营支出 (511), 非经营性 to 管理费用 (513), 公益性 to 公益支出 (514) — preferring a
 * leaf whose name says 折旧. The 2004 chart has the same roots for 151/152 and 502/541/551 for expenses.
 */
export interface CardAccounts {
  assetAccountId: number
  accumulatedAccountId: number
  expenseAccountId: number
}

const EXPENSE_ROOTS: Record<'2023' | '2004', Record<AssetNature, string>> = {
  '2023': { operating: '511', nonOperating: '513', publicWelfare: '514' },
  '2004': { operating: '502', nonOperating: '541', publicWelfare: '551' },
}

export class ChartIndex {
  private readonly byCode: Map<string, Account>
  private readonly children = new Map<number, Account[]>()

  constructor(readonly chart: readonly Account[]) {
    this.byCode = new Map(chart.map((a) => [a.code, a]))
    for (const a of chart) {
      if (a.parentId === null) continue
      const list = this.children.get(a.parentId)
      if (list) list.push(a)
      else this.children.set(a.parentId, [a])
    }
  }

  byCodeOrNull(code: string): Account | null {
    return this.byCode.get(code) ?? null
  }

  byId(id: number): Account | null {
    return this.chart.find((a) => a.id === id) ?? null
  }

  /** active leaves under (or equal to) an account, in code order */
  leavesUnder(code: string): Account[] {
    const root = this.byCode.get(code)
    if (!root) return []
    const out: Account[] = []
    const walk = (a: Account) => {
      if (a.isLeaf) {
        if (a.status === 'active') out.push(a)
        return
      }
      for (const c of this.children.get(a.id) ?? []) walk(c)
    }
    walk(root)
    return out.sort((a, b) => a.code.localeCompare(b.code))
  }

  /** is `a` the account `rootCode` or one of its descendants */
  isUnder(a: Account, rootCode: string): boolean {
    return a.code.startsWith(rootCode)
  }
}

function byNature(leaves: readonly Account[], nature: AssetNature): Account | null {
  if (leaves.length === 1) return leaves[0] ?? null
  const operating = (a: Account) => a.name.includes('经营性') && !a.name.includes('非经营性')
  const other = (a: Account) => a.name.includes('非经营性') || a.name.includes('公益')
  return leaves.find(nature === 'operating' ? operating : other) ?? null
}

export function defaultCardAccounts(index: ChartIndex, chartVersion: '2023' | '2004', nature: AssetNature): { accounts: Partial<CardAccounts>; problems: string[] } {
  const problems: string[] = []
  const accounts: Partial<CardAccounts> = {}
  const asset = byNature(index.leavesUnder('151'), nature)
  if (asset) accounts.assetAccountId = asset.id
  else problems.push('无法确定固定资产科目（151 下有多个明细科目，且名称中没有“经营性/非经营性”），请指定')
  const accumulated = byNature(index.leavesUnder('152'), nature)
  if (accumulated) accounts.accumulatedAccountId = accumulated.id
  else problems.push('无法确定累计折旧科目（152 下有多个明细科目，且名称中没有“经营性/非经营性”），请指定')
  const root = EXPENSE_ROOTS[chartVersion][nature]
  const leaves = index.leavesUnder(root)
  const expense = leaves.find((a) => a.name.includes('折旧')) ?? (leaves.length === 1 ? leaves[0] : undefined)
  if (expense) accounts.expenseAccountId = expense.id
  else problems.push(`无法确定折旧费用科目（${root} 下没有名称含“折旧”的明细科目），请指定`)
  return { accounts, problems }
}

/** The accounts a card names must be active leaves under the right roots. */
export function checkCardAccounts(index: ChartIndex, chartVersion: '2023' | '2004', a: CardAccounts): string[] {
  const problems: string[] = []
  const check = (id: number, label: string, roots: readonly string[]) => {
    const acc = index.byId(id)
    if (!acc) problems.push(`${label}不存在或不属于本村`)
    else if (!acc.isLeaf) problems.push(`${label}“${acc.code} ${acc.name}”不是末级科目`)
    else if (acc.status !== 'active') problems.push(`${label}“${acc.code} ${acc.name}”已停用`)
    else if (!roots.some((r) => index.isUnder(acc, r))) problems.push(`${label}应在 ${roots.join('、')} 之下（而不是“${acc.code} ${acc.name}”）`)
    else if (acc.auxKind !== null) problems.push(`${label}“${acc.code} ${acc.name}”设有辅助核算，不能用于固定资产卡片`)
  }
  check(a.assetAccountId, '固定资产科目', ['151'])
  check(a.accumulatedAccountId, '累计折旧科目', ['152'])
  const roots = EXPENSE_ROOTS[chartVersion]
  // production cost (生产(劳务)成本 401) and other expenses are allowed too: the charge follows the use
  check(a.expenseAccountId, '折旧费用科目', ['401', roots.operating, roots.nonOperating, roots.publicWelfare, chartVersion === '2023' ? '515' : '551'])
  return problems
}

export function requireCardAccounts(index: ChartIndex, chartVersion: '2023' | '2004', nature: AssetNature, given: Partial<CardAccounts>): CardAccounts {
  const d = defaultCardAccounts(index, chartVersion, nature)
  const merged = { ...d.accounts, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as Partial<CardAccounts>
  const missing = d.problems.filter((p) =>
    (p.includes('固定资产科目') && merged.assetAccountId === undefined) ||
    (p.includes('累计折旧科目') && merged.accumulatedAccountId === undefined) ||
    (p.includes('折旧费用科目') && merged.expenseAccountId === undefined),
  )
  if (missing.length) throw new AppError('VALIDATION', missing[0] as string, { issues: missing.map((m) => ({ path: 'accounts', message: m })) })
  const full = merged as CardAccounts
  const problems = checkCardAccounts(index, chartVersion, full)
  if (problems.length) throw new AppError('VALIDATION', problems[0] as string, { issues: problems.map((m) => ({ path: 'accounts', message: m })) })
  return full
}

/** The fixed-asset disposal account: 154 in the 2023 chart, 153 in the 2004 chart (codes swapped). */
export function disposalAccount(index: ChartIndex, chartVersion: '2023' | '2004'): Account {
  const code = chartVersion === '2023' ? '154' : '153'
  const leaves = index.leavesUnder(code)
  const a = leaves[0]
  if (!a || leaves.length > 1) throw new AppError('VALIDATION', `固定资产清理科目 ${code} ${leaves.length > 1 ? '有多个明细科目，请合并或指定' : '不可用'}`)
  return a
}
