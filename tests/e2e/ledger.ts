/** Books for the ledger e2e tests: a village, a 记账会计 (the page's user), a 审核 and a 主管会计, set up through the engine. */
import type { Engine } from '../../electron/core/engine'
import type { Session } from '../../electron/core/context'
import type { MethodInput, MethodName, MethodResult } from '../../shared/api/contract'
import type { Account, AuxItem } from '../../shared/api/types'
import type { Locator, Page } from 'playwright-core'
import { initAgency, PASSWORD } from './harness'

export const VILLAGE_NAME = '杨桥村股份经济合作社'

export interface LedgerBooks {
  villageId: number
  /** the page's session, signed in as 记账会计 刘志强 (clerk) */
  clerk: Session
  /** 审核 黄伟 (checker) */
  reviewer: Session
  /** 主管会计 陈桂兰 (boss) */
  supervisor: Session
  accounts: Map<string, Account>
  aux: Map<string, AuxItem>
}

async function invoke<M extends MethodName>(engine: Engine, s: Session, method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const r = await engine.call(s, method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
  return r.value as MethodResult<M>
}

/**
 * Sets up the agency (admin), the village 杨桥村 with books from 2024-01, a few sub-accounts and auxiliary items,
 * and three users; signs the page's own session in as the bookkeeper.
 */
export async function setUpBooks(engine: Engine, page: Session): Promise<LedgerBooks> {
  await initAgency(engine, page)
  const v = await invoke(engine, page, 'village.create', {
    code: '340122101',
    name: VILLAGE_NAME,
    level: 'village',
    chartVersion: '2023',
    startPeriod: '2024-01',
  })
  const users = [
    ['clerk', '刘志强', 'bookkeeper'],
    ['checker', '黄伟', 'reviewer'],
    ['boss', '陈桂兰', 'supervisor'],
  ] as const
  for (const [username, displayName, role] of users) {
    await invoke(engine, page, 'user.create', { username, displayName, role, password: PASSWORD, villageIds: [v.id] })
  }
  await invoke(engine, page, 'auth.signOut', {})
  await invoke(engine, page, 'auth.signIn', { username: 'clerk', password: PASSWORD })
  const reviewer = engine.createSession()
  await invoke(engine, reviewer, 'auth.signIn', { username: 'checker', password: PASSWORD })
  const supervisor = engine.createSession()
  await invoke(engine, supervisor, 'auth.signIn', { username: 'boss', password: PASSWORD })

  const subs: [string, string, 'counterparty' | 'household' | 'project' | 'bank' | null][] = [
    ['10201', '农商行基本户', 'bank'],
    ['11201', '应收单位款项', 'counterparty'],
    ['50101', '发包收入', null],
    ['50102', '出租收入', null],
    ['51301', '干部报酬', null],
    ['51302', '办公费', null],
    ['51401', '文教卫生', null],
    ['5140101', '社区活动', null],
    ['32201', '各项分配', null],
    ['32202', '未分配收益', null],
  ]
  for (const [code, name, auxKind] of subs) {
    await invoke(engine, page, 'account.create', { villageId: v.id, code, name, auxKind })
  }
  const aux = new Map<string, AuxItem>()
  for (const [kind, name] of [
    ['bank', '农商行基本户'],
    ['counterparty', '肥东鑫达苗木有限公司'],
    ['counterparty', '杨桥渔业养殖专业合作社'],
  ] as const) {
    aux.set(name, await invoke(engine, page, 'aux.create', { villageId: v.id, kind, name }))
  }
  const chart = await invoke(engine, page, 'account.list', { villageId: v.id })
  return { villageId: v.id, clerk: page, reviewer, supervisor, accounts: new Map(chart.map((a) => [a.code, a])), aux }
}

/** A posted two-line voucher made through the engine (clerk prepares, reviewer reviews and posts). */
export async function postVoucher(
  engine: Engine,
  books: LedgerBooks,
  v: { date: string; summary: string; debit: [string, string?]; credit: [string, string?]; amount: string },
): Promise<MethodResult<'voucher.save'>> {
  const acc = (code: string) => {
    const a = books.accounts.get(code)
    if (!a) throw new Error(`no account ${code}`)
    return a.id
  }
  const auxId = (name?: string) => (name ? (books.aux.get(name)?.id ?? null) : null)
  const saved = await invoke(engine, books.clerk, 'voucher.save', {
    villageId: books.villageId,
    date: v.date,
    attachments: 1,
    lines: [
      { summary: v.summary, accountId: acc(v.debit[0]), auxItemId: auxId(v.debit[1]), debit: v.amount },
      { summary: v.summary, accountId: acc(v.credit[0]), auxItemId: auxId(v.credit[1]), credit: v.amount },
    ],
  })
  await invoke(engine, books.reviewer, 'voucher.review', { villageId: books.villageId, voucherIds: [saved.id] })
  await invoke(engine, books.reviewer, 'voucher.post', { villageId: books.villageId, voucherIds: [saved.id] })
  return saved
}

/** Rows of a virtual (book) table containing `text`: drawn as div rows, not tr. */
export function bookRow(scope: Page | Locator, text: string | RegExp): Locator {
  return scope.locator('.ant-table-row', { hasText: text })
}
