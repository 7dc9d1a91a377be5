import { describe, expect, it } from 'vitest'
import { useHarness } from './harness'
import { button, menuItem, see, TIMEOUT, tableRow } from './ui'

const h = useHarness()

describe('首次使用', () => {
  it('建立代理中心和首位管理员，进入主界面', async () => {
    const app = await h.open()
    const { page } = app
    await see(page, '首次使用：请建立代理中心，或载入演示数据试用')
    await app.screenshot('setup-agency')

    // the first field has the focus: type straight away
    await page.keyboard.type('肥东县长临河镇会计代理服务中心')
    await page.getByLabel('所在区县').fill('安徽省合肥市肥东县')
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('姓名').fill('张会计')
    await page.getByLabel('密码', { exact: true }).fill('short1')
    await page.getByLabel('确认密码').fill('short2')
    await button(page, '建立代理中心并登录').click()
    await see(page, '「密码」至少 8 位')
    await see(page, '两次输入的密码不一致')
    expect((await app.call('system.status', {})).initialized).toBe(false)

    await page.getByLabel('密码', { exact: true }).fill('Admin2024')
    await page.getByLabel('确认密码').fill('Admin2024')
    await page.getByLabel('确认密码').press('Enter')

    await see(page, '首页')
    await page.locator('.sanzi-header-agency', { hasText: '肥东县长临河镇会计代理服务中心' }).waitFor({ timeout: TIMEOUT })
    await see(page, '张会计')
    await page.locator('.sanzi-header').getByText('管理员', { exact: true }).waitFor()
    for (const m of ['凭证', '账簿', '报表', '资金', '资产', '资源', '合同', '清查', '审计整改', '系统设置']) {
      await menuItem(page, m).waitFor()
    }
    await app.screenshot('frame-home-empty')

    const status = await app.call('system.status', {})
    expect(status.initialized).toBe(true)
    expect(status.agency?.name).toBe('肥东县长临河镇会计代理服务中心')
    expect(status.currentUser).toMatchObject({ username: 'admin', displayName: '张会计', role: 'admin' })

    // a module not built yet says so honestly
    await menuItem(page, '审计整改').click()
    await see(page, '「审计整改」模块尚未开放')
    await app.screenshot('module-not-open')

    // the set-up is in the audit log
    await menuItem(page, '操作日志').click()
    await tableRow(page, '建立代理中心').first().waitFor()

    // 代理中心/账套: rename the agency; the header follows
    await menuItem(page, '代理中心/账套').click()
    const name = page.getByLabel('代理中心名称')
    expect(await name.inputValue()).toBe('肥东县长临河镇会计代理服务中心')
    await name.fill('肥东县农村集体经济组织会计代理服务中心')
    await name.press('Enter')
    await see(page, '代理中心信息已保存')
    await page.locator('.sanzi-header-agency', { hasText: '肥东县农村集体经济组织会计代理服务中心' }).waitFor()
    expect((await app.call('system.status', {})).agency?.name).toBe('肥东县农村集体经济组织会计代理服务中心')
    await app.screenshot('agency')
  })

  it('载入演示数据后可见各村，演示用户齐全', async () => {
    const app = await h.open()
    const { page } = app
    await page.getByText('载入演示数据', { exact: true }).click()
    for (const u of ['admin', 'zhuguan', 'jizhang1', 'jizhang2', 'chuna', 'shenhe', 'shenji']) {
      await page.getByText(u, { exact: true }).waitFor()
    }
    await page.getByLabel('村数').fill('6')
    await page.getByLabel('演示用户密码').fill('Demo2024x')
    await page.getByLabel('确认密码').fill('Demo2024x')
    await app.screenshot('setup-demo')
    await button(page, '载入演示数据并以 admin 登录').click()

    await see(page, '系统管理员')
    const villages = await app.call('village.list', { includeDisabled: true })
    expect(villages.filter((v) => v.level === 'village')).toHaveLength(6)
    expect(villages.filter((v) => v.level === 'group')).toHaveLength(5)

    await menuItem(page, '村管理').click()
    await see(page, '共 11 个')
    for (const v of villages) await tableRow(page, v.code).first().waitFor()
    await tableRow(page, '杨桥村第一村民小组股份经济合作社').getByText('上级：杨桥村股份经济合作社').waitFor()
    await app.screenshot('villages-demo')

    const users = await app.call('user.list', { includeDisabled: true })
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'chuna', 'jizhang1', 'jizhang2', 'shenhe', 'shenji', 'zhuguan'])
  })
})
