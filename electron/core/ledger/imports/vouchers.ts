import type { Kysely } from 'kysely'
import { AUX_KIND_LABELS, type AuxKind } from '../../../../shared/accounts'
import type { MethodParsedInput } from '../../../../shared/api/contract'
import type { Account, VoucherImportPeriod, VoucherImportResult, VoucherImportSample } from '../../../../shared/api/types'
import { MAX_FEN, type Fen } from '../../../../shared/money'
import { periodLabel, periodOfDate } from '../../../../shared/periods'
import { nowIso } from '../../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../../context'
import type { Database } from '../../db/schema'
import { amountOf, countOf, dateOf, keyTextOf, textOf, type CellValue, type Converted } from '../../io/cells'
import { newTableInfo, readTable, type TableInfo, type TableSpec } from '../../io/table'
import { ensureAuxItem } from '../aux'
import { loadChart } from '../chart'
import { accountStandsForItem } from '../opening'
import { accountPaths } from '../vouchers'
import { insertDraftsBulk, type BulkDraft } from '../bulkDrafts'
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
  reportProgress,
  type DecodedFile,
} from './common'
import { CONTROL, isTotalText, nameMatches, parseVoucherNo, voucherNoLabel } from './names'

/**
 * 导入序时账: a journal (one row per voucher line) becomes draft vouchers in file order, prepared by the
 * importing user, to be reviewed and posted like any other. Rows with the same month and voucher number form
 * one voucher; they must be adjacent. The file is read and checked in full first; any problem and nothing is
 * written. A trailing 合计 row is checked against the lines and not imported.
 */
type JKey = 'date' | 'number' | 'summary' | 'code' | 'name' | 'debit' | 'credit' | 'aux' | 'attachments'

export const JOURNAL_SPEC: TableSpec<JKey> = {
  what: '序时账',
  columns: [
    { key: 'date', label: '日期', aliases: ['凭证日期', '制单日期', '记账日期', '业务日期'] },
    { key: 'number', label: '凭证号', aliases: ['凭证字号', '凭证编号', '凭证号码', '凭证字'] },
    { key: 'summary', label: '摘要', aliases: ['凭证摘要', '分录摘要'] },
    { key: 'code', label: '科目编码', aliases: ['科目代码', '科目编号', '会计科目编码', '会计科目代码'] },
    { key: 'name', label: '科目名称', aliases: ['会计科目', '科目全称', '会计科目名称'] },
    { key: 'debit', label: '借方金额', aliases: ['借方', '借方发生额', '借方本币'] },
    { key: 'credit', label: '贷方金额', aliases: ['贷方', '贷方发生额', '贷方本币'] },
    { key: 'aux', label: '往来单位', aliases: ['往来单位/个人', '往来单位或个人', '往来户', '往来对象', '辅助核算', '辅助核算项目', '核算项目'] },
    { key: 'attachments', label: '附单据数', aliases: ['附件数', '附件张数', '单据数', '附单据', '附件'] },
  ],
  required: [['date', 'number', 'summary', 'code', 'debit', 'credit']],
}

const LABELS: Record<JKey, string> = Object.fromEntries(JOURNAL_SPEC.columns.map((c) => [c.key, c.label])) as Record<JKey, string>

interface JLine {
  row: number
  summary: string | null
  code: string | null
  name: string | null
  aux: string | null
  debit: Fen
  credit: Fen
  amountsOk: boolean
  /** filled by the check against the books */
  accountId: number
  auxKind: AuxKind | null
  auxName: string | null
}

interface JVoucher {
  period: string
  word: string
  no: number
  label: string
  date: string
  attachments: number | null
  firstRow: number
  lastRow: number
  lines: JLine[]
  /** a row of it could not be read: its balance and line count are not judged (the row's own problem is) */
  broken: boolean
}

interface ParsedJournal {
  info: TableInfo<JKey>
  issues: IssueList<JKey>
  vouchers: JVoucher[]
  total: { row: number; debit: Converted<Fen>; credit: Converted<Fen> } | null
  amountProblems: boolean
  /** any row with a problem: the 合计 row is then not compared (its difference would only repeat it) */
  rowProblems: boolean
  /** merged cells in the data area: nothing else is judged */
  structuralOnly: boolean
  lines: number
  words: Set<string>
}

