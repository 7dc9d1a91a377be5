import { Option, type Command } from 'commander'
import { readFileSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { AssetImportResult } from '../../../shared/api/registerTypes'
import type { ContractImportResult, ResourceImportResult } from '../../../shared/api/resourceTypes'
import type { ChartImportResult, ImportResultBase, OpeningImportResult, VoucherImportResult } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { formatFen, parseYuan } from '../../../shared/money'
import { periodLabel } from '../../../shared/periods'
import { issueText } from '../../core/ledger/imports/common'
import { json, signIn, villageByCode, withEngine, type UserOpt } from '../common'
import type { CliIo } from '../io'
import { formatTable } from '../table'

/**
 * `sanzi import chart|opening|vouchers|assets|resources|contracts FILE`: the same engine methods as the window's import dialogs. The whole
 * file is checked first; with any problem nothing is written and every problem is listed with its row and
 * column. `--preview` checks and shows what would be imported without writing.
 */
interface ImportOpts extends UserOpt {
  village: string
  preview?: boolean
  json?: boolean
}

const MAX_BYTES = 20 * 1024 * 1024

const KINDS = {
  chart: { method: 'import.chart', label: '科目表' },
  opening: { method: 'import.opening', label: '期初余额' },
  vouchers: { method: 'import.vouchers', label: '序时账' },
  assets: { method: 'import.assets', label: '固定资产卡片' },
  resources: { method: 'import.resources', label: '资源台账' },
  contracts: { method: 'import.contracts', label: '合同台账' },
} as const

type AnyImportResult = ChartImportResult | OpeningImportResult | VoucherImportResult | AssetImportResult | ResourceImportResult | ContractImportResult

const amt = (y: string): string => {
  const r = parseYuan(y)
  return r.ok ? formatFen(r.fen) : y
}

export function readImportFile(path: string): { fileName: string; contentBase64: string } {
  const full = resolve(path)
  let size: number
  try {
    const st = statSync(full)
    if (!st.isFile()) throw new AppError('VALIDATION', `「${path}」不是文件`)
    size = st.size
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('NOT_FOUND', `找不到文件「${path}」`)
  }
  if (size > MAX_BYTES) throw new AppError('VALIDATION', `文件过大（${Math.round(size / 1024 / 1024)} MB），单个文件不能超过 20 MB，请拆分后再导入`)
  return { fileName: basename(full), contentBase64: readFileSync(full).toString('base64') }
}

function header(io: CliIo, r: ImportResultBase): void {
  const where = r.format === 'csv' ? `CSV，${r.encoding ?? ''}编码` : r.sheet ? `工作表「${r.sheet}」` : ''
  io.out(`文件：${r.fileName}${where ? `（${where}${r.headerRow ? `，表头在第 ${r.headerRow} 行` : ''}）` : ''}`)
}

function details(io: CliIo, r: AnyImportResult): void {
  if (r.kind === 'assets') {
    io.out(`固定资产卡片 ${r.cards} 张：原值合计 ${amt(r.originalValue)}，累计折旧合计 ${amt(r.accumulated)}（截至 ${periodLabel(r.accumulatedAsOf)} 末）`)
  } else if (r.kind === 'resources') {
    io.out(`资源 ${r.parcels} 宗：面积合计 ${r.totalArea} 亩`)
  } else if (r.kind === 'contracts') {
    io.out(`合同 ${r.contracts} 份：合同金额合计 ${amt(r.amount)}；已收金额中账上匹配 ${amt(r.matched)}，建账前已收 ${amt(r.openingReceived)}`)
    for (const a of r.adjusted) io.out(`提示：合同 ${a.number} 按年租金和递增生成的收款计划合计 ${amt(a.generated)}，与合同金额 ${amt(a.amount)} 相差 ${amt(a.difference)}，差额计入最后一期`)
  } else if (r.kind === 'chart') {
    io.out(`科目 ${r.accounts} 个：新增明细科目 ${r.created} 个，已有 ${r.unchanged} 个`)
    if (r.createdCodes.length > 0) io.out(`新增：${r.createdCodes.slice(0, 30).join('、')}${r.createdCodes.length > 30 ? ' 等' : ''}`)
  } else if (r.kind === 'opening') {
    io.out(`期初余额 ${r.rows} 行：借方合计 ${amt(r.debit)}，贷方合计 ${amt(r.credit)}，${r.balanced ? '借贷平衡' : '借贷不平衡'}`)
  } else {
    io.out(`凭证 ${r.vouchers} 张，分录 ${r.lines} 行，借方合计 ${amt(r.debit)}，贷方合计 ${amt(r.credit)}`)
    if (r.firstDate) io.out(`日期：${r.firstDate} 至 ${r.lastDate}`)
    if (r.periods.length > 0) {
      io.out(formatTable(['期间', '凭证', '分录', '借方合计'], r.periods.map((p) => [periodLabel(p.period), p.vouchers, p.lines, amt(p.debit)])))
    }
  }
  for (const n of r.notices) io.out(`提示：${n}`)
}

export function registerImportCommands(program: Command, io: CliIo): void {
  const cmd = program.command('import').description('导入科目表、期初余额、序时账、固定资产、资源、合同（先检查整个文件，有任何问题都不写入）')
  for (const [name, kind] of Object.entries(KINDS)) {
    cmd
      .command(name)
      .description(`导入${kind.label}${name === 'vouchers' ? '：生成草稿凭证，审核后记账' : ''}`)
      .argument('<文件>', '.xlsx 工作簿或 .csv 文件（UTF-8 或 GBK）')
      .addOption(new Option('--db <文件>', '账套文件（.db）').makeOptionMandatory())
      .addOption(new Option('--as <用户名>', '操作人（密码取自环境变量 SANZI_PASSWORD，否则在终端询问）'))
      .requiredOption('--village <村编码>', '村编码')
      .option('--preview', '只检查并预览，不写入')
      .option('--json', '以 JSON 输出')
      .action(async (path: string, o: ImportOpts) => {
        const file = readImportFile(path)
        await withEngine(o.db, async (engine) => {
          const { session } = await signIn(engine, io, o.as)
          const v = await villageByCode(engine, session, o.village)
          const r = (await engine.invoke(session, kind.method, { villageId: v.id, file, commit: !o.preview })) as AnyImportResult
          if (o.json) json(io, r)
          else {
            header(io, r)
            details(io, r)
          }
          if (r.errorCount > 0) {
            if (!o.json) for (const e of r.errors) io.err(`  - ${issueText(e)}`)
            const more = r.errorCount > r.errors.length ? `（仅列出前 ${r.errors.length} 处）` : ''
            throw new AppError('VALIDATION', `检查发现 ${r.errorCount} 处问题${more}，文件不能导入；改正后再试`)
          }
          if (o.json) return
          if (!r.committed) io.out(`检查通过，未写入（预览）。去掉 --preview 即正式导入`)
          else if (r.kind === 'vouchers') io.out(`已导入：生成草稿凭证 ${r.vouchers} 张（导入批次 ${r.batchId}），请审核后记账`)
          else if (r.kind === 'opening') io.out(`已导入期初余额 ${r.rows} 行（导入批次 ${r.batchId}）`)
          else if (r.kind === 'assets') io.out(`已导入固定资产卡片 ${r.cards} 张（导入批次 ${r.batchId}）`)
          else if (r.kind === 'resources') io.out(`已导入资源 ${r.parcels} 宗（导入批次 ${r.batchId}）`)
          else if (r.kind === 'contracts') io.out(`已导入合同 ${r.contracts} 份（导入批次 ${r.batchId}）`)
          else io.out(`已导入科目表：新增 ${r.created} 个明细科目（导入批次 ${r.batchId}）`)
        })
      })
  }
}
