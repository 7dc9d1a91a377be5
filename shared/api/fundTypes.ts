import type { AgeBucket } from '../registers/ageing'
import type { RegisterMovement } from './registerTypes'

/**
 * Values of the 资金 registers (bank accounts, the cash limit, 债权债务) and of the small registers of 库存物资,
 * 生物资产 and 长期投资. Amounts are yuan strings with two decimals; quantities and shares decimal text.
 */

export const BANK_NATURES = ['basic', 'special', 'general'] as const
export type BankNature = (typeof BANK_NATURES)[number]
export const BANK_NATURE_LABELS: Record<BankNature, string> = { basic: '基本户', special: '专户', general: '一般户' }

export interface BankAccountRow {
  id: number
  bankName: string
  accountNo: string
  nature: BankNature
  /** the 102 leaf the account is booked on */
  accountId: number
  accountCode: string
  accountName: string
  /** its 银行账户 auxiliary item when the leaf keeps them */
  auxItemId: number | null
  auxItemName: string | null
  openedOn: string
  closedOn: string | null
  /** open at the list's date */
  open: boolean
  /** the books' (posted) balance of the leaf, or of the leaf's item, at the list's date */
  balance: string
  note: string | null
}

/** 库存现金 against its holding limit at a date. */
export interface CashStatus {
  date: string
  /** posted balance of 101 */
  balance: string
  /** null: no limit set for the village */
  limit: string | null
  over: boolean
  /** how much is above the limit ("0.00" when not over) */
  excess: string
  warning: string | null
}

export interface BankAccountList {
  asOf: string
  rows: BankAccountRow[]
  /** Σ balance of the accounts open at the date */
  total: string
  cash: CashStatus
}

export interface BankAccountDetail extends BankAccountRow {
  movements: RegisterMovement[]
}

export type ClaimSide = 'receivable' | 'payable'

export type AgeFigures = Record<AgeBucket, string>

/** One counterparty (or household) of 112/113/211/221 with an open balance at the date. */
export interface ClaimRow {
  side: ClaimSide
  /** 112, 113, 211 or 221 */
  rootCode: string
  accountId: number
  accountCode: string
  accountName: string
  auxItemId: number | null
  /** the auxiliary item's name, or the account's name for a leaf without items */
  counterparty: string
  /** on the row's side: a receivable's debit, a payable's credit */
  balance: string
  ageing: AgeFigures
  /** the last posted line of the item up to the date (null: only the opening balance) */
  lastMovement: string | null
}

export interface ClaimTotals extends AgeFigures {
  balance: string
  count: number
}

export interface ClaimsRegister {
  villageId: number
  date: string
  /** opening balances are aged from this day (the day before the books start): their true age may be greater */
  openingDate: string
  /** 112 and the debit items of 113 */
  receivables: ClaimRow[]
  /** 211, 221 and the credit items of 113 */
  payables: ClaimRow[]
  totals: Record<ClaimSide, ClaimTotals>
}

// —— 库存物资 (121), 生物资产 (131–134), 长期投资 (141) ——

export const INVENTORY_USAGES = ['self', 'others', 'idle'] as const
export type InventoryUsage = (typeof INVENTORY_USAGES)[number]
export const INVENTORY_USAGE_LABELS: Record<InventoryUsage, string> = { self: '村自用', others: '他人使用', idle: '闲置' }

export const BIO_KINDS = ['consumable', 'productive', 'publicWelfare'] as const
export type BioKind = (typeof BIO_KINDS)[number]
export const BIO_KIND_LABELS: Record<BioKind, string> = { consumable: '消耗性', productive: '生产性', publicWelfare: '公益性' }

export const INVESTMENT_KINDS = ['equity', 'debt', 'other'] as const
export type InvestmentKind = (typeof INVESTMENT_KINDS)[number]
export const INVESTMENT_KIND_LABELS: Record<InvestmentKind, string> = { equity: '股权投资', debt: '债权投资', other: '其他投资' }

interface SmallRow {
  id: number
  code: string
  name: string
  accountId: number
  accountCode: string
  note: string | null
}

export interface InventoryRow extends SmallRow {
  spec: string | null
  unit: string | null
  quantity: string
  amount: string
  location: string | null
  keeper: string | null
  usage: InventoryUsage
}

export interface BioAssetRow extends SmallRow {
  kind: BioKind
  category: string | null
  quantity: string
  unit: string | null
  location: string | null
  acquiredOn: string
  originalValue: string
  /** 生产性: depreciation so far (133); others 0 */
  accumulated: string
  netValue: string
  removedOn: string | null
}

export interface InvestmentRow extends SmallRow {
  investee: string
  kind: InvestmentKind
  amount: string
  /** 持股比例 (decimal text, e.g. "0.35") */
  share: string | null
  startedOn: string
  endedOn: string | null
}

export interface SmallRegisterList<R> {
  asOf: string
  rows: R[]
  /** Σ of the book value (amount / original value − accumulated / amount) of the items held at the date */
  total: string
}

export type SmallRegisterItem<R> = R & { movements: RegisterMovement[] }

/** 三资明白台账 workbook written: like a report export. */
export interface RegisterExportResult {
  path: string
  rows: number
  bytes: number
  fingerprint: string
  sheets: string[]
}
