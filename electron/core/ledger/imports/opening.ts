import type { Kysely } from 'kysely'
import { AUX_KIND_LABELS, type AuxKind } from '../../../../shared/accounts'
import type { MethodParsedInput } from '../../../../shared/api/contract'
import type { OpeningImportResult } from '../../../../shared/api/types'
import { MAX_FEN, type Fen } from '../../../../shared/money'
import { nowIso } from '../../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../../context'
import type { Database } from '../../db/schema'
import { amountOf, keyTextOf, textOf, type CellValue, type Converted } from '../../io/cells'
import { newTableInfo, readTable, type TableInfo, type TableSpec } from '../../io/table'
import { ensureAuxItem } from '../aux'
import { loadChart } from '../chart'
import { accountStandsForItem, hasPostedVouchers, openingDigest, replaceOpening, type OpeningEntry } from '../opening'
import { accountPaths } from '../vouchers'
import {
  baseResult,
  decodeFile,
  importLimits,
  insertBatch,
  inWriteTransaction,
  IssueList,
  MAX_REPORTED_ISSUES,
  money,
  yuanOrZero,
  previousImport,
  rejection,
  type DecodedFile,
} from './common'
import { CONTROL, isTotalText, nameMatches } from './names'

/**
 * 导入期初余额: one row per leaf account (and per counterparty or household on 往来 accounts), either as
 * 方向 + 期初余额 (the layout of fixtures/opening-balances.xlsx) or as 借方/贷方 columns. The import replaces every
 * opening balance of the village, must balance (Σ借 = Σ贷), and is refused once a voucher has been posted.
 */
type OKey = 'code' | 'name' | 'side' | 'amount' | 'debit' | 'credit' | 'aux'

export const OPENING_SPEC: TableSpec<OKey> = {
  what: '期初余额表',
  columns: [
    { key: 'code', label: '科目编码', aliases: ['科目代码', '科目编号'] },
    { key: 'name', label: '科目名称', aliases: ['会计科目', '科目全称'] },
    { key: 'side', label: '方向', aliases: ['余额方向', '借贷方向', '期初方向', '借/贷', '借或贷'] },
    { key: 'amount', label: '期初余额', aliases: ['年初余额', '期初金额', '期初数', '年初数', '余额'] },
    { key: 'debit', label: '期初借方', aliases: ['期初借方余额', '借方余额', '年初借方', '年初借方余额'] },
    { key: 'credit', label: '期初贷方', aliases: ['期初贷方余额', '贷方余额', '年初贷方', '年初贷方余额'] },
    { key: 'aux', label: '往来单位', aliases: ['往来单位/个人', '往来单位或个人', '往来户', '辅助核算', '辅助核算项目', '核算项目'] },
  ],
  required: [
    ['code', 'side', 'amount'],
    ['code', 'debit', 'credit'],
  ],
}

const LABELS: Record<OKey, string> = Object.fromEntries(OPENING_SPEC.columns.map((c) => [c.key, c.label])) as Record<OKey, string>

interface ORow {
  row: number
  code: string
  name: string | null
  aux: string | null
  amount: Fen
}

interface ParsedOpening {
  info: TableInfo<OKey>
  issues: IssueList<OKey>
  rows: ORow[]
  total: { row: number; debit: Converted<Fen>; credit: Converted<Fen> } | null
  amountProblems: boolean
}

function sideOf(text: string): 1 | -1 | 0 | null {
  const t = text.replace(/[\s\u3000]/g, '')
  if (['借', '借方', 'J', 'j', 'D', 'Dr'].includes(t)) return 1
  if (['贷', '贷方', 'C', 'c', 'Cr'].includes(t)) return -1
  if (t === '平') return 0
  return null
}

