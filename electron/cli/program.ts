import { Command, CommanderError, Option } from 'commander'
import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { UserSummary } from '../../shared/api/types'
import { AppError } from '../../shared/errors'
import { ROLE_LABELS, ROLES } from '../../shared/roles'
import type { Session } from '../core/context'
import { backupTo } from '../core/db/backup'
import { verifyDatabaseFile } from '../core/db/verify'
import { APP_VERSION, Engine } from '../core/engine'
import { exportAuditLog, exportUsers, exportVillageRoster, methodTitle } from '../core/io/exports'
import type { CliIo } from './io'
import { json, parseLevel, parseRole, password, signIn, villageByCode, villageLine, withEngine, type UserOpt } from './common'
import { registerCommands } from './commands'
import { exportRegistersCommand } from './commands/registers'
import { formatTable } from './table'

export const DEMO_PASSWORD = 'Demo2024'

/** Commander's own refusals, in the users' language. */
const COMMANDER_MESSAGES: Record<string, (e: CommanderError) => string> = {
  'commander.unknownOption': (e) => `未知的选项：${e.message.match(/'([^']+)'/)?.[1] ?? ''}。用 --help 查看可用选项`,
  'commander.unknownCommand': (e) => `未知的命令：${e.message.match(/'([^']+)'/)?.[1] ?? ''}。用 sanzi --help 查看命令`,
  'commander.missingMandatoryOptionValue': (e) => `缺少必填选项：${e.message.match(/'([^']+)'/)?.[1] ?? ''}`,
  'commander.optionMissingArgument': (e) => `选项缺少取值：${e.message.match(/'([^']+)'/)?.[1] ?? ''}`,
  'commander.missingArgument': (e) => `缺少参数：${e.message.match(/'([^']+)'/)?.[1] ?? ''}`,
  'commander.excessArguments': () => '参数过多，请检查命令',
  'commander.invalidArgument': (e) => `参数取值不正确：${e.message}`,
}

