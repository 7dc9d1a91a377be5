import type { Migration } from './migrations'
import { DATE, DECIMAL, TEXT, TIME } from './checks'
import { runStatements } from './statements'

const MONEY = (col: string) => `CHECK (${col} IS NULL OR ${col} BETWEEN -1000000000000000 AND 1000000000000000)`
const STEPS = `('snapshot', 'registration', 'verification', 'notice', 'confirmation', 'report')`
const ITEM_KINDS = `('asset', 'parcel', 'contract', 'bankAccount', 'inventory', 'bioAsset', 'investment')`
const LOCKED = (campaign: string) => `EXISTS (SELECT 1 FROM campaign WHERE id = ${campaign} AND locked = 1)`

/** Refuses every insert, update and delete of a child table of a locked campaign. */
const lockedGuards = (table: string) => [
  `CREATE TRIGGER ${table}_locked_insert BEFORE INSERT ON ${table} WHEN ${LOCKED('NEW.campaign_id')}
    BEGIN SELECT RAISE(ABORT, '该清查已上报并锁定，不能修改'); END`,
  `CREATE TRIGGER ${table}_locked_update BEFORE UPDATE ON ${table} WHEN ${LOCKED('OLD.campaign_id')}
    BEGIN SELECT RAISE(ABORT, '该清查已上报并锁定，不能修改'); END`,
  `CREATE TRIGGER ${table}_locked_delete BEFORE DELETE ON ${table} WHEN ${LOCKED('OLD.campaign_id')}
    BEGIN SELECT RAISE(ABORT, '该清查已上报并锁定，不能删除'); END`,
]

/**
 * 清产核资 (issue 5): a campaign per village and as-of date, its team, the log of its steps, the frozen snapshot
 * of the books and registers (账面数) taken when 清理 ends, and the checks of 登记/核实 beside each snapshot row.
 * Snapshots and step logs never change; a locked campaign (reported) refuses every change but its unlocking.
 */
