import type { Session } from '../../electron/core/context'
import type { Engine } from '../../electron/core/engine'
import type { Account } from '../../shared/api/types'
import { newAgency, VILLAGE } from './temp'

export interface LedgerFixture {
  engine: Engine
  admin: Session
  /** 记账会计 who prepares */
  clerk: Session
  /** 审核 who reviews and posts */
  reviewer: Session
  villageId: number
  account(code: string): Account
}

/** A village (books from 2024-01) with a few sub-accounts, a bookkeeper and a reviewer signed in. */
export async function ledgerFixture(dir: string): Promise<LedgerFixture> {
  const { engine, admin } = await newAgency(dir)
  const v = await engine.invoke(admin, 'village.create', VILLAGE)
  for (const [username, role] of [
    ['clerk', 'bookkeeper'],
    ['checker', 'reviewer'],
  ] as const) {
    await engine.invoke(admin, 'user.create', { username, displayName: username, role, password: 'Pass1234', villageIds: [v.id] })
  }
  const clerk = engine.createSession()
  await engine.invoke(clerk, 'auth.signIn', { username: 'clerk', password: 'Pass1234' })
  const reviewer = engine.createSession()
  await engine.invoke(reviewer, 'auth.signIn', { username: 'checker', password: 'Pass1234' })
  const subs: [string, string, 'counterparty' | 'household' | 'project' | 'bank' | null][] = [
    ['10201', '农商行基本户', 'bank'],
    ['11201', '应收单位款项', 'counterparty'],
    ['50101', '发包收入', null],
    ['51301', '干部报酬', null],
    ['51302', '办公费', null],
    ['32201', '各项分配', null],
    ['32202', '未分配收益', null],
  ]
  for (const [code, name, auxKind] of subs) await engine.invoke(clerk, 'account.create', { villageId: v.id, code, name, auxKind })
  const chart = await engine.invoke(clerk, 'account.list', { villageId: v.id })
  const byCode = new Map(chart.map((a) => [a.code, a]))
  return {
    engine,
    admin,
    clerk,
    reviewer,
    villageId: v.id,
    account: (code) => {
      const a = byCode.get(code)
      if (!a) throw new Error(`no account ${code}`)
      return a
    },
  }
}
