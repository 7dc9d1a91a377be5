import type { campaignMethods } from '../../../shared/api/campaign'
import type { MethodName } from '../../../shared/api/contract'
import type { Handler } from '../handlers'
import { advanceCampaign, getCampaign, listCampaigns, markItems, startCampaign, stepBack } from './service'
import { importBankStatement, saveCashCount, verifyRows } from './verify'
import { draftAdjustment } from './adjust'
import { exportConfirmations } from './confirmations'
import { confirmResult, exportNoticeFile, getNoticeContent, exportReportFile, postNotice, recordObjection, reopenCampaign, reportCampaign, resolveObjection } from './closeout'

type CampaignMethod = keyof typeof campaignMethods & MethodName

/** The handlers of the 清查 methods (spread into the engine's handler map). */
export const campaignHandlers: { [M in CampaignMethod]: Handler<M> } = {
  'campaign.start': startCampaign,
  'campaign.status': getCampaign,
  'campaign.list': listCampaigns,
  'campaign.advance': advanceCampaign,
  'campaign.back': stepBack,
  'campaign.mark': markItems,
  'campaign.verify': verifyRows,
  'campaign.cashCount': saveCashCount,
  'campaign.bankStatement': importBankStatement,
  'campaign.adjust': draftAdjustment,
  'campaign.notice': postNotice,
  'campaign.objection': recordObjection,
  'campaign.resolveObjection': resolveObjection,
  'campaign.confirm': confirmResult,
  'campaign.report': reportCampaign,
  'campaign.reopen': reopenCampaign,
  'campaign.noticeContent': getNoticeContent,
  'campaign.exportNotice': exportNoticeFile,
  'campaign.exportReport': exportReportFile,
  'campaign.exportConfirmations': exportConfirmations,
}