function value<T>(issues: IssueList<JKey>, row: number, key: JKey, r: Converted<T>): T | undefined {
  if (r.ok) return r.value
  issues.at(row, key, r.message)
  return undefined
}

async function parseJournal(file: DecodedFile): Promise<ParsedJournal> {
  const info = newTableInfo<JKey>()
  const issues = new IssueList<JKey>(info, LABELS)
  const parsed: ParsedJournal = { info, issues, vouchers: [], total: null, amountProblems: false, rowProblems: false, structuralOnly: false, lines: 0, words: new Set() }
  const byKey = new Map<string, JVoucher>()
  let current: JVoucher | null = null
  let afterTotal = false
  try {
    for await (const r of readTable(file, JOURNAL_SPEC, info, importLimits)) {
      const v = r.values
      const totalCell = (k: JKey) => {
        const c = v[k]
        return typeof c === 'string' && isTotalText(c)
      }
      if (totalCell('summary') || totalCell('date') || totalCell('number') || totalCell('code')) {
        if (parsed.total) issues.at(r.row, null, `出现第二个合计行（第 ${parsed.total.row} 行已有合计）`)
        else parsed.total = { row: r.row, debit: amountOf(v.debit ?? null), credit: amountOf(v.credit ?? null) }
        afterTotal = true
        continue
      }
      if (afterTotal) {
        issues.at(r.row, null, '合计行之后不应再有数据；合计行应为最后一行')
        continue
      }
      if (parsed.lines % 5000 === 0) reportProgress({ kind: 'vouchers', phase: 'read', done: parsed.lines, total: null })
      parsed.lines++
      const before = issues.count
      const line = parseLine(issues, r.row, v, info.date1904)
      const lineBad = issues.count > before
      if (lineBad) parsed.rowProblems = true
      if (!line.amountsOk) parsed.amountProblems = true
      if (!line.date || !line.no) {
        // a row whose date or number cannot be read still belongs to the voucher it continues
        if (current && line.no && line.no.word === current.word && line.no.no === current.no) {
          current.broken = true
          current.lastRow = r.row
        }
        continue
      }
      parsed.words.add(line.no.word)
      const period = periodOfDate(line.date)
      const key = `${period}|${line.no.word}|${line.no.no}`
      let voucher = byKey.get(key)
      if (voucher && voucher !== current) {
        issues.at(r.row, 'number', `凭证号 ${voucher.label} 在${periodLabel(period)}已用于第 ${voucher.firstRow}–${voucher.lastRow} 行的凭证：同一凭证的分录应相邻，不同凭证不能同号`)
      }
      if (!voucher) {
        voucher = { period, word: line.no.word, no: line.no.no, label: voucherNoLabel(line.no), date: line.date, attachments: null, firstRow: r.row, lastRow: r.row, lines: [], broken: false }
        byKey.set(key, voucher)
        parsed.vouchers.push(voucher)
      }
      current = voucher
      if (line.date !== voucher.date) issues.at(r.row, 'date', `同一凭证的日期应一致：本行 ${line.date}，凭证 ${voucher.label} 首行（第 ${voucher.firstRow} 行）为 ${voucher.date}`)
      if (line.attachments !== null) {
        if (voucher.attachments === null) voucher.attachments = line.attachments
        else if (voucher.attachments !== line.attachments) issues.at(r.row, 'attachments', `同一凭证的附单据数应一致：本行 ${line.attachments}，前面的行为 ${voucher.attachments}`)
      }
      voucher.lastRow = r.row
      voucher.lines.push(line.line)
      if (lineBad) voucher.broken = true
    }
  } catch (e) {
    issues.fileRefusal(e)
    return parsed
  }
  const merged = info.structural.filter((s) => s.kind === 'merge')
  if (merged.length > 0) {
    // merged cells shift values between rows: the cell-level findings would only mislead, report the ranges alone
    const only = new IssueList<JKey>(info, LABELS)
    only.file(`${merged.map((s) => s.ref).join('、')} 为合并单元格：请取消合并，并在每一行填写完整的内容后再导入`)
    only.structural()
    parsed.issues = only
    parsed.structuralOnly = true
    parsed.vouchers = []
    return parsed
  }
  issues.structural()
  return parsed
}

