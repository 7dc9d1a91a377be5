import type { Kysely } from 'kysely'
import { SNAPSHOT_KIND_LABELS } from '../../../shared/api/campaignTypes'
import { formatFen, type Fen } from '../../../shared/money'
import { USE_STATUS_LABELS, type UseStatus } from '../../../shared/registers/parcels'
import type { Database } from '../db/schema'
import { defineSheet, type SheetSpec } from '../io/workbook'
import { campaignFigures, dash, differs, landClassOfFigure, quantityDiff, remarkOf, sumQuantity, type CampaignFigure, type CampaignFigures } from './figures'
import { writeSealedWorkbook } from './fingerprint'

/**
 * 上报 (issue 5 step 7): the report workbook in the 清产核资 style — the 资产负债表 with 账面数 and 核实数
 * (domain.md §3.4), the 资源性资产清查登记表 (parcels by 地类 with areas, §3.3 农清明细20), the differences, and
 * the team with signature lines — sealed with a SHA-256 fingerprint of its cell content (fingerprint.ts).
 *
 * Mapping used for the 资产负债表 (2023 chart, domain.md §1.1 and the 2023 form of §2.3, under the line names of
 * §3.4 where the 2023 chart still has them):
 * - 货币资金 101+102; 短期投资 111; 应收款项 112 + debit details of 113; 存货 121+401.
 * - §3.4's 农业资产 (牲畜资产, 林木资产) are the 2004 accounts 131/132; the 2023 chart replaced them with
 *   生物资产 131–134, so the group is 生物资产: 消耗性 131, 生产性 132 − 133, 公益性 134.
 * - 长期投资 141 (the chart has no separate 长期股权投资, so that sub-line is left out).
 * - 固定资产原值 151, 累计折旧 152, 净值, 固定资产清理 154, 在建工程 153 (2023 codes, swapped vs 2004). The
 *   经营性 sub-lines need a per-card flag the registers do not record, so they are left out.
 * - 其他资产: 无形资产 161 − 162, 长期待摊费用 171, 待处理财产损溢 181.
 * - 流动负债: 短期借款 201, 应付款项 211 + credit details of 113, 应付工资 212, 应付劳务费 213 (in place of the
 *   2004 应付福利费, deleted in 2023), 应交税费 214. 长期负债: 221, 231, 241; 征地补偿费 has no 2023 account.
 * - 所有者权益: 资本 301, 公积公益金 311, 未分配收益 321 + 322 + the balances of the 5xx income and expense
 *   accounts (before the year-end close this year's result still sits there, and the sheet must balance).
 * - Memo lines 经营性/非经营性/待界定资产 and 全资子公司所有者权益 are not derivable from the books and are left out.
 * 核实数 of a line: the 核实数 of its accounts, plus the differences of the register items checked in 核实/登记
 * (银行账户 → 货币资金, 库存物资 → 存货, 生物资产 → 生产性生物资产原值, 对外投资 → 长期投资, 固定资产 → 原值 and
 * 累计折旧 for a missing card, 原值 otherwise). A register item and its account should not both carry a verified
 * figure for the same difference; 核实 records it on one of them.
 */

interface Term {
  prefix: string
  sign: 1 | -1
  /** only the account rows whose balance is on this side (113 内部往来) */
  only?: 'debit' | 'credit'
}

type LineDef = { label: string; indent?: number; heading?: true } & ({ terms: Term[] } | { sum: [string, 1 | -1][] }) & { id?: string }

const D = (...prefixes: string[]): Term[] => prefixes.map((prefix) => ({ prefix, sign: 1 }))
const C = (...prefixes: string[]): Term[] => prefixes.map((prefix) => ({ prefix, sign: -1 }))
const plus = (...ids: string[]): [string, 1 | -1][] => ids.map((id) => [id, 1])
const heading = (label: string): LineDef => ({ label, heading: true, terms: [] })

