import type { MethodName } from '../../../shared/api/contract'
import type { fundMethods } from '../../../shared/api/funds'
import type { Handler } from '../handlers'
import { listClaims } from './claims'
import { changeBankAccount, closeBankAccount, createBankAccount, fundReads, setCashLimit } from './funds'
import { smallRegisterHandlers } from './smallRegisters'
import { exportRegisters } from './workbook'

type FundMethod = keyof typeof fundMethods & MethodName

/** The handlers of the 资金 and small-register methods and the 明白台账 export (spread into the engine's handler map). */
export const fundHandlers: { [M in FundMethod]: Handler<M> } = {
  'bankAccount.list': fundReads.list,
  'bankAccount.get': fundReads.get,
  'bankAccount.create': createBankAccount,
  'bankAccount.change': changeBankAccount,
  'bankAccount.close': closeBankAccount,
  'cash.status': fundReads.cash,
  'cash.setLimit': setCashLimit,
  'claims.list': listClaims,
  ...smallRegisterHandlers,
  'register.export': exportRegisters,
}
