import type { Kysely } from 'kysely'
import { AUX_KIND_LABELS, type AuxKind } from '../../../shared/accounts'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { Account, OpeningBalances, OpeningCheck, OpeningProblem, OpeningRow } from '../../../shared/api/types'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { fenToYuanString, formatFen, type Fen } from '../../../shared/money'
import type { Outcome, ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { ensureAuxItem } from './aux'
import { loadChart } from './chart'
import { accountPaths } from './vouchers'

/**
 * 期初余额: the balances of a village's leaf accounts (per auxiliary item) at its start period, debit
 * positive. Only leaves hold balances, so a parent is the sum of its children by construction. They can be
 * changed until the first voucher is posted; posting is refused while they do not balance.
 */

/** An opening balance as stored: aux 0 = none, amount debit-positive. */
export interface OpeningEntry {
  accountId: number
  auxItemId: number
  amount: Fen
}

/**
 * Accounts whose auxiliary kind is 项目 or 银行账户 stand for one project or bank account each: a balance or a
 * journal line that names none is booked on an item named after the account itself (so 10201 农商行基本户 has
 * the item 农商行基本户 of kind 银行账户). 往来单位 and 农户 must always be named.
 */
export function accountStandsForItem(kind: AuxKind | null): boolean {
  return kind === 'project' || kind === 'bank'
}

export async function hasPostedVouchers(db: Kysely<Database>, villageId: number): Promise<boolean> {
  const r = await db.selectFrom('voucher').select('id').where('village_id', '=', villageId).where('status', '=', 'posted').limit(1).executeTakeFirst()
  return r !== undefined
}

export async function assertOpeningEditable(db: Kysely<Database>, villageId: number): Promise<void> {
  if (await hasPostedVouchers(db, villageId)) throw new AppError('STATE', '已有记账凭证，期初余额不能再改')
}

async function storedEntries(db: Kysely<Database>, villageId: number): Promise<OpeningEntry[]> {
  const rows = await db.selectFrom('opening_balance').select(['account_id', 'aux_item_id', 'amount']).where('village_id', '=', villageId).execute()
  return rows.map((r) => ({ accountId: r.account_id, auxItemId: r.aux_item_id, amount: r.amount }))
}

function totalsOf(entries: readonly OpeningEntry[]): { debit: Fen; credit: Fen } {
  let debit = 0
  let credit = 0
  for (const e of entries) {
    if (e.amount > 0) debit += e.amount
    else credit -= e.amount
  }
  return { debit, credit }
}

/**
 * The guard posting calls before it writes anything: refused while Σ借 ≠ Σ贷 of the opening balances.
 * (A trial balance built on unbalanced openings can never balance, and the first posted voucher freezes them.)
 */
export async function assertOpeningBalanced(db: Kysely<Database>, villageId: number): Promise<void> {
  const t = totalsOf(await storedEntries(db, villageId))
  if (t.debit !== t.credit) {
    throw new AppError(
      'STATE',
      `期初余额借贷不平衡（借方合计 ${formatFen(t.debit)}，贷方合计 ${formatFen(t.credit)}，相差 ${formatFen(t.debit - t.credit)}），请先调平期初余额再记账`,
    )
  }
}

function checkEntries(entries: readonly OpeningEntry[], chart: readonly Account[], auxNames: Map<number, { name: string; kind: AuxKind }>): OpeningCheck {
  const byId = new Map(chart.map((a) => [a.id, a]))
  const problems: OpeningProblem[] = []
  const t = totalsOf(entries)
  if (t.debit !== t.credit) {
    problems.push({
      severity: 'error',
      accountCode: null,
      auxItemName: null,
      message: `借贷不平衡：借方合计 ${formatFen(t.debit)}，贷方合计 ${formatFen(t.credit)}，相差 ${formatFen(t.debit - t.credit)}`,
    })
  }
  for (const e of entries) {
    const a = byId.get(e.accountId)
    const aux = e.auxItemId ? auxNames.get(e.auxItemId) : undefined
    const at = (severity: OpeningProblem['severity'], message: string) =>
      problems.push({ severity, accountCode: a?.code ?? null, auxItemName: aux?.name ?? null, message })
    if (!a) {
      at('error', '科目不存在')
      continue
    }
    const label = `${a.code} ${a.name}`
    if (!a.isLeaf) at('error', `“${label}”不是末级科目，期初余额应录入其明细科目`)
    if (a.status !== 'active') at('warning', `科目“${label}”已停用，但有期初余额`)
    if (a.auxKind && !accountStandsForItem(a.auxKind) && e.auxItemId === 0) at('error', `科目“${label}”应按${AUX_KIND_LABELS[a.auxKind]}分别录入期初余额`)
    if (!a.auxKind && e.auxItemId !== 0) at('error', `科目“${label}”不设辅助核算，期初余额不应分${aux ? `“${aux.name}”` : '辅助项目'}录入`)
    if (a.auxKind && aux && aux.kind !== a.auxKind) at('error', `科目“${label}”的辅助核算是${AUX_KIND_LABELS[a.auxKind]}，而“${aux.name}”是${AUX_KIND_LABELS[aux.kind]}`)
    if ((a.normalSide === 'debit' && e.amount < 0) || (a.normalSide === 'credit' && e.amount > 0)) {
      at('warning', `“${label}”是${a.normalSide === 'debit' ? '借' : '贷'}方科目，期初余额却在${e.amount < 0 ? '贷' : '借'}方，请核对`)
    }
  }
  return {
    balanced: t.debit === t.credit,
    totals: { debit: fenToYuanString(t.debit), credit: fenToYuanString(t.credit), difference: fenToYuanString(t.debit - t.credit) },
    rows: entries.length,
    problems,
  }
}

async function auxItemsOf(db: Kysely<Database>, villageId: number): Promise<Map<number, { name: string; kind: AuxKind }>> {
  const rows = await db.selectFrom('aux_item').select(['id', 'name', 'kind']).where('village_id', '=', villageId).execute()
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]))
}

