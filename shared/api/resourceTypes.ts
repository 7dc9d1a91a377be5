import type { ContractDirection, ContractKind, ContractStatus, Frequency } from '../registers/contracts'
import type { Ownership, UseStatus } from '../registers/parcels'
import type { RegisterMovement } from './registerTypes'
import type { ImportResultBase } from './types'

/** Values of the 资源 and 合同 registers: amounts are yuan strings with two decimals, areas decimal 亩 text. */

/** A contract in force over a parcel or an asset, as the register shows it beside the item. */
export interface ContractRef {
  id: number
  number: string
  partyB: string
  startOn: string
  endOn: string
}

export interface ParcelRow {
  id: number
  code: string
  name: string
  landClass: string
  /** 亩, up to 4 decimals: "193.1521" */
  area: string
  location: string | null
  east: string | null
  south: string | null
  west: string | null
  north: string | null
  parcelNo: string | null
  certificateNo: string | null
  ownership: Ownership
  ownerName: string | null
  useStatus: UseStatus
  userName: string | null
  /** contracts in force at the date that cover the parcel */
  contracts: ContractRef[]
  removedOn: string | null
  removalReason: string | null
  note: string | null
}

export interface ParcelList {
  asOf: string
  rows: ParcelRow[]
  total: number
  /** Σ area of the listed parcels, and by use status */
  totalArea: string
  areaByStatus: Partial<Record<UseStatus, string>>
}

export interface ParcelDetail extends ParcelRow {
  movements: RegisterMovement[]
}

export interface EscalationValue {
  kind: 'none' | 'percent' | 'amount'
  /** percent ("3") or yuan ("1000.00"); null for none */
  value: string | null
  everyMonths: number | null
  /** 每年递增3% */
  text: string
}

export interface ContractSubjectRef {
  kind: 'parcel' | 'asset'
  id: number
  code: string
  name: string
}

export interface ContractRow {
  id: number
  number: string
  name: string
  kind: ContractKind
  direction: ContractDirection
  partyA: string
  partyB: string
  counterpartyAuxId: number | null
  counterparty: string | null
  startOn: string
  endOn: string
  amount: string
  unitPrice: string | null
  priceUnit: string | null
  annualAmount: string | null
  frequency: Frequency
  escalation: EscalationValue
  deposit: string
  status: ContractStatus
  endedOn: string | null
  subjects: ContractSubjectRef[]
  /** as of the list's date: Σ instalments due, Σ receipts, and what is overdue */
  due: string
  received: string
  outstanding: string
}

export interface ContractList {
  asOf: string
  rows: ContractRow[]
  total: number
  totals: { amount: string; due: string; received: string; outstanding: string }
}

export interface ScheduleInstalment {
  seq: number
  dueOn: string
  amount: string
  label: string | null
  /** paid by the receipts so far, oldest instalments first */
  paid: string
}

export interface ContractReceipt {
  id: number
  date: string
  amount: string
  voucherId: number | null
  voucherLabel: string | null
  voucherLineId: number | null
  summary: string | null
  note: string | null
  createdBy: string
  createdAt: string
}

export interface ContractDetail extends ContractRow {
  receivableAccountId: number | null
  resolution: {
    meeting: string | null
    date: string | null
    attendance: number | null
    votesFor: number | null
    votesAgainst: number | null
    abstentions: number | null
    text: string | null
  }
  attachments: string[]
  note: string | null
  schedule: ScheduleInstalment[]
  receipts: ContractReceipt[]
  movements: RegisterMovement[]
}

export interface SchedulePreview {
  instalments: { seq: number; dueOn: string; amount: string; label: string | null }[]
  total: string
  /** the contract amount asked for, and how far the generated total is from it (0.00: it fits) */
  amount: string
  difference: string
  fits: boolean
}

/** One posted voucher line found to be (or recorded as) a receipt of a contract. */
export interface ReceiptMatch {
  contractId: number
  number: string
  voucherId: number
  voucherLabel: string
  voucherLineId: number
  date: string
  amount: string
  summary: string
  /** how it was found: the counterparty's 112/113 line, or the contract named in the summary of a cash receipt */
  rule: 'counterparty' | 'summary'
}

export interface MatchResult {
  matches: ReceiptMatch[]
  committed: boolean
  total: string
}

export interface OverdueContract {
  contractId: number
  number: string
  name: string
  partyB: string
  counterpartyAuxId: number | null
  due: string
  received: string
  overdue: string
  /** the due date of the oldest instalment not fully paid */
  since: string
  days: number
  instalments: number
}

export interface OverdueCounterparty {
  partyB: string
  counterpartyAuxId: number | null
  contracts: number
  overdue: string
  since: string
}

export interface ExpiringContract {
  contractId: number
  number: string
  name: string
  partyB: string
  endOn: string
  daysLeft: number
  /** the tightest of the 30/60/90-day windows it falls in */
  within: 30 | 60 | 90
}

export interface UnsignedItem {
  itemKind: 'parcel' | 'asset'
  itemId: number
  code: string
  name: string
  /** 发包 / 出租 / 出借 */
  status: string
  userName: string | null
  /** no contract at all covers it, or the last one ended (or has not begun) */
  reason: 'noContract' | 'expired' | 'notStarted'
  lastContract: ContractRef | null
}

export interface RegisterAlerts {
  asOf: string
  overdue: { contracts: OverdueContract[]; counterparties: OverdueCounterparty[]; total: string }
  expiring: ExpiringContract[]
  unsigned: UnsignedItem[]
}

export interface ResourceImportResult extends ImportResultBase {
  kind: 'resources'
  parcels: number
  totalArea: string
  preview: { code: string; name: string; landClass: string; area: string; useStatus: UseStatus; userName: string | null }[]
}

export interface ContractImportResult extends ImportResultBase {
  kind: 'contracts'
  contracts: number
  amount: string
  /** contracts whose 合同金额 the schedule generated from 年租金(首年) and 递增 does not reproduce: the last instalment absorbs the difference */
  adjusted: { number: string; generated: string; amount: string; difference: string }[]
  /** receipts found in the posted books (recorded when committed) and the 已收金额 left as received before the books */
  matched: string
  openingReceived: string
  preview: { number: string; name: string; partyB: string; amount: string; instalments: number; received: string }[]
}
