import type { Migration } from './migrations'
import { DATE, DECIMAL, OPTIONAL_DATE, PERIOD, TEXT, TIME } from './checks'
import { runStatements } from './statements'

/**
 * 三资明白台账, first part: fixed-asset cards, their depreciation runs, and the one movement table every
 * register keeps (台账式: each increase, decrease or change is a dated, immutable row; nothing is overwritten
 * without one).
 */
export const registersMigration: Migration = {
  version: 3,
  name: '三资台账：固定资产卡片、折旧、变动记录',
  up: async (db) => {
    await runStatements(db, [
      `CREATE TABLE asset (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 30),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 30),
        nature TEXT NOT NULL CHECK (nature IN ('operating', 'nonOperating', 'publicWelfare')),
        spec TEXT ${TEXT('spec', 100)},
        unit TEXT ${TEXT('unit', 10)},
        quantity TEXT NOT NULL ${DECIMAL('quantity')} CHECK (CAST(quantity AS REAL) > 0),
        location TEXT ${TEXT('location', 100)},
        custodian TEXT ${TEXT('custodian', 30)},
        acquisition_mode TEXT NOT NULL CHECK (length(acquisition_mode) BETWEEN 1 AND 20),
        fund_source TEXT NOT NULL CHECK (length(fund_source) BETWEEN 1 AND 20),
        acquired_on TEXT NOT NULL ${DATE('acquired_on')},
        original_value INTEGER NOT NULL CHECK (original_value BETWEEN 1 AND 1000000000000000),
        useful_life_months INTEGER NOT NULL CHECK (useful_life_months BETWEEN 0 AND 1200),
        salvage_rate TEXT NOT NULL ${DECIMAL('salvage_rate')} CHECK (CAST(salvage_rate AS REAL) < 1),
        method TEXT NOT NULL CHECK (method IN ('straightLine', 'none')),
        status TEXT NOT NULL CHECK (status IN ('inUse', 'leased', 'lent', 'contracted', 'idle', 'scrapped')),
        certificate_no TEXT ${TEXT('certificate_no', 60)},
        building_area TEXT ${DECIMAL('building_area')},
        land_area TEXT ${DECIMAL('land_area')},
        asset_account_id INTEGER NOT NULL REFERENCES account(id),
        accumulated_account_id INTEGER NOT NULL REFERENCES account(id),
        expense_account_id INTEGER NOT NULL REFERENCES account(id),
        opening_accumulated INTEGER NOT NULL DEFAULT 0 CHECK (opening_accumulated >= 0),
        depreciated INTEGER NOT NULL DEFAULT 0 CHECK (depreciated >= 0),
        disposed_on TEXT ${OPTIONAL_DATE('disposed_on')},
        disposal_mode TEXT ${TEXT('disposal_mode', 20)},
        note TEXT ${TEXT('note', 500)},
        created_at TEXT NOT NULL ${TIME('created_at')},
        updated_at TEXT NOT NULL ${TIME('updated_at')},
        UNIQUE (village_id, code),
        CHECK (method = 'none' OR useful_life_months >= 1),
        CHECK (opening_accumulated + depreciated <= original_value),
        CHECK ((disposed_on IS NULL) = (disposal_mode IS NULL))
      ) STRICT`,
      `CREATE TRIGGER asset_no_delete BEFORE DELETE ON asset
        BEGIN SELECT RAISE(ABORT, '固定资产卡片不能删除，减少请做处置'); END`,
      // a disposed card is history: only the depreciation figure may still move (cancelling the run of its last month)
      `CREATE TRIGGER asset_disposed_frozen BEFORE UPDATE ON asset
        WHEN OLD.disposed_on IS NOT NULL AND (NEW.disposed_on IS NOT OLD.disposed_on OR NEW.original_value <> OLD.original_value
          OR NEW.status <> OLD.status OR NEW.asset_account_id <> OLD.asset_account_id OR NEW.accumulated_account_id <> OLD.accumulated_account_id)
        BEGIN SELECT RAISE(ABORT, '该固定资产已处置，卡片不能再变更'); END`,

      `CREATE TABLE depreciation_run (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        period TEXT NOT NULL ${PERIOD('period')},
        voucher_id INTEGER REFERENCES voucher(id),
        total INTEGER NOT NULL CHECK (total >= 0),
        assets INTEGER NOT NULL CHECK (assets >= 0),
        status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
        created_by INTEGER NOT NULL REFERENCES app_user(id),
        created_at TEXT NOT NULL ${TIME('created_at')},
        cancelled_by INTEGER REFERENCES app_user(id),
        cancelled_at TEXT,
        CHECK ((status = 'cancelled') = (cancelled_by IS NOT NULL AND cancelled_at IS NOT NULL)),
        CHECK (status = 'cancelled' OR total = 0 OR voucher_id IS NOT NULL)
      ) STRICT`,
      // one active run per village and month: a second run of the same month is refused by the database too
      `CREATE UNIQUE INDEX depreciation_run_once ON depreciation_run(village_id, period) WHERE status = 'active'`,
      `CREATE TRIGGER depreciation_run_no_delete BEFORE DELETE ON depreciation_run
        BEGIN SELECT RAISE(ABORT, '折旧计提记录不能删除，只能撤销'); END`,
      `CREATE TABLE depreciation_line (
        run_id INTEGER NOT NULL REFERENCES depreciation_run(id),
        asset_id INTEGER NOT NULL REFERENCES asset(id),
        amount INTEGER NOT NULL CHECK (amount > 0),
        PRIMARY KEY (run_id, asset_id)
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX depreciation_line_asset ON depreciation_line(asset_id)`,
      `CREATE TRIGGER depreciation_line_immutable BEFORE UPDATE ON depreciation_line
        BEGIN SELECT RAISE(ABORT, '折旧明细不能修改'); END`,
      `CREATE TRIGGER depreciation_line_no_delete BEFORE DELETE ON depreciation_line
        BEGIN SELECT RAISE(ABORT, '折旧明细不能删除，只能撤销整次计提'); END`,

      `CREATE TABLE register_movement (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        item_kind TEXT NOT NULL CHECK (item_kind IN ('asset', 'parcel', 'contract', 'inventory', 'bankAccount', 'bioAsset', 'investment')),
        item_id INTEGER NOT NULL CHECK (item_id > 0),
        date TEXT NOT NULL ${DATE('date')},
        kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 20),
        changes TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'object'),
        amount INTEGER CHECK (amount IS NULL OR amount BETWEEN -1000000000000000 AND 1000000000000000),
        voucher_id INTEGER REFERENCES voucher(id),
        operator_id INTEGER NOT NULL REFERENCES app_user(id),
        note TEXT ${TEXT('note', 500)},
        created_at TEXT NOT NULL ${TIME('created_at')}
      ) STRICT`,
      `CREATE INDEX register_movement_item ON register_movement(item_kind, item_id, date, id)`,
      `CREATE INDEX register_movement_village ON register_movement(village_id, date)`,
      `CREATE TRIGGER register_movement_no_update BEFORE UPDATE ON register_movement
        BEGIN SELECT RAISE(ABORT, '台账变动记录不能修改'); END`,
      `CREATE TRIGGER register_movement_no_delete BEFORE DELETE ON register_movement
        BEGIN SELECT RAISE(ABORT, '台账变动记录不能删除'); END`,
      // a draft the registers produced stays as long as what it books stands (a plain message, not a foreign-key error)
      `CREATE TRIGGER voucher_of_depreciation_no_delete BEFORE DELETE ON voucher
        WHEN EXISTS (SELECT 1 FROM depreciation_run WHERE voucher_id = OLD.id AND status = 'active')
        BEGIN SELECT RAISE(ABORT, '该凭证由固定资产折旧计提生成，请在“折旧计提”中撤销本月计提，而不是删除凭证'); END`,
      `CREATE TRIGGER voucher_of_movement_no_delete BEFORE DELETE ON voucher
        WHEN EXISTS (SELECT 1 FROM register_movement WHERE voucher_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, '该凭证由三资台账的变动生成，不能删除；金额或科目有误请直接修改凭证草稿'); END`,
    ])
  },
}
