import { deflateRawSync } from 'node:zlib'

/**
 * Hand-made .xlsx files for the reader's tests: a tiny ZIP writer (with the option to lie about sizes or to
 * mark an entry encrypted) and a worksheet XML writer with inline strings, formulas, merges and hidden rows.
 */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export interface ZipOptions {
  /** declared uncompressed sizes that differ from the truth */
  declaredSize?: Record<string, number>
  encrypted?: string[]
}

export function buildZip(files: Record<string, string | Buffer>, options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8')
    const packed = deflateRawSync(data)
    const nameBuf = Buffer.from(name, 'utf8')
    const size = options.declaredSize?.[name] ?? data.length
    const flags = (options.encrypted?.includes(name) ? 1 : 0) | 0x800
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(nameBuf.length, 26)
    locals.push(local, nameBuf, packed)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(nameBuf.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, nameBuf)
    offset += 30 + nameBuf.length + packed.length
  }
  const cd = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(Object.keys(files).length, 8)
  eocd.writeUInt16LE(Object.keys(files).length, 10)
  eocd.writeUInt32LE(cd.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, eocd])
}

export type XCell = string | number | null | { f: string; v?: number; shared?: boolean } | { error: string } | { isoDate: string }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function letter(col: number): string {
  let n = col
  let s = ''
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

export interface SheetOptions {
  merges?: string[]
  hiddenRows?: number[]
  /** first row number (rows before it are absent) */
  startRow?: number
}

export function sheetXml(rows: XCell[][], o: SheetOptions = {}): string {
  const start = o.startRow ?? 1
  const body = rows
    .map((cells, i) => {
      const r = start + i
      const hidden = o.hiddenRows?.includes(r) ? ' hidden="1"' : ''
      const cs = cells
        .map((c, j) => {
          const ref = `${letter(j + 1)}${r}`
          if (c === null) return ''
          if (typeof c === 'number') return `<c r="${ref}"><v>${c}</v></c>`
          if (typeof c === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`
          if ('error' in c) return `<c r="${ref}" t="e"><v>${esc(c.error)}</v></c>`
          if ('isoDate' in c) return `<c r="${ref}" t="d"><v>${c.isoDate}</v></c>`
          const f = c.shared ? '<f t="shared" si="0"/>' : `<f>${esc(c.f)}</f>`
          return `<c r="${ref}">${f}${c.v === undefined ? '' : `<v>${c.v}</v>`}</c>`
        })
        .join('')
      return `<row r="${r}"${hidden}>${cs}</row>`
    })
    .join('')
  const merges = o.merges?.length ? `<mergeCells count="${o.merges.length}">${o.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : ''
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData>${merges}</worksheet>`
}

export interface BookSheet {
  name: string
  xml: string
  state?: 'hidden' | 'veryHidden'
}

/** A workbook of the given sheets (and optional shared strings, 1904 dates). */
export function buildXlsx(sheets: BookSheet[], extra: { date1904?: boolean; sharedStrings?: string; zip?: ZipOptions; more?: Record<string, string | Buffer> } = {}): Buffer {
  const files: Record<string, string | Buffer> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${extra.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets
      .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}${extra.sharedStrings ? `<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
  }
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = s.xml))
  if (extra.sharedStrings) files['xl/sharedStrings.xml'] = extra.sharedStrings
  Object.assign(files, extra.more ?? {})
  return buildZip(files, extra.zip)
}

export const JOURNAL_HEADER: XCell[] = ['日期', '凭证号', '摘要', '科目编码', '科目名称', '借方金额', '贷方金额', '往来单位', '附单据数']
