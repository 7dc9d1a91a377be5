/** 岗位. The engine enforces them; the UI only mirrors them. */
export const ROLES = ['admin', 'supervisor', 'bookkeeper', 'cashier', 'reviewer', 'auditor'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  supervisor: '主管会计',
  bookkeeper: '记账会计',
  cashier: '出纳',
  reviewer: '审核',
  auditor: '审计',
}

/** 审计 is read-only everywhere. */
export const READ_ONLY_ROLES: readonly Role[] = ['auditor']

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role]
}