interface DbOpt {
  db: string
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0
      const translate = COMMANDER_MESSAGES[e.code]
      io.err(`错误：${translate ? translate(e) : e.message}`)
      return 2
    }
    if (e instanceof AppError) {
      io.err(`错误：${e.message}`)
      for (const issue of e.details?.issues ?? []) if (issue.message !== e.message) io.err(`  - ${issue.message}`)
      return 1
    }
    io.err(`错误：${(e as Error).message ?? String(e)}`)
    return 1
  }
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('sanzi')
  program
    .description('三资台账命令行：建账套、管村和用户、校验和备份账套、生成演示数据')
    .version(APP_VERSION, '-V, --version', '显示版本')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined })
    .showHelpAfterError(false)

  const dbOption = () => new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory()
  const asOption = () => new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）')

  program
    .command('init')
    .description('新建代理中心账套和首位管理员')
    .addOption(dbOption())
    .requiredOption('--agency <名称>', '会计代理服务中心名称')
    .option('--district <区县>', '所在区县', '未填写')
    .requiredOption('--admin <用户名>', '管理员用户名')
    .option('--admin-name <姓名>', '管理员姓名', '系统管理员')
    .action(async (o: DbOpt & { agency: string; district: string; admin: string; adminName: string }) => {
      if (existsSync(o.db)) throw new AppError('CONFLICT', `文件「${o.db}」已存在，不会覆盖；请换一个文件名`)
      const pw = await password(io, 'SANZI_PASSWORD', '管理员密码：')
      await withEngine(
        o.db,
        async (engine) => {
          const admin = await engine.invoke(engine.createSession(), 'setup.initialize', {
            agencyName: o.agency,
            district: o.district,
            admin: { username: o.admin, displayName: o.adminName, password: pw },
          })
          io.out(`已建立账套：${resolve(o.db)}\n代理中心：${o.agency}\n管理员：${admin.username}`)
        },
        true,
      ).catch((e: unknown) => {
        // a refused set-up must not leave a half-made file behind
        for (const s of ['', '-wal', '-shm']) rmSync(`${o.db}${s}`, { force: true })
        throw e
      })
    })

  const village = program.command('village').description('村（组）集体经济组织')
  village
    .command('add')
    .description('新增村或组')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--code <编码>', '村编码')
    .requiredOption('--name <名称>', '单位名称')
    .option('--uscc <代码>', '统一社会信用代码')
    .option('--level <级次>', '村级(village) 或 组级(group)', 'village')
    .option('--parent <村编码>', '组级的上级村编码')
    .option('--chart <版本>', '会计制度 2023 或 2004', '2023')
    .requiredOption('--start <YYYY-MM>', '建账期间')
    .option('--contact <姓名>', '联系人')
    .option('--phone <电话>', '联系电话')
    .option('--address <地址>', '地址')
    .option('--json', '以 JSON 输出')
    .action(async (o: UserOpt & Record<string, string | boolean | undefined>) => {
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const parentId = typeof o.parent === 'string' ? (await villageByCode(engine, session, o.parent)).id : null
        const v = await engine.invoke(session, 'village.create', {
          code: String(o.code),
          name: String(o.name),
          uscc: typeof o.uscc === 'string' ? o.uscc : null,
          level: parseLevel(String(o.level)),
          parentId,
          chartVersion: String(o.chart) as '2023' | '2004',
          startPeriod: String(o.start),
          contactPerson: typeof o.contact === 'string' ? o.contact : null,
          contactPhone: typeof o.phone === 'string' ? o.phone : null,
          address: typeof o.address === 'string' ? o.address : null,
        })
        if (o.json) json(io, v)
        else io.out(`已新增：${v.code} ${v.name}`)
      })
    })
  village
    .command('list')
    .description('列出村和组')
    .addOption(dbOption())
    .addOption(asOption())
    .option('--search <关键字>', '按名称、编码或信用代码查找')
    .option('--all', '包括已停用的')
    .option('--json', '以 JSON 输出')
    .action(async (o: UserOpt & { search?: string; all?: boolean; json?: boolean }) => {
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const list = await engine.invoke(session, 'village.list', { search: o.search ?? null, includeDisabled: Boolean(o.all) })
        if (o.json) return json(io, list)
        if (list.length === 0) return io.out('（没有村）')
        io.out(formatTable(['编码', '名称', '级次', '上级村', '统一社会信用代码', '制度', '建账期间', '状态'], list.map(villageLine)))
      })
    })
  for (const [name, status, label] of [
    ['disable', 'disabled', '停用'],
    ['enable', 'active', '启用'],
  ] as const) {
    village
      .command(name)
      .description(`${label}村或组`)
      .argument('<村编码>')
      .addOption(dbOption())
      .addOption(asOption())
      .action(async (code: string, o: UserOpt) => {
        await withEngine(o.db, async (engine) => {
          const { session } = await signIn(engine, io, o.as)
          const v = await villageByCode(engine, session, code)
          await engine.invoke(session, 'village.setStatus', { villageId: v.id, status })
          io.out(`已${label}：${v.code} ${v.name}`)
        })
      })
  }

  const user = program.command('user').description('用户和岗位')
  user
    .command('add')
    .description('新增用户（新用户密码取自环境变量 SANZI_NEW_PASSWORD，否则在终端询问）')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--username <用户名>', '登录名')
    .requiredOption('--name <姓名>', '姓名')
    .requiredOption('--role <岗位>', `岗位：${ROLES.map((r) => `${ROLE_LABELS[r]}(${r})`).join('、')}`)
    .option('--villages <村编码>', '所管村编码，逗号分隔；all 表示全部村')
    .option('--json', '以 JSON 输出')
    .action(async (o: UserOpt & { username: string; name: string; role: string; villages?: string; json?: boolean }) => {
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const all = o.villages?.trim().toLowerCase() === 'all'
        const codes = !o.villages || all ? [] : o.villages.split(/[,，、\s]+/).filter(Boolean)
        const villageIds: number[] = []
        for (const code of codes) villageIds.push((await villageByCode(engine, session, code)).id)
        const pw = await password(io, 'SANZI_NEW_PASSWORD', `新用户 ${o.username} 的密码：`)
        const u = await engine.invoke(session, 'user.create', {
          username: o.username,
          displayName: o.name,
          role: parseRole(o.role),
          password: pw,
          allVillages: all,
          villageIds,
        })
        if (o.json) json(io, u)
        else io.out(`已新增用户：${u.username}（${u.displayName}，${ROLE_LABELS[u.role]}）`)
      })
    })
  user
    .command('list')
    .description('列出用户')
    .addOption(dbOption())
    .addOption(asOption())
    .option('--json', '以 JSON 输出')
    .action(async (o: UserOpt & { json?: boolean }) => {
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        const users = await engine.invoke(session, 'user.list', { includeDisabled: true })
        if (o.json) return json(io, users)
        const names = await villageNames(engine, session)
        io.out(
          formatTable(
            ['用户名', '姓名', '岗位', '所管村', '状态'],
            users.map((u) => [u.username, u.displayName, ROLE_LABELS[u.role], villagesOf(u, names), u.status === 'active' ? '启用' : '停用']),
          ),
        )
      })
    })

  const audit = program.command('audit').description('操作日志')
  audit
    .command('list')
    .description('查询操作日志')
    .addOption(dbOption())
    .addOption(asOption())
    .option('--user <用户名>', '操作人')
    .option('--village <村编码>', '村')
    .option('--from <YYYY-MM-DD>', '开始日期')
    .option('--to <YYYY-MM-DD>', '结束日期')
    .option('--limit <行数>', '最多行数', '100')
    .option('--json', '以 JSON 输出')
    .action(async (o: UserOpt & { user?: string; village?: string; from?: string; to?: string; limit: string; json?: boolean }) => {
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        let userId: number | undefined
        if (o.user) {
          const users = await engine.invoke(session, 'user.list', { includeDisabled: true })
          const u = users.find((x) => x.username === o.user)
          if (!u) throw new AppError('NOT_FOUND', `找不到用户「${o.user}」`)
          userId = u.id
        }
        const villageId = o.village ? (await villageByCode(engine, session, o.village)).id : undefined
        const limit = Number(o.limit)
        if (!Number.isInteger(limit) || limit < 1) throw new AppError('VALIDATION', '「--limit」必须是正整数')
        const page = await engine.invoke(session, 'audit.list', { userId, villageId, from: o.from, to: o.to, limit })
        if (o.json) return json(io, page)
        io.out(`共 ${page.total} 条，显示 ${page.rows.length} 条`)
        io.out(
          formatTable(
            ['序号', '时间', '操作人', '村', '操作', '内容'],
            page.rows.map((r) => [r.seq, r.at.slice(0, 19).replace('T', ' '), r.userName, r.villageName, methodTitle(r.method), r.summary.action]),
          ),
        )
      })
    })

  program
    .command('verify')
    .description('校验账套：完整性检查、外键、操作日志链（只读，不改动文件）')
    .addOption(dbOption())
    .option('--json', '以 JSON 输出')
    .action(async (o: DbOpt & { json?: boolean }) => {
      const r = await verifyDatabaseFile(resolve(o.db))
      if (o.json) json(io, r)
      else {
        io.out(`账套：${r.path}`)
        io.out(`账套版本：${r.schemaVersion ?? '—'}`)
        io.out(`完整性检查：${r.quickCheck.length === 0 ? '未执行' : r.quickCheck.join('；')}`)
        io.out(`外键检查：${r.foreignKeyViolations === 0 ? '通过' : `${r.foreignKeyViolations} 处问题`}`)
        if (r.audit) io.out(`操作日志链：${r.audit.ok ? `通过（${r.audit.checked} 条，链头 ${r.audit.headHash ?? '—'}）` : `失败 —— ${r.audit.firstBad?.reason ?? ''}`}`)
        if (r.schemaVersion !== null && r.schemaVersion >= 2) io.out(`已记账凭证指纹：核对 ${r.vouchersChecked} 张`)
        io.out(r.ok ? '结论：通过' : `结论：未通过\n${r.problems.map((p) => `  - ${p}`).join('\n')}`)
      }
      if (!r.ok) throw new VerifyFailed()
    })

  program
    .command('backup')
    .description('在线备份账套到新文件，并校验备份')
    .addOption(dbOption())
    .requiredOption('--to <文件>', '备份文件（不能已存在）')
    .action(async (o: DbOpt & { to: string }) => {
      await withEngine(o.db, async (engine) => {
        const r = await engine.db.connection().execute(() => backupTo(engine.sqlite, resolve(o.to)))
        io.out(`已备份并校验：${r.path}（${r.bytes} 字节）`)
      })
    })

  program
    .command('export')
    .description('导出工作簿：villages 村名册、users 用户、audit 操作日志、registers 三资明白台账')
    .argument('<内容>', 'villages | users | audit | registers')
    .addOption(dbOption())
    .addOption(asOption())
    .requiredOption('--out <文件.xlsx>', '输出文件')
    .option('--village <村编码>', 'registers：村编码')
    .option('--date <YYYY-MM-DD>', 'registers：台账日期')
    .action(async (what: string, o: UserOpt & { out: string; village?: string; date?: string }) => {
      if (what === 'registers') return exportRegistersCommand(io, o)
      if (!['villages', 'users', 'audit'].includes(what)) throw new AppError('VALIDATION', `不能导出「${what}」，可选 villages、users、audit、registers`)
      await withEngine(o.db, async (engine) => {
        const { session } = await signIn(engine, io, o.as)
        await exportAll(engine, session, what as 'villages' | 'users' | 'audit', resolve(o.out))
        io.out(`已导出：${resolve(o.out)}`)
      })
    })

  program
    .command('demo')
    .description(`生成演示账套（演示用户密码取自 SANZI_PASSWORD，默认 ${DEMO_PASSWORD}）并导出工作簿`)
    .addOption(dbOption())
    .option('--villages <个数>', '村的个数', '5')
    .option('--out <目录>', '工作簿输出目录')
    .option('--force', '覆盖已存在的演示账套')
    .action(async (o: DbOpt & { villages: string; out?: string; force?: boolean }) => {
      const n = Number(o.villages)
      if (!Number.isInteger(n) || n < 1 || n > 200) throw new AppError('VALIDATION', '「--villages」应为 1 到 200 的整数')
      if (existsSync(o.db)) {
        if (!o.force) throw new AppError('CONFLICT', `文件「${o.db}」已存在；加 --force 覆盖`)
        for (const s of ['', '-wal', '-shm']) rmSync(`${o.db}${s}`, { force: true })
      }
      const pw = io.env.SANZI_PASSWORD || DEMO_PASSWORD
      await withEngine(
        o.db,
        async (engine) => {
          const session = engine.createSession()
          await engine.invoke(session, 'setup.loadDemo', { villages: n, password: pw })
          const villages = await engine.invoke(session, 'village.list', { includeDisabled: true })
          io.out(`已生成演示账套：${resolve(o.db)}（${villages.length} 个村/组；用户 admin、zhuguan、jizhang1、jizhang2、chuna、shenhe、shenji，密码 ${pw}）`)
          if (o.out) {
            for (const what of ['villages', 'users', 'audit'] as const) {
              const file = resolve(join(o.out, `演示-${EXPORT_NAMES[what]}.xlsx`))
              await exportAll(engine, session, what, file)
              io.out(`已导出：${file}`)
            }
          }
        },
        true,
      )
    })

  registerCommands(program, io)
  return program
}

