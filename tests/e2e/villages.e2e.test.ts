import { describe, expect, it } from 'vitest'
import { initAgency, useHarness } from './harness'
import { button, choose, drawer, fieldError, optionTexts, popconfirm, see, tableRow } from './ui'

const h = useHarness()

const VALID_USCC = 'N2340122RTHU4WTF7B'
const WRONG_CHECK = 'N2340122RTHU4WTF7C'

describe('村管理', () => {
  it('新增村和组、编辑、搜索、停用', async () => {
    const app = await h.open({ prepare: initAgency, hash: 'settings/villages' })
    const { page } = app
    await see(page, '还没有村，点击「新增村」开始建账')

    // 新增村: the code field has the focus
    await button(page, '新增村').click()
    const form = drawer(page, '新增村')
    await form.getByLabel('村编码').waitFor()
    await page.keyboard.type('340122101')
    await form.getByLabel('单位名称').fill('杨桥村股份经济合作社')
    await form.getByLabel('统一社会信用代码').fill(WRONG_CHECK.toLowerCase())
    await form.getByLabel('联系人').click()
    await fieldError(form, '统一社会信用代码').filter({ hasText: '校验码错误：第 18 位应为“B”' }).waitFor()
    expect(await form.getByLabel('统一社会信用代码').inputValue()).toBe(WRONG_CHECK)
    await app.screenshot('village-form-uscc-error')
    await button(form, '保存').click()
    expect(await app.call('village.list', { includeDisabled: true })).toEqual([])

    await form.getByLabel('统一社会信用代码').fill(VALID_USCC)
    await form.getByLabel('联系人').fill('王秀英')
    await form.getByLabel('联系电话').fill('0551-67100000')
    await form.getByLabel('联系电话').press('Enter')
    await see(page, '已新增「杨桥村股份经济合作社」')
    await tableRow(page, '340122101').waitFor()
    let villages = await app.call('village.list', { includeDisabled: true })
    expect(villages).toHaveLength(1)
    const yq = villages[0]!
    expect(yq).toMatchObject({ code: '340122101', uscc: VALID_USCC, level: 'village', parentId: null, contactPerson: '王秀英', status: 'active' })

    // the engine refuses a duplicate code: its issue goes under the field, its message above the buttons
    await button(page, '新增村').click()
    const again = drawer(page, '新增村')
    await again.getByLabel('村编码').fill('340122101')
    await again.getByLabel('单位名称').fill('重复的村')
    await button(again, '保存').click()
    await fieldError(again, '村编码').filter({ hasText: '村编码重复' }).waitFor()
    await again.getByText('村编码「340122101」已被「杨桥村股份经济合作社」使用，请换一个编码').waitFor()
    await app.screenshot('village-form-engine-error')
    await button(again, '取消').click()
    await again.waitFor({ state: 'hidden' })

    // a group under it
    await button(page, '新增村').click()
    const group = drawer(page, '新增村')
    await group.getByLabel('村编码').fill('340122101-01')
    await group.getByLabel('单位名称').fill('杨桥村第一村民小组股份经济合作社')
    await group.getByText('组级', { exact: true }).click()
    await choose(page, group.getByLabel('上级村'), '杨桥村股份经济合作社')
    await button(group, '保存').click()
    await see(page, '已新增「杨桥村第一村民小组股份经济合作社」')
    await tableRow(page, '340122101-01').getByText('上级：杨桥村股份经济合作社').waitFor()
    villages = await app.call('village.list', { includeDisabled: true })
    const g = villages.find((v) => v.code === '340122101-01')
    expect(g).toMatchObject({ level: 'group', parentId: yq.id, parentName: '杨桥村股份经济合作社', uscc: null })

    // edit the group
    await button(tableRow(page, '340122101-01'), '编辑').click()
    const edit = drawer(page, '编辑村')
    await edit.getByLabel('联系人').fill('李建国')
    await button(edit, '保存').click()
    await see(page, '已保存「杨桥村第一村民小组股份经济合作社」')
    await tableRow(page, '340122101-01').getByText('李建国').waitFor()
    expect((await app.call('village.get', { villageId: g!.id })).contactPerson).toBe('李建国')

    // search
    await page.getByLabel('搜索村').fill('小组')
    await page.getByLabel('搜索村').press('Enter')
    await see(page, '共 1 个')
    expect(await tableRow(page, '340122101').count()).toBe(1)
    await app.screenshot('villages-search')
    await page.getByLabel('搜索村').fill('')
    await page.getByLabel('搜索村').press('Enter')
    await see(page, '共 2 个')

    // the engine refuses to disable a village with active groups; its message is shown
    await button(tableRow(page, '杨桥村股份经济合作社').first(), '停用').click()
    await button(popconfirm(page, '停用「杨桥村股份经济合作社」？'), '停用').click()
    await see(page, '请先停用「杨桥村股份经济合作社」下的组级组织：杨桥村第一村民小组股份经济合作社')
    expect((await app.call('village.get', { villageId: yq.id })).status).toBe('active')

    // disable the group
    await button(tableRow(page, '340122101-01'), '停用').click()
    await button(popconfirm(page, '停用「杨桥村第一村民小组股份经济合作社」？'), '停用').click()
    await see(page, '已停用「杨桥村第一村民小组股份经济合作社」')
    await tableRow(page, '340122101-01').waitFor({ state: 'detached' })
    expect((await app.call('village.get', { villageId: g!.id })).status).toBe('disabled')
    await page.getByText('含已停用').click()
    await tableRow(page, '340122101-01').getByText('停用', { exact: true }).waitFor()
    await app.screenshot('villages')

    // the switcher offers the active villages only
    expect(await optionTexts(page, page.getByLabel('当前村'))).toEqual(['340122101 杨桥村股份经济合作社'])
  })
})