export const BALANCE_LINES: LineDef[] = [
  heading('流动资产：'),
  { id: 'cash', label: '货币资金', indent: 1, terms: D('101', '102') },
  { id: 'stinv', label: '短期投资', indent: 1, terms: D('111') },
  { id: 'recv', label: '应收款项', indent: 1, terms: [...D('112'), { prefix: '113', sign: 1, only: 'debit' }] },
  { id: 'stock', label: '存货', indent: 1, terms: D('121', '401') },
  { id: 'current', label: '流动资产合计', sum: plus('cash', 'stinv', 'recv', 'stock') },
  heading('生物资产（原农业资产）：'),
  { id: 'bioC', label: '消耗性生物资产', indent: 1, terms: D('131') },
  { id: 'bioP', label: '生产性生物资产原值', indent: 1, terms: D('132') },
  { id: 'bioDep', label: '减：生产性生物资产累计折旧', indent: 1, terms: C('133') },
  { id: 'bioNet', label: '生产性生物资产净值', indent: 1, sum: [['bioP', 1], ['bioDep', -1]] },
  { id: 'bioW', label: '公益性生物资产', indent: 1, terms: D('134') },
  { id: 'bio', label: '生物资产合计', sum: plus('bioC', 'bioNet', 'bioW') },
  heading('长期资产：'),
  { id: 'ltinv', label: '长期投资', indent: 1, terms: D('141') },
  { id: 'longterm', label: '长期资产合计', sum: plus('ltinv') },
  heading('固定资产：'),
  { id: 'faCost', label: '固定资产原值', indent: 1, terms: D('151') },
  { id: 'faDep', label: '减：累计折旧', indent: 1, terms: C('152') },
  { id: 'faNet', label: '固定资产净值', indent: 1, sum: [['faCost', 1], ['faDep', -1]] },
  { id: 'faDisp', label: '固定资产清理', indent: 1, terms: D('154') },
  { id: 'cip', label: '在建工程', indent: 1, terms: D('153') },
  { id: 'fixed', label: '固定资产合计', sum: plus('faNet', 'faDisp', 'cip') },
  heading('其他资产：'),
  { id: 'intang', label: '无形资产（净值）', indent: 1, terms: D('161', '162') },
  { id: 'prepaid', label: '长期待摊费用', indent: 1, terms: D('171') },
  { id: 'pending', label: '待处理财产损溢', indent: 1, terms: D('181') },
  { id: 'other', label: '其他资产合计', sum: plus('intang', 'prepaid', 'pending') },
  { id: 'assets', label: '资产总计', sum: plus('current', 'bio', 'longterm', 'fixed', 'other') },
  heading('流动负债：'),
  { id: 'stloan', label: '短期借款', indent: 1, terms: C('201') },
  { id: 'pay', label: '应付款项', indent: 1, terms: [...C('211'), { prefix: '113', sign: -1, only: 'credit' }] },
  { id: 'wages', label: '应付工资', indent: 1, terms: C('212') },
  { id: 'labour', label: '应付劳务费', indent: 1, terms: C('213') },
  { id: 'tax', label: '应交税费', indent: 1, terms: C('214') },
  { id: 'curLiab', label: '流动负债合计', sum: plus('stloan', 'pay', 'wages', 'labour', 'tax') },
  heading('长期负债：'),
  { id: 'ltloan', label: '长期借款及应付款', indent: 1, terms: C('221') },
  { id: 'yishi', label: '一事一议资金', indent: 1, terms: C('231') },
  { id: 'special', label: '专项应付款', indent: 1, terms: C('241') },
  { id: 'ltLiab', label: '长期负债合计', sum: plus('ltloan', 'yishi', 'special') },
  { id: 'liab', label: '负债合计', sum: plus('curLiab', 'ltLiab') },
  heading('所有者权益：'),
  { id: 'capital', label: '资本', indent: 1, terms: C('301') },
  { id: 'reserve', label: '公积公益金', indent: 1, terms: C('311') },
  { id: 'retained', label: '未分配收益', indent: 1, terms: C('321', '322', '5') },
  { id: 'equity', label: '所有者权益合计', sum: plus('capital', 'reserve', 'retained') },
  { id: 'total', label: '负债和所有者权益总计', sum: plus('liab', 'equity') },
]

