import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { AppError } from '../../../shared/errors'
import { isErrorCell, isFormula, type CellValue } from '../io/cells'
import { DEFAULT_LIMITS, ReadBudget } from '../io/limits'
import { writeWorkbook, type SheetSpec, type WorkbookOptions } from '../io/workbook'
import { xlsxSheets } from '../io/xlsx'

/**
 * The content fingerprint of a reported workbook: SHA-256 over the cell VALUES of every sheet in order (not the
 * zip bytes, which change with every save). Each sheet hashes to its own digest over its non-empty rows (row
 * number and trimmed cells as JSON); the workbook digest is SHA-256 over the sheet names and digests in order.
 * The fingerprint line itself (a cell starting with FINGERPRINT_MARK) is left out of the content.
 *
 * Where it is kept: as a visible footer cell on every sheet, "内容指纹（SHA-256）：<workbook>；本表：<sheet>".
 * A cell value is the one thing every editor (Excel, WPS, LibreOffice, exceljs) must keep when it re-saves a
 * workbook; custom document properties and defined names are rewritten or dropped by some of them (WPS and
 * exceljs do not carry unknown custom properties through a save), and a hidden sheet is one unhide away from
 * being edited anyway. The per-sheet digest lets the check say which sheet was changed.
 */
export const FINGERPRINT_MARK = '内容指纹（SHA-256）：'
const SHEET_MARK = '；本表：'

export interface SheetDigest {
  name: string
  digest: string
  /** canonical rows, kept to point at the first changed cell when the caller has the original rows */
  rows: { row: number; cells: CanonicalCell[] }[]
  /** the fingerprint written on this sheet, if any */
  embedded: { workbook: string; sheet: string } | null
}

export type CanonicalCell = string | number | boolean | null

export interface ContentDigest {
  fingerprint: string
  sheets: SheetDigest[]
}

function canonical(c: CellValue | undefined): CanonicalCell {
  if (c === null || c === undefined) return null
  if (isFormula(c)) return canonical(c.result ?? null)
  if (isErrorCell(c)) return `#${c.error}`
  if (c instanceof Date) return c.toISOString()
  if (typeof c === 'string') return c === '' ? null : c
  return c
}

export function fingerprintLine(workbook: string, sheet: string): string {
  return `${FINGERPRINT_MARK}${workbook}${SHEET_MARK}${sheet}`
}

function parseLine(text: string): { workbook: string; sheet: string } | null {
  const m = /^内容指纹（SHA-256）：([0-9a-f]{64})；本表：([0-9a-f]{64})$/.exec(text.trim())
  return m ? { workbook: m[1] as string, sheet: m[2] as string } : null
}

/** Reads the workbook with the hardened reader and computes its content fingerprint. */
export async function contentDigest(bytes: Buffer): Promise<ContentDigest> {
  const sheets: SheetDigest[] = []
  for await (const s of xlsxSheets(bytes, new ReadBudget(DEFAULT_LIMITS))) {
    const hash = createHash('sha256')
    const rows: SheetDigest['rows'] = []
    let embedded: SheetDigest['embedded'] = null
    for await (const r of s.rows()) {
      const cells = r.cells.map(canonical)
      while (cells.length && cells[cells.length - 1] === null) cells.pop()
      if (cells.length === 0) continue
      const first = cells.find((x) => x !== null)
      if (typeof first === 'string' && first.startsWith(FINGERPRINT_MARK)) {
        embedded = parseLine(first) ?? embedded
        continue
      }
      rows.push({ row: r.row, cells })
      hash.update(JSON.stringify([r.row, cells]))
      hash.update('\n')
    }
    sheets.push({ name: s.name, digest: hash.digest('hex'), rows, embedded })
  }
  const all = createHash('sha256')
  for (const s of sheets) all.update(`${JSON.stringify([s.name, s.digest])}\n`)
  return { fingerprint: all.digest('hex'), sheets }
}

export interface FingerprintCheck {
  ok: boolean
  /** the fingerprint written in the workbook (null: none found) */
  embedded: string | null
  computed: string
  /** Chinese one-line verdict */
  message: string
  /** sheets whose own digest no longer matches what was written on them */
  changedSheets: string[]
}

/** Recomputes a reported workbook's fingerprint and compares it with the one written in it. */
export async function checkWorkbook(path: string): Promise<FingerprintCheck> {
  const d = await contentDigest(readFileSync(path))
  const written = d.sheets.map((s) => s.embedded).filter((e) => e !== null)
  const embedded = written[0]?.workbook ?? null
  if (embedded === null) {
    return { ok: false, embedded: null, computed: d.fingerprint, changedSheets: [], message: '工作簿中没有内容指纹（不是本系统生成的上报表，或指纹行被删除），无法确认是否被改动' }
  }
  const changedSheets = d.sheets.filter((s) => s.embedded !== null && s.embedded.sheet !== s.digest).map((s) => s.name)
  const missing = d.sheets.filter((s) => s.embedded === null).map((s) => s.name)
  const inconsistent = written.some((e) => e.workbook !== embedded)
  const ok = embedded === d.fingerprint && !inconsistent && missing.length === 0
  if (ok) return { ok, embedded, computed: d.fingerprint, changedSheets: [], message: `未被改动：内容指纹 ${embedded} 与重新计算的一致` }
  const where = [
    changedSheets.length ? `工作表「${changedSheets.join('」「')}」的内容与其指纹不符` : '',
    missing.length ? `工作表「${missing.join('」「')}」的指纹行缺失` : '',
    inconsistent ? '各工作表记载的指纹不一致' : '',
    !changedSheets.length && !missing.length && !inconsistent ? '工作表被增加、删除、改名或调换了顺序' : '',
  ].filter(Boolean)
  return { ok: false, embedded, computed: d.fingerprint, changedSheets, message: `已被改动：${where.join('；')}（记载的指纹 ${embedded}，重新计算为 ${d.fingerprint}）` }
}

/**
 * Writes the workbook through the one builder and seals it: a first pass to a scratch file gives the content
 * (read back with the same reader the check uses, so the two can never disagree on what a cell holds), then the
 * real file is written with the fingerprint line under every sheet and read back once more to confirm it.
 */
export async function writeSealedWorkbook(path: string, sheets: SheetSpec<unknown>[], options: WorkbookOptions = {}): Promise<{ rows: number; fingerprint: string }> {
  const withLine = (line: (i: number) => string) =>
    sheets.map((s, i) => ({
      ...s,
      footer: () => {
        const before = typeof s.footer === 'function' ? s.footer() : s.footer
        return [...(before === undefined ? [] : Array.isArray(before) ? before : [before]), line(i)]
      },
    }))
  const scratch = `${path}.${process.pid}.seal.xlsx`
  let first: ContentDigest
  try {
    await writeWorkbook(scratch, withLine(() => `${FINGERPRINT_MARK}…`), options)
    first = await contentDigest(readFileSync(scratch))
  } finally {
    rmSync(scratch, { force: true })
  }
  const result = await writeWorkbook(path, withLine((i) => fingerprintLine(first.fingerprint, first.sheets[i]?.digest ?? '')), options)
  const check = await checkWorkbook(path)
  if (!check.ok) throw new AppError('INTERNAL', `上报表指纹写入后校验不一致：${check.message}`)
  return { rows: result.rows, fingerprint: first.fingerprint }
}
