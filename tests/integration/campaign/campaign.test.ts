import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CampaignStatus } from '../../../shared/api/campaignTypes'
import { parseYuan } from '../../../shared/money'
import { tempDir } from '../../helpers/temp'
import { demoBooks, refusal, type DemoCampaignBooks } from './setup'

const fen = (y: string | null): number => {
  const r = parseYuan(y ?? '0')
  if (!r.ok) throw new Error(String(y))
  return r.fen
}

const TEAM = [
  { name: '孙立军', unit: 'commission' as const, role: '组长' },
  { name: '钱慧', unit: 'financeBureau' as const, role: '成员' },
  { name: '刘志强', unit: 'agency' as const, role: '记账' },
  { name: '王秀英', unit: 'village' as const, role: '报账员' },
]

describe('清查: 清理 → 登记 → 核实 on the demo books', () => {
  const t = tempDir()
  let d: DemoCampaignBooks
  let started: CampaignStatus
  const ref = () => ({ villageId: d.villageId, campaignId: started.id })
  beforeAll(async () => {
    d = await demoBooks(t.dir)
    started = await d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2024-11-30', team: TEAM })
  }, 120_000)
  afterAll(async () => {
    await d.engine.close()
    t.cleanup()
  })

  it('starts at 清理 with its team and a logged start; one open campaign per village', async () => {
    expect(started).toMatchObject({ asOf: '2024-11-30', step: 'snapshot', stepLabel: '清理', status: 'open', locked: false, createdBy: '刘志强', snapshot: null })
    expect(started.team).toEqual(TEAM)
    expect(started.log).toEqual([expect.objectContaining({ seq: 1, direction: 'start', from: null, to: 'snapshot', userName: '刘志强' })])
    expect(started.next).toEqual({ step: 'registration', label: '登记', ready: true, blockers: [] })
    const again = await refusal(d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2025-12-31' }))
    expect(again.code).toBe('STATE')
    expect(again.message).toContain('已有进行中的清查（基准日 2024-11-30')
    // before the books begin
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2023-12-31' }))).message).toContain('早于本村建账期间')
    // 审计 reads, never writes
    expect((await refusal(d.engine.invoke(d.auditor, 'campaign.start', { villageId: d.villageId, asOf: '2025-12-31' }))).code).toBe('FORBIDDEN')
    const list = await d.engine.invoke(d.auditor, 'campaign.list', {})
    expect(list.map((c) => [c.villageId, c.asOf, c.step])).toEqual([[d.villageId, '2024-11-30', 'snapshot']])
  })

  it('a step cannot be skipped: marks before 登记, advancing from a step the campaign is not at', async () => {
    const early = await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: 1, result: 'found' }] }))
    expect(early).toMatchObject({ code: 'STATE', message: '只有在「登记」步骤才能登记台账项目（当前在「清理」步骤）' })
    const skip = await refusal(d.engine.invoke(d.clerk, 'campaign.advance', { ...ref(), from: 'registration' }))
    expect(skip.code).toBe('CONFLICT')
    expect(skip.message).toContain('清查已在「清理」步骤')
    const back = await refusal(d.engine.invoke(d.clerk, 'campaign.back', { ...ref(), reason: '重新清理' }))
    expect(back.message).toBe('清查已在第一步「清理」，不能再退回')
    expect((await d.engine.invoke(d.clerk, 'campaign.status', ref())).log).toHaveLength(1)
  })

  it('leaving 清理 freezes the snapshot: every account × aux balance equals the trial balance at the date', async () => {
    const s = await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref(), from: 'snapshot' })
    expect(s.step).toBe('registration')
    expect(s.log.map((l) => [l.direction, l.from, l.to])).toEqual([
      ['start', null, 'snapshot'],
      ['forward', 'snapshot', 'registration'],
    ])
    const detail = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    const accounts = detail.rows.filter((r) => r.kind === 'account')
    expect(detail.snapshot).toMatchObject({ take: 1, takenBy: '刘志强', accounts: accounts.length, items: detail.rows.length - accounts.length })

    const tb = await d.engine.invoke(d.clerk, 'report.trialBalance', { villageId: d.villageId, from: '2024-01', to: '2024-11', level: 4, withAux: true })
    const leaves = tb.rows.filter((r) => r.isLeaf && r.auxItemId === null)
    const net = (r: { closingDebit: string; closingCredit: string }) => fen(r.closingDebit) - fen(r.closingCredit)
    // every leaf of the chart is in the snapshot (those the 科目余额表 leaves out, having no figures, at zero),
    // and its balance is the 科目余额表's closing balance
    const byAccount = new Map<number, number>()
    for (const r of accounts) byAccount.set(r.itemId, (byAccount.get(r.itemId) ?? 0) + fen(r.amount))
    const chart = await d.engine.invoke(d.clerk, 'account.list', { villageId: d.villageId, includeDisabled: true })
    expect(new Set(byAccount.keys())).toEqual(new Set(chart.filter((a) => a.isLeaf).map((a) => a.id)))
    for (const r of leaves) expect([r.code, byAccount.get(r.accountId)]).toEqual([r.code, net(r)])
    const inTb = new Set(leaves.map((r) => r.accountId))
    expect([...byAccount].filter(([id, v]) => !inTb.has(id) && v !== 0)).toEqual([])
    expect(leaves.filter((r) => net(r) !== 0).length).toBeGreaterThan(10)
    expect([...byAccount.values()].reduce((a, b) => a + b, 0)).toBe(0)
    // auxiliary rows too
    const auxRows = tb.rows.filter((r) => r.auxItemId !== null && net(r) !== 0)
    expect(auxRows.length).toBeGreaterThan(0)
    for (const r of auxRows) {
      const snap = accounts.find((a) => a.itemId === r.accountId && a.auxItemId === r.auxItemId)
      expect([r.code, r.auxItemName, snap?.amount]).toEqual([r.code, r.auxItemName, (net(r) / 100).toFixed(2)])
    }
  })

  it('the snapshot holds every register item with its book figure, tying to the books', async () => {
    const detail = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    const of = (kind: string) => detail.rows.filter((r) => r.kind === kind)
    const assets = await d.engine.invoke(d.clerk, 'asset.list', { villageId: d.villageId, asOf: '2024-11-30', limit: 10_000 })
    expect(of('asset').map((r) => [r.code, r.amount])).toEqual(assets.rows.map((a) => [a.code, a.netValue]))
    const parcels = await d.engine.invoke(d.clerk, 'parcel.list', { villageId: d.villageId, asOf: '2024-11-30', limit: 10_000 })
    expect(of('parcel').map((r) => [r.code, r.quantity, r.unit])).toEqual(parcels.rows.map((p) => [p.code, p.area, '亩']))
    const banks = await d.engine.invoke(d.clerk, 'bankAccount.list', { villageId: d.villageId, asOf: '2024-11-30' })
    expect(of('bankAccount').map((r) => r.amount)).toEqual(banks.rows.map((b) => b.balance))
    expect(of('contract').length).toBeGreaterThan(0)
    // registers and books in the one snapshot agree (the demo reconciles at 2024-11-30)
    const sum = (rows: { amount: string | null }[]) => rows.reduce((s, r) => s + fen(r.amount), 0)
    const under = (root: string) => detail.rows.filter((r) => r.kind === 'account' && r.code.startsWith(root))
    expect(sum(of('asset'))).toBe(sum(under('151')) + sum(under('152')))
    expect(sum(of('bankAccount'))).toBe(sum(under('102')))
  })

  it('the snapshot and the step log never change', async () => {
    const raw = d.engine.sqlite
    expect(() => raw.prepare('UPDATE campaign_snapshot SET amount = 0 WHERE campaign_id = ?').run(started.id)).toThrow('清理快照（账面数）已冻结，不能修改')
    expect(() => raw.prepare('DELETE FROM campaign_snapshot WHERE campaign_id = ?').run(started.id)).toThrow('不能删除')
    expect(() => raw.prepare("UPDATE campaign_step_log SET reason = 'x' WHERE campaign_id = ?").run(started.id)).toThrow('清查步骤记录不能修改')
    expect(() => raw.prepare('DELETE FROM campaign_step_log WHERE campaign_id = ?').run(started.id)).toThrow('清查步骤记录不能删除')
    expect(() => raw.prepare('DELETE FROM campaign WHERE id = ?').run(started.id)).toThrow('清查记录不能删除')
  })

  it('登记: 核实 is refused while an item is unmarked; found, missing and 盘盈 with evidence', async () => {
    const detail = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    const items = detail.rows.filter((r) => r.kind !== 'account')
    const account = detail.rows.find((r) => r.kind === 'account')
    expect(detail.next?.ready).toBe(false)
    const refused = await refusal(d.engine.invoke(d.clerk, 'campaign.advance', ref()))
    expect(refused.code).toBe('STATE')
    expect(refused.message).toContain(`不能进入「核实」步骤：还有 ${items.length} 项台账项目未登记`)

    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: account?.id ?? 0, result: 'found' }] }))).message).toContain('科目余额在「核实」步骤核对')
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: 999_999, result: 'found' }] }))).message).toContain('不在本次清理快照中')
    // a 盘盈 item needs its evidence
    const noEvidence = await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), surplus: [{ kind: 'asset', label: '旧抽水机', amount: '800.00' } as never] }))
    expect(noEvidence.code).toBe('VALIDATION')

    const [last, ...rest] = items
    const first = await d.engine.invoke(d.clerk, 'campaign.mark', {
      ...ref(),
      marks: rest.map((r) => ({ snapshotId: r.id, result: 'found' as const })),
      surplus: [{ kind: 'asset', label: '旧抽水机', amount: '800.00', quantity: '1', unit: '台', evidence: '泵站仓库实地盘点，2024-12-05 村委会照片' }],
    })
    expect(first.progress).toEqual({ items: items.length, found: items.length - 1, missing: 0, unmarked: 1, surplus: 1, damaged: 0 })
    expect(first.next?.blockers[0]).toContain(`还有 1 项台账项目未登记“在”或“不在”：${last?.kind === 'asset' ? '固定资产' : ''}`)
    // a mark can be changed while 登记 lasts
    await d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: last?.id ?? 0, result: 'found' }] })
    const marked = await d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: last?.id ?? 0, result: 'missing', note: '已于 2023 年拆除，未办处置' }] })
    expect(marked.progress).toEqual({ items: items.length, found: items.length - 1, missing: 1, unmarked: 0, surplus: 1, damaged: 0 })
    // an item found is 完好, 损坏 or 闲置; a missing one has no condition
    const card = rest.find((r) => r.kind === 'asset')
    if (!card) throw new Error('no card')
    const broken = await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: card.id, result: 'missing', condition: 'damaged' }] }))
    expect(broken.message).toBe('「损坏」只用于登记为“在”的项目')
    const bad = await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: card.id, result: 'found', condition: 'broken' as never }] }))
    expect(bad.code).toBe('VALIDATION')
    const damaged = await d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: card.id, result: 'found', condition: 'damaged', note: '屋面漏雨' }] })
    expect(damaged.progress.damaged).toBe(1)
    const rows = await d.engine.invoke(d.clerk, 'campaign.status', { ...ref(), rows: true })
    expect(rows.rows.find((r) => r.id === last?.id)?.check).toMatchObject({ result: 'missing', note: '已于 2023 年拆除，未办处置', markedBy: '刘志强' })
    expect(rows.rows.find((r) => r.id === card.id)?.check).toMatchObject({ result: 'found', condition: 'damaged', note: '屋面漏雨' })
    expect(rows.surplus).toEqual([expect.objectContaining({ kind: 'asset', label: '旧抽水机', amount: '800.00', quantity: '1', unit: '台' })])

    const v = await d.engine.invoke(d.clerk, 'campaign.advance', { ...ref(), from: 'registration' })
    expect(v.step).toBe('verification')
    // marks belong to 登记
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: last?.id ?? 0, result: 'found' }] }))).code).toBe('STATE')
  })

  it('公示 is refused while 核实 is incomplete: advancing says why and changes nothing', async () => {
    const e = await refusal(d.engine.invoke(d.clerk, 'campaign.advance', ref()))
    expect(e.code).toBe('STATE')
    expect(e.message).toMatch(/^不能进入「公示」步骤：.*尚未填写现金盘点表/)
    const s = await d.engine.invoke(d.clerk, 'campaign.status', ref())
    expect(s.step).toBe('verification')
    expect(s.next).toMatchObject({ step: 'notice', ready: false })
  })

  it('stepping back needs a reason and is logged; back to 清理 freezes a new snapshot on the way out', async () => {
    const none = await refusal(d.engine.invoke(d.clerk, 'campaign.back', { ...ref(), reason: '  ' }))
    expect(none.code).toBe('VALIDATION')
    const r = await d.engine.invoke(d.clerk, 'campaign.back', { ...ref(), from: 'verification', reason: '村委会提出 F00001 尚在，需要复查' })
    expect(r.step).toBe('registration')
    expect(r.snapshot?.take).toBe(1)
    expect(r.progress.missing).toBe(1)
    expect(r.log.at(-1)).toMatchObject({ direction: 'back', from: 'verification', to: 'registration', reason: '村委会提出 F00001 尚在，需要复查', userName: '刘志强' })
    const s = await d.engine.invoke(d.supervisor, 'campaign.back', { ...ref(), reason: '11 月有一笔收入漏记，补记后重新清理' })
    expect(s).toMatchObject({ step: 'snapshot', snapshot: null })
    const before = Number(d.engine.sqlite.prepare('SELECT count(*) FROM campaign_snapshot WHERE campaign_id = ?').pluck().get(started.id))
    const again = await d.engine.invoke(d.clerk, 'campaign.advance', ref())
    expect(again.snapshot?.take).toBe(2)
    // the first take stays on record; the new one starts unmarked
    expect(Number(d.engine.sqlite.prepare('SELECT count(*) FROM campaign_snapshot WHERE campaign_id = ? AND take = 1').pluck().get(started.id))).toBe(before)
    expect(again.progress).toMatchObject({ found: 0, missing: 0, surplus: 0, unmarked: again.progress.items })
    expect(again.log.map((l) => l.direction)).toEqual(['start', 'forward', 'forward', 'back', 'back', 'forward'])
    const audit = await d.engine.invoke(d.admin, 'audit.list', { search: '退回' })
    expect(audit.rows.map((a) => a.summary.action)).toEqual(expect.arrayContaining([expect.stringContaining('由「登记」退回「清理」：11 月有一笔收入漏记')]))
    expect((await d.engine.invoke(d.admin, 'audit.verify', {})).ok).toBe(true)
  })

  it('a locked (reported) campaign refuses every change, and no earlier campaign can be started', async () => {
    const raw = d.engine.sqlite
    raw.prepare("UPDATE campaign SET status = 'reported', locked = 1 WHERE id = ?").run(started.id)
    const mark = await refusal(d.engine.invoke(d.clerk, 'campaign.mark', { ...ref(), marks: [{ snapshotId: 1, result: 'found' }] }))
    expect(mark).toMatchObject({ code: 'STATE', message: '基准日 2024-11-30 的清查已上报并锁定，不能修改' })
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.advance', ref()))).message).toContain('已上报并锁定')
    expect((await refusal(d.engine.invoke(d.clerk, 'campaign.back', { ...ref(), reason: '复查' }))).message).toContain('已上报并锁定')
    // the database refuses too
    expect(() => raw.prepare("UPDATE campaign SET step = 'snapshot' WHERE id = ?").run(started.id)).toThrow('该清查已上报并锁定，不能修改')
    expect(() => raw.prepare('UPDATE campaign_check SET note = ? WHERE campaign_id = ?').run('x', started.id)).toThrow('该清查已上报并锁定，不能修改')
    expect(() => raw.prepare("INSERT INTO campaign_member (campaign_id, name, unit, role, created_at) VALUES (?, '某', 'village', '成员', '2024-12-01T00:00:00Z')").run(started.id)).toThrow('该清查已上报并锁定')
    const earlier = await refusal(d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2024-06-30' }))
    expect(earlier.message).toContain('已有基准日为 2024-11-30 的清查，不能再发起基准日相同或更早的清查')
    // a later one may start now that this one is reported
    const next = await d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2025-12-31' })
    expect(next.step).toBe('snapshot')
  })
})

