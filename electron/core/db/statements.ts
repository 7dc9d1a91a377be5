import { sql, type Kysely } from 'kysely'

/** Runs DDL statements in order on the migration's connection. */
export async function runStatements(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db)
}
