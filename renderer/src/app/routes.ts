import { useSyncExternalStore } from 'react'
import type { MethodName } from '../../../shared/api/contract'

/** Pages of the app frame. Modules without `ready` are shown as 尚未开放. */
export type RouteKey =
  | 'home'
  | 'vouchers'
  | 'books'
  | 'reports'
  | 'funds'
  | 'assets'
  | 'resources'
  | 'contracts'
  | 'campaigns'
  | 'rectification'
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
}

export const MODULES: readonly RouteDef[] = [
  { key: 'vouchers', label: '凭证', ready: false, about: '记账凭证的录入、审核、记账与红字冲销' },
  { key: 'books', label: '账簿', ready: false, about: '总账、明细账、现金和银行存款日记账' },
  { key: 'reports', label: '报表', ready: false, about: '科目余额表、资产负债表、收益及收益分配表、收支明细表' },
  { key: 'funds', label: '资金', ready: false, about: '资金台账、收支审批与银行对账' },
  { key: 'assets', label: '资产', ready: false, about: '固定资产卡片、折旧与资产变动' },
  { key: 'resources', label: '资源', ready: false, about: '土地、水面、林地等资源地块台账' },
  { key: 'contracts', label: '合同', ready: false, about: '经济合同、收款计划与到期提醒' },
  { key: 'campaigns', label: '清查', ready: false, about: '清产核资：清理、登记、核实、公示、确认、上报' },
  { key: 'rectification', label: '审计整改', ready: false, about: '审计发现问题的登记与整改跟踪' },
]

export const SETTINGS: readonly RouteDef[] = [
  { key: 'settings/villages', label: '村管理', ready: true, requires: 'village.list', about: '村、组集体经济组织及其账套信息' },
  { key: 'settings/users', label: '用户管理', ready: true, requires: 'user.list', about: '用户、岗位与所管村' },
  { key: 'settings/audit', label: '操作日志', ready: true, requires: 'audit.list', about: '全部写操作的留痕记录与日志链校验' },
  { key: 'settings/agency', label: '代理中心/账套', ready: true, requires: 'system.status', about: '代理中心信息、账套完整性校验与备份' },
]

export const HOME: RouteDef = { key: 'home', label: '首页', ready: true }

export const ALL_ROUTES: readonly RouteDef[] = [HOME, ...MODULES, ...SETTINGS]

export function findRoute(key: string): RouteDef | undefined {
  return ALL_ROUTES.find((r) => r.key === key)
}

function readHash(): string {
  return window.location.hash.replace(/^#\/?/, '') || 'home'
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** The current page, kept in the location hash so that a reload stays on it. */
export function useRoute(): string {
  return useSyncExternalStore(subscribe, readHash, () => 'home')
}

export function navigate(key: RouteKey): void {
  window.location.hash = `#/${key}`
}
