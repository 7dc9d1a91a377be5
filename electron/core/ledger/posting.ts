import type { Kysely, Selectable } from 'kysely'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { VoucherSummary } from '../../../shared/api/types'
import { AppError } from '../../../shared/errors'
import { voucherLabel } from '../../../shared/vouchers'
import { nowIso } from '../audit/log'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database, VoucherLineTable } from '../db/schema'
import { assertOpeningBalanced } from './opening'
import { assertOpenPeriod, summaries, voucherHash } from './vouchers'

export interface PostedVoucher {
  id: number
  label: string
  hash: string
}

/**
 * 记账: numbers each reviewed voucher at posting (continuous per village, month and word, so deleted drafts
 * leave no gaps), seals its content hash, and adds its lines to the balance table — all in the caller's
 * transaction. Vouchers are numbered in date order.
 */
export async function postReviewed(db: Kysely<Database>, villageId: number, voucherIds: readonly number[], posterId: number): Promise<PostedVoucher[]> {
  // 期初余额 must balance before the first posting (and stay so; they cannot change after it)
  await assertOpeningBalanced(db, villageId)
  const unique = [...new Set(voucherIds)]
  const vouchers = []
  for (let i = 0; i < unique.length; i += 500) {
    vouchers.push(...(await db.selectFrom('voucher').selectAll().where('village_id', '=', villageId).where('id', 'in', unique.slice(i, i + 500)).execute()))
  }
  if (vouchers.length !== unique.length) throw new AppError('NOT_FOUND', '所选凭证中有不存在或不属于本村的，请刷新后重试')
  vouchers.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id))
  const checkedPeriods = new Set<string>()
  for (const v of vouchers) {
    if (v.status === 'posted') throw new AppError('STATE', `${v.date} 的凭证已记账（${voucherLabel(v.word, v.number)}），不能重复记账`)
    if (v.status !== 'reviewed') throw new AppError('STATE', `${v.date} 的凭证尚未审核，审核后才能记账`)
    if (!checkedPeriods.has(v.period)) {
      await assertOpenPeriod(db, villageId, v.period)
      checkedPeriods.add(v.period)
    }
  }
  const codes = new Map((await db.selectFrom('account').select(['id', 'code']).where('village_id', '=', villageId).execute()).map((a) => [a.id, a.code]))
  const nextNumber = new Map<string, number>()
  const now = nowIso()
  const posted: PostedVoucher[] = []
  const activity = new Map<string, { account_id: number; aux_item_id: number; period: string; debit: number; credit: number }>()
  // all lines of the batch in a few queries, not one per voucher
  const linesOf = new Map<number, Selectable<VoucherLineTable>[]>()
  for (let i = 0; i < vouchers.length; i += 500) {
    const chunk = vouchers.slice(i, i + 500).map((v) => v.id)
    for (const l of await db.selectFrom('voucher_line').selectAll().where('voucher_id', 'in', chunk).orderBy('voucher_id').orderBy('line_no').execute()) {
      const list = linesOf.get(l.voucher_id)
      if (list) list.push(l)
      else linesOf.set(l.voucher_id, [l])
    }
  }

  for (const v of vouchers) {
    const key = `${v.period}|${v.word}`
    let n = nextNumber.get(key)
    if (n === undefined) {
      const max = await db
        .selectFrom('voucher')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('village_id', '=', villageId)
        .where('period', '=', v.period)
        .where('word', '=', v.word)
        .executeTakeFirst()
      n = Number(max?.n ?? 0) + 1
    }
    nextNumber.set(key, n + 1)
    const lines = linesOf.get(v.id) ?? []
    const hash = voucherHash(
      { ...v, number: n, posted_by: posterId },
      lines.map((l) => ({ ...l, account_code: codes.get(l.account_id) ?? '' })),
    )
    await db.updateTable('voucher').set({ status: 'posted', number: n, posted_by: posterId, posted_at: now, hash }).where('id', '=', v.id).execute()
    for (const l of lines) {
      const aux = l.aux_item_id ?? 0
      const k = `${l.account_id}|${aux}|${l.period}`
      const a = activity.get(k)
      if (a) {
        a.debit += l.debit
        a.credit += l.credit
      } else activity.set(k, { account_id: l.account_id, aux_item_id: aux, period: l.period, debit: l.debit, credit: l.credit })
    }
    posted.push({ id: v.id, label: voucherLabel(v.word, n), hash })
  }
  await addActivity(db, villageId, [...activity.values()])
  return posted
}

/** Adds period activity to the balance table (insert or accumulate). */
export async function addActivity(
  db: Kysely<Database>,
  villageId: number,
  rows: readonly { account_id: number; aux_item_id: number; period: string; debit: number; credit: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 3000) {
    await db
      .insertInto('balance')
      .values(rows.slice(i, i + 3000).map((r) => ({ ...r, village_id: villageId })))
      .onConflict((oc) =>
        oc.columns(['account_id', 'aux_item_id', 'period']).doUpdateSet((eb) => ({
          debit: eb(eb.ref('balance.debit'), '+', eb.ref('excluded.debit')),
          credit: eb(eb.ref('balance.credit'), '+', eb.ref('excluded.credit')),
        })),
      )
      .execute()
  }
}

export async function postVouchers(ctx: ServiceContext, input: MethodParsedInput<'voucher.post'>): Promise<Outcome<VoucherSummary[]>> {
  const actor = requireActor(ctx)
  const posted = await postReviewed(ctx.db, input.villageId, input.voucherIds, actor.id)
  const first = posted[0]
  const last = posted[posted.length - 1]
  return {
    value: await summaries(ctx.db, posted.map((p) => p.id)),
    audit: {
      action: posted.length === 1 ? `记账：${first?.label}` : `记账 ${posted.length} 张：${first?.label} 至 ${last?.label}`,
      // the content hashes of what was posted enter the audit chain
      after: { vouchers: posted.map((p) => [p.id, p.label, p.hash]) },
    },
  }
}
