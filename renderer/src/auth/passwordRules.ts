import type { FormRule } from 'antd'

/** Mirrors `passwordField` of the contract, so that most mistakes show before the engine is asked. */
export function passwordRules(label: string): FormRule[] {
  return [
    { required: true, message: `请输入${label}` },
    { min: 8, message: `「${label}」至少 8 位` },
    { max: 128, message: `「${label}」不能超过 128 位` },
    {
      validator: async (_rule, value: unknown) => {
        if (typeof value === 'string' && value.length >= 8 && !(/[A-Za-z]/.test(value) && /\d/.test(value))) {
          throw new Error(`「${label}」须同时包含字母和数字`)
        }
      },
    },
  ]
}

/** The confirmation field must repeat `field`. */
export function confirmRules(field: string | string[]): FormRule[] {
  return [
    { required: true, message: '请再输入一次密码' },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: unknown) => {
        if (value && value !== getFieldValue(field)) throw new Error('两次输入的密码不一致')
      },
    }),
  ]
}

export const USERNAME_RULES: FormRule[] = [
  { required: true, whitespace: true, message: '请输入用户名' },
  { min: 2, message: '「用户名」至少 2 个字符' },
  { max: 32, message: '「用户名」不能超过 32 个字符' },
  { pattern: /^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, message: '「用户名」只能包含字母、数字、汉字、下划线、点和短横线' },
]
