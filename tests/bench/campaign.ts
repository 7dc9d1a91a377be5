import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Session } from '../../electron/core/context'
import { Engine } from '../../electron/core/engine'
import { median } from './median'

/**
 * 清查 timings (issue 5): on the registers bench's big village (thousands of cards, parcels and contracts) the
 * steps users wait on — freezing the snapshot, marking every item at once, the status with every row, the 公示表
 * and the sealed 上报表; on a demo district with a year of books per village, the board and the roll-up.
 */
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`

export async function campaignVillageBench(engine: Engine, s: Session, villageId: number, dir: string): Promise<void> {
  // the bench's last depreciation run is a draft of 2024-01, which would hold 清理 (unposted vouchers before the date)
  await engine.invoke(s, 'depreciation.cancel', { villageId, period: '2024-01', reason: '清查前撤销基准测试的计提' })
  const c = await engine.invoke(s, 'campaign.start', { villageId, asOf: '2024-12-31', team: [{ name: '孙立军', unit: 'commission', role: '组长' }] })
  const ref = { villageId, campaignId: c.id }
  let t0 = performance.now()
  const frozen = await engine.invoke(s, 'campaign.advance', { ...ref, from: 'snapshot' })
  console.log(`\n== 清查 — the same village: snapshot of ${frozen.snapshot?.accounts} account rows and ${frozen.snapshot?.items} register items`)
  console.log(`${'清理 → 登记: freeze the snapshot (账面数)'.padEnd(52)} ${ms(t0)}`)
  await median('status with every snapshot row', () => engine.invoke(s, 'campaign.status', { ...ref, rows: true }), 5)
  const rows = (await engine.invoke(s, 'campaign.status', { ...ref, rows: true })).rows
  const items = rows.filter((r) => r.kind !== 'account')
  t0 = performance.now()
  await engine.invoke(s, 'campaign.mark', { ...ref, marks: items.map((r) => ({ snapshotId: r.id, result: 'found' as const })) })
  console.log(`${`登记: mark all ${items.length} items in one call`.padEnd(52)} ${ms(t0)}`)
  await engine.invoke(s, 'campaign.advance', { ...ref, from: 'registration' })
  const parcels = items.filter((r) => r.kind === 'parcel' && r.quantity !== null).slice(0, 500)
  t0 = performance.now()
  await engine.invoke(s, 'campaign.verify', { ...ref, rows: parcels.map((r) => ({ snapshotId: r.id, quantity: r.quantity, reason: null, opinion: null })) })
  console.log(`${`核实: ${parcels.length} area checks in one call`.padEnd(52)} ${ms(t0)}`)
  await engine.invoke(s, 'campaign.cashCount', { ...ref, countedOn: '2025-01-02', counts: [], cashier: '王秀英', supervisor: '孙立军', chief: '陈桂兰' })
  await engine.invoke(s, 'campaign.advance', { ...ref, from: 'verification' })
  await engine.invoke(s, 'campaign.notice', { ...ref, from: '2025-01-05', days: 7, place: '村务公开栏' })
  await median('公示表 export (workbook)', () => engine.invoke(s, 'campaign.exportNotice', { ...ref, to: join(dir, 'notice.xlsx') }), 3)
  await engine.invoke(s, 'campaign.advance', { ...ref, from: 'notice' })
  await engine.invoke(s, 'campaign.confirm', { ...ref, body: 'representatives', meetingOn: '2025-01-15', attendees: ['张德全', '李秀兰'], resolution: '同意' })
  await engine.invoke(s, 'campaign.advance', { ...ref, from: 'confirmation' })
  t0 = performance.now()
  const r = await engine.invoke(s, 'campaign.report', { ...ref, to: join(dir, 'report.xlsx') })
  console.log(`${`上报: sealed report (${r.rows} rows, ${(r.bytes / 1024).toFixed(0)} KB), kept and locked`.padEnd(52)} ${ms(t0)}`)
}

const DISTRICT_VILLAGES = Number(process.env.BENCH_CAMPAIGN_VILLAGES ?? 30)

export async function campaignDistrictBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sanzi-bench-campaign-'))
  try {
    console.log(`\n== 清查 — demo district of ${DISTRICT_VILLAGES} villages with a year of books each`)
    const engine = await Engine.open(join(dir, 'district.db'), { create: true })
    const s = engine.createSession()
    let t0 = performance.now()
    await engine.invoke(s, 'setup.loadDemo', { villages: DISTRICT_VILLAGES, password: 'Bench2024' })
    console.log(`seed: books, registers and campaigns at every step       ${ms(t0)}`)
    await engine.invoke(s, 'auth.signIn', { username: 'zhuguan', password: 'Bench2024' })
    const started = new Set((await engine.invoke(s, 'campaign.list', {})).map((c) => c.villageId))
    const villages = (await engine.invoke(s, 'village.list', {})).filter((v) => v.level === 'village' && v.chartVersion === '2023' && !started.has(v.id))
    const freezes: number[] = []
    for (const v of villages) {
      const c = await engine.invoke(s, 'campaign.start', { villageId: v.id, asOf: '2024-11-30' })
      t0 = performance.now()
      await engine.invoke(s, 'campaign.advance', { villageId: v.id, campaignId: c.id, from: 'snapshot' })
      freezes.push(performance.now() - t0)
    }
    freezes.sort((a, b) => a - b)
    if (freezes.length) console.log(`${`清理 → 登记 on a village with a year of books (${freezes.length})`.padEnd(52)} median ${(freezes[Math.floor(freezes.length / 2)] as number).toFixed(2).padStart(9)} ms`)
    await median('board: every village × six steps', () => engine.invoke(s, 'campaign.board', {}), 11)
    await median('board: overdue only, as of 2024-11-30', () => engine.invoke(s, 'campaign.board', { asOf: '2024-11-30', overdueOnly: true }), 11)
    await median('roll-up workbook for the 财政分局', () => engine.invoke(s, 'campaign.rollup', { asOf: '2024-11-30', to: join(dir, 'rollup.xlsx') }), 3)
    await engine.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
