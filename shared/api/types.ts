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
  /** posted vouchers against their sealed fingerprints and the audit chain */
  vouchers: { ok: boolean; checked: number; problems: string[] }
  /** the balance table against the posted lines */
  balances: { ok: boolean; differences: number }
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
  /** ids of the hands, for the rules (制单 ≠ 审核; only the preparer edits a draft) */
  preparedById: number
  reviewedBy: string | null
  reviewedById: number | null
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
  /** the entries asked for: the whole book, or `limit` of them from `offset` (the running balance is the book's) */
  entries: LedgerEntry[]
  /** index of entries[0] in the whole book */
  offset: number
  /** entries of the whole book: the opening, every line, 本月合计 and 本年累计 of each month */
  total: number
  /** the whole range, whatever page was asked for */
  summary: LedgerSummary
}

/** 区级汇总: one village's 科目余额表 row (no auxiliary rows) */
export interface DistrictSummaryRow extends Omit<TrialBalanceRow, 'auxItemId' | 'auxItemName'> {
  villageId: number
  villageCode: string
  villageName: string
}

export interface DistrictSummary {
  from: string
  to: string
  level: number
  chartVersion: ChartVersion
  /** the villages summed: those the user may see (or chose), of this chart version, by code */
  villages: { villageId: number; code: string; name: string }[]
  /** village by village, each account down to `level` with a balance or activity, as its trial balance shows it */
  rows: DistrictSummaryRow[]
  /** the district: every first-level account summed over the villages */
  totals: (Pick<TrialBalanceRow, 'code' | 'name'> & Omit<TrialBalanceRow, 'accountId' | 'code' | 'name' | 'level' | 'isLeaf' | 'auxItemId' | 'auxItemName'>)[]
}

