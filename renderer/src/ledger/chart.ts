import { useMemo } from 'react'
import type { Account, AuxItem } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'

export interface ChartAccount extends Account {
  /** full path of names: 公益支出/文教卫生/社区活动 */
  path: string
}

export interface Chart {
  accounts: ChartAccount[]
  byId: Map<number, ChartAccount>
  loading: boolean
  error: string | undefined
  reload: () => void
}

export function withPaths(accounts: readonly Account[]): ChartAccount[] {
  const byId = new Map(accounts.map((a) => [a.id, a]))
  const pathOf = new Map<number, string>()
  const path = (a: Account): string => {
    const known = pathOf.get(a.id)
    if (known !== undefined) return known
    const parent = a.parentId === null ? undefined : byId.get(a.parentId)
    const p = parent ? `${path(parent)}/${a.name}` : a.name
    pathOf.set(a.id, p)
    return p
  }
  return accounts.map((a) => ({ ...a, path: path(a) }))
}

/** The village's chart (disabled accounts included, so that old vouchers still name theirs). */
export function useChart(villageId: number | undefined): Chart {
  const q = useQuery('account.list', villageId === undefined ? null : { villageId, includeDisabled: true })
  return useMemo(() => {
    const accounts = withPaths(q.data ?? [])
    return { accounts, byId: new Map(accounts.map((a) => [a.id, a])), loading: q.loading, error: q.error?.message, reload: q.reload }
  }, [q.data, q.loading, q.error, q.reload])
}

export function useAuxItems(villageId: number | undefined) {
  const q = useQuery('aux.list', villageId === undefined ? null : { villageId })
  const items = useMemo<AuxItem[]>(() => q.data ?? [], [q.data])
  return { items, loading: q.loading, reload: q.reload, error: q.error?.message }
}

/** Matching for the 科目 lookup: code prefix first, then any part of the path (no pinyin needed). */
export function matchAccounts<T extends ChartAccount>(accounts: readonly T[], query: string, limit = 60): T[] {
  const q = query.trim().toLowerCase()
  if (q === '') return accounts.slice(0, limit)
  const codeHits: T[] = []
  const nameHits: T[] = []
  for (const a of accounts) {
    if (a.code.startsWith(q)) codeHits.push(a)
    else if (a.path.toLowerCase().includes(q) || `${a.code} ${a.path}`.toLowerCase().includes(q)) nameHits.push(a)
  }
  // among name hits, those whose own name matches come first (办公 → 管理费用/办公费 before its siblings' parents)
  nameHits.sort((x, y) => Number(!x.name.toLowerCase().includes(q)) - Number(!y.name.toLowerCase().includes(q)) || (x.code < y.code ? -1 : 1))
  return [...codeHits, ...nameHits].slice(0, limit)
}
