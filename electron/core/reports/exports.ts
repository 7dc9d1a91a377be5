import { statSync } from 'node:fs'
import { basename } from 'node:path'
import type { Kysely } from 'kysely'
import type {
  AccountSummary,
  AccountSummaryRow,
  CounterpartyBalanceRow,
  CounterpartySummary,
  GeneralLedger,
  GeneralLedgerEntry,
  IncomeExpenseDetail,
  IncomeExpenseRow,
  JournalEntry,
  LedgerEntry,
  ReportExportResult,
  ReportName,
  Statement,
  StatementRow,
  TrialBalance,
  TrialBalanceRow,
} from '../../../shared/api/types'
import { parseYuan } from '../../../shared/money'
import { periodLabel } from '../../../shared/periods'
import { nowIso } from '../audit/log'
import { exportTarget } from '../io/exportPath'
import type { Database } from '../db/schema'
import { trialBalance } from '../ledger/balances'
import { defineSheet, writeWorkbook, type ColumnSpec, type SheetSpec, type Subtitle } from '../io/workbook'
import { reportJobProgress } from '../jobs/progress'
import { accountSummary, counterpartySummary, generalLedger, journalHeader, journalStream, ledgerStream, planCounterpartyLedgers, planJournals } from './books'
import { Fingerprint, fingerprintOf, loadVillage, rangeLabel, type VillageInfo } from './common'
import { incomeExpenseDetail } from './incomeDetail'
import { openLedger } from './ledger'
import { buildStatement } from './statements'

export const REPORT_TITLES: Record<ReportName, string> = {
  trialBalance: '科目余额表',
  balanceSheet: '资产负债表',
  incomeStatement: '收益及收益分配表',
  incomeExpenseDetail: '收支明细表',
  generalLedger: '总账',
  ledger: '明细账',
  cashJournal: '现金日记账',
  bankJournal: '银行存款日记账',
  counterpartySummary: '往来余额表',
  counterpartyLedger: '往来明细账',
  accountSummary: '科目汇总表',
}

const SIGNATURES = ['单位负责人', '会计主管', '复核', '制表']

const CANONICAL = /^(-?)(\d{1,13})\.(\d{2})$/

/** exact 分 from an amount of the JSON reports ("1680.32"): integer digits only, never a float on the way */
function fen(y: string | null): number | null {
  if (y === null) return null
  const m = CANONICAL.exec(y)
  if (m) {
    const v = Number.parseInt(m[2] as string, 10) * 100 + Number.parseInt(m[3] as string, 10)
    return m[1] === '-' ? -v : v
  }
  const r = parseYuan(y)
  if (!r.ok) throw new Error(`内部错误：金额“${y}”无法解析`)
  return r.fen
}

const money = <R>(header: string, get: (r: R) => string | null, width = 16, extra: Partial<ColumnSpec<R>> = {}): ColumnSpec<R> => ({ header, width, kind: 'money', value: (r) => fen(get(r)), ...extra })
const text = <R>(header: string, get: (r: R) => string | null, width: number, extra: Partial<ColumnSpec<R>> = {}): ColumnSpec<R> => ({ header, width, kind: 'text', value: get, ...extra })

export interface ExportContext {
  db: Kysely<Database>
  /** the agency database file: exports go to exports/ beside it when no path is given */
  bookPath: string
  userName: string
  /** tags this export's reports on jobProgress (a job run in a worker, a request of the window) */
  jobId?: string
}

export type ExportRequest =
  | { report: 'balanceSheet' | 'incomeStatement'; params: { to: string; template?: string | null } }
  | { report: 'incomeExpenseDetail'; params: { from: string; to: string; level: number } }
  | { report: 'trialBalance'; params: { from: string; to: string; level: number; withAux: boolean } }
  | { report: 'generalLedger'; params: { from: string; to: string; accountId?: number } }
  | { report: 'ledger'; params: { accountId: number; from: string; to: string; auxItemId?: number } }
  | { report: 'cashJournal' | 'bankJournal'; params: { from: string; to: string; accountId?: number; auxItemId?: number } }
  | { report: 'counterpartySummary' | 'counterpartyLedger'; params: { from: string; to: string; accountId?: number; auxItemId?: number } }
  | { report: 'accountSummary'; params: { fromDate: string; toDate: string; level: number } }

