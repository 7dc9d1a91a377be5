import { Option, type Command } from 'commander'
import { resolve } from 'node:path'
import { amountInWords } from '../../../shared/amountWords'
import type { MethodInput } from '../../../shared/api/contract'
import type { JournalEntry, LedgerEntry, ReportName, Statement } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { formatFen, parseYuan } from '../../../shared/money'
import { isValidDate, isValidPeriod, lastDayOf, periodLabel } from '../../../shared/periods'
import type { Session } from '../../core/context'
import type { Engine } from '../../core/engine'
import { json, signIn, villageByCode, withEngine } from '../common'
import type { CliIo } from '../io'
import { displayWidth, formatTable as leftTable } from '../table'

/**
 * `sanzi report <报表>`: statements and books of one village as a text table, as JSON (the API result, amounts as
 * yuan strings) or as an .xlsx through the same export as the app; and `sanzi amount-words`.
 */
interface ReportOpts {
  db: string
  as?: string
  village: string
  period: string
  account?: string
  aux?: string
  level?: string
  dates?: string
  template?: string
  withAux?: boolean
  detail?: boolean
  json?: boolean
  xlsx?: string
}

/** 2024-03 or 2024-01..2024-03 */
export function parsePeriodRange(text: string): { from: string; to: string } {
  const parts = text.split(/\.\.|～|~/).map((s) => s.trim())
  const [from, to = from] = parts as [string, string | undefined]
  if (parts.length > 2 || !isValidPeriod(from) || !isValidPeriod(to)) throw new AppError('VALIDATION', `「--period」应为 YYYY-MM 或 YYYY-MM..YYYY-MM，例如 2024-01..2024-03，而不是「${text}」`)
  if (from > to) throw new AppError('VALIDATION', `「--period」开始期间 ${periodLabel(from)} 晚于结束期间 ${periodLabel(to)}`)
  return { from, to }
}

function parseDateRange(text: string): { fromDate: string; toDate: string } {
  const parts = text.split('..').map((s) => s.trim())
  const [fromDate, toDate = fromDate] = parts as [string, string | undefined]
  if (parts.length > 2 || !isValidDate(fromDate) || !isValidDate(toDate)) throw new AppError('VALIDATION', `「--dates」应为 YYYY-MM-DD..YYYY-MM-DD，而不是「${text}」`)
  return { fromDate, toDate }
}

function parseLevel(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 4) throw new AppError('VALIDATION', '「--level」应为 1 到 4 的整数')
  return n
}

/** the table of the CLI with amounts (and 行次) right-aligned */
function formatTable(headers: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : String(c))))
  const right = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^(-?[\d,]+\.\d{2}|\d+|)$/.test(r[i] ?? '')))
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))))
  return leftTable(
    headers,
    cells.map((r) => r.map((c, i) => (right[i] ? ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(c))) + c : c))),
  )
}

/** an amount of the JSON results as printed: 1,680.32; empty for null */
const amt = (y: string | null): string => {
  if (y === null) return ''
  const r = parseYuan(y)
  return r.ok ? formatFen(r.fen) : y
}

async function accountByCode(engine: Engine, session: Session, villageId: number, code: string): Promise<number> {
  const all = await engine.invoke(session, 'account.list', { villageId, includeDisabled: true })
  const a = all.find((x) => x.code === code)
  if (!a) throw new AppError('NOT_FOUND', `找不到科目编码「${code}」`)
  return a.id
}

async function auxByName(engine: Engine, session: Session, villageId: number, name: string): Promise<number> {
  const all = await engine.invoke(session, 'aux.list', { villageId })
  const exact = all.filter((x) => x.name === name || x.code === name)
  const found = exact.length > 0 ? exact : all.filter((x) => x.name.includes(name))
  if (found.length === 0) throw new AppError('NOT_FOUND', `找不到辅助核算项目「${name}」`)
  if (found.length > 1) throw new AppError('VALIDATION', `「${name}」对应多个辅助核算项目：${found.map((x) => x.name).join('、')}，请写全名`)
  return (found[0] as (typeof found)[number]).id
}

