import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sanzi } from '../../helpers/cli'
import { tempDir } from '../../helpers/temp'
import { fixture } from '../imports/setup'

describe('sanzi import assets|resources|contracts', () => {
  const t = tempDir()
  const db = join(t.dir, 'agency.db')
  const V = ['--db', db, '--village', '340122101', '--as', 'clerk']
  const env = { SANZI_PASSWORD: 'Pass1234' }
  afterAll(() => t.cleanup())

  it('imports the fixture registers in order, and refuses contracts whose subjects are not in the register yet', async () => {
    expect((await sanzi(['init', '--db', db, '--agency', '肥东县长临河镇会计代理服务中心', '--admin', 'admin'])).code).toBe(0)
    expect((await sanzi(['village', 'add', '--db', db, '--as', 'admin', '--code', '340122101', '--name', '杨桥村股份经济合作社', '--start', '2024-01'])).code).toBe(0)
    expect((await sanzi(['user', 'add', '--db', db, '--as', 'admin', '--username', 'clerk', '--name', '李会计', '--role', 'bookkeeper', '--villages', '340122101'], { SANZI_NEW_PASSWORD: 'Pass1234' })).code).toBe(0)
    for (const [kind, file] of [
      ['chart', 'chart.xlsx'],
      ['opening', 'opening-balances.xlsx'],
    ]) expect((await sanzi(['import', kind as string, ...V, fixture(file as string)], env)).code).toBe(0)

    const early = await sanzi(['import', 'contracts', ...V, fixture('contracts.xlsx')], env)
    expect(early.code).not.toBe(0)
    expect(early.err).toMatch(/第 2 行 F 列（标的编号）：标的编号 J01002 不在本村的资源台账或固定资产卡片中/)
    expect(early.err).toMatch(/合同台账未导入，账套没有任何改动/)

    const assets = await sanzi(['import', 'assets', ...V, fixture('assets.xlsx')], env)
    expect(assets, assets.err).toMatchObject({ code: 0 })
    expect(assets.out).toContain('固定资产卡片 38 张：原值合计 12,605,361.00，累计折旧合计 4,635,517.24（截至 2023年12月 末）')
    const preview = await sanzi(['import', 'resources', ...V, '--preview', fixture('resources.xlsx')], env)
    expect(preview.out).toContain('资源 30 宗：面积合计 3247.2409 亩')
    expect(preview.out).toContain('检查通过，未写入（预览）')
    expect((await sanzi(['import', 'resources', ...V, fixture('resources.xlsx')], env)).out).toMatch(/已导入资源 30 宗（导入批次 \d+）/)
    // no journal in these books: the contracts signed in 2024 cannot have been paid before them
    const contracts = await sanzi(['import', 'contracts', ...V, '--preview', fixture('contracts.xlsx')], env)
    expect(contracts.code).not.toBe(0)
    expect(contracts.out).toContain('合同 16 份：合同金额合计 12,050,315.44')
    expect(contracts.err.match(/第 (\d+) 行 N 列（已收金额）：合同在建账后/g)).toEqual(['第 4 行 N 列（已收金额）：合同在建账后', '第 13 行 N 列（已收金额）：合同在建账后', '第 17 行 N 列（已收金额）：合同在建账后'])
  })
})
