import { resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { AppError } from '../../../shared/errors'
import { formatFen, parseYuan } from '../../../shared/money'
import { isValidDate, isValidPeriod, periodLabel } from '../../../shared/periods'
import { json, signIn, villageByCode, withEngine, type UserOpt } from '../common'
import type { CliIo } from '../io'
import { formatTable } from '../table'

/**
 * The 三资 registers from the command line: `sanzi depreciate` (the month's depreciation run, drafting its
 * voucher), `sanzi reconcile` (registers against the books at a date; exit code 1 when something differs) and
 * `sanzi export registers` (the 三资明白台账 workbook; wired into the foundation's `export` command).
 */
interface VillageOpts extends UserOpt {
  village: string
}

const dbOption = () => new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory()
const asOption = () => new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）')
const amt = (y: string): string => {
  const r = parseYuan(y)
  return r.ok ? formatFen(r.fen) : y
}

function dateOption(text: string | undefined, name = '--date'): string {
  if (text === undefined) throw new AppError('VALIDATION', `请用 ${name} YYYY-MM-DD 指明日期`)
  if (!isValidDate(text)) throw new AppError('VALIDATION', `「${name}」应为 YYYY-MM-DD 的有效日期，而不是「${text}」`)
  return text
}

class Unreconciled extends AppError {
  constructor(n: number) {
    super('STATE', `台账与账簿有 ${n} 项不符`)
  }
}

/** `sanzi export registers --db F --village CODE --date YYYY-MM-DD --out FILE.xlsx` */
export async function exportRegistersCommand(io: CliIo, o: UserOpt & { village?: string; date?: string; out: string }): Promise<void> {
  if (!o.village) throw new AppError('VALIDATION', '导出三资明白台账请用 --village 指明村编码')
  const date = dateOption(o.date)
  await withEngine(o.db, async (engine) => {
    const { session } = await signIn(engine, io, o.as)
    const village = await villageByCode(engine, session, o.village as string)
    const r = await engine.invoke(session, 'register.export', { villageId: village.id, date, to: resolve(o.out) })
    io.out(`已导出：${r.path}（${r.sheets.join('、')}，${r.rows} 行）\n数据指纹（SHA-256）：${r.fingerprint}`)
  })
}

export function registerRegisterCommands(program: Command, io: CliIo): void {
  program
    .command('depreciate')
    .description('计提一个月的固定资产折旧，生成凭证草稿（每月一次，按月份顺序）')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--village <村编码>', '村编码')
    .requiredOption('--period <YYYY-MM>', '计提期间')
    .option('--json', '以 JSON 输出')
    .action(async (o: VillageOpts & { period: string; json?: boolean }) => {
      if (!isValidPeriod(o.period)) throw new AppError('VALIDATION', `「--period」应为 YYYY-MM，而不是「${o.period}」`)
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const village = await villageByCode(engine, session, o.village)
        const run = await engine.invoke(session, 'depreciation.run', { villageId: village.id, period: o.period })
        if (o.json) return json(io, run)
        io.out(`${village.name} ${periodLabel(run.period)} 计提折旧 ${amt(run.total)} 元，${run.assets} 张卡片${run.voucherId === null ? '（无应提折旧，未生成凭证）' : `，凭证：${run.voucherLabel ?? '草稿'}（id ${run.voucherId}）`}`)
      })
    })

  program
    .command('reconcile')
    .description('台账与账簿核对：固定资产、累计折旧、银行账户、库存物资、生物资产、长期投资……（有不符时退出码为 1）')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--village <村编码>', '村编码')
    .requiredOption('--date <YYYY-MM-DD>', '核对日期')
    .option('--json', '以 JSON 输出（金额为“元”字符串）')
    .action(async (o: VillageOpts & { date: string; json?: boolean }) => {
      const date = dateOption(o.date)
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const village = await villageByCode(engine, session, o.village)
        const r = await engine.invoke(session, 'register.reconcile', { villageId: village.id, date })
        const bad = r.checks.filter((c) => !c.ok)
        if (o.json) json(io, r)
        else {
          io.out(`台账与账簿核对  ${village.name}  截至 ${date}`)
          io.out(formatTable(['核对项目', '台账数', '账面数', '差额', '结果'], r.checks.map((c) => [c.title, amt(c.register), amt(c.books), amt(c.difference), c.ok ? '相符' : '不符'])))
          for (const c of bad) if (c.note) io.out(`  ✘ ${c.title}：${c.note}`)
          io.out(r.ok ? `结论：全部 ${r.checks.length} 项相符` : `结论：${bad.length} 项不符`)
        }
        if (!r.ok) throw new Unreconciled(bad.length)
      })
    })
}
