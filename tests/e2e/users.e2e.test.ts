import { describe, expect, it } from 'vitest'
import { initAgency, PASSWORD, useHarness } from './harness'
import { button, choose, menuItem, optionTexts, see, signIn, signOut, tableRow } from './ui'

const h = useHarness()

describe('用户管理', () => {
  it('新增记账会计，只管一个村；以其身份登录只见该村、无用户管理', async () => {
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
      },
      hash: 'settings/users',
    })
    const { page } = app
    await tableRow(page, 'admin').waitFor()

    await button(page, '新增用户').click()
    const dialog = page.getByRole('dialog', { name: '新增用户' })
    await dialog.waitFor()
    await page.keyboard.type('lijz')
    await dialog.getByLabel('姓名').fill('李记账')
    await choose(page, dialog.getByLabel('岗位'), '记账会计')
    // no village yet: the form says so before asking the engine
    await dialog.getByLabel('初始密码').fill('Jizhang2024')
    await dialog.getByLabel('确认密码').fill('Jizhang2024')
    await button(dialog, '保存').click()
    await dialog.getByText('请分配至少一个所管村，或打开「管理全部村」').waitFor()
    await choose(page, dialog.getByLabel('所管村'), '杨桥村股份经济合作社')
    await dialog.getByLabel('姓名').click()
    await app.screenshot('user-form')
    await button(dialog, '保存').click()
    await see(page, '已新增用户「李记账」')
    await tableRow(page, 'lijz').getByText('杨桥村股份经济合作社').waitFor()
    await app.screenshot('users')

    const villages = await app.call('village.list', {})
    const yq = villages.find((v) => v.code === '340122101')!
    const users = await app.call('user.list', { includeDisabled: true })
    expect(users.find((u) => u.username === 'lijz')).toMatchObject({ displayName: '李记账', role: 'bookkeeper', allVillages: false, villageIds: [yq.id], status: 'active' })

    // 重置密码 (Enter in the dialog submits)
    await button(tableRow(page, 'lijz'), '重置密码').click()
    const reset = page.getByRole('dialog', { name: /重置密码/ })
    await reset.getByLabel('新密码', { exact: true }).fill('Reset2025x')
    await reset.getByLabel('确认新密码').fill('Reset2025x')
    await reset.getByLabel('确认新密码').press('Enter')
    await see(page, '已重置「李记账」的密码')

    await signOut(page)
    expect((await app.tryCall('auth.me', {})).ok).toBe(false)
    await signIn(page, 'lijz', 'Reset2025x')
    await page.locator('.sanzi-header').getByText('李记账').waitFor()
    await page.locator('.sanzi-header').getByText('记账会计').waitFor()
    expect(await app.call('auth.me', {})).toMatchObject({ username: 'lijz', role: 'bookkeeper' })

    expect(await optionTexts(page, page.getByLabel('当前村'))).toEqual(['340122101 杨桥村股份经济合作社'])
    await menuItem(page, '村管理').waitFor()
    expect(await menuItem(page, '用户管理').count()).toBe(0)
    expect(await menuItem(page, '操作日志').count()).toBe(0)
    await app.screenshot('bookkeeper-home')

    // 村管理 shows only their village and no write buttons
    await menuItem(page, '村管理').click()
    await tableRow(page, '340122101').waitFor()
    expect(await tableRow(page, '340122102').count()).toBe(0)
    expect(await button(page, '新增村').count()).toBe(0)
    expect(await button(page, '编辑').count()).toBe(0)

    // typing the address of 用户管理 does not open it either
    await app.goto('settings/users')
    await see(page, '您的岗位不能使用「用户管理」')
  })

  it('用户被停用后，其窗口的下一次操作回到登录页', async () => {
    const app = await h.open({
      prepare: async (engine) => {
        const s = engine.createSession()
        await initAgency(engine, s)
        const r = await engine.call(s, 'user.create', { username: 'shenji', displayName: '吴海燕', role: 'auditor', password: 'Shenji2024', allVillages: true })
        if (!r.ok) throw new Error(r.error.message)
      },
    })
    const { page, engine } = app
    await signIn(page, 'shenji', 'Shenji2024')
    await page.locator('.sanzi-header').getByText('吴海燕').waitFor()

    const adminSession = engine.createSession()
    await app.call('auth.signIn', { username: 'admin', password: PASSWORD }, adminSession)
    const shenji = (await app.call('user.list', { includeDisabled: true }, adminSession)).find((u) => u.username === 'shenji')!
    await app.call('user.setStatus', { userId: shenji.id, status: 'disabled' }, adminSession)

    await menuItem(page, '村管理').click()
    await button(page, '登录').waitFor()
    await see(page, '肥东县长临河镇会计代理服务中心')
    await signIn(page, 'shenji', 'Shenji2024')
    await page.getByRole('alert').filter({ hasText: '该账号已停用，请联系管理员' }).waitFor()
  })
})
