/**
 * Text from users is written as text; a leading = + - @ (after optional spaces) or TAB/CR/LF/NUL would turn
 * into a live formula when a reviewer edits the cell or re-saves as CSV, so it gets a visible apostrophe.
 * The one place this happens (architecture.md "Reports and workbooks"; OWASP CSV injection, ASVS V1.2.10).
 */
export function neutraliseText(text: string): string {
  if (text === '') return text
  const first = text.charCodeAt(0)
  if (first === 0x09 || first === 0x0d || first === 0x0a || first === 0x00) return `'${text}`
  const firstVisible = text.trimStart()[0]
  if (firstVisible !== undefined && '=+-@＝＋－＠'.includes(firstVisible)) return `'${text}`
  return text
}
