import { z } from 'zod'
import { AppError, type FieldIssue } from './errors'
import { checkUscc } from './uscc'
import { isValidDate, isValidPeriod } from './periods'
import { parseYuan } from './money'

/**
 * Field builders whose every message names the field in Chinese and says what to do,
 * so that an error can be shown to an agency accountant as it is.
 */
const q = (label: string) => `「${label}」`

/** C0 control characters (NUL, line breaks…) have no place in names and codes. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

export function requiredText(label: string, max: number, min = 1) {
  return z
    .string({ error: `${q(label)}必须填写文字` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, { error: min <= 1 ? `${q(label)}不能为空` : `${q(label)}至少 ${min} 个字` })
        .max(max, { error: `${q(label)}不能超过 ${max} 个字` })
        .refine((s) => !CONTROL.test(s), { error: `${q(label)}含有控制字符，请删除` }),
    )
}

/** Optional free text: empty strings become null. */
export function optionalText(label: string, max: number) {
  return z
    .union([z.string({ error: `${q(label)}必须是文字` }), z.null()])
    .optional()
    .transform((s) => {
      const t = (s ?? '').trim()
      return t === '' ? null : t
    })
    .pipe(
      z
        .string()
        .max(max, { error: `${q(label)}不能超过 ${max} 个字` })
        .refine((s) => !CONTROL.test(s), { error: `${q(label)}含有控制字符，请删除` })
        .nullable(),
    )
}

export function idField(label: string) {
  return z
    .number({ error: `${q(label)}必须选择` })
    .int({ error: `${q(label)}无效` })
    .positive({ error: `${q(label)}无效` })
}

export function enumField<const T extends readonly [string, ...string[]]>(label: string, values: T, labels?: Record<T[number], string>) {
  const allowed = labels ? values.map((v) => labels[v as T[number]]).join('、') : values.join('、')
  return z.enum(values, { error: `${q(label)}只能是：${allowed}` })
}

export function periodField(label: string) {
  return z
    .string({ error: `${q(label)}必须填写，格式 YYYY-MM` })
    .refine(isValidPeriod, { error: `${q(label)}格式应为 YYYY-MM，例如 2024-01` })
}

export function dateField(label: string) {
  return z
    .string({ error: `${q(label)}必须填写，格式 YYYY-MM-DD` })
    .refine(isValidDate, { error: `${q(label)}不是有效日期，格式应为 YYYY-MM-DD，例如 2024-03-05` })
}

export function boolField(label: string) {
  return z.boolean({ error: `${q(label)}只能是“是”或“否”` })
}

export function usccField(label = '统一社会信用代码') {
  return z
    .union([z.string({ error: `${q(label)}必须是文字` }), z.null()])
    .optional()
    .transform((s, ctx) => {
      const t = (s ?? '').trim().toUpperCase()
      if (t === '') return null
      const r = checkUscc(t)
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `${q(label)}${r.reason}` })
        return z.NEVER
      }
      return r.value
    })
}

export function passwordField(label = '密码') {
  return z
    .string({ error: `${q(label)}必须填写` })
    .min(8, { error: `${q(label)}至少 8 位` })
    .max(128, { error: `${q(label)}不能超过 128 位` })
    .refine((s) => /[A-Za-z]/.test(s) && /\d/.test(s), { error: `${q(label)}须同时包含字母和数字` })
}

export function usernameField(label = '用户名') {
  return z
    .string({ error: `${q(label)}必须填写` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(2, { error: `${q(label)}至少 2 个字符` })
        .max(32, { error: `${q(label)}不能超过 32 个字符` })
        .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, { error: `${q(label)}只能包含字母、数字、汉字、下划线、点和短横线` }),
    )
}

/** Turns a zod failure into our error value: the first message up front, every issue in details. */
export function toValidationError(error: z.ZodError): AppError {
  const issues: FieldIssue[] = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      return { path, message: `不允许的字段：${issue.keys.join('、')}` }
    }
    if (issue.code === 'invalid_type' && issue.input === undefined && !/[「」]/.test(issue.message)) {
      return { path, message: `缺少必填项「${path || '输入'}」` }
    }
    const message = /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : `「${path || '输入'}」格式不正确`
    return { path, message }
  })
  const first = issues[0]?.message ?? '输入不正确'
  const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : ''
  return new AppError('VALIDATION', `${first}${more}`, { issues })
}

/** An amount typed as yuan text ("1,680.32"); becomes integer 分. Never a float on the way. */
export function amountField(label: string) {
  return z
    .union([z.string({ error: `${q(label)}必须是金额文字，例如 "1680.32"` }), z.null()])
    .optional()
    .transform((s, ctx) => {
      const t = (s ?? '').trim()
      if (t === '') return 0
      const r = parseYuan(t)
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `${q(label)}${r.reason}` })
        return z.NEVER
      }
      return r.fen
    })
}
