import type { AuditVerifyReport } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { verifyAuditChain } from '../audit/log'
import { connect, toKysely } from './connection'
import { APPLICATION_ID, probeHeader } from './header'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { verifyBalances } from '../ledger/balances'
import { verifyVoucherIntegrity } from '../ledger/integrity'

export interface FileVerifyReport {
  ok: boolean
  path: string
  schemaVersion: number | null
  quickCheck: string[]
  foreignKeyViolations: number
  audit: AuditVerifyReport | null
  /** posted vouchers whose fingerprints were checked */
  vouchersChecked: number
  /** Chinese findings, empty when ok */
  problems: string[]
}

/**
 * The auditor's check of a book file, strictly read-only: header, quick_check, foreign keys and the audit
 * chain. It never migrates or writes, so it can be run on a copy handed over on a USB stick.
 */
export async function verifyDatabaseFile(path: string, options: { nativeBinding?: string } = {}): Promise<FileVerifyReport> {
  const report: FileVerifyReport = { ok: false, path, schemaVersion: null, quickCheck: [], foreignKeyViolations: 0, audit: null, vouchersChecked: 0, problems: [] }
  const probe = probeHeader(path)
  const fail = (msg: string) => {
    report.problems.push(msg)
    return report
  }
  if (probe.kind === 'missing') return fail('文件不存在')
  if (probe.kind === 'empty') return fail('文件是空的（0 字节）')
  if (probe.kind === 'not-sqlite') return fail('不是有效的账套文件')
  if (probe.kind === 'truncated') return fail(`文件被截断（应有 ${probe.expectedBytes} 字节，实际 ${probe.actualBytes} 字节）`)
  if (probe.header.applicationId !== APPLICATION_ID) return fail('不是三资台账的账套文件（文件标识不符）')
  report.schemaVersion = probe.header.userVersion
  if (probe.header.userVersion > LATEST_SCHEMA_VERSION) return fail(`账套版本 ${probe.header.userVersion} 高于本软件支持的版本 ${LATEST_SCHEMA_VERSION}`)

  let sqlite
  try {
    sqlite = connect(path, { readonly: true, ...options })
  } catch (e) {
    return fail(`无法打开：${(e as Error).message}`)
  }
  const db = toKysely(sqlite)
  try {
    report.quickCheck = (sqlite.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check)
    if (report.quickCheck.length !== 1 || report.quickCheck[0] !== 'ok') report.problems.push(`完整性检查未通过：${report.quickCheck.slice(0, 5).join('；')}`)
    report.foreignKeyViolations = (sqlite.pragma('foreign_key_check') as unknown[]).length
    if (report.foreignKeyViolations > 0) report.problems.push(`外键检查发现 ${report.foreignKeyViolations} 处引用不存在的记录`)
    if (probe.header.userVersion >= 1) {
      report.audit = await verifyAuditChain(db)
      if (!report.audit.ok && report.audit.firstBad) report.problems.push(`操作日志链校验失败：${report.audit.firstBad.reason}`)
    }
    if (probe.header.userVersion >= 2) {
      const vouchers = await verifyVoucherIntegrity(db)
      report.vouchersChecked = vouchers.checked
      report.problems.push(...vouchers.problems)
      const balances = await verifyBalances(db)
      report.problems.push(
        ...balances.differences.slice(0, 20).map((d) => `余额表与凭证不符：${d.period} ${d.accountCode} ${d.accountName} 借 ${d.storedDebit}≠${d.computedDebit} 贷 ${d.storedCredit}≠${d.computedCredit}`),
      )
    }
  } catch (e) {
    report.problems.push(e instanceof AppError ? e.message : `文件已损坏：${(e as Error).message}`)
  } finally {
    await db.destroy()
    if (sqlite.open) sqlite.close()
  }
  report.ok = report.problems.length === 0
  return report
}
