import Decimal from 'decimal.js'
import { statSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { CampaignRollupResult } from '../../../shared/api/campaignBoardTypes'
import { NO_CAMPAIGN_LABEL } from '../../../shared/api/campaignBoardTypes'
import type { CampaignSummary } from '../../../shared/api/campaignTypes'
import type { Fen } from '../../../shared/money'
import { LAND_CLASSES } from '../../../shared/registers/parcels'
import { villageScope } from '../access'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { exportTarget } from '../io/exportPath'
import { defineSheet, writeWorkbook, type ColumnSpec, type SheetSpec } from '../io/workbook'
import { pickCampaigns, scopeVillages, type BoardVillage } from './board'
import { campaignFigures, dash, differs, landClassOfFigure, sumQuantity, type CampaignFigure } from './figures'
import { balanceSheet, type BalanceLine } from './report'
import { listCampaigns } from './service'

/**
 * The roll-up workbook of the 清查 for the 财政分局 (issue 5 §8; the 农清汇总01/02 of domain.md §3.3 in the
 * shape of this book's 上报表): for the campaigns of one as-of date across the villages of the caller's scope —
 * - 资产负债汇总: the lines of the 清产核资资产负债表 (report.ts balanceSheet of each village) summed, 账面数,
 *   核实数 and 差额;
 * - 分村汇总: one row per village — those without a campaign of the date, or still in 清理 (no 账面数 frozen),
 *   listed without figures —, 资产总计, 负债合计 and 所有者权益合计 账面/核实 and the number of differing items;
 * - 资源汇总: parcels by 地类 (块数, 账面面积, 核实面积, 差额, exact decimals), and 分村资源汇总 by village × 地类.
 * Every district figure is the sum of the villages' own report figures, in integer 分 and exact decimals.
 */
export const ROLLUP_TITLE = '清产核资汇总表'
const SIGNATURES = ['会计代理服务中心负责人', '财政分局审核人', '制表人']

export interface RollupVillage {
  village: BoardVillage
  campaign: CampaignSummary | null
  /** the village's report lines (report.ts), null when not summed */
  lines: BalanceLine[] | null
  parcels: CampaignFigure[]
  differing: number
}

/** the villages of the scope with their campaign of the date and, past 清理, its figures */
export async function rollupVillages(ctx: ServiceContext, asOf: string): Promise<RollupVillage[]> {
  const villages = await scopeVillages(ctx.db, villageScope(requireActor(ctx)))
  const campaigns = pickCampaigns((await listCampaigns(ctx, {})).value, asOf)
  const out: RollupVillage[] = []
  for (const village of villages) {
    const campaign = campaigns.get(village.id) ?? null
    // 清理 has frozen no 账面数 yet (a step back to 清理 drops the take): nothing to sum
    if (!campaign || campaign.step === 'snapshot') {
      out.push({ village, campaign, lines: null, parcels: [], differing: 0 })
      continue
    }
    const fig = await campaignFigures(ctx.db, campaign.id)
    out.push({ village, campaign, lines: balanceSheet(fig.rows), parcels: fig.rows.filter((f) => f.kind === 'parcel'), differing: fig.rows.filter(differs).length })
  }
  return out
}

/** the district's lines: each line's 账面数 and 核实数 summed over the villages (the lines are the same list) */
export function sumLines(villages: BalanceLine[][]): BalanceLine[] {
  const [first] = villages
  if (!first) return balanceSheet([])
  return first.map((line, i) => {
    if (line.book === null) return { ...line }
    const add = (pick: 'book' | 'verified') => villages.reduce<Fen>((a, v) => a + (v[i]?.[pick] ?? 0), 0)
    return { ...line, book: add('book'), verified: add('verified') }
  })
}

interface VillageLine {
  code: string
  name: string
  status: string
  assets: [Fen, Fen] | null
  liabilities: [Fen, Fen] | null
  equity: [Fen, Fen] | null
  differing: number | null
}

function statusOf(v: RollupVillage): string {
  const c = v.campaign
  if (!c) return NO_CAMPAIGN_LABEL
  if (c.status === 'reported') return '已上报'
  return c.step === 'snapshot' ? '清理（未冻结账面数）' : c.stepLabel
}

function villageLine(v: RollupVillage): VillageLine {
  const pair = (id: string): [Fen, Fen] | null => {
    const l = v.lines?.find((x) => x.id === id)
    return l ? [l.book ?? 0, l.verified ?? 0] : null
  }
  return { code: v.village.code, name: v.village.name, status: statusOf(v), assets: pair('assets'), liabilities: pair('liab'), equity: pair('equity'), differing: v.lines ? v.differing : null }
}

interface AreaLine {
  bold: boolean
  code: string
  name: string
  landClass: string
  parcels: number
  book: string
  verified: string
  diff: string
}

const classOrder = (c: string) => {
  const i = LAND_CLASSES.indexOf(c)
  return i < 0 ? LAND_CLASSES.length : i
}

/** 地类 of these parcels in the order of GB/T 21010 (then the collective terms), unknown ones last by name */
function landClasses(parcels: CampaignFigure[]): string[] {
  return [...new Set(parcels.map(landClassOfFigure))].sort((a, b) => classOrder(a) - classOrder(b) || a.localeCompare(b, 'zh'))
}

function areaLine(parcels: CampaignFigure[], base: Pick<AreaLine, 'bold' | 'code' | 'name' | 'landClass'>): AreaLine {
  const book = sumQuantity(parcels.map((f) => f.bookQuantity))
  const verified = sumQuantity(parcels.map((f) => f.verifiedQuantity))
  return { ...base, parcels: parcels.length, book, verified, diff: dash(new Decimal(verified).minus(book).toFixed()) }
}

/** 资源汇总: one line per 地类 over every summed village, and the total */
export function areaByClass(villages: RollupVillage[]): AreaLine[] {
  const all = villages.flatMap((v) => v.parcels)
  const lines = landClasses(all).map((cls) => areaLine(all.filter((f) => landClassOfFigure(f) === cls), { bold: false, code: '', name: '', landClass: cls }))
  return [...lines, areaLine(all, { bold: true, code: '', name: '', landClass: '合计' })]
}

/** 分村资源汇总: each summed village's 地类 and its subtotal */
export function areaByVillage(villages: RollupVillage[]): AreaLine[] {
  const out: AreaLine[] = []
  for (const v of villages) {
    if (!v.lines) continue
    const who = { code: v.village.code, name: v.village.name }
    for (const cls of landClasses(v.parcels)) out.push(areaLine(v.parcels.filter((f) => landClassOfFigure(f) === cls), { bold: false, ...who, landClass: cls }))
    out.push(areaLine(v.parcels, { bold: true, ...who, landClass: '小计' }))
  }
  return out
}

export function rollupSheets(villages: RollupVillage[], o: { asOf: string; agency: string; generatedAt: string; userName: string }): SheetSpec<unknown>[] {
  const summed = villages.filter((v) => v.lines !== null)
  const scope = `汇总 ${summed.length} 个村（所辖 ${villages.length} 个，${villages.length - summed.length} 个未发起或仍在清理）`
  // short centred lines: the agency's long name and the scope on one line are wider than a portrait sheet
  const head = (unit: string) => [`汇总单位：${o.agency}`, `清查基准日：${o.asOf}\u3000${unit}`, scope]
  const footer = `${ROLLUP_TITLE}｜生成于 ${o.generatedAt.slice(0, 19).replace('T', ' ')}｜操作人 ${o.userName}`
  const right = () => ({ align: 'right' as const })
  /** 账面数 and 核实数 under a group header (资产总计 …) */
  const moneyPair = (pick: (r: VillageLine) => [Fen, Fen] | null): ColumnSpec<VillageLine>[] => [
    { header: '账面数', width: 15, kind: 'money', value: (r) => pick(r)?.[0] ?? null, sum: true },
    { header: '核实数', width: 15, kind: 'money', value: (r) => pick(r)?.[1] ?? null, sum: true },
  ]
  const villageLines = villages.map(villageLine)
  const differing = villageLines.reduce((a, r) => a + (r.differing ?? 0), 0)
  const areaColumns = [
    { header: '块数', width: 8, kind: 'integer' as const, value: (r: AreaLine) => r.parcels, style: right },
    { header: '账面面积', width: 14, kind: 'text' as const, value: (r: AreaLine) => r.book, style: right },
    { header: '核实面积', width: 14, kind: 'text' as const, value: (r: AreaLine) => r.verified, style: right },
    { header: '差额', width: 12, kind: 'text' as const, value: (r: AreaLine) => r.diff, style: right },
  ]
  const bold = (r: { bold: boolean }) => (r.bold ? { bold: true, fill: true } : undefined)
  return [
    defineSheet<BalanceLine>({
      name: '资产负债汇总',
      title: '清产核资资产负债汇总表',
      subtitles: head('单位：元'),
      columns: [
        { header: '项目', width: 34, kind: 'text', value: (r) => r.label, style: (r) => (r.indent ? { indent: r.indent } : undefined) },
        { header: '行次', width: 6, kind: 'integer', value: (r) => r.line, style: () => ({ align: 'center' }) },
        { header: '账面数', width: 17, kind: 'money', value: (r) => r.book },
        { header: '核实数', width: 17, kind: 'money', value: (r) => r.verified },
        { header: '差额（核实−账面）', width: 17, kind: 'money', value: (r) => (r.book === null ? null : (r.verified ?? 0) - r.book) },
      ],
      rows: sumLines(summed.map((v) => v.lines as BalanceLine[])),
      rowStyle: (r) => (r.bold ? { bold: true, fill: r.line !== null } : undefined),
      notes: ['各行为所汇总各村《清产核资资产负债表》同一行次之和；各村明细见「分村汇总」。', '核实数含各村登记、核实中确认的台账差异；差额 = 核实数 − 账面数。'],
      signatures: SIGNATURES,
      footer,
    }),
    defineSheet<VillageLine>({
      name: '分村汇总',
      title: '清产核资分村汇总表',
      subtitles: head('单位：元'),
      headerGroups: [
        { label: '', span: 1 },
        { label: '', span: 1 },
        { label: '', span: 1 },
        { label: '资产总计', span: 2 },
        { label: '负债合计', span: 2 },
        { label: '所有者权益合计', span: 2 },
        { label: '', span: 1 },
      ],
      columns: [
        { header: '村编码', width: 14, kind: 'text', value: (r) => r.code },
        { header: '单位名称', width: 34, kind: 'text', value: (r) => r.name, wrap: true },
        { header: '清查进度', width: 20, kind: 'text', value: (r) => r.status, wrap: true },
        ...moneyPair((r) => r.assets),
        ...moneyPair((r) => r.liabilities),
        ...moneyPair((r) => r.equity),
        { header: '差异项数', width: 9, kind: 'integer', value: (r) => r.differing, style: () => ({ align: 'center' }) },
      ],
      rows: villageLines,
      totals: { label: '合计' },
      notes: [`差异项合计 ${differing} 项（账面数与核实数不符、登记时未找到或盘盈的项目）。`, '未发起清查或仍在“清理”步骤（尚未冻结账面数）的村只列示进度，不计入合计。'],
      signatures: SIGNATURES,
      footer,
      landscape: true,
    }),
    defineSheet<AreaLine>({
      name: '资源汇总',
      title: '资源性资产清查登记汇总表',
      subtitles: head('面积单位：亩'),
      columns: [{ header: '地类', width: 26, kind: 'text', value: (r) => r.landClass }, ...areaColumns],
      rows: areaByClass(summed),
      rowStyle: bold,
      notes: ['面积为所汇总各村《资源性资产清查登记表》同一地类之和，按登记精度精确相加；差额 = 核实面积 − 账面面积。'],
      signatures: SIGNATURES,
      footer,
    }),
    defineSheet<AreaLine>({
      name: '分村资源汇总',
      title: '资源性资产分村汇总表',
      subtitles: head('面积单位：亩'),
      columns: [
        { header: '村编码', width: 14, kind: 'text', value: (r) => r.code },
        { header: '单位名称', width: 32, kind: 'text', value: (r) => r.name, wrap: true },
        { header: '地类', width: 24, kind: 'text', value: (r) => r.landClass },
        ...areaColumns,
      ],
      rows: areaByVillage(summed),
      rowStyle: bold,
      notes: summed.length ? [] : ['（没有可汇总的清查）'],
      signatures: SIGNATURES,
      footer,
    }),
  ]
}

async function agencyName(db: Kysely<Database>): Promise<string> {
  const a = await db.selectFrom('agency').select(['name']).executeTakeFirst()
  return a?.name ?? ''
}

/** Writes the roll-up workbook of the campaigns of `asOf` across the caller's villages. */
export async function exportRollup(ctx: ServiceContext, input: MethodParsedInput<'campaign.rollup'>): Promise<Outcome<CampaignRollupResult>> {
  const actor = requireActor(ctx)
  const path = exportTarget(input.to, ctx.engine.path, { title: ROLLUP_TITLE, tag: input.asOf })
  const villages = await rollupVillages(ctx, input.asOf)
  const sheets = rollupSheets(villages, { asOf: input.asOf, agency: await agencyName(ctx.db), generatedAt: nowIso(), userName: actor.displayName || actor.username })
  const { rows } = await writeWorkbook(path, sheets)
  const summed = villages.filter((v) => v.lines !== null).length
  return {
    value: { path, rows, bytes: statSync(path).size, villages: summed, notSummed: villages.length - summed },
    audit: { action: `导出${ROLLUP_TITLE}（基准日 ${input.asOf}，汇总 ${summed} 个村，${rows} 行）到：${path}`, after: { path, asOf: input.asOf, villages: summed } },
  }
}
