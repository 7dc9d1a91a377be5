import { resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { CAMPAIGN_STEP_LABELS, MEMBER_UNIT_LABELS, MEMBER_UNITS, type CampaignMember, type CampaignStatus, type CampaignStepEntry } from '../../../shared/api/campaignTypes'
import { AppError } from '../../../shared/errors'
import { isValidDate } from '../../../shared/periods'
import type { Session } from '../../core/context'
import type { Engine } from '../../core/engine'
import { json, signIn, villageByCode, withEngine, type UserOpt } from '../common'
import type { CliIo } from '../io'
import { formatTable } from '../table'
import { registerCampaignBoardCommands } from './campaignBoard'

/**
 * 清查 from the command line: `sanzi campaign start|advance|back|status|report|reopen --db F --village CODE --date YYYY-MM-DD`.
 * A campaign is named by its village and as-of date; advance and back name the step they saw, so two people at
 * once never move it twice.
 */
interface CampaignOpts extends UserOpt {
  village: string
  date: string
  json?: boolean
}

const dbOption = () => new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory()
const asOption = () => new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）')

function checkDate(text: string): string {
  if (!isValidDate(text)) throw new AppError('VALIDATION', `「--date」应为 YYYY-MM-DD 的有效日期，而不是「${text}」`)
  return text
}

/** `姓名,单位,职责`, the unit by its Chinese name (区纪工委、财政分局、会计代理服务中心、村) or code */
export function parseMember(text: string, all: CampaignMember[] = []): CampaignMember[] {
  const parts = text.split(/[,，]/).map((s) => s.trim())
  const units = MEMBER_UNITS.map((u) => MEMBER_UNIT_LABELS[u]).join('、')
  if (parts.length !== 3 || parts.some((p) => p === '')) throw new AppError('VALIDATION', `「--member」应为“姓名,单位,职责”，例如“孙立军,区纪工委,组长”，而不是「${text}」`)
  const [name, unitText, role] = parts as [string, string, string]
  const unit = MEMBER_UNITS.find((u) => u === unitText || MEMBER_UNIT_LABELS[u] === unitText)
  if (!unit) throw new AppError('VALIDATION', `未知的单位「${unitText}」，可选：${units}`)
  return [...all, { name, unit, role }]
}

async function findCampaign(engine: Engine, session: Session, villageId: number, date: string): Promise<number> {
  const list = await engine.invoke(session, 'campaign.list', { villageId })
  const c = list.find((x) => x.asOf === date)
  if (!c) throw new AppError('NOT_FOUND', `本村没有基准日为 ${date} 的清查${list.length ? `（已有：${list.map((x) => x.asOf).join('、')}）` : ''}，请先用 sanzi campaign start 发起`)
  return c.id
}

/** Signs in, finds the campaign of `--village` and `--date`, and runs `fn` with it. */
async function withCampaign(io: CliIo, o: CampaignOpts, fn: (c: { engine: Engine; session: Session; ref: { villageId: number; campaignId: number } }) => Promise<void>): Promise<void> {
  const date = checkDate(o.date)
  await withEngine(o.db, async (engine) => {
    const { session } = await signIn(engine, io, o.as)
    const village = await villageByCode(engine, session, o.village)
    await fn({ engine, session, ref: { villageId: village.id, campaignId: await findCampaign(engine, session, village.id, date) } })
  })
}

function printStatus(io: CliIo, s: CampaignStatus): void {
  io.out(`清查  ${s.villageName}  基准日 ${s.asOf}  当前步骤：${s.stepLabel}${s.locked ? '（已上报锁定）' : ''}`)
  if (s.team.length) io.out(`工作组：${s.team.map((m) => `${m.name}（${MEMBER_UNIT_LABELS[m.unit]}，${m.role}）`).join('、')}`)
  if (s.snapshot) io.out(`账面数快照：第 ${s.snapshot.take} 次冻结，${s.snapshot.takenAt.slice(0, 19).replace('T', ' ')}，${s.snapshot.takenBy}；科目余额 ${s.snapshot.accounts} 行，台账项目 ${s.snapshot.items} 项`)
  if (s.snapshot) io.out(`登记：在 ${s.progress.found} 项，不在 ${s.progress.missing} 项，未登记 ${s.progress.unmarked} 项，盘盈 ${s.progress.surplus} 项`)
  if (s.notice) io.out(`公示：${s.notice.from} 至 ${s.notice.to}（${s.notice.days} 天），${s.notice.place}${s.notice.ended ? '，已期满' : '，公示中'}`)
  for (const o of s.objections) io.out(`异议：${o.receivedOn} ${o.fromName}：${o.content}${o.resolution ? `；处理结果：${o.resolution}` : '（未处理）'}`)
  if (s.confirmation) io.out(`确认：${s.confirmation.bodyLabel} ${s.confirmation.meetingOn}，参会 ${s.confirmation.attendees.length} 人；决议：${s.confirmation.resolution}`)
  for (const r of s.reports) {
    io.out(`上报第 ${r.version} 版：${r.reportedAt.slice(0, 19).replace('T', ' ')} ${r.reportedBy}，内容指纹 ${r.fingerprint}${r.reopened ? `；${r.reopened.at.slice(0, 10)} 由 ${r.reopened.by} 重新打开：${r.reopened.reason}` : ''}`)
  }
  const dir = { start: '发起', forward: '进入', back: '退回' } as const
  const steps = (l: CampaignStepEntry) => `${l.from === null ? '' : `${CAMPAIGN_STEP_LABELS[l.from]} → `}${CAMPAIGN_STEP_LABELS[l.to]}`
  io.out(formatTable(['序号', '时间', '操作人', '动作', '步骤', '原因'], s.log.map((l) => [String(l.seq), l.at.slice(0, 19).replace('T', ' '), l.userName, dir[l.direction], steps(l), l.reason])))
  if (s.next) io.out(s.next.ready ? `下一步「${s.next.label}」：可以进入` : `下一步「${s.next.label}」：暂不能进入 — ${s.next.blockers.join('；')}`)
}

export function registerCampaignCommands(program: Command, io: CliIo): void {
  const campaign = program.command('campaign').description('清产核资：清查的发起、推进、退回与进度（清理 → 登记 → 核实 → 公示 → 确认 → 上报）')
  const common = (c: Command) =>
    c
      .addOption(dbOption())
      .addOption(asOption())
      .requiredOption('--village <村编码>', '村编码')
      .requiredOption('--date <YYYY-MM-DD>', '清查基准日（通常为 12 月 31 日）')
      .option('--json', '以 JSON 输出')

  common(campaign.command('start').description('发起清查（从“清理”开始）'))
    .option('--member <姓名,单位,职责>', '工作组成员，可重复；单位：区纪工委、财政分局、会计代理服务中心、村', parseMember, [])
    .option('--note <备注>', '备注')
    .action(async (o: CampaignOpts & { member: CampaignMember[]; note?: string }) => {
      const date = checkDate(o.date)
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const village = await villageByCode(engine, session, o.village)
        const s = await engine.invoke(session, 'campaign.start', { villageId: village.id, asOf: date, team: o.member, note: o.note ?? null })
        if (o.json) return json(io, s)
        io.out(`已发起清查：${village.name}，基准日 ${date}`)
        printStatus(io, s)
      })
    })

  common(campaign.command('advance').description('进入下一步（守则不满足时说明原因，退出码非 0）')).action(async (o: CampaignOpts) => {
    await withCampaign(io, o, async ({ engine, session, ref }) => {
      const before = await engine.invoke(session, 'campaign.status', ref)
      const s = await engine.invoke(session, 'campaign.advance', { ...ref, from: before.step })
      if (o.json) return json(io, s)
      io.out(`清查由「${before.stepLabel}」进入「${s.stepLabel}」`)
      printStatus(io, s)
    })
  })

  common(campaign.command('back').description('退回上一步（须说明原因，记入步骤记录）'))
    .requiredOption('--reason <原因>', '退回原因')
    .action(async (o: CampaignOpts & { reason: string }) => {
      await withCampaign(io, o, async ({ engine, session, ref }) => {
        const before = await engine.invoke(session, 'campaign.status', ref)
        const s = await engine.invoke(session, 'campaign.back', { ...ref, from: before.step, reason: o.reason })
        if (o.json) return json(io, s)
        io.out(`清查由「${before.stepLabel}」退回「${s.stepLabel}」：${o.reason}`)
        printStatus(io, s)
      })
    })

  common(campaign.command('report').description('上报：在“上报”步骤生成上报表（含内容指纹）并锁定清查；已上报的清查导出保留的版本'))
    .requiredOption('--out <文件.xlsx>', '上报表保存位置')
    .option('--report-version <版本>', '已上报的清查：导出第几版（默认最新一版）', (v: string) => {
      if (!/^[1-9]\d{0,5}$/.test(v)) throw new AppError('VALIDATION', `「--report-version」应为正整数，而不是「${v}」`)
      return Number(v)
    })
    .action(async (o: CampaignOpts & { out: string; reportVersion?: number }) => {
      await withCampaign(io, o, async ({ engine, session, ref }) => {
        const s = await engine.invoke(session, 'campaign.status', ref)
        const fresh = !s.locked && o.reportVersion === undefined
        if (fresh && s.step !== 'report') {
          throw new AppError('STATE', `清查在「${s.stepLabel}」步骤，还不能上报${s.next && !s.next.ready ? `：${s.next.blockers.join('；')}` : `（请先用 sanzi campaign advance 推进到“上报”）`}`)
        }
        const r = fresh ? await engine.invoke(session, 'campaign.report', { ...ref, to: resolve(o.out) }) : await engine.invoke(session, 'campaign.exportReport', { ...ref, version: o.reportVersion, to: resolve(o.out) })
        if (o.json) return json(io, r)
        io.out(fresh ? `已上报并锁定：第 ${r.version} 版上报表 ${r.path}（${r.rows} 行）` : `已导出第 ${r.version} 版上报表：${r.path}`)
        io.out(`内容指纹（SHA-256）：${r.fingerprint ?? ''}`)
      })
    })

  common(campaign.command('reopen').description('重新打开已上报的清查（仅主管会计；退回“确认”，已上报的版本保留）'))
    .requiredOption('--reason <原因>', '重新打开的原因')
    .action(async (o: CampaignOpts & { reason: string }) => {
      await withCampaign(io, o, async ({ engine, session, ref }) => {
        const s = await engine.invoke(session, 'campaign.reopen', { ...ref, reason: o.reason })
        if (o.json) return json(io, s)
        io.out(`已重新打开，清查回到「${s.stepLabel}」：${o.reason}`)
        printStatus(io, s)
      })
    })

  common(campaign.command('status').description('查看清查的当前步骤、步骤记录、登记进度和下一步的条件')).action(async (o: CampaignOpts) => {
    await withCampaign(io, o, async ({ engine, session, ref }) => {
      const s = await engine.invoke(session, 'campaign.status', ref)
      if (o.json) return json(io, s)
      printStatus(io, s)
    })
  })

  registerCampaignBoardCommands(campaign, io)
}
