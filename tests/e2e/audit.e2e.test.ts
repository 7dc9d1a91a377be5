import { existsSync } from 'node:fs'
import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { initAgency, useHarness } from './harness'
import { button, choose, clearSelect, menuItem, see, signIn, tableRow } from './ui'

const h = useHarness()

describe('操作日志', () => {
  it('按村、操作人、日期、关键字筛选；校验日志链；校验账套并备份', async () => {
    const app = await h.open({
      prepare: async (engine, session) => {
        await initAgency(engine, session)
        for (const [code, name] of [
          ['340122101', '杨桥村股份经济合作社'],
          ['340122102', '六家畈村股份经济合作社'],
        ] as const) {
          const r = await engine.call(session, 'village.create', { code, name, level: 'village', chartVersion: '2023', startPeriod: '2024-01' })
          if (!r.ok) throw new Error(r.error.message)
        }
        const r = await engine.call(session, 'user.create', {
          username: 'zhuguan',
          displayName: '陈桂兰',
          role: 'supervisor',
          password: 'Zhuguan2024',
          allVillages: true,
        })
        if (!r.ok) throw new Error(r.error.message)
      },
      hash: 'settings/audit',
    })
    const { page } = app
    const all = await app.call('audit.list', { offset: 0, limit: 100 })
    expect(all.total).toBe(4)
    await see(page, '共 4 条')
    await tableRow(page, '建立代理中心').waitFor()
    // the method's Chinese title from the contract
    await tableRow(page, '新增村：杨桥村股份经济合作社').getByText('新增村', { exact: true }).waitFor()
    await app.screenshot('audit-log')

    // by village
    const yq = (await app.call('village.list', {})).find((v) => v.code === '340122101')!
    await choose(page, page.getByLabel('村', { exact: true }), '杨桥村股份经济合作社')
    await see(page, '共 1 条')
    expect(await tableRow(page, '六家畈村').count()).toBe(0)
    expect((await app.call('audit.list', { villageId: yq.id, offset: 0, limit: 10 })).total).toBe(1)

    // expand: the recorded fields in Chinese
    await tableRow(page, '新增村：杨桥村股份经济合作社').getByRole('button', { name: /展开/ }).click()
    const diff = page.getByRole('table', { name: '变更内容' })
    await diff.getByText('村编码').waitFor()
    await diff.getByText('340122101', { exact: true }).waitFor()
    await app.screenshot('audit-expanded')
    await clearSelect(page, page.getByLabel('村', { exact: true }))
    await see(page, '共 4 条')

    // by user
    await choose(page, page.getByLabel('操作人'), '张会计（admin）')
    await see(page, '共 4 条')
    await page.getByLabel('关键字').fill('新增用户')
    await page.getByLabel('关键字').press('Enter')
    await see(page, '共 1 条')
    await tableRow(page, '新增用户：陈桂兰').waitFor()
    await page.getByLabel('关键字').fill('')
    await page.getByLabel('关键字').press('Enter')
    await see(page, '共 4 条')

    // by date: a month long past has nothing, today has everything
    const start = page.getByPlaceholder('开始日期')
    await start.click()
    await start.fill('2020-01-01')
    await start.press('Enter')
    const end = page.getByPlaceholder('结束日期')
    await end.fill('2020-01-31')
    await end.press('Enter')
    await see(page, '没有符合条件的日志')
    const today = dayjs().format('YYYY-MM-DD')
    await start.click()
    await start.fill(today)
    await start.press('Enter')
    await end.fill(today)
    await end.press('Enter')
    await see(page, '共 4 条')

    // verify the chain
    const report = await app.call('audit.verify', {})
    expect(report.ok).toBe(true)
    await button(page, '校验日志链').click()
    await see(page, `日志链完整：共校验 ${report.checked} 条，未发现改动或缺失`)
    await page.getByText(report.headHash!).waitFor()
    await app.screenshot('audit-verified')

    // check the database and take a backup
    await button(page, '校验账套完整性').click()
    await page.getByTestId('check-result').getByText('账套完整，未发现问题。').waitFor()
    await app.screenshot('db-check')
    await button(page, '知道了').click()

    await button(page, '立即备份').click()
    const backup = page.getByTestId('backup-result')
    await backup.waitFor()
    const path = (await backup.locator('code').innerText()).trim()
    expect(path).toMatch(/\.(db|sanzi)$/)
    expect(existsSync(path)).toBe(true)
    await app.screenshot('backup-done')
    await button(page, '知道了').click()
    const last = await app.call('audit.list', { offset: 0, limit: 1 })
    expect(last.rows[0]).toMatchObject({ method: 'db.backup' })
    expect(last.rows[0]?.summary.action).toContain(path)
  })

  it('审计只读：可查日志、校验，不能备份、不能改村', async () => {
    const app = await h.open({
      prepare: async (engine) => {
        const r = await engine.call(engine.createSession(), 'setup.loadDemo', { villages: 3, password: 'Demo2024x' })
        if (!r.ok) throw new Error(r.error.message)
      },
    })
    const { page } = app
    await signIn(page, 'shenji', 'Demo2024x')
    await page.locator('.sanzi-header').getByText('审计', { exact: true }).waitFor()

    await menuItem(page, '操作日志').click()
    await tableRow(page, '载入演示数据').waitFor()
    // the auditor may filter by user (user.list is read-only for her), and the list offers the demo users
    await choose(page, page.getByLabel('操作人'), '系统管理员（admin）')
    await tableRow(page, '载入演示数据').waitFor()
    await button(page, '校验账套完整性').waitFor()
    expect(await button(page, '立即备份').count()).toBe(0)
    await button(page, '校验日志链').click()
    await see(page, /日志链完整：共校验 \d+ 条/)
    await app.screenshot('audit-auditor')

    await menuItem(page, '村管理').click()
    await tableRow(page, '340122101').first().waitFor()
    expect(await button(page, '新增村').count()).toBe(0)
    expect(await button(page, '停用').count()).toBe(0)
    expect((await app.tryCall('db.backup', {})).ok).toBe(false)
  })
})
