import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../../shared/api/contract'
import type { ContractImportResult } from '../../../../shared/api/resourceTypes'
import type { Fen } from '../../../../shared/money'
import { CONTRACT_KIND_LABELS, CONTRACT_KIND_WORDS, defaultDirection, FREQUENCY_LABELS, FREQUENCY_WORDS, parseEscalation, type Instalment } from '../../../../shared/registers/contracts'
import { nowIso } from '../../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../../context'
import type { Database } from '../../db/schema'
import { amountOf, type CellValue } from '../../io/cells'
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
import { checkSubjects, escalationColumns, insertContract, scheduleFor, type ContractFields } from '../contracts'
import { findMatches, insertReceipt, matchContracts, matchedByLine, postedLines, recordProposals, type MatchContract, type Proposal } from '../receipts'
import { booksEve } from './resources'

/**
 * 导入合同台账: the layout of fixtures/contracts.xlsx — 合同编号, 合同名称, 类型, 甲方, 乙方, 标的编号, 起始日期, 终止日期,
 * 合同金额 (全期应收，含递增), 收款方式, 递增, 保证金, 决议日期, 已收金额, 年租金(首年), 备注 — and optionally 单价, 计价单位,
 * 决议会议, 参会人数, 赞成, 反对, 弃权. Subjects (标的编号, several separated by 、) must already be in the parcel or
 * asset register; the counterparty is the 往来单位/农户 item named like 乙方.
 *
 * The schedule is generated from 年租金(首年) and 递增 (without 年租金, 合同金额 spread over the term); a file amount the
 * generator does not reproduce is kept, the last instalment absorbing the difference, and listed in `adjusted`.
 * 已收金额 (as of the file) is split: the receipts found in the posted books are matched to their voucher lines,
 * the rest is recorded as received before the books started. All or nothing.
 */
type CKey =
  | 'number' | 'name' | 'kind' | 'partyA' | 'partyB' | 'subjects' | 'start' | 'end' | 'amount' | 'frequency' | 'escalation' | 'deposit'
  | 'resolutionDate' | 'received' | 'annual' | 'note' | 'unitPrice' | 'priceUnit' | 'meeting' | 'attendance' | 'votesFor' | 'votesAgainst' | 'abstentions'

export const CONTRACT_SPEC: TableSpec<CKey> = {
  what: '合同台账',
  columns: [
    { key: 'number', label: '合同编号', aliases: ['合同号', '编号'] },
    { key: 'name', label: '合同名称', aliases: ['名称'] },
    { key: 'kind', label: '类型', aliases: ['合同类型', '类别'] },
    { key: 'partyA', label: '甲方', aliases: ['发包方', '出租方'] },
    { key: 'partyB', label: '乙方', aliases: ['承包方', '承租方', '对方单位'] },
    { key: 'subjects', label: '标的编号', aliases: ['标的', '资源编号', '资产编码', '标的物编号'] },
    { key: 'start', label: '起始日期', aliases: ['开始日期', '起租日期', '合同起始日期'] },
    { key: 'end', label: '终止日期', aliases: ['结束日期', '到期日期', '合同终止日期'] },
    { key: 'amount', label: '合同金额', aliases: ['合同总金额', '合同总额', '金额'] },
    { key: 'frequency', label: '收款方式', aliases: ['付款方式', '收款周期', '缴费方式'] },
    { key: 'escalation', label: '递增', aliases: ['递增方式', '递增约定', '租金递增'] },
    { key: 'deposit', label: '保证金', aliases: ['履约保证金', '押金'] },
    { key: 'resolutionDate', label: '决议日期', aliases: ['民主决策日期', '村民代表会议日期'] },
    { key: 'received', label: '已收金额', aliases: ['已收款', '累计已收'] },
    { key: 'annual', label: '年租金(首年)', aliases: ['年租金', '首年租金', '年承包费', '年租金（首年）'] },
    { key: 'note', label: '备注' },
    { key: 'unitPrice', label: '单价' },
    { key: 'priceUnit', label: '计价单位', aliases: ['单价单位'] },
    { key: 'meeting', label: '决议会议', aliases: ['决策会议'] },
    { key: 'attendance', label: '参会人数', aliases: ['应到人数', '实到人数'] },
    { key: 'votesFor', label: '赞成', aliases: ['赞成票'] },
    { key: 'votesAgainst', label: '反对', aliases: ['反对票'] },
    { key: 'abstentions', label: '弃权', aliases: ['弃权票'] },
  ],
  required: [['number', 'name', 'kind', 'partyA', 'partyB', 'start', 'end', 'amount', 'frequency']],
}

const LABELS = Object.fromEntries(CONTRACT_SPEC.columns.map((c) => [c.key, c.label])) as Record<CKey, string>
const MAX: Partial<Record<CKey, number>> = { number: 40, name: 100, partyA: 100, partyB: 100, subjects: 400, note: 500, priceUnit: 20, meeting: 40 }

