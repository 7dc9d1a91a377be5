import { sql, type Kysely } from 'kysely'
import type { Migration } from './migrations'
import { TIME } from './checks'
import { runStatements } from './statements'

/** |amount| ≤ 10^15 分, as in v2 */
const FEN = (col: string) => `CHECK (${col} BETWEEN -1000000000000000 AND 1000000000000000)`
/** `col` is one of `values`: the same rule as `col IN (…)`, which SQLite evaluates several times slower in a CHECK */
const ONE_OF = (col: string, values: readonly string[]) => `CHECK (${values.map((v) => `${col} = '${v}'`).join(' OR ')})`

/**
 * The voucher table rebuilt for bulk writes (issue 3: the 序时账 import), with the same columns, rules, indexes and
 * triggers; only how two rules are written changes:
 * - its CHECKs are cheaper to evaluate, each accepting exactly what v2's did: `status`/`source` as OR chains instead
 *   of IN lists; the date as “YYYY-MM-DD that date() gives back unchanged” (one call instead of date() and
 *   strftime()); `period` needs no shape check of its own, since it must equal the first seven characters of that
 *   checked date;
 * - (village, period, word, number) stays unique, by a partial index over numbered vouchers only: a NULL number
 *   never collided anyway, and drafts and reviewed vouchers (every imported row) no longer enter the index.
 * SQLite's table-rebuild procedure (reliability.md §1.8): foreign keys off outside the transaction (`rebuildsTables`),
 * create, copy (the new CHECKs judge every old row), drop, rename, recreate the indexes and the triggers that v2 and
 * later migrations put on the table, from their own SQL text; the runner checks the foreign keys before COMMIT.
 */
/** a YYYY-MM-DD that SQLite reads back as the same, real date: what v2's DATE and PERIOD checks accepted together (tested) */
export const VOUCHER_DATE = (col: string) => `CHECK (${col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(${col}) IS ${col})`

const VOUCHER = `CREATE TABLE voucher_v7 (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES village(id),
  -- its shape is the date's: see CHECK (substr(date, 1, 7) = period)
  period TEXT NOT NULL,
  date TEXT NOT NULL ${VOUCHER_DATE('date')},
  word TEXT NOT NULL DEFAULT '记' CHECK (length(word) BETWEEN 1 AND 4),
  number INTEGER CHECK (number >= 1),
  status TEXT NOT NULL ${ONE_OF('status', ['draft', 'reviewed', 'posted'])},
  attachments INTEGER NOT NULL DEFAULT 0 CHECK (attachments BETWEEN 0 AND 9999),
  source TEXT NOT NULL ${ONE_OF('source', ['manual', 'import', 'reversal', 'carryForward', 'depreciation', 'register', 'campaign'])},
  reverses_id INTEGER REFERENCES voucher(id),
  import_batch_id INTEGER REFERENCES import_batch(id),
  total INTEGER NOT NULL ${FEN('total')},
  prepared_by INTEGER NOT NULL REFERENCES app_user(id),
  prepared_at TEXT NOT NULL ${TIME('prepared_at')},
  reviewed_by INTEGER REFERENCES app_user(id),
  reviewed_at TEXT,
  posted_by INTEGER REFERENCES app_user(id),
  posted_at TEXT,
  hash TEXT CHECK (hash IS NULL OR length(hash) = 64),
  CHECK (substr(date, 1, 7) = period),
  CHECK ((status = 'posted') = (number IS NOT NULL AND posted_by IS NOT NULL AND hash IS NOT NULL)),
  CHECK ((status = 'draft') = (reviewed_by IS NULL))
) STRICT`

const COLUMNS =
  'id, village_id, period, date, word, number, status, attachments, source, reverses_id, import_batch_id, total, prepared_by, prepared_at, reviewed_by, reviewed_at, posted_by, posted_at, hash'

export const voucherRebuildMigration: Migration = {
  version: 7,
  name: '凭证表重建：约束写法更快，凭证号唯一索引只含已编号凭证',
  rebuildsTables: true,
  up: async (db: Kysely<unknown>) => {
    const count = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM voucher`.execute(db)).rows[0]?.n)
    const before = await count()
    // the indexes and triggers on voucher (v2's and later migrations'), in the order they were made
    const kept = await sql<{ type: string; name: string; sql: string }>`SELECT type, name, sql FROM sqlite_schema
      WHERE tbl_name = 'voucher' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid`.execute(db)
    await runStatements(db, [VOUCHER, `INSERT INTO voucher_v7 (${COLUMNS}) SELECT ${COLUMNS} FROM voucher ORDER BY id`, 'DROP TABLE voucher'])
    // other tables' triggers name voucher, which is gone until the rename: the legacy rename does not re-resolve them
    await sql`PRAGMA legacy_alter_table = ON`.execute(db)
    try {
      await sql`ALTER TABLE voucher_v7 RENAME TO voucher`.execute(db)
    } finally {
      await sql`PRAGMA legacy_alter_table = OFF`.execute(db)
    }
    const indexes = kept.rows.filter((r) => r.type === 'index').map((r) => r.sql)
    const triggers = kept.rows.filter((r) => r.type === 'trigger').map((r) => r.sql)
    await runStatements(db, [
      ...indexes,
      `CREATE UNIQUE INDEX voucher_number ON voucher(village_id, period, word, number) WHERE number IS NOT NULL`,
      ...triggers,
    ])
    if ((await count()) !== before) throw new Error('凭证表重建前后行数不一致')
  },
}
