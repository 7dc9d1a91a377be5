/** Small helpers for driving antd widgets the way a user does (keyboard and mouse). */
import type { Locator, Page } from 'playwright-core'

export const TIMEOUT = 15_000

/** Waits until the text is visible somewhere on the page. */
export async function see(page: Page | Locator, text: string | RegExp, timeout = TIMEOUT): Promise<Locator> {
  const l = page.getByText(text).first()
  await l.waitFor({ state: 'visible', timeout })
  return l
}

/** Opens an antd Select and picks the option whose text contains `text`. */
export async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await select.click()
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first()
  await option.waitFor({ state: 'visible', timeout: TIMEOUT })
  await option.click()
}

/** The visible options of the antd Select (opens it, reads, closes with Escape). */
export async function optionTexts(page: Page, select: Locator): Promise<string[]> {
  await select.click()
  const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
  await options.first().waitFor({ state: 'visible', timeout: TIMEOUT })
  const texts = await options.allInnerTexts()
  await page.keyboard.press('Escape')
  return texts.map((t) => t.trim())
}

/** The error text shown under a form field (antd Form.Item explain), found from the field's label. */
export function fieldError(scope: Page | Locator, label: string): Locator {
  const page = 'goto' in scope ? scope : scope.page()
  return scope
    .locator('.ant-form-item')
    .filter({ has: page.locator(`label:text-is("${label}")`) })
    .locator('.ant-form-item-explain-error')
}

/** Rows of the first antd table in `scope` that contain `text`. */
export function tableRow(scope: Page | Locator, text: string): Locator {
  return scope.locator('.ant-table-tbody tr.ant-table-row', { hasText: text })
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByLabel('密码').press('Enter')
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click()
  await page.getByRole('menuitem', { name: '退出登录' }).click()
  await button(page, '登录').waitFor({ state: 'visible', timeout: TIMEOUT })
}

/** Clicks a sidebar entry (opening 系统设置 when needed). */
export async function goToMenu(page: Page, label: string): Promise<void> {
  const item = menuItem(page, label)
  if (!(await item.isVisible())) await menuItem(page, '系统设置').click()
  await item.click()
}

/** A sidebar entry; its accessible name also carries the icon's label (`file-text 凭证`). */
export function menuItem(page: Page, label: string): Locator {
  return page.getByRole('menuitem', { name: new RegExp(`(^|\\s)${label}$`) })
}

/** antd puts a space between two Chinese characters on buttons (登 录); match either way. */
export function spaced(label: string): RegExp {
  const body = [...label].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')
  // an icon before the text adds its own label to the name (`plus 新 增`)
  return new RegExp(`^\\s*(?:[a-z][a-z-]*\\s+)?${body}\\s*$`)
}

export function button(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('button', { name: spaced(label) })
}

/** Clears an antd Select (allowClear) through its clear icon. */
export async function clearSelect(page: Page, select: Locator): Promise<void> {
  const root = page.locator('.ant-select', { has: select }).first()
  await root.hover()
  await root.locator('.ant-select-clear').click()
}

/** The open antd Drawer whose title contains `title`. */
export function drawer(page: Page, title: string): Locator {
  return page.locator('.ant-drawer-open .ant-drawer-section', { has: page.locator('.ant-drawer-title', { hasText: title }) })
}

/** The Popconfirm whose title contains `title`. */
export function popconfirm(page: Page, title: string): Locator {
  return page.locator('.ant-popover:not(.ant-popover-hidden)', { has: page.locator('.ant-popconfirm-title', { hasText: title }) })
}
