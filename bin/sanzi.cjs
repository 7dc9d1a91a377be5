#!/usr/bin/env node
// The `sanzi` command: runs the CLI bundle that `npm run build` (also run by `npm install`) writes to out/main/cli.js.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const bundle = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(bundle)) {
  process.stderr.write('错误：命令行程序尚未构建，请先运行 npm run build\n')
  process.exit(1)
}
require(bundle)