const EXPORT_NAMES = { villages: '村名册', users: '用户', audit: '操作日志' } as const

class VerifyFailed extends AppError {
  constructor() {
    super('STATE', '账套校验未通过')
  }
}

async function villageNames(engine: Engine, session: Session): Promise<Map<number, string>> {
  const list = await engine.invoke(session, 'village.list', { includeDisabled: true })
  return new Map(list.map((v) => [v.id, v.name]))
}

function villagesOf(u: UserSummary, names: Map<number, string>): string {
  if (u.allVillages || u.role === 'admin') return '全部村'
  return u.villageIds.map((id) => names.get(id) ?? `#${id}`).join('、')
}

async function exportAll(engine: Engine, session: Session, what: 'villages' | 'users' | 'audit', file: string): Promise<void> {
  const status = await engine.invoke(session, 'system.status', {})
  const agency = status.agency?.name ?? ''
  if (what === 'villages') {
    await exportVillageRoster(file, agency, await engine.invoke(session, 'village.list', { includeDisabled: true }))
  } else if (what === 'users') {
    await exportUsers(file, agency, await engine.invoke(session, 'user.list', { includeDisabled: true }), await villageNames(engine, session))
  } else {
    const rows = []
    for (let offset = 0; ; offset += 1000) {
      const page = await engine.invoke(session, 'audit.list', { offset, limit: 1000 })
      rows.push(...page.rows)
      if (rows.length >= page.total || page.rows.length === 0) break
    }
    const verify = await engine.invoke(session, 'audit.verify', {})
    await exportAuditLog(file, agency, rows, verify.headHash)
  }
}
