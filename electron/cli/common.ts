import { resolve } from 'node:path'
import type { Village } from '../../shared/api/types'
import { AppError } from '../../shared/errors'
import { ROLE_LABELS, ROLES, type Role } from '../../shared/roles'
import type { CurrentUser } from '../../shared/api/types'
import type { Session } from '../core/context'
import { Engine } from '../core/engine'
import type { CliIo } from './io'

/** Shared pieces of the CLI commands: open the book, sign in, find a village by code, print JSON. */
export interface UserOpt {
  db: string
  as?: string
}

export async function withEngine<T>(path: string, fn: (engine: Engine) => Promise<T>, create = false): Promise<T> {
  const engine = await Engine.open(resolve(path), { create })
  try {
    return await fn(engine)
  } finally {
    await engine.close()
  }
}

export async function password(io: CliIo, envName: string, question: string): Promise<string> {
  const fromEnv = io.env[envName]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  return io.promptSecret(question)
}

export async function signIn(engine: Engine, io: CliIo, username: string | undefined): Promise<{ session: Session; user: CurrentUser }> {
  const name = username ?? io.env.SANZI_USER
  if (!name) throw new AppError('VALIDATION', '请用 --as 用户名（或环境变量 SANZI_USER）指明操作人')
  const session = engine.createSession()
  const user = await engine.invoke(session, 'auth.signIn', { username: name, password: await password(io, 'SANZI_PASSWORD', `${name} 的密码：`) })
  return { session, user }
}

export function parseRole(text: string): Role {
  const t = text.trim()
  const byCode = ROLES.find((r) => r === t)
  if (byCode) return byCode
  const byLabel = ROLES.find((r) => ROLE_LABELS[r] === t)
  if (byLabel) return byLabel
  throw new AppError('VALIDATION', `未知的岗位「${t}」，可选：${ROLES.map((r) => `${ROLE_LABELS[r]}(${r})`).join('、')}`)
}

export function parseLevel(text: string): 'village' | 'group' {
  if (text === 'village' || text === '村级' || text === '村') return 'village'
  if (text === 'group' || text === '组级' || text === '组') return 'group'
  throw new AppError('VALIDATION', `「级次」只能是 村级(village) 或 组级(group)，而不是「${text}」`)
}

export async function villageByCode(engine: Engine, session: Session, code: string): Promise<Village> {
  const all = await engine.invoke(session, 'village.list', { includeDisabled: true })
  const v = all.find((x) => x.code === code)
  if (!v) throw new AppError('NOT_FOUND', `找不到村编码「${code}」（或您没有该村的权限）`)
  return v
}

export function json(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2))
}

export function villageLine(v: Village): (string | null)[] {
  return [v.code, v.name, v.level === 'village' ? '村级' : '组级', v.parentName, v.uscc, v.chartVersion, v.startPeriod, v.status === 'active' ? '启用' : '停用']
}