function unitLine(village: VillageInfo, when: string): Subtitle {
  return { left: `编制单位：${village.name}`, center: when, right: '单位：元' }
}

async function chainHead(db: Kysely<Database>): Promise<string | null> {
  const r = await db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst()
  return r?.hash ?? null
}

function footerLines(fingerprint: string, village: VillageInfo, ctx: ExportContext, generatedAt: string, head: string | null): string[] {
  return [
    `数据指纹（SHA-256）：${fingerprint}`,
    `${village.code} ${village.name}｜生成于 ${generatedAt.slice(0, 19).replace('T', ' ')}｜操作人 ${ctx.userName}｜账套 ${basename(ctx.bookPath)}｜操作日志链头 ${head ? head.slice(0, 16) : '—'}`,
  ]
}

function checkNotes(s: Statement): string[] {
  return s.checks.map((c) => `勾稽关系（${c.column}）：${c.label} —— ${c.ok ? '相符' : `不符：${c.left} 与 ${c.right}`}`)
}

// —— statements ——

interface BsPair {
  left: StatementRow | null
  right: StatementRow | null
}

function statementSheets(s: Statement, footer: (fp: string) => string[]): SheetSpec<unknown>[] {
  const subtitles: Subtitle[] = [unitLine({ id: s.villageId, code: s.villageCode, name: s.villageName, chartVersion: s.chartVersion, startPeriod: '' }, s.dateLabel)]
  const notes = [...checkNotes(s), ...s.rows.filter((r) => r.note).map((r) => `注：${r.label} —— ${r.note}`)]
  const labelStyle = (r: StatementRow | null) => (r ? { bold: r.bold, indent: r.indent } : undefined)
  if (s.parts.length === 2) {
    const left = s.rows.filter((r) => r.part === 'left')
    const right = s.rows.filter((r) => r.part === 'right')
    const pairs: BsPair[] = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => ({ left: left[i] ?? null, right: right[i] ?? null }))
    const half = (side: 'left' | 'right', heading: string): ColumnSpec<BsPair>[] => [
      { header: heading, width: 28, kind: 'text', value: (p) => p[side]?.label ?? null, style: (p) => labelStyle(p[side]) },
      { header: '行次', width: 6, kind: 'integer', value: (p) => p[side]?.line ?? null, style: () => ({ align: 'center' }) },
      ...s.columns.map((c, i): ColumnSpec<BsPair> => ({ header: c.label, width: 17, kind: 'money', value: (p) => fen(p[side]?.values[i] ?? null), style: (p) => ({ bold: p[side]?.bold }) })),
    ]
    return [
      defineSheet<BsPair>({
        name: s.title,
        title: s.title,
        subtitles,
        columns: [...half('left', s.parts[0]?.heading ?? '资产'), ...half('right', s.parts[1]?.heading ?? '负债和所有者权益')],
        rows: pairs,
        notes,
        signatures: SIGNATURES,
        footer: footer(s.fingerprint),
        landscape: true,
      }),
    ]
  }
  return [
    defineSheet<StatementRow>({
      name: s.title,
      title: s.title,
      subtitles,
      columns: [
        { header: '项目', width: 34, kind: 'text', value: (r) => r.label, style: (r) => labelStyle(r) },
        { header: '行次', width: 6, kind: 'integer', value: (r) => r.line, style: () => ({ align: 'center' }) },
        ...s.columns.map((c, i): ColumnSpec<StatementRow> => ({ header: c.label, width: 18, kind: 'money', value: (r) => fen(r.values[i] ?? null), style: (r) => ({ bold: r.bold }) })),
      ],
      rows: s.rows,
      notes,
      signatures: SIGNATURES,
      footer: footer(s.fingerprint),
    }),
  ]
}