/** where a register item's difference lands (see the mapping above) */
const REGISTER_LINE: Partial<Record<CampaignFigure['kind'], string>> = { bankAccount: 'cash', inventory: 'stock', bioAsset: 'bioP', investment: 'ltinv', asset: 'faCost' }

export interface BalanceLine {
  id: string | null
  label: string
  line: number | null
  indent: number
  bold: boolean
  book: Fen | null
  verified: Fen | null
}

/** the line that absorbs the net verified difference */
export const RETAINED_LINE = 'retained'

/** 核实数 − 账面数 of 未分配收益 beyond its own accounts' verified figures: the net verified difference it absorbs. */
export function absorbedDifference(lines: BalanceLine[], rows: CampaignFigure[]): Fen {
  const retained = lines.find((l) => l.id === RETAINED_LINE)
  const own = rows.filter((f) => f.kind === 'account' && ['321', '322', '5'].some((p) => f.code.startsWith(p))).reduce((a, f) => a - ((f.verified ?? 0) - (f.book ?? 0)), 0)
  return (retained?.verified ?? 0) - (retained?.book ?? 0) - own
}

const num = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : 0)

export function balanceSheet(rows: CampaignFigure[]): BalanceLine[] {
  const accounts = rows.filter((f) => f.kind === 'account')
  const value = (terms: Term[], pick: 'book' | 'verified') => {
    let total = 0
    for (const t of terms) {
      for (const f of accounts) {
        if (!f.code.startsWith(t.prefix)) continue
        const v = f[pick] ?? 0
        if ((t.only === 'debit' && v < 0) || (t.only === 'credit' && v > 0)) continue
        total += t.sign * v
      }
    }
    return total
  }
  const adjust = new Map<string, Fen>()
  const add = (id: string, v: Fen) => adjust.set(id, (adjust.get(id) ?? 0) + v)
  for (const f of rows) {
    const id = REGISTER_LINE[f.kind]
    if (!id || f.book === null || f.verified === null || f.book === f.verified) continue
    if (f.kind === 'asset' && f.result === 'missing' && 'originalValue' in f.detail) {
      add('faCost', -num(f.detail.originalValue))
      add('faDep', -num(f.detail.accumulated))
    } else add(id, f.verified - f.book)
  }
  const got = new Map<string, { book: Fen; verified: Fen }>()
  let line = 0
  return BALANCE_LINES.map((d) => {
    if (d.heading) return { id: null, label: d.label, line: null, indent: 0, bold: true, book: null, verified: null }
    let book = 0
    let verified = 0
    if ('terms' in d) {
      book = value(d.terms, 'book')
      verified = value(d.terms, 'verified') + (d.id ? (adjust.get(d.id) ?? 0) : 0)
      // the net of the verified differences is this year's gain or loss once approved (盘盈 → 其他收入, 盘亏 →
      // 其他支出), so it lands in 未分配收益 and the 核实数 column balances like the 账面数 column
      if (d.id === RETAINED_LINE) {
        const v = (id: string) => got.get(id)?.verified ?? 0
        verified = v('assets') - v('liab') - v('capital') - v('reserve')
      }
    } else {
      for (const [id, sign] of d.sum) {
        book += sign * (got.get(id)?.book ?? 0)
        verified += sign * (got.get(id)?.verified ?? 0)
      }
    }
    if (d.id) got.set(d.id, { book, verified })
    return { id: d.id ?? null, label: d.label, line: ++line, indent: d.indent ?? 0, bold: 'sum' in d, book, verified }
  })
}

interface ParcelRow {
  bold: boolean
  landClass: string
  name: string
  code: string
  location: string
  book: string
  verified: string
  diff: string
  use: string
}

