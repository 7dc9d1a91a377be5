import type { Kysely } from 'kysely'
import type { NoticeContent } from '../../../shared/api/campaignTypes'
import { fenToYuanString, type Fen } from '../../../shared/money'
import { addDays, isValidDate } from '../../../shared/periods'
import { AppError } from '../../../shared/errors'
import { todayIso } from '../audit/log'
import type { Database } from '../db/schema'
import { defineSheet, writeWorkbook, type ColumnSpec, type SheetSpec, type Subtitle } from '../io/workbook'
import { campaignFigures, dash, landClassOfFigure, quantityDiff, sumQuantity, type CampaignFigure, type CampaignFigures } from './figures'

/**
 * 公示 (issue 5 step 5, domain.md §4.4): the public notice of a campaign's result as a workbook that prints on
 * A4 portrait — 资金, 资产 and 债权债务 with 账面数, 核实数 and their difference on one sheet, 资源 (areas in 亩)
 * on a second; the display period (default 7 days) and place under the title; the signature lines of the
 * 村清产核资小组 and the 民主理财小组 under the table.
 */
export interface NoticeOptions {
  /** first day of the display period (default: today) */
  from?: string
  /** days on display (default 7) */
  days?: number
  /** where it is posted (default 村务公开栏) */
  place?: string
}

export const NOTICE_DEFAULT_DAYS = 7

interface MoneyRow {
  look: 'section' | 'item' | 'total'
  label: string
  code: string
  book: Fen | null
  verified: Fen | null
  note: string
}

interface AreaRow {
  look: 'section' | 'item' | 'total'
  label: string
  code: string
  book: string
  verified: string
  diff: string
  note: string
}


export function displayPeriod(o: NoticeOptions): { from: string; to: string; days: number; place: string } {
  const from = o.from ?? todayIso()
  const days = o.days ?? NOTICE_DEFAULT_DAYS
  if (!isValidDate(from)) throw new AppError('VALIDATION', `公示开始日期应为 YYYY-MM-DD，而不是「${from}」`)
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new AppError('VALIDATION', '公示天数应为 1 到 90 的整数')
  return { from, to: addDays(from, days - 1), days, place: o.place?.trim() || '村务公开栏' }
}

const isAccount = (f: CampaignFigure, ...prefixes: string[]) => f.kind === 'account' && prefixes.some((p) => f.code.startsWith(p))
const nonZero = (f: CampaignFigure) => (f.book ?? 0) !== 0 || (f.verified ?? 0) !== 0
const noteOf = (f: CampaignFigure) => [f.reason, f.opinion].filter(Boolean).join('；')

function section(title: string, items: MoneyRow[], totalLabel: string): MoneyRow[] {
  const sum = (k: 'book' | 'verified') => items.reduce((a, r) => a + (r[k] ?? 0), 0)
  return [
    { look: 'section', label: title, code: '', book: null, verified: null, note: '' },
    ...(items.length ? items : [{ look: 'item' as const, label: '（无）', code: '', book: null, verified: null, note: '' }]),
    { look: 'total', label: totalLabel, code: '', book: sum('book'), verified: sum('verified'), note: '' },
  ]
}

const item = (f: CampaignFigure, sign: 1 | -1 = 1, label = f.label): MoneyRow => ({
  look: 'item',
  label,
  code: f.code,
  book: f.book === null ? null : sign * f.book,
  verified: f.verified === null ? null : sign * f.verified,
  note: noteOf(f),
})

/** 资金, 资产, 债权, 债务 in the order of the notice */
export function moneySections(rows: CampaignFigure[]): MoneyRow[] {
  const banks = rows.filter((f) => f.kind === 'bankAccount')
  const cash = rows.filter((f) => isAccount(f, '101') && nonZero(f)).map((f) => item(f))
  // bank deposits by account when the register has them, else the 102 balances
  const bank = banks.length ? banks.map((f) => ({ ...item(f, 1, `银行存款 ${f.label}`), code: '102' })) : rows.filter((f) => isAccount(f, '102') && nonZero(f)).map((f) => item(f))
  const fundRows = [...cash, ...bank]
  const assets = rows.filter((f) => f.kind === 'asset' || f.kind === 'inventory' || f.kind === 'bioAsset' || f.kind === 'investment').map((f) => item(f))
  // 113 内部往来: debit details are claims, credit details debts (domain.md §1.1)
  const claims = rows.filter((f) => (isAccount(f, '112') || (isAccount(f, '113') && (f.book ?? 0) >= 0)) && nonZero(f)).map((f) => item(f))
  const debts = rows.filter((f) => (isAccount(f, '2') || (isAccount(f, '113') && (f.book ?? 0) < 0)) && nonZero(f)).map((f) => item(f, -1))
  return [
    ...section('一、资金', fundRows, '资金合计'),
    ...section('二、资产', assets, '资产合计'),
    ...section('三、债权（应收款项）', claims, '债权合计'),
    ...section('四、债务（应付款项及借款）', debts, '债务合计'),
  ]
}

export function areaRows(rows: CampaignFigure[]): AreaRow[] {
  const parcels = rows.filter((f) => f.kind === 'parcel')
  const classes = [...new Set(parcels.map(landClassOfFigure))]
  const out: AreaRow[] = []
  for (const cls of classes) {
    const own = parcels.filter((f) => landClassOfFigure(f) === cls)
    const book = sumQuantity(own.map((f) => f.bookQuantity))
    const verified = sumQuantity(own.map((f) => f.verifiedQuantity))
    out.push({ look: 'section', label: cls, code: `${own.length} 块`, book, verified, diff: dash(sumQuantity([verified, `-${book}`])), note: '' })
    for (const f of own) out.push({ look: 'item', label: f.label, code: f.code, book: f.bookQuantity ?? '', verified: f.verifiedQuantity ?? '', diff: dash(quantityDiff(f) ?? ''), note: noteOf(f) })
  }
  const book = sumQuantity(parcels.map((f) => f.bookQuantity))
  const verified = sumQuantity(parcels.map((f) => f.verifiedQuantity))
  out.push({ look: 'total', label: '资源合计', code: `${parcels.length} 块`, book, verified, diff: dash(sumQuantity([verified, `-${book}`])), note: '' })
  return out
}

