import type { FormInstance } from 'antd'
import type { ApiError } from './client'

/**
 * Puts the engine's field issues under the matching form fields (`details.issues[].path` is a dotted path
 * such as `admin.password`). `fields` lists the dotted paths this form shows; `aliases` maps an engine path
 * to another form path. Returns the message to show above the form, or null when every issue found its field
 * and the message adds nothing to them.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: ApiError,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): string | null {
  const byField = new Map<string, string[]>()
  let unmatched = 0
  for (const issue of error.issues) {
    const path = aliases[issue.path] ?? issue.path
    if (fields.includes(path)) {
      byField.set(path, [...(byField.get(path) ?? []), issue.message])
    } else {
      unmatched++
    }
  }
  if (byField.size > 0) {
    form.setFields([...byField].map(([path, errors]) => ({ name: path.split('.'), errors })))
    const first = form.getFieldInstance(([...byField.keys()][0] as string).split('.')) as { focus?: () => void } | undefined
    first?.focus?.()
  }
  // a validation error whose every issue sits under its field needs no banner; other errors (conflicts,
  // refusals) carry a fuller message than the field note, so show it as well
  if (error.code === 'VALIDATION' && byField.size > 0 && unmatched === 0) return null
  return error.message
}