function parseLine(
  issues: IssueList<JKey>,
  row: number,
  v: Partial<Record<JKey, CellValue>>,
  date1904: boolean,
): { date: string | null; no: { word: string; no: number } | null; attachments: number | null; amountsOk: boolean; line: JLine } {
  const cell = (k: JKey) => v[k] ?? null
  /** a cell that must be filled: its value, or null after noting why not */
  const required = <T>(k: JKey, r: Converted<T | null>, what: string): T | null => {
    if (!r.ok) issues.at(row, k, r.message)
    else if (r.value === null) issues.at(row, k, `${what}不能为空`)
    return r.ok ? r.value : null
  }
  const date = required('date', dateOf(cell('date'), date1904), '日期')

  let no: { word: string; no: number } | null = null
  const noText = required('number', keyTextOf(cell('number'), '凭证号'), '凭证号')
  if (noText !== null) {
    no = parseVoucherNo(noText)
    if (!no) issues.at(row, 'number', `凭证号格式不正确：“${noText}”（可写作 记-12、记12 或 12）`)
  }

  let summary = value(issues, row, 'summary', textOf(cell('summary'), '摘要')) ?? null
  if (summary !== null && CONTROL.test(summary)) {
    issues.at(row, 'summary', '摘要含有换行等控制字符，请删除后再导入')
    summary = null
  } else if (summary !== null && summary.length > 200) {
    issues.at(row, 'summary', `摘要不能超过 200 个字（本行 ${summary.length} 个字）`)
    summary = null
  }

  let code = required('code', keyTextOf(cell('code'), '科目编码'), '科目编码')
  if (code !== null && !/^\d{3,9}$/.test(code)) {
    issues.at(row, 'code', `科目编码格式不正确：“${code}”（应为 3 到 9 位数字）`)
    code = null
  }
  const name = value(issues, row, 'name', textOf(cell('name'), '科目名称')) ?? null

  let amountsOk = true
  const amount = (k: 'debit' | 'credit'): Fen => {
    const r = amountOf(cell(k))
    if (!r.ok) {
      issues.at(row, k, r.message)
      amountsOk = false
      return 0
    }
    if (r.value < 0) {
      issues.at(row, k, '金额不能为负数（红字冲销请在系统内用冲销功能，不从文件导入）')
      amountsOk = false
      return 0
    }
    return r.value
  }
  const debit = amount('debit')
  const credit = amount('credit')
  if (amountsOk && debit !== 0 && credit !== 0) {
    issues.at(row, ['debit', 'credit'], '借贷方不能同时有金额（一行分录只能记在借方或贷方）')
    amountsOk = false
  } else if (amountsOk && debit === 0 && credit === 0) {
    issues.at(row, ['debit', 'credit'], '借方和贷方金额不能都为空')
    amountsOk = false
  }

  let aux = value(issues, row, 'aux', textOf(cell('aux'), '往来单位')) ?? null
  if (aux !== null && (CONTROL.test(aux) || aux.length > 60)) {
    issues.at(row, 'aux', aux.length > 60 ? '往来单位名称不能超过 60 个字' : '往来单位名称含有控制字符')
    aux = null
  }
  const attachments = value(issues, row, 'attachments', countOf(cell('attachments'), '附单据数', 9999)) ?? null

  return {
    date,
    no,
    attachments,
    amountsOk,
    line: { row, summary, code, name, aux, debit, credit, amountsOk, accountId: 0, auxKind: null, auxName: null },
  }
}

interface Checked {
  /** the file's own problems and those found against the books */
  issues: IssueList<JKey>
  /** aux items the import will create: key kind|name */
  newAux: Map<string, { kind: AuxKind; name: string }>
  auxIds: Map<string, number>
  debit: Fen
  credit: Fen
}

