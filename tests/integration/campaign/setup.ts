import { join } from 'node:path'
import type { Session } from '../../../electron/core/context'
import { Engine } from '../../../electron/core/engine'
import { AppError } from '../../../shared/errors'

export const DEMO_PASSWORD = 'Demo2024'

export interface DemoCampaignBooks {
  engine: Engine
  admin: Session
  /** 主管会计 (all villages) and 记账员 of the first village */
  supervisor: Session
  clerk: Session
  auditor: Session
  villageId: number
  villageCode: string
}

/** The demo agency (two villages: January–November posted and closed, December drafts), signed in as its users. */
export async function demoBooks(dir: string): Promise<DemoCampaignBooks> {
  const engine = await Engine.open(join(dir, 'demo.db'), { create: true })
  const admin = engine.createSession()
  await engine.invoke(admin, 'setup.loadDemo', { villages: 2, password: DEMO_PASSWORD, campaigns: false })
  const as = async (username: string) => {
    const s = engine.createSession()
    await engine.invoke(s, 'auth.signIn', { username, password: DEMO_PASSWORD })
    return s
  }
  const villages = await engine.invoke(admin, 'village.list', {})
  const village = villages.find((v) => v.code === '340122101')
  if (!village) throw new Error('no demo village')
  return { engine, admin, supervisor: await as('zhuguan'), clerk: await as('jizhang1'), auditor: await as('shenji'), villageId: village.id, villageCode: village.code }
}

export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}
