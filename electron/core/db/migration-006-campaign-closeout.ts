import type { Migration } from './migrations'
import { DATE, TEXT, TIME } from './checks'
import { runStatements } from './statements'

const LOCKED = (campaign: string) => `EXISTS (SELECT 1 FROM campaign WHERE id = ${campaign} AND locked = 1)`
const refuse = (name: string, event: 'UPDATE' | 'DELETE', message: string, when = '') =>
  `CREATE TRIGGER ${name} BEFORE ${event} ON ${name.replace(/_no_(update|delete)$/, '')} ${when ? `WHEN ${when} ` : ''}BEGIN SELECT RAISE(ABORT, '${message}'); END`
const lockedInsert = (table: string) =>
  `CREATE TRIGGER ${table}_locked_insert BEFORE INSERT ON ${table} WHEN ${LOCKED('NEW.campaign_id')}
    BEGIN SELECT RAISE(ABORT, '该清查已上报并锁定，不能修改'); END`

/**
 * 清产核资 (issue 5): an item's condition at 登记 and a counterparty's reply at 核实; the closing steps: 公示 (the display period and place of each round, the objections received),
 * 确认 (the meeting that confirmed the result) and 上报 (every reported version of the sealed workbook, its bytes and
 * fingerprint kept). A round is the step-log entry into its step: going back and forward again needs a new notice
 * and a new confirmation. Nothing here is ever deleted; an objection only gains its resolution, a reported version
 * only the record of its reopening.
 */
export const campaignCloseoutMigration: Migration = {
  version: 6,
  name: '清产核资：公示、异议、确认、上报版本',
  up: async (db) => {
    await runStatements(db, [
      // 登记: the condition of an item found (完好, 损坏, 闲置); 核实: the counterparty's reply to the 询证函 of a claim or debt
      `ALTER TABLE campaign_check ADD COLUMN condition TEXT CHECK (condition IS NULL OR condition IN ('good', 'damaged', 'idle'))`,
      `ALTER TABLE campaign_check ADD COLUMN reply TEXT CHECK (reply IS NULL OR reply IN ('agreed', 'disagreed', 'noReply'))`,

      `CREATE TABLE campaign_notice (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        round INTEGER NOT NULL CHECK (round >= 1),
        display_from TEXT NOT NULL ${DATE('display_from')},
        display_to TEXT NOT NULL ${DATE('display_to')},
        days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 90),
        place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
        posted_by INTEGER NOT NULL REFERENCES app_user(id),
        posted_at TEXT NOT NULL ${TIME('posted_at')},
        CHECK (display_to >= display_from)
      ) STRICT`,
      `CREATE INDEX campaign_notice_campaign ON campaign_notice(campaign_id, round)`,
      refuse('campaign_notice_no_update', 'UPDATE', '公示记录不能修改，请重新张贴公示'),
      refuse('campaign_notice_no_delete', 'DELETE', '公示记录不能删除'),
      lockedInsert('campaign_notice'),

      `CREATE TABLE campaign_objection (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        round INTEGER NOT NULL CHECK (round >= 1),
        received_on TEXT NOT NULL ${DATE('received_on')},
        from_name TEXT NOT NULL CHECK (length(from_name) BETWEEN 1 AND 60),
        content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 1000),
        recorded_by INTEGER NOT NULL REFERENCES app_user(id),
        recorded_at TEXT NOT NULL ${TIME('recorded_at')},
        resolution TEXT ${TEXT('resolution', 1000)},
        resolved_by INTEGER REFERENCES app_user(id),
        resolved_at TEXT CHECK (resolved_at IS NULL OR resolved_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*'),
        CHECK ((resolution IS NULL) = (resolved_by IS NULL) AND (resolution IS NULL) = (resolved_at IS NULL))
      ) STRICT`,
      `CREATE INDEX campaign_objection_campaign ON campaign_objection(campaign_id)`,
      // what was received stays as received; only its resolution is written
      refuse(
        'campaign_objection_no_update',
        'UPDATE',
        '异议的收到日期、提出人和内容不能修改',
        'NEW.campaign_id IS NOT OLD.campaign_id OR NEW.round IS NOT OLD.round OR NEW.received_on IS NOT OLD.received_on OR NEW.from_name IS NOT OLD.from_name OR NEW.content IS NOT OLD.content OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at',
      ),
      refuse('campaign_objection_no_delete', 'DELETE', '异议记录不能删除'),
      lockedInsert('campaign_objection'),
      `CREATE TRIGGER campaign_objection_locked_update BEFORE UPDATE ON campaign_objection WHEN ${LOCKED('OLD.campaign_id')}
        BEGIN SELECT RAISE(ABORT, '该清查已上报并锁定，不能修改'); END`,

      `CREATE TABLE campaign_confirmation (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        round INTEGER NOT NULL CHECK (round >= 1),
        body TEXT NOT NULL CHECK (body IN ('financeGroup', 'representatives')),
        meeting_on TEXT NOT NULL ${DATE('meeting_on')},
        attendees TEXT NOT NULL CHECK (json_valid(attendees) AND json_type(attendees) = 'array' AND json_array_length(attendees) >= 1),
        resolution TEXT NOT NULL CHECK (length(resolution) BETWEEN 1 AND 2000),
        recorded_by INTEGER NOT NULL REFERENCES app_user(id),
        recorded_at TEXT NOT NULL ${TIME('recorded_at')}
      ) STRICT`,
      `CREATE INDEX campaign_confirmation_campaign ON campaign_confirmation(campaign_id, round)`,
      refuse('campaign_confirmation_no_update', 'UPDATE', '确认记录不能修改，请重新登记确认'),
      refuse('campaign_confirmation_no_delete', 'DELETE', '确认记录不能删除'),
      lockedInsert('campaign_confirmation'),

      `CREATE TABLE campaign_report (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaign(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        take INTEGER NOT NULL CHECK (take >= 1),
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
        file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content BLOB NOT NULL CHECK (length(content) > 0),
        rows INTEGER NOT NULL CHECK (rows >= 0),
        reported_by INTEGER NOT NULL REFERENCES app_user(id),
        reported_at TEXT NOT NULL ${TIME('reported_at')},
        reopened_by INTEGER REFERENCES app_user(id),
        reopened_at TEXT CHECK (reopened_at IS NULL OR reopened_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*'),
        reopen_reason TEXT ${TEXT('reopen_reason', 500)},
        UNIQUE (campaign_id, version),
        CHECK ((reopened_by IS NULL) = (reopened_at IS NULL) AND (reopened_by IS NULL) = (reopen_reason IS NULL))
      ) STRICT`,
      // a reported version is kept as reported; it only gains the record of its reopening, once
      refuse(
        'campaign_report_no_update',
        'UPDATE',
        '已上报的版本不能修改',
        'OLD.reopened_by IS NOT NULL OR NEW.campaign_id IS NOT OLD.campaign_id OR NEW.version IS NOT OLD.version OR NEW.take IS NOT OLD.take OR NEW.fingerprint IS NOT OLD.fingerprint OR NEW.file_name IS NOT OLD.file_name OR NEW.content IS NOT OLD.content OR NEW.rows IS NOT OLD.rows OR NEW.reported_by IS NOT OLD.reported_by OR NEW.reported_at IS NOT OLD.reported_at',
      ),
      refuse('campaign_report_no_delete', 'DELETE', '已上报的版本不能删除'),
      lockedInsert('campaign_report'),
    ])
  },
}
