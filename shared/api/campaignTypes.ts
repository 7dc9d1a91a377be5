import type { Yuan } from './types'

/** 清查 (campaign): the six steps in order, the team's units, and the result types of the campaign methods. */
export const CAMPAIGN_STEPS = ['snapshot', 'registration', 'verification', 'notice', 'confirmation', 'report'] as const
export type CampaignStep = (typeof CAMPAIGN_STEPS)[number]
export const CAMPAIGN_STEP_LABELS: Record<CampaignStep, string> = {
  snapshot: '清理',
  registration: '登记',
  verification: '核实',
  notice: '公示',
  confirmation: '确认',
  report: '上报',
}

export const MEMBER_UNITS = ['commission', 'financeBureau', 'agency', 'village'] as const
export type MemberUnit = (typeof MEMBER_UNITS)[number]
export const MEMBER_UNIT_LABELS: Record<MemberUnit, string> = {
  commission: '区纪工委',
  financeBureau: '财政分局',
  agency: '会计代理服务中心',
  village: '村',
}

/** the register items a snapshot holds beside the account balances */
export const SNAPSHOT_ITEM_KINDS = ['asset', 'parcel', 'contract', 'bankAccount', 'inventory', 'bioAsset', 'investment'] as const
export type SnapshotItemKind = (typeof SNAPSHOT_ITEM_KINDS)[number]
export type SnapshotKind = 'account' | SnapshotItemKind
export const SNAPSHOT_KIND_LABELS: Record<SnapshotKind, string> = {
  account: '科目余额',
  asset: '固定资产',
  parcel: '资源',
  contract: '合同',
  bankAccount: '银行账户',
  inventory: '库存物资',
  bioAsset: '生物资产',
  investment: '长期投资',
}

export type CheckResult = 'found' | 'missing' | 'surplus'

/** 登记: the condition of an item found */
export const ITEM_CONDITIONS = ['good', 'damaged', 'idle'] as const
export type ItemCondition = (typeof ITEM_CONDITIONS)[number]
export const ITEM_CONDITION_LABELS: Record<ItemCondition, string> = { good: '完好', damaged: '损坏', idle: '闲置' }

/** 核实 of claims and debts: the counterparty's reply to the 询证函 */
export const COUNTERPARTY_REPLIES = ['agreed', 'disagreed', 'noReply'] as const
export type CounterpartyReply = (typeof COUNTERPARTY_REPLIES)[number]
export const COUNTERPARTY_REPLY_LABELS: Record<CounterpartyReply, string> = { agreed: '对方确认相符', disagreed: '对方确认不符', noReply: '未回函' }
/** the accounts whose balances are confirmed with their counterparties: 应收款, 内部往来, 应付款, 长期借款及应付款 */
export const CLAIM_DEBT_PREFIXES = ['112', '113', '211', '221'] as const
export const isClaimOrDebt = (code: string) => CLAIM_DEBT_PREFIXES.some((p) => code.startsWith(p))

export interface CampaignMember {
  name: string
  unit: MemberUnit
  role: string
}

export interface CampaignStepEntry {
  seq: number
  direction: 'start' | 'forward' | 'back'
  from: CampaignStep | null
  to: CampaignStep
  reason: string | null
  userName: string
  at: string
}

export interface CampaignSummary {
  id: number
  villageId: number
  villageName: string
  asOf: string
  status: 'open' | 'reported'
  step: CampaignStep
  stepLabel: string
  locked: boolean
  createdBy: string
  createdAt: string
  updatedAt: string
}

export interface SnapshotRow {
  id: number
  kind: SnapshotKind
  itemId: number
  auxItemId: number | null
  code: string
  label: string
  /** 账面数: the account's debit-positive balance, or the item's book value */
  amount: Yuan | null
  /** area (亩) of a parcel, the quantity of an asset, inventory or bio asset */
  quantity: string | null
  unit: string | null
  detail: Record<string, unknown> | null
  check: { result: CheckResult; condition: ItemCondition | null; note: string | null; markedBy: string; markedAt: string } | null
  /** 核实数 beside the 账面数, when recorded */
  verification: Verification | null
}

/** 核实: the verified figure, its difference from the book figure (核实数 − 账面数), the reason and 处理意见. */
export interface Verification {
  amount: Yuan | null
  quantity: string | null
  /** in 元, exact to the 分 */
  difference: Yuan | null
  /** in the row's unit (亩 for parcels), exact to the stored places */
  quantityDifference: string | null
  reason: string | null
  opinion: string | null
  /** claims and debts: the counterparty's reply */
  reply: CounterpartyReply | null
  verifiedBy: string
  verifiedAt: string
}

/** The saved 现金盘点表 of the campaign. */
export interface CashCountRecord {
  countedOn: string
  counted: Yuan
  bookBalance: Yuan
  receiptsNotBooked: Yuan
  paymentsNotBooked: Yuan
  adjustedBook: Yuan
  difference: Yuan
  resultText: string
  cashier: string
  supervisor: string
  chief: string
  /** what was entered, so the form reopens with it */
  entries: {
    counts: { value: Yuan; form: 'note' | 'coin'; count: number }[]
    receipts: { date: string; summary: string; amount: Yuan }[]
    payments: { date: string; summary: string; amount: Yuan }[]
  }
}

