import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ExcelJS from 'exceljs'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { sanzi } from '../helpers/cli'
import { tempDir } from '../helpers/temp'


describe('the sanzi CLI', () => {
  const t = tempDir()
  const db = join(t.dir, 'agency.db')
  afterAll(() => t.cleanup())

  it('init creates the agency and its administrator, and refuses to overwrite', async () => {
    const r = await sanzi(['init', '--db', db, '--agency', '肥东县长临河镇会计代理服务中心', '--district', '肥东县', '--admin', 'admin'])
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toContain('管理员：admin')
    const again = await sanzi(['init', '--db', db, '--agency', 'x', '--admin', 'admin'])
    expect(again.code).toBe(1)
    expect(again.err).toContain('已存在，不会覆盖')
  })

  it('init with a weak password leaves no file behind', async () => {
    const p = join(t.dir, 'weak.db')
    const r = await sanzi(['init', '--db', p, '--agency', '中心', '--admin', 'admin'], { SANZI_PASSWORD: '123' })
    expect(r.code).toBe(1)
    expect(r.err).toContain('「管理员密码」至少 8 位')
    expect(existsSync(p)).toBe(false)
  })

  it('village add and list, as text and as JSON', async () => {
    const add = await sanzi(['village', 'add', '--db', db, '--as', 'admin', '--code', '340122101', '--name', '杨桥村股份经济合作社', '--uscc', 'N2340122RTHU4WTF7B', '--start', '2024-01'])
    expect(add).toMatchObject({ code: 0, out: '已新增：340122101 杨桥村股份经济合作社' })
    const group = await sanzi(['village', 'add', '--db', db, '--as', 'admin', '--code', '340122101-01', '--name', '杨桥村第一组', '--level', '组级', '--parent', '340122101', '--start', '2024-01'])
    expect(group.code).toBe(0)
    const list = await sanzi(['village', 'list', '--db', db, '--as', 'admin'])
    expect(list.out).toMatch(/340122101-01 +杨桥村第一组 +组级 +杨桥村股份经济合作社 +2023 +2024-01 +启用/)
    const json = await sanzi(['village', 'list', '--db', db, '--as', 'admin', '--json'])
    const parsed = JSON.parse(json.out) as { code: string; level: string }[]
    expect(parsed.map((v) => [v.code, v.level])).toEqual([
      ['340122101', 'village'],
      ['340122101-01', 'group'],
    ])
  })

  it('refuses bad input with Chinese messages and a non-zero exit', async () => {
    const badUscc = await sanzi(['village', 'add', '--db', db, '--as', 'admin', '--code', 'X', '--name', '某村', '--uscc', 'N2340122RTHU4WTF7C', '--start', '2024-01'])
    expect(badUscc.code).toBe(1)
    expect(badUscc.err).toBe('错误：「统一社会信用代码」校验码错误：第 18 位应为“B”，请核对证书')
    const dup = await sanzi(['village', 'add', '--db', db, '--as', 'admin', '--code', '340122101', '--name', '某村', '--start', '2024-01'])
    expect(dup.err).toContain('已被「杨桥村股份经济合作社」使用')
    const wrongPw = await sanzi(['village', 'list', '--db', db, '--as', 'admin'], { SANZI_PASSWORD: 'wrong123' })
    expect(wrongPw).toMatchObject({ code: 1, err: '错误：用户名或密码错误，请重新输入' })
    const noUser = await sanzi(['village', 'list', '--db', db])
    expect(noUser.err).toContain('请用 --as 用户名')
    const unknownOption = await sanzi(['village', 'list', '--db', db, '--bogus'])
    expect(unknownOption).toMatchObject({ code: 2, err: '错误：未知的选项：--bogus。用 --help 查看可用选项' })
    const missing = await sanzi(['village', 'list'])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('缺少必填选项')
    const unknownRole = await sanzi(['user', 'add', '--db', db, '--as', 'admin', '--username', 'x1', '--name', '某', '--role', '老板'], { SANZI_NEW_PASSWORD: 'Pass1234' })
    expect(unknownRole.err).toContain('未知的岗位「老板」')
    const notADb = join(t.dir, 'not-a-db.db')
    writeFileSync(notADb, 'hello')
    const r = await sanzi(['village', 'list', '--db', notADb, '--as', 'admin'])
    expect(r).toMatchObject({ code: 1, err: '错误：无法打开账套文件「not-a-db.db」：不是有效的账套文件。请选择三资台账的账套文件（.db）' })
  })

  it('user add and list, and a bookkeeper sees only her villages', async () => {
    const add = await sanzi(['user', 'add', '--db', db, '--as', 'admin', '--username', 'jizhang1', '--name', '刘志强', '--role', '记账会计', '--villages', '340122101-01'], {
      SANZI_NEW_PASSWORD: 'Jizhang123',
    })
    expect(add).toMatchObject({ code: 0, out: '已新增用户：jizhang1（刘志强，记账会计）' })
    const list = await sanzi(['user', 'list', '--db', db, '--as', 'admin', '--json'])
    expect((JSON.parse(list.out) as { username: string }[]).map((u) => u.username)).toEqual(['admin', 'jizhang1'])
    const text = await sanzi(['user', 'list', '--db', db, '--as', 'admin'])
    expect(text.out).toMatch(/jizhang1 +刘志强 +记账会计 +杨桥村第一组 +启用/)
    const mine = await sanzi(['village', 'list', '--db', db, '--as', 'jizhang1', '--json'], { SANZI_PASSWORD: 'Jizhang123' })
    expect((JSON.parse(mine.out) as { code: string }[]).map((v) => v.code)).toEqual(['340122101-01'])
    const forbidden = await sanzi(['user', 'list', '--db', db, '--as', 'jizhang1'], { SANZI_PASSWORD: 'Jizhang123' })
    expect(forbidden).toMatchObject({ code: 1, err: '错误：「记账会计」岗位不能查看用户列表，如需办理请联系管理员' })
  })

  it('verify reports a clean book and exits 0; a tampered log exits 1 naming the entry', async () => {
    const ok = await sanzi(['verify', '--db', db])
    expect(ok.code).toBe(0)
    expect(ok.out).toContain('结论：通过')
    const json = JSON.parse((await sanzi(['verify', '--db', db, '--json'])).out) as { ok: boolean; audit: { checked: number } }
    expect(json.ok).toBe(true)
    expect(json.audit.checked).toBeGreaterThanOrEqual(4)

    const copy = join(t.dir, 'tampered.db')
    expect((await sanzi(['backup', '--db', db, '--to', copy])).code).toBe(0)
    const raw = new BetterSqlite3(copy)
    raw.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_name = 'someone' WHERE seq = 3`)
    raw.close()
    const before = createHash('sha256').update(readFileSync(copy)).digest('hex')
    const bad = await sanzi(['verify', '--db', copy])
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('操作日志链：失败 —— 第 3 条日志内容与其哈希不符（已被改动）')
    expect(createHash('sha256').update(readFileSync(copy)).digest('hex')).toBe(before)
    const missing = await sanzi(['verify', '--db', join(t.dir, 'none.db')])
    expect(missing.code).toBe(1)
    expect(missing.out).toContain('文件不存在')
  })

  it('backup refuses an existing target', async () => {
    const r = await sanzi(['backup', '--db', db, '--to', join(t.dir, 'tampered.db')])
    expect(r.code).toBe(1)
    expect(r.err).toContain('备份文件已存在')
  })

  it('demo builds a book and workbooks that read back', async () => {
    const demoDb = join(t.dir, 'demo', 'demo.db')
    const out = join(t.dir, 'demo-out')
    const r = await sanzi(['demo', '--db', demoDb, '--villages', '4', '--out', out], { SANZI_PASSWORD: '' })
    expect(r.code).toBe(0)
    expect(r.out).toContain('密码 Demo2024')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(join(out, '演示-村名册.xlsx'))
    const ws = wb.getWorksheet('村名册')
    expect(ws?.getCell('A1').value).toBe('村级集体经济组织名册')
    expect(ws?.getRow(3).values).toContain('统一社会信用代码')
    expect(ws?.getCell('B4').value).toBe('杨桥村股份经济合作社')
    const audit = new ExcelJS.Workbook()
    await audit.xlsx.readFile(join(out, '演示-操作日志.xlsx'))
    const footer = audit.getWorksheet('操作日志')?.lastRow?.getCell(1).value
    expect(String(footer)).toMatch(/^日志链头哈希（SHA-256）：[0-9a-f]{64}$/)
    const again = await sanzi(['demo', '--db', demoDb])
    expect(again.err).toContain('加 --force 覆盖')
  })

  it('exports neutralise formula-like text', async () => {
    const add = await sanzi(['village', 'add', '--db', db, '--as', 'admin', '--code', 'F1', '--name', '=HYPERLINK("http://x","点我")', '--start', '2024-01'])
    expect(add.code).toBe(0)
    const file = join(t.dir, 'villages.xlsx')
    expect((await sanzi(['export', 'villages', '--db', db, '--as', 'admin', '--out', file])).code).toBe(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const ws = wb.getWorksheet('村名册')
    const names: unknown[] = []
    ws?.eachRow((row) => names.push(row.getCell(2).value))
    expect(names).toContain('\'=HYPERLINK("http://x","点我")')
    const formulas: unknown[] = []
    ws?.eachRow((row) => row.eachCell((c) => c.formula && formulas.push(c.address)))
    expect(formulas).toEqual([])
  })
})

describe('the installed bin', () => {
  const root = resolve(__dirname, '../..')
  it.runIf(existsSync(join(root, 'out/main/cli.js')))('prints Chinese help and exits non-zero on failure', () => {
    const help = execFileSync(process.execPath, [join(root, 'bin/sanzi.cjs'), '--help'], { encoding: 'utf8' })
    expect(help).toContain('三资台账命令行')
    for (const c of ['init', 'village', 'user', 'verify', 'backup', 'demo', 'export']) expect(help).toContain(c)
    const bad = spawnSync(process.execPath, [join(root, 'bin/sanzi.cjs'), 'verify', '--db', '/nonexistent/x.db'], { encoding: 'utf8' })
    expect(bad.status).toBe(1)
    expect(bad.stdout).toContain('文件不存在')
  })
})
