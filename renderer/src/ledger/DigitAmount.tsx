import type { Fen } from '../../../shared/money'
import { formatFen } from '../../../shared/money'

/** The money columns of a paper 记账凭证: 亿 千 百 十 万 千 百 十 元 角 分. */
export const DIGIT_UNITS = ['亿', '千', '百', '十', '万', '千', '百', '十', '元', '角', '分'] as const

/** Column heads over a digit-lined amount column. */
export function DigitHead() {
  return (
    <div className="sz-digits sz-digits-head" aria-hidden>
      {DIGIT_UNITS.map((u, i) => (
        <span key={i}>{u}</span>
      ))}
    </div>
  )
}

/**
 * An amount drawn on the digit lines of voucher paper (blue lines between thousands, red between 元 and 角);
 * a red (negative) amount in red. Amounts too large for the lines are written out plainly.
 */
export function DigitAmount(props: { fen: Fen; bold?: boolean }) {
  const { fen } = props
  // at least 元角分 are written (¥0.50), with ¥ in the column before the first digit
  const digits = fen === 0 ? '' : `¥${String(Math.abs(fen)).padStart(3, '0')}`
  if (digits.length > DIGIT_UNITS.length + 1) {
    return <div className={`sz-digits-plain${fen < 0 ? ' sz-red' : ''}`}>{formatFen(fen)}</div>
  }
  // the ¥ goes into the column before the first digit, or is left out when every column holds a digit
  const shown = digits.length > DIGIT_UNITS.length ? digits.slice(1) : digits
  const padded = shown.padStart(DIGIT_UNITS.length, ' ')
  return (
    <div className={`sz-digits${fen < 0 ? ' sz-red' : ''}${props.bold ? ' sz-bold' : ''}`} aria-label={fen === 0 ? '' : formatFen(fen)}>
      {[...padded].map((d, i) => (
        <span key={i} className={d === '¥' ? 'sz-yen' : undefined}>
          {d === ' ' ? '' : d}
        </span>
      ))}
    </div>
  )
}
