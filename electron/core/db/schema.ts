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
  contract: ContractTable
  contract_subject: ContractSubjectTable
  contract_schedule: ContractScheduleTable
  contract_receipt: ContractReceiptTable
  parcel: ParcelTable
  bank_account: BankAccountTable
  village_register_setting: VillageRegisterSettingTable
  inventory_item: InventoryItemTable
  bio_asset: BioAssetTable
  investment: InvestmentTable
  campaign: CampaignTable
  campaign_member: CampaignMemberTable
  campaign_step_log: CampaignStepLogTable
  campaign_snapshot: CampaignSnapshotTable
  campaign_check: CampaignCheckTable
  campaign_cash_count: CampaignCashCountTable
  campaign_bank_rec: CampaignBankRecTable
  campaign_notice: CampaignNoticeTable
  campaign_objection: CampaignObjectionTable
  campaign_confirmation: CampaignConfirmationTable
  campaign_report: CampaignReportTable
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

// —— migration-004-registers.ts ——

export type ContractKind = 'contracting' | 'lease' | 'transfer' | 'sale' | 'construction' | 'purchase' | 'loan'
export type PaymentFrequency = 'monthly' | 'quarterly' | 'halfYearly' | 'yearly' | 'once'

export interface ContractTable {
  id: Generated<number>
  village_id: number
  number: string
  name: string
  kind: ContractKind
  direction: 'receivable' | 'payable'
  party_a: string
  party_b: string
  counterparty_aux_id: number | null
  start_on: string
  end_on: string
  /** the whole term's amount (escalation included) */
  amount: number
  unit_price: number | null
  price_unit: string | null
  /** 年租金(首年) in 分: what the schedule escalates from */
  annual_amount: number | null
  frequency: PaymentFrequency
  escalation_kind: 'none' | 'percent' | 'amount'
  /** basis points for 'percent' (300 = 3%), 分 added to the annual charge for 'amount' */
  escalation_value: number
  escalation_every_months: number | null
  deposit: number
  receivable_account_id: number | null
  resolution_meeting: string | null
  resolution_date: string | null
  resolution_attendance: number | null
  resolution_for: number | null
  resolution_against: number | null
  resolution_abstain: number | null
  resolution_text: string | null
  /** JSON array of attachment names */
  attachments: string
  status: 'active' | 'terminated' | 'completed'
  ended_on: string | null
  note: string | null
  created_at: string
  updated_at: string
}

export interface ContractSubjectTable {
  contract_id: number
  item_kind: 'parcel' | 'asset'
  item_id: number
}

export interface ContractScheduleTable {
  contract_id: number
  seq: number
  due_on: string
  amount: number
  label: string | null
}

export interface ContractReceiptTable {
  id: Generated<number>
  contract_id: number
  date: string
  /** negative: a correction offsetting an earlier receipt */
  amount: number
  voucher_id: number | null
  voucher_line_id: number | null
  note: string | null
  created_by: number
  created_at: string
}

export interface ParcelTable {
  id: Generated<number>
  village_id: number
  code: string
  name: string
  land_class: string
  /** ten-thousandths of a 亩 */
  area: number
  location: string | null
  east: string | null
  south: string | null
  west: string | null
  north: string | null
  parcel_no: string | null
  certificate_no: string | null
  ownership: 'village' | 'group'
  owner_name: string | null
  use_status: 'selfRun' | 'contracted' | 'leased' | 'idle' | 'household' | 'other'
  user_name: string | null
  removed_on: string | null
  removal_reason: string | null
  note: string | null
  created_at: string
  updated_at: string
}

export interface BankAccountTable {
  id: Generated<number>
  village_id: number
  bank_name: string
  account_no: string
  nature: 'basic' | 'special' | 'general'
  account_id: number
  aux_item_id: number | null
  opened_on: string
  closed_on: string | null
  note: string | null
  created_at: string
  updated_at: string
}

export interface VillageRegisterSettingTable {
  village_id: number
  cash_limit: number
  updated_at: string
}

export interface InventoryItemTable {
  id: Generated<number>
  village_id: number
  code: string
  name: string
  spec: string | null
  unit: string | null
  quantity: string
  amount: number
  location: string | null
  keeper: string | null
  usage: 'self' | 'others' | 'idle'
  account_id: number
  note: string | null
  created_at: string
  updated_at: string
}

export interface BioAssetTable {
  id: Generated<number>
  village_id: number
  code: string
  name: string
  kind: 'consumable' | 'productive' | 'publicWelfare'
  category: string | null
  quantity: string
  unit: string | null
  location: string | null
  acquired_on: string
  original_value: number
  accumulated: number
  account_id: number
  removed_on: string | null
  note: string | null
  created_at: string
  updated_at: string
}

