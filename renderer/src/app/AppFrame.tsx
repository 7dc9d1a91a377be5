import { useState, type ReactNode } from 'react'
import { App as AntApp, Avatar, Dropdown, Layout, Menu, Select, Space, Tag, Typography, type MenuProps } from 'antd'
import {
  AccountBookOutlined,
  ApartmentOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  CalculatorOutlined,
  DashboardOutlined,
  DownOutlined,
  EnvironmentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  HddOutlined,
  HistoryOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  PartitionOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { roleLabel } from '../../../shared/roles'
import { call } from '../api/client'
import { ChangePasswordModal } from '../auth/ChangePasswordModal'
import { AuditLogPage } from '../audit/AuditLogPage'
import { AgencyPage } from '../settings/AgencyPage'
import { UsersPage } from '../users/UsersPage'
import { VillagesPage } from '../villages/VillagesPage'
import { AccountSummaryPage } from '../books/AccountSummaryPage'
import { CounterpartyPage } from '../books/CounterpartyPage'
import { GeneralLedgerPage } from '../books/GeneralLedgerPage'
import { IncomeDetailPage } from '../books/IncomeDetailPage'
import { JournalPage } from '../books/JournalPage'
import { LedgerPage } from '../books/LedgerPage'
import { StatementPage } from '../books/StatementPage'
import { TrialBalancePage } from '../books/TrialBalancePage'
import { ChartPage } from '../chart/ChartPage'
import { OpeningPage } from '../chart/OpeningPage'
import { ClosePage } from '../vouchers/ClosePage'
import { VoucherListPage } from '../vouchers/VoucherListPage'
import { VoucherPage } from '../vouchers/VoucherPage'
import { VoucherPrintPage } from '../vouchers/VoucherPrintPage'
import { AssetsPage } from '../assets/AssetsPage'
import { DepreciationPage } from '../assets/DepreciationPage'
import { ReconcilePage } from '../registers/ReconcilePage'
import { AlertsPage } from '../registers/AlertsPage'
import { DashboardPage } from '../registers/DashboardPage'
import { BankAccountsPage } from '../registers/funds/BankAccountsPage'
import { CashPage } from '../registers/funds/CashPage'
import { ClaimsPage } from '../registers/funds/ClaimsPage'
import { SmallRegisterPage } from '../registers/funds/SmallRegisterPage'
import { ParcelsPage } from '../registers/resources/ParcelsPage'
import { ContractsPage } from '../registers/contracts/ContractsPage'
import { CampaignBoardPage } from '../campaign/CampaignBoardPage'
import { CampaignPage } from '../campaign/CampaignPage'
import { NoticePrintPage } from '../campaign/NoticePrintPage'
import { HomePage } from './HomePage'
import { NoAccess, NotOpen } from './NotOpen'
import { findRoute, MODULES, navigate, parentRoute, SETTINGS, useRoute, type RouteDef, type RouteKey } from './routes'
import { useSession } from './session'

const ICONS: Partial<Record<RouteKey, ReactNode>> = {
  home: <HomeOutlined />,
  vouchers: <FileTextOutlined />,
  books: <BookOutlined />,
  reports: <BarChartOutlined />,
  registers: <DashboardOutlined />,
  funds: <AccountBookOutlined />,
  assets: <HddOutlined />,
  resources: <EnvironmentOutlined />,
  contracts: <FileProtectOutlined />,
  campaigns: <FileSearchOutlined />,
  rectification: <SafetyCertificateOutlined />,
  'settings/chart': <PartitionOutlined />,
  'settings/opening': <CalculatorOutlined />,
  'settings/villages': <ApartmentOutlined />,
  'settings/users': <TeamOutlined />,
  'settings/audit': <HistoryOutlined />,
  'settings/agency': <BankOutlined />,
}

export function AppFrame() {
  const session = useSession()
  const route = useRoute()
  const [passwordOpen, setPasswordOpen] = useState(false)
  const { message } = AntApp.useApp()
  // a narrow sidebar leaves the wide books (科目余额表) room on small screens
  const [collapsed, setCollapsed] = useState(() => readFlag('sanzi.siderCollapsed'))
  const collapse = (c: boolean) => {
    setCollapsed(c)
    writeFlag('sanzi.siderCollapsed', c)
  }

  const allowed = (r: RouteDef) => !r.requires || session.can(r.requires)
  const visible = (r: RouteDef) => !r.hidden && allowed(r)
  const settings = SETTINGS.filter(allowed)
  const menuItem = (r: RouteDef): NonNullable<MenuProps['items']>[number] =>
    r.children
      ? { key: r.key, icon: ICONS[r.key], label: r.label, children: r.children.filter(visible).map(menuItem) }
      : { key: r.key, icon: ICONS[r.key], label: r.label }
  const items: MenuProps['items'] = [
    menuItem({ key: 'home', label: '首页', ready: true }),
    ...MODULES.map(menuItem),
    { key: 'settings', icon: <SettingOutlined />, label: '系统设置', children: settings.map(menuItem) },
  ]

  // a module opens on its first sub-page the user may use
  const found = findRoute(route)
  const current = found?.children ? (found.children.find(visible) ?? found) : found
  const module = current ? (parentRoute(current.key)?.key ?? (current.key.startsWith('settings/') ? 'settings' : null)) : null
  const [openKeys, setOpenKeys] = useState<string[]>(() => ['settings', ...(module ? [module] : [])])
  const [openedFor, setOpenedFor] = useState(module)
  if (module !== openedFor) {
    setOpenedFor(module)
    if (module && !openKeys.includes(module)) setOpenKeys([...openKeys, module])
  }

  let page: ReactNode
  if (!current) page = <NotOpen title="页面不存在" about="请从左侧菜单选择功能。" />
  else if (!allowed(current)) page = <NoAccess title={current.label} />
  else if (!current.ready) page = <NotOpen title={current.label} about={current.about} />
  else page = <RoutePage routeKey={current.key} />
  if (current?.bare && current.ready && allowed(current)) return <div className="sanzi-bare">{page}</div>

  const signOut = async () => {
    try {
      await call('auth.signOut', {})
    } catch (e) {
      // the session may already be gone; the status refresh below shows the sign-in page either way
      if (e instanceof Error) message.warning(e.message)
    }
    navigate('home')
    session.refreshStatus()
  }

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { type: 'divider' },
      { key: 'signOut', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true)
      if (key === 'signOut') void signOut()
    },
  }

  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Sider width={208} collapsedWidth={60} collapsible collapsed={collapsed} onCollapse={collapse}>
        <div className="sanzi-brand">
          <span className="sanzi-brand-mark">三</span>
          {collapsed ? null : '三资台账'}
        </div>
        <div className="sanzi-sider-scroll">
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[current?.hidden ? (module ?? '') : (current?.key ?? '')]}
            openKeys={openKeys}
            onOpenChange={setOpenKeys}
            items={items}
            onClick={({ key }) => navigate(key as RouteKey)}
            aria-label="功能菜单"
          />
        </div>
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="sanzi-header">
          <span className="sanzi-header-agency" title={session.agency?.district}>
            {session.agency?.name ?? '会计代理服务中心'}
          </span>
          <span className="sanzi-header-spacer" />
          <VillageSwitcher />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <a onClick={(e) => e.preventDefault()} href="#" aria-label="当前用户" data-testid="user-menu">
              <Space size={8}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1d5fbf' }} />
                <Typography.Text strong>{session.user.displayName}</Typography.Text>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {roleLabel(session.user.role)}
                </Tag>
                <DownOutlined style={{ fontSize: 11, color: '#6b7280' }} />
              </Space>
            </a>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className="sanzi-content">{page}</Layout.Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  )
}