async function parseOpening(file: DecodedFile): Promise<ParsedOpening> {
  const info = newTableInfo<OKey>()
  const issues = new IssueList<OKey>(info, LABELS)
  const p: ParsedOpening = { info, issues, rows: [], total: null, amountProblems: false }
  try {
    for await (const r of readTable(file, OPENING_SPEC, info, importLimits)) {
      const v = r.values
      const cell = (k: OKey): CellValue => v[k] ?? null
      const text = (k: OKey) => {
        const t = textOf(cell(k), LABELS[k])
        return t.ok ? t.value : null
      }
      if (isTotalText(text('code')) || isTotalText(text('name'))) {
        p.total = { row: r.row, debit: amountOf(cell('debit')), credit: amountOf(cell('credit')) }
        continue
      }
      const codeR = keyTextOf(cell('code'), '科目编码')
      let code: string | null = null
      if (!codeR.ok) issues.at(r.row, 'code', codeR.message)
      else if (codeR.value === null) issues.at(r.row, 'code', '科目编码不能为空')
      else if (!/^\d{3,9}$/.test(codeR.value)) issues.at(r.row, 'code', `科目编码格式不正确：“${codeR.value}”（应为 3 到 9 位数字）`)
      else code = codeR.value
      const nameR = textOf(cell('name'), '科目名称')
      if (!nameR.ok) issues.at(r.row, 'name', nameR.message)
      const auxR = textOf(cell('aux'), '往来单位')
      let aux: string | null = null
      if (!auxR.ok) issues.at(r.row, 'aux', auxR.message)
      else if (auxR.value !== null && (auxR.value.length > 60 || CONTROL.test(auxR.value))) issues.at(r.row, 'aux', '往来单位名称不能超过 60 个字，也不能含控制字符')
      else aux = auxR.value

      let amount: Fen | null = null
      const amountIn = (k: OKey): Fen | null => {
        const a = amountOf(cell(k))
        if (!a.ok) {
          issues.at(r.row, k, a.message)
          return null
        }
        if (a.value < 0) {
          issues.at(r.row, k, info.letters.side ? '期初余额不能为负数，贷方余额请在“方向”列填“贷”' : '期初余额不能为负数，贷方余额请填在贷方列')
          return null
        }
        return a.value
      }
      if (info.letters.side && info.letters.amount) {
        const a = amountIn('amount')
        const sideR = textOf(cell('side'), '方向')
        const side = sideR.ok && sideR.value !== null ? sideOf(sideR.value) : null
        if (a !== null && a !== 0 && side === null) {
          issues.at(r.row, 'side', sideR.ok && sideR.value !== null ? `方向应为“借”或“贷”，而不是“${sideR.value}”` : '方向不能为空（借或贷）')
        } else if (a !== null && a !== 0 && side === 0) {
          issues.at(r.row, 'side', '方向为“平”时期初余额应为 0')
        } else if (a !== null) amount = side === -1 ? -a : a
      } else {
        const d = amountIn('debit')
        const c = amountIn('credit')
        if (d !== null && c !== null) {
          if (d !== 0 && c !== 0) issues.at(r.row, ['debit', 'credit'], '借方和贷方不能同时有期初余额')
          else amount = d - c
        }
      }
      if (amount === null) p.amountProblems = true
      if (code !== null && amount !== null) p.rows.push({ row: r.row, code, name: nameR.ok ? nameR.value : null, aux, amount })
    }
  } catch (e) {
    issues.fileRefusal(e)
    return p
  }
  issues.structural()
  return p
}

interface CheckedOpening {
  entries: (OpeningEntry & { row: number; auxKind: AuxKind | null; auxName: string | null })[]
  newAux: Map<string, { kind: AuxKind; name: string }>
  auxIds: Map<string, number>
  debit: Fen
  credit: Fen
  replaced: number
}

async function checkOpeningFile(db: Kysely<Database>, villageId: number, file: DecodedFile, p: ParsedOpening): Promise<CheckedOpening> {
  const { issues } = p
  const out: CheckedOpening = { entries: [], newAux: new Map(), auxIds: new Map(), debit: 0, credit: 0, replaced: 0 }
  const dup = await previousImport(db, villageId, 'opening', file.sha256)
  if (dup) issues.file(dup)
  if (await hasPostedVouchers(db, villageId)) issues.file('已有记账凭证，期初余额不能再改')
  if (p.info.headerRow === null) return out
  const count = await db.selectFrom('opening_balance').select((eb) => eb.fn.countAll<number>().as('n')).where('village_id', '=', villageId).executeTakeFirst()
  out.replaced = Number(count?.n ?? 0)
  const chart = await loadChart(db, villageId)
  const byCode = new Map(chart.map((a) => [a.code, a]))
  const paths = accountPaths(chart)
  const auxRows = await db.selectFrom('aux_item').select(['id', 'kind', 'name', 'status']).where('village_id', '=', villageId).execute()
  const aux = new Map(auxRows.map((r) => [`${r.kind}|${r.name}`, r]))
  const seen = new Map<string, number>()
  for (const r of p.rows) {
    const a = byCode.get(r.code)
    if (!a) {
      issues.at(r.row, 'code', `科目 ${r.code} 不存在（本村科目表中没有这个编码，请先导入科目表）`)
      continue
    }
    const label = `${a.code} ${a.name}`
    if (r.name !== null && !nameMatches(r.name, a.name, paths.get(a.id) ?? a.name)) {
      issues.at(r.row, 'name', `科目名称“${r.name}”与科目编码 ${a.code}（${paths.get(a.id)}）不符`)
    }
    if (r.amount === 0) continue
    if (!a.isLeaf) issues.at(r.row, 'code', `“${label}”不是末级科目，期初余额应录入其明细科目`)
    else if (a.status !== 'active') issues.at(r.row, 'code', `科目“${label}”已停用`)
    let auxName: string | null = null
    if (a.auxKind === null) {
      if (r.aux !== null) issues.at(r.row, 'aux', `科目“${label}”不设辅助核算，往来单位应为空（本行为“${r.aux}”）`)
    } else {
      auxName = r.aux ?? (accountStandsForItem(a.auxKind) ? a.name : null)
      if (auxName === null) issues.at(r.row, 'aux', `科目“${label}”需要按${AUX_KIND_LABELS[a.auxKind]}分别填写期初余额`)
      else {
        const key = `${a.auxKind}|${auxName}`
        const item = aux.get(key)
        if (item) {
          if (item.status !== 'active') issues.at(r.row, 'aux', `${AUX_KIND_LABELS[a.auxKind]}“${auxName}”已停用`)
          out.auxIds.set(key, item.id)
        } else out.newAux.set(key, { kind: a.auxKind, name: auxName })
      }
    }
    const k = `${a.id}|${auxName ?? ''}`
    const prev = seen.get(k)
    if (prev !== undefined) issues.at(r.row, 'code', `与第 ${prev} 行重复：同一科目${auxName ? `、同一${AUX_KIND_LABELS[a.auxKind as AuxKind]}` : ''}只能有一行期初余额`)
    else seen.set(k, r.row)
    out.entries.push({ row: r.row, accountId: a.id, auxItemId: 0, amount: r.amount, auxKind: a.auxKind, auxName })
    if (r.amount > 0) out.debit += r.amount
    else out.credit -= r.amount
  }
  if (!p.amountProblems) {
    if (p.total && p.info.letters.debit && p.info.letters.credit) {
      for (const [k, r, sum] of [['debit', p.total.debit, out.debit], ['credit', p.total.credit, out.credit]] as const) {
        if (!r.ok) issues.at(p.total.row, k, `合计行：${r.message}`)
        else if (r.value !== sum) issues.at(p.total.row, k, `合计 ${money(r.value)} 与明细合计 ${money(sum)} 不符`)
      }
    }
    if (out.debit > MAX_FEN || out.credit > MAX_FEN) issues.file('期初余额合计超出允许范围（超过 10 万亿元），请检查金额')
    else if (out.debit !== out.credit) {
      issues.file(`期初余额借贷不平衡：借方合计 ${money(out.debit)}，贷方合计 ${money(out.credit)}，相差 ${money(out.debit - out.credit)}`)
    }
  }
  if (p.rows.length === 0 && issues.empty) issues.file('文件中没有期初余额（只有表头）')
  return out
}