export const campaignMigration: Migration = {
  version: 5,
  name: '清产核资：清查、工作组、步骤记录、清理快照、登记核实',
  up: async (db) => {
    await runStatements(db, [
      `CREATE TABLE campaign (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        as_of TEXT NOT NULL ${DATE('as_of')},
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reported')),
        step TEXT NOT NULL CHECK (step IN ${STEPS}),
        snapshot_take INTEGER CHECK (snapshot_take IS NULL OR snapshot_take >= 1),
        locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        note TEXT ${TEXT('note', 500)},
        created_by INTEGER NOT NULL REFERENCES app_user(id),
        created_at TEXT NOT NULL ${TIME('created_at')},
        updated_at TEXT NOT NULL ${TIME('updated_at')},
        UNIQUE (village_id, as_of),
        CHECK (locked = 0 OR status = 'reported'),
        CHECK (step = 'snapshot' OR snapshot_take IS NOT NULL)
      ) STRICT`,
      `CREATE INDEX campaign_village ON campaign(village_id, as_of)`,
      // one open campaign per village at a time
      `CREATE UNIQUE INDEX campaign_one_open ON campaign(village_id) WHERE status = 'open'`,
      `CREATE TRIGGER campaign_no_delete BEFORE DELETE ON campaign
        BEGIN SELECT RAISE(ABORT, '清查记录不能删除'); END`,
      // a locked campaign only changes by being unlocked (reopened)
      `CREATE TRIGGER campaign_locked BEFORE UPDATE ON campaign WHEN OLD.locked = 1 AND NEW.locked = 1
        BEGIN SELECT RAISE(ABORT, '该清查已上报并锁定，不能修改'); END`,

      `CREATE TABLE campaign_member (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
        unit TEXT NOT NULL CHECK (unit IN ('commission', 'financeBureau', 'agency', 'village')),
        role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 20),
        created_at TEXT NOT NULL ${TIME('created_at')}
      ) STRICT`,
      `CREATE INDEX campaign_member_campaign ON campaign_member(campaign_id)`,
      ...lockedGuards('campaign_member'),

      // each row: the campaign left from_step and entered to_step (start: from_step NULL), by whom and when
      `CREATE TABLE campaign_step_log (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        direction TEXT NOT NULL CHECK (direction IN ('start', 'forward', 'back')),
        from_step TEXT CHECK (from_step IS NULL OR from_step IN ${STEPS}),
        to_step TEXT NOT NULL CHECK (to_step IN ${STEPS}),
        reason TEXT ${TEXT('reason', 500)},
        user_id INTEGER NOT NULL REFERENCES app_user(id),
        at TEXT NOT NULL ${TIME('at')},
        UNIQUE (campaign_id, seq),
        CHECK ((direction = 'start') = (from_step IS NULL)),
        CHECK ((direction = 'back') = (reason IS NOT NULL))
      ) STRICT`,
      `CREATE TRIGGER campaign_step_log_no_update BEFORE UPDATE ON campaign_step_log
        BEGIN SELECT RAISE(ABORT, '清查步骤记录不能修改'); END`,
      `CREATE TRIGGER campaign_step_log_no_delete BEFORE DELETE ON campaign_step_log
        BEGIN SELECT RAISE(ABORT, '清查步骤记录不能删除'); END`,
      ...lockedGuards('campaign_step_log').slice(0, 1),

      // the 清理 snapshot (账面数): account × auxiliary balances and register items, one take per freezing
      `CREATE TABLE campaign_snapshot (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        take INTEGER NOT NULL CHECK (take >= 1),
        kind TEXT NOT NULL CHECK (kind = 'account' OR kind IN ${ITEM_KINDS}),
        item_id INTEGER NOT NULL CHECK (item_id > 0),
        aux_item_id INTEGER NOT NULL DEFAULT 0 CHECK (aux_item_id >= 0),
        code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 60),
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        amount INTEGER ${MONEY('amount')},
        quantity TEXT ${DECIMAL('quantity')},
        unit TEXT ${TEXT('unit', 10)},
        detail TEXT CHECK (detail IS NULL OR (json_valid(detail) AND json_type(detail) = 'object')),
        taken_by INTEGER NOT NULL REFERENCES app_user(id),
        taken_at TEXT NOT NULL ${TIME('taken_at')},
        UNIQUE (campaign_id, take, kind, item_id, aux_item_id),
        CHECK (kind <> 'account' OR amount IS NOT NULL),
        CHECK (kind = 'account' OR aux_item_id = 0)
      ) STRICT`,
      `CREATE TRIGGER campaign_snapshot_no_update BEFORE UPDATE ON campaign_snapshot
        BEGIN SELECT RAISE(ABORT, '清理快照（账面数）已冻结，不能修改'); END`,
      `CREATE TRIGGER campaign_snapshot_no_delete BEFORE DELETE ON campaign_snapshot
        BEGIN SELECT RAISE(ABORT, '清理快照（账面数）已冻结，不能删除'); END`,
      ...lockedGuards('campaign_snapshot').slice(0, 1),

      // 登记 / 核实 beside a snapshot row; 盘盈 rows (found but not in the books) have no snapshot row and carry evidence
      `CREATE TABLE campaign_check (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        snapshot_id INTEGER UNIQUE REFERENCES campaign_snapshot(id),
        take INTEGER NOT NULL CHECK (take >= 1),
        result TEXT NOT NULL CHECK (result IN ('found', 'missing', 'surplus')),
        kind TEXT NOT NULL CHECK (kind = 'account' OR kind IN ${ITEM_KINDS}),
        label TEXT ${TEXT('label', 200)},
        verified_amount INTEGER ${MONEY('verified_amount')},
        verified_quantity TEXT ${DECIMAL('verified_quantity')},
        unit TEXT ${TEXT('unit', 10)},
        difference INTEGER ${MONEY('difference')},
        reason TEXT ${TEXT('reason', 500)},
        opinion TEXT ${TEXT('opinion', 500)},
        evidence TEXT ${TEXT('evidence', 500)},
        note TEXT ${TEXT('note', 500)},
        marked_by INTEGER NOT NULL REFERENCES app_user(id),
        marked_at TEXT NOT NULL ${TIME('marked_at')},
        verified_by INTEGER REFERENCES app_user(id),
        verified_at TEXT CHECK (verified_at IS NULL OR verified_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*'),
        -- the draft adjustment voucher through 181 待处理财产损溢 that books this difference
        adjust_voucher_id INTEGER REFERENCES voucher(id),
        CHECK ((result = 'surplus') = (snapshot_id IS NULL)),
        CHECK (result <> 'surplus' OR (label IS NOT NULL AND evidence IS NOT NULL AND kind <> 'account')),
        CHECK (difference IS NULL OR verified_amount IS NOT NULL)
      ) STRICT`,
      `CREATE INDEX campaign_check_campaign ON campaign_check(campaign_id, take)`,
      ...lockedGuards('campaign_check'),

      // 核实: the 现金盘点表 of a take (one per take; saving again replaces it)
      `CREATE TABLE campaign_cash_count (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        take INTEGER NOT NULL CHECK (take >= 1),
        snapshot_id INTEGER NOT NULL REFERENCES campaign_snapshot(id),
        counted_on TEXT NOT NULL ${DATE('counted_on')},
        counts TEXT NOT NULL CHECK (json_valid(counts) AND json_type(counts) = 'array'),
        receipts_not_booked TEXT NOT NULL CHECK (json_valid(receipts_not_booked) AND json_type(receipts_not_booked) = 'array'),
        payments_not_booked TEXT NOT NULL CHECK (json_valid(payments_not_booked) AND json_type(payments_not_booked) = 'array'),
        book_balance INTEGER NOT NULL ${MONEY('book_balance')},
        counted INTEGER NOT NULL ${MONEY('counted')},
        adjusted_book INTEGER NOT NULL ${MONEY('adjusted_book')},
        difference INTEGER NOT NULL ${MONEY('difference')},
        cashier TEXT NOT NULL CHECK (length(cashier) BETWEEN 1 AND 30),
        supervisor TEXT NOT NULL CHECK (length(supervisor) BETWEEN 1 AND 30),
        chief TEXT NOT NULL CHECK (length(chief) BETWEEN 1 AND 30),
        created_by INTEGER NOT NULL REFERENCES app_user(id),
        created_at TEXT NOT NULL ${TIME('created_at')},
        UNIQUE (campaign_id, take)
      ) STRICT`,
      ...lockedGuards('campaign_cash_count'),

      // 核实: the 银行存款余额调节表 of a bank account row of the snapshot (saving again replaces it)
      `CREATE TABLE campaign_bank_rec (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        snapshot_id INTEGER NOT NULL UNIQUE REFERENCES campaign_snapshot(id),
        period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
        file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        account_number TEXT ${TEXT('account_number', 60)},
        book_adjusted INTEGER NOT NULL ${MONEY('book_adjusted')},
        statement_adjusted INTEGER NOT NULL ${MONEY('statement_adjusted')},
        agrees INTEGER NOT NULL CHECK (agrees IN (0, 1)),
        result TEXT NOT NULL CHECK (json_valid(result) AND json_type(result) = 'object'),
        created_by INTEGER NOT NULL REFERENCES app_user(id),
        created_at TEXT NOT NULL ${TIME('created_at')}
      ) STRICT`,
      `CREATE INDEX campaign_bank_rec_campaign ON campaign_bank_rec(campaign_id)`,
      ...lockedGuards('campaign_bank_rec'),
    ])
  },
}
