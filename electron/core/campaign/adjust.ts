import type { MethodParsedInput } from '../../../shared/api/contract'
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS, type CampaignAdjustment } from '../../../shared/api/campaignTypes'
import { AppError } from '../../../shared/errors'
import { fenToYuanString, formatFen } from '../../../shared/money'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import { loadChart } from '../ledger/chart'
import { assertOpenPeriod, checkLines, insertDraft, type LineInput } from '../ledger/vouchers'
import { periodOfDate } from '../../../shared/periods'
import { assertWritable, loadCampaign } from './service'

/**
 * 核实 differences booked through 181 待处理财产损溢 (domain.md §4): one draft voucher for the chosen differences —
 * 盘盈 Dr the asset / Cr 181, 盘亏 Dr 181 / Cr the asset — source 'campaign', reviewed and posted like any other.
 * A difference is drafted once; the approval that clears 181 is a later, ordinary voucher.
 */
export async function draftAdjustment(ctx: ServiceContext, input: MethodParsedInput<'campaign.adjust'>): Promise<Outcome<CampaignAdjustment>> {
  const actor = requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  assertWritable(c)
  if (CAMPAIGN_STEPS.indexOf(c.step) < CAMPAIGN_STEPS.indexOf('verification')) {
    throw new AppError('STATE', `「核实」之后才能生成调整凭证（当前在「${CAMPAIGN_STEP_LABELS[c.step]}」步骤）`)
  }
  await assertOpenPeriod(ctx.db, c.village_id, periodOfDate(input.date))
  const chart = await loadChart(ctx.db, c.village_id)
  const byId = new Map(chart.map((a) => [a.id, a]))
  let suspense = input.suspenseAccountId === undefined ? undefined : byId.get(input.suspenseAccountId)
  if (input.suspenseAccountId === undefined) {
    const leaves = chart.filter((a) => a.isLeaf && a.code.startsWith('181'))
    if (leaves.length !== 1) throw new AppError('VALIDATION', leaves.length ? '181 待处理财产损溢有多个明细科目，请选择一个' : '科目表中没有 181 待处理财产损溢，请先增设该科目')
    suspense = leaves[0]
  }
  if (!suspense || !suspense.code.startsWith('181') || !suspense.isLeaf) throw new AppError('VALIDATION', '待处理财产损溢科目应为 181 的末级科目')

  const take = c.snapshot_take ?? 0
  const lines: LineInput[] = []
  const checkIds: number[] = []
  for (const [i, it] of input.items.entries()) {
    const where = `第 ${i + 1} 项`
    if ((it.snapshotId === undefined) === (it.surplusId === undefined)) throw new AppError('VALIDATION', `${where}：应指明一个清查项目或一个盘盈项目`)
    const k = await ctx.db
      .selectFrom('campaign_check as k')
      .leftJoin('campaign_snapshot as s', 's.id', 'k.snapshot_id')
      .select(['k.id', 'k.result', 'k.difference', 'k.verified_at', 'k.adjust_voucher_id', 'k.label as surplus_label', 's.kind', 's.item_id', 's.aux_item_id', 's.label', 's.detail'])
      .where('k.campaign_id', '=', c.id)
      .where('k.take', '=', take)
      .where(it.snapshotId !== undefined ? 'k.snapshot_id' : 'k.id', '=', it.snapshotId ?? it.surplusId ?? 0)
      .where('k.result', it.snapshotId !== undefined ? '<>' : '=', 'surplus')
      .executeTakeFirst()
    if (!k || k.verified_at === null) throw new AppError('VALIDATION', `${where}：该项目尚未核实，请先填写核实数`)
    const name = k.label ?? k.surplus_label ?? ''
    if (k.difference === null || k.difference === 0) throw new AppError('VALIDATION', `${where}：「${name}」没有金额差异，不需要调整`)
    if (k.adjust_voucher_id !== null) throw new AppError('STATE', `${where}：「${name}」的差异已生成过调整凭证`)
    let accountId = it.accountId
    let auxItemId: number | null = it.auxItemId ?? null
    if (accountId === undefined && k.kind === 'account') {
      accountId = k.item_id ?? undefined
      auxItemId = k.aux_item_id ? k.aux_item_id : null
    } else if (accountId === undefined && k.kind === 'bankAccount') {
      const d = JSON.parse(k.detail ?? '{}') as { accountId?: number; auxItemId?: number | null }
      accountId = d.accountId
      auxItemId = d.auxItemId ?? null
    }
    if (accountId === undefined) throw new AppError('VALIDATION', `${where}：请为「${name}」选择资产科目`)
    const d = k.difference
    const summary = `清查${d > 0 ? '盘盈' : '盘亏'}：${name}`.slice(0, 60)
    const amount = Math.abs(d)
    const asset: LineInput = { summary, accountId, auxItemId, debit: d > 0 ? amount : 0, credit: d > 0 ? 0 : amount }
    const pending: LineInput = { summary, accountId: suspense.id, auxItemId: null, debit: d > 0 ? 0 : amount, credit: d > 0 ? amount : 0 }
    lines.push(...(d > 0 ? [asset, pending] : [pending, asset]))
    checkIds.push(k.id)
  }
  if (new Set(checkIds).size !== checkIds.length) throw new AppError('VALIDATION', '同一差异在一次调整中出现了多次')
  await checkLines(ctx.db, c.village_id, lines, chart)
  const voucherId = await insertDraft(ctx.db, { villageId: c.village_id, date: input.date, attachments: 1, lines, source: 'campaign', preparedBy: actor.id })
  await ctx.db.updateTable('campaign_check').set({ adjust_voucher_id: voucherId }).where('id', 'in', checkIds).execute()
  const total = lines.reduce((s, l) => s + l.debit, 0)
  return {
    value: {
      voucherId,
      lines: lines.map((l) => ({ summary: l.summary, accountCode: byId.get(l.accountId)?.code ?? '', debit: fenToYuanString(l.debit), credit: fenToYuanString(l.credit) })),
    },
    audit: {
      action: `清查（基准日 ${c.as_of}）差异生成调整凭证草稿：${checkIds.length} 项，合计 ${formatFen(total)} 元`,
      villageId: input.villageId,
      after: { campaignId: c.id, voucherId, items: input.items },
    },
  }
}
