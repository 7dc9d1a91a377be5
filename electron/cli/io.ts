import { createInterface } from 'node:readline'
import { AppError } from '../../shared/errors'

export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: Record<string, string | undefined>
  /** asks on the terminal without echo; refuses when there is no terminal */
  promptSecret(question: string): Promise<string>
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    promptSecret: (question) => promptHidden(question),
  }
}

function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(new AppError('VALIDATION', '没有可输入密码的终端：请用环境变量 SANZI_PASSWORD 提供密码'))
  }
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
    const output = rl as unknown as { _writeToOutput: (s: string) => void }
    let asked = false
    output._writeToOutput = (s: string) => {
      if (!asked) {
        process.stdout.write(s)
        asked = true
      } else if (s.includes('\n')) process.stdout.write('\n')
    }
    rl.question(question, (answer) => {
      rl.close()
      resolve(answer)
    })
  })
}