/** The checks that need the books: accounts, auxiliary items, periods, balances, the 合计 row, duplicates. */
async function checkJournal(db: Kysely<Database>, villageId: number, file: DecodedFile, p: ParsedJournal): Promise<Checked> {
  const issues = p.issues.clone()
  const out: Checked = { issues, newAux: new Map(), auxIds: new Map(), debit: 0, credit: 0 }
  const dup = await previousImport(db, villageId, 'vouchers', file.sha256)
  if (dup) issues.file(dup)
  if (p.info.headerRow === null || p.structuralOnly) return out
  reportProgress({ kind: 'vouchers', phase: 'check', done: 0, total: p.lines })

  const village = await db.selectFrom('village').select(['start_period', 'status', 'name']).where('id', '=', villageId).executeTakeFirstOrThrow()
  if (village.status !== 'active') issues.file(`「${village.name}」已停用，不能导入凭证`)
  const closed = new Set((await db.selectFrom('period_close').select('period').where('village_id', '=', villageId).execute()).map((r) => r.period))
  const chart = await loadChart(db, villageId)
  const byCode = new Map(chart.map((a) => [a.code, a]))
  const paths = accountPaths(chart)
  const auxRows = await db.selectFrom('aux_item').select(['id', 'kind', 'name', 'status']).where('village_id', '=', villageId).execute()
  const aux = new Map(auxRows.map((r) => [`${r.kind}|${r.name}`, r]))

  const names = new Map<string, boolean>()
  const nameOk = (a: Account, given: string): boolean => {
    const key = `${a.id}|${given}`
    let r = names.get(key)
    if (r === undefined) names.set(key, (r = nameMatches(given, a.name, paths.get(a.id) ?? a.name)))
    return r
  }
  const accountFor = (l: JLine): Account | null => {
    if (l.code === null) return null
    const a = byCode.get(l.code)
    if (!a) {
      issues.at(l.row, 'code', `科目 ${l.code} 不存在（本村科目表中没有这个编码，请先增设科目或导入科目表）`)
      return null
    }
    const label = `${a.code} ${a.name}`
    if (!a.isLeaf) issues.at(l.row, 'code', `科目“${label}”不是末级科目，请使用其明细科目`)
    else if (a.status !== 'active') issues.at(l.row, 'code', `科目“${label}”已停用`)
    if (l.name !== null && !nameOk(a, l.name)) {
      issues.at(l.row, 'name', `科目名称“${l.name}”与科目编码 ${a.code}（${paths.get(a.id)}）不符`)
    }
    return a
  }

  for (const v of p.vouchers) {
    let vDebit = 0
    let vCredit = 0
    let amountsOk = true
    if (v.period < village.start_period) issues.at(v.firstRow, 'date', `凭证 ${v.label} 的日期 ${v.date} 早于建账期间 ${periodLabel(village.start_period)}`)
    else if (closed.has(v.period)) issues.at(v.firstRow, 'date', `${periodLabel(v.period)}已结账，不能导入该月的凭证 ${v.label}`)
    const firstSummary = v.lines.find((l) => l.summary !== null)?.summary ?? null
    if (firstSummary === null) issues.at(v.firstRow, 'summary', `凭证 ${v.label} 没有摘要`)
    for (const l of v.lines) {
      if (l.summary === null) l.summary = firstSummary
      l.accountId = 0
      l.auxKind = null
      l.auxName = null
      const a = accountFor(l)
      if (a) {
        l.accountId = a.id
        l.auxKind = a.auxKind
        const label = `${a.code} ${a.name}`
        if (a.auxKind === null) {
          if (l.aux !== null) issues.at(l.row, 'aux', `科目“${label}”不设辅助核算，往来单位应为空（本行为“${l.aux}”）`)
        } else {
          const name = l.aux ?? (accountStandsForItem(a.auxKind) ? a.name : null)
          if (name === null) issues.at(l.row, 'aux', `科目“${label}”需要填写${AUX_KIND_LABELS[a.auxKind]}`)
          else {
            l.auxName = name
            const key = `${a.auxKind}|${name}`
            const item = aux.get(key)
            if (item) {
              if (item.status !== 'active') issues.at(l.row, 'aux', `${AUX_KIND_LABELS[a.auxKind]}“${name}”已停用`)
              out.auxIds.set(key, item.id)
            } else out.newAux.set(key, { kind: a.auxKind, name })
          }
        }
      }
      if (!l.amountsOk) amountsOk = false
      vDebit += l.debit
      vCredit += l.credit
    }
    const rows = v.firstRow === v.lastRow ? `第 ${v.firstRow} 行` : `第 ${v.firstRow}–${v.lastRow} 行`
    if (!v.broken && v.lines.length < 2) issues.at(v.firstRow, null, `凭证 ${v.label}（${rows}）只有一行分录，至少要有两行`)
    if (v.lines.length > 999) issues.at(v.firstRow, null, `凭证 ${v.label}（${rows}）超过 999 行分录`)
    if (!v.broken && amountsOk && vDebit !== vCredit) {
      issues.at(v.firstRow, ['debit', 'credit'], `凭证 ${v.label}（${rows}）借贷不平衡：借方合计 ${money(vDebit)} ≠ 贷方合计 ${money(vCredit)}`)
    }
    if (vDebit > MAX_FEN) issues.at(v.firstRow, 'debit', `凭证 ${v.label} 金额合计超出允许范围`)
    out.debit += vDebit
    out.credit += vCredit
  }

  if (out.debit > MAX_FEN || out.credit > MAX_FEN) issues.file('文件的金额合计超出允许范围（超过 10 万亿元），请检查金额')
  const t = p.total
  if (t) {
    for (const [k, r, sum] of [['debit', t.debit, out.debit], ['credit', t.credit, out.credit]] as const) {
      if (!r.ok) issues.at(t.row, k, `合计行：${r.message}`)
      else if (!p.rowProblems && r.value !== sum) issues.at(t.row, k, `合计 ${money(r.value)} 与明细合计 ${money(sum)} 不符`)
    }
  }
  if (p.lines === 0 && issues.empty) issues.file('文件中没有凭证分录（只有表头）')
  return out
}