interface CRow {
  row: number
  fields: ContractFields
  subjectCodes: string[]
  received: Fen
}

interface Parsed {
  info: TableInfo<CKey>
  issues: IssueList<CKey>
  rows: CRow[]
}

async function parseContracts(file: DecodedFile): Promise<Parsed> {
  const rows: Parsed['rows'] = []
  const read = await readImportRows(file, CONTRACT_SPEC, LABELS, (r, info, issues) => {
    const rd = new RowReader<CKey>(r, info, issues, LABELS, ['number', 'subjects'], MAX)
    const cell = (k: CKey): CellValue => rd.cell(k)
    const fail = (k: CKey, message: string) => rd.fail(k, message)
    const text = (k: CKey, required: boolean) => rd.text(k, required)
    const amount = (k: CKey, required: boolean, positive: boolean): Fen | null => {
      if (cell(k) === null) return required ? (fail(k, `${LABELS[k]}不能为空`), null) : null
      const a = amountOf(cell(k))
      if (!a.ok) return fail(k, a.message), null
      if (a.value < 0) return fail(k, `${LABELS[k]}不能为负数`), null
      if (positive && a.value === 0) return fail(k, `${LABELS[k]}必须大于 0`), null
      return a.value
    }
    const number = text('number', true)
    if (isTotalText(number) || isTotalText(text('name', false))) return
    const name = text('name', true)
    const kindText = text('kind', true)
    const kind = kindText === null ? null : (CONTRACT_KIND_WORDS[kindText.replace(/\s/g, '')] ?? null)
    if (kindText !== null && kind === null) fail('kind', `合同类型应为 ${Object.values(CONTRACT_KIND_LABELS).join('、')} 之一（而不是“${kindText}”）`)
    const partyA = text('partyA', true)
    const partyB = text('partyB', true)
    const subjectText = text('subjects', false)
    const start = rd.date('start', true)
    const end = rd.date('end', true)
    if (start !== null && end !== null && end < start) fail('end', `终止日期 ${end} 早于起始日期 ${start}`)
    const total = amount('amount', true, true)
    const freqText = text('frequency', true)
    const frequency = freqText === null ? null : (FREQUENCY_WORDS[freqText.replace(/\s/g, '')] ?? null)
    if (freqText !== null && frequency === null) fail('frequency', `收款方式应为 ${Object.values(FREQUENCY_LABELS).join('、')} 之一（而不是“${freqText}”）`)
    const esc = parseEscalation(text('escalation', false))
    if (!esc.ok) fail('escalation', esc.reason)
    const annual = amount('annual', false, true)
    const received = amount('received', false, false) ?? 0
    if (total !== null && received > total) fail('received', `已收金额 ${money(received)} 超过合同金额 ${money(total)}`)
    const resolution = {
      resolution_meeting: text('meeting', false),
      resolution_date: rd.date('resolutionDate', false),
      resolution_attendance: rd.count('attendance', 100000),
      resolution_for: rd.count('votesFor', 100000),
      resolution_against: rd.count('votesAgainst', 100000),
      resolution_abstain: rd.count('abstentions', 100000),
      resolution_text: null,
    }
    if (resolution.resolution_attendance !== null && (resolution.resolution_for ?? 0) + (resolution.resolution_against ?? 0) + (resolution.resolution_abstain ?? 0) > resolution.resolution_attendance) {
      fail('attendance', '赞成、反对、弃权票数之和超过参会人数')
    }
    const deposit = amount('deposit', false, false) ?? 0
    const unitPrice = amount('unitPrice', false, false)
    const priceUnit = text('priceUnit', false)
    const note = text('note', false)
    if (rd.bad || !esc.ok || number === null || name === null || kind === null || partyA === null || partyB === null || start === null || end === null || total === null || frequency === null) return
    rows.push({
      row: r.row,
      received,
      subjectCodes: subjectText === null ? [] : [...new Set(subjectText.split(/[、,，;；\s]+/).filter((s) => s !== ''))],
      fields: {
        number,
        name,
        kind,
        direction: defaultDirection(kind),
        party_a: partyA,
        party_b: partyB,
        counterparty_aux_id: null,
        start_on: start,
        end_on: end,
        amount: total,
        unit_price: unitPrice,
        price_unit: priceUnit,
        annual_amount: annual,
        frequency,
        ...escalationColumns(esc.value),
        deposit,
        receivable_account_id: null,
        ...resolution,
        attachments: '[]',
        note,
      },
    })
  })
  return { ...read, rows }
}

