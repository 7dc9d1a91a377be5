/** Account codes of the village charts: 3 digits at the first level, then 2 per level (102 → 10201 → 1020101). */
export const ACCOUNT_CLASSES = ['asset', 'liability', 'equity', 'cost', 'profitLoss'] as const
export type AccountClass = (typeof ACCOUNT_CLASSES)[number]
export const ACCOUNT_CLASS_LABELS: Record<AccountClass, string> = {
  asset: '资产',
  liability: '负债',
  equity: '所有者权益',
  cost: '成本',
  profitLoss: '损益',
}

export const NORMAL_SIDES = ['debit', 'credit', 'both'] as const
export type NormalSide = (typeof NORMAL_SIDES)[number]
export const NORMAL_SIDE_LABELS: Record<NormalSide, string> = { debit: '借', credit: '贷', both: '双向' }

export const AUX_KINDS = ['counterparty', 'household', 'project', 'bank'] as const
export type AuxKind = (typeof AUX_KINDS)[number]
export const AUX_KIND_LABELS: Record<AuxKind, string> = {
  counterparty: '往来单位',
  household: '农户',
  project: '项目',
  bank: '银行账户',
}

export const MAX_ACCOUNT_LEVEL = 4

export function accountLevel(code: string): number | null {
  if (!/^[1-9]\d{2}(\d{2}){0,3}$/.test(code)) return null
  return (code.length - 1) / 2
}

export function parentCode(code: string): string | null {
  return code.length > 3 ? code.slice(0, -2) : null
}

/** True when `code` is `ancestor` itself or lies below it. */
export function isWithin(code: string, ancestor: string): boolean {
  return code.startsWith(ancestor)
}

export function checkAccountCode(code: string, parent: string | null): string | null {
  if (accountLevel(code) === null) return `科目编码“${code}”不符合 3-2-2-2 规则（一级 3 位，以下每级 2 位，最多 4 级）`
  if (parent === null && code.length !== 3) return `一级科目编码应为 3 位，“${code}”不是`
  if (parent !== null && parentCode(code) !== parent) return `科目编码“${code}”应以上级科目“${parent}”开头并多 2 位`
  return null
}
