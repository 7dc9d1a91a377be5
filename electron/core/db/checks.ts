/**
 * CHECK clauses shared by the migrations (STRICT tables keep types; these keep the shapes of the text we store).
 * Each returns the same SQL text the migrations wrote inline before, so a migration's schema does not change.
 */

/** YYYY-MM-DD that SQLite itself reads back as the same, real date */
export const DATE = (col: string) =>
  `CHECK (${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(${col}) IS NOT NULL AND strftime('%Y-%m-%d', ${col}) = ${col})`

export const OPTIONAL_DATE = (col: string) =>
  `CHECK (${col} IS NULL OR (${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(${col}) IS NOT NULL AND strftime('%Y-%m-%d', ${col}) = ${col}))`

/** YYYY-MM */
export const PERIOD = (col: string) => `CHECK (${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]' AND substr(${col}, 6, 2) BETWEEN '01' AND '12')`

/** an ISO timestamp */
export const TIME = (col: string) => `CHECK (${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*')`

/** a canonical non-negative decimal as text ("193.1521", "0.05") */
export const DECIMAL = (col: string) =>
  `CHECK (${col} IS NULL OR (${col} GLOB '[0-9]*' AND ${col} NOT GLOB '*[^0-9.]*' AND ${col} NOT GLOB '*.*.*' AND ${col} NOT GLOB '*.'))`

/** optional text of 1…max characters */
export const TEXT = (col: string, max: number) => `CHECK (${col} IS NULL OR length(${col}) BETWEEN 1 AND ${max})`
