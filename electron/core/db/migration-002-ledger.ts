import { sql, type Kysely } from 'kysely'
import { DATE, PERIOD, TIME } from './checks'
import type { ChartVersion } from '../../../shared/api/types'
import { seedStandardChart } from '../ledger/chart'
import type { Migration } from './migrations'
import type { Database } from './schema'
import { runStatements } from './statements'

/** |amount| ≤ 10^15 分: far below 2^53, so sums stay exact in JavaScript too */
const FEN = (col: string) => `CHECK (${col} BETWEEN -1000000000000000 AND 1000000000000000)`

/**
 * The general ledger: each village's chart, auxiliary items, opening balances, vouchers and lines, period
 * closes, and the balance table kept in the posting transaction. Posted vouchers and their lines are
 * protected by triggers; a correction is a reversal.
 */
export const ledgerMigration: Migration = {
  version: 2,
  name: '总账：科目、辅助核算、期初、凭证、结账、余额',
  up: async (db) => {
    await runStatements(db, [
      `CREATE TABLE account (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        code TEXT NOT NULL CHECK (code GLOB '[1-9][0-9][0-9]*' AND code NOT GLOB '*[^0-9]*' AND length(code) IN (3, 5, 7, 9)),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        parent_id INTEGER REFERENCES account(id),
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4 AND level = (length(code) - 1) / 2),
        class TEXT NOT NULL CHECK (class IN ('asset', 'liability', 'equity', 'cost', 'profitLoss')),
        normal_side TEXT NOT NULL CHECK (normal_side IN ('debit', 'credit', 'both')),
        aux_kind TEXT CHECK (aux_kind IN ('counterparty', 'household', 'project', 'bank')),
        is_leaf INTEGER NOT NULL DEFAULT 1 CHECK (is_leaf IN (0, 1)),
        standard INTEGER NOT NULL DEFAULT 0 CHECK (standard IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at TEXT NOT NULL ${TIME('created_at')},
        updated_at TEXT NOT NULL ${TIME('updated_at')},
        UNIQUE (village_id, code),
        CHECK ((level = 1) = (parent_id IS NULL))
      ) STRICT`,
      `CREATE INDEX account_parent ON account(parent_id)`,
      `CREATE TRIGGER account_no_delete BEFORE DELETE ON account
        BEGIN SELECT RAISE(ABORT, '会计科目不能删除，只能停用'); END`,

      `CREATE TABLE aux_item (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        kind TEXT NOT NULL CHECK (kind IN ('counterparty', 'household', 'project', 'bank')),
        code TEXT,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at TEXT NOT NULL ${TIME('created_at')},
        UNIQUE (village_id, kind, name)
      ) STRICT`,

      // 期初余额 of leaf accounts at the village's start period; debit positive, credit negative
      `CREATE TABLE opening_balance (
        village_id INTEGER NOT NULL REFERENCES village(id),
        account_id INTEGER NOT NULL REFERENCES account(id),
        aux_item_id INTEGER NOT NULL DEFAULT 0 CHECK (aux_item_id >= 0),
        amount INTEGER NOT NULL ${FEN('amount')},
        PRIMARY KEY (account_id, aux_item_id)
      ) STRICT`,
      `CREATE INDEX opening_balance_village ON opening_balance(village_id)`,

      `CREATE TABLE import_batch (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        kind TEXT NOT NULL CHECK (kind IN ('vouchers', 'opening', 'chart', 'assets', 'resources', 'contracts', 'bank')),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        rows INTEGER NOT NULL CHECK (rows >= 0),
        created_by INTEGER NOT NULL REFERENCES app_user(id),
        created_at TEXT NOT NULL ${TIME('created_at')},
        UNIQUE (village_id, kind, sha256)
      ) STRICT`,

      `CREATE TABLE voucher (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        period TEXT NOT NULL ${PERIOD('period')},
        date TEXT NOT NULL ${DATE('date')},
        word TEXT NOT NULL DEFAULT '记' CHECK (length(word) BETWEEN 1 AND 4),
        number INTEGER CHECK (number >= 1),
        status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'posted')),
        attachments INTEGER NOT NULL DEFAULT 0 CHECK (attachments BETWEEN 0 AND 9999),
        source TEXT NOT NULL CHECK (source IN ('manual', 'import', 'reversal', 'carryForward', 'depreciation', 'register', 'campaign')),
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
        CHECK ((status = 'draft') = (reviewed_by IS NULL)),
        UNIQUE (village_id, period, word, number)
      ) STRICT`,
      `CREATE INDEX voucher_village_period ON voucher(village_id, period, status)`,
      `CREATE UNIQUE INDEX voucher_reversed_once ON voucher(reverses_id) WHERE reverses_id IS NOT NULL`,

      `CREATE TABLE voucher_line (
        id INTEGER PRIMARY KEY,
        voucher_id INTEGER NOT NULL REFERENCES voucher(id),
        line_no INTEGER NOT NULL CHECK (line_no BETWEEN 1 AND 999),
        period TEXT NOT NULL ${PERIOD('period')},
        summary TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 200),
        account_id INTEGER NOT NULL REFERENCES account(id),
        aux_item_id INTEGER REFERENCES aux_item(id),
        debit INTEGER NOT NULL ${FEN('debit')},
        credit INTEGER NOT NULL ${FEN('credit')},
        -- one side only, never both, never neither (a red reversal line is negative on its side)
        CHECK ((debit = 0) <> (credit = 0)),
        UNIQUE (voucher_id, line_no)
      ) STRICT`,
      `CREATE INDEX voucher_line_account ON voucher_line(account_id, period)`,
      `CREATE INDEX voucher_line_aux ON voucher_line(aux_item_id) WHERE aux_item_id IS NOT NULL`,

      // 不可逆的记账 (财会〔2024〕12号 Art. 21(3)): a posted voucher and its lines never change
      `CREATE TRIGGER voucher_posted_no_update BEFORE UPDATE ON voucher WHEN OLD.status = 'posted'
        BEGIN SELECT RAISE(ABORT, '已记账凭证不能修改，请用红字冲销更正'); END`,
      `CREATE TRIGGER voucher_no_delete BEFORE DELETE ON voucher WHEN OLD.status <> 'draft'
        BEGIN SELECT RAISE(ABORT, '只有草稿凭证可以删除'); END`,
      `CREATE TRIGGER voucher_line_posted_no_update BEFORE UPDATE ON voucher_line
        WHEN (SELECT status FROM voucher WHERE id = OLD.voucher_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, '已审核或已记账凭证的分录不能修改'); END`,
      `CREATE TRIGGER voucher_line_posted_no_delete BEFORE DELETE ON voucher_line
        WHEN (SELECT status FROM voucher WHERE id = OLD.voucher_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, '已审核或已记账凭证的分录不能删除'); END`,
      `CREATE TRIGGER voucher_line_posted_no_insert BEFORE INSERT ON voucher_line
        WHEN (SELECT status FROM voucher WHERE id = NEW.voucher_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, '已审核或已记账凭证不能增加分录'); END`,
      // a backstop for the posting service: only a balanced voucher becomes posted
      `CREATE TRIGGER voucher_post_balanced BEFORE UPDATE OF status ON voucher WHEN NEW.status = 'posted'
        AND (SELECT coalesce(sum(debit), 0) - coalesce(sum(credit), 0) FROM voucher_line WHERE voucher_id = NEW.id) <> 0
        BEGIN SELECT RAISE(ABORT, '借贷不平衡的凭证不能记账'); END`,

      `CREATE TABLE period_close (
        village_id INTEGER NOT NULL REFERENCES village(id),
        period TEXT NOT NULL ${PERIOD('period')},
        closed_by INTEGER NOT NULL REFERENCES app_user(id),
        closed_at TEXT NOT NULL ${TIME('closed_at')},
        PRIMARY KEY (village_id, period)
      ) STRICT`,
      `CREATE TRIGGER voucher_closed_period_insert BEFORE INSERT ON voucher
        WHEN EXISTS (SELECT 1 FROM period_close WHERE village_id = NEW.village_id AND period = NEW.period)
        BEGIN SELECT RAISE(ABORT, '该期间已结账，不能录入凭证'); END`,
      `CREATE TRIGGER voucher_closed_period_post BEFORE UPDATE OF status ON voucher
        WHEN EXISTS (SELECT 1 FROM period_close WHERE village_id = NEW.village_id AND period = NEW.period)
        BEGIN SELECT RAISE(ABORT, '该期间已结账，不能审核或记账'); END`,

      // period activity of leaf accounts per auxiliary item (0 = none), kept in the posting transaction
      `CREATE TABLE balance (
        village_id INTEGER NOT NULL REFERENCES village(id),
        account_id INTEGER NOT NULL REFERENCES account(id),
        aux_item_id INTEGER NOT NULL DEFAULT 0 CHECK (aux_item_id >= 0),
        period TEXT NOT NULL ${PERIOD('period')},
        debit INTEGER NOT NULL DEFAULT 0 ${FEN('debit')},
        credit INTEGER NOT NULL DEFAULT 0 ${FEN('credit')},
        PRIMARY KEY (account_id, aux_item_id, period)
      ) STRICT`,
      `CREATE INDEX balance_village_period ON balance(village_id, period)`,
    ])
    // villages made before the ledger existed get their official chart now
    const villages = await sql<{ id: number; chart_version: ChartVersion }>`SELECT id, chart_version FROM village ORDER BY id`.execute(db)
    for (const v of villages.rows) await seedStandardChart(db as Kysely<Database>, v.id, v.chart_version)
  },
}
