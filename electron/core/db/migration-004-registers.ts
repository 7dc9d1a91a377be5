import type { Migration } from './migrations'
import { DATE, DECIMAL, OPTIONAL_DATE, TEXT, TIME } from './checks'
import { runStatements } from './statements'

const FEN = (col: string) => `CHECK (${col} BETWEEN 0 AND 1000000000000000)`
const STAMPS = `created_at TEXT NOT NULL ${TIME('created_at')},
        updated_at TEXT NOT NULL ${TIME('updated_at')}`
const NO_DELETE = (table: string, what: string) =>
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${what}不能删除，减少或终止请登记变动'); END`

/**
 * 三资明白台账, second part: 资源 (parcels), 合同 (contracts with subjects, collection schedule and receipts),
 * 资金 (bank accounts, the cash limit), and the registers of 库存物资 (121), 生物资产 (131–134) and 长期投资
 * (141). Every item changes with a row of register_movement (v3); none is ever deleted. Which contract lets out
 * a parcel or an asset is kept once, in contract_subject (no copy on the parcel or the card).
 */
export const registersMigration2: Migration = {
  version: 4,
  name: '三资台账：资源、合同、银行账户、库存物资、生物资产、长期投资',
  up: async (db) => {
    await runStatements(db, [
      // —— 合同 ——
      `CREATE TABLE contract (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        number TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        kind TEXT NOT NULL CHECK (kind IN ('contracting', 'lease', 'transfer', 'sale', 'construction', 'purchase', 'loan')),
        direction TEXT NOT NULL CHECK (direction IN ('receivable', 'payable')),
        party_a TEXT NOT NULL CHECK (length(party_a) BETWEEN 1 AND 100),
        party_b TEXT NOT NULL CHECK (length(party_b) BETWEEN 1 AND 100),
        counterparty_aux_id INTEGER REFERENCES aux_item(id),
        start_on TEXT NOT NULL ${DATE('start_on')},
        end_on TEXT NOT NULL ${DATE('end_on')},
        amount INTEGER NOT NULL ${FEN('amount')},
        unit_price INTEGER ${FEN('unit_price')},
        -- 年租金(首年): the first year's annual charge the schedule escalates from (null: the amount spread by months)
        annual_amount INTEGER CHECK (annual_amount IS NULL OR annual_amount BETWEEN 1 AND 1000000000000000),
        price_unit TEXT ${TEXT('price_unit', 20)},
        frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'halfYearly', 'yearly', 'once')),
        escalation_kind TEXT NOT NULL DEFAULT 'none' CHECK (escalation_kind IN ('none', 'percent', 'amount')),
        -- percent in basis points (300 = 3%), or an amount in 分 added to the annual charge at each step
        escalation_value INTEGER NOT NULL DEFAULT 0 CHECK (escalation_value >= 0),
        escalation_every_months INTEGER CHECK (escalation_every_months IS NULL OR escalation_every_months BETWEEN 1 AND 600),
        deposit INTEGER NOT NULL DEFAULT 0 ${FEN('deposit')},
        receivable_account_id INTEGER REFERENCES account(id),
        resolution_meeting TEXT ${TEXT('resolution_meeting', 40)},
        resolution_date TEXT ${OPTIONAL_DATE('resolution_date')},
        resolution_attendance INTEGER CHECK (resolution_attendance IS NULL OR resolution_attendance >= 0),
        resolution_for INTEGER CHECK (resolution_for IS NULL OR resolution_for >= 0),
        resolution_against INTEGER CHECK (resolution_against IS NULL OR resolution_against >= 0),
        resolution_abstain INTEGER CHECK (resolution_abstain IS NULL OR resolution_abstain >= 0),
        resolution_text TEXT ${TEXT('resolution_text', 1000)},
        attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments) AND json_type(attachments) = 'array'),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'terminated', 'completed')),
        ended_on TEXT ${OPTIONAL_DATE('ended_on')},
        note TEXT ${TEXT('note', 500)},
        ${STAMPS},
        UNIQUE (village_id, number),
        CHECK (end_on >= start_on),
        CHECK ((escalation_kind = 'none') = (escalation_every_months IS NULL)),
        CHECK (resolution_for IS NULL OR resolution_attendance IS NULL OR resolution_for + coalesce(resolution_against, 0) + coalesce(resolution_abstain, 0) <= resolution_attendance),
        CHECK ((status = 'active') = (ended_on IS NULL))
      ) STRICT`,
      NO_DELETE('contract', '合同'),
      `CREATE INDEX contract_end ON contract(village_id, status, end_on)`,
      `CREATE TABLE contract_subject (
        contract_id INTEGER NOT NULL REFERENCES contract(id),
        item_kind TEXT NOT NULL CHECK (item_kind IN ('parcel', 'asset')),
        item_id INTEGER NOT NULL CHECK (item_id > 0),
        PRIMARY KEY (contract_id, item_kind, item_id)
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX contract_subject_item ON contract_subject(item_kind, item_id)`,
      `CREATE TABLE contract_schedule (
        contract_id INTEGER NOT NULL REFERENCES contract(id),
        seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 10000),
        due_on TEXT NOT NULL ${DATE('due_on')},
        amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000000000),
        label TEXT ${TEXT('label', 60)},
        PRIMARY KEY (contract_id, seq)
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX contract_schedule_due ON contract_schedule(due_on)`,
      `CREATE TABLE contract_receipt (
        id INTEGER PRIMARY KEY,
        contract_id INTEGER NOT NULL REFERENCES contract(id),
        date TEXT NOT NULL ${DATE('date')},
        amount INTEGER NOT NULL CHECK (amount <> 0 AND amount BETWEEN -1000000000000000 AND 1000000000000000),
        voucher_id INTEGER REFERENCES voucher(id),
        -- the posted line it is matched to (cash received, or a 112/113 credit of the counterparty)
        voucher_line_id INTEGER REFERENCES voucher_line(id),
        note TEXT ${TEXT('note', 200)},
        created_by INTEGER NOT NULL REFERENCES app_user(id),
        created_at TEXT NOT NULL ${TIME('created_at')},
        CHECK (voucher_line_id IS NULL OR voucher_id IS NOT NULL)
      ) STRICT`,
      `CREATE INDEX contract_receipt_contract ON contract_receipt(contract_id, date)`,
      `CREATE INDEX contract_receipt_voucher ON contract_receipt(voucher_id) WHERE voucher_id IS NOT NULL`,
      `CREATE INDEX contract_receipt_line ON contract_receipt(voucher_line_id) WHERE voucher_line_id IS NOT NULL`,
      // a receipt is a fact: a wrong one is offset by a negative one, never edited or deleted
      `CREATE TRIGGER contract_receipt_immutable BEFORE UPDATE ON contract_receipt BEGIN SELECT RAISE(ABORT, '收款记录不能修改，请登记冲减'); END`,
      `CREATE TRIGGER contract_receipt_no_delete BEFORE DELETE ON contract_receipt BEGIN SELECT RAISE(ABORT, '收款记录不能删除，请登记冲减'); END`,

      // —— 资源 ——
      `CREATE TABLE parcel (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 30),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        land_class TEXT NOT NULL CHECK (length(land_class) BETWEEN 1 AND 30),
        -- 亩 exact to 0.0001: an integer of ten-thousandths of a 亩
        area INTEGER NOT NULL CHECK (area BETWEEN 1 AND 100000000000),
        location TEXT ${TEXT('location', 100)},
        east TEXT ${TEXT('east', 60)},
        south TEXT ${TEXT('south', 60)},
        west TEXT ${TEXT('west', 60)},
        north TEXT ${TEXT('north', 60)},
        parcel_no TEXT ${TEXT('parcel_no', 40)},
        certificate_no TEXT ${TEXT('certificate_no', 60)},
        ownership TEXT NOT NULL CHECK (ownership IN ('village', 'group')),
        owner_name TEXT ${TEXT('owner_name', 60)},
        use_status TEXT NOT NULL CHECK (use_status IN ('selfRun', 'contracted', 'leased', 'idle', 'household', 'other')),
        user_name TEXT ${TEXT('user_name', 100)},
        removed_on TEXT ${OPTIONAL_DATE('removed_on')},
        removal_reason TEXT ${TEXT('removal_reason', 200)},
        note TEXT ${TEXT('note', 500)},
        ${STAMPS},
        UNIQUE (village_id, code),
        CHECK ((removed_on IS NULL) = (removal_reason IS NULL))
      ) STRICT`,
      NO_DELETE('parcel', '资源'),

      // —— 资金 ——
      `CREATE TABLE bank_account (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        bank_name TEXT NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 60),
        account_no TEXT NOT NULL CHECK (account_no GLOB '[0-9]*' AND account_no NOT GLOB '*[^0-9]*' AND length(account_no) BETWEEN 6 AND 32),
        nature TEXT NOT NULL CHECK (nature IN ('basic', 'special', 'general')),
        account_id INTEGER NOT NULL REFERENCES account(id),
        aux_item_id INTEGER REFERENCES aux_item(id),
        opened_on TEXT NOT NULL ${DATE('opened_on')},
        closed_on TEXT ${OPTIONAL_DATE('closed_on')},
        note TEXT ${TEXT('note', 200)},
        ${STAMPS},
        UNIQUE (village_id, account_no),
        CHECK (closed_on IS NULL OR closed_on >= opened_on)
      ) STRICT`,
      NO_DELETE('bank_account', '银行账户'),
      `CREATE TABLE village_register_setting (
        village_id INTEGER PRIMARY KEY REFERENCES village(id),
        cash_limit INTEGER NOT NULL DEFAULT 0 ${FEN('cash_limit')},
        updated_at TEXT NOT NULL ${TIME('updated_at')}
      ) STRICT`,

      // —— 库存物资 (121), 生物资产 (131–134), 长期投资 (141) ——
      `CREATE TABLE inventory_item (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 30),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        spec TEXT ${TEXT('spec', 100)},
        unit TEXT ${TEXT('unit', 10)},
        quantity TEXT NOT NULL ${DECIMAL('quantity')},
        amount INTEGER NOT NULL ${FEN('amount')},
        location TEXT ${TEXT('location', 100)},
        keeper TEXT ${TEXT('keeper', 30)},
        usage TEXT NOT NULL CHECK (usage IN ('self', 'others', 'idle')),
        account_id INTEGER NOT NULL REFERENCES account(id),
        note TEXT ${TEXT('note', 500)},
        ${STAMPS},
        UNIQUE (village_id, code)
      ) STRICT`,
      NO_DELETE('inventory_item', '库存物资'),
      `CREATE TABLE bio_asset (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 30),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        kind TEXT NOT NULL CHECK (kind IN ('consumable', 'productive', 'publicWelfare')),
        category TEXT ${TEXT('category', 30)},
        quantity TEXT NOT NULL ${DECIMAL('quantity')},
        unit TEXT ${TEXT('unit', 10)},
        location TEXT ${TEXT('location', 100)},
        acquired_on TEXT NOT NULL ${DATE('acquired_on')},
        original_value INTEGER NOT NULL ${FEN('original_value')},
        accumulated INTEGER NOT NULL DEFAULT 0 ${FEN('accumulated')},
        account_id INTEGER NOT NULL REFERENCES account(id),
        removed_on TEXT ${OPTIONAL_DATE('removed_on')},
        note TEXT ${TEXT('note', 500)},
        ${STAMPS},
        UNIQUE (village_id, code),
        CHECK (accumulated <= original_value)
      ) STRICT`,
      NO_DELETE('bio_asset', '生物资产'),
      `CREATE TABLE investment (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES village(id),
        code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 30),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        investee TEXT NOT NULL CHECK (length(investee) BETWEEN 1 AND 100),
        kind TEXT NOT NULL CHECK (kind IN ('equity', 'debt', 'other')),
        amount INTEGER NOT NULL ${FEN('amount')},
        share TEXT ${DECIMAL('share')},
        started_on TEXT NOT NULL ${DATE('started_on')},
        account_id INTEGER NOT NULL REFERENCES account(id),
        ended_on TEXT ${OPTIONAL_DATE('ended_on')},
        note TEXT ${TEXT('note', 500)},
        ${STAMPS},
        UNIQUE (village_id, code)
      ) STRICT`,
      NO_DELETE('investment', '长期投资'),
    ])
  },
}
