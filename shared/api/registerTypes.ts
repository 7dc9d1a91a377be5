import type { AssetNature, MovementKind } from '../registers/assets'
import type { AssetStatus, DepreciationMethod, NoChargeReason } from '../registers/depreciation'
import type { ImportResultBase } from './types'

/** Values of the register API: amounts are yuan strings with two decimals, like the ledger's. */

/** One fixed-asset card as listed (state as of `asOf` when asked). */
export interface AssetRow {
  id: number
  code: string
  name: string
  category: string
  nature: AssetNature
  spec: string | null
  unit: string | null
  quantity: string
  location: string | null
  custodian: string | null
  acquisitionMode: string
  fundSource: string
  acquiredOn: string
  originalValue: string
  usefulLifeMonths: number
  salvageRate: string
  method: DepreciationMethod
  monthlyCharge: string
  /** accumulated depreciation: the card's opening figure plus every run up to the date */
  accumulated: string
  netValue: string
  status: AssetStatus
  certificateNo: string | null
  buildingArea: string | null
  landArea: string | null
  assetAccount: string
  accumulatedAccount: string
  expenseAccount: string
  disposedOn: string | null
  disposalMode: string | null
  note: string | null
}

export interface AssetList {
  asOf: string
  rows: AssetRow[]
  total: number
  totals: { originalValue: string; accumulated: string; netValue: string }
}

export interface RegisterMovement {
  id: number
  date: string
  kind: MovementKind
  /** field label → [from, to] in display form */
  changes: Record<string, [string | null, string | null]>
  amount: string | null
  voucherId: number | null
  voucherLabel: string | null
  operator: string
  note: string | null
  createdAt: string
}

export interface AssetCard extends AssetRow {
  assetAccountId: number
  accumulatedAccountId: number
  expenseAccountId: number
  openingAccumulated: string
  movements: RegisterMovement[]
  /** depreciation charged, by period (newest first) */
  depreciation: { period: string; amount: string; voucherId: number | null; voucherLabel: string | null }[]
}

/** The result of an asset write: the card, and the draft voucher it produced if any. */
export interface AssetWriteResult {
  asset: AssetCard
  voucherId: number | null
}

export interface DepreciationPreviewLine {
  assetId: number
  code: string
  name: string
  amount: string
  /** why nothing is charged (null when something is) */
  reason: NoChargeReason
  expenseAccount: string
  accumulatedAccount: string
}

export interface DepreciationPreview {
  period: string
  lines: DepreciationPreviewLine[]
  /** the voucher the run will draft: debit per expense account, credit per accumulated-depreciation account */
  entries: { accountCode: string; accountName: string; debit: string; credit: string }[]
  total: string
  charged: number
  /** a run already made for this period, if any */
  existingRun: DepreciationRun | null
}

export interface DepreciationRun {
  id: number
  period: string
  total: string
  assets: number
  voucherId: number | null
  voucherLabel: string | null
  status: 'active' | 'cancelled'
  createdBy: string
  createdAt: string
}

export interface AssetImportResult extends ImportResultBase {
  kind: 'assets'
  cards: number
  originalValue: string
  accumulated: string
  /** the accumulated depreciation of the file is as of the end of this month (the last run, or the books' start) */
  accumulatedAsOf: string
  preview: { code: string; name: string; originalValue: string; accumulated: string; monthlyCharge: string }[]
}

/** One check of registers against the books (issue 4 §6). */
export interface ReconcileCheck {
  key: string
  title: string
  register: string
  books: string
  difference: string
  ok: boolean
  note: string | null
}

export interface ReconcileReport {
  villageId: number
  date: string
  checks: ReconcileCheck[]
  ok: boolean
}

/** A written import template (导入模板). */
export interface ImportTemplateResult {
  path: string
  bytes: number
}