function statementText(s: Statement): string {
  const out = [`${s.title}`, `编制单位：${s.villageName}    ${s.dateLabel}    单位：元`]
  const parts = s.parts.length > 0 ? s.parts : [{ key: null, heading: '项目' }]
  for (const p of parts) {
    out.push(
      formatTable(
        [p.heading, '行次', ...s.columns.map((c) => c.label)],
        s.rows.filter((r) => r.part === p.key).map((r) => [`${'  '.repeat(r.indent)}${r.label}`, r.line, ...r.values.map(amt)]),
      ),
    )
  }
  for (const c of s.checks) out.push(`${c.ok ? '✔' : '✘'} ${c.label}（${c.column}）：${amt(c.left)} ${c.ok ? '=' : '≠'} ${amt(c.right)}`)
  out.push(s.ok ? '勾稽关系：全部相符' : '勾稽关系：有不符项，请核对')
  return out.join('\n')
}

const ledgerTable = (entries: LedgerEntry[]) =>
  formatTable(
    ['日期', '凭证号', '摘要', '辅助核算', '借方', '贷方', '方向', '余额'],
    entries.map((e) => [e.date, e.voucherLabel, e.summary, e.auxItemName, amt(e.debit), amt(e.credit), e.side, amt(e.balance)]),
  )

const journalTable = (entries: JournalEntry[]) =>
  formatTable(
    ['日期', '凭证号', '摘要', '对方科目', '借方', '贷方', '方向', '余额'],
    entries.map((e) => [e.date, e.voucherLabel, e.summary, e.counterAccount, amt(e.debit), amt(e.credit), e.side, amt(e.balance)]),
  )

const KINDS: { name: string; description: string }[] = [
  { name: 'trial-balance', description: '科目余额表（--level 科目级次，--with-aux 显示辅助核算）' },
  { name: 'balance-sheet', description: '资产负债表（--period 取结束月份）' },
  { name: 'income', description: '收益及收益分配表（本年 1 月至 --period 结束月份）' },
  { name: 'income-detail', description: '收支明细表（本月/本期数与本年累计数，--level 默认 2）' },
  { name: 'ledger', description: '明细账（--account 科目编码，--aux 辅助核算项目）' },
  { name: 'general-ledger', description: '总账（--account 只看一个科目）' },
  { name: 'cash-journal', description: '现金日记账' },
  { name: 'bank-journal', description: '银行存款日记账（--account 102 下的科目，--aux 银行账户）' },
  { name: 'counterparty', description: '往来余额表；加 --detail 为往来明细账（--account、--aux 筛选）' },
  { name: 'account-summary', description: '科目汇总表（--period 或 --dates YYYY-MM-DD..YYYY-MM-DD，--level 默认 1）' },
]

