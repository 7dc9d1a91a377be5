import type { CliIo } from '../../electron/cli/io'
import { runCli } from '../../electron/cli/program'

export interface CliRun {
  code: number
  out: string
  err: string
}

/** Runs the `sanzi` CLI in-process with captured output; the password comes from the environment given. */
export async function sanzi(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { SANZI_PASSWORD: 'Admin2024', ...env },
    promptSecret: () => Promise.reject(new Error('no terminal in tests')),
  }
  const code = await runCli(args, io)
  return { code, out: out.join('\n'), err: err.join('\n') }
}
