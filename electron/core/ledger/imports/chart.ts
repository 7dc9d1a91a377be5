import type { Kysely } from 'kysely'
import {
  ACCOUNT_CLASS_LABELS,
  AUX_KIND_LABELS,
  checkAccountCode,
  NORMAL_SIDE_LABELS,
  parentCode,
  type AccountClass,
  type AuxKind,
  type NormalSide,
} from '../../../../shared/accounts'
import type { MethodParsedInput } from '../../../../shared/api/contract'
import type { Account, ChartImportResult, ChartVersion } from '../../../../shared/api/types'
import { nowIso } from '../../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../../context'
import type { Database } from '../../db/schema'
import { keyTextOf, textOf } from '../../io/cells'
import { newTableInfo, readTable, type TableInfo, type TableSpec } from '../../io/table'
import { accountInUse, insertSubAccount, loadChart } from '../chart'
import { STANDARD_CHARTS } from '../chartData'
import {
  baseResult,
  decodeFile,
  importLimits,
  insertBatch,
  inWriteTransaction,
  IssueList,
  MAX_REPORTED_ISSUES,
  previousImport,
  rejection,
  type DecodedFile,
} from './common'
import { CONTROL, normName } from './names'

/**
 * 导入科目表: the layout of fixtures/chart.xlsx (科目编码, 科目名称, 上级科目, 辅助核算, 科目类别, 余额方向). First-level
 * rows must be the official accounts of the village's chart (same code and name); sub-accounts (3-2-2-2) are
 * added under them with their auxiliary kind. Accounts already in the chart with the same name and kind are
 * left alone; a different name or kind for an existing code is refused rather than silently changed.
 */
type CKey = 'code' | 'name' | 'parent' | 'aux' | 'class' | 'side'

export const CHART_SPEC: TableSpec<CKey> = {
  what: '科目表',
  columns: [
    { key: 'code', label: '科目编码', aliases: ['科目代码', '科目编号'] },
    { key: 'name', label: '科目名称', aliases: ['会计科目', '会计科目名称'] },
    { key: 'parent', label: '上级科目', aliases: ['上级科目编码', '上级编码', '上级科目代码', '父级科目'] },
    { key: 'aux', label: '辅助核算', aliases: ['辅助核算类别', '辅助核算项目', '核算项目', '辅助项'] },
    { key: 'class', label: '科目类别', aliases: ['类别', '科目类型', '科目性质'] },
    { key: 'side', label: '余额方向', aliases: ['方向', '借贷方向', '余额性质'] },
  ],
  required: [['code', 'name']],
}

const LABELS: Record<CKey, string> = Object.fromEntries(CHART_SPEC.columns.map((c) => [c.key, c.label])) as Record<CKey, string>

const AUX_WORDS: Record<string, AuxKind | null> = {
  往来单位: 'counterparty',
  往来: 'counterparty',
  单位: 'counterparty',
  个人: 'counterparty',
  '往来单位/个人': 'counterparty',
  客户: 'counterparty',
  供应商: 'counterparty',
  农户: 'household',
  成员: 'household',
  项目: 'project',
  银行账户: 'bank',
  银行: 'bank',
  无: null,
}

const CLASS_WORDS: Record<string, AccountClass> = {
  资产: 'asset',
  资产类: 'asset',
  负债: 'liability',
  负债类: 'liability',
  所有者权益: 'equity',
  权益: 'equity',
  净资产: 'equity',
  成本: 'cost',
  成本类: 'cost',
  损益: 'profitLoss',
  损益类: 'profitLoss',
  收入: 'profitLoss',
  支出: 'profitLoss',
}

const SIDE_WORDS: Record<string, NormalSide> = { 借: 'debit', 借方: 'debit', 贷: 'credit', 贷方: 'credit', 双向: 'both', 借贷: 'both', '借/贷': 'both' }

