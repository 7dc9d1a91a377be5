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
  /** where the agency database lives */
  dataFile: string
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

/** Amounts at the API are strings of yuan with two decimals ("1680.32"), parsed and summed as integer 分 inside. */
export type Yuan = string

export interface AuxItem {
  id: number
  villageId: number
  kind: AuxKind
  code: string | null
  name: string
  status: ActiveStatus
}

export type VoucherStatus = 'draft' | 'reviewed' | 'posted'
export type VoucherSource = 'manual' | 'import' | 'reversal' | 'carryForward' | 'depreciation' | 'register' | 'campaign'

export interface VoucherLine {
  lineNo: number
  summary: string
  accountId: number
  accountCode: string
  /** full path: 公益支出/文教卫生/社区活动 */
  accountName: string
  auxItemId: number | null
  auxItemName: string | null
  debit: Yuan
  credit: Yuan
}

export interface VoucherSummary {
  id: number
  villageId: number
  period: string
  date: string
  word: string
  number: number | null
  /** 记-0001, or 未记账 */
  label: string
  status: VoucherStatus
  source: VoucherSource
  attachments: number
  summary: string
  total: Yuan
  lineCount: number
  preparedBy: string
  reviewedBy: string | null
  postedBy: string | null
  reversesId: number | null
  reversedById: number | null
}

export interface Voucher extends VoucherSummary {
  lines: VoucherLine[]
  totalInWords: string
  preparedAt: string
  reviewedAt: string | null
  postedAt: string | null
  hash: string | null
}

export interface PeriodState {
  period: string
  closed: boolean
  closedBy: string | null
  closedAt: string | null
  drafts: number
  reviewed: number
  posted: number
}

export type BalanceSide = '借' | '贷' | '平'

export interface TrialBalanceRow {
  accountId: number
  code: string
  name: string
  level: number
  isLeaf: boolean
  auxItemId: number | null
  auxItemName: string | null
  openingDebit: Yuan
  openingCredit: Yuan
  debit: Yuan
  credit: Yuan
  ytdDebit: Yuan
  ytdCredit: Yuan
  closingDebit: Yuan
  closingCredit: Yuan
}

export interface TrialBalance {
  villageId: number
  from: string
  to: string
  level: number
  rows: TrialBalanceRow[]
  totals: Omit<TrialBalanceRow, 'accountId' | 'code' | 'name' | 'level' | 'isLeaf' | 'auxItemId' | 'auxItemName'>
  balanced: boolean
}

export interface LedgerEntry {
  kind: 'opening' | 'line' | 'monthTotal' | 'yearTotal'
  date: string | null
  period: string
  voucherId: number | null
  voucherLabel: string | null
  summary: string
  auxItemName: string | null
  debit: Yuan
  credit: Yuan
  side: BalanceSide
  balance: Yuan
}

export interface AccountLedger {
  villageId: number
  accountId: number
  code: string
  name: string
  from: string
  to: string
  entries: LedgerEntry[]
}

export interface BalanceDifference {
  accountCode: string
  accountName: string
  auxItemId: number
  period: string
  storedDebit: Yuan
  storedCredit: Yuan
  computedDebit: Yuan
  computedCredit: Yuan
}

export interface BalanceVerifyReport {
  ok: boolean
  checkedRows: number
  differences: BalanceDifference[]
}
