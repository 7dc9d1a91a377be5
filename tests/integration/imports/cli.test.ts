import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sanzi } from '../../helpers/cli'
import { tempDir } from '../../helpers/temp'
import { fixture } from './setup'


describe('sanzi import / post / close / carry-forward / opening', () => {
  const t = tempDir()
  const db = join(t.dir, 'agency.db')
  const V = ['--db', db, '--village', '340122101']
  const clerk = { SANZI_PASSWORD: 'Pass1234' }
  afterAll(() => t.cleanup())

  it('sets up an agency, a village, a bookkeeper and a reviewer', async () => {
    expect((await sanzi(['init', '--db', db, '--agency', '肥东县长临河镇会计代理服务中心', '--admin', 'admin'])).code).toBe(0)
    expect((await sanzi(['village', 'add', '--db', db, '--as', 'admin', '--code', '340122101', '--name', '杨桥村股份经济合作社', '--start', '2024-01'])).code).toBe(0)
    for (const [u, role] of [
      ['clerk', 'bookkeeper'],
      ['checker', 'reviewer'],
    ]) {
      const r = await sanzi(['user', 'add', '--db', db, '--as', 'admin', '--username', u as string, '--name', u as string, '--role', role as string, '--villages', '340122101'], { SANZI_NEW_PASSWORD: 'Pass1234' })
      expect(r.code, r.err).toBe(0)
    }
  })

  it('previews and imports the chart and the opening balances', async () => {
    const preview = await sanzi(['import', 'chart', ...V, '--as', 'clerk', '--preview', fixture('chart.xlsx')], clerk)
    expect(preview, preview.err).toMatchObject({ code: 0, err: '' })
    expect(preview.out).toContain('文件：chart.xlsx（工作表「科目表」，表头在第 1 行）')
    expect(preview.out).toContain('科目 99 个：新增明细科目 57 个，已有 42 个')
    expect(preview.out).toContain('检查通过，未写入（预览）。去掉 --preview 即正式导入')
    const chart = await sanzi(['import', 'chart', ...V, '--as', 'clerk', fixture('chart.xlsx')], clerk)
    expect(chart.out).toMatch(/已导入科目表：新增 57 个明细科目（导入批次 \d+）/)
    const opening = await sanzi(['import', 'opening', ...V, '--as', 'clerk', fixture('opening-balances.xlsx')], clerk)
    expect(opening.out).toContain('期初余额 49 行：借方合计 14,545,138.03，贷方合计 14,545,138.03，借贷平衡')
    const show = await sanzi(['opening', ...V, '--as', 'checker'], clerk)
    expect(show.out).toMatch(/11301 +内部往来\/农户往来 +赵敏新 +贷 +1,874\.00/)
    expect(show.out).toContain('借方合计 14,545,138.03，贷方合计 14,545,138.03：借贷平衡')
  })

  it('lists every problem of a bad journal with row and column, exits 1 and writes nothing', async () => {
    const r = await sanzi(['import', 'vouchers', ...V, '--as', 'clerk', fixture('bad/three-decimals.xlsx')], clerk)
    expect(r.code).toBe(1)
    expect(r.err.split('\n')).toEqual([
      '错误：序时账未导入，账套没有任何改动：工作表「序时账」第 4 行 F 列（借方金额）：金额超过两位小数：106985.125（不会四舍五入）（共 2 处问题）',
      '  - 工作表「序时账」第 4 行 F 列（借方金额）：金额超过两位小数：106985.125（不会四舍五入）',
      '  - 工作表「序时账」第 5 行 G 列（贷方金额）：金额超过两位小数：106985.125（不会四舍五入）',
    ])
    const preview = await sanzi(['import', 'vouchers', ...V, '--as', 'clerk', '--preview', fixture('bad/unknown-account.xlsx')], clerk)
    expect(preview.code).toBe(1)
    expect(preview.err).toContain('  - 工作表「序时账」第 6 行 D 列（科目编码）：科目 51399 不存在')
    expect(preview.err).toContain('错误：检查发现 1 处问题，文件不能导入；改正后再试')
    const missing = await sanzi(['import', 'vouchers', ...V, '--as', 'clerk', join(t.dir, 'nope.xlsx')], clerk)
    expect(missing).toMatchObject({ code: 1, err: `错误：找不到文件「${join(t.dir, 'nope.xlsx')}」` })
    const kind = await sanzi(['import', 'widgets', ...V, '--as', 'clerk', fixture('chart.xlsx')], clerk)
    expect(kind.code).toBe(2)
  })

  it('imports the journal (JSON preview first), then posts the year as the reviewer', async () => {
    const preview = await sanzi(['import', 'vouchers', ...V, '--as', 'clerk', '--preview', '--json', fixture('journal-2024-gbk.csv')], clerk)
    expect(preview.code, preview.err).toBe(0)
    expect(JSON.parse(preview.out)).toMatchObject({ kind: 'vouchers', committed: false, format: 'csv', encoding: 'GBK', vouchers: 688, lines: 1517, debit: '5535956.06' })
    const r = await sanzi(['import', 'vouchers', ...V, '--as', 'clerk', fixture('journal-2024.xlsx')], clerk)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('凭证 688 张，分录 1517 行，借方合计 5,535,956.06，贷方合计 5,535,956.06')
    expect(r.out).toMatch(/2024年3月 +57 +132 +305,630\.02/)
    expect(r.out).toMatch(/已导入：生成草稿凭证 688 张（导入批次 \d+），请审核后记账/)

    const self = await sanzi(['post', ...V, '--as', 'clerk', '--period', '2024-01'], clerk)
    expect(self).toMatchObject({ code: 1, err: '错误：「记账会计」岗位不能审核凭证，如需办理请联系管理员' })
    const bad = await sanzi(['post', ...V, '--as', 'checker', '--period', '2024-13'], clerk)
    expect(bad.err).toBe('错误：「--period」应为 YYYY-MM 或 YYYY-MM..YYYY-MM，例如 2024-01..2024-12，而不是「2024-13」')

    const jan = await sanzi(['post', ...V, '--as', 'checker', '--period', '2024-01', '--json'], clerk)
    expect(JSON.parse(jan.out)).toEqual({ reviewed: 56, posted: 56, periods: [{ period: '2024-01', count: 56, first: '记-0001', last: '记-0056' }] })
    const rest = await sanzi(['post', ...V, '--as', 'checker', '--period', '2024-02..2024-12'], clerk)
    expect(rest.code, rest.err).toBe(0)
    expect(rest.out).toMatch(/2024年3月 +57 +记-0001 至 记-0057/)
    expect(rest.out).toContain('已审核 632 张，已记账 632 张')
    const none = await sanzi(['post', ...V, '--as', 'checker', '--period', '2024-01..2024-12'], clerk)
    expect(none.out).toBe('2024年1月 至 2024年12月没有待审核或待记账的凭证')
  })

  it('closes months in order and makes the year-end carry-forward drafts', async () => {
    const early = await sanzi(['close', ...V, '--as', 'clerk', '--period', '2024-02'], clerk)
    expect(early).toMatchObject({ code: 1, err: '错误：请按月依次结账：先结 2024年1月' })
    const jan = await sanzi(['close', ...V, '--as', 'clerk', '--period', '2024-01'], clerk)
    expect(jan).toMatchObject({ code: 0, out: '已结账：杨桥村股份经济合作社 2024年1月（记账凭证 56 张）' })
    const cf = await sanzi(['carry-forward', ...V, '--as', 'clerk', '--year', '2024'], clerk)
    expect(cf.code, cf.err).toBe(0)
    expect(cf.out).toMatch(/^已生成年终结转凭证 2 张（草稿，日期 2024-12-31），请审核后记账：/)
    expect(cf.out).toContain('结转本年收益')
    const again = await sanzi(['carry-forward', ...V, '--as', 'clerk', '--year', '2024'], clerk)
    expect(again.err).toBe('错误：2024 年已有未记账的结转凭证，请先审核记账或删除后再结转')
    const year = await sanzi(['carry-forward', ...V, '--as', 'clerk', '--year', '24'], clerk)
    expect(year.err).toBe('错误：「--year」应为四位年份，例如 2024，而不是「24」')
  })
})