export interface LedgerSummary {
  /** posted lines in the range */
  lines: number
  openingSide: BalanceSide
  opening: Yuan
  debit: Yuan
  credit: Yuan
  closingSide: BalanceSide
  closing: Yuan
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

// —— 报表与账簿 ——

/** Every report carries the village and a SHA-256 of its figures; the same fingerprint is printed in its export. */
export interface ReportHeader {
  villageId: number
  villageCode: string
  villageName: string
  /** YYYY-MM (statements and books) */
  from: string
  to: string
  /** SHA-256 (hex) of the figures: equal figures give an equal fingerprint */
  fingerprint: string
}

export type StatementKind = 'balanceSheet' | 'incomeStatement'

export interface StatementColumn {
  key: string
  label: string
  /** the months the column reads: balances before `from` or after `to`, activity in between */
  from: string
  to: string
}

export interface StatementRow {
  /** 行次; null on a heading such as 流动资产： */
  line: number | null
  label: string
  indent: number
  bold: boolean
  /** left (资产) or right (负债和所有者权益) half of a two-sided form; null on one-sided forms */
  part: 'left' | 'right' | null
  /** one amount per column; null on headings */
  values: (Yuan | null)[]
  formula: string | null
  note: string | null
  /** the first-level accounts the row reads, for drill-down to 明细账 */
  accounts: { accountId: number; code: string; name: string }[]
}

export interface StatementCheck {
  label: string
  /** column label, e.g. 期末数 */
  column: string
  left: Yuan
  right: Yuan
  ok: boolean
}

export interface Statement extends ReportHeader {
  kind: StatementKind
  templateId: string
  title: string
  /** which system and which unconfirmed points the layout rests on */
  basis: string
  chartVersion: ChartVersion
  /** 2024年12月31日 (balance sheet) or 2024年1—12月 (income statement) */
  dateLabel: string
  columns: StatementColumn[]
  parts: { key: 'left' | 'right'; heading: string }[]
  rows: StatementRow[]
  /** 勾稽关系 per column; a failed one is shown, never hidden */
  checks: StatementCheck[]
  ok: boolean
}

/** 收支明细表: income and expense items (usually 2nd-level accounts) with 本月（本期）数 and 本年累计数 */
export interface IncomeExpenseRow {
  kind: 'heading' | 'account' | 'total'
  accountId: number | null
  code: string | null
  name: string
  level: number
  current: Yuan | null
  ytd: Yuan | null
}

export interface IncomeExpenseDetail extends ReportHeader {
  level: number
  /** 本月数, or 本期数 over several months */
  currentLabel: string
  rows: IncomeExpenseRow[]
}

/** 总账: per account the opening, and per month 本月合计 and 本年累计 with the balance */
export interface GeneralLedgerEntry {
  kind: 'opening' | 'monthTotal' | 'yearTotal'
  period: string
  date: string | null
  summary: string
  debit: Yuan
  credit: Yuan
  side: BalanceSide
  balance: Yuan
}

export interface GeneralLedgerAccount {
  accountId: number
  code: string
  name: string
  entries: GeneralLedgerEntry[]
}

export interface GeneralLedger extends ReportHeader {
  accounts: GeneralLedgerAccount[]
}

/** 现金日记账 / 银行存款日记账 line: in date order, with 对方科目, running balance and 本日合计 */
export interface JournalEntry {
  kind: 'opening' | 'line' | 'dayTotal' | 'monthTotal' | 'yearTotal'
  date: string | null
  period: string
  voucherId: number | null
  voucherLabel: string | null
  summary: string
  /** the other accounts of the voucher (对方科目) */
  counterAccount: string | null
  debit: Yuan
  credit: Yuan
  side: BalanceSide
  balance: Yuan
}

export interface Journal {
  accountId: number
  code: string
  /** 银行存款/农商行基本户 */
  name: string
  auxItemId: number | null
  auxItemName: string | null
  entries: JournalEntry[]
}

export interface JournalBook extends ReportHeader {
  kind: 'cash' | 'bank'
  journals: Journal[]
}

/** 往来余额表 row: one counterparty (leaf account × auxiliary item), or a first-level subtotal */
export interface CounterpartyBalanceRow {
  kind: 'item' | 'subtotal'
  accountId: number
  code: string
  accountName: string
  auxItemId: number | null
  counterparty: string
  openingSide: BalanceSide
  opening: Yuan
  debit: Yuan
  credit: Yuan
  closingSide: BalanceSide
  closing: Yuan
}

export interface CounterpartySummary extends ReportHeader {
  rows: CounterpartyBalanceRow[]
}

export interface CounterpartyAccountLedger {
  accountId: number
  code: string
  accountName: string
  auxItemId: number | null
  counterparty: string
  entries: LedgerEntry[]
}

export interface CounterpartyLedger extends ReportHeader {
  ledgers: CounterpartyAccountLedger[]
}

/** 科目汇总表 */
export interface AccountSummaryRow {
  accountId: number
  code: string
  name: string
  level: number
  debit: Yuan
  credit: Yuan
}

export interface VoucherRange {
  period: string
  word: string
  first: string
  last: string
  count: number
}

export interface AccountSummary extends ReportHeader {
  fromDate: string
  toDate: string
  level: number
  voucherCount: number
  /** 凭证起止号 per month and word */
  voucherRanges: VoucherRange[]
  rows: AccountSummaryRow[]
  totals: { debit: Yuan; credit: Yuan }
  balanced: boolean
}

export type ReportName =
  | 'trialBalance'
  | 'balanceSheet'
  | 'incomeStatement'
  | 'incomeExpenseDetail'
  | 'generalLedger'
  | 'ledger'
  | 'cashJournal'
  | 'bankJournal'
  | 'counterpartySummary'
  | 'counterpartyLedger'
  | 'accountSummary'

export interface ReportExportResult {
  path: string
  /** data rows written */
  rows: number
  bytes: number
  fingerprint: string
}

// —— 期初余额与导入 ——

/** One opening balance (期初余额) of a leaf account, per auxiliary item; `amount` is on `side`. */
export interface OpeningRow {
  accountId: number
  code: string
  name: string
  /** full path: 应收款/应收单位款项 */
  path: string
  isLeaf: boolean
  auxKind: AuxKind | null
  auxItemId: number | null
  auxItemName: string | null
  side: '借' | '贷'
  amount: Yuan
  debit: Yuan
  credit: Yuan
}

export interface OpeningProblem {
  severity: 'error' | 'warning'
  accountCode: string | null
  auxItemName: string | null
  message: string
}

/** 期初试算: Σ借 = Σ贷, and every row on a leaf account with the auxiliary item it needs. */
export interface OpeningCheck {
  balanced: boolean
  totals: { debit: Yuan; credit: Yuan; difference: Yuan }
  rows: number
  problems: OpeningProblem[]
}

export interface OpeningBalances {
  villageId: number
  startPeriod: string
  /** once a voucher is posted the opening balances can no longer change */
  locked: boolean
  rows: OpeningRow[]
  check: OpeningCheck
}

export type ImportKind = 'vouchers' | 'opening' | 'chart' | 'assets' | 'resources' | 'contracts'

/** One problem of an import file, located as Excel shows it: sheet, row (1-based) and column letter(s). */
export interface ImportIssue {
  sheet: string | null
  row: number | null
  /** F, or F:G for a pair of columns */
  column: string | null
  /** the column's name in our template: 借方金额 */
  columnName: string | null
  message: string
}

export interface ImportResultBase {
  kind: ImportKind
  fileName: string
  sha256: string
  format: 'xlsx' | 'csv' | null
  /** CSV only: UTF-8, UTF-8（带 BOM）or GBK */
  encoding: string | null
  sheet: string | null
  headerRow: number | null
  /** false: a preview, nothing was written */
  committed: boolean
  batchId: number | null
  /** the first problems (all of them up to a cap); an import with any problem writes nothing */
  errors: ImportIssue[]
  errorCount: number
  notices: string[]
}

export interface VoucherImportPeriod {
  period: string
  vouchers: number
  lines: number
  debit: Yuan
}

export interface VoucherImportSample {
  row: number
  date: string
  /** as in the file: 记-0001 */
  fileNumber: string
  summary: string
  lines: number
  total: Yuan
}

export interface VoucherImportResult extends ImportResultBase {
  kind: 'vouchers'
  vouchers: number
  lines: number
  debit: Yuan
  credit: Yuan
  firstDate: string | null
  lastDate: string | null
  periods: VoucherImportPeriod[]
  /** counterparties, households, projects and bank accounts the import names for the first time */
  newAuxItems: number
  sample: VoucherImportSample[]
  /** the drafts made, when committed (ids are consecutive, in file order) */
  firstVoucherId: number | null
  lastVoucherId: number | null
}

export interface OpeningImportResult extends ImportResultBase {
  kind: 'opening'
  rows: number
  debit: Yuan
  credit: Yuan
  balanced: boolean
  newAuxItems: number
  /** opening rows there were before (the import replaces them all) */
  replaced: number
}

export interface ChartImportResult extends ImportResultBase {
  kind: 'chart'
  /** rows of the file */
  accounts: number
  created: number
  /** already in the chart with the same name and auxiliary kind */
  unchanged: number
  createdCodes: string[]
}
