import type { MethodParsedInput } from '../../../shared/api/contract'
import type {
  AccountSummary,
  CounterpartyLedger,
  CounterpartySummary,
  GeneralLedger,
  IncomeExpenseDetail,
  JournalBook,
  ReportExportResult,
  Statement,
} from '../../../shared/api/types'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import { accountSummary, counterpartyLedger, counterpartySummary, generalLedger, journalBook } from './books'
import { runExport } from '../jobs/runner'
import { exportReport, REPORT_TITLES } from './exports'
import { incomeExpenseDetail } from './incomeDetail'
import { buildStatement } from './statements'

/** Handlers of the 报表与账簿 methods: read-only; the export is logged once written. */
export const reportHandlers = {
  balanceSheet: async (ctx: ServiceContext, input: MethodParsedInput<'report.balanceSheet'>): Promise<Outcome<Statement>> => ({
    value: await buildStatement(ctx.db, input.villageId, 'balanceSheet', input),
  }),
  incomeStatement: async (ctx: ServiceContext, input: MethodParsedInput<'report.incomeStatement'>): Promise<Outcome<Statement>> => ({
    value: await buildStatement(ctx.db, input.villageId, 'incomeStatement', input),
  }),
  incomeExpenseDetail: async (ctx: ServiceContext, input: MethodParsedInput<'report.incomeExpenseDetail'>): Promise<Outcome<IncomeExpenseDetail>> => ({
    value: await incomeExpenseDetail(ctx.db, input.villageId, input),
  }),
  generalLedger: async (ctx: ServiceContext, input: MethodParsedInput<'report.generalLedger'>): Promise<Outcome<GeneralLedger>> => ({
    value: await generalLedger(ctx.db, input.villageId, input),
  }),
  cashJournal: async (ctx: ServiceContext, input: MethodParsedInput<'report.cashJournal'>): Promise<Outcome<JournalBook>> => ({
    value: await journalBook(ctx.db, input.villageId, 'cash', input),
  }),
  bankJournal: async (ctx: ServiceContext, input: MethodParsedInput<'report.bankJournal'>): Promise<Outcome<JournalBook>> => ({
    value: await journalBook(ctx.db, input.villageId, 'bank', input),
  }),
  counterpartySummary: async (ctx: ServiceContext, input: MethodParsedInput<'report.counterpartySummary'>): Promise<Outcome<CounterpartySummary>> => ({
    value: await counterpartySummary(ctx.db, input.villageId, input),
  }),
  counterpartyLedger: async (ctx: ServiceContext, input: MethodParsedInput<'report.counterpartyLedger'>): Promise<Outcome<CounterpartyLedger>> => ({
    value: await counterpartyLedger(ctx.db, input.villageId, input),
  }),
  accountSummary: async (ctx: ServiceContext, input: MethodParsedInput<'report.accountSummary'>): Promise<Outcome<AccountSummary>> => ({
    value: await accountSummary(ctx.db, input.villageId, input),
  }),
  export: async (ctx: ServiceContext, input: MethodParsedInput<'report.export'>): Promise<Outcome<ReportExportResult>> => {
    const actor = requireActor(ctx)
    const { villageId, to, ...request } = input
    const userName = actor.displayName || actor.username
    // in the desktop app a worker thread writes the workbook on its own connection (jobs/runner.ts)
    const r = await runExport({ bookPath: ctx.engine.path, userName, villageId, request, to }, () => exportReport({ db: ctx.db, bookPath: ctx.engine.path, userName }, villageId, request, to))
    return {
      value: r,
      audit: { action: `导出${REPORT_TITLES[input.report]}（${r.rows} 行）到：${r.path}`, after: { path: r.path, fingerprint: r.fingerprint } },
    }
  },
}
