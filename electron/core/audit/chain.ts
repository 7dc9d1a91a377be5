import { createHash } from 'node:crypto'

/** The genesis link: h_0. */
export const GENESIS_HASH = '0'.repeat(64)

export interface AuditRecord {
  seq: number
  at: string
  user_id: number | null
  user_name: string
  method: string
  village_id: number | null
  summary: string
}

/**
 * Canonical form of an entry: fixed field order, integers as decimal text, no locale-dependent output.
 * Any change to this function changes every hash: it is part of the file format.
 */
export function canonicalEntry(r: AuditRecord): string {
  return JSON.stringify([r.seq, r.at, r.user_id, r.user_name, r.method, r.village_id, r.summary])
}

export function chainHash(prevHash: string, r: AuditRecord): string {
  return createHash('sha256').update(prevHash, 'utf8').update('\n', 'utf8').update(canonicalEntry(r), 'utf8').digest('hex')
}

/** Stable JSON for summaries: keys sorted, so the same facts always hash the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      // most summaries are built with their keys in order already: those need no sorted copy
      if (keysSorted(v)) return v
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    }
    return v
  })
}

function keysSorted(o: object): boolean {
  const keys = Object.keys(o)
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) >= (keys[i] as string)) return false
  return true
}