export interface InvestmentTable {
  id: Generated<number>
  village_id: number
  code: string
  name: string
  investee: string
  kind: 'equity' | 'debt' | 'other'
  amount: number
  share: string | null
  started_on: string
  account_id: number
  ended_on: string | null
  note: string | null
  created_at: string
  updated_at: string
}

// —— 清产核资 (migration-005-campaign.ts) ——

export type CampaignStep = 'snapshot' | 'registration' | 'verification' | 'notice' | 'confirmation' | 'report'
export type CampaignItemKind = 'asset' | 'parcel' | 'contract' | 'bankAccount' | 'inventory' | 'bioAsset' | 'investment'

export interface CampaignTable {
  id: Generated<number>
  village_id: number
  as_of: string
  status: 'open' | 'reported'
  step: CampaignStep
  snapshot_take: number | null
  locked: 0 | 1
  note: string | null
  created_by: number
  created_at: string
  updated_at: string
}

export interface CampaignMemberTable {
  id: Generated<number>
  campaign_id: number
  name: string
  unit: 'commission' | 'financeBureau' | 'agency' | 'village'
  role: string
  created_at: string
}

export interface CampaignStepLogTable {
  id: Generated<number>
  campaign_id: number
  seq: number
  direction: 'start' | 'forward' | 'back'
  from_step: CampaignStep | null
  to_step: CampaignStep
  reason: string | null
  user_id: number
  at: string
}

export interface CampaignSnapshotTable {
  id: Generated<number>
  campaign_id: number
  take: number
  kind: 'account' | CampaignItemKind
  item_id: number
  aux_item_id: number
  code: string
  label: string
  amount: number | null
  quantity: string | null
  unit: string | null
  detail: string | null
  taken_by: number
  taken_at: string
}

export interface CampaignCheckTable {
  id: Generated<number>
  campaign_id: number
  snapshot_id: number | null
  take: number
  result: 'found' | 'missing' | 'surplus'
  kind: 'account' | CampaignItemKind
  label: string | null
  verified_amount: number | null
  verified_quantity: string | null
  unit: string | null
  difference: number | null
  reason: string | null
  opinion: string | null
  evidence: string | null
  note: string | null
  marked_by: number
  marked_at: string
  verified_by: number | null
  verified_at: string | null
  adjust_voucher_id: number | null
  /** 登记 of an item found (migration 6) */
  condition: 'good' | 'damaged' | 'idle' | null
  /** 核实 of a claim or debt: the counterparty's reply (migration 6) */
  reply: 'agreed' | 'disagreed' | 'noReply' | null
}

export interface CampaignCashCountTable {
  id: Generated<number>
  campaign_id: number
  take: number
  snapshot_id: number
  counted_on: string
  /** JSON CountEntry[] */
  counts: string
  /** JSON UnbookedItem[] */
  receipts_not_booked: string
  payments_not_booked: string
  book_balance: number
  counted: number
  adjusted_book: number
  difference: number
  cashier: string
  supervisor: string
  chief: string
  created_by: number
  created_at: string
}

export interface CampaignBankRecTable {
  id: Generated<number>
  campaign_id: number
  snapshot_id: number
  period: string
  file_name: string
  account_number: string | null
  book_adjusted: number
  statement_adjusted: number
  agrees: 0 | 1
  /** JSON: the 调节表 and the unmatched items on each side */
  result: string
  created_by: number
  created_at: string
}

// —— 清产核资 公示、确认、上报 (migration-006-campaign-closeout.ts) ——

export interface CampaignNoticeTable {
  id: Generated<number>
  campaign_id: number
  /** the step-log seq of the entry into 公示 this notice belongs to */
  round: number
  display_from: string
  display_to: string
  days: number
  place: string
  posted_by: number
  posted_at: string
}

export interface CampaignObjectionTable {
  id: Generated<number>
  campaign_id: number
  round: number
  received_on: string
  from_name: string
  content: string
  recorded_by: number
  recorded_at: string
  resolution: string | null
  resolved_by: number | null
  resolved_at: string | null
}

export interface CampaignConfirmationTable {
  id: Generated<number>
  campaign_id: number
  /** the step-log seq of the entry into 确认 */
  round: number
  body: 'financeGroup' | 'representatives'
  meeting_on: string
  /** JSON string[] */
  attendees: string
  resolution: string
  recorded_by: number
  recorded_at: string
}

export interface CampaignReportTable {
  id: Generated<number>
  campaign_id: number
  version: number
  take: number
  fingerprint: string
  file_name: string
  /** the workbook as reported */
  content: Buffer
  rows: number
  reported_by: number
  reported_at: string
  reopened_by: number | null
  reopened_at: string | null
  reopen_reason: string | null
}
