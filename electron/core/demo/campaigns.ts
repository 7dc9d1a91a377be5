import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { isClaimOrDebt, type CampaignDetail, type CampaignMember, type CampaignStep } from '../../../shared/api/campaignTypes'
import { countsMakingUp } from '../../../shared/campaign/cashCount'
import { parseYuan, type Fen } from '../../../shared/money'
import { confirmResult, postNotice, recordObjection, reportCampaign, resolveObjection } from '../campaign/closeout'
import { advanceCampaign, getCampaign, markItems, startCampaign } from '../campaign/service'
import { importBankStatement, saveCashCount, verifyRows } from '../campaign/verify'
import { atTime, nowIso } from '../audit/log'
import type { Database } from '../db/schema'
import { demoContext } from './funds'
import { demoStatementCsv } from './statements'

/**
 * 清查 in the demo district, so the board shows a district mid-campaign: the villages with books stand at
 * 上报 (reported and locked), 确认, 公示 (period running, one objection), 核实, 登记 and 清理, in that order; any
 * further village has none. Each is driven through the campaign engine's own handlers, as of 2024-11-30 (the
 * last month the demo books have closed), with a real cash count, bank statements reconciled, a missing card and
 * a cash shortage explained.
 */
export const DEMO_CAMPAIGN_AS_OF = '2024-11-30'
export const DEMO_CAMPAIGN_STAGES: readonly CampaignStep[] = ['report', 'confirmation', 'notice', 'verification', 'registration', 'snapshot']

const TEAM: CampaignMember[] = [
  { name: '孙立军', unit: 'commission', role: '组长' },
  { name: '钱文华', unit: 'financeBureau', role: '副组长' },
  { name: '刘志强', unit: 'agency', role: '会计' },
  { name: '王秀英', unit: 'village', role: '报账员' },
]
const SIGNED = { cashier: '王秀英', supervisor: '孙立军', chief: '陈桂兰' }

const fen = (y: string | null): Fen => {
  const r = parseYuan(y ?? '0')
  return r.ok ? r.fen : 0
}

/** Days before today of each event of a demo campaign, by the step it stands at (the 核实 one is overdue). */
interface Timeline {
  start: number
  registration?: number
  verification?: number
  notice?: number
  objection?: number
  confirmation?: number
  confirmed?: number
  report?: number
}
const TIMELINES: Record<CampaignStep, Timeline> = {
  report: { start: 75, registration: 73, verification: 66, notice: 55, objection: 51, confirmation: 47, confirmed: 45, report: 43 },
  confirmation: { start: 35, registration: 33, verification: 28, notice: 14, objection: 10, confirmation: 5 },
  notice: { start: 30, registration: 28, verification: 22, notice: 3, objection: 1 },
  verification: { start: 40, registration: 38, verification: 26 },
  registration: { start: 12, registration: 10 },
  snapshot: { start: 3 },
}

/** 09:30 local time `days` days ago */
function daysAgo(days: number): Date {
  const d = new Date()
  d.setDate(d.getDate() - days)
  d.setHours(9, 30, 0, 0)
  return d
}
const dateOf = (days: number) => nowIso(daysAgo(days)).slice(0, 10)

