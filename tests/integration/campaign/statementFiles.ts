import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'

/** The shared December statement of 10201 and variants of it for the bad-input tests. */
export const STATEMENT_PATH = '/work/shared/fixtures/bank-statement-2024-12.xlsx'
export const ACCOUNT_10201 = '3587446405459849567'

export function statementFile(bytes: Buffer = readFileSync(STATEMENT_PATH), name = 'bank-statement-2024-12.xlsx'): { name: string; bytes: Buffer } {
  return { name, bytes }
}

/** The fixture with some cells changed (A1 addresses, values as exceljs writes them). */
export async function editedStatement(edits: Record<string, string | number | null>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(STATEMENT_PATH)
  const ws = wb.worksheets[0] as ExcelJS.Worksheet
  for (const [ref, value] of Object.entries(edits)) ws.getCell(ref).value = value
  return Buffer.from(await wb.xlsx.writeBuffer())
}

let gbkTable: Map<string, number[]> | null = null

/** Text as GBK bytes: the inverse of the platform's GBK decoder over the two-byte range (tests only). */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map()
    const dec = new TextDecoder('gbk')
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue
        const ch = dec.decode(Uint8Array.from([lead, trail]))
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail])
      }
    }
  }
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (code < 0x80) out.push(code)
    else {
      const b = gbkTable.get(ch)
      if (!b) throw new Error(`not in GBK: ${ch}`)
      out.push(...b)
    }
  }
  return Buffer.from(out)
}
