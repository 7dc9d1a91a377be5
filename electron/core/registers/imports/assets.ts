import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../../shared/api/contract'
import type { AssetImportResult } from '../../../../shared/api/registerTypes'
import type { Fen } from '../../../../shared/money'
import { periodLabel, periodOfDate, previousPeriod } from '../../../../shared/periods'
import {
  ACQUISITION_MODES,
  ASSET_STATUS_LABELS,
  FUND_SOURCES,
  parseMeasure,
  parseSalvageRate,
  type AcquisitionMode,
  type AssetNature,
  type FundSource,
} from '../../../../shared/registers/assets'
import { depreciableAmount, monthlyCharge, type AssetStatus, type DepreciationMethod } from '../../../../shared/registers/depreciation'
import { nowIso } from '../../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../../context'
import type { AssetTable, Database } from '../../db/schema'
import { amountOf, countOf, dateOf, keyTextOf, textOf, type CellValue } from '../../io/cells'
import type { TableInfo, TableSpec } from '../../io/table'
import {
  baseResult,
  type DecodedFile,
  decodeFile,
  insertBatch,
  inWriteTransaction,
  IssueList,
  MAX_REPORTED_ISSUES,
  money,
  previousImport,
  readImportRows,
  rejection,
  yuanOrZero,
} from '../../ledger/imports/common'
import { isTotalText } from '../../ledger/imports/names'
import { RowReader } from '../../ledger/imports/rowReader'
import { checkCardAccounts, defaultCardAccounts, type CardAccounts } from '../accounts'
import { insertCard, villageBooks, type VillageBooks } from '../assets'

/**
 * 导入固定资产卡片 (建卡): the layout of fixtures/assets.xlsx — one row per card with 资产编码, 名称, 类别,
 * 经营性/非经营性, 规格型号, 计量单位, 数量, 坐落/存放地点, 取得方式, 资金来源, 取得日期, 原值, 预计使用年限(月), 净残值率,
 * 折旧方法, 累计折旧, 使用状况, 管护人, 产权证号, and optionally 月折旧额 and 账面净值 (checked, not stored), 建筑面积,
 * 占地面积, 固定资产科目, 累计折旧科目, 折旧费用科目 and 备注. The cards are already in the books: no voucher is made;
 * 累计折旧 is as of the end of the last depreciation run (or the month before the books start). All or nothing.
 */
type AKey =
  | 'code' | 'name' | 'category' | 'nature' | 'spec' | 'unit' | 'quantity' | 'location' | 'mode' | 'source' | 'acquired'
  | 'original' | 'life' | 'salvage' | 'method' | 'accumulated' | 'status' | 'custodian' | 'certificate' | 'monthly' | 'net'
  | 'buildingArea' | 'landArea' | 'assetAccount' | 'accumulatedAccount' | 'expenseAccount' | 'note'

