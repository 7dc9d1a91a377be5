import type { MethodName } from '../../../shared/api/contract'
import type { registerMethods } from '../../../shared/api/registers'
import type { Handler } from '../handlers'
import { changeAsset, createAsset, disposeAsset, listAssets, loadCard, revalueAsset } from './assets'
import { cancelDepreciation, listDepreciationRuns, previewDepreciation, runDepreciation } from './depreciation'
import { importAssets } from './imports/assets'
import { reconcile } from './reconcile'
import { importTemplate } from './templates'

type RegisterMethod = keyof typeof registerMethods & MethodName

/** The handlers of the register methods (spread into the engine's handler map). */
export const registerHandlers: { [M in RegisterMethod]: Handler<M> } = {
  'asset.list': listAssets,
  'asset.get': async (ctx, input) => ({ value: await loadCard(ctx.db, input.villageId, input.assetId, input.asOf ?? null) }),
  'asset.create': createAsset,
  'asset.change': changeAsset,
  'asset.revalue': revalueAsset,
  'asset.dispose': disposeAsset,
  'depreciation.preview': previewDepreciation,
  'depreciation.run': runDepreciation,
  'depreciation.cancel': cancelDepreciation,
  'depreciation.list': listDepreciationRuns,
  'register.reconcile': reconcile,
  'import.assets': importAssets,
  'import.template': importTemplate,
}
