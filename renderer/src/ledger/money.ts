import { formatFen, parseYuan, type Fen } from '../../../shared/money'

/** Amounts arrive from the engine as yuan strings ("1680.32"); on screen they are integers of 分. */
export function fenOf(yuan: string | null | undefined): Fen {
  if (!yuan) return 0
  const r = parseYuan(yuan)
  return r.ok ? r.fen : 0
}

/** "1680.32" → "1,680.32"; zero as an empty cell when `blankZero`. */
export function fmtYuan(yuan: string | null | undefined, blankZero = false): string {
  const fen = fenOf(yuan)
  if (fen === 0 && blankZero) return ''
  return formatFen(fen)
}

export function fmtFen(fen: Fen, blankZero = false): string {
  return fen === 0 && blankZero ? '' : formatFen(fen)
}