export const ASSET_SPEC: TableSpec<AKey> = {
  what: '固定资产卡片',
  columns: [
    { key: 'code', label: '资产编码', aliases: ['卡片编号', '资产编号', '卡片号', '编码'] },
    { key: 'name', label: '名称', aliases: ['资产名称', '固定资产名称'] },
    { key: 'category', label: '类别', aliases: ['资产类别', '分类', '资产分类'] },
    { key: 'nature', label: '经营性/非经营性', aliases: ['资产性质', '性质', '经营性非经营性'] },
    { key: 'spec', label: '规格型号', aliases: ['规格', '型号'] },
    { key: 'unit', label: '计量单位', aliases: ['单位'] },
    { key: 'quantity', label: '数量' },
    { key: 'location', label: '坐落/存放地点', aliases: ['坐落', '存放地点', '坐落地点', '地址', '位置'] },
    { key: 'mode', label: '取得方式', aliases: ['来源方式', '增加方式'] },
    { key: 'source', label: '资金来源', aliases: ['经费来源'] },
    { key: 'acquired', label: '取得日期', aliases: ['购置日期', '入账日期', '取得时间', '购建日期'] },
    { key: 'original', label: '原值', aliases: ['原值(元)', '资产原值', '账面原值'] },
    { key: 'life', label: '预计使用年限(月)', aliases: ['使用年限(月)', '预计使用月数', '使用月数', '折旧月数'] },
    { key: 'salvage', label: '净残值率', aliases: ['残值率', '预计净残值率'] },
    { key: 'method', label: '折旧方法', aliases: ['计提方法'] },
    { key: 'accumulated', label: '累计折旧', aliases: ['已提折旧', '累计折旧(元)', '已提累计折旧'] },
    { key: 'status', label: '使用状况', aliases: ['使用状态', '状态'] },
    { key: 'custodian', label: '管护人', aliases: ['使用人', '保管人', '责任人', '管理人'] },
    { key: 'certificate', label: '产权证号', aliases: ['权证号', '不动产权证号', '产权证书号'] },
    { key: 'monthly', label: '月折旧额', aliases: ['月折旧'] },
    { key: 'net', label: '账面净值', aliases: ['净值', '净值(元)'] },
    { key: 'buildingArea', label: '建筑面积', aliases: ['建筑面积(㎡)', '建筑面积(平方米)'] },
    { key: 'landArea', label: '占地面积', aliases: ['占地面积(㎡)', '占地面积(平方米)'] },
    { key: 'assetAccount', label: '固定资产科目', aliases: ['资产科目'] },
    { key: 'accumulatedAccount', label: '累计折旧科目', aliases: ['折旧科目'] },
    { key: 'expenseAccount', label: '折旧费用科目', aliases: ['费用科目'] },
    { key: 'note', label: '备注' },
  ],
  required: [['code', 'name', 'category', 'nature', 'acquired', 'original', 'life', 'salvage', 'method', 'accumulated', 'status']],
}

const LABELS = Object.fromEntries(ASSET_SPEC.columns.map((c) => [c.key, c.label])) as Record<AKey, string>

const NATURE_WORDS: Record<string, AssetNature> = { 经营性: 'operating', 经营性资产: 'operating', 非经营性: 'nonOperating', 非经营性资产: 'nonOperating', 公益性: 'publicWelfare', 公益性资产: 'publicWelfare' }
const STATUS_WORDS = Object.fromEntries(Object.entries(ASSET_STATUS_LABELS).map(([k, v]) => [v, k as AssetStatus])) as Record<string, AssetStatus>
Object.assign(STATUS_WORDS, { 使用中: 'inUse', 正常使用: 'inUse', 自用: 'inUse', 租出: 'leased', 借出: 'lent', 已报废: 'scrapped', 停用: 'idle' })

function methodOf(t: string): DepreciationMethod | null {
  if (['年限平均法', '平均年限法', '直线法'].includes(t)) return 'straightLine'
  if (t.startsWith('不计提') || t === '不提折旧' || t === '名义金额') return 'none'
  return null
}

interface ARow {
  row: number
  fields: Omit<AssetTable, 'id' | 'village_id' | 'asset_account_id' | 'accumulated_account_id' | 'expense_account_id' | 'depreciated' | 'disposed_on' | 'disposal_mode' | 'created_at' | 'updated_at'>
  accountCodes: Partial<Record<'assetAccount' | 'accumulatedAccount' | 'expenseAccount', string>>
  monthly: Fen | null
  net: Fen | null
}

interface Parsed {
  info: TableInfo<AKey>
  issues: IssueList<AKey>
  rows: ARow[]
}

