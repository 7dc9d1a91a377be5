import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine } from '../../electron/core/engine'
import type { Session } from '../../electron/core/context'

export function tempDir(prefix = 'sanzi-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export const ADMIN_PASSWORD = 'Admin2024'

/** A new agency database with an administrator signed in. */
export async function newAgency(dir: string): Promise<{ engine: Engine; admin: Session }> {
  const engine = await Engine.open(join(dir, 'agency.db'), { create: true })
  const admin = engine.createSession()
  await engine.invoke(admin, 'setup.initialize', {
    agencyName: '肥东县长临河镇会计代理服务中心',
    district: '安徽省合肥市肥东县',
    admin: { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD },
  })
  return { engine, admin }
}

export const VILLAGE = {
  code: '340122101',
  name: '杨桥村股份经济合作社',
  uscc: 'N2340122RTHU4WTF7B',
  level: 'village' as const,
  chartVersion: '2023' as const,
  startPeriod: '2024-01',
  contactPerson: '王秀英',
  contactPhone: '0551-67100000',
  address: null,
}
