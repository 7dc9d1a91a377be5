/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I O S V Z);
 * the 18th is a check character over the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type UsccCheck = { ok: true; value: string } | { ok: false; reason: string }

export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] as string)
    if (v < 0) return null
    sum += v * (WEIGHTS[i] as number)
  }
  const c = (31 - (sum % 31)) % 31
  return ALPHABET[c] as string
}

export function checkUscc(raw: string): UsccCheck {
  const value = raw.trim().toUpperCase()
  if (value.length !== 18) return { ok: false, reason: `应为 18 位，实际 ${value.length} 位` }
  for (let i = 0; i < 18; i++) {
    if (!ALPHABET.includes(value[i] as string)) {
      return { ok: false, reason: `第 ${i + 1} 位“${value[i]}”不是有效字符（不使用 I、O、S、V、Z）` }
    }
  }
  const expected = usccCheckCharacter(value.slice(0, 17))
  if (expected !== value[17]) {
    return { ok: false, reason: `校验码错误：第 18 位应为“${expected}”，请核对证书` }
  }
  return { ok: true, value }
}