interface CRow {
  row: number
  code: string
  name: string
  parent: string | null
  aux: AuxKind | null
  cls: AccountClass | null
  side: NormalSide | null
}

interface ParsedChart {
  info: TableInfo<CKey>
  issues: IssueList<CKey>
  rows: CRow[]
}

async function parseChart(file: DecodedFile): Promise<ParsedChart> {
  const info = newTableInfo<CKey>()
  const issues = new IssueList<CKey>(info, LABELS)
  const p: ParsedChart = { info, issues, rows: [] }
  const seen = new Map<string, number>()
  try {
    for await (const r of readTable(file, CHART_SPEC, info, importLimits)) {
      const v = r.values
      const codeR = keyTextOf(v.code ?? null, '科目编码')
      let code: string | null = null
      if (!codeR.ok) issues.at(r.row, 'code', codeR.message)
      else if (codeR.value === null) issues.at(r.row, 'code', '科目编码不能为空')
      else {
        const problem = checkAccountCode(codeR.value, parentCode(codeR.value))
        if (problem) issues.at(r.row, 'code', problem)
        else code = codeR.value
      }
      const nameR = textOf(v.name ?? null, '科目名称')
      let name: string | null = null
      if (!nameR.ok) issues.at(r.row, 'name', nameR.message)
      else if (nameR.value === null) issues.at(r.row, 'name', '科目名称不能为空')
      else if (nameR.value.length > 40) issues.at(r.row, 'name', '科目名称不能超过 40 个字')
      else if (CONTROL.test(nameR.value) || /[/\\]/.test(nameR.value)) issues.at(r.row, 'name', '科目名称不能含有“/”“\\”或控制字符（“/”用来分隔科目的各级名称）')
      else name = nameR.value
      const parentR = keyTextOf(v.parent ?? null, '上级科目')
      let parent: string | null = null
      if (!parentR.ok) issues.at(r.row, 'parent', parentR.message)
      else parent = parentR.value
      if (code !== null && parent !== null && parentCode(code) !== parent) {
        issues.at(r.row, 'parent', parentCode(code) === null ? `一级科目 ${code} 不应有上级科目（本行为“${parent}”）` : `科目 ${code} 的上级科目应为 ${parentCode(code)}，而不是“${parent}”`)
      }
      const word = (k: CKey) => {
        const t = textOf(v[k] ?? null, LABELS[k])
        if (!t.ok) issues.at(r.row, k, t.message)
        return t.ok && t.value !== null ? t.value.replace(/[\s\u3000]/g, '') : null
      }
      const auxWord = word('aux')
      let aux: AuxKind | null = null
      if (auxWord !== null) {
        if (auxWord in AUX_WORDS) aux = AUX_WORDS[auxWord] ?? null
        else issues.at(r.row, 'aux', `辅助核算“${auxWord}”无法识别，可填：${Object.values(AUX_KIND_LABELS).join('、')}，或留空`)
      }
      const clsWord = word('class')
      let cls: AccountClass | null = null
      if (clsWord !== null) {
        cls = CLASS_WORDS[clsWord] ?? null
        if (!cls) issues.at(r.row, 'class', `科目类别“${clsWord}”无法识别，可填：${Object.values(ACCOUNT_CLASS_LABELS).join('、')}`)
      }
      const sideWord = word('side')
      let side: NormalSide | null = null
      if (sideWord !== null) {
        side = SIDE_WORDS[sideWord] ?? null
        if (!side) issues.at(r.row, 'side', `余额方向“${sideWord}”无法识别，可填：借、贷、双向`)
      }
      if (code === null || name === null) continue
      const prev = seen.get(code)
      if (prev !== undefined) {
        issues.at(r.row, 'code', `科目编码 ${code} 与第 ${prev} 行重复`)
        continue
      }
      seen.set(code, r.row)
      p.rows.push({ row: r.row, code, name, parent, aux, cls, side })
    }
  } catch (e) {
    issues.fileRefusal(e)
    return p
  }
  issues.structural()
  return p
}

