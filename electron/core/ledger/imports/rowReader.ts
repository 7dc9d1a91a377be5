import { countOf, dateOf, keyTextOf, textOf, type CellValue } from '../../io/cells'
import type { TableInfo, TableRow } from '../../io/table'
import type { IssueList } from './common'
import { CONTROL } from './names'

/**
 * Reads the cells of one row of a register import: each reader notes its problem at the cell and marks the row
 * bad, and returns null for a cell that is empty, wrong or refused. Key columns (codes, numbers) read as key text.
 */
export class RowReader<K extends string> {
  bad = false

  constructor(
    private readonly r: TableRow<K>,
    private readonly info: TableInfo<K>,
    private readonly issues: IssueList<K>,
    private readonly labels: Record<K, string>,
    private readonly keys: readonly K[],
    private readonly maxLengths: Partial<Record<K, number>> = {},
  ) {}

  get row(): number {
    return this.r.row
  }

  cell(k: K): CellValue {
    return this.r.values[k] ?? null
  }

  /** Notes a problem at the cell and marks the row bad; null, for `return rd.fail(…)`. */
  fail(k: K, message: string): null {
    this.issues.at(this.r.row, k, message)
    this.bad = true
    return null
  }

  /** Trimmed text of at most `max` characters (the column's own limit, else 30) without control characters. */
  text(k: K, required: boolean, max: number = this.maxLengths[k] ?? 30): string | null {
    const label = this.labels[k]
    const t = (this.keys.includes(k) ? keyTextOf : textOf)(this.cell(k), label)
    if (!t.ok) return this.fail(k, t.message)
    if (t.value === null) return required ? this.fail(k, `${label}不能为空`) : null
    if (t.value.length > max || CONTROL.test(t.value)) return this.fail(k, `${label}不能超过 ${max} 个字，也不能含控制字符`)
    return t.value
  }

  date(k: K, required: boolean): string | null {
    const d = dateOf(this.cell(k), this.info.date1904)
    if (!d.ok) return this.fail(k, d.message)
    if (d.value === null && required) return this.fail(k, `${this.labels[k]}不能为空`)
    return d.value
  }

  count(k: K, max: number): number | null {
    const c = countOf(this.cell(k), this.labels[k], max)
    return c.ok ? c.value : this.fail(k, c.message)
  }
}