function parcelRows(rows: CampaignFigure[]): ParcelRow[] {
  const parcels = rows.filter((f) => f.kind === 'parcel')
  const out: ParcelRow[] = []
  const total = (label: string, own: CampaignFigure[], landClass: string): ParcelRow => {
    const book = sumQuantity(own.map((f) => f.bookQuantity))
    const verified = sumQuantity(own.map((f) => f.verifiedQuantity))
    return { bold: true, landClass, name: label, code: `${own.length} 块`, location: '', book, verified, diff: dash(sumQuantity([verified, `-${book}`])), use: '' }
  }
  for (const cls of [...new Set(parcels.map(landClassOfFigure))]) {
    const own = parcels.filter((f) => landClassOfFigure(f) === cls)
    out.push(total('小计', own, cls))
    for (const f of own) {
      const use = typeof f.detail.useStatus === 'string' ? (USE_STATUS_LABELS[f.detail.useStatus as UseStatus] ?? f.detail.useStatus) : ''
      const location = typeof f.detail.location === 'string' ? f.detail.location : ''
      out.push({ bold: false, landClass: cls, name: f.label, code: f.code, location, book: f.bookQuantity ?? '', verified: f.verifiedQuantity ?? '', diff: dash(quantityDiff(f) ?? ''), use })
    }
  }
  out.push(total('合计', parcels, '全部地类'))
  return out
}

/** an account row whose balance (or, with none, its verified figure) stands on the credit side */
const onCredit = (f: CampaignFigure) => f.kind === 'account' && ((f.book ?? 0) < 0 || ((f.book ?? 0) === 0 && (f.verified ?? 0) < 0))
const sided = (f: CampaignFigure, v: Fen | null) => (v === null ? null : onCredit(f) ? -v : v)

function quantityText(f: CampaignFigure): string {
  const q = quantityDiff(f)
  return q === null ? '' : `${dash(q)}${f.unit ? ` ${f.unit}` : ''}`
}

