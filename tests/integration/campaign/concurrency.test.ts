import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'
import { demoBooks, type DemoCampaignBooks } from './setup'

interface Outcome {
  ok: boolean
  step?: string
  code?: string
  message?: string
}

/** Two processes (two users' windows) advancing the same campaign at the same moment. */
async function twoAtOnce(d: DemoCampaignBooks, campaignId: number, from?: string): Promise<Outcome[]> {
  const startAt = String(Date.now() + 2500)
  const run = () =>
    new Promise<Outcome>((resolve, reject) => {
      const args = ['--import', 'tsx', join(__dirname, '../../helpers/campaign-worker.ts'), d.engine.path, String(d.villageId), String(campaignId), startAt, ...(from ? [from] : [])]
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: join(__dirname, '../../..') })
      let out = ''
      let err = ''
      child.stdout.on('data', (b: Buffer) => (out += b.toString()))
      child.stderr.on('data', (b: Buffer) => (err += b.toString()))
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Outcome) : reject(new Error(`worker exited ${code}: ${err}`))))
    })
  return Promise.all([run(), run()])
}

describe('two users advancing the same campaign at once', () => {
  const t = tempDir()
  let d: DemoCampaignBooks
  beforeAll(async () => {
    d = await demoBooks(t.dir)
  }, 120_000)
  afterAll(async () => {
    await d.engine.close()
    t.cleanup()
  })

  const forwardSteps = async (campaignId: number) =>
    (await d.engine.invoke(d.clerk, 'campaign.status', { villageId: d.villageId, campaignId })).log.filter((l) => l.direction === 'forward').map((l) => l.to)
  const takes = (campaignId: number) => d.engine.sqlite.prepare('SELECT take, count(*) AS n FROM campaign_snapshot WHERE campaign_id = ? GROUP BY take').all(campaignId)

  it('both saw 清理: one freezes the snapshot and enters 登记, the other is told the campaign moved on', async () => {
    const c = await d.engine.invoke(d.clerk, 'campaign.start', { villageId: d.villageId, asOf: '2024-11-30' })
    const results = await twoAtOnce(d, c.id, 'snapshot')
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, step: 'registration' }])
    expect(results.find((r) => !r.ok)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('清查已在「登记」步骤') })
    expect(await forwardSteps(c.id)).toEqual(['registration'])
    const frozen = takes(c.id) as { take: number; n: number }[]
    expect(frozen.map((r) => r.take)).toEqual([1])

    // neither names the step it saw: the second finds 登记 unfinished and is refused; no step is skipped
    const blind = await twoAtOnce(d, c.id)
    expect(blind.every((r) => !r.ok && r.code === 'STATE' && r.message?.includes('不能进入「核实」步骤：还有'))).toBe(true)
    expect(await forwardSteps(c.id)).toEqual(['registration'])

    // 登记 complete: of two blind advances one enters 核实, the other meets the 核实 guard and changes nothing
    const rows = (await d.engine.invoke(d.clerk, 'campaign.status', { villageId: d.villageId, campaignId: c.id, rows: true })).rows.filter((r) => r.kind !== 'account')
    await d.engine.invoke(d.clerk, 'campaign.mark', { villageId: d.villageId, campaignId: c.id, marks: rows.map((r) => ({ snapshotId: r.id, result: 'found' as const })) })
    const last = await twoAtOnce(d, c.id)
    expect(last.filter((r) => r.ok)).toEqual([{ ok: true, step: 'verification' }])
    expect(last.find((r) => !r.ok)?.message).toContain('不能进入「公示」步骤：')
    expect(await forwardSteps(c.id)).toEqual(['registration', 'verification'])
    expect(takes(c.id)).toEqual(frozen)
    const seqs = d.engine.sqlite.prepare('SELECT seq FROM campaign_step_log WHERE campaign_id = ? ORDER BY seq').pluck().all(c.id)
    expect(seqs).toEqual([1, 2, 3])
    expect((await d.engine.invoke(d.admin, 'audit.verify', {})).ok).toBe(true)
  })
})