async function parseAssets(file: DecodedFile): Promise<Parsed> {
  const rows: Parsed['rows'] = []
  const read = await readImportRows(file, ASSET_SPEC, LABELS, (r, info, issues) => {
    const rd = new RowReader<AKey>(r, info, issues, LABELS, ['code'])
    const cell = (k: AKey): CellValue => rd.cell(k)
    const text = (k: AKey, max: number, required: boolean) => rd.text(k, required, max)
    const code = text('code', 30, true)
    if (isTotalText(code) || isTotalText(text('name', 60, false))) return
    const name = text('name', 60, true)
    const category = text('category', 30, true)
    const natureText = text('nature', 20, true)
    const nature = natureText === null ? null : (NATURE_WORDS[natureText.replace(/\s/g, '')] ?? null)
    if (natureText !== null && nature === null) {
      rd.fail('nature', `资产性质应为 经营性、非经营性 或 公益性（而不是“${natureText}”）`)
    }
    const measure = (k: AKey, label: string, places: number, max: string, required: boolean): string | null => {
      const t = textOf(cell(k), label)
      if (!t.ok || t.value === null) {
        if (!t.ok || required) {
          rd.fail(k, t.ok ? `${label}不能为空` : t.message)
        }
        return null
      }
      const m = parseMeasure(t.value, label, places, max)
      if (!m.ok) {
        rd.fail(k, m.reason)
        return null
      }
      return m.value
    }
    const quantity = info.letters.quantity ? measure('quantity', '数量', 4, '999999999', false) : '1'
    if (quantity === '0') issues.at(r.row, 'quantity', '数量必须大于 0')
    const modeText = text('mode', 20, false) ?? '其他'
    if (!(ACQUISITION_MODES as readonly string[]).includes(modeText)) {
      rd.fail('mode', `取得方式应为 ${ACQUISITION_MODES.join('、')} 之一（而不是“${modeText}”）`)
    }
    const sourceText = text('source', 20, false) ?? '其他'
    if (!(FUND_SOURCES as readonly string[]).includes(sourceText)) {
      rd.fail('source', `资金来源应为 ${FUND_SOURCES.join('、')} 之一（而不是“${sourceText}”）`)
    }
    const d = dateOf(cell('acquired'), info.date1904)
    let acquired: string | null = null
    if (!d.ok) issues.at(r.row, 'acquired', d.message)
    else if (d.value === null) issues.at(r.row, 'acquired', '取得日期不能为空')
    else acquired = d.value
    const amount = (k: AKey, required: boolean): Fen | null => {
      const a = amountOf(cell(k))
      if (!a.ok) {
        issues.at(r.row, k, a.message)
        return null
      }
      if (a.value < 0) {
        issues.at(r.row, k, `${LABELS[k]}不能为负数`)
        return null
      }
      if (required && a.value === 0 && k === 'original') {
        issues.at(r.row, k, '原值必须大于 0（无价值凭证的资产可按名义金额 1 元入账）')
        return null
      }
      return a.value
    }
    const original = amount('original', true)
    const accumulated = amount('accumulated', true)
    const monthly = info.letters.monthly && cell('monthly') !== null ? amount('monthly', false) : null
    const net = info.letters.net && cell('net') !== null ? amount('net', false) : null
    const lifeR = countOf(cell('life'), '预计使用年限(月)', 1200)
    let life: number | null = null
    if (!lifeR.ok) issues.at(r.row, 'life', lifeR.message)
    else life = lifeR.value ?? 0
    const salvageT = textOf(cell('salvage'), '净残值率')
    let salvage: string | null = null
    if (!salvageT.ok) issues.at(r.row, 'salvage', salvageT.message)
    else {
      const s = parseSalvageRate(salvageT.value ?? '0')
      if (!s.ok) issues.at(r.row, 'salvage', s.reason)
      else salvage = s.value
    }
    const methodText = text('method', 20, true)
    const method = methodText === null ? null : methodOf(methodText)
    if (methodText !== null && method === null) issues.at(r.row, 'method', `折旧方法应为“年限平均法”或“不计提”（而不是“${methodText}”）`)
    if (method === 'straightLine' && life === 0) issues.at(r.row, 'life', '预计使用年限不能为 0（按年限平均法计提折旧的资产须有使用年限；不提折旧的请把折旧方法填为“不计提”）')
    const statusText = text('status', 10, true)
    const status = statusText === null ? null : (STATUS_WORDS[statusText] ?? null)
    if (statusText !== null && status === null) issues.at(r.row, 'status', `使用状况应为 ${Object.values(ASSET_STATUS_LABELS).join('、')} 之一（而不是“${statusText}”）`)
    if (original !== null && accumulated !== null && accumulated > original) issues.at(r.row, 'accumulated', `累计折旧 ${money(accumulated)} 超过原值 ${money(original)}`)
    const spec = text('spec', 100, false)
    const unit = text('unit', 10, false)
    const location = text('location', 100, false)
    const custodian = text('custodian', 30, false)
    const certificate = text('certificate', 60, false)
    const note = text('note', 500, false)
    const buildingArea = measure('buildingArea', '建筑面积', 4, '99999999', false)
    const landArea = measure('landArea', '占地面积', 4, '99999999', false)
    const accountCodes: ARow['accountCodes'] = {}
    for (const k of ['assetAccount', 'accumulatedAccount', 'expenseAccount'] as const) {
      const t = keyTextOf(cell(k), LABELS[k])
      if (!t.ok) issues.at(r.row, k, t.message)
      else if (t.value !== null) accountCodes[k] = t.value.split(/\s/)[0] as string
    }
    if (rd.bad || code === null || name === null || category === null || nature === null || quantity === null || acquired === null) return
    if (original === null || accumulated === null || life === null || salvage === null || method === null || status === null) return
    rows.push({
      row: r.row,
      fields: {
        code,
        name,
        category,
        nature,
        spec,
        unit,
        quantity,
        location,
        custodian,
        acquisition_mode: modeText as AcquisitionMode,
        fund_source: sourceText as FundSource,
        acquired_on: acquired,
        original_value: original,
        useful_life_months: life,
        salvage_rate: salvage,
        method,
        status,
        certificate_no: certificate,
        building_area: buildingArea,
        land_area: landArea,
        opening_accumulated: accumulated,
        note,
      },
      accountCodes,
      monthly,
      net,
    })
  })
  return { ...read, rows }
}

