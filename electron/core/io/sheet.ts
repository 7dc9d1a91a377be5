import type { CellRange, CellValue } from './cells'

/** One row as read: its spreadsheet row number (1-based) and its cells, index 0 = column A (holes = empty). */
export interface SourceRow {
  row: number
  cells: CellValue[]
}

/** One worksheet (or the one table of a CSV file), read as a stream of rows. */
export interface SheetSource {
  name: string
  hidden: boolean
  /** the workbook counts dates from 1904 (old Mac Excel) */
  date1904: boolean
  rows(): AsyncIterable<SourceRow>
  /** known once rows() has been read to the end */
  merges(): readonly CellRange[]
  hiddenRows(): readonly number[]
  isoDateCells(): readonly string[]
}