function readFlag(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1'
  } catch {
    return false
  }
}

function writeFlag(key: string, on: boolean): void {
  try {
    window.localStorage.setItem(key, on ? '1' : '0')
  } catch {
    // storage unavailable: the choice lasts for this window only
  }
}

function RoutePage(props: { routeKey: RouteKey }) {
  switch (props.routeKey) {
    case 'vouchers/entry':
      return <VoucherPage mode="entry" />
    case 'vouchers/view':
      return <VoucherPage mode="view" />
    case 'vouchers/list':
      return <VoucherListPage />
    case 'vouchers/close':
      return <ClosePage />
    case 'vouchers/print':
      return <VoucherPrintPage />
    case 'books/trial-balance':
      return <TrialBalancePage />
    case 'books/ledger':
      return <LedgerPage />
    case 'books/general-ledger':
      return <GeneralLedgerPage />
    case 'books/cash-journal':
      return <JournalPage key="cash" kind="cash" />
    case 'books/bank-journal':
      return <JournalPage key="bank" kind="bank" />
    case 'books/counterparty':
      return <CounterpartyPage />
    case 'books/summary':
      return <AccountSummaryPage />
    case 'reports/balance-sheet':
      return <StatementPage key="bs" kind="balanceSheet" />
    case 'reports/income':
      return <StatementPage key="is" kind="incomeStatement" />
    case 'reports/income-detail':
      return <IncomeDetailPage />
    case 'registers/dashboard':
      return <DashboardPage />
    case 'registers/alerts':
      return <AlertsPage />
    case 'funds/bank':
      return <BankAccountsPage />
    case 'funds/cash':
      return <CashPage />
    case 'funds/claims':
      return <ClaimsPage />
    case 'assets/cards':
      return <AssetsPage />
    case 'assets/inventory':
      return <SmallRegisterPage key="inventory" kind="inventory" />
    case 'assets/bio':
      return <SmallRegisterPage key="bio" kind="bioAsset" />
    case 'assets/investment':
      return <SmallRegisterPage key="investment" kind="investment" />
    case 'resources/parcels':
      return <ParcelsPage />
    case 'contracts/list':
      return <ContractsPage />
    case 'campaigns/board':
      return <CampaignBoardPage />
    case 'campaigns/detail':
      return <CampaignPage />
    case 'campaigns/notice-print':
      return <NoticePrintPage />
    case 'assets/depreciation':
      return <DepreciationPage />
    case 'assets/reconcile':
      return <ReconcilePage />
    case 'settings/chart':
      return <ChartPage />
    case 'settings/opening':
      return <OpeningPage />
    case 'settings/villages':
      return <VillagesPage />
    case 'settings/users':
      return <UsersPage />
    case 'settings/audit':
      return <AuditLogPage />
    case 'settings/agency':
      return <AgencyPage />
    default:
      return <HomePage />
  }
}

function VillageSwitcher() {
  const { villages, villagesLoading, currentVillage, setCurrentVillageId } = useSession()
  const empty = !villagesLoading && villages.length === 0
  return (
    <Space size={6}>
      <Typography.Text type="secondary">当前村</Typography.Text>
      <Select
        aria-label="当前村"
        data-testid="village-switcher"
        style={{ width: 280 }}
        showSearch={{ optionFilterProp: 'label' }}
        loading={villagesLoading}
        disabled={empty}
        placeholder={empty ? '还没有可选的村' : '选择村'}
        value={currentVillage?.id}
        onChange={(id: number) => setCurrentVillageId(id)}
        options={villages.map((v) => ({
          value: v.id,
          label: `${v.code} ${v.name}`,
        }))}
        notFoundContent="没有匹配的村"
      />
    </Space>
  )
}
