import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Kysely } from 'kysely'
import { COUNTERPARTY_REPLY_LABELS, isClaimOrDebt, type CampaignFileResult, type CounterpartyReply } from '../../../shared/api/campaignTypes'
import type { MethodParsedInput } from '../../../shared/api/contract'
import { AppError } from '../../../shared/errors'
import type { Fen } from '../../../shared/money'
import { requireActor, type Outcome, type ServiceContext } from '../context'
import type { Database } from '../db/schema'
import { exportTarget } from '../io/exportPath'
import { defineSheet, writeWorkbook, type SheetSpec } from '../io/workbook'
import { loadCampaign } from './service'

/**
 * 往来询证函 (issue 5 §4, confirmation of claims and debts): one letter per counterparty of the frozen snapshot —
 * every 112/113/211/221 balance the books hold with it at the as-of date, which side owes, the reply slip — and a
 * list of all of them with the replies recorded so far in 核实. Printed on A4, one letter a page.
 */
export const CONFIRMATIONS_TITLE = '往来款项询证函'

interface Balance {
  account: string
  /** debit-positive, as frozen */
  amount: Fen
  reply: CounterpartyReply | null
  verified: Fen | null
}

interface Counterparty {
  name: string
  balances: Balance[]
}

const side = (amount: Fen) => (amount > 0 ? '贵单位欠本单位' : '本单位欠贵单位')

async function counterparties(db: Kysely<Database>, campaignId: number, take: number): Promise<Counterparty[]> {
  const rows = await db
    .selectFrom('campaign_snapshot as s')
    .innerJoin('aux_item as x', 'x.id', 's.aux_item_id')
    .innerJoin('account as a', 'a.id', 's.item_id')
    .leftJoin('campaign_check as k', 'k.snapshot_id', 's.id')
    .select(['s.code', 'a.name as account_name', 's.amount', 'x.name', 'k.reply', 'k.verified_amount'])
    .where('s.campaign_id', '=', campaignId)
    .where('s.take', '=', take)
    .where('s.kind', '=', 'account')
    .where('s.aux_item_id', '>', 0)
    .where('s.amount', '<>', 0)
    .orderBy('x.name')
    .orderBy('s.code')
    .execute()
  const byName = new Map<string, Counterparty>()
  for (const r of rows) {
    if (!isClaimOrDebt(r.code) || r.amount === null) continue
    const c = byName.get(r.name) ?? { name: r.name, balances: [] }
    c.balances.push({ account: `${r.code} ${r.account_name}`, amount: r.amount, reply: r.reply, verified: r.verified_amount })
    byName.set(r.name, c)
  }
  return [...byName.values()]
}

/** a sheet name of the letter: numbered, without the characters Excel refuses, within 31 characters */
const letterSheetName = (i: number, name: string) => `${i + 1} ${name.replace(/[\\/*?:[\]]/g, '')}`.slice(0, 31)

export function confirmationSheets(village: { code: string; name: string }, asOf: string, list: Counterparty[]): SheetSpec<unknown>[] {
  type ListRow = Balance & { no: number; name: string }
  const rows: ListRow[] = list.flatMap((c, i) => c.balances.map((b) => ({ ...b, no: i + 1, name: c.name })))
  const overview = defineSheet<ListRow>({
    name: '询证清单',
    title: `${village.name}往来款项询证清单`,
    subtitles: [`清查基准日：${asOf}\u3000单位：元\u3000共 ${list.length} 家往来单位`],
    columns: [
      { header: '序号', width: 6, kind: 'integer', value: (r) => r.no },
      { header: '往来单位', width: 26, kind: 'text', value: (r) => r.name, wrap: true },
      { header: '科目', width: 22, kind: 'text', value: (r) => r.account, wrap: true },
      { header: '余额方向', width: 14, kind: 'text', value: (r) => side(r.amount) },
      { header: '账面金额', width: 14, kind: 'money', value: (r) => Math.abs(r.amount) },
      { header: '询证结果', width: 13, kind: 'text', value: (r) => (r.reply ? COUNTERPARTY_REPLY_LABELS[r.reply] : '未登记') },
      { header: '核实金额', width: 14, kind: 'money', value: (r) => (r.verified === null ? null : Math.abs(r.verified)) },
    ],
    rows,
    notes: rows.length ? ['询证结果在清查“核实”步骤登记；对方确认不符的，核实金额按双方核对后的数额填写。'] : ['截至基准日没有需要询证的往来余额。'],
    signatures: ['制表人', '会计代理服务中心'],
    landscape: true,
  })
  const letters = list.map((c, i) =>
    defineSheet<Balance>({
      name: letterSheetName(i, c.name),
      title: CONFIRMATIONS_TITLE,
      subtitles: [
        { line: `编号：${village.code}-${asOf.replace(/-/g, '')}-${String(i + 1).padStart(3, '0')}`, centred: false },
        { line: `${c.name}：`, centred: false },
        { line: `\u3000\u3000本单位正在进行清产核资，按规定与贵单位核对往来款项。下列数据出自本单位账簿记录，截至 ${asOf}：`, centred: false },
      ],
      columns: [
        { header: '科目', width: 30, kind: 'text', value: (b) => b.account, wrap: true },
        { header: '余额方向', width: 18, kind: 'text', value: (b) => side(b.amount) },
        { header: '金额（元）', width: 18, kind: 'money', value: (b) => Math.abs(b.amount) },
        { header: '备注', width: 20, kind: 'text', value: () => '' },
      ],
      rows: c.balances,
      notes: [
        '如与贵单位记录相符，请在下方“信息证明无误”处签章证明；如有不符，请在“信息不符”处列明不符金额及原因。',
        `本函仅为核对往来款项，不作为催款结算依据。请于收函后 10 日内将回执寄回${village.name}清产核资工作组。`,
        '',
        '———————————————— 回  执 ————————————————',
        '1. 信息证明无误。\u3000\u3000\u3000\u3000\u3000\u3000（签章）\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日',
        '2. 信息不符，不符金额及原因：______________________________\u3000（签章）\u3000\u3000年\u3000\u3000月\u3000\u3000日',
      ],
      signatures: [`${village.name}（盖章）`, '日期'],
    }),
  )
  return [overview, ...letters]
}

export async function exportConfirmations(ctx: ServiceContext, input: MethodParsedInput<'campaign.exportConfirmations'>): Promise<Outcome<CampaignFileResult>> {
  requireActor(ctx)
  const c = await loadCampaign(ctx.db, input.villageId, input.campaignId)
  if (c.snapshot_take === null) throw new AppError('STATE', '清查尚未冻结账面数（还在「清理」步骤），还没有可询证的往来余额')
  const village = await ctx.db.selectFrom('village').select(['code', 'name']).where('id', '=', c.village_id).executeTakeFirstOrThrow()
  const list = await counterparties(ctx.db, c.id, c.snapshot_take)
  const path = exportTarget(input.to, ctx.engine.path, { village, title: CONFIRMATIONS_TITLE, tag: c.as_of })
  mkdirSync(dirname(path), { recursive: true })
  const { rows } = await writeWorkbook(path, confirmationSheets(village, c.as_of, list))
  return {
    value: { path, rows, bytes: statSync(path).size, fingerprint: null, version: null },
    audit: { action: `导出往来款项询证函（基准日 ${c.as_of}，${list.length} 家往来单位）到：${path}`, villageId: input.villageId, after: { campaignId: c.id, path, counterparties: list.length } },
  }
}
