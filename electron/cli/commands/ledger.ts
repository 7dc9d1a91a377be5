import { Option, type Command } from 'commander'
import type { VoucherSummary } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { formatFen, parseYuan } from '../../../shared/money'
import { isValidPeriod, periodLabel } from '../../../shared/periods'
import type { Session } from '../../core/context'
import type { Engine } from '../../core/engine'
import { json, signIn, villageByCode, withEngine, type UserOpt } from '../common'
import type { CliIo } from '../io'
import { formatTable } from '../table'
import { registerImportCommands } from './import'

/**
 * The general ledger's batch steps: `sanzi post` (review and post a range of months, as a reviewer who did not
 * prepare the vouchers), `sanzi close` (结账), `sanzi carry-forward` (年终结转) and `sanzi opening` (期初余额).
 */
interface VillageOpts extends UserOpt {
  village: string
  json?: boolean
}

const dbOption = () => new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory()
const asOption = () => new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）')
const amt = (y: string): string => {
  const r = parseYuan(y)
  return r.ok ? formatFen(r.fen) : y
}

/** 2024-03 or 2024-01..2024-03 */
export function periodRange(text: string): { from: string; to: string } {
  const parts = text.split(/\.\.|～|~/).map((s) => s.trim())
  const [from, to = from] = parts as [string, string | undefined]
  if (parts.length > 2 || !isValidPeriod(from) || !isValidPeriod(to)) {
    throw new AppError('VALIDATION', `「--period」应为 YYYY-MM 或 YYYY-MM..YYYY-MM，例如 2024-01..2024-12，而不是「${text}」`)
  }
  if (from > to) throw new AppError('VALIDATION', `「--period」开始期间 ${periodLabel(from)} 晚于结束期间 ${periodLabel(to)}`)
  return { from, to }
}

const PAGE = 5000

async function idsWithStatus(engine: Engine, session: Session, villageId: number, from: string, to: string, status: 'draft' | 'reviewed'): Promise<number[]> {
  const ids: number[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await engine.invoke(session, 'voucher.list', { villageId, from, to, status, offset, limit: PAGE })
    ids.push(...page.rows.map((r) => r.id))
    if (page.rows.length < PAGE || ids.length >= page.total) break
  }
  return ids
}

interface PeriodPosted {
  period: string
  count: number
  first: string
  last: string
}

/** Everything of the general ledger's imports and batch steps: `import …`, `post`, `close`, `carry-forward`, `opening`. */
export function registerGeneralLedgerCommands(program: Command, io: CliIo): void {
  registerImportCommands(program, io)
  registerLedgerCommands(program, io)
}