// —— books ——

const ledgerColumns = <R extends { date: string | null; voucherLabel: string | null; summary: string; debit: string; credit: string; side: string; balance: string }>(
  extra: ColumnSpec<R>[],
): ColumnSpec<R>[] => [
  text<R>('日期', (r) => r.date, 11, { style: () => ({ align: 'center' }) }),
  text<R>('凭证号', (r) => r.voucherLabel, 10, { style: () => ({ align: 'center' }) }),
  text<R>('摘要', (r) => r.summary, extra.length > 0 ? 40 : 34, { wrap: true }),
  ...extra,
  money<R>('借方', (r) => r.debit),
  money<R>('贷方', (r) => r.credit),
  text<R>('借或贷', (r) => r.side, 7, { style: () => ({ align: 'center' }) }),
  money<R>('余额', (r) => r.balance),
]

const totalKinds = new Set(['monthTotal', 'yearTotal', 'dayTotal', 'subtotal', 'total', 'opening'])

/** a block heading inside a book sheet (one account, one bank account, one counterparty) */
interface Heading {
  heading: string
}
const isHeading = (r: unknown): r is Heading => typeof r === 'object' && r !== null && 'heading' in r

function withHeadings<R extends object>(columns: ColumnSpec<R>[]): ColumnSpec<R | Heading>[] {
  return columns.map((c, i) => ({
    ...c,
    value: (r: R | Heading) => (isHeading(r) ? (i === 0 ? r.heading : null) : c.value(r)),
    style: (r: R | Heading) => (isHeading(r) ? { bold: true } : c.style?.(r)),
  }))
}

function bookRowStyle(r: unknown) {
  if (isHeading(r)) return { bold: true, fill: true }
  const kind = (r as { kind?: string }).kind
  return kind && totalKinds.has(kind) && kind !== 'opening' ? { bold: kind !== 'dayTotal', fill: kind !== 'dayTotal' } : undefined
}

function targetPath(to: string | null | undefined, ctx: ExportContext, village: VillageInfo, report: ReportName, period: string): string {
  return exportTarget(to, ctx.bookPath, { village, title: REPORT_TITLES[report], tag: period })
}

/**
 * Writes one report as an .xlsx through the workbook builder; books stream from the database. Returns the path,
 * the data rows written and the fingerprint printed in the footer.
 */