export function reportSheets(fig: CampaignFigures): SheetSpec<unknown>[] {
  const h = fig.header
  // one centred line: a three-part subtitle cuts the date off on A4 portrait
  const head = (unit: string) => [`清查单位：${h.villageName}（${h.villageCode}）\u3000清查基准日：${h.asOf}${unit ? `\u3000${unit}` : ''}`]
  const signatures = ['单位负责人', '清查工作组组长', '会计代理服务中心', '制表人']
  const right = () => ({ align: 'right' as const })
  // the differences, and the items found 损坏/闲置 or whose counterparty disagreed or did not reply
  const diffs = fig.rows.filter((f) => differs(f) || remarkOf(f) !== '')
  const balance = balanceSheet(fig.rows)
  const absorbed = absorbedDifference(balance, fig.rows)
  return [
    defineSheet<BalanceLine>({
      name: '资产负债表',
      title: '清产核资资产负债表',
      subtitles: head('单位：元'),
      columns: [
        { header: '项目', width: 34, kind: 'text', value: (r) => r.label, style: (r) => (r.indent ? { indent: r.indent } : undefined) },
        { header: '行次', width: 6, kind: 'integer', value: (r) => r.line, style: () => ({ align: 'center' }) },
        { header: '账面数', width: 16, kind: 'money', value: (r) => r.book },
        { header: '核实数', width: 16, kind: 'money', value: (r) => r.verified },
        { header: '差额（核实−账面）', width: 16, kind: 'money', value: (r) => (r.book === null ? null : (r.verified ?? 0) - r.book) },
      ],
      rows: balance,
      rowStyle: (r) => (r.bold ? { bold: true, fill: r.line !== null } : undefined),
      notes: [
        '取数：2023 年《农村集体经济组织会计制度》科目表；生物资产列示于原“农业资产”位置。',
        '未分配收益含年终结转前损益类科目的余额；核实数含登记、核实中确认的台账差异。',
        `核实数的未分配收益含资产、负债核实差额净额 ${formatFen(absorbed)} 元（盘盈、盘亏经民主程序批准后分别转入其他收入、其他支出）。`,
      ],
      signatures,
    }),
    defineSheet<ParcelRow>({
      name: '资源性资产清查登记表',
      title: '资源性资产清查登记表',
      subtitles: head('面积单位：亩'),
      columns: [
        { header: '地类', width: 14, kind: 'text', value: (r) => r.landClass },
        { header: '地块名称', width: 22, kind: 'text', value: (r) => r.name, wrap: true },
        { header: '编号', width: 12, kind: 'text', value: (r) => r.code },
        { header: '坐落', width: 24, kind: 'text', value: (r) => r.location, wrap: true },
        { header: '账面面积', width: 12, kind: 'text', value: (r) => r.book, style: right },
        { header: '核实面积', width: 12, kind: 'text', value: (r) => r.verified, style: right },
        { header: '差额', width: 10, kind: 'text', value: (r) => r.diff, style: right },
        { header: '使用状况', width: 10, kind: 'text', value: (r) => r.use },
      ],
      rows: parcelRows(fig.rows),
      rowStyle: (r) => (r.bold ? { bold: true, fill: true } : undefined),
      landscape: true,
      signatures,
    }),
    defineSheet<CampaignFigure>({
      name: '差异明细',
      title: '清查差异明细表',
      subtitles: head('单位：元'),
      columns: [
        { header: '类别', width: 10, kind: 'text', value: (r) => SNAPSHOT_KIND_LABELS[r.kind] },
        { header: '编号', width: 12, kind: 'text', value: (r) => (r.kind === 'bankAccount' ? '' : r.code), wrap: true },
        { header: '名称', width: 24, kind: 'text', value: (r) => r.label, wrap: true },
        { header: '状况/询证', width: 11, kind: 'text', value: remarkOf },
        { header: '方向', width: 6, kind: 'text', value: (r) => (r.kind === 'account' ? (onCredit(r) ? '贷' : '借') : ''), style: () => ({ align: 'center' }) },
        // on the balance's own side, as the books print it: a debt of 21,261.40 reads 21,261.40 贷, not −21,261.40
        { header: '账面数', width: 13, kind: 'money', value: (r) => sided(r, r.book) },
        { header: '核实数', width: 13, kind: 'money', value: (r) => sided(r, r.verified) },
        { header: '差额', width: 13, kind: 'money', value: (r) => (r.book === null && r.verified === null ? null : sided(r, (r.verified ?? 0) - (r.book ?? 0))) },
        { header: '数量差', width: 10, kind: 'text', value: quantityText, style: right },
        { header: '原因', width: 20, kind: 'text', value: (r) => r.reason, wrap: true },
        { header: '处理意见', width: 18, kind: 'text', value: (r) => r.opinion, wrap: true },
      ],
      rows: diffs,
      totals: { label: `共 ${diffs.length} 项` },
      notes: diffs.length ? ['差额 = 核实数 − 账面数，按余额方向列示；差异对净资产的影响合计见资产负债表附注。'] : ['本次清查账实相符，无差异。'],
      landscape: true,
      signatures,
    }),
    defineSheet<CampaignFigures['header']['team'][number]>({
      name: '清查工作组',
      title: '清产核资工作组及签字',
      subtitles: head(''),
      columns: [
        { header: '姓名', width: 14, kind: 'text', value: (r) => r.name },
        { header: '单位', width: 22, kind: 'text', value: (r) => r.unit },
        { header: '职责', width: 14, kind: 'text', value: (r) => r.role },
        { header: '签字', width: 20, kind: 'text', value: () => '' },
        { header: '日期', width: 14, kind: 'text', value: () => '' },
      ],
      rows: h.team,
      notes: h.team.length ? [] : ['（未登记工作组成员）'],
      signatures: ['村清产核资小组（盖章）', '民主理财小组（签字）'],
    }),
  ]
}

/** Writes the sealed 上报 workbook of a campaign: its path, data rows and content fingerprint. */
export async function exportReport(db: Kysely<Database>, campaignId: number, path: string): Promise<{ path: string; rows: number; fingerprint: string }> {
  const fig = await campaignFigures(db, campaignId)
  const { rows, fingerprint } = await writeSealedWorkbook(path, reportSheets(fig))
  return { path, rows, fingerprint }
}
