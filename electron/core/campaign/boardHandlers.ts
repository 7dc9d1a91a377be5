import type { campaignBoardMethods } from '../../../shared/api/campaignBoard'
import type { MethodName } from '../../../shared/api/contract'
import { AppError } from '../../../shared/errors'
import type { Handler } from '../handlers'
import { campaignBoard } from './board'

type BoardMethod = keyof typeof campaignBoardMethods & MethodName

/** The handlers of the district board and the roll-up workbook (spread into the engine's handler map). */
export const campaignBoardHandlers: { [M in BoardMethod]: Handler<M> } = {
  'campaign.board': campaignBoard,
  'campaign.rollup': async () => {
    throw new AppError('STATE', '该功能尚未建成')
  },
}
