import { useMemo, useSyncExternalStore } from 'react'
import type { MethodName } from '../../../shared/api/contract'

/** Pages of the app frame. Modules without `ready` are shown as 尚未开放. */
export type RouteKey =
  | 'home'
  | 'vouchers'
  | 'vouchers/entry'
  | 'vouchers/view'
  | 'vouchers/list'
  | 'vouchers/close'
  | 'vouchers/print'
  | 'books'
  | 'books/trial-balance'
  | 'books/general-ledger'
  | 'books/ledger'
  | 'books/cash-journal'
  | 'books/bank-journal'
  | 'books/counterparty'
  | 'books/summary'
  | 'reports'
  | 'reports/balance-sheet'
  | 'reports/income'
  | 'reports/income-detail'
  | 'registers'
  | 'registers/dashboard'
  | 'registers/alerts'
  | 'funds'
  | 'funds/bank'
  | 'funds/cash'
  | 'funds/claims'
  | 'assets'
  | 'assets/cards'
  | 'assets/inventory'
  | 'assets/bio'
  | 'assets/investment'
  | 'assets/depreciation'
  | 'assets/reconcile'
  | 'resources'
  | 'resources/parcels'
  | 'contracts'
  | 'contracts/list'
  | 'campaigns'
  | 'campaigns/board'
  | 'campaigns/detail'
  | 'campaigns/notice-print'
  | 'rectification'
  | 'settings'
  | 'settings/chart'
  | 'settings/opening'
  | 'settings/villages'
  | 'settings/users'
  | 'settings/audit'
  | 'settings/agency'

export interface RouteDef {
  key: RouteKey
  label: string
  /** built in this version */
  ready: boolean
  /** the page needs this method; the menu hides it for roles that may not call it */
  requires?: MethodName
  /** one line shown on 尚未开放 pages */
  about?: string
  /** sub-pages shown under the module in the sidebar */
  children?: readonly RouteDef[]
  /** reached from other pages only (not in the sidebar) */
  hidden?: boolean
  /** drawn without the frame (print views) */
  bare?: boolean
}

export const MODULES: readonly RouteDef[] = [
  {
    key: 'vouchers',
    label: '凭证',
    ready: true,
    about: '记账凭证的录入、审核、记账与红字冲销，月末结账',
    children: [
      { key: 'vouchers/entry', label: '凭证录入', ready: true, requires: 'voucher.save' },
      { key: 'vouchers/list', label: '凭证列表', ready: true, requires: 'voucher.list' },
      { key: 'vouchers/close', label: '结账', ready: true, requires: 'period.list' },
      { key: 'vouchers/view', label: '查看凭证', ready: true, requires: 'voucher.get', hidden: true },
      { key: 'vouchers/print', label: '打印凭证', ready: true, requires: 'voucher.get', hidden: true, bare: true },
    ],
  },
  {
    key: 'books',
    label: '账簿',
    ready: true,
    about: '科目余额表、总账、明细账、现金和银行存款日记账、往来明细账',
    children: [
      { key: 'books/trial-balance', label: '科目余额表', ready: true, requires: 'report.trialBalance' },
      { key: 'books/general-ledger', label: '总账', ready: true, requires: 'report.generalLedger' },
      { key: 'books/ledger', label: '明细账', ready: true, requires: 'report.ledger' },
      { key: 'books/cash-journal', label: '现金日记账', ready: true, requires: 'report.cashJournal' },
      { key: 'books/bank-journal', label: '银行存款日记账', ready: true, requires: 'report.bankJournal' },
      { key: 'books/counterparty', label: '往来账', ready: true, requires: 'report.counterpartySummary' },
      { key: 'books/summary', label: '科目汇总表', ready: true, requires: 'report.accountSummary' },
    ],
  },
  {
    key: 'reports',
    label: '报表',
    ready: true,
    about: '资产负债表、收益及收益分配表、收支明细表',
    children: [
      { key: 'reports/balance-sheet', label: '资产负债表', ready: true, requires: 'report.balanceSheet' },
      { key: 'reports/income', label: '收益及收益分配表', ready: true, requires: 'report.incomeStatement' },
      { key: 'reports/income-detail', label: '收支明细表', ready: true, requires: 'report.incomeExpenseDetail' },
    ],
  },
  {
    key: 'registers',
    label: '三资台账',
    ready: true,
    about: '本村资金、资产、资源的概览、预警与三资明白台账',
    children: [
      { key: 'registers/dashboard', label: '三资概览', ready: true, requires: 'parcel.list' },
      { key: 'registers/alerts', label: '台账预警', ready: true, requires: 'register.alerts' },
    ],
  },
  {
    key: 'funds',
    label: '资金',
    ready: true,
    about: '银行账户、库存现金限额与债权债务台账',
    children: [
      { key: 'funds/bank', label: '银行账户', ready: true, requires: 'bankAccount.list' },
      { key: 'funds/cash', label: '库存现金', ready: true, requires: 'cash.status' },
      { key: 'funds/claims', label: '债权债务', ready: true, requires: 'claims.list' },
    ],
  },
  {
    key: 'assets',
    label: '资产',
    ready: true,
    about: '固定资产卡片、折旧与资产变动，台账与账簿核对',
    children: [
      { key: 'assets/cards', label: '固定资产卡片', ready: true, requires: 'asset.list' },
      { key: 'assets/inventory', label: '库存物资', ready: true, requires: 'inventory.list' },
      { key: 'assets/bio', label: '生物资产', ready: true, requires: 'bioAsset.list' },
      { key: 'assets/investment', label: '长期投资', ready: true, requires: 'investment.list' },
      { key: 'assets/depreciation', label: '折旧计提', ready: true, requires: 'depreciation.preview' },
      { key: 'assets/reconcile', label: '台账核对', ready: true, requires: 'register.reconcile' },
    ],
  },
  {
    key: 'resources',
    label: '资源',
    ready: true,
    about: '土地、水面、林地等资源地块台账',
    children: [{ key: 'resources/parcels', label: '资源台账', ready: true, requires: 'parcel.list' }],
  },
  {
    key: 'contracts',
    label: '合同',
    ready: true,
    about: '经济合同、收款计划与到期提醒',
    children: [{ key: 'contracts/list', label: '合同台账', ready: true, requires: 'contract.list' }],
  },
  {
    key: 'campaigns',
    label: '清查',
    ready: true,
    about: '清产核资：清理、登记、核实、公示、确认、上报，全区清查看板与汇总表',
    children: [
      { key: 'campaigns/board', label: '清查看板', ready: true, requires: 'campaign.board' },
      { key: 'campaigns/detail', label: '清查详情', ready: true, requires: 'campaign.status', hidden: true },
      { key: 'campaigns/notice-print', label: '打印公示表', ready: true, requires: 'campaign.noticeContent', hidden: true, bare: true },
    ],
  },
  { key: 'rectification', label: '审计整改', ready: false, about: '审计发现问题的登记与整改跟踪' },
]