function summarise(p: ParsedJournal, c: Checked): Pick<VoucherImportResult, 'vouchers' | 'lines' | 'debit' | 'credit' | 'firstDate' | 'lastDate' | 'periods' | 'newAuxItems' | 'sample'> {
  const periods = new Map<string, { vouchers: number; lines: number; debit: Fen }>()
  let first: string | null = null
  let last: string | null = null
  for (const v of p.vouchers) {
    const s = periods.get(v.period) ?? { vouchers: 0, lines: 0, debit: 0 }
    s.vouchers++
    s.lines += v.lines.length
    s.debit += v.lines.reduce((x, l) => x + l.debit, 0)
    periods.set(v.period, s)
    if (first === null || v.date < first) first = v.date
    if (last === null || v.date > last) last = v.date
  }
  const periodList: VoucherImportPeriod[] = [...periods.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([period, s]) => ({ period, vouchers: s.vouchers, lines: s.lines, debit: yuanOrZero(s.debit) }))
  const sample: VoucherImportSample[] = p.vouchers.slice(0, 20).map((v) => ({
    row: v.firstRow,
    date: v.date,
    fileNumber: v.label,
    summary: v.lines.find((l) => l.summary !== null)?.summary ?? '',
    lines: v.lines.length,
    total: yuanOrZero(v.lines.reduce((x, l) => x + l.debit, 0)),
  }))
  return {
    vouchers: p.vouchers.length,
    lines: p.vouchers.reduce((s, v) => s + v.lines.length, 0),
    debit: yuanOrZero(c.debit),
    credit: yuanOrZero(c.credit),
    firstDate: first,
    lastDate: last,
    periods: periodList,
    newAuxItems: c.newAux.size,
    sample,
  }
}