interface Checked {
  cards: (ARow & { accounts: CardAccounts })[]
  accumulatedAsOf: string
}

async function checkAssets(db: Kysely<Database>, villageId: number, file: DecodedFile, p: Parsed, books: VillageBooks): Promise<Checked> {
  const { issues } = p
  const latest = await db.selectFrom('depreciation_run').select((eb) => eb.fn.max('period').as('p')).where('village_id', '=', villageId).where('status', '=', 'active').executeTakeFirst()
  const out: Checked = { cards: [], accumulatedAsOf: latest?.p ?? previousPeriod(books.startPeriod) }
  const dup = await previousImport(db, villageId, 'assets', file.sha256)
  if (dup) issues.file(dup)
  if (p.info.headerRow === null) return out
  const existing = new Map((await db.selectFrom('asset').select(['code', 'name']).where('village_id', '=', villageId).execute()).map((a) => [a.code, a.name]))
  const seen = new Map<string, number>()
  for (const r of p.rows) {
    const f = r.fields
    const prev = seen.get(f.code)
    if (prev !== undefined) issues.at(r.row, 'code', `资产编码 ${f.code} 与第 ${prev} 行重复`)
    else seen.set(f.code, r.row)
    const had = existing.get(f.code)
    if (had !== undefined) issues.at(r.row, 'code', `资产编码 ${f.code} 已被本村卡片“${had}”使用`)
    if (periodOfDate(f.acquired_on) > out.accumulatedAsOf && f.opening_accumulated > 0) {
      issues.at(r.row, 'accumulated', `取得日期 ${f.acquired_on} 晚于 ${periodLabel(out.accumulatedAsOf)}，尚不应有累计折旧（导入的累计折旧为截至 ${periodLabel(out.accumulatedAsOf)} 末的数额）`)
    }
    const card = { originalValue: f.original_value, salvageRate: f.salvage_rate, usefulLifeMonths: f.useful_life_months, method: f.method }
    if (r.monthly !== null && r.monthly !== monthlyCharge(card)) {
      issues.at(r.row, 'monthly', `月折旧额 ${money(r.monthly)} 与按原值、净残值率和使用年限计算的 ${money(monthlyCharge(card))} 不符`)
    }
    if (r.net !== null && r.net !== f.original_value - f.opening_accumulated) {
      issues.at(r.row, 'net', `账面净值 ${money(r.net)} 不等于原值减累计折旧（${money(f.original_value - f.opening_accumulated)}）`)
    }
    if (f.method === 'straightLine' && f.opening_accumulated > depreciableAmount(f.original_value, f.salvage_rate)) {
      issues.at(r.row, 'accumulated', `累计折旧 ${money(f.opening_accumulated)} 超过应提折旧额 ${money(depreciableAmount(f.original_value, f.salvage_rate))}（原值 × (1 − 净残值率)）`)
    }
    const d = defaultCardAccounts(books.index, books.chartVersion, f.nature)
    const given: Partial<CardAccounts> = {}
    const pick = (k: 'assetAccount' | 'accumulatedAccount' | 'expenseAccount', field: keyof CardAccounts) => {
      const code = r.accountCodes[k]
      if (code === undefined) return
      const a = books.index.byCodeOrNull(code)
      if (!a) issues.at(r.row, k, `科目 ${code} 不存在（本村科目表中没有这个编码）`)
      else given[field] = a.id
    }
    pick('assetAccount', 'assetAccountId')
    pick('accumulatedAccount', 'accumulatedAccountId')
    pick('expenseAccount', 'expenseAccountId')
    const accounts = { ...d.accounts, ...given }
    const missing = [
      accounts.assetAccountId === undefined ? 'assetAccount' : null,
      accounts.accumulatedAccountId === undefined ? 'accumulatedAccount' : null,
      accounts.expenseAccountId === undefined ? 'expenseAccount' : null,
    ].filter((x): x is 'assetAccount' | 'accumulatedAccount' | 'expenseAccount' => x !== null)
    if (missing.length) {
      for (const k of missing) issues.at(r.row, k, d.problems.find((m) => m.includes(LABELS[k])) ?? `请填写${LABELS[k]}`)
      continue
    }
    const full = accounts as CardAccounts
    for (const problem of checkCardAccounts(books.index, books.chartVersion, full)) {
      const k = problem.startsWith('固定资产科目') ? 'assetAccount' : problem.startsWith('累计折旧科目') ? 'accumulatedAccount' : 'expenseAccount'
      issues.at(r.row, k, problem)
    }
    out.cards.push({ ...r, accounts: full })
  }
  if (p.rows.length === 0 && issues.empty) issues.file('文件中没有固定资产卡片（只有表头）')
  return out
}