const lookOf = (look: 'section' | 'item' | 'total') => (look === 'item' ? undefined : { bold: true, fill: look === 'total' })

/** The words of the notice around its tables: titles, the lines under them, the notes and signature lines. */
function noticeText(fig: CampaignFigures, o: NoticeOptions) {
  const p = displayPeriod(o)
  const h = fig.header
  return {
    title: `${h.villageName}清产核资结果公示表`,
    areaTitle: `${h.villageName}资源性资产清查结果公示表`,
    lines: (unit: string) => [`公示单位：${h.villageName}\u3000清查基准日：${h.asOf}\u3000${unit}`, `公示期：${p.from} 至 ${p.to}（${p.days} 天）\u3000公示地点：${p.place}`],
    notes: [
      '资产含固定资产（按净值）、库存物资、生物资产和对外投资；银行存款按账户列示。',
      '核实数为核实中确认的数额，尚未核实的项目按账面数列示；登记时未找到的项目核实数为 0。差额 = 核实数 − 账面数。',
      `对公示内容如有异议，请于 ${p.to} 前向村民主理财小组或会计代理服务中心书面反映。`,
    ],
    signatures: ['村清产核资小组（盖章）', '民主理财小组（签字）'],
  }
}

/** The notice as data, for the printable page: the same rows and words as the workbook. */
export function noticeContent(fig: CampaignFigures, o: NoticeOptions, posted: boolean): NoticeContent {
  const t = noticeText(fig, o)
  const y = (f: Fen | null) => (f === null ? null : fenToYuanString(f))
  return {
    title: t.title,
    lines: t.lines('单位：元'),
    money: moneySections(fig.rows).map((r) => ({
      look: r.look,
      label: r.label,
      code: r.code,
      book: y(r.book),
      verified: y(r.verified),
      difference: r.book === null && r.verified === null ? null : y((r.verified ?? 0) - (r.book ?? 0)),
      note: r.note,
    })),
    areaTitle: t.areaTitle,
    areas: areaRows(fig.rows).map((r) => ({ look: r.look, label: r.label, code: r.code, book: r.book, verified: r.verified, difference: r.diff, note: r.note })),
    notes: t.notes,
    signatures: t.signatures,
    posted,
  }
}

export function noticeSheets(fig: CampaignFigures, o: NoticeOptions): SheetSpec<unknown>[] {
  const t = noticeText(fig, o)
  const title = t.title
  // one centred line each: the parts of a three-part subtitle are too narrow for a long village name on A4
  const head = (unit: string): Subtitle[] => {
    const [first, second] = t.lines(unit) as [string, string]
    return [first, { line: second, centred: true }]
  }
  const notes = t.notes
  const signatures = t.signatures
  const label: ColumnSpec<MoneyRow> = { header: '项目', width: 38, kind: 'text', value: (r) => r.label, style: (r) => (r.look === 'item' ? { indent: 1 } : undefined), wrap: true }
  const money = defineSheet<MoneyRow>({
    name: '资金 资产 债权债务',
    title,
    subtitles: head('单位：元'),
    columns: [
      label,
      { header: '编号/科目', width: 14, kind: 'text', value: (r) => r.code },
      { header: '账面数', width: 15, kind: 'money', value: (r) => r.book },
      { header: '核实数', width: 15, kind: 'money', value: (r) => r.verified },
      { header: '差额', width: 14, kind: 'money', value: (r) => (r.book === null && r.verified === null ? null : (r.verified ?? 0) - (r.book ?? 0)) },
      { header: '说明', width: 26, kind: 'text', value: (r) => r.note, wrap: true },
    ],
    rows: moneySections(fig.rows),
    rowStyle: (r) => lookOf(r.look),
    notes,
    signatures,
  })
  const right = () => ({ align: 'right' as const })
  const area = defineSheet<AreaRow>({
    name: '资源',
    title: t.areaTitle,
    subtitles: head('面积单位：亩'),
    columns: [
      { header: '地类 / 地块', width: 30, kind: 'text', value: (r) => r.label, style: (r) => (r.look === 'item' ? { indent: 1 } : undefined), wrap: true },
      { header: '编号', width: 14, kind: 'text', value: (r) => r.code },
      { header: '账面面积', width: 14, kind: 'text', value: (r) => r.book, style: right },
      { header: '核实面积', width: 14, kind: 'text', value: (r) => r.verified, style: right },
      { header: '差额', width: 12, kind: 'text', value: (r) => r.diff, style: right },
      { header: '说明', width: 24, kind: 'text', value: (r) => r.note, wrap: true },
    ],
    rows: areaRows(fig.rows),
    rowStyle: (r) => lookOf(r.look),
    notes,
    signatures,
  })
  return [money, area]
}

/** Writes the 公示表 of a campaign; the rows are the data rows of both sheets. */
export async function exportNotice(db: Kysely<Database>, campaignId: number, path: string, options: NoticeOptions = {}): Promise<{ path: string; rows: number }> {
  const fig = await campaignFigures(db, campaignId)
  const { rows } = await writeWorkbook(path, noticeSheets(fig, options))
  return { path, rows }
}