describe('清理 is refused while the months up to the date have unposted vouchers', () => {
  const t = tempDir()
  let d: DemoCampaignBooks
  beforeAll(async () => {
    d = await demoBooks(t.dir)
  }, 120_000)
  afterAll(async () => {
    await d.engine.close()
    t.cleanup()
  })

  it('a campaign as of 2024-12-31 cannot leave 清理 while December has drafts', async () => {
    const c = await d.engine.invoke(d.supervisor, 'campaign.start', { villageId: d.villageId, asOf: '2024-12-31' })
    expect(c.next?.ready).toBe(false)
    expect(c.next?.blockers[0]).toMatch(/^基准日 2024-12-31 及以前的月份还有未记账的凭证（2024年12月 \d+ 张），请审核记账后再冻结账面数$/)
    const e = await refusal(d.engine.invoke(d.supervisor, 'campaign.advance', { villageId: d.villageId, campaignId: c.id }))
    expect(e.code).toBe('STATE')
    expect(e.message).toContain('不能进入「登记」步骤：基准日 2024-12-31 及以前的月份还有未记账的凭证')
    const s = await d.engine.invoke(d.supervisor, 'campaign.status', { villageId: d.villageId, campaignId: c.id, rows: true })
    expect(s).toMatchObject({ step: 'snapshot', snapshot: null, rows: [] })
    expect(Number(d.engine.sqlite.prepare('SELECT count(*) FROM campaign_snapshot').pluck().get())).toBe(0)
    expect(s.log).toHaveLength(1)
  })
})