export function registerReportCommands(program: Command, io: CliIo): void {
  const report = program.command('report').description('报表与账簿：科目余额表、资产负债表、收益及收益分配表、收支明细表、明细账、总账、日记账、往来、科目汇总表')
  for (const kind of KINDS) {
    report
      .command(kind.name)
      .description(kind.description)
      .addOption(new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory())
      .addOption(new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）'))
      .requiredOption('--village <村编码>', '村编码')
      .requiredOption('--period <YYYY-MM[..YYYY-MM]>', '期间或期间范围')
      .option('--account <科目编码>', '科目')
      .option('--aux <名称>', '辅助核算项目（往来单位、农户、银行账户）')
      .option('--level <N>', '科目级次 1–4')
      .option('--dates <YYYY-MM-DD..YYYY-MM-DD>', '科目汇总表的日期范围')
      .option('--template <格式>', '报表格式（省级格式等），默认按村的会计制度')
      .option('--with-aux', '科目余额表显示辅助核算')
      .option('--detail', '往来：逐笔明细')
      .option('--json', '以 JSON 输出（金额为“元”字符串）')
      .option('--xlsx <文件.xlsx>', '导出为工作簿')
      .action(async (o: ReportOpts) => {
        if (o.json && o.xlsx) throw new AppError('VALIDATION', '--json 与 --xlsx 只能选一个')
        const range = parsePeriodRange(o.period)
        const level = parseLevel(o.level)
        await withEngine(o.db, async (engine) => {
          const { session } = await signIn(engine, io, o.as)
          const village = await villageByCode(engine, session, o.village)
          const villageId = village.id
          const accountId = o.account ? await accountByCode(engine, session, villageId, o.account) : undefined
          const auxItemId = o.aux ? await auxByName(engine, session, villageId, o.aux) : undefined
          const run = async <M extends Parameters<Engine['invoke']>[1]>(method: M, input: MethodInput<M>, exportAs: ReportName, params: object) => {
            if (o.xlsx) {
              const r = await engine.invoke(session, 'report.export', { villageId, report: exportAs, params, to: resolve(o.xlsx) } as MethodInput<'report.export'>)
              io.out(`已导出：${r.path}（${r.rows} 行）\n数据指纹（SHA-256）：${r.fingerprint}`)
              return null
            }
            const value = await engine.invoke(session, method, input)
            if (o.json) {
              json(io, value)
              return null
            }
            return value
          }
          switch (kind.name) {
            case 'trial-balance': {
              const params = { ...range, level: level ?? 4, withAux: Boolean(o.withAux) }
              const tb = await run('report.trialBalance', { villageId, ...params }, 'trialBalance', params)
              if (!tb) return
              io.out(`科目余额表  ${village.name}  ${periodLabel(tb.from)}—${periodLabel(tb.to)}`)
              io.out(
                formatTable(
                  ['编码', '名称', '期初借方', '期初贷方', '本期借方', '本期贷方', '期末借方', '期末贷方'],
                  [
                    ...tb.rows.map((r) => [r.code, `${'  '.repeat(r.level - 1)}${r.auxItemName ? `${r.name}：${r.auxItemName}` : r.name}`, amt(r.openingDebit), amt(r.openingCredit), amt(r.debit), amt(r.credit), amt(r.closingDebit), amt(r.closingCredit)]),
                    ['', '合计', amt(tb.totals.openingDebit), amt(tb.totals.openingCredit), amt(tb.totals.debit), amt(tb.totals.credit), amt(tb.totals.closingDebit), amt(tb.totals.closingCredit)],
                  ],
                ),
              )
              io.out(`试算平衡：${tb.balanced ? '平衡' : '不平衡，请核对'}`)
              return
            }
            case 'balance-sheet':
            case 'income': {
              const params = { to: range.to, template: o.template ?? null }
              const method = kind.name === 'balance-sheet' ? 'report.balanceSheet' : 'report.incomeStatement'
              const s = await run(method, { villageId, ...params }, kind.name === 'balance-sheet' ? 'balanceSheet' : 'incomeStatement', params)
              if (s) io.out(statementText(s))
              return
            }
            case 'income-detail': {
              const params = { ...range, level: level ?? 2 }
              const d = await run('report.incomeExpenseDetail', { villageId, ...params }, 'incomeExpenseDetail', params)
              if (!d) return
              io.out(`收支明细表  ${village.name}  ${periodLabel(d.from)}${d.from === d.to ? '' : `—${periodLabel(d.to)}`}`)
              io.out(formatTable(['编码', '项目', d.currentLabel, '本年累计数'], d.rows.map((r) => [r.code, `${'  '.repeat(Math.max(0, r.level - 1))}${r.name}`, amt(r.current), amt(r.ytd)])))
              return
            }
            case 'ledger': {
              if (accountId === undefined) throw new AppError('VALIDATION', '明细账请用 --account 指明科目编码')
              const params = { ...range, accountId, auxItemId }
              const l = await run('report.ledger', { villageId, ...params }, 'ledger', params)
              if (!l) return
              io.out(`明细账  ${village.name}  科目：${l.code} ${l.name}`)
              io.out(ledgerTable(l.entries))
              return
            }
            case 'general-ledger': {
              const params = { ...range, accountId }
              const g = await run('report.generalLedger', { villageId, ...params }, 'generalLedger', params)
              if (!g) return
              for (const a of g.accounts) {
                io.out(`\n总账  ${a.code} ${a.name}`)
                io.out(formatTable(['月份', '摘要', '借方', '贷方', '方向', '余额'], a.entries.map((e) => [e.kind === 'opening' ? '' : periodLabel(e.period), e.summary, amt(e.debit), amt(e.credit), e.side, amt(e.balance)])))
              }
              return
            }
            case 'cash-journal':
            case 'bank-journal': {
              const params = { ...range, accountId, auxItemId }
              const cash = kind.name === 'cash-journal'
              const b = await run(cash ? 'report.cashJournal' : 'report.bankJournal', { villageId, ...params }, cash ? 'cashJournal' : 'bankJournal', params)
              if (!b) return
              if (b.journals.length === 0) io.out('（没有银行存款余额或发生额）')
              for (const j of b.journals) {
                io.out(`\n${cash ? '现金日记账' : '银行存款日记账'}  ${j.code} ${j.name}${j.auxItemName ? `：${j.auxItemName}` : ''}`)
                io.out(journalTable(j.entries))
              }
              return
            }
            case 'counterparty': {
              const params = { ...range, accountId, auxItemId }
              if (o.detail) {
                const c = await run('report.counterpartyLedger', { villageId, ...params }, 'counterpartyLedger', params)
                if (!c) return
                for (const l of c.ledgers) {
                  io.out(`\n往来明细账  ${l.code} ${l.accountName} —— ${l.counterparty}`)
                  io.out(ledgerTable(l.entries))
                }
                return
              }
              const c = await run('report.counterpartySummary', { villageId, ...params }, 'counterpartySummary', params)
              if (!c) return
              io.out(`往来余额表  ${village.name}  ${periodLabel(c.from)}—${periodLabel(c.to)}`)
              io.out(
                formatTable(
                  ['科目', '往来单位（个人）', '期初方向', '期初余额', '本期借方', '本期贷方', '期末方向', '期末余额'],
                  c.rows.map((r) => [r.kind === 'subtotal' ? '' : `${r.code} ${r.accountName}`, r.counterparty, r.openingSide, amt(r.opening), amt(r.debit), amt(r.credit), r.closingSide, amt(r.closing)]),
                ),
              )
              return
            }
            case 'account-summary': {
              const dates = o.dates ? parseDateRange(o.dates) : { fromDate: `${range.from}-01`, toDate: lastDayOf(range.to) }
              const params = { ...dates, level: level ?? 1 }
              const a = await run('report.accountSummary', { villageId, ...params }, 'accountSummary', params)
              if (!a) return
              io.out(`科目汇总表  ${village.name}  ${a.fromDate} 至 ${a.toDate}`)
              io.out(`凭证起止号：${a.voucherRanges.map((r) => `${periodLabel(r.period)} ${r.first} 至 ${r.last}（${r.count} 张）`).join('；') || '无'}`)
              io.out(formatTable(['编码', '名称', '借方金额', '贷方金额'], [...a.rows.map((r) => [r.code, `${'  '.repeat(r.level - 1)}${r.name}`, amt(r.debit), amt(r.credit)]), ['', '合计', amt(a.totals.debit), amt(a.totals.credit)]]))
              io.out(`借贷平衡：${a.balanced ? '平衡' : '不平衡，请核对'}`)
              return
            }
          }
        })
      })
  }

  report
    .command('district')
    .description('区级汇总：所管各村的一级（或 --level 级）科目期初、本期借贷、期末，及全区合计')
    .addOption(new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory())
    .addOption(new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）'))
    .requiredOption('--period <YYYY-MM[..YYYY-MM]>', '期间或期间范围')
    .option('--level <N>', '科目级次 1–4，默认 1')
    .addOption(new Option('--chart <制度>', '会计制度').choices(['2023', '2004']).default('2023'))
    .option('--json', '以 JSON 输出（金额为“元”字符串）')
    .action(async (o: { db: string; as?: string; period: string; level?: string; chart: '2023' | '2004'; json?: boolean }) => {
      const range = parsePeriodRange(o.period)
      const level = parseLevel(o.level) ?? 1
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const d = await engine.invoke(session, 'report.districtSummary', { ...range, level, chartVersion: o.chart })
        if (o.json) return json(io, d)
        io.out(`区级汇总  ${periodLabel(d.from)}—${periodLabel(d.to)}  ${d.villages.length} 个村（${d.chartVersion} 年制度）  单位：元`)
        const figures = (r: { openingDebit: string; openingCredit: string; debit: string; credit: string; closingDebit: string; closingCredit: string }) =>
          [amt(r.openingDebit), amt(r.openingCredit), amt(r.debit), amt(r.credit), amt(r.closingDebit), amt(r.closingCredit)]
        const headers = ['期初借方', '期初贷方', '本期借方', '本期贷方', '期末借方', '期末贷方']
        io.out(formatTable(['村', '编码', '名称', ...headers], d.rows.map((r) => [r.villageName, r.code, `${'  '.repeat(r.level - 1)}${r.name}`, ...figures(r)])))
        io.out('\n全区合计')
        io.out(formatTable(['编码', '名称', ...headers], d.totals.map((t) => [t.code, t.name, ...figures(t)])))
      })
    })

  program
    .command('amount-words')
    .description('把小写金额写成大写金额，例如 sanzi amount-words 1680.32')
    .argument('<金额>', '元，最多两位小数，可带千分位逗号')
    .action((text: string) => {
      const t = text.trim().replace(/^[¥￥]\s*/, '')
      const r = parseYuan(t)
      if (!r.ok) throw new AppError('VALIDATION', r.reason)
      io.out(amountInWords(r.fen))
    })
}
