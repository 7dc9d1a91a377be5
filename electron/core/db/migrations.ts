import type { Kysely } from 'kysely'
import { ledgerMigration } from './migration-002-ledger'
import { registersMigration } from './migration-003-registers'
import { registersMigration2 } from './migration-004-registers'
import { campaignMigration } from './migration-005-campaign'
import { campaignCloseoutMigration } from './migration-006-campaign-closeout'
import { voucherRebuildMigration } from './migration-007-voucher-rebuild'
import { runStatements } from './statements'

/**
 * Ordered, frozen migrations. Never edit a released one: add the next.
 * Each runs inside one IMMEDIATE transaction together with its `user_version` bump (see migrate.ts).
 */
export interface Migration {
  version: number
  name: string
  up(db: Kysely<unknown>): Promise<void>
  /** rebuilds tables (reliability.md §1.8): the runner turns foreign keys off around its transaction and checks them before COMMIT */
  rebuildsTables?: boolean
}


const DATE_TIME = (col: string) => `CHECK (${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*')`

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: '代理中心、村、用户与操作日志',
    up: (db) =>
      runStatements(db, [
        `CREATE TABLE agency (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
          district TEXT NOT NULL CHECK (length(district) BETWEEN 1 AND 60),
          created_at TEXT NOT NULL ${DATE_TIME('created_at')},
          updated_at TEXT NOT NULL ${DATE_TIME('updated_at')}
        ) STRICT`,
        `CREATE TABLE village (
          id INTEGER PRIMARY KEY,
          code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 20),
          name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
          uscc TEXT UNIQUE CHECK (uscc IS NULL OR length(uscc) = 18),
          level TEXT NOT NULL CHECK (level IN ('village', 'group')),
          parent_id INTEGER REFERENCES village(id),
          chart_version TEXT NOT NULL CHECK (chart_version IN ('2023', '2004')),
          start_period TEXT NOT NULL CHECK (start_period GLOB '[1-2][0-9][0-9][0-9]-[0-1][0-9]'),
          contact_person TEXT,
          contact_phone TEXT,
          address TEXT,
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
          created_at TEXT NOT NULL ${DATE_TIME('created_at')},
          updated_at TEXT NOT NULL ${DATE_TIME('updated_at')},
          CHECK ((level = 'group') = (parent_id IS NOT NULL)),
          CHECK (parent_id IS NULL OR parent_id <> id)
        ) STRICT`,
        `CREATE INDEX village_parent ON village(parent_id)`,
        `CREATE TABLE app_user (
          id INTEGER PRIMARY KEY,
          username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 2 AND 32),
          display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 30),
          role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'bookkeeper', 'cashier', 'reviewer', 'auditor')),
          password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
          all_villages INTEGER NOT NULL DEFAULT 0 CHECK (all_villages IN (0, 1)),
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
          failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
          locked_until TEXT,
          created_at TEXT NOT NULL ${DATE_TIME('created_at')},
          updated_at TEXT NOT NULL ${DATE_TIME('updated_at')},
          last_sign_in_at TEXT
        ) STRICT`,
        `CREATE TABLE user_village (
          user_id INTEGER NOT NULL REFERENCES app_user(id),
          village_id INTEGER NOT NULL REFERENCES village(id),
          PRIMARY KEY (user_id, village_id)
        ) STRICT`,
        `CREATE INDEX user_village_village ON user_village(village_id)`,
        // The audit log is append-only: h_n = SHA-256(h_{n-1} || canonical entry), and no row may change.
        `CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY CHECK (seq >= 1),
          at TEXT NOT NULL ${DATE_TIME('at')},
          user_id INTEGER,
          user_name TEXT NOT NULL,
          method TEXT NOT NULL,
          village_id INTEGER,
          summary TEXT NOT NULL CHECK (json_valid(summary)),
          prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
          hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
        ) STRICT`,
        `CREATE INDEX audit_log_user ON audit_log(user_id, seq)`,
        `CREATE INDEX audit_log_village ON audit_log(village_id, seq)`,
        `CREATE INDEX audit_log_at ON audit_log(at)`,
        `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能修改'); END`,
        `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能删除'); END`,
        // A village is never deleted (its books and history stay); it is disabled instead.
        `CREATE TRIGGER village_no_delete BEFORE DELETE ON village
          BEGIN SELECT RAISE(ABORT, '村不能删除，只能停用'); END`,
      ]),
  },
  ledgerMigration,
  registersMigration,
  registersMigration2,
  campaignMigration,
  campaignCloseoutMigration,
  voucherRebuildMigration,
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