export async function seedDemoCampaign(db: Kysely<Database>, villageId: number, stage: CampaignStep, operatorId: number, supervisorId: number): Promise<void> {
  const t = TIMELINES[stage]
  const on = <T>(days: number | undefined, fn: () => Promise<T>): Promise<T> => atTime(daysAgo(days ?? 0), fn)
  const ctx = await demoContext(db, operatorId)
  const started = (await on(t.start, () => startCampaign(ctx, { villageId, asOf: DEMO_CAMPAIGN_AS_OF, team: TEAM, note: '2024 年度村级集体资产清产核资' }))).value
  const ref = { villageId, campaignId: started.id }
  if (t.registration === undefined) return
  await on(t.registration, () => advanceCampaign(ctx, { ...ref, from: 'snapshot' }))
  const detail: CampaignDetail = (await getCampaign(ctx, { ...ref, rows: true })).value
  const items = detail.rows.filter((r) => r.kind !== 'account')
  const missing = items.find((r) => r.kind === 'asset' && fen(r.amount) > 0)
  // 登记: half marked in the village still at it; everywhere else all marked, one card not found
  const damaged = items.find((r) => r.kind === 'asset' && r.id !== missing?.id)
  const marks = (t.verification === undefined ? items.slice(0, Math.ceil(items.length / 2)) : items).map((r) => {
    if (r.id === missing?.id) return { snapshotId: r.id, result: 'missing' as const, condition: null, note: '实地未找到，据村干部反映已于年内报废' }
    if (r.id === damaged?.id) return { snapshotId: r.id, result: 'found' as const, condition: 'damaged' as const, note: '屋面漏雨，门窗损坏，需维修' }
    return { snapshotId: r.id, result: 'found' as const, condition: r.kind === 'asset' ? ('good' as const) : null, note: null }
  })
  await on(t.verification ?? t.registration - 2, () => markItems(ctx, { ...ref, marks, surplus: [] }))
  if (t.verification === undefined) return
  await on(t.verification, () => advanceCampaign(ctx, { ...ref, from: 'registration' }))

  // 核实: the till 12.50 short; the card not found verified at nothing
  const cash = detail.rows.find((r) => r.kind === 'account' && r.code.startsWith('101'))
  const book = fen(cash?.amount ?? '0')
  await on(t.verification - 1, async () => {
    await saveCashCount(ctx, {
      ...ref,
      countedOn: dateOf(t.verification ?? 0),
      counts: countsMakingUp(Math.max(book - 1250, 0)),
      receiptsNotBooked: [],
      paymentsNotBooked: [],
      ...SIGNED,
      reason: '盘点短款，出纳未能说明原因',
      opinion: '由出纳个人赔偿',
    })
    if (missing) await verifyRows(ctx, { ...ref, rows: [{ snapshotId: missing.id, amount: 0, quantity: null, reason: '资产已报废未办理核销', opinion: '报村民代表会议审议后核销', reply: null }] })
    // 询证函 to every counterparty of a claim or debt: all confirmed but the last, which has not replied yet
    const claims = detail.rows.filter((r) => r.kind === 'account' && r.auxItemId !== null && isClaimOrDebt(r.code) && fen(r.amount) !== 0)
    if (claims.length) {
      await verifyRows(ctx, {
        ...ref,
        rows: claims.map((r, i) => ({ snapshotId: r.id, quantity: null, reason: null, opinion: null, reply: i === claims.length - 1 ? ('noReply' as const) : ('agreed' as const) })),
      })
    }
  })
  if (t.notice === undefined) return
  await on(t.notice + 1, async () => {
    // the bank credited interest on the first account on the last day, not yet in the books: one 未达账项
    for (const [i, b] of detail.rows.filter((r) => r.kind === 'bankAccount').entries()) {
      const spec = b.detail as { accountId: number; auxItemId: number | null }
      const interest = i === 0 ? 12_345 : 0
      const bytes = await demoStatementCsv(db, {
        villageId,
        accountId: spec.accountId,
        auxItemId: spec.auxItemId,
        accountNo: b.code,
        period: '2024-11',
        bankOnly: interest ? [{ date: DEMO_CAMPAIGN_AS_OF, summary: '结息', inflow: interest, outflow: 0 }] : [],
      })
      await importBankStatement(ctx, {
        ...ref,
        snapshotId: b.id,
        file: { fileName: `对账单-${b.code}-2024-11.csv`, contentBase64: bytes.toString('base64') },
        reason: interest ? '银行已结息，村账尚未入账（未达账项）' : null,
        opinion: interest ? '12 月据结息单入账' : null,
      })
    }
  })
  await on(t.notice, () => advanceCampaign(ctx, { ...ref, from: 'verification' }))

  // 公示: seven days at the 村务公开栏, from the day after entering 公示
  await on(t.notice, () => postNotice(ctx, { ...ref, from: dateOf((t.notice ?? 0) - 1), days: 7, place: '村务公开栏及村民微信群' }))
  const objection = await on(t.objection, () => recordObjection(ctx, { ...ref, receivedOn: dateOf(t.objection ?? 0), fromName: '村民 张德全', content: '村东抽水泵站的水泵是否已报废，要求说明' }))
  if (t.confirmation === undefined) return
  await on(t.confirmation, () => advanceCampaign(ctx, { ...ref, from: 'notice' }))
  const first = objection.value.objections[0]
  if (first) await on(t.confirmation, () => resolveObjection(ctx, { ...ref, objectionId: first.id, resolution: '经工作组现场查看，原水泵已损坏拆除，向异议人当面说明，异议人无异议' }))
  if (t.confirmed === undefined || t.report === undefined) return
  await on(t.confirmed, () =>
    confirmResult(ctx, {
      ...ref,
      body: 'representatives',
      meetingOn: dateOf(t.confirmed ?? 0),
      attendees: ['张德全', '李秀兰', '王建国', '赵家宝', '孙玉梅', '周志华', '吴长林'],
      resolution: '经审议，同意本次清产核资结果；报废水泵按程序核销，出纳短款由其个人赔偿。',
    }),
  )
  await on(t.report, () => advanceCampaign(ctx, { ...ref, from: 'confirmation' }))
  const to = join(tmpdir(), `sanzi-demo-report-${process.pid}-${villageId}.xlsx`)
  try {
    // the 主管会计 reports; the workbook's bytes are kept in the book, the scratch file goes
    const supervisor = await demoContext(db, supervisorId)
    await on(t.report, () => reportCampaign(supervisor, { ...ref, to }))
  } finally {
    rmSync(to, { force: true })
  }
}
