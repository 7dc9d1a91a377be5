import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import { checkWorkbook } from '../../core/campaign/fingerprint'
import { json } from '../common'
import type { CliIo } from '../io'

/**
 * `sanzi fingerprint FILE.xlsx`: recomputes the content fingerprint of a reported workbook (上报表) and compares
 * it with the one written in it — 未被改动 (exit 0) or 已被改动 and which sheet (exit 1). No database needed.
 */
export function registerFingerprintCommands(program: Command, io: CliIo): void {
  program
    .command('fingerprint')
    .description('校验上报表的内容指纹：重新计算并与表中记载的比较，说明是否在生成后被改动（未被改动退出码 0，否则 1）')
    .argument('<文件>', '上报表（.xlsx）')
    .option('--json', '以 JSON 输出')
    .action(async (file: string, o: { json?: boolean }) => {
      const path = resolve(file)
      if (!existsSync(path)) throw new AppError('NOT_FOUND', `文件不存在：${path}`)
      const check = await checkWorkbook(path)
      if (o.json) json(io, check)
      else io.out(`${path}\n${check.message}`)
      if (!check.ok) throw new AppError('VALIDATION', check.embedded === null ? '无法确认：没有内容指纹' : `已被改动${check.changedSheets.length ? `（工作表「${check.changedSheets.join('」「')}」）` : ''}`)
    })
}