interface Plan {
  create: CRow[]
  /** first-level leaves whose auxiliary kind the file sets */
  setAux: { account: Account; aux: AuxKind | null }[]
  unchanged: number
}

async function planChart(db: Kysely<Database>, villageId: number, file: DecodedFile, p: ParsedChart): Promise<Plan> {
  const { issues } = p
  const plan: Plan = { create: [], setAux: [], unchanged: 0 }
  const dup = await previousImport(db, villageId, 'chart', file.sha256)
  if (dup) issues.file(dup)
  if (p.info.headerRow === null) return plan
  const village = await db.selectFrom('village').select(['chart_version']).where('id', '=', villageId).executeTakeFirstOrThrow()
  const version: ChartVersion = village.chart_version
  const standard = new Map(STANDARD_CHARTS[version].accounts.map((a) => [a.code, a]))
  const chart = await loadChart(db, villageId)
  const existing = new Map(chart.map((a) => [a.code, a]))
  const inFile = new Map(p.rows.map((r) => [r.code, r]))
  // who will have children once the file is in: they cannot carry an auxiliary kind
  const parents = new Set<string>()
  for (const code of [...existing.keys(), ...inFile.keys()]) {
    const pc = parentCode(code)
    if (pc) parents.add(pc)
  }
  const classOf = (code: string): AccountClass | null => {
    const first = code.slice(0, 3)
    return standard.get(first)?.class ?? existing.get(first)?.class ?? null
  }
  const sideOf = (code: string): NormalSide | null => standard.get(code.slice(0, 3))?.normalSide ?? existing.get(code.slice(0, 3))?.normalSide ?? null

  const rows = [...p.rows].sort((a, b) => a.code.length - b.code.length || (a.code < b.code ? -1 : 1))
  for (const r of rows) {
    const have = existing.get(r.code)
    if (r.cls !== null && classOf(r.code) !== null && r.cls !== classOf(r.code)) {
      issues.at(r.row, 'class', `科目 ${r.code} 属于“${ACCOUNT_CLASS_LABELS[classOf(r.code) as AccountClass]}”类，文件中为“${ACCOUNT_CLASS_LABELS[r.cls]}”`)
    }
    const normal = sideOf(r.code)
    if (r.side !== null && normal !== null && normal !== 'both' && r.side !== normal) {
      p.info.notices.push(`第 ${r.row} 行科目 ${r.code} 的余额方向“${NORMAL_SIDE_LABELS[r.side]}”与一级科目（${NORMAL_SIDE_LABELS[normal]}）不同，以会计制度为准`)
    }
    if (r.aux !== null && parents.has(r.code)) issues.at(r.row, 'aux', `科目 ${r.code} 有下级科目，只有末级科目可以设置辅助核算`)
    if (r.code.length === 3) {
      const s = standard.get(r.code)
      if (!s) {
        issues.at(r.row, 'code', `一级科目 ${r.code} 不在${version === '2023' ? '《农村集体经济组织会计制度》（2023）' : '《村集体经济组织会计制度》（2004）'}的科目表中；一级科目由会计制度规定，不能自行增设`)
        continue
      }
      if (normName(s.name) !== normName(r.name)) issues.at(r.row, 'name', `一级科目 ${r.code} 的名称应为“${s.name}”，文件中为“${r.name}”`)
      if (have && r.aux !== have.auxKind && !parents.has(r.code)) {
        if (await accountInUse(db, have.id)) issues.at(r.row, 'aux', `科目 ${r.code} 已有期初余额或凭证，辅助核算不能再改`)
        else plan.setAux.push({ account: have, aux: r.aux })
      } else if (have) plan.unchanged++
      continue
    }
    if (have) {
      if (normName(have.name) !== normName(r.name)) issues.at(r.row, 'name', `科目 ${r.code} 已存在，名称为“${have.name}”，文件中为“${r.name}”；如需改名请在科目表中修改`)
      else if (have.auxKind !== r.aux && !parents.has(r.code)) {
        issues.at(r.row, 'aux', `科目 ${r.code} 已存在，辅助核算为“${have.auxKind ? AUX_KIND_LABELS[have.auxKind] : '无'}”，文件中为“${r.aux ? AUX_KIND_LABELS[r.aux] : '无'}”`)
      } else plan.unchanged++
      continue
    }
    const pc = parentCode(r.code) as string
    const parent = existing.get(pc)
    if (!parent && !inFile.has(pc)) {
      issues.at(r.row, 'code', `科目 ${r.code} 的上级科目 ${pc} 既不在本村科目表中，也不在文件中`)
      continue
    }
    if (parent && parent.isLeaf && (await accountInUse(db, parent.id))) {
      issues.at(r.row, 'code', `上级科目“${parent.code} ${parent.name}”已有期初余额或凭证，不能再增设下级科目`)
      continue
    }
    if (parent && parent.status !== 'active') {
      issues.at(r.row, 'code', `上级科目“${parent.code} ${parent.name}”已停用`)
      continue
    }
    const sibling = [...existing.values(), ...plan.create.map((c) => ({ code: c.code, name: c.name }))].find(
      (a) => a.code !== r.code && parentCode(a.code) === pc && normName(a.name) === normName(r.name),
    )
    if (sibling) {
      issues.at(r.row, 'name', `上级科目 ${pc} 下已有名为“${r.name}”的科目（${sibling.code}）`)
      continue
    }
    plan.create.push(r)
  }
  if (p.rows.length === 0 && issues.empty) issues.file('文件中没有科目（只有表头）')
  return plan
}