function result(file: DecodedFile, p: Parsed, c: Checked): AssetImportResult {
  const original = c.cards.reduce((s, r) => s + r.fields.original_value, 0)
  const accumulated = c.cards.reduce((s, r) => s + r.fields.opening_accumulated, 0)
  return {
    ...baseResult('assets', file, p.info),
    errors: p.issues.sorted().slice(0, MAX_REPORTED_ISSUES),
    errorCount: p.issues.count,
    cards: c.cards.length,
    originalValue: yuanOrZero(original),
    accumulated: yuanOrZero(accumulated),
    accumulatedAsOf: c.accumulatedAsOf,
    preview: c.cards.slice(0, 50).map((r) => ({
      code: r.fields.code,
      name: r.fields.name,
      originalValue: yuanOrZero(r.fields.original_value),
      accumulated: yuanOrZero(r.fields.opening_accumulated),
      monthlyCharge: yuanOrZero(monthlyCharge({ originalValue: r.fields.original_value, salvageRate: r.fields.salvage_rate, usefulLifeMonths: r.fields.useful_life_months, method: r.fields.method })),
    })),
  }
}

export async function importAssets(ctx: ServiceContext, input: MethodParsedInput<'import.assets'>): Promise<Outcome<AssetImportResult>> {
  const actor = requireActor(ctx)
  const { villageId } = input
  const file = decodeFile(input.file)
  const parsed = await parseAssets(file)
  if (!input.commit) return { value: result(file, parsed, await checkAssets(ctx.db, villageId, file, parsed, await villageBooks(ctx.db, villageId))) }
  const value = await inWriteTransaction(ctx, 'import.assets', villageId, async (trx) => {
    const checked = await checkAssets(trx, villageId, file, parsed, await villageBooks(trx, villageId))
    if (!parsed.issues.empty) throw rejection('固定资产卡片', parsed.issues.sorted(), parsed.issues.count)
    const now = nowIso()
    const batchId = await insertBatch(trx, villageId, 'assets', file, parsed.rows.length, actor.id, now)
    for (const c of checked.cards) {
      await insertCard(trx, {
        villageId,
        fields: {
          ...c.fields,
          asset_account_id: c.accounts.assetAccountId,
          accumulated_account_id: c.accounts.accumulatedAccountId,
          expense_account_id: c.accounts.expenseAccountId,
        },
        entry: 'register',
        voucherId: null,
        operatorId: actor.id,
        note: `导入建卡（批次 ${batchId}）`,
      })
    }
    const r: AssetImportResult = { ...result(file, parsed, checked), committed: true, batchId }
    return {
      value: r,
      audit: { action: `导入固定资产卡片“${file.name}”：${r.cards} 张，原值合计 ${r.originalValue}，累计折旧合计 ${r.accumulated}`, after: { batchId, sha256: file.sha256, cards: r.cards } },
    }
  })
  return { value }
}
