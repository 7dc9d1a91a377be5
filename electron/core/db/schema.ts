import type { Generated } from 'kysely'

/** Kysely's view of the agency database (one file, every village's books inside). */
export interface AgencyTable {
  id: number
  name: string
  district: string
  created_at: string
  updated_at: string
}

export interface VillageTable {
  id: Generated<number>
  code: string
  name: string
  uscc: string | null
  level: 'village' | 'group'
  parent_id: number | null
  chart_version: '2023' | '2004'
  start_period: string
  contact_person: string | null
  contact_phone: string | null
  address: string | null
  status: 'active' | 'disabled'
  created_at: string
  updated_at: string
}

export interface AppUserTable {
  id: Generated<number>
  username: string
  display_name: string
  role: 'admin' | 'supervisor' | 'bookkeeper' | 'cashier' | 'reviewer' | 'auditor'
  password_hash: string
  all_villages: number
  status: 'active' | 'disabled'
  failed_sign_ins: number
  locked_until: string | null
  created_at: string
  updated_at: string
  last_sign_in_at: string | null
}

export interface UserVillageTable {
  user_id: number
  village_id: number
}

export interface AuditLogTable {
  seq: number
  at: string
  user_id: number | null
  user_name: string
  method: string
  village_id: number | null
  summary: string
  prev_hash: string
  hash: string
}

export type AuxKindColumn = 'counterparty' | 'household' | 'project' | 'bank'

export interface AccountTable {
  id: Generated<number>
  village_id: number
  code: string
  name: string
  parent_id: number | null
  level: number
  class: 'asset' | 'liability' | 'equity' | 'cost' | 'profitLoss'
  normal_side: 'debit' | 'credit' | 'both'
  aux_kind: AuxKindColumn | null
  is_leaf: number
  standard: number
  status: 'active' | 'disabled'
  created_at: string
  updated_at: string
}

export interface AuxItemTable {
  id: Generated<number>
  village_id: number
  kind: AuxKindColumn
  code: string | null
  name: string
  status: 'active' | 'disabled'
  created_at: string
}

export interface OpeningBalanceTable {
  village_id: number
  account_id: number
  /** 0 = no auxiliary item */
  aux_item_id: number
  /** debit positive */
  amount: number
}

export interface ImportBatchTable {
  id: Generated<number>
  village_id: number
  kind: 'vouchers' | 'opening' | 'chart' | 'assets' | 'resources' | 'contracts' | 'bank'
  file_name: string
  sha256: string
  rows: number
  created_by: number
  created_at: string
}

export type VoucherStatus = 'draft' | 'reviewed' | 'posted'
export type VoucherSource = 'manual' | 'import' | 'reversal' | 'carryForward' | 'depreciation' | 'register' | 'campaign'

export interface VoucherTable {
  id: Generated<number>
  village_id: number
  period: string
  date: string
  word: string
  number: number | null
  status: VoucherStatus
  attachments: number
  source: VoucherSource
  reverses_id: number | null
  import_batch_id: number | null
  total: number
  prepared_by: number
  prepared_at: string
  reviewed_by: number | null
  reviewed_at: string | null
  posted_by: number | null
  posted_at: string | null
  hash: string | null
}

export interface VoucherLineTable {
  id: Generated<number>
  voucher_id: number
  line_no: number
  period: string
  summary: string
  account_id: number
  aux_item_id: number | null
  debit: number
  credit: number
}

export interface PeriodCloseTable {
  village_id: number
  period: string
  closed_by: number
  closed_at: string
}

export interface BalanceTable {
  village_id: number
  account_id: number
  aux_item_id: number
  period: string
  debit: number
  credit: number
}

export interface Database {
  agency: AgencyTable
  village: VillageTable
  app_user: AppUserTable
  user_village: UserVillageTable
  audit_log: AuditLogTable
  account: AccountTable
  aux_item: AuxItemTable
  opening_balance: OpeningBalanceTable
  import_batch: ImportBatchTable
  voucher: VoucherTable
  voucher_line: VoucherLineTable
  period_close: PeriodCloseTable
  balance: BalanceTable
  asset: AssetTable
  depreciation_run: DepreciationRunTable
  depreciation_line: DepreciationLineTable
  register_movement: RegisterMovementTable
}

// —— 三资台账 (migration-003-registers.ts) ——

export interface AssetTable {
  id: Generated<number>
  village_id: number
  code: string
  name: string
  category: string
  nature: 'operating' | 'nonOperating' | 'publicWelfare'
  spec: string | null
  unit: string | null
  /** canonical decimal text */
  quantity: string
  location: string | null
  custodian: string | null
  acquisition_mode: string
  fund_source: string
  acquired_on: string
  original_value: number
  useful_life_months: number
  /** canonical decimal text, 0 ≤ rate < 1 */
  salvage_rate: string
  method: 'straightLine' | 'none'
  status: 'inUse' | 'leased' | 'lent' | 'contracted' | 'idle' | 'scrapped'
  certificate_no: string | null
  building_area: string | null
  land_area: string | null
  asset_account_id: number
  accumulated_account_id: number
  expense_account_id: number
  /** accumulated depreciation when the card entered the books (建卡) */
  opening_accumulated: number
  /** Σ of the card's lines in active depreciation runs, kept in the run's transaction */
  depreciated: number
  disposed_on: string | null
  disposal_mode: string | null
  note: string | null
  created_at: string
  updated_at: string
}

export interface DepreciationRunTable {
  id: Generated<number>
  village_id: number
  period: string
  voucher_id: number | null
  total: number
  assets: number
  status: 'active' | 'cancelled'
  created_by: number
  created_at: string
  cancelled_by: number | null
  cancelled_at: string | null
}

export interface DepreciationLineTable {
  run_id: number
  asset_id: number
  amount: number
}

export type RegisterItemKind = 'asset' | 'parcel' | 'contract' | 'inventory' | 'bankAccount' | 'bioAsset' | 'investment'

export interface RegisterMovementTable {
  id: Generated<number>
  village_id: number
  item_kind: RegisterItemKind
  item_id: number
  date: string
  kind: string
  /** JSON object: field → [from, to] in stored form */
  changes: string
  amount: number | null
  voucher_id: number | null
  operator_id: number
  note: string | null
  created_at: string
}
