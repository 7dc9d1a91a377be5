// A second process importing a journal: node --import tsx import-worker.ts DB VILLAGE_ID FILE TELL_AFTER_LINES
// Prints “WRITING n” once n lines are inside the (uncommitted) import transaction, “DONE n” if it ever finishes.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { Engine } from '../../../electron/core/engine'
import { onJobProgress } from '../../../electron/core/jobs/progress'

async function main(): Promise<void> {
  const [path, village, file, after] = process.argv.slice(2) as [string, string, string, string]
  const engine = await Engine.open(path)
  const s = engine.createSession()
  await engine.invoke(s, 'auth.signIn', { username: 'clerk', password: 'Pass1234' })
  let told = false
  onJobProgress((p) => {
    if (!told && p.kind === 'import' && p.phase === 'write' && p.done >= Number(after)) {
      told = true
      // a pipe write is synchronous on Linux: the parent hears it while this process goes on inserting
      process.stdout.write(`WRITING ${p.done}\n`)
    }
  })
  const r = await engine.invoke(s, 'import.vouchers', {
    villageId: Number(village),
    file: { fileName: basename(file), contentBase64: readFileSync(file).toString('base64') },
    commit: true,
  })
  process.stdout.write(`DONE ${r.lines}\n`)
  await engine.close()
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`)
  process.exitCode = 1
})
