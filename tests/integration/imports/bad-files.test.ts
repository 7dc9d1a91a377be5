import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportIssue, VoucherImportResult } from '../../../shared/api/types'
import { tempDir } from '../../helpers/temp'
import { fileOf, fixture, importFixture, rowCounts, type ImportFixture } from './setup'

/**
 * Every workbook of fixtures/bad/ gives the outcome bad/README.md expects, with sheet, row and column; a refused
 * file leaves every table and the audit log as they were (all-or-nothing).
 */
describe('fixtures/bad: each defect refused where it is, nothing written', () => {
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

  const bad = (name: string) => fileOf(fixture(`bad/${name}`))

  /** the preview lists the problems; the commit is refused with the same problems and changes nothing */
  async function refused(name: string): Promise<{ errors: ImportIssue[]; message: string; preview: VoucherImportResult }> {
    const preview = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: bad(name), commit: false })
    expect(preview.errorCount, name).toBeGreaterThan(0)
    const before = await rowCounts(f.engine)
    const r = await f.engine.call(f.clerk, 'import.vouchers', { villageId: f.villageId, file: bad(name), commit: true })
    expect(r.ok, name).toBe(false)
    if (r.ok) throw new Error('accepted')
    expect(r.error.code).toBe('VALIDATION')
    expect(r.error.message).toMatch(/^序时账未导入，账套没有任何改动：/)
    expect(await rowCounts(f.engine)).toEqual(before)
    const errors = (r.error.details?.errors ?? []) as ImportIssue[]
    expect(errors).toEqual(preview.errors)
    return { errors, message: r.error.message, preview }
  }

  const at = (errors: ImportIssue[]) => errors.map((e) => [e.row, e.column, e.message])

  it('control-valid.xlsx is accepted: 4 vouchers, 9 lines, 301,739.13', async () => {
    const r = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: bad('control-valid.xlsx'), commit: true })
    expect(r).toMatchObject({ committed: true, errorCount: 0, vouchers: 4, lines: 9, debit: '301739.13', credit: '301739.13' })
  })

  it('unbalanced-voucher.xlsx: 记-0001 (rows 4–5) 106,985.00 ≠ 106,805.00 in F:G', async () => {
    const { errors } = await refused('unbalanced-voucher.xlsx')
    expect(errors[0]).toMatchObject({ sheet: '序时账', row: 4, column: 'F:G', message: '凭证 记-0001（第 4–5 行）借贷不平衡：借方合计 106,985.00 ≠ 贷方合计 106,805.00' })
  })

  it('unknown-account.xlsx: D6 “51399 不存在”', async () => {
    const { errors } = await refused('unknown-account.xlsx')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ row: 6, column: 'D', columnName: '科目编码' })
    expect(errors[0]?.message).toMatch(/51399 不存在/)
  })

  it('three-decimals.xlsx: F4 and G5 “金额超过两位小数”, never rounded', async () => {
    const { errors } = await refused('three-decimals.xlsx')
    expect(at(errors)).toEqual([
      [4, 'F', '金额超过两位小数：106985.125（不会四舍五入）'],
      [5, 'G', '金额超过两位小数：106985.125（不会四舍五入）'],
    ])
  })

  it('impossible-date.xlsx: A6 and A7 “日期无效：2024-02-30”', async () => {
    const { errors } = await refused('impossible-date.xlsx')
    expect(at(errors)).toEqual([
      [6, 'A', '日期无效：2024-02-30'],
      [7, 'A', '日期无效：2024-02-30'],
    ])
  })

  it('formula-in-amount.xlsx: F4 “金额单元格含公式”, the cached result shown', async () => {
    const { errors } = await refused('formula-in-amount.xlsx')
    expect(at(errors)).toEqual([[4, 'F', '金额单元格含公式（=106885+100，缓存结果 106,985.00），请将公式转为数值后再导入']])
  })

  it('injection-text.xlsx is accepted and the memos are kept verbatim as text', async () => {
    const r = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: bad('injection-text.xlsx'), commit: true })
    expect(r).toMatchObject({ errorCount: 0, vouchers: 4, lines: 9 })
    const memos = []
    for (let id = r.firstVoucherId as number; id <= (r.lastVoucherId as number); id++) {
      memos.push((await f.engine.invoke(f.clerk, 'voucher.get', { villageId: f.villageId, voucherId: id })).lines[0]?.summary)
    }
    expect(memos.map((m) => m?.[0])).toEqual(['=', '+', '-', '@'])
    expect(memos[0]).toMatch(/^=HYPERLINK\(/)
  })

  it('merged-data-cells.xlsx: “A8:A10、B8:B10 为合并单元格”, no value copied to other rows', async () => {
    const { errors, message, preview } = await refused('merged-data-cells.xlsx')
    expect(message).toContain('A8:A10、B8:B10 为合并单元格')
    expect(at(errors)).toEqual([
      [null, null, 'A8:A10、B8:B10 为合并单元格：请取消合并，并在每一行填写完整的内容后再导入'],
      [8, 'A', 'A8:A10 为合并单元格'],
      [8, 'B', 'B8:B10 为合并单元格'],
    ])
    expect(preview.vouchers).toBe(0)
  })

  it('wrong-header.xlsx (凭证字号/科目代码/借方/贷方/附件数) is accepted by recognising the synonyms', async () => {
    const r = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file: bad('wrong-header.xlsx'), commit: true })
    expect(r).toMatchObject({ committed: true, errorCount: 0, vouchers: 4, lines: 9, debit: '301739.13' })
  })

  it('both-sides.xlsx: F4:G4 “借贷方不能同时有金额”', async () => {
    const { errors } = await refused('both-sides.xlsx')
    expect(at(errors)).toEqual([[4, 'F:G', '借贷方不能同时有金额（一行分录只能记在借方或贷方）']])
  })

  it('fullwidth-digits.xlsx: F4 and G5 “金额格式不正确” (strict policy, no NFKC)', async () => {
    const { errors } = await refused('fullwidth-digits.xlsx')
    expect(at(errors)).toEqual([
      [4, 'F', '金额格式不正确：“１０６９８５．００”含全角字符，请改为半角数字'],
      [5, 'G', '金额格式不正确：“１０６９８５．００”含全角字符，请改为半角数字'],
    ])
  })

  it('exponent.xlsx: F4 and G5 “金额格式不正确”, never read as 1000', async () => {
    const { errors } = await refused('exponent.xlsx')
    expect(at(errors)).toEqual([
      [4, 'F', '金额格式不正确：“1e3”（应为数字，最多两位小数，可带千分位逗号）'],
      [5, 'G', '金额格式不正确：“1e3”（应为数字，最多两位小数，可带千分位逗号）'],
    ])
  })

  it('negative-amount.xlsx: F10 “金额不能为负数”', async () => {
    const { errors } = await refused('negative-amount.xlsx')
    expect(at(errors)).toEqual([[10, 'F', '金额不能为负数（红字冲销请在系统内用冲销功能，不从文件导入）']])
  })

  it('empty.xlsx: “文件中没有数据（未找到表头）”', async () => {
    const { errors } = await refused('empty.xlsx')
    expect(at(errors)).toEqual([[null, null, '文件中没有数据（未找到表头）']])
  })

  it('not-a-workbook.xlsx: “不是有效的 Excel 文件”, no crash', async () => {
    const { errors } = await refused('not-a-workbook.xlsx')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^不是有效的 Excel 文件/)
  })

  it('total-mismatch.xlsx: row 13 F and G “合计 301,839.13 与明细合计 301,739.13 不符”', async () => {
    const { errors } = await refused('total-mismatch.xlsx')
    expect(at(errors)).toEqual([
      [13, 'F', '合计 301,839.13 与明细合计 301,739.13 不符'],
      [13, 'G', '合计 301,839.13 与明细合计 301,739.13 不符'],
    ])
  })

  it('the refusal lists every problem in the error details, located for the CLI and the window', async () => {
    const r = await f.engine.call(f.clerk, 'import.vouchers', { villageId: f.villageId, file: bad('three-decimals.xlsx'), commit: true })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.message).toBe('序时账未导入，账套没有任何改动：工作表「序时账」第 4 行 F 列（借方金额）：金额超过两位小数：106985.125（不会四舍五入）（共 2 处问题）')
    expect(r.error.details?.issues).toEqual([
      { path: '序时账!F4', message: '工作表「序时账」第 4 行 F 列（借方金额）：金额超过两位小数：106985.125（不会四舍五入）' },
      { path: '序时账!G5', message: '工作表「序时账」第 5 行 G 列（贷方金额）：金额超过两位小数：106985.125（不会四舍五入）' },
    ])
  })

  it('a commit after a preview checks against the books again (the file itself is read once)', async () => {
    const file = bad('unknown-account.xlsx')
    for (let i = 0; i < 2; i++) {
      const preview = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file, commit: false })
      expect(preview.errorCount).toBe(1) // not doubled by the second preview
    }
    await f.engine.invoke(f.clerk, 'account.create', { villageId: f.villageId, code: '51399', name: '其他', auxKind: null })
    const r = await f.engine.invoke(f.clerk, 'import.vouchers', { villageId: f.villageId, file, commit: true })
    expect(r).toMatchObject({ committed: true, errorCount: 0, vouchers: 4 })
  })

  it('only bookkeepers import; the auditor and the reviewer are refused before the file is read', async () => {
    const r = await f.engine.call(f.reviewer, 'import.vouchers', { villageId: f.villageId, file: bad('control-valid.xlsx'), commit: false })
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('refuses input that is not a file: bad base64, a name with control characters', async () => {
    const b = await f.engine.call(f.clerk, 'import.vouchers', { villageId: f.villageId, file: { fileName: 'a.xlsx', contentBase64: '***' }, commit: false })
    expect(b).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '「文件内容」不是有效的 base64' } })
    const n = await f.engine.call(f.clerk, 'import.vouchers', { villageId: f.villageId, file: { fileName: 'a\u0000.xlsx', contentBase64: '' }, commit: false })
    expect(n).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
