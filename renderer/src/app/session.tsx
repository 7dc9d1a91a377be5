import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import type { MethodName } from '../../../shared/api/contract'
import type { AgencyInfo, CurrentUser, SystemStatus, Village } from '../../../shared/api/types'
import { can } from '../api/client'
import { useQuery } from '../api/useQuery'

export interface SessionValue {
  status: SystemStatus
  user: CurrentUser
  agency: AgencyInfo | null
  /** re-reads system.status (after sign-out, agency changes, a lost session) */
  refreshStatus: () => void
  /** whether the signed-in user's role may call the method (the engine checks again) */
  can: (method: MethodName) => boolean
  /** the active villages this user may see, for the switcher */
  villages: Village[]
  villagesLoading: boolean
  reloadVillages: () => void
  currentVillage: Village | null
  setCurrentVillageId: (id: number) => void
}

const SessionContext = createContext<SessionValue | null>(null)

function storageKey(user: CurrentUser): string {
  return `sanzi.currentVillage.${user.username}`
}

function readStoredVillage(user: CurrentUser): number | null {
  try {
    const v = Number(window.localStorage.getItem(storageKey(user)))
    return Number.isInteger(v) && v > 0 ? v : null
  } catch {
    return null
  }
}

export function SessionProvider(props: { status: SystemStatus; user: CurrentUser; refreshStatus: () => void; children: ReactNode }) {
  const { status, user, refreshStatus } = props
  const villagesQuery = useQuery('village.list', { includeDisabled: false })
  const [chosen, setChosen] = useState<number | null>(() => readStoredVillage(user))

  const villages = useMemo(() => villagesQuery.data ?? [], [villagesQuery.data])
  const currentVillage = villages.find((v) => v.id === chosen) ?? villages[0] ?? null

  const setCurrentVillageId = useCallback(
    (id: number) => {
      setChosen(id)
      try {
        window.localStorage.setItem(storageKey(user), String(id))
      } catch {
        // storage unavailable: the choice lasts for this window only
      }
    },
    [user],
  )

  const value = useMemo<SessionValue>(
    () => ({
      status,
      user,
      agency: status.agency,
      refreshStatus,
      can: (method) => can(user.role, method),
      villages,
      villagesLoading: villagesQuery.loading,
      reloadVillages: villagesQuery.reload,
      currentVillage,
      setCurrentVillageId,
    }),
    [status, user, refreshStatus, villages, villagesQuery.loading, villagesQuery.reload, currentVillage, setCurrentVillageId],
  )
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}
