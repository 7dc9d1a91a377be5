import { z } from 'zod'
import type { Role } from '../roles'
import { boolField, idField, requiredText } from '../validation'

/**
 * The building blocks of the API contract, shared by its parts (contract.ts for the ledger and the system,
 * registers.ts for the 三资 registers).
 *
 * Who may call a method:
 * - `public`: anyone, before sign-in (status, set-up, sign-in);
 * - `signedIn`: any signed-in user, 审计 included (reads);
 * - a list of roles: only those. Writes never list `auditor`.
 */
export type Access = 'public' | 'signedIn' | readonly Role[]

export interface MethodDef<I extends z.ZodType, R> {
  input: I
  access: Access
  /** writes run in one transaction and append to the audit log */
  write: boolean
  /** Chinese name of the operation, used in the audit log and in refusals */
  title: string
  /** phantom: the result type, for typed clients */
  readonly _result?: R
}

export const def =
  <R>() =>
  <I extends z.ZodType>(d: Omit<MethodDef<I, R>, '_result'>): MethodDef<I, R> =>
    d

/** who keeps the books: 制单, chart and register maintenance */
export const BOOKKEEPERS = ['supervisor', 'bookkeeper'] as const

/** An import call: the file as the renderer's file input or the CLI read it, and whether to write it. */
export function importInput() {
  // 20 MB as base64: 4 characters per 3 bytes
  const maxBase64 = Math.ceil((20 * 1024 * 1024) / 3) * 4
  return z.strictObject({
    villageId: idField('村'),
    file: z.strictObject({
      fileName: requiredText('文件名', 255),
      contentBase64: z
        .string({ error: '「文件内容」必须是 base64 文字' })
        .max(maxBase64, { error: '文件过大：单个文件不能超过 20 MB，请拆分后再导入' })
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '「文件内容」不是有效的 base64' }),
    }),
    commit: boolField('正式导入').default(false),
  })
}