export async function checkOpening(db: Kysely<Database>, villageId: number): Promise<OpeningCheck> {
  return checkEntries(await storedEntries(db, villageId), await loadChart(db, villageId), await auxItemsOf(db, villageId))
}

export async function loadOpening(db: Kysely<Database>, villageId: number): Promise<OpeningBalances> {
  const v = await db.selectFrom('village').select('start_period').where('id', '=', villageId).executeTakeFirst()
  if (!v) throw new AppError('NOT_FOUND', `村（编号 ${villageId}）不存在`)
  const entries = await storedEntries(db, villageId)
  const chart = await loadChart(db, villageId)
  const aux = await auxItemsOf(db, villageId)
  const byId = new Map(chart.map((a) => [a.id, a]))
  const paths = accountPaths(chart)
  const rows: OpeningRow[] = entries.map((e) => {
    const a = byId.get(e.accountId)
    const item = e.auxItemId ? aux.get(e.auxItemId) : undefined
    const abs = Math.abs(e.amount)
    return {
      accountId: e.accountId,
      code: a?.code ?? '',
      name: a?.name ?? '',
      path: paths.get(e.accountId) ?? '',
      isLeaf: a?.isLeaf ?? false,
      auxKind: a?.auxKind ?? null,
      auxItemId: e.auxItemId || null,
      auxItemName: item?.name ?? null,
      side: e.amount >= 0 ? '借' : '贷',
      amount: fenToYuanString(abs),
      debit: fenToYuanString(e.amount > 0 ? e.amount : 0),
      credit: fenToYuanString(e.amount < 0 ? -e.amount : 0),
    }
  })
  rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : (x.auxItemName ?? '').localeCompare(y.auxItemName ?? '', 'zh-CN')))
  return { villageId, startPeriod: v.start_period, locked: await hasPostedVouchers(db, villageId), rows, check: checkEntries(entries, chart, aux) }
}

/** Replaces every opening balance of the village (the caller has checked the rows and the lock). */
export async function replaceOpening(db: Kysely<Database>, villageId: number, entries: readonly OpeningEntry[]): Promise<number> {
  const before = await db.deleteFrom('opening_balance').where('village_id', '=', villageId).executeTakeFirst()
  const rows = entries.filter((e) => e.amount !== 0).map((e) => ({ village_id: villageId, account_id: e.accountId, aux_item_id: e.auxItemId, amount: e.amount }))
  for (let i = 0; i < rows.length; i += 2000) await db.insertInto('opening_balance').values(rows.slice(i, i + 2000)).execute()
  return Number(before.numDeletedRows)
}

