// A second process writing to the same book through the built `sanzi` CLI: node cli-writer.cjs DB N
const { execFileSync } = require('node:child_process')
const { join } = require('node:path')

const [db, n] = process.argv.slice(2)
const bin = join(__dirname, '..', '..', 'bin', 'sanzi.cjs')
for (let i = 0; i < Number(n); i++) {
  execFileSync(process.execPath, [bin, 'village', 'add', '--db', db, '--as', 'admin', '--code', `B${i}`, '--name', `乙村${i}`, '--start', '2024-01'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}
