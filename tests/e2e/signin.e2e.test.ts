import { describe, expect, it } from 'vitest'
import { initAgency, PASSWORD, useHarness } from './harness'
import { button, see } from './ui'

const h = useHarness()

describe('登录', () => {
  it('密码错误时显示引擎的中文提示，改正后进入主界面', async () => {
    const app = await h.open({
      // the agency exists, but the page's own session is not signed in
      prepare: async (engine) => initAgency(engine, engine.createSession()),
    })
    const { page } = app
    await see(page, '肥东县长临河镇会计代理服务中心')

    // the user name has the focus; Enter submits
    await page.keyboard.type('admin')
    await page.getByLabel('密码').fill('Wrong2024')
    await page.getByLabel('密码').press('Enter')
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误，请重新输入' }).waitFor()
    expect(await page.getByLabel('密码').inputValue()).toBe('')
    await app.screenshot('signin-error')
    expect((await app.tryCall('auth.me', {})).ok).toBe(false)

    await page.getByLabel('密码').fill(PASSWORD)
    await button(page, '登录').click()
    await page.locator('.sanzi-header').getByText('张会计').waitFor()
    await see(page, '首页')

    const me = await app.call('auth.me', {})
    expect(me).toMatchObject({ username: 'admin', role: 'admin' })
    const failed = await app.call('audit.list', { search: '登录失败', offset: 0, limit: 10 })
    expect(failed.total).toBe(1)
    expect(failed.rows[0]?.summary.action).toContain('用户名或密码错误')
  })

  it('修改密码后须用新密码登录', async () => {
    const app = await h.open({ prepare: initAgency })
    const { page } = app
    await page.getByTestId('user-menu').click()
    await page.getByRole('menuitem', { name: /修改密码/ }).click()
    const dialog = page.getByRole('dialog', { name: '修改密码' })
    await dialog.waitFor()
    await page.keyboard.type('NotMine2024')
    await dialog.getByLabel('新密码', { exact: true }).fill('NewPass2025')
    await dialog.getByLabel('确认新密码').fill('NewPass2025')
    await dialog.getByLabel('确认新密码').press('Enter')
    // the engine's field issue lands under 原密码
    await dialog.locator('.ant-form-item-explain-error', { hasText: '原密码不正确' }).waitFor()

    await dialog.getByLabel('原密码').fill(PASSWORD)
    await dialog.getByLabel('原密码').press('Enter')
    await see(page, '密码已修改')
    await dialog.waitFor({ state: 'hidden' })

    await app.call('auth.signOut', {})
    expect((await app.tryCall('auth.signIn', { username: 'admin', password: PASSWORD })).ok).toBe(false)
    expect((await app.tryCall('auth.signIn', { username: 'admin', password: 'NewPass2025' })).ok).toBe(true)
  })
})