function result(file: DecodedFile, p: ParsedJournal, c: Checked, committed = false): VoucherImportResult {
  const errors = c.issues.sorted()
  const notices = [...p.info.notices]
  const otherWords = [...p.words].filter((w) => w !== '记')
  if (otherWords.length > 0) notices.push(`文件中的凭证字（${otherWords.join('、')}）导入后统一为“记”字，记账时按月连续编号`)
  if (c.newAux.size > 0) notices.push(`${committed ? '已新增' : '将新增'} ${c.newAux.size} 个辅助核算项目（往来单位、农户、项目或银行账户）`)
  return {
    ...baseResult('vouchers', file, p.info),
    notices,
    errors: errors.slice(0, MAX_REPORTED_ISSUES),
    errorCount: c.issues.count,
    ...summarise(p, c),
    firstVoucherId: null,
    lastVoucherId: null,
  }
}

/**
 * The last previewed file, read: the window previews and then commits the same file, and a large journal takes
 * seconds to read. Reading depends on the bytes (and the name, for a CSV's sheet name) only; the checks against
 * the books are always made again inside the write transaction.
 */
let lastRead: { key: string; at: number; parsed: ParsedJournal } | null = null
const READ_CACHE_MS = 10 * 60_000

async function readJournal(file: DecodedFile): Promise<ParsedJournal> {
  const key = `${file.sha256}|${file.name}`
  if (lastRead && lastRead.key === key && Date.now() - lastRead.at < READ_CACHE_MS) return lastRead.parsed
  lastRead = null
  return parseJournal(file)
}

export async function importVouchers(ctx: ServiceContext, input: MethodParsedInput<'import.vouchers'>): Promise<Outcome<VoucherImportResult>> {
  const actor = requireActor(ctx)
  const { villageId } = input
  const file = decodeFile(input.file)
  const parsed = await readJournal(file)
  if (!input.commit) {
    const preview = result(file, parsed, await checkJournal(ctx.db, villageId, file, parsed))
    lastRead = { key: `${file.sha256}|${file.name}`, at: Date.now(), parsed }
    return { value: preview }
  }
  lastRead = null

  const value = await inWriteTransaction(ctx, 'import.vouchers', villageId, async (trx) => {
    const checked = await checkJournal(trx, villageId, file, parsed)
    if (!checked.issues.empty) throw rejection('序时账', checked.issues.sorted(), checked.issues.count)
    const at = nowIso()
    const lineCount = parsed.vouchers.reduce((s, v) => s + v.lines.length, 0)
    const batchId = await insertBatch(trx, villageId, 'vouchers', file, lineCount, actor.id, at)
    for (const [key, item] of checked.newAux) checked.auxIds.set(key, await ensureAuxItem(trx, villageId, item.kind, item.name))
    const drafts: BulkDraft[] = parsed.vouchers.map((v) => ({
      date: v.date,
      attachments: v.attachments ?? 0,
      lines: v.lines.map((l) => ({
        summary: l.summary ?? '',
        accountId: l.accountId,
        auxItemId: l.auxKind && l.auxName !== null ? (checked.auxIds.get(`${l.auxKind}|${l.auxName}`) ?? null) : null,
        debit: l.debit,
        credit: l.credit,
      })),
    }))
    reportProgress({ kind: 'vouchers', phase: 'write', done: 0, total: lineCount })
    const written = await insertDraftsBulk(trx, {
      villageId,
      preparedBy: actor.id,
      source: 'import',
      importBatchId: batchId,
      drafts,
      onProgress: (done) => reportProgress({ kind: 'vouchers', phase: 'write', done, total: lineCount }),
    })
    const r: VoucherImportResult = { ...result(file, parsed, checked, true), committed: true, batchId, firstVoucherId: written.firstId, lastVoucherId: written.lastId }
    return {
      value: r,
      audit: {
        action: `导入序时账“${file.name}”：${r.vouchers} 张凭证、${r.lines} 行分录，借贷合计 ${money(checked.debit)}（${r.firstDate} 至 ${r.lastDate}），生成草稿凭证待审核`,
        after: {
          batchId,
          sha256: file.sha256,
          vouchers: r.vouchers,
          lines: r.lines,
          debit: r.debit,
          credit: r.credit,
          firstVoucherId: written.firstId,
          lastVoucherId: written.lastId,
          newAuxItems: checked.newAux.size,
        },
      },
    }
  })
  reportProgress({ kind: 'vouchers', phase: 'done', done: value.lines, total: value.lines })
  return { value }
}
