import { useState, type ReactNode } from 'react'
import { Alert, Button, Drawer, Input, Space, Table, type TableProps, type TabsProps } from 'antd'
import { ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import type { RegisterMovement } from '../../../shared/api/registerTypes'
import type { ImportKind } from '../../../shared/api/types'
import { PageTitle } from '../app/PageTitle'
import { ImportDialog } from '../imports/ImportDialog'
import { MovementTimeline } from './MovementTimeline'

/** The scaffold every register page shares: title buttons, filter row, totals row, the clickable table, the drawer shell. */

/** openId (from ?open= when given), the create and import dialogs, and what follows a new item (reload, then open it). */
export function useRegisterState(initialOpen?: number | null) {
  const [openId, setOpenId] = useState<number | null>(() => initialOpen || null)
  const [creating, setCreating] = useState(false)
  const [importing, setImporting] = useState(false)
  const created = (reload: () => void) => (id: number | null) => {
    setCreating(false)
    if (id !== null) {
      reload()
      setOpenId(id)
    }
  }
  return { openId, setOpenId, closeDrawer: () => setOpenId(null), creating, setCreating, importing, setImporting, created }
}

/** 刷新, then 导入 / 新增 when a handler is given (the caller checks the permission). */
export function RegisterTitle(props: {
  title: string
  onReload: () => void
  before?: ReactNode
  importLabel?: string
  onImport?: () => void
  createLabel: string
  onCreate?: () => void
  createTestId?: string
}) {
  return (
    <PageTitle
      title={props.title}
      extra={
        <Space>
          {props.before}
          <Button icon={<ReloadOutlined />} onClick={props.onReload}>
            刷新
          </Button>
          {props.onImport ? (
            <Button icon={<ImportOutlined />} onClick={props.onImport}>
              {props.importLabel}
            </Button>
          ) : null}
          {props.onCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={props.onCreate} data-testid={props.createTestId}>
              {props.createLabel}
            </Button>
          ) : null}
        </Space>
      }
    />
  )
}

/** The filter row: a search box first, then the page's own filters; the list's error below it. */
export function RegisterFilters(props: { searchLabel: string; placeholder: string; searchWidth: number; onSearch: (s: string) => void; error?: { message: string } | null; children?: ReactNode }) {
  return (
    <>
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Input.Search aria-label={props.searchLabel} placeholder={props.placeholder} allowClear style={{ width: props.searchWidth }} onSearch={props.onSearch} />
        {props.children}
      </Space>
      <ListError error={props.error} />
    </>
  )
}

export function ListError(props: { error?: { message: string } | null }) {
  return props.error ? <Alert type="error" showIcon message={props.error.message} style={{ marginBottom: 12 }} /> : null
}

/** The totals row (Statistic items) above the table. */
export function RegisterTotals(props: { testId: string; size?: number; wrap?: boolean; children: ReactNode }) {
  return (
    <Space size={props.size ?? 36} wrap={props.wrap ?? true} style={{ display: 'flex', marginBottom: 12 }} data-testid={props.testId}>
      {props.children}
    </Space>
  )
}

/** The register's table: small, bordered, one row per item keyed by id; a click opens the item's drawer. */
export function RegisterTable<T extends { id: number }>(props: Omit<TableProps<T>, 'rowKey' | 'onRow'> & { onOpen: (id: number) => void; testId: string }) {
  const { onOpen, testId, ...rest } = props
  return (
    <Table<T>
      size="small"
      bordered
      rowKey="id"
      pagination={false}
      {...rest}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      data-testid={testId}
    />
  )
}

/** The import dialog of a register page; the list reloads when rows were committed. */
export function RegisterImport(props: { kind: ImportKind; villageId: number; open: boolean; onClose: () => void; onCommitted: () => void }) {
  return (
    <ImportDialog
      kind={props.kind}
      villageId={props.villageId}
      open={props.open}
      onClose={(r) => {
        props.onClose()
        if (r?.committed) props.onCommitted()
      }}
    />
  )
}

/** The drawer's pending action; done(changed) closes it and reloads the item and the list when something changed. */
export function useDrawerAction<A extends string>(reload: () => void, onChanged: () => void) {
  const [action, setAction] = useState<A | null>(null)
  const done = (changed: boolean) => {
    setAction(null)
    if (changed) {
      reload()
      onChanged()
    }
  }
  return { action, setAction, done }
}

/** One item's drawer: title, actions, the load error and the body (usually tabs ending with historyTab). */
export function RegisterDrawer(props: { size: number; title: string; testId: string; onClose: () => void; extra?: ReactNode; error?: { message: string } | null; children?: ReactNode }) {
  return (
    <Drawer open size={props.size} title={props.title} onClose={props.onClose} data-testid={props.testId} extra={props.extra}>
      {props.error ? <Alert type="error" showIcon message={props.error.message} /> : null}
      {props.children}
    </Drawer>
  )
}

type TabItem = NonNullable<TabsProps['items']>[number]

/** The 变动记录 tab: the item's movements as a timeline. */
export function historyTab(movements: readonly RegisterMovement[], registerLabel?: string): TabItem {
  return { key: 'history', label: `变动记录（${movements.length}）`, children: <MovementTimeline movements={movements} registerLabel={registerLabel} /> }
}
