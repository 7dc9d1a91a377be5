import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportIssue } from '../../../shared/api/types'
import { tempDir } from '../../helpers/temp'
import { bytesOf, fileOf, fixture, importFixture, rowCounts, type ImportFixture, type ImportMethod } from './setup'

type Cell = string | number | null

async function workbook(rows: Cell[][], sheet = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(sheet)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const CHART_HEADER: Cell[] = ['科目编码', '科目名称', '上级科目', '辅助核算', '科目类别', '余额方向']
const OPENING_HEADER: Cell[] = ['科目编码', '科目名称', '方向', '期初余额', '往来单位']

describe('chart and opening-balance files: refused with the row and column, nothing written', () => {
  const t = tempDir()
  let f: ImportFixture
  beforeAll(async () => {
    f = await importFixture(t.dir)
  })
  afterAll(async () => {
    await f.engine.close()
    t.cleanup()
  })

  async function problems(method: ImportMethod, rows: Cell[][], name = 'file.xlsx'): Promise<[number | null, string | null, string][]> {
    const file = bytesOf(await workbook(rows), name)
    const before = await rowCounts(f.engine)
    const r = await f.engine.call(f.clerk, method, { villageId: f.villageId, file, commit: true })
    expect(r.ok).toBe(false)
    expect(await rowCounts(f.engine)).toEqual(before)
    if (r.ok) return []
    return ((r.error.details?.errors ?? []) as ImportIssue[]).map((e) => [e.row, e.column, e.message])
  }

  it('chart: first-level accounts must be the official ones; sub-accounts need a parent; codes once', async () => {
    expect(
      await problems('import.chart', [
        CHART_HEADER,
        ['101', '现金', null, null, '资产', '借'],
        ['199', '其他资产', null, null, '资产', '借'],
        ['60101', '某收入', null, null, null, null],
        ['10203', '信用社', '101', null, null, null],
        ['10204', '农行', null, '客户经理', '负债', null],
        ['10205', '工行', null, null, null, null],
        ['10205', '工行二', null, null, null, null],
        ['1020', '错码', null, null, null, null],
        ['10206', '建行/专户', null, null, null, null],
      ]),
    ).toEqual([
      [2, 'B', '一级科目 101 的名称应为“库存现金”，文件中为“现金”'],
      [3, 'A', '一级科目 199 不在《农村集体经济组织会计制度》（2023）的科目表中；一级科目由会计制度规定，不能自行增设'],
      [4, 'A', '科目 60101 的上级科目 601 既不在本村科目表中，也不在文件中'],
      [5, 'C', '科目 10203 的上级科目应为 102，而不是“101”'],
      [6, 'D', '辅助核算“客户经理”无法识别，可填：往来单位、农户、项目、银行账户，或留空'],
      [6, 'E', '科目 10204 属于“资产”类，文件中为“负债”'],
      [8, 'A', '科目编码 10205 与第 7 行重复'],
      [9, 'A', '科目编码“1020”不符合 3-2-2-2 规则（一级 3 位，以下每级 2 位，最多 4 级）'],
      [10, 'B', '科目名称不能含有“/”“\\”或控制字符（“/”用来分隔科目的各级名称）'],
    ])
  })

  it('chart: an existing code keeps its name and kind; a parent with children carries no auxiliary kind', async () => {
    await f.engine.invoke(f.clerk, 'import.chart', { villageId: f.villageId, file: fileOf(fixture('chart.xlsx')), commit: true })
    expect(
      await problems('import.chart', [
        CHART_HEADER,
        ['10201', '基本户', '102', '银行账户', null, null],
        ['11201', '应收单位款项', '112', '农户', null, null],
        ['51401', '环境整治', '514', '项目', null, null],
      ]),
    ).toEqual([
      [2, 'B', '科目 10201 已存在，名称为“农商行基本户”，文件中为“基本户”；如需改名请在科目表中修改'],
      [3, 'D', '科目 11201 已存在，辅助核算为“往来单位”，文件中为“农户”'],
      [4, 'D', '科目 51401 有下级科目，只有末级科目可以设置辅助核算'],
    ])
    // the same accounts again, a new one added: only the new one is created
    const ok = await f.engine.invoke(f.clerk, 'import.chart', {
      villageId: f.villageId,
      file: bytesOf(await workbook([CHART_HEADER, ['10201', '农商行基本户', '102', '银行账户', '资产', '借'], ['51309', '聘用人员工资', '513', null, null, null], ['5130901', '临时用工', '51309', null, null, null]]), 'more.xlsx'),
      commit: true,
    })
    expect(ok).toMatchObject({ created: 1, unchanged: 2, createdCodes: ['5130901'] })
  })

  it('opening: unbalanced files, missing counterparties, negative amounts, non-leaf and unknown accounts', async () => {
    expect(
      await problems('import.opening', [
        OPENING_HEADER,
        ['101', '库存现金', '借', 100, null],
        ['11201', '应收款/应收单位款项', '借', 50, null],
        ['30101', '资本/集体投入资本', '贷', -20, null],
        ['102', '银行存款', '借', 10, null],
        ['999', '不存在', '借', 1, null],
        ['21101', '应付款/应付单位款项', null, 5, '某公司'],
        ['50101', '经营收入/出租收入', '贷', 1, null],
        ['101', '库存现金', '借', 1, null],
      ]),
    ).toEqual([
      [3, 'E', '科目“11201 应收单位款项”需要按往来单位分别填写期初余额'],
      [4, 'D', '期初余额不能为负数，贷方余额请在“方向”列填“贷”'],
      [5, 'A', '“102 银行存款”不是末级科目，期初余额应录入其明细科目'],
      [6, 'A', '科目 999 不存在（本村科目表中没有这个编码，请先导入科目表）'],
      [7, 'C', '方向不能为空（借或贷）'],
      [8, 'B', '科目名称“经营收入/出租收入”与科目编码 50101（经营收入/发包收入）不符'],
      [9, 'A', '与第 2 行重复：同一科目只能有一行期初余额'],
    ])
  })

  it('opening: a file that does not balance is refused as a whole', async () => {
    expect(await problems('import.opening', [OPENING_HEADER, ['101', '库存现金', '借', 100, null], ['30101', null, '贷', '90.00', null]])).toEqual([
      [null, null, '期初余额借贷不平衡：借方合计 100.00，贷方合计 90.00，相差 10.00'],
    ])
  })

  it('opening: the 借方/贷方 layout is read too, and the import replaces what was there', async () => {
    const rows: Cell[][] = [
      ['期初余额表'],
      ['科目代码', '科目名称', '期初借方', '期初贷方', '往来单位'],
      ['101', '库存现金', '1,000.00', null, null],
      ['11201', '应收单位款项', 500, null, '肥东聚丰食品有限公司'],
      ['30101', '集体投入资本', null, 1500, null],
      ['合计', null, 1500, 1500, null],
    ]
    const r = await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: bytesOf(await workbook(rows), 'ob.xlsx'), commit: true })
    expect(r).toMatchObject({ committed: true, headerRow: 2, rows: 3, debit: '1500.00', credit: '1500.00', balanced: true, newAuxItems: 1 })
    const again = await f.engine.invoke(f.clerk, 'import.opening', { villageId: f.villageId, file: fileOf(fixture('opening-balances.xlsx')), commit: true })
    expect(again).toMatchObject({ rows: 49, replaced: 3 })
    expect(again.notices).toContain('已替换本村原有的 3 行期初余额')
    const ob = await f.engine.invoke(f.clerk, 'opening.get', { villageId: f.villageId })
    expect(ob.rows.some((x) => x.auxItemName === '肥东聚丰食品有限公司' && x.amount === '6751.42')).toBe(true)
    expect(ob.rows.find((x) => x.code === '101')?.amount).toBe('3213.10')
  })
})
