import { assertFen, type Fen } from './money'

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖']
const IN_GROUP = ['仟', '佰', '拾', ''] // positions of a 4-digit group, high to low
const GROUP_UNITS = ['', '万', '亿', '万'] // the top 万 reads 万亿 when the 亿 group is empty

/** One 4-digit group without its unit: internal zero runs become one 零; trailing zeros are dropped. */
function groupWords(d: readonly number[]): string {
  let out = ''
  let pendingZero = false
  let started = false
  for (let i = 0; i < 4; i++) {
    const v = d[i] as number
    if (v === 0) {
      if (started) pendingZero = true
      continue
    }
    if (pendingZero) out += '零'
    pendingZero = false
    started = true
    out += (DIGITS[v] as string) + (IN_GROUP[i] as string)
  }
  return out
}

/**
 * 大写金额 (domain.md §5), the canonical style: 壹拾 for 10–19 (every digit is written, 拾 never stands alone); one 零 for a run of zeros; the optional 零 before
 * 角 written (…元零叁角); the optional 零 where a zero run ends at the 万/亿 position and the next 仟 is not zero
 * left out (壹拾万柒仟元); 整 after 元 and after 角, never after 分.
 */
export function amountInWords(fen: Fen, options: { prefix?: boolean } = {}): string {
  assertFen(fen)
  const prefix = options.prefix === false ? '' : '人民币'
  const negative = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const jiao = Math.floor(abs / 10) % 10
  const fenDigit = abs % 10
  const sign = negative ? '负' : ''
  if (abs === 0) return `${prefix}零元整`

  let words = ''
  if (yuan > 0) {
    const digits = String(yuan).split('').map(Number)
    while (digits.length % 4 !== 0) digits.unshift(0)
    const groups: number[][] = []
    for (let i = 0; i < digits.length; i += 4) groups.push(digits.slice(i, i + 4))
    let prevNonEmpty = false
    // zeros seen since the last written digit, and whether they cover a group's unit position
    let zerosPending = false
    let zeroAtUnit = false
    groups.forEach((g, idx) => {
      const position = groups.length - 1 - idx
      const yiGroupEmpty = position === 3 && (groups[idx + 1] as number[]).every((v) => v === 0)
      const unit = yiGroupEmpty ? '万亿' : (GROUP_UNITS[position] as string)
      const allZero = g.every((v) => v === 0)
      if (allZero) {
        if (prevNonEmpty) {
          zerosPending = true
          zeroAtUnit = false // a whole empty group: the 零 stays
        }
        return
      }
      const leading = g.findIndex((v) => v !== 0)
      if (prevNonEmpty && (zerosPending || leading > 0)) {
        const optional = zerosPending && zeroAtUnit && leading === 0
        if (!optional) words += '零'
      }
      words += groupWords(g) + unit
      const trailingZero = g[3] === 0
      zerosPending = trailingZero
      zeroAtUnit = trailingZero
      prevNonEmpty = true
    })
    words += '元'
    if (jiao === 0 && fenDigit === 0) return `${prefix}${sign}${words}整`
    if (jiao !== 0 && yuan % 10 === 0) words += '零'
    if (jiao === 0) words += '零'
  }
  if (jiao !== 0) words += `${DIGITS[jiao] as string}角`
  if (fenDigit !== 0) words += `${DIGITS[fenDigit] as string}分`
  else words += '整'
  return `${prefix}${sign}${words}`
}
