import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from './schema'

/**
 * Fixed SQL text run through Kysely's executor, for the write hot paths (posting, audit, bulk drafts): building a
 * query with the builder costs more there than running it, while a constant text is prepared once and then
 * found in the statement cache (connection.ts). Variable-length lists go in as one JSON parameter read with
 * json_each, so that the text — and the prepared statement — stays the same whatever the length.
 */
export async function rawRows<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(text, params as unknown[]))).rows as R[]
}

export async function rawFirst<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R | undefined> {
  return (await rawRows<R>(db, text, params))[0]
}

export async function rawRun(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(text, params as unknown[]))
}
