// A second user advancing a campaign from another process:
// node --import tsx campaign-worker.ts DB VILLAGE_ID CAMPAIGN_ID START_AT_MS [FROM_STEP]
// Signs in, waits until START_AT_MS (so that both processes call at once), advances, prints the outcome as JSON.
import { Engine } from '../../electron/core/engine'
import type { CampaignStep } from '../../shared/api/campaignTypes'

async function main(): Promise<void> {
  const [path, village, campaign, startAt, from] = process.argv.slice(2)
  const engine = await Engine.open(path as string)
  const s = engine.createSession()
  await engine.invoke(s, 'auth.signIn', { username: 'jizhang1', password: 'Demo2024' })
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())))
  const r = await engine.call(s, 'campaign.advance', { villageId: Number(village), campaignId: Number(campaign), ...(from ? { from: from as CampaignStep } : {}) })
  process.stdout.write(JSON.stringify(r.ok ? { ok: true, step: (r.value as { step: string }).step } : { ok: false, code: r.error.code, message: r.error.message }))
  await engine.close()
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`)
  process.exitCode = 1
})