function result(file: DecodedFile, p: ParsedChart, plan: Plan): ChartImportResult {
  return {
    ...baseResult('chart', file, p.info),
    errors: p.issues.sorted().slice(0, MAX_REPORTED_ISSUES),
    errorCount: p.issues.count,
    accounts: p.rows.length,
    created: plan.create.length,
    unchanged: plan.unchanged,
    createdCodes: plan.create.map((r) => r.code),
  }
}

export async function importChart(ctx: ServiceContext, input: MethodParsedInput<'import.chart'>): Promise<Outcome<ChartImportResult>> {
  const actor = requireActor(ctx)
  const { villageId } = input
  const file = decodeFile(input.file)
  const parsed = await parseChart(file)
  if (!input.commit) return { value: result(file, parsed, await planChart(ctx.db, villageId, file, parsed)) }
  const value = await inWriteTransaction(ctx, 'import.chart', villageId, async (trx) => {
    const plan = await planChart(trx, villageId, file, parsed)
    if (!parsed.issues.empty) throw rejection('科目表', parsed.issues.sorted(), parsed.issues.count)
    const batchId = await insertBatch(trx, villageId, 'chart', file, parsed.rows.length, actor.id, nowIso())
    for (const r of plan.create) await insertSubAccount(trx, { villageId, code: r.code, name: r.name, auxKind: r.aux })
    for (const s of plan.setAux) await trx.updateTable('account').set({ aux_kind: s.aux, updated_at: nowIso() }).where('id', '=', s.account.id).execute()
    const r: ChartImportResult = { ...result(file, parsed, plan), committed: true, batchId }
    return {
      value: r,
      audit: {
        action: `导入科目表“${file.name}”：新增 ${r.created} 个明细科目${plan.setAux.length ? `，设置 ${plan.setAux.length} 个一级科目的辅助核算` : ''}`,
        after: {
          batchId,
          sha256: file.sha256,
          created: plan.create.map((c) => [c.code, c.name, c.aux]),
          auxSet: plan.setAux.map((s) => [s.account.code, s.aux]),
        },
      },
    }
  })
  return { value }
}