export const SETTINGS: readonly RouteDef[] = [
  { key: 'settings/chart', label: '科目表', ready: true, requires: 'account.list', about: '本村会计科目（明细科目、辅助核算）与往来单位、农户、项目、银行账户' },
  { key: 'settings/opening', label: '期初余额', ready: true, requires: 'opening.get', about: '建账期初各科目余额的录入、导入与试算平衡' },
  { key: 'settings/villages', label: '村管理', ready: true, requires: 'village.list', about: '村、组集体经济组织及其账套信息' },
  { key: 'settings/users', label: '用户管理', ready: true, requires: 'user.list', about: '用户、岗位与所管村' },
  { key: 'settings/audit', label: '操作日志', ready: true, requires: 'audit.list', about: '全部写操作的留痕记录与日志链校验' },
  { key: 'settings/agency', label: '代理中心/账套', ready: true, requires: 'system.status', about: '代理中心信息、账套完整性校验与备份' },
]

export const HOME: RouteDef = { key: 'home', label: '首页', ready: true }

const flatten = (rs: readonly RouteDef[]): RouteDef[] => rs.flatMap((r) => [r, ...flatten(r.children ?? [])])

export const ALL_ROUTES: readonly RouteDef[] = [HOME, ...flatten(MODULES), ...SETTINGS]

export function findRoute(key: string): RouteDef | undefined {
  return ALL_ROUTES.find((r) => r.key === key)
}

/** The module a sub-page belongs to (`vouchers` for `vouchers/list`). */
export function parentRoute(key: string): RouteDef | undefined {
  return MODULES.find((m) => m.children?.some((c) => c.key === key))
}

function readHash(): string {
  return window.location.hash.replace(/^#\/?/, '') || 'home'
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** `vouchers/view?id=3` → the page key and its parameters. */
export function splitRoute(hash: string): { key: string; params: URLSearchParams } {
  const i = hash.indexOf('?')
  return i < 0 ? { key: hash, params: new URLSearchParams() } : { key: hash.slice(0, i), params: new URLSearchParams(hash.slice(i + 1)) }
}

/** The current page (without parameters), kept in the location hash so that a reload stays on it. */
export function useRoute(): string {
  return splitRoute(useSyncExternalStore(subscribe, readHash, () => 'home')).key
}

/** The parameters of the current page (`?id=3&from=2024-01`). */
export function useRouteParams(): URLSearchParams {
  const hash = useSyncExternalStore(subscribe, readHash, () => 'home')
  const query = splitRoute(hash).params.toString()
  return useMemo(() => new URLSearchParams(query), [query])
}

export type RouteParams = Record<string, string | number | boolean | null | undefined>

export function routeHref(key: RouteKey, params: RouteParams = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v))
  const s = q.toString()
  return `#/${key}${s ? `?${s}` : ''}`
}

export function navigate(key: RouteKey, params: RouteParams = {}): void {
  window.location.hash = routeHref(key, params)
}

/** Changes the parameters of the current page without adding a step to the back history. */
export function replaceParams(key: RouteKey, params: RouteParams): void {
  const href = routeHref(key, params)
  if (window.location.hash === href) return
  window.history.replaceState(null, '', href)
  window.dispatchEvent(new HashChangeEvent('hashchange'))
}