function result(file: DecodedFile, p: ParsedOpening, c: CheckedOpening, committed = false): OpeningImportResult {
  const notices = [...p.info.notices]
  if (c.replaced > 0) notices.push(`${committed ? '已替换' : '导入将替换'}本村原有的 ${c.replaced} 行期初余额`)
  if (c.newAux.size > 0) notices.push(`${committed ? '已新增' : '将新增'} ${c.newAux.size} 个辅助核算项目（往来单位、农户、项目或银行账户）`)
  return {
    ...baseResult('opening', file, p.info),
    notices,
    errors: p.issues.sorted().slice(0, MAX_REPORTED_ISSUES),
    errorCount: p.issues.count,
    rows: c.entries.length,
    debit: yuanOrZero(c.debit),
    credit: yuanOrZero(c.credit),
    balanced: c.debit === c.credit,
    newAuxItems: c.newAux.size,
    replaced: c.replaced,
  }
}

export async function importOpening(ctx: ServiceContext, input: MethodParsedInput<'import.opening'>): Promise<Outcome<OpeningImportResult>> {
  const actor = requireActor(ctx)
  const { villageId } = input
  const file = decodeFile(input.file)
  const parsed = await parseOpening(file)
  if (!input.commit) return { value: result(file, parsed, await checkOpeningFile(ctx.db, villageId, file, parsed)) }
  const value = await inWriteTransaction(ctx, 'import.opening', villageId, async (trx) => {
    const checked = await checkOpeningFile(trx, villageId, file, parsed)
    if (!parsed.issues.empty) throw rejection('期初余额', parsed.issues.sorted(), parsed.issues.count)
    const before = await openingDigest(trx, villageId)
    const batchId = await insertBatch(trx, villageId, 'opening', file, parsed.rows.length, actor.id, nowIso())
    for (const [key, item] of checked.newAux) checked.auxIds.set(key, await ensureAuxItem(trx, villageId, item.kind, item.name))
    const entries: OpeningEntry[] = checked.entries.map((e) => ({
      accountId: e.accountId,
      auxItemId: e.auxKind && e.auxName !== null ? (checked.auxIds.get(`${e.auxKind}|${e.auxName}`) ?? 0) : 0,
      amount: e.amount,
    }))
    await replaceOpening(trx, villageId, entries)
    const r: OpeningImportResult = { ...result(file, parsed, checked, true), committed: true, batchId }
    return {
      value: r,
      audit: {
        action: `导入期初余额“${file.name}”：${r.rows} 行，借方合计 ${money(checked.debit)}，贷方合计 ${money(checked.credit)}`,
        before,
        after: { batchId, sha256: file.sha256, ...(await openingDigest(trx, villageId)) },
      },
    }
  })
  return { value }
}