export async function exportReport(ctx: ExportContext, villageId: number, req: ExportRequest, to?: string | null): Promise<ReportExportResult> {
  const db = ctx.db
  const progress = (phase: 'read' | 'write' | 'done', done: number, total: number | null) =>
    reportJobProgress({ ...(ctx.jobId === undefined ? {} : { jobId: ctx.jobId }), kind: 'export', what: req.report, phase, done, total })
  progress('read', 0, null)
  const village = await loadVillage(db, villageId)
  const generatedAt = nowIso()
  const head = await chainHead(db)
  const footer = (fp: string) => footerLines(fp, village, ctx, generatedAt, head)
  let sheets: SheetSpec<unknown>[]
  let fingerprint: () => string
  let period: string

  switch (req.report) {
    case 'balanceSheet':
    case 'incomeStatement': {
      const s = await buildStatement(db, villageId, req.report, req.params)
      sheets = statementSheets(s, footer)
      fingerprint = () => s.fingerprint
      period = req.params.to
      break
    }
    case 'incomeExpenseDetail': {
      const d: IncomeExpenseDetail = await incomeExpenseDetail(db, villageId, req.params)
      sheets = [
        defineSheet<IncomeExpenseRow>({
          name: '收支明细表',
          title: '收支明细表',
          subtitles: [unitLine(village, rangeLabel(d.from, d.to))],
          columns: [
            text('科目编码', (r) => r.code, 12),
            text('项目', (r) => r.name, 34, { style: (r) => ({ bold: r.kind !== 'account' || r.level === 1, indent: r.kind === 'account' ? r.level : 0 }) }),
            money(d.currentLabel, (r) => r.current, 18),
            money('本年累计数', (r) => r.ytd, 18),
          ],
          rows: d.rows,
          rowStyle: (r) => (r.kind === 'total' ? { bold: true, fill: true } : undefined),
          signatures: SIGNATURES,
          footer: footer(d.fingerprint),
        }),
      ]
      fingerprint = () => d.fingerprint
      period = rangeLabel(d.from, d.to)
      break
    }
    case 'trialBalance': {
      const tb: TrialBalance = await trialBalance(db, villageId, req.params)
      const fp = fingerprintOf({ report: 'trialBalance', villageId, ...req.params }, [...tb.rows, tb.totals])
      type Row = TrialBalanceRow | (TrialBalance['totals'] & { total: true })
      const isTotal = (r: Row): r is TrialBalance['totals'] & { total: true } => 'total' in r
      sheets = [
        defineSheet<Row>({
          name: '科目余额表',
          title: '科目余额表',
          subtitles: [unitLine(village, rangeLabel(tb.from, tb.to))],
          headerGroups: [
            { label: '', span: 1 },
            { label: '', span: 1 },
            { label: '期初余额', span: 2 },
            { label: '本期发生额', span: 2 },
            { label: '本年累计发生额', span: 2 },
            { label: '期末余额', span: 2 },
          ],
          columns: [
            text<Row>('科目编码', (r) => (isTotal(r) ? null : r.code), 12),
            text<Row>('科目名称', (r) => (isTotal(r) ? '合计' : r.auxItemName ? `${r.name}：${r.auxItemName}` : r.name), 34, {
              wrap: true,
              style: (r) => (isTotal(r) ? { bold: true } : { bold: r.level === 1 && r.auxItemId === null, indent: r.level - 1 + (r.auxItemId === null ? 0 : 1) }),
            }),
            money<Row>('借方', (r) => r.openingDebit, 15),
            money<Row>('贷方', (r) => r.openingCredit, 15),
            money<Row>('借方', (r) => r.debit, 15),
            money<Row>('贷方', (r) => r.credit, 15),
            money<Row>('借方', (r) => r.ytdDebit, 15),
            money<Row>('贷方', (r) => r.ytdCredit, 15),
            money<Row>('借方', (r) => r.closingDebit, 15),
            money<Row>('贷方', (r) => r.closingCredit, 15),
          ],
          rows: [...tb.rows, { ...tb.totals, total: true as const }],
          rowStyle: (r) => (isTotal(r) ? { bold: true, fill: true } : undefined),
          notes: [`试算平衡：${tb.balanced ? '平衡' : '不平衡，请核对'}`],
          signatures: SIGNATURES,
          footer: footer(fp),
          landscape: true,
        }),
      ]
      fingerprint = () => fp
      period = rangeLabel(tb.from, tb.to)
      break
    }
    case 'generalLedger': {
      const gl: GeneralLedger = await generalLedger(db, villageId, req.params)
      type Row = GeneralLedgerEntry | Heading
      const rows: Row[] = gl.accounts.flatMap((a) => [{ heading: `${a.code} ${a.name}` }, ...a.entries])
      sheets = [
        defineSheet<Row>({
          name: '总账',
          title: '总账',
          subtitles: [unitLine(village, rangeLabel(gl.from, gl.to))],
          columns: withHeadings<GeneralLedgerEntry>([
            text('月份', (r) => (r.kind === 'opening' ? null : periodLabel(r.period)), 14),
            text('摘要', (r) => r.summary, 24),
            money('借方', (r) => r.debit),
            money('贷方', (r) => r.credit),
            text('借或贷', (r) => r.side, 7, { style: () => ({ align: 'center' }) }),
            money('余额', (r) => r.balance),
          ]),
          rows,
          rowStyle: bookRowStyle,
          signatures: SIGNATURES,
          footer: footer(gl.fingerprint),
        }),
      ]
      fingerprint = () => gl.fingerprint
      period = rangeLabel(gl.from, gl.to)
      break
    }
    case 'ledger': {
      const p = req.params
      const s = await openLedger(db, villageId, p)
      const fp = new Fingerprint({ report: 'ledger', villageId, accountId: p.accountId, auxItemId: p.auxItemId ?? null, from: p.from, to: p.to })
      const entries = (async function* () {
        for await (const e of s.entries()) {
          fp.add(e)
          yield e
        }
      })()
      let hex = ''
      const done = () => (hex ||= fp.hex())
      const withAux = s.account.auxKind !== null || (await hasAuxChild(db, villageId, s.account.code))
      sheets = [
        defineSheet<LedgerEntry>({
          name: '明细账',
          title: '明细账',
          subtitles: [unitLine(village, rangeLabel(p.from, p.to)), `科目：${s.account.code} ${s.name}`],
          columns: ledgerColumns<LedgerEntry>(withAux ? [text('辅助核算', (r) => r.auxItemName, 18)] : []),
          rows: entries,
          rowCount: s.outline.entries,
          rowStyle: bookRowStyle,
          signatures: SIGNATURES,
          footer: () => footer(done()),
          landscape: withAux,
        }),
      ]
      fingerprint = done
      period = rangeLabel(p.from, p.to)
      break
    }
    case 'cashJournal':
    case 'bankJournal': {
      const kind = req.report === 'cashJournal' ? 'cash' : 'bank'
      const plan = await planJournals(db, villageId, kind, req.params)
      const fp = new Fingerprint(journalHeader(plan))
      let hex = ''
      const done = () => (hex ||= fp.hex())
      type Row = JournalEntry | Heading
      const rows = (async function* (): AsyncGenerator<Row> {
        for (const j of plan.journals) {
          const { src, ...headInfo } = j
          fp.add(headInfo)
          if (kind === 'bank') yield { heading: `${j.code} ${j.name}${j.auxItemName ? `：${j.auxItemName}` : ''}` }
          for await (const e of await journalStream(db, villageId, src, plan.from, plan.to, plan.paths)) {
            fp.add(e)
            yield e
          }
        }
      })()
      sheets = [
        defineSheet<Row>({
          name: REPORT_TITLES[req.report],
          title: REPORT_TITLES[req.report],
          subtitles: [unitLine(village, rangeLabel(plan.from, plan.to))],
          columns: withHeadings<JournalEntry>(ledgerColumns<JournalEntry>([text('对方科目', (r) => r.counterAccount, 20, { wrap: true })])),
          rows,
          rowStyle: bookRowStyle,
          signatures: SIGNATURES,
          footer: () => footer(done()),
          landscape: true,
        }),
      ]
      fingerprint = done
      period = rangeLabel(plan.from, plan.to)
      break
    }
    case 'counterpartySummary': {
      const cs: CounterpartySummary = await counterpartySummary(db, villageId, req.params)
      sheets = [
        defineSheet<CounterpartyBalanceRow>({
          name: '往来余额表',
          title: '往来余额表',
          subtitles: [unitLine(village, rangeLabel(cs.from, cs.to))],
          headerGroups: [
            { label: '', span: 1 },
            { label: '', span: 1 },
            { label: '', span: 1 },
            { label: '期初余额', span: 2 },
            { label: '本期发生额', span: 2 },
            { label: '期末余额', span: 2 },
          ],
          columns: [
            text('科目编码', (r) => r.code, 11),
            text('科目', (r) => r.accountName, 22),
            text('往来单位（个人）', (r) => r.counterparty, 26),
            text('方向', (r) => r.openingSide, 6, { style: () => ({ align: 'center' }) }),
            money('金额', (r) => r.opening, 15),
            money('借方', (r) => r.debit, 15),
            money('贷方', (r) => r.credit, 15),
            text('方向', (r) => r.closingSide, 6, { style: () => ({ align: 'center' }) }),
            money('金额', (r) => r.closing, 15),
          ],
          rows: cs.rows,
          rowStyle: (r) => (r.kind === 'subtotal' ? { bold: true, fill: true } : undefined),
          signatures: SIGNATURES,
          footer: footer(cs.fingerprint),
          landscape: true,
        }),
      ]
      fingerprint = () => cs.fingerprint
      period = rangeLabel(cs.from, cs.to)
      break
    }
    case 'counterpartyLedger': {
      const p = req.params
      const plan = await planCounterpartyLedgers(db, villageId, p)
      const fp = new Fingerprint({ report: 'counterpartyLedger', villageId, from: p.from, to: p.to })
      let hex = ''
      const done = () => (hex ||= fp.hex())
      type Row = LedgerEntry | Heading
      const rows = (async function* (): AsyncGenerator<Row> {
        for (const l of plan.ledgers) {
          const { auxFilter, ...headInfo } = l
          fp.add(headInfo)
          yield { heading: `${l.code} ${l.accountName} —— ${l.counterparty}` }
          const s = await ledgerStream(db, villageId, { accountId: l.accountId, from: p.from, to: p.to, auxItemId: auxFilter }, plan)
          for await (const e of s.entries) {
            fp.add(e)
            yield e
          }
        }
      })()
      sheets = [
        defineSheet<Row>({
          name: '往来明细账',
          title: '往来明细账',
          subtitles: [unitLine(village, rangeLabel(p.from, p.to))],
          columns: withHeadings<LedgerEntry>(ledgerColumns<LedgerEntry>([])),
          rows,
          rowStyle: bookRowStyle,
          signatures: SIGNATURES,
          footer: () => footer(done()),
        }),
      ]
      fingerprint = done
      period = rangeLabel(p.from, p.to)
      break
    }
    case 'accountSummary': {
      const a: AccountSummary = await accountSummary(db, villageId, req.params)
      type Row = AccountSummaryRow | { total: true; debit: string; credit: string }
      const isTotal = (r: Row): r is { total: true; debit: string; credit: string } => 'total' in r
      const ranges = a.voucherRanges.map((r) => `${periodLabel(r.period)} ${r.first} 至 ${r.last}（${r.count} 张）`).join('；')
      sheets = [
        defineSheet<Row>({
          name: '科目汇总表',
          title: '科目汇总表',
          subtitles: [unitLine(village, `${a.fromDate} 至 ${a.toDate}`), `凭证起止号：${ranges || '无'}，共 ${a.voucherCount} 张`],
          columns: [
            text<Row>('科目编码', (r) => (isTotal(r) ? null : r.code), 12),
            text<Row>('科目名称', (r) => (isTotal(r) ? '合计' : r.name), 28, { style: (r) => (isTotal(r) ? { bold: true } : { bold: r.level === 1, indent: r.level - 1 }) }),
            money<Row>('借方金额', (r) => r.debit, 18),
            money<Row>('贷方金额', (r) => r.credit, 18),
          ],
          rows: [...a.rows, { total: true as const, ...a.totals }],
          rowStyle: (r) => (isTotal(r) ? { bold: true, fill: true } : undefined),
          notes: [`借贷平衡：${a.balanced ? '平衡' : '不平衡，请核对'}`],
          signatures: SIGNATURES,
          footer: footer(a.fingerprint),
        }),
      ]
      fingerprint = () => a.fingerprint
      period = `${a.fromDate}至${a.toDate}`
      break
    }
  }
  const path = targetPath(to, ctx, village, req.report, period)
  const { rows } = await writeWorkbook(path, sheets, { onProgress: (done, total) => progress('write', done, total) })
  progress('done', rows, rows)
  return { path, rows, bytes: statSync(path).size, fingerprint: fingerprint() }
}

async function hasAuxChild(db: Kysely<Database>, villageId: number, code: string): Promise<boolean> {
  const r = await db.selectFrom('account').select('id').where('village_id', '=', villageId).where('code', 'like', `${code}%`).where('aux_kind', 'is not', null).limit(1).executeTakeFirst()
  return r !== undefined
}
