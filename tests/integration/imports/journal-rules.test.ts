import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportIssue } from '../../../shared/api/types'
import { tempDir } from '../../helpers/temp'
import { bytesOf, fileOf, fixture, importFixture, type ImportFixture } from './setup'

/** The journal's own rules, on small CSV files (UTF-8): grouping, 摘要, 辅助核算, names, dates, totals, caps. */
describe('journal rules beyond the bad/ fixtures', () => {
  const t = tempDir()
  let f: ImportFixture
  beforeAll(async () => {
    f = await importFixture(t.dir)
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  const HEADER = '日期,凭证号,摘要,科目编码,科目名称,借方金额,贷方金额,往来单位,附单据数'
  const csv = (...lines: string[]) => bytesOf(Buffer.from([HEADER, ...lines].join('\r\n'), 'utf8'), 'journal.csv')

  async function preview(...lines: string[]) {
    return f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: csv(...lines), commit: false })
  }
  const at = (errors: ImportIssue[]) => errors.map((e) => [e.row, e.column, e.message])

  it('groups by month and number (记-12, 记12, 12 are one voucher), fills a blank 摘要 from the voucher, names bank items after the account', async () => {
    const r = await f.engine.invoke(f.clerk, 'import.vouchers', {
      villageId: f.villageId,
      file: csv(
        '2024-01-05,记-12,现金存入银行,10201,银行存款/农商行基本户,500.00,,,1',
        '2024-01-05,记12,,101,库存现金,,500.00,,',
        '2024/2/5,12,支付保洁费,5140101,公益支出/环境整治/保洁费,80,,,2',
        '2024年2月5日,12,支付保洁费,10202,农商行专户,,80,肥东农商行专户（项目资金）,2',
      ),
      commit: true,
    })
    expect(r).toMatchObject({ errorCount: 0, vouchers: 2, lines: 4, debit: '580.00', periods: [{ period: '2024-01', vouchers: 1 }, { period: '2024-02', vouchers: 1 }] })
    const jan = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: r.firstVoucherId as number })
    expect(jan.attachments).toBe(1)
    expect(jan.lines.map((l) => [l.summary, l.accountCode, l.auxItemName])).toEqual([
      ['现金存入银行', '10201', '农商行基本户'],
      ['现金存入银行', '101', null],
    ])
    const feb = await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: r.lastVoucherId as number })
    expect(feb.lines[1]).toMatchObject({ accountCode: '10202', auxItemName: '肥东农商行专户（项目资金）' })
  })

  it('refuses the same number split over separate places, a one-line voucher, differing dates and attachments', async () => {
    const r = await preview(
      '2024-01-05,记-1,a,101,,10,,,1',
      '2024-01-05,记-1,a,50402,,,10,,2',
      '2024-01-06,记-2,b,101,,10,,,',
      '2024-01-05,记-1,c,101,,5,,,',
      '2024-01-07,记-3,d,101,,7,,,',
      '2024-01-07,记-4,e,101,,7,,,',
      '2024-01-08,记-4,e,50402,,,7,,',
    )
    expect(at(r.errors)).toEqual([
      [2, 'F:G', '凭证 记-0001（第 2–5 行）借贷不平衡：借方合计 15.00 ≠ 贷方合计 10.00'],
      [3, 'I', '同一凭证的附单据数应一致：本行 2，前面的行为 1'],
      [4, null, '凭证 记-0002（第 4 行）只有一行分录，至少要有两行'],
      [4, 'F:G', '凭证 记-0002（第 4 行）借贷不平衡：借方合计 10.00 ≠ 贷方合计 0.00'],
      [5, 'B', '凭证号 记-0001 在2024年1月已用于第 2–3 行的凭证：同一凭证的分录应相邻，不同凭证不能同号'],
      [6, null, '凭证 记-0003（第 6 行）只有一行分录，至少要有两行'],
      [6, 'F:G', '凭证 记-0003（第 6 行）借贷不平衡：借方合计 7.00 ≠ 贷方合计 0.00'],
      [8, 'A', '同一凭证的日期应一致：本行 2024-01-08，凭证 记-0004 首行（第 7 行）为 2024-01-07'],
    ])
  })

  it('辅助核算: 往来单位/农户 required, none on other accounts; 科目名称 must name the account; dates before the books start', async () => {
    const r = await preview(
      '2024-01-05,记-1,借款,11301,内部往来/农户往来,100,,,',
      '2024-01-05,记-1,借款,101,库存现金,,100,王某,',
      '2024-01-06,记-2,收款,101,银行存款,20,,,',
      '2024-01-06,记-2,收款,11201,应收款-应收单位款项,,20,肥东聚丰食品有限公司,',
      '2023-12-31,记-9,旧账,101,,1,,,',
      '2023-12-31,记-9,旧账,50402,,,1,,',
    )
    expect(at(r.errors)).toEqual([
      [2, 'H', '科目“11301 农户往来”需要填写农户'],
      [3, 'H', '科目“101 库存现金”不设辅助核算，往来单位应为空（本行为“王某”）'],
      [4, 'E', '科目名称“银行存款”与科目编码 101（库存现金）不符'],
      [6, 'A', '凭证 记-0009 的日期 2023-12-31 早于建账期间 2024年1月'],
    ])
  })

  it('a 合计 row must be the last; text amounts with separators; empty journals', async () => {
    const r = await preview('2024-01-05,记-1,a,101,,"1,000.00",,,', '2024-01-05,记-1,a,50402,,,1000,,', ',,合计,,,"1,000.00","1,000.00",,', '2024-01-06,记-2,b,101,,1,,,')
    expect(at(r.errors)).toEqual([[5, null, '合计行之后不应再有数据；合计行应为最后一行']])
    const empty = await preview()
    expect(at(empty.errors)).toEqual([[null, null, '文件中没有凭证分录（只有表头）']])
  })

  it('totals beyond 10 万亿元 are a problem, not a crash', async () => {
    const big = '9999999999999.99'
    const r = await preview(`2024-01-05,记-1,a,101,,${big},,,`, `2024-01-05,记-1,a,50402,,,${big},,`, `2024-01-05,记-2,a,101,,${big},,,`, `2024-01-05,记-2,a,50402,,,${big},,`)
    expect(r.errors.map((e) => e.message)).toContain('文件的金额合计超出允许范围（超过 10 万亿元），请检查金额')
    expect(r.debit).toBe('0.00')
  })

  it('a closed month is refused', async () => {
    // January holds the draft of the first test: review and post it, then close the month
    const drafts = await f.engine.invoke(f.reviewer, 'voucher.list', { villageId: f.villageId, from: '2024-01', to: '2024-01', status: 'draft' })
    await f.engine.invoke(f.reviewer, 'voucher.review', { villageId: f.villageId, voucherIds: drafts.rows.map((x) => x.id) })
    await f.engine.invoke(f.reviewer, 'voucher.post', { villageId: f.villageId, voucherIds: drafts.rows.map((x) => x.id) })
    await f.engine.invoke(f.clerk, 'period.close', { villageId: f.villageId, period: '2024-01' })
    const r = await preview('2024-01-20,记-1,a,101,,1,,,', '2024-01-20,记-1,a,50402,,,1,,')
    expect(at(r.errors)).toEqual([[2, 'A', '2024年1月已结账，不能导入该月的凭证 记-0001']])
  })
})
