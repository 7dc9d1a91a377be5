import type { AccountClass, AuxKind, NormalSide } from '../accounts'
import type { Role } from '../roles'

/** Result types of the API: plain JSON, the same over IPC, the CLI and the harness. */

export interface AgencyInfo {
  name: string
  district: string
  createdAt: string
}

export interface SystemStatus {
  initialized: boolean
  agency: AgencyInfo | null
  schemaVersion: number
  appVersion: string
  currentUser: CurrentUser | null
}

export interface CurrentUser {
  id: number
  username: string
  displayName: string
  role: Role
  allVillages: boolean
  villageIds: number[]
}

export type VillageLevel = 'village' | 'group'
export type ChartVersion = '2023' | '2004'
export type ActiveStatus = 'active' | 'disabled'

export interface Village {
  id: number
  code: string
  name: string
  uscc: string | null
  level: VillageLevel
  parentId: number | null
  parentName: string | null
  chartVersion: ChartVersion
  startPeriod: string
  contactPerson: string | null
  contactPhone: string | null
  address: string | null
  status: ActiveStatus
  createdAt: string
  updatedAt: string
}

export interface UserSummary {
  id: number
  username: string
  displayName: string
  role: Role
  allVillages: boolean
  villageIds: number[]
  status: ActiveStatus
  createdAt: string
  lastSignInAt: string | null
}

export interface AuditEntry {
  seq: number
  at: string
  userId: number | null
  userName: string
  method: string
  villageId: number | null
  villageName: string | null
  summary: AuditSummary
  hash: string
}

export interface AuditSummary {
  /** Chinese one-liner, e.g. 新增村：杨桥村 */
  action: string
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

export interface Page<T> {
  rows: T[]
  total: number
}

export interface AuditVerifyReport {
  ok: boolean
  checked: number
  headHash: string | null
  /** the first entry whose stored hash or link does not match, if any */
  firstBad: { seq: number; reason: string } | null
}

export interface DatabaseCheckReport {
  ok: boolean
  quickCheck: string[]
  foreignKeyViolations: number
  audit: AuditVerifyReport
}

export interface BackupResult {
  path: string
  bytes: number
  verified: true
}

export interface Account {
  id: number
  villageId: number
  code: string
  name: string
  parentId: number | null
  level: number
  class: AccountClass
  normalSide: NormalSide
  auxKind: AuxKind | null
  isLeaf: boolean
  /** a first-level account of the official chart */
  standard: boolean
  status: ActiveStatus
}
