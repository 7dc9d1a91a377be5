import { resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { BOARD_STEP_FILTERS, NO_CAMPAIGN_LABEL, type BoardStepFilter, type CampaignBoard } from '../../../shared/api/campaignBoardTypes'
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS } from '../../../shared/api/campaignTypes'
import { AppError } from '../../../shared/errors'
import { isValidDate } from '../../../shared/periods'
import { json, signIn, withEngine, type UserOpt } from '../common'
import type { CliIo } from '../io'
import { formatTable } from '../table'

/**
 * The district board and the roll-up workbook from the command line (issue 5 §8, §10):
 * `sanzi campaign board --db F [--date D] [--step S] [--overdue] [--deadline D] [--json]` and
 * `sanzi campaign rollup --db F --date YYYY-MM-DD --out FILE.xlsx` — both over the villages the user manages.
 */
const dbOption = () => new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory()
const asOption = () => new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）')
const stepText = (s: BoardStepFilter) => (s === 'none' ? NO_CAMPAIGN_LABEL : CAMPAIGN_STEP_LABELS[s])

function dateOf(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined
  if (!isValidDate(text)) throw new AppError('VALIDATION', `「${name}」应为 YYYY-MM-DD 的有效日期，而不是「${text}」`)
  return text
}

/** a step by its Chinese name or code; 未发起 (none) for villages without a campaign */
export function parseBoardStep(text: string): BoardStepFilter {
  const t = text.trim()
  const step = BOARD_STEP_FILTERS.find((s) => s === t || stepText(s) === t)
  if (!step) throw new AppError('VALIDATION', `未知的步骤「${t}」，可选：${BOARD_STEP_FILTERS.map(stepText).join('、')}`)
  return step
}

export function boardText(b: CampaignBoard): string {
  const rows = b.rows.map((r) => [
    r.villageCode,
    r.villageName,
    r.campaign?.asOf ?? '',
    r.reported ? `${r.stepLabel}（已上报）` : r.stepLabel,
    r.enteredOn,
    r.daysInStep === null ? '' : `${r.daysInStep}${r.allowanceDays === null || r.reported ? '' : `/${r.allowanceDays}`}`,
    r.overdueReason ?? '',
  ])
  const t = b.totals
  const counts = [`${NO_CAMPAIGN_LABEL} ${t.none}`, ...CAMPAIGN_STEPS.map((s) => `${CAMPAIGN_STEP_LABELS[s]} ${t.steps[s]}`)].join('，')
  return [
    `清查总览  截至 ${b.today}${b.asOf ? `  基准日 ${b.asOf}` : ''}${b.deadline ? `  区定期限 ${b.deadline}` : ''}`,
    rows.length ? formatTable(['村编码', '村名', '基准日', '当前步骤', '进入日期', '已用天数', '逾期'], rows) : '（没有符合条件的村）',
    `共 ${t.villages} 个村：${counts}；已上报 ${t.reported}，逾期 ${t.overdue}${b.rows.length === t.villages ? '' : `（按条件列出 ${b.rows.length} 个）`}`,
  ].join('\n')
}

interface BoardOpts extends UserOpt {
  date?: string
  step?: BoardStepFilter
  overdue?: boolean
  deadline?: string
  json?: boolean
}

/** Adds `board` and `rollup` under `sanzi campaign`. */
export function registerCampaignBoardCommands(campaign: Command, io: CliIo): void {
  campaign
    .command('board')
    .description('清查总览：所管各村的清查步骤、进入日期、已用天数和逾期（已用天数为“天数/时限”）')
    .addOption(dbOption())
    .addOption(asOption())
    .option('--date <YYYY-MM-DD>', '只看该基准日的清查（默认各村最近一次）')
    .option(`--step <步骤>`, `只看某一步骤：${BOARD_STEP_FILTERS.map(stepText).join('、')}`, parseBoardStep)
    .option('--overdue', '只看逾期的村')
    .option('--deadline <YYYY-MM-DD>', '区定期限：过期仍未上报的村都算逾期')
    .option('--json', '以 JSON 输出')
    .action(async (o: BoardOpts) => {
      const asOf = dateOf(o.date, '--date')
      const deadline = dateOf(o.deadline, '--deadline')
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const b = await engine.invoke(session, 'campaign.board', { asOf, step: o.step, overdueOnly: o.overdue === true, deadline })
        if (o.json) return json(io, b)
        io.out(boardText(b))
      })
    })

  campaign
    .command('rollup')
    .description('导出清产核资汇总表（资产负债汇总、分村汇总、资源汇总），供财政分局')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--date <YYYY-MM-DD>', '清查基准日')
    .requiredOption('--out <文件.xlsx>', '导出文件')
    .action(async (o: UserOpt & { date: string; out: string }) => {
      const asOf = dateOf(o.date, '--date') as string
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const r = await engine.invoke(session, 'campaign.rollup', { asOf, to: resolve(o.out) })
        io.out(`已导出：${r.path}（汇总 ${r.villages} 个村，未发起或仍在清理 ${r.notSummed} 个；${r.rows} 行）`)
      })
    })
}
