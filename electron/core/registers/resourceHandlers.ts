import type { MethodName } from '../../../shared/api/contract'
import type { resourceMethods } from '../../../shared/api/resources'
import type { Handler } from '../handlers'
import { registerAlerts } from './alerts'
import { changeContract, createContract, listContracts, loadContract, previewSchedule, terminateContract } from './contracts'
import { importContracts } from './imports/contracts'
import { importResources } from './imports/resources'
import { changeParcel, createParcel, listParcels, loadParcel, removeParcel } from './parcels'
import { matchReceipts, recordReceipt } from './receipts'

type ResourceMethod = keyof typeof resourceMethods & MethodName

/** The handlers of the 资源 and 合同 methods (spread into the engine's handler map). */
export const resourceHandlers: { [M in ResourceMethod]: Handler<M> } = {
  'parcel.list': listParcels,
  'parcel.get': async (ctx, input) => ({ value: await loadParcel(ctx.db, input.villageId, input.parcelId, input.asOf ?? null) }),
  'parcel.create': createParcel,
  'parcel.change': changeParcel,
  'parcel.remove': removeParcel,
  'contract.list': listContracts,
  'contract.get': async (ctx, input) => ({ value: await loadContract(ctx.db, input.villageId, input.contractId, input.asOf ?? null) }),
  'contract.create': createContract,
  'contract.change': changeContract,
  'contract.terminate': terminateContract,
  'contract.receipt': recordReceipt,
  'contract.match': matchReceipts,
  'contract.schedule': previewSchedule,
  'register.alerts': registerAlerts,
  'import.resources': importResources,
  'import.contracts': importContracts,
}