/** The saved 银行存款余额调节表 of a bank account row of the snapshot. */
export interface BankRecRecord {
  snapshotId: number
  period: string
  fileName: string
  accountNumber: string | null
  bookAdjusted: Yuan
  statementAdjusted: Yuan
  agrees: boolean
  /** unmatched items: 银行已收企业未收, 银行已付企业未付, 企业已收银行未收, 企业已付银行未付 */
  unmatched: { side: 'bankReceived' | 'bankPaid' | 'bookReceived' | 'bookPaid'; date: string; summary: string; amount: Yuan }[]
  notices: string[]
}

export interface SurplusRow {
  id: number
  kind: SnapshotItemKind
  label: string
  amount: Yuan | null
  quantity: string | null
  unit: string | null
  evidence: string
  markedBy: string
  markedAt: string
  verification: Verification | null
}

export interface CampaignProgress {
  /** register items of the snapshot (accounts excluded) */
  items: number
  found: number
  missing: number
  unmarked: number
  surplus: number
  /** found but 损坏 */
  damaged: number
}

/** who confirms the result (domain.md §4.4) */
export const CONFIRMING_BODIES = ['financeGroup', 'representatives'] as const
export type ConfirmingBody = (typeof CONFIRMING_BODIES)[number]
export const CONFIRMING_BODY_LABELS: Record<ConfirmingBody, string> = {
  financeGroup: '民主理财小组',
  representatives: '村民代表会议',
}

/** 公示: the display period (inclusive) and place of the current round of 公示. */
export interface CampaignNotice {
  from: string
  to: string
  days: number
  place: string
  postedBy: string
  postedAt: string
  /** the period is over (today is after `to`): confirmation may be recorded */
  ended: boolean
}

/** An objection received during 公示 and how it was resolved (确认). */
export interface CampaignObjection {
  id: number
  receivedOn: string
  fromName: string
  content: string
  recordedBy: string
  resolution: string | null
  resolvedBy: string | null
  resolvedAt: string | null
}

/** 确认: the meeting that confirmed the result. */
export interface CampaignConfirmation {
  body: ConfirmingBody
  bodyLabel: string
  meetingOn: string
  attendees: string[]
  resolution: string
  recordedBy: string
  recordedAt: string
}

/** 上报: one reported version of the report workbook (every version is kept, its bytes in the book). */
export interface CampaignReportVersion {
  version: number
  fingerprint: string
  fileName: string
  bytes: number
  rows: number
  reportedBy: string
  reportedAt: string
  /** set when the campaign was reopened after this version */
  reopened: { by: string; at: string; reason: string } | null
}

export interface CampaignStatus extends CampaignSummary {
  team: CampaignMember[]
  log: CampaignStepEntry[]
  snapshot: { take: number; takenAt: string; takenBy: string; accounts: number; items: number } | null
  progress: CampaignProgress
  notice: CampaignNotice | null
  objections: CampaignObjection[]
  confirmation: CampaignConfirmation | null
  reports: CampaignReportVersion[]
  /** what the next step needs, or why it cannot be entered yet; null at the last step */
  next: { step: CampaignStep; label: string; ready: boolean; blockers: string[] } | null
}

export interface CampaignDetail extends CampaignStatus {
  rows: SnapshotRow[]
  surplus: SurplusRow[]
  cashCount: CashCountRecord | null
  bankRecs: BankRecRecord[]
}

/** campaign.adjust: the draft voucher through 181 待处理财产损溢 for the chosen differences. */
export interface CampaignAdjustment {
  voucherId: number
  lines: { summary: string; accountCode: string; debit: Yuan; credit: Yuan }[]
}

/** The 公示表 as the printable A4 page shows it: the same rows, period, place and signature lines as the workbook. */
export interface NoticeContent {
  title: string
  /** 公示单位 … 清查基准日 …; 公示期 … 公示地点 … */
  lines: string[]
  money: { look: 'section' | 'item' | 'total'; label: string; code: string; book: Yuan | null; verified: Yuan | null; difference: Yuan | null; note: string }[]
  areaTitle: string
  areas: { look: 'section' | 'item' | 'total'; label: string; code: string; book: string; verified: string; difference: string; note: string }[]
  notes: string[]
  signatures: string[]
  /** whether the period and place are the recorded ones (false: a preview from today, 7 days, 村务公开栏) */
  posted: boolean
}

/** A workbook of the campaign written to a file (公示表, 上报表, a kept version). */
export interface CampaignFileResult {
  path: string
  rows: number
  bytes: number
  /** the content fingerprint (上报表), or null (公示表) */
  fingerprint: string | null
  /** the reported version (上报) */
  version: number | null
}
