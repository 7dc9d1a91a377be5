// A second process posting vouchers one by one: node --import tsx post-worker.ts DB VILLAGE_ID ID,ID,...
import { Engine } from '../../electron/core/engine'

async function main(): Promise<void> {
  const [path, village, idList] = process.argv.slice(2)
  const engine = await Engine.open(path as string)
  const s = engine.createSession()
  await engine.invoke(s, 'auth.signIn', { username: 'checker', password: 'Pass1234' })
  for (const id of (idList as string).split(',').map(Number)) {
    await engine.invoke(s, 'voucher.post', { villageId: Number(village), voucherIds: [id] })
  }
  await engine.close()
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`)
  process.exitCode = 1
})
