import { statSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import { BANK_NATURE_LABELS, BIO_KIND_LABELS, INVENTORY_USAGE_LABELS, INVESTMENT_KIND_LABELS, type ClaimRow, type RegisterExportResult } from '../../../shared/api/fundTypes'
import type { ReconcileCheck } from '../../../shared/api/registerTypes'
import { fenToYuanString, formatFen, parseYuan, type Fen } from '../../../shared/money'
import { AGE_BUCKETS, AGE_BUCKET_LABELS } from '../../../shared/registers/ageing'
import { ASSET_NATURE_LABELS, ASSET_STATUS_LABELS } from '../../../shared/registers/assets'
import { CONTRACT_KIND_LABELS, CONTRACT_STATUS_LABELS } from '../../../shared/registers/contracts'
import { areaText, OWNERSHIP_LABELS, USE_STATUS_LABELS } from '../../../shared/registers/parcels'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import { exportTarget } from '../io/exportPath'
import type { Database } from '../db/schema'
import { defineSheet, writeWorkbook, type ColumnSpec, type SheetSpec } from '../io/workbook'
import { Fingerprint, loadVillage, type VillageInfo } from '../reports/common'
import { cardsAt, villageBooks } from './assets'
import { claimsRegister } from './claims'
import { bankAccountList } from './funds'
import { parcelsAt } from './parcels'
import { contractsAt, contractsCovering, standingsAt } from './contracts'
import { reconcileRegisters } from './reconcile'
import { bioSpec, endedAt, inventorySpec, investmentSpec, itemsAt } from './smallRegisters'

/**
 * 三资明白台账 (issue 4 §7): one workbook per village and date with the sheets 资金, 债权债务, 资产, 资源, 合同 and
 * 核对, written by the one workbook builder. Every figure is as of the date (registers replayed, books posted);
 * a SHA-256 over the figures, sheet by sheet, is printed on each sheet and returned.
 */
export const REGISTER_WORKBOOK_TITLE = '三资明白台账'
const SIGNATURES = ['单位负责人', '民主理财小组', '会计', '制表']

const fen = (y: string | null): Fen | null => {
  if (y === null) return null
  const r = parseYuan(y)
  if (!r.ok) throw new Error(`内部错误：金额“${y}”无法解析`)
  return r.fen
}

/** 1,680.32 */
const amount = (y: string): string => formatFen(fen(y) ?? 0)

type Heading = { heading: string }
const isHeading = (r: unknown): r is Heading => typeof r === 'object' && r !== null && 'heading' in r
type Line<R> = R | Heading

/** columns that print a heading row's text in the first column and nothing else */
function withHeadings<R>(cols: ColumnSpec<R>[]): ColumnSpec<Line<R>>[] {
  return cols.map((c, i) => ({
    ...c,
    value: (r: Line<R>) => (isHeading(r) ? (i === 0 ? r.heading : null) : c.value(r)),
    style: (r: Line<R>) => (isHeading(r) ? { bold: true } : c.style?.(r)),
  }))
}
const headingStyle = (r: unknown) => (isHeading(r) ? { bold: true, fill: true } : (r as { subtotal?: boolean }).subtotal ? { bold: true, fill: true } : undefined)

const text = <R>(header: string, width: number, value: (r: R) => string | null, extra: Partial<ColumnSpec<R>> = {}): ColumnSpec<R> => ({ header, width, kind: 'text', value, ...extra })
const money = <R>(header: string, width: number, value: (r: R) => string | null, sum = false): ColumnSpec<R> => ({ header, width, kind: 'money', value: (r) => fen(value(r)), sum })
const date = <R>(header: string, value: (r: R) => string | null): ColumnSpec<R> => ({ header, width: 11, kind: 'date', value })

// —— 资金 ——

interface FundLine {
  kind: string
  bank: string | null
  accountNo: string | null
  nature: string | null
  account: string
  openedOn: string | null
  closedOn: string | null
  balance: string
  note: string | null
}

async function fundSheet(db: Kysely<Database>, villageId: number, asOf: string, sheet: SheetBase, fp: Fingerprint): Promise<SheetSpec<unknown>> {
  const list = await bankAccountList(db, villageId, asOf)
  const cash = list.cash
  const rows: FundLine[] = [
    {
      kind: '库存现金',
      bank: null,
      accountNo: null,
      nature: null,
      account: '101 库存现金',
      openedOn: null,
      closedOn: null,
      balance: cash.balance,
      note: cash.limit === null ? '未设库存现金限额' : `限额 ${amount(cash.limit)}${cash.over ? `，超出 ${amount(cash.excess)}` : ''}`,
    },
    ...list.rows.map((r) => ({
      kind: '银行存款',
      bank: r.bankName,
      accountNo: r.accountNo,
      nature: BANK_NATURE_LABELS[r.nature],
      account: `${r.accountCode} ${r.accountName}${r.auxItemName && r.auxItemName !== r.accountName ? `：${r.auxItemName}` : ''}`,
      openedOn: r.openedOn,
      closedOn: r.closedOn,
      balance: r.balance,
      note: r.note,
    })),
  ]
  fp.add({ sheet: '资金', rows })
  return defineSheet<FundLine>({
    ...sheet.base('资金', '货币资金台账'),
    columns: [
      text('类别', 10, (r) => r.kind),
      text('开户行', 26, (r) => r.bank, { wrap: true }),
      text('账号', 22, (r) => r.accountNo),
      text('账户性质', 9, (r) => r.nature, { style: () => ({ align: 'center' }) }),
      text('会计科目', 24, (r) => r.account, { wrap: true }),
      date('开户日期', (r) => r.openedOn),
      date('销户日期', (r) => r.closedOn),
      money('账面余额', 16, (r) => r.balance, true),
      text('备注', 22, (r) => r.note, { wrap: true }),
    ],
    rows,
    totals: { label: '合计' },
    notes: cash.warning ? [`⚠ ${cash.warning}`] : [],
  })
}

// —— 债权债务 ——

type ClaimLine = Line<ClaimRow & { subtotal?: boolean }>

async function claimSheet(db: Kysely<Database>, villageId: number, asOf: string, sheet: SheetBase, fp: Fingerprint): Promise<SheetSpec<unknown>> {
  const c = await claimsRegister(db, villageId, asOf)
  fp.add({ sheet: '债权债务', receivables: c.receivables, payables: c.payables })
  const part = (label: string, rows: ClaimRow[], t: typeof c.totals.receivable): ClaimLine[] => [
    { heading: `${label}（${t.count} 户）` },
    ...rows,
    { ...(rows[0] ?? ({} as ClaimRow)), subtotal: true, accountCode: '', accountName: '', counterparty: `${label}小计`, balance: t.balance, ageing: { within1: t.within1, y1to2: t.y1to2, y2to3: t.y2to3, over3: t.over3 }, lastMovement: null },
  ]
  const val = (get: (r: ClaimRow) => string | null) => (r: ClaimRow) => get(r)
  return defineSheet<ClaimLine>({
    ...sheet.base('债权债务', '债权债务台账'),
    columns: withHeadings<ClaimRow & { subtotal?: boolean }>([
      text('科目', 22, (r) => (r.accountCode ? `${r.accountCode} ${r.accountName}` : null)),
      text('往来单位（个人）', 26, (r) => r.counterparty, { style: (r) => (r.subtotal ? { bold: true } : undefined) }),
      money('余额', 15, val((r) => r.balance)),
      ...AGE_BUCKETS.map((b) => money<ClaimRow>(AGE_BUCKET_LABELS[b], 14, (r) => r.ageing[b])),
      date('最近发生日期', (r) => r.lastMovement),
    ]),
    rows: [...part('应收款项', c.receivables, c.totals.receivable), ...part('应付款项', c.payables, c.totals.payable)],
    rowStyle: headingStyle,
    notes: [
      '应收款项 = 112 应收款 + 113 内部往来借方余额；应付款项 = 211 应付款 + 221 长期借款及应付款 + 113 内部往来贷方余额。',
      `账龄按先进先出计算（先发生的先结清）；期初余额按建账日 ${c.openingDate} 计龄，实际账龄可能更长。`,
    ],
  })
}

// —— 资产 ——

interface AssetLine {
  code: string
  name: string
  kind: string
  spec: string | null
  quantity: string | null
  unit: string | null
  value: string
  accumulated: string | null
  net: string
  status: string | null
  location: string | null
  account: string
}

async function assetSheet(db: Kysely<Database>, villageId: number, asOf: string, sheet: SheetBase, fp: Fingerprint): Promise<SheetSpec<unknown>> {
  const books = await villageBooks(db, villageId)
  const code = (id: number) => books.index.byId(id)?.code ?? ''
  const { cards, accumulated } = await cardsAt(db, villageId, asOf)
  const y = fenToYuanString
  const fixed: AssetLine[] = cards
    .filter((c) => c.disposed_on === null || c.disposed_on > asOf)
    .map((c) => {
      const acc = accumulated.get(c.id) ?? 0
      return {
        code: c.code,
        name: c.name,
        kind: `${c.category}（${ASSET_NATURE_LABELS[c.nature]}）`,
        spec: c.spec,
        quantity: c.quantity,
        unit: c.unit,
        value: y(c.original_value),
        accumulated: y(acc),
        net: y(c.original_value - acc),
        status: ASSET_STATUS_LABELS[c.status],
        location: c.location,
        account: code(c.asset_account_id),
      }
    })
  const held = async (spec: Parameters<typeof itemsAt>[1]) => (await itemsAt(db, spec, villageId, asOf)).filter((r) => !endedAt(spec, r, asOf))
  const inventory: AssetLine[] = (await held(inventorySpec)).map((raw) => {
    const r = inventorySpec.toRow(raw, books.index)
    return { code: r.code, name: r.name, kind: '库存物资', spec: r.spec, quantity: r.quantity, unit: r.unit, value: r.amount, accumulated: null, net: r.amount, status: INVENTORY_USAGE_LABELS[r.usage], location: r.location, account: r.accountCode }
  })
  const bio: AssetLine[] = (await held(bioSpec)).map((raw) => {
    const r = bioSpec.toRow(raw, books.index)
    return { code: r.code, name: r.name, kind: `${BIO_KIND_LABELS[r.kind]}生物资产${r.category ? `（${r.category}）` : ''}`, spec: null, quantity: r.quantity, unit: r.unit, value: r.originalValue, accumulated: r.accumulated, net: r.netValue, status: null, location: r.location, account: r.accountCode }
  })
  const investments: AssetLine[] = (await held(investmentSpec)).map((raw) => {
    const r = investmentSpec.toRow(raw, books.index)
    return { code: r.code, name: r.name, kind: INVESTMENT_KIND_LABELS[r.kind], spec: r.investee, quantity: r.share, unit: r.share ? '持股比例' : null, value: r.amount, accumulated: null, net: r.amount, status: null, location: null, account: r.accountCode }
  })
  fp.add({ sheet: '资产', fixed, inventory, bio, investments })
  const sum = (rows: AssetLine[], get: (r: AssetLine) => string | null) => y(rows.reduce((s, r) => s + (fen(get(r)) ?? 0), 0))
  const section = (label: string, rows: AssetLine[]): (AssetLine | Heading | (AssetLine & { subtotal: true }))[] =>
    rows.length === 0
      ? []
      : [
          { heading: `${label}（${rows.length} 项）` },
          ...rows,
          { subtotal: true, code: '', name: `${label}小计`, kind: '', spec: null, quantity: null, unit: null, value: sum(rows, (r) => r.value), accumulated: sum(rows, (r) => r.accumulated), net: sum(rows, (r) => r.net), status: null, location: null, account: '' },
        ]
  return defineSheet<Line<AssetLine>>({
    ...sheet.base('资产', '资产台账（固定资产、库存物资、生物资产、长期投资）'),
    columns: withHeadings<AssetLine>([
      text('编码', 10, (r) => r.code),
      text('名称', 22, (r) => r.name, { wrap: true, style: (r) => ((r as { subtotal?: boolean }).subtotal ? { bold: true } : undefined) }),
      text('类别', 24, (r) => r.kind, { wrap: true }),
      text('规格型号/被投资单位', 16, (r) => r.spec, { wrap: true }),
      text('数量', 8, (r) => r.quantity, { style: () => ({ align: 'right' }) }),
      text('单位', 8, (r) => r.unit),
      money('原值/金额', 15, (r) => r.value),
      money('累计折旧', 14, (r) => r.accumulated),
      money('净值', 15, (r) => r.net),
      text('使用状况', 9, (r) => r.status),
      text('坐落/存放地点', 18, (r) => r.location, { wrap: true }),
      text('科目', 8, (r) => r.account),
    ]),
    rows: [...section('固定资产', fixed), ...section('库存物资', inventory), ...section('生物资产', bio), ...section('长期投资', investments)],
    rowStyle: headingStyle,
  })
}

// —— 资源 and 合同: through the registers' own readers (parcels.ts, contracts.ts) ——

interface ParcelLine {
  code: string
  name: string
  landClass: string
  area: string
  location: string | null
  bounds: string | null
  parcelNo: string | null
  certificateNo: string | null
  ownership: string
  useStatus: string
  user: string | null
  contracts: string | null
}

async function resourceSheet(db: Kysely<Database>, villageId: number, asOf: string, sheet: SheetBase, fp: Fingerprint): Promise<SheetSpec<unknown>> {
  const parcels = (await parcelsAt(db, villageId, asOf)).filter((p) => p.removed_on === null || p.removed_on > asOf)
  const contracts = await contractsCovering(db, villageId, 'parcel', asOf)
  const rows: ParcelLine[] = parcels.map((p) => ({
    code: p.code,
    name: p.name,
    landClass: p.land_class,
    area: areaText(p.area),
    location: p.location,
    bounds: [['东', p.east], ['南', p.south], ['西', p.west], ['北', p.north]].filter(([, v]) => v).map(([k, v]) => `${k}：${v}`).join('；') || null,
    parcelNo: p.parcel_no,
    certificateNo: p.certificate_no,
    ownership: p.owner_name ? `${OWNERSHIP_LABELS[p.ownership]}（${p.owner_name}）` : OWNERSHIP_LABELS[p.ownership],
    useStatus: USE_STATUS_LABELS[p.use_status],
    user: p.user_name,
    contracts: contracts.get(p.id)?.map((c) => c.number).join('、') ?? null,
  }))
  fp.add({ sheet: '资源', rows })
  const total = parcels.reduce((s, p) => s + p.area, 0)
  return defineSheet<ParcelLine>({
    ...sheet.base('资源', '资源性资产台账'),
    columns: [
      text('资源编号', 10, (r) => r.code),
      text('名称', 16, (r) => r.name, { wrap: true }),
      text('地类', 10, (r) => r.landClass),
      text('面积（亩）', 11, (r) => r.area, { style: () => ({ align: 'right' }) }),
      text('坐落', 16, (r) => r.location, { wrap: true }),
      text('四至', 28, (r) => r.bounds, { wrap: true }),
      text('宗地号', 20, (r) => r.parcelNo),
      text('权证号', 16, (r) => r.certificateNo, { wrap: true }),
      text('权属', 18, (r) => r.ownership, { wrap: true }),
      text('使用状况', 9, (r) => r.useStatus),
      text('使用人/承包方', 16, (r) => r.user, { wrap: true }),
      text('合同编号', 12, (r) => r.contracts, { wrap: true }),
    ],
    rows,
    notes: [`共 ${rows.length} 宗，面积合计 ${areaText(total)} 亩。`],
  })
}

// —— 合同 ——

interface ContractLine {
  number: string
  name: string
  kind: string
  partyB: string
  startOn: string
  endOn: string
  amount: string
  due: string
  received: string
  overdue: string
  since: string | null
  status: string
}

async function contractSheet(db: Kysely<Database>, villageId: number, asOf: string, sheet: SheetBase, fp: Fingerprint): Promise<SheetSpec<unknown>> {
  const list = await contractsAt(db, villageId, asOf)
  const standings = await standingsAt(db, villageId, list, asOf)
  const y = fenToYuanString
  const rows: ContractLine[] = list.map((c) => {
    const a = standings.get(c.id) ?? { due: 0, received: 0, outstanding: 0, since: null }
    const ended = c.ended_on !== null && c.ended_on <= asOf ? c.ended_on : null
    const status = ended !== null ? CONTRACT_STATUS_LABELS[c.status] : c.end_on < asOf ? '已到期' : c.start_on > asOf ? '未开始' : CONTRACT_STATUS_LABELS.active
    return { number: c.number, name: c.name, kind: CONTRACT_KIND_LABELS[c.kind], partyB: c.party_b, startOn: c.start_on, endOn: c.end_on, amount: y(c.amount), due: y(a.due), received: y(a.received), overdue: y(a.outstanding), since: a.since, status }
  })
  fp.add({ sheet: '合同', rows })
  return defineSheet<ContractLine>({
    ...sheet.base('合同', '合同台账'),
    columns: [
      text('合同编号', 12, (r) => r.number),
      text('合同名称', 22, (r) => r.name, { wrap: true }),
      text('类别', 6, (r) => r.kind, { style: () => ({ align: 'center' }) }),
      text('乙方', 20, (r) => r.partyB, { wrap: true }),
      date('起始日期', (r) => r.startOn),
      date('终止日期', (r) => r.endOn),
      money('合同金额', 14, (r) => r.amount, true),
      money('截至应收', 14, (r) => r.due, true),
      money('已收', 14, (r) => r.received, true),
      money('逾期欠款', 14, (r) => r.overdue, true),
      date('欠款起始', (r) => r.since),
      text('状态', 9, (r) => r.status),
    ],
    rows,
    totals: { label: '合计' },
  })
}

// —— 核对 ——

async function reconcileSheet(db: Kysely<Database>, villageId: number, asOf: string, sheet: SheetBase, fp: Fingerprint): Promise<SheetSpec<unknown>> {
  const r = await reconcileRegisters(db, villageId, asOf)
  fp.add({ sheet: '核对', checks: r.checks })
  const bad = r.checks.filter((c) => !c.ok).length
  return defineSheet<ReconcileCheck>({
    ...sheet.base('核对', '台账与账簿核对表'),
    columns: [
      text('核对项目', 40, (c) => c.title, { wrap: true }),
      money('台账数', 16, (c) => c.register),
      money('账面数', 16, (c) => c.books),
      money('差额', 14, (c) => c.difference),
      text('结果', 7, (c) => (c.ok ? '相符' : '不符'), { style: (c) => ({ align: 'center', bold: !c.ok }) }),
      text('说明', 40, (c) => c.note, { wrap: true }),
    ],
    rows: r.checks,
    notes: [r.ok ? `全部 ${r.checks.length} 项相符。` : `共 ${r.checks.length} 项，其中 ${bad} 项不符，请按说明核查。`, '账面数取已记账凭证；台账变动生成的凭证未记账前显示为差额。'],
  })
}

// —— the workbook ——

/** title rows, footer and signatures shared by the six sheets */
interface SheetBase {
  base(name: string, title: string): Pick<SheetSpec<unknown>, 'name' | 'title' | 'subtitles' | 'signatures' | 'footer' | 'landscape'>
}

function targetPath(to: string | null | undefined, bookPath: string, village: VillageInfo, asOf: string): string {
  return exportTarget(to, bookPath, { village, title: REGISTER_WORKBOOK_TITLE, tag: asOf })
}

export interface RegisterWorkbookContext {
  db: Kysely<Database>
  bookPath: string
  userName: string
}

export async function exportRegisterWorkbook(ctx: RegisterWorkbookContext, villageId: number, asOf: string, to?: string | null): Promise<RegisterExportResult> {
  const village = await loadVillage(ctx.db, villageId)
  const generatedAt = nowIso()
  const fp = new Fingerprint({ workbook: REGISTER_WORKBOOK_TITLE, villageId, village: village.code, date: asOf })
  let hex = ''
  const done = () => (hex ||= fp.hex())
  const sheet: SheetBase = {
    base: (name, title) => ({
      name,
      title: `${village.name}${title}`,
      subtitles: [{ left: `编制单位：${village.name}`, center: `截至 ${asOf}`, right: '单位：元' }],
      signatures: SIGNATURES,
      // evaluated once every sheet's figures are in: the same fingerprint on each sheet
      footer: () => [`数据指纹（SHA-256）：${done()}`, `${village.code} ${village.name}｜${REGISTER_WORKBOOK_TITLE}｜生成于 ${generatedAt.slice(0, 19).replace('T', ' ')}｜操作人 ${ctx.userName}`],
      landscape: true,
    }),
  }
  const db = ctx.db
  const sheets = [
    await fundSheet(db, villageId, asOf, sheet, fp),
    await claimSheet(db, villageId, asOf, sheet, fp),
    await assetSheet(db, villageId, asOf, sheet, fp),
    await resourceSheet(db, villageId, asOf, sheet, fp),
    await contractSheet(db, villageId, asOf, sheet, fp),
    await reconcileSheet(db, villageId, asOf, sheet, fp),
  ]
  const path = targetPath(to, ctx.bookPath, village, asOf)
  const { rows } = await writeWorkbook(path, sheets)
  return { path, rows, bytes: statSync(path).size, fingerprint: done(), sheets: sheets.map((s) => s.name) }
}

export async function exportRegisters(ctx: ServiceContext, input: MethodParsedInput<'register.export'>): Promise<Outcome<RegisterExportResult>> {
  const actor = requireActor(ctx)
  const r = await exportRegisterWorkbook({ db: ctx.db, bookPath: ctx.engine.path, userName: actor.displayName || actor.username }, input.villageId, input.date, input.to)
  return {
    value: r,
    audit: { action: `导出${REGISTER_WORKBOOK_TITLE}（截至 ${input.date}，${r.rows} 行）到：${r.path}`, after: { path: r.path, fingerprint: r.fingerprint } },
  }
}