/** A short, stable digest of the opening balances for the audit log. */
export async function openingDigest(db: Kysely<Database>, villageId: number): Promise<Record<string, unknown>> {
  const o = await loadOpening(db, villageId)
  return {
    rows: o.rows.length,
    debit: o.check.totals.debit,
    credit: o.check.totals.credit,
    entries: o.rows.map((r) => [r.code, r.auxItemName, r.side, r.amount]),
  }
}

export async function getOpening(ctx: ServiceContext, input: MethodParsedInput<'opening.get'>): Promise<Outcome<OpeningBalances>> {
  return { value: await loadOpening(ctx.db, input.villageId) }
}

export async function checkOpeningHandler(ctx: ServiceContext, input: MethodParsedInput<'opening.check'>): Promise<Outcome<OpeningCheck>> {
  return { value: await checkOpening(ctx.db, input.villageId) }
}

export async function saveOpening(ctx: ServiceContext, input: MethodParsedInput<'opening.save'>): Promise<Outcome<OpeningBalances>> {
  const { villageId } = input
  await assertOpeningEditable(ctx.db, villageId)
  const chart = await loadChart(ctx.db, villageId)
  const byId = new Map(chart.map((a) => [a.id, a]))
  const aux = await auxItemsOf(ctx.db, villageId)
  const auxRows = await ctx.db.selectFrom('aux_item').select(['id', 'status']).where('village_id', '=', villageId).execute()
  const auxStatus = new Map(auxRows.map((r) => [r.id, r.status]))
  const issues: FieldIssue[] = []
  const entries: OpeningEntry[] = []
  const seen = new Map<string, number>()
  for (const [i, r] of input.rows.entries()) {
    const at = (field: string, message: string) => issues.push({ path: `rows.${i}.${field}`, message: `第 ${i + 1} 行：${message}` })
    const a = byId.get(r.accountId)
    if (!a) {
      at('accountId', '科目不存在或不属于本村')
      continue
    }
    const label = `${a.code} ${a.name}`
    if (r.debit < 0 || r.credit < 0) at('debit', '期初余额不能为负数，贷方余额请填在贷方')
    if (r.debit !== 0 && r.credit !== 0) at('debit', '借方和贷方不能同时有余额')
    const amount = r.debit - r.credit
    if (amount === 0) continue
    if (!a.isLeaf) at('accountId', `“${label}”不是末级科目，期初余额应录入其明细科目`)
    if (a.status !== 'active') at('accountId', `科目“${label}”已停用`)
    let auxItemId = r.auxItemId ?? 0
    if (a.auxKind === null) {
      if (auxItemId !== 0) at('auxItemId', `科目“${label}”不设辅助核算，请清空辅助核算项目`)
    } else if (auxItemId === 0) {
      if (accountStandsForItem(a.auxKind)) auxItemId = await ensureAuxItem(ctx.db, villageId, a.auxKind, a.name)
      else at('auxItemId', `科目“${label}”需要填写${AUX_KIND_LABELS[a.auxKind]}`)
    } else {
      const item = aux.get(auxItemId)
      if (!item) at('auxItemId', '辅助核算项目不存在或不属于本村')
      else if (item.kind !== a.auxKind) at('auxItemId', `应选择${AUX_KIND_LABELS[a.auxKind]}`)
      else if (auxStatus.get(auxItemId) !== 'active') at('auxItemId', `辅助核算项目“${item.name}”已停用`)
    }
    const key = `${a.id}|${auxItemId}`
    const dup = seen.get(key)
    if (dup !== undefined) at('accountId', `与第 ${dup + 1} 行重复（同一科目、同一辅助核算项目只能有一行）`)
    seen.set(key, i)
    entries.push({ accountId: a.id, auxItemId, amount })
  }
  if (issues.length > 0) {
    const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : ''
    throw new AppError('VALIDATION', `${(issues[0] as FieldIssue).message}${more}`, { issues })
  }
  const before = await openingDigest(ctx.db, villageId)
  await replaceOpening(ctx.db, villageId, entries)
  const after = await loadOpening(ctx.db, villageId)
  const c = after.check
  return {
    value: after,
    audit: {
      action: `保存期初余额：${after.rows.length} 行，借方合计 ${c.totals.debit}，贷方合计 ${c.totals.credit}${c.balanced ? '，借贷平衡' : `，借贷不平衡（相差 ${c.totals.difference}）`}`,
      before,
      after: await openingDigest(ctx.db, villageId),
    },
  }
}
