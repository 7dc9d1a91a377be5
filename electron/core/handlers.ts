import type { MethodName, MethodParsedInput, MethodResult } from '../../shared/api/contract'
import { AppError } from '../../shared/errors'
import { villageScope } from './access'
import { defaultBackupPath } from './db/backup'
import { listAudit, verifyAuditChain } from './audit/log'
import { changePassword, me, signIn, signOut } from './auth/service'
import { createAccount, listAccounts, setAccountStatus, updateAccount } from './ledger/chart'
import { accountLedger } from './ledger/accountLedger'
import { createAuxItem, listAuxItems } from './ledger/aux'
import { trialBalance, verifyBalances } from './ledger/balances'
import { carryForward, closePeriod, listPeriods, reopenPeriod } from './ledger/periods'
import { postVouchers } from './ledger/posting'
import { checkOpeningHandler, getOpening, saveOpening } from './ledger/opening'
import { importChart } from './ledger/imports/chart'
import { importOpening } from './ledger/imports/opening'
import { importVouchers } from './ledger/imports/vouchers'
import { deleteVoucher, getVoucher, listVouchers, reverseVoucher, reviewVouchers, saveVoucher, unreviewVouchers } from './ledger/vouchers'
import { requireActor, type Outcome, type ServiceContext } from './context'
import { districtSummary } from './reports/district'
import { reportHandlers } from './reports/service'
import { registerHandlers } from './registers/handlers'
import { resourceHandlers } from './registers/resourceHandlers'
import { fundHandlers } from './registers/fundHandlers'
import { campaignHandlers } from './campaign/handlers'
import { campaignBoardHandlers } from './campaign/boardHandlers'
import { createUser, listUsers, resetPassword, setUserStatus, updateUser } from './users/service'
import { createVillage, getVillage, listVillages, setVillageStatus, updateVillage } from './villages/service'
import { initialize, loadDemo, status, updateAgency } from './system/service'

export type Handler<M extends MethodName> = (ctx: ServiceContext, input: MethodParsedInput<M>) => Promise<Outcome<MethodResult<M>>>

/** Every method of the contract has exactly one handler (the type makes a missing one a compile error). */
export type HandlerMap = { [M in MethodName]: Handler<M> }

export function createHandlers(extra: { checkDatabase(ctx: ServiceContext): Promise<MethodResult<'db.check'>> }): HandlerMap {
  return {
    ...registerHandlers,
    ...campaignHandlers,
    ...campaignBoardHandlers,
    ...resourceHandlers,
    ...fundHandlers,
    'system.status': (ctx) => status(ctx),
    'setup.initialize': initialize,
    'setup.loadDemo': loadDemo,
    'auth.signIn': signIn,
    'auth.signOut': (ctx) => signOut(ctx),
    'auth.me': (ctx) => me(ctx),
    'auth.changePassword': changePassword,
    'agency.update': updateAgency,
    'village.list': listVillages,
    'village.get': async (ctx, input) => ({ value: await getVillage(ctx.db, input.villageId) }),
    'village.create': createVillage,
    'village.update': updateVillage,
    'village.setStatus': setVillageStatus,
    'account.list': listAccounts,
    'account.create': createAccount,
    'account.update': updateAccount,
    'account.setStatus': setAccountStatus,
    'aux.list': listAuxItems,
    'aux.create': createAuxItem,
    'voucher.list': listVouchers,
    'voucher.get': async (ctx, input) => ({ value: await getVoucher(ctx.db, input.villageId, input.voucherId) }),
    'voucher.save': saveVoucher,
    'voucher.delete': deleteVoucher,
    'voucher.review': reviewVouchers,
    'voucher.unreview': unreviewVouchers,
    'voucher.post': postVouchers,
    'voucher.reverse': reverseVoucher,
    'period.list': listPeriods,
    'period.close': closePeriod,
    'period.reopen': reopenPeriod,
    'period.carryForward': carryForward,
    'report.trialBalance': async (ctx, input) => ({ value: await trialBalance(ctx.db, input.villageId, input) }),
    'report.ledger': async (ctx, input) => ({ value: await accountLedger(ctx.db, input.villageId, input) }),
    'report.districtSummary': async (ctx, input) => ({ value: await districtSummary(ctx.db, villageScope(requireActor(ctx)), input) }),
    'report.balanceSheet': reportHandlers.balanceSheet,
    'report.incomeStatement': reportHandlers.incomeStatement,
    'report.incomeExpenseDetail': reportHandlers.incomeExpenseDetail,
    'report.generalLedger': reportHandlers.generalLedger,
    'report.cashJournal': reportHandlers.cashJournal,
    'report.bankJournal': reportHandlers.bankJournal,
    'report.counterpartySummary': reportHandlers.counterpartySummary,
    'report.counterpartyLedger': reportHandlers.counterpartyLedger,
    'report.accountSummary': reportHandlers.accountSummary,
    'report.export': reportHandlers.export,
    'ledger.verifyBalances': async (ctx, input) => {
      if (input.villageId === undefined && !requireActor(ctx).allVillages) throw new AppError('FORBIDDEN', '只能核对您所管村的余额，请选择村')
      return { value: await verifyBalances(ctx.db, input.villageId) }
    },
    'opening.get': getOpening,
    'opening.check': checkOpeningHandler,
    'opening.save': saveOpening,
    'import.chart': importChart,
    'import.opening': importOpening,
    'import.vouchers': importVouchers,
    'user.list': listUsers,
    'user.create': createUser,
    'user.update': updateUser,
    'user.setStatus': setUserStatus,
    'user.resetPassword': resetPassword,
    'audit.list': async (ctx, input) => {
      const actor = requireActor(ctx)
      return { value: await listAudit(ctx.db, { ...input, villageIds: villageScope(actor) }) }
    },
    'audit.verify': async (ctx) => ({ value: await verifyAuditChain(ctx.db) }),
    'db.check': async (ctx) => ({ value: await extra.checkDatabase(ctx) }),
    'db.backup': async (ctx, input) => {
      const r = await ctx.backup(input.to ?? defaultBackupPath(ctx.engine.path, '手动'))
      return { value: r, audit: { action: `备份账套到：${r.path}`, after: { path: r.path, bytes: r.bytes } } }
    },
  }
}