export function registerLedgerCommands(program: Command, io: CliIo): void {
  program
    .command('post')
    .description('审核并记账所选期间的凭证（须由制单人以外的审核人操作）')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--village <村编码>', '村编码')
    .requiredOption('--period <YYYY-MM[..YYYY-MM]>', '期间，例如 2024-03 或 2024-01..2024-12')
    .option('--json', '以 JSON 输出')
    .action(async (o: VillageOpts & { period: string }) => {
      const { from, to } = periodRange(o.period)
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const v = await villageByCode(engine, session, o.village)
        const drafts = await idsWithStatus(engine, session, v.id, from, to, 'draft')
        for (let i = 0; i < drafts.length; i += PAGE) {
          await engine.invoke(session, 'voucher.review', { villageId: v.id, voucherIds: drafts.slice(i, i + PAGE) })
        }
        const reviewed = await idsWithStatus(engine, session, v.id, from, to, 'reviewed')
        const posted: VoucherSummary[] = []
        for (let i = 0; i < reviewed.length; i += PAGE) {
          posted.push(...(await engine.invoke(session, 'voucher.post', { villageId: v.id, voucherIds: reviewed.slice(i, i + PAGE) })))
        }
        const byPeriod = new Map<string, VoucherSummary[]>()
        for (const p of posted) byPeriod.set(p.period, [...(byPeriod.get(p.period) ?? []), p])
        const periods: PeriodPosted[] = [...byPeriod.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([period, list]) => {
            const sorted = [...list].sort((a, b) => (a.number ?? 0) - (b.number ?? 0))
            return { period, count: list.length, first: sorted[0]?.label ?? '', last: sorted[sorted.length - 1]?.label ?? '' }
          })
        if (o.json) return json(io, { reviewed: drafts.length, posted: posted.length, periods })
        if (posted.length === 0) return io.out(`${periodLabel(from)}${from === to ? '' : ` 至 ${periodLabel(to)}`}没有待审核或待记账的凭证`)
        io.out(formatTable(['期间', '记账张数', '凭证号'], periods.map((p) => [periodLabel(p.period), p.count, p.first === p.last ? p.first : `${p.first} 至 ${p.last}`])))
        io.out(`已审核 ${drafts.length} 张，已记账 ${posted.length} 张`)
      })
    })

  program
    .command('close')
    .description('结账（按月依次结账；当月凭证须全部记账）')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--village <村编码>', '村编码')
    .requiredOption('--period <YYYY-MM>', '结账期间')
    .option('--json', '以 JSON 输出')
    .action(async (o: VillageOpts & { period: string }) => {
      if (!isValidPeriod(o.period)) throw new AppError('VALIDATION', `「--period」应为 YYYY-MM，例如 2024-03，而不是「${o.period}」`)
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const v = await villageByCode(engine, session, o.village)
        const s = await engine.invoke(session, 'period.close', { villageId: v.id, period: o.period })
        if (o.json) return json(io, s)
        io.out(`已结账：${v.name} ${periodLabel(s.period)}（记账凭证 ${s.posted} 张）`)
      })
    })

  program
    .command('carry-forward')
    .description('年终结转：生成结转本年收益和收益分配的草稿凭证（日期为 12 月 31 日，审核后记账）')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--village <村编码>', '村编码')
    .requiredOption('--year <YYYY>', '年度')
    .option('--json', '以 JSON 输出')
    .action(async (o: VillageOpts & { year: string }) => {
      if (!/^\d{4}$/.test(o.year)) throw new AppError('VALIDATION', `「--year」应为四位年份，例如 2024，而不是「${o.year}」`)
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const v = await villageByCode(engine, session, o.village)
        const list = await engine.invoke(session, 'period.carryForward', { villageId: v.id, year: Number.parseInt(o.year, 10) })
        if (o.json) return json(io, list)
        io.out(`已生成年终结转凭证 ${list.length} 张（草稿，日期 ${list[0]?.date ?? ''}），请审核后记账：`)
        io.out(formatTable(['摘要', '分录', '金额'], list.map((x) => [x.summary, x.lineCount, amt(x.total)])))
      })
    })

  program
    .command('opening')
    .description('查看期初余额及试算平衡')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--village <村编码>', '村编码')
    .option('--json', '以 JSON 输出')
    .action(async (o: VillageOpts) => {
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const v = await villageByCode(engine, session, o.village)
        const ob = await engine.invoke(session, 'opening.get', { villageId: v.id })
        if (o.json) return json(io, ob)
        if (ob.rows.length === 0) io.out('（没有期初余额）')
        else io.out(formatTable(['科目编码', '科目', '辅助核算', '方向', '期初余额'], ob.rows.map((r) => [r.code, r.path, r.auxItemName, r.side, amt(r.amount)])))
        const c = ob.check
        io.out(`借方合计 ${amt(c.totals.debit)}，贷方合计 ${amt(c.totals.credit)}：${c.balanced ? '借贷平衡' : `借贷不平衡，相差 ${amt(c.totals.difference)}`}${ob.locked ? '（已有记账凭证，期初余额已锁定）' : ''}`)
        for (const p of c.problems) io.out(`${p.severity === 'error' ? '错误' : '提示'}：${p.accountCode ? `${p.accountCode} ` : ''}${p.auxItemName ? `${p.auxItemName} ` : ''}${p.message}`)
      })
    })
}