interface Ready extends CRow {
  key: number
  subjects: { kind: 'parcel' | 'asset'; id: number; code: string; name: string }[]
  instalments: Instalment[]
  generated: Fen
  matched: Fen
  opening: Fen
  proposals: Proposal[]
}

interface Checked {
  ready: Ready[]
  eve: string
}

async function checkContracts(db: Kysely<Database>, villageId: number, file: DecodedFile, p: Parsed): Promise<Checked> {
  const { issues } = p
  const out: Checked = { ready: [], eve: await booksEve(db, villageId) }
  const dup = await previousImport(db, villageId, 'contracts', file.sha256)
  if (dup) issues.file(dup)
  if (p.info.headerRow === null) return out
  const existing = new Map((await db.selectFrom('contract').select(['number', 'name']).where('village_id', '=', villageId).execute()).map((c) => [c.number, c.name]))
  const parcels = new Map((await db.selectFrom('parcel').select(['id', 'code', 'name']).where('village_id', '=', villageId).execute()).map((r) => [r.code, r]))
  const assets = new Map((await db.selectFrom('asset').select(['id', 'code', 'name']).where('village_id', '=', villageId).execute()).map((r) => [r.code, r]))
  const aux = new Map<string, number[]>()
  for (const a of await db.selectFrom('aux_item').select(['id', 'name']).where('village_id', '=', villageId).where('kind', 'in', ['counterparty', 'household']).execute()) aux.set(a.name, [...(aux.get(a.name) ?? []), a.id])
  const seen = new Map<string, number>()
  const claimed = new Map<string, { row: number; start: string; end: string; number: string }[]>()
  for (const [n, r] of p.rows.entries()) {
    const f = r.fields
    let ok = true
    const prev = seen.get(f.number)
    if (prev !== undefined) issues.at(r.row, 'number', `合同编号 ${f.number} 与第 ${prev} 行重复`)
    else seen.set(f.number, r.row)
    const had = existing.get(f.number)
    if (had !== undefined) issues.at(r.row, 'number', `合同编号 ${f.number} 已被本村合同“${had}”使用`)
    const subjects: Ready['subjects'] = []
    for (const code of r.subjectCodes) {
      const parcel = parcels.get(code)
      const asset = assets.get(code)
      if (parcel && asset) issues.at(r.row, 'subjects', `标的编号 ${code} 同时是资源和资产的编号，无法区分`)
      else if (parcel) subjects.push({ kind: 'parcel', ...parcel })
      else if (asset) subjects.push({ kind: 'asset', ...asset })
      else issues.at(r.row, 'subjects', `标的编号 ${code} 不在本村的资源台账或固定资产卡片中（请先导入资源和资产）`)
      // two rows of the file letting the same subject over overlapping terms
      for (const other of claimed.get(code) ?? []) {
        if (other.start <= f.end_on && f.start_on <= other.end) issues.at(r.row, 'subjects', `标的 ${code} 在第 ${other.row} 行的合同 ${other.number} 期内（${other.start} 至 ${other.end}），期限不能重叠`)
      }
      claimed.set(code, [...(claimed.get(code) ?? []), { row: r.row, start: f.start_on, end: f.end_on, number: f.number }])
    }
    for (const problem of await checkSubjects(db, villageId, subjects, { startOn: f.start_on, endOn: f.end_on }, null)) {
      issues.at(r.row, 'subjects', problem)
      ok = false
    }
    const s = scheduleFor(
      { startOn: f.start_on, endOn: f.end_on, frequency: f.frequency, amount: f.amount, annualAmount: f.annual_amount, escalation: f.escalation_kind === 'none' ? { kind: 'none' } : f.escalation_kind === 'percent' ? { kind: 'percent', basisPoints: f.escalation_value, everyMonths: f.escalation_every_months as number } : { kind: 'amount', fen: f.escalation_value, everyMonths: f.escalation_every_months as number } },
      true,
    )
    if (!s.ok) {
      issues.at(r.row, f.annual_amount === null ? 'amount' : ['amount', 'annual'], s.reason)
      continue
    }
    const ids = aux.get(f.party_b) ?? []
    const fields = { ...f, counterparty_aux_id: ids.length === 1 ? (ids[0] as number) : null }
    if (ids.length > 1) p.info.notices.push(`合同 ${f.number}：往来单位中有 ${ids.length} 个名为“${f.party_b}”的项目，未自动关联，请在合同中选择`)
    if (ok) out.ready.push({ ...r, fields, key: -(n + 1), subjects, instalments: s.instalments, generated: s.generated, matched: 0, opening: 0, proposals: [] })
  }
  if (p.rows.length === 0 && issues.empty) issues.file('文件中没有合同（只有表头）')
  if (!issues.empty) return out

  // 已收金额: what the posted books show for each new contract, the rest received before the books
  const current = await db.selectFrom('contract').selectAll().where('village_id', '=', villageId).execute()
  const known = await matchContracts(db, villageId, current)
  const fresh: MatchContract[] = out.ready.map((r) => ({
    key: r.key,
    number: r.fields.number,
    direction: r.fields.direction,
    partyB: r.fields.party_b,
    counterpartyAuxId: r.fields.counterparty_aux_id,
    startOn: r.fields.start_on,
    endOn: r.fields.end_on,
    endedOn: null,
    subjectNames: r.subjects.map((s) => s.name),
    // until the matcher meets a book receipt, everything due before the books counts as paid
    schedule: r.instalments,
    received: Math.min(r.received, r.instalments.filter((i) => i.dueOn <= out.eve).reduce((s, i) => s + i.amount, 0)),
  }))
  const proposals = findMatches([...known, ...fresh], await postedLines(db, villageId), await matchedByLine(db, villageId))
  for (const r of out.ready) {
    r.proposals = proposals.filter((x) => x.key === r.key)
    r.matched = r.proposals.reduce((s, x) => s + x.amount, 0)
    r.opening = r.received - r.matched
    if (r.opening < 0) issues.at(r.row, 'received', `已收金额 ${money(r.received)} 少于账上已找到的本合同收款 ${money(r.matched)}（${r.proposals.length} 笔）`)
    else if (r.opening > 0 && r.fields.start_on > out.eve) issues.at(r.row, 'received', `合同在建账后（${r.fields.start_on}）才开始，但已收金额中有 ${money(r.opening)} 在已记账凭证中找不到：请先导入并记账收款凭证（摘要写明合同标的或编号）`)
  }
  return out
}

