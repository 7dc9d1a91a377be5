import type { Statement } from 'better-sqlite3'
import { CompiledQuery, type Kysely } from 'kysely'
import { statementCache, type Sqlite } from './connection'
import type { Database } from './schema'

/**
 * Fixed SQL text run through Kysely's executor, for the write hot paths (posting, audit, bulk drafts): building a
 * query with the builder costs more there than running it, while a constant text is prepared once and then
 * found in the statement cache (connection.ts). Variable-length lists go in as one JSON parameter read with
 * json_each, so that the text — and the prepared statement — stays the same whatever the length.
 *
 * Inside a write transaction the executor adds nothing: the transaction's Kysely holds the one connection for
 * itself (engine.ts), so its fixed texts run on that connection directly (`bindDirect`), each prepared once.
 */
const direct = new WeakMap<Kysely<Database>, (text: string) => Statement>()

/** Lets the fixed texts given `trx` — a Kysely holding `sqlite` for itself, in a transaction — skip the executor. */
export function bindDirect(trx: Kysely<Database>, sqlite: Sqlite): void {
  direct.set(trx, statementCache(sqlite))
}

export async function rawRows<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R[]> {
  const prepare = direct.get(db)
  if (prepare) {
    const s = prepare(text)
    if (s.reader) return s.all(params) as R[]
    s.run(params)
    return []
  }
  return (await db.executeQuery<R>(CompiledQuery.raw(text, params as unknown[]))).rows as R[]
}

export async function rawFirst<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R | undefined> {
  return (await rawRows<R>(db, text, params))[0]
}

export async function rawRun(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<void> {
  await rawRows(db, text, params)
}
