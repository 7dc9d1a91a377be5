import type { campaignBoardMethods } from '../../../shared/api/campaignBoard'
import type { MethodName } from '../../../shared/api/contract'
import type { Handler } from '../handlers'
import { campaignBoard } from './board'
import { exportRollup } from './rollup'

type BoardMethod = keyof typeof campaignBoardMethods & MethodName

/** The handlers of the district board and the roll-up workbook (spread into the engine's handler map). */
export const campaignBoardHandlers: { [M in BoardMethod]: Handler<M> } = {
  'campaign.board': campaignBoard,
  'campaign.rollup': exportRollup,
}