function result(file: DecodedFile, p: Parsed, c: Checked): ContractImportResult {
  return {
    ...baseResult('contracts', file, p.info),
    errors: p.issues.sorted().slice(0, MAX_REPORTED_ISSUES),
    errorCount: p.issues.count,
    contracts: c.ready.length,
    amount: yuanOrZero(c.ready.reduce((s, r) => s + r.fields.amount, 0)),
    adjusted: c.ready
      .filter((r) => r.generated !== r.fields.amount)
      .map((r) => ({ number: r.fields.number, generated: yuanOrZero(r.generated), amount: yuanOrZero(r.fields.amount), difference: yuanOrZero(r.fields.amount - r.generated) })),
    matched: yuanOrZero(c.ready.reduce((s, r) => s + r.matched, 0)),
    openingReceived: yuanOrZero(c.ready.reduce((s, r) => s + Math.max(0, r.opening), 0)),
    preview: c.ready.slice(0, 50).map((r) => ({ number: r.fields.number, name: r.fields.name, partyB: r.fields.party_b, amount: yuanOrZero(r.fields.amount), instalments: r.instalments.length, received: yuanOrZero(r.received) })),
  }
}

export async function importContracts(ctx: ServiceContext, input: MethodParsedInput<'import.contracts'>): Promise<Outcome<ContractImportResult>> {
  const actor = requireActor(ctx)
  const { villageId } = input
  const file = decodeFile(input.file)
  const parsed = await parseContracts(file)
  if (!input.commit) return { value: result(file, parsed, await checkContracts(ctx.db, villageId, file, parsed)) }
  const value = await inWriteTransaction(ctx, 'import.contracts', villageId, async (trx) => {
    const checked = await checkContracts(trx, villageId, file, parsed)
    if (!parsed.issues.empty) throw rejection('合同台账', parsed.issues.sorted(), parsed.issues.count)
    const batchId = await insertBatch(trx, villageId, 'contracts', file, parsed.rows.length, actor.id, nowIso())
    for (const r of checked.ready) {
      const adjusted = r.generated !== r.fields.amount ? `；按年租金和递增生成的合计 ${money(r.generated)} 与合同金额不符，差额 ${money(r.fields.amount - r.generated)} 计入最后一期` : ''
      const id = await insertContract(trx, villageId, r.fields, r.subjects, r.instalments, actor.id, `导入登记（批次 ${batchId}）${adjusted}`)
      await recordProposals(trx, villageId, r.proposals.map((x) => ({ ...x, key: id })), actor.id)
      if (r.opening > 0) await insertReceipt(trx, villageId, { contractId: id, date: checked.eve, amount: r.opening, voucherId: null, voucherLineId: null, note: '建账前已收（导入）', operatorId: actor.id })
    }
    const out: ContractImportResult = { ...result(file, parsed, checked), committed: true, batchId }
    return {
      value: out,
      audit: { action: `导入合同台账“${file.name}”：${out.contracts} 份，合同金额合计 ${out.amount}，匹配账上收款 ${out.matched}，建账前已收 ${out.openingReceived}`, after: { batchId, sha256: file.sha256, contracts: out.contracts } },
    }
  })
  return { value }
}
