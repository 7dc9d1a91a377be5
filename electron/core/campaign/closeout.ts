import type { MethodName, MethodParsedInput, MethodResult } from '../../../shared/api/contract'
import { AppError } from '../../../shared/errors'
import type { Outcome, ServiceContext } from '../context'

// 公示 → 确认 → 上报: being written (this session); refuses until then
const notYet =
  <M extends MethodName>() =>
  async (_ctx: ServiceContext, _input: MethodParsedInput<M>): Promise<Outcome<MethodResult<M>>> => {
    throw new AppError('STATE', '该功能尚未建成')
  }

export const postNotice = notYet<'campaign.notice'>()
export const recordObjection = notYet<'campaign.objection'>()
export const resolveObjection = notYet<'campaign.resolveObjection'>()
export const confirmResult = notYet<'campaign.confirm'>()
export const reportCampaign = notYet<'campaign.report'>()
export const reopenCampaign = notYet<'campaign.reopen'>()
export const exportNoticeFile = notYet<'campaign.exportNotice'>()
export const exportReportFile = notYet<'campaign.exportReport'>()
