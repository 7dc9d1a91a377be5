import type { Kysely } from 'kysely'
import { voucherLabel } from '../../../shared/vouchers'
import type { Database } from '../db/schema'
import { voucherHash } from './vouchers'

export interface VoucherIntegrityReport {
  ok: boolean
  checked: number
  /** Chinese findings, first 100 */
  problems: string[]
}

/**
 * Every posted voucher against the fingerprint sealed at posting and against the one the audit chain
 * recorded: a voucher edited behind the triggers' back, or re-sealed after editing, shows up here.
 */
export async function verifyVoucherIntegrity(db: Kysely<Database>, villageId?: number): Promise<VoucherIntegrityReport> {
  const problems: string[] = []
  const sealed = new Map<number, string>()
  for (const entry of await db.selectFrom('audit_log').select('summary').where('method', '=', 'voucher.post').execute()) {
    const summary = JSON.parse(entry.summary) as { after?: { vouchers?: [number, string, string][] } }
    for (const [id, , hash] of summary.after?.vouchers ?? []) sealed.set(id, hash)
  }
  const codes = new Map((await db.selectFrom('account').select(['id', 'code']).execute()).map((a) => [a.id, a.code]))
  let checked = 0
  let lastId = 0
  for (;;) {
    let q = db.selectFrom('voucher').selectAll().where('status', '=', 'posted').where('id', '>', lastId).orderBy('id').limit(2000)
    if (villageId !== undefined) q = q.where('village_id', '=', villageId)
    const vouchers = await q.execute()
    if (vouchers.length === 0) break
    lastId = (vouchers[vouchers.length - 1] as (typeof vouchers)[number]).id
    const lines = await db
      .selectFrom('voucher_line')
      .selectAll()
      .where('voucher_id', 'in', vouchers.map((v) => v.id))
      .orderBy('voucher_id')
      .orderBy('line_no')
      .execute()
    const byVoucher = new Map<number, typeof lines>()
    for (const l of lines) {
      const list = byVoucher.get(l.voucher_id)
      if (list) list.push(l)
      else byVoucher.set(l.voucher_id, [l])
    }
    for (const v of vouchers) {
      checked++
      const label = `${v.period} ${voucherLabel(v.word, v.number)}`
      const recomputed = voucherHash(
        { ...v, number: v.number as number, posted_by: v.posted_by as number },
        (byVoucher.get(v.id) ?? []).map((l) => ({ ...l, account_code: codes.get(l.account_id) ?? '' })),
      )
      if (recomputed !== v.hash) problems.push(`凭证 ${label}（编号 ${v.id}）的内容与记账时的指纹不符（已被改动）`)
      const inLog = sealed.get(v.id)
      if (inLog === undefined) problems.push(`凭证 ${label}（编号 ${v.id}）在操作日志中没有记账记录`)
      else if (inLog !== v.hash) problems.push(`凭证 ${label}（编号 ${v.id}）的指纹与操作日志记录的不一致`)
    }
  }
  return { ok: problems.length === 0, checked, problems: problems.slice(0, 100) }
}
