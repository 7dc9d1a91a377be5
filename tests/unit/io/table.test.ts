import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { amountOf, dateOf, type CellValue } from '../../../electron/core/io/cells'
import { DEFAULT_LIMITS, SpreadsheetError, type ReadLimits } from '../../../electron/core/io/limits'
import { newTableInfo, readTable, type TableInfo, type TableRow } from '../../../electron/core/io/table'
import { JOURNAL_SPEC } from '../../../electron/core/ledger/imports/vouchers'
import { buildXlsx, buildZip, JOURNAL_HEADER, sheetXml, type XCell } from './xlsxBuilder'

type JKey = (typeof JOURNAL_SPEC.columns)[number]['key']

async function read(bytes: Buffer, name = 'book.xlsx', limits: Partial<ReadLimits> = {}): Promise<{ rows: TableRow<JKey>[]; info: TableInfo<JKey> }> {
  const info = newTableInfo<JKey>()
  const rows: TableRow<JKey>[] = []
  for await (const r of readTable({ name, bytes }, JOURNAL_SPEC, info, { ...DEFAULT_LIMITS, ...limits })) rows.push(r)
  return { rows, info }
}

async function refusal(bytes: Buffer, name = 'book.xlsx', limits: Partial<ReadLimits> = {}): Promise<string> {
  try {
    await read(bytes, name, limits)
  } catch (e) {
    if (e instanceof SpreadsheetError) return e.message
    throw e
  }
  throw new Error('not refused')
}

const LINE: XCell[] = [45293, '记-0001', '收取租金', '10201', '银行存款/农商行基本户', 17254.13, null, null, 1]
const book = (rows: XCell[][], o: Parameters<typeof sheetXml>[1] = {}) => buildXlsx([{ name: '序时账', xml: sheetXml(rows, o) }])

describe('finding the table: header by its names anywhere in the first 20 rows, any order, synonyms', () => {
  it('skips title and blank rows, maps reordered and synonym columns, skips blank data rows', async () => {
    const header: XCell[] = ['借方', '贷方', '凭证字号', '日期', '科目代码', '摘 要', '往来单位', '无关列']
    const bytes = book(
      [
        ['杨桥村股份经济合作社 序时账'],
        [],
        ['2024年1月  单位：元'],
        header,
        [100, null, '记-1', '2024/1/3', '101', '存现', null, 'x'],
        [],
        [null, 100, '记-1', '2024/1/3', '10201', '存现', null, null],
      ],
      { merges: ['A1:H1'] },
    )
    const { rows, info } = await read(bytes)
    expect(info).toMatchObject({ sheet: '序时账', headerRow: 4, format: 'xlsx', date1904: false, structural: [] })
    expect(info.letters).toEqual({ debit: 'A', credit: 'B', number: 'C', date: 'D', code: 'E', summary: 'F', aux: 'G' })
    expect(info.notices).toEqual(['未使用的列：H 列「无关列」'])
    expect(rows.map((r) => r.row)).toEqual([5, 7])
    expect(rows[0]?.values).toEqual({ debit: 100, number: '记-1', date: '2024/1/3', code: '101', summary: '存现' })
  })

  it('names every missing column with the names it may go by', async () => {
    const message = await refusal(book([['日期', '凭证号', '摘要', '借方金额'], LINE]))
    expect(message).toBe('工作表「序时账」第 1 行像是序时账的表头，但缺少列：「科目编码」（也可写作：科目代码、科目编号、会计科目编码、会计科目代码）；「贷方金额」（也可写作：贷方、贷方发生额、贷方本币）')
  })

  it('refuses a header with the same column twice, an empty workbook, and a sheet without any header', async () => {
    expect(await refusal(book([[...JOURNAL_HEADER, '借方'], LINE]))).toBe('工作表「序时账」第 1 行表头中有重复的列：「借方」（F 列和 J 列）')
    expect(await refusal(book([]))).toBe('文件中没有数据（未找到表头）')
    expect(await refusal(book([['甲'], ['乙']]))).toMatch(/^未找到序时账的表头：前 20 行中没有包含「日期」「凭证号」「摘要」「科目编码」「借方金额」「贷方金额」等列名的行$/)
  })

  it('reads the sheet that has the header; refuses two such sheets, and a hidden one', async () => {
    const notes = { name: '说明', xml: sheetXml([['本表为序时账']]) }
    const data = { name: '数据', xml: sheetXml([JOURNAL_HEADER, LINE]) }
    const r = await read(buildXlsx([notes, data]))
    expect(r.info.sheet).toBe('数据')
    expect(r.rows).toHaveLength(1)
    expect(await refusal(buildXlsx([data, { ...data, name: '数据2' }]))).toBe('工作簿中有多个工作表含有序时账表头（「数据」、「数据2」），请只保留一个后再导入')
    expect(await refusal(buildXlsx([notes, { ...data, state: 'hidden' }]))).toBe('含有序时账表头的工作表「数据」是隐藏的，请取消隐藏并核对后再导入')
  })
})

describe('what exceljs’ streaming reader would miss or garble', () => {
  it('merged ranges in the data area are reported with their range; title merges are not', async () => {
    const { info, rows } = await read(book([['标题'], JOURNAL_HEADER, LINE, [null, null, '收取租金', '50102', null, null, 17254.13]], { merges: ['A1:I1', 'A3:A4', 'B3:B4'] }))
    expect(info.structural.map((s) => [s.row, s.column, s.message])).toEqual([
      [3, 'A', 'A3:A4 为合并单元格'],
      [3, 'B', 'B3:B4 为合并单元格'],
    ])
    // the merged slave cells stay empty: the master's value is never copied down
    expect(rows[1]?.values.date).toBeUndefined()
  })

  it('hidden data rows and ISO date cells (t="d") are reported', async () => {
    const { info } = await read(book([JOURNAL_HEADER, LINE, [{ isoDate: '2024-01-03T00:00:00Z' }, ...LINE.slice(1)], LINE], { hiddenRows: [4] }))
    expect(info.structural.map((s) => s.message)).toEqual([
      '第 4 行是隐藏行，请取消隐藏并核对后再导入（不导入看不见的数据）',
      'A3 为 ISO 日期格式单元格，无法可靠读取，请在 Excel 中重新保存后再导入',
    ])
  })

  it('formulas (shared-formula children too) and error cells keep their kind', async () => {
    const { rows } = await read(
      book([
        JOURNAL_HEADER,
        [45293, '记-1', 'a', '101', null, { f: 'F3+1', v: 2 }, null],
        [45293, '记-1', 'a', '101', null, { f: '', v: 3, shared: true }, { error: '#DIV/0!' }],
      ]),
    )
    expect(rows[0]?.values.debit).toEqual({ kind: 'formula', formula: '=F3+1', result: 2 })
    expect(rows[1]?.values.debit).toEqual({ kind: 'formula', formula: '=（共享公式）', result: 3 })
    expect(rows[1]?.values.credit).toEqual({ kind: 'error', error: '#DIV/0!' })
    expect(amountOf(rows[1]?.values.credit as CellValue)).toEqual({ ok: false, message: '单元格为错误值 #DIV/0!，请改正后再导入' })
  })

  it('keeps Chinese text whole when a character straddles two inflated chunks', async () => {
    const memo = '收取标准厂房B幢租金（2024年度）甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'
    const lines = Array.from({ length: 6000 }, (_, i): XCell[] => [45293, `记-${i + 1}`, `${memo}${i}`, '101', null, 1, null])
    const { rows } = await read(book([JOURNAL_HEADER, ...lines]))
    expect(rows).toHaveLength(6000)
    expect(rows.every((r, i) => r.values.summary === `${memo}${i}`)).toBe(true)
  })

  it('reads a workbook written by exceljs: shared strings, rich text, date cells, 1904 dates', async () => {
    const wb = new ExcelJS.Workbook()
    wb.properties.date1904 = true
    const ws = wb.addWorksheet('序时账')
    ws.addRow(JOURNAL_HEADER)
    ws.addRow([new Date(Date.UTC(2024, 2, 5)), '记-1', { richText: [{ text: '收取' }, { text: '租金', font: { bold: true } }] }, '10201', null, 12345.6, null])
    ws.getCell('A2').numFmt = 'yyyy-mm-dd'
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    const { rows, info } = await read(bytes)
    expect(info.date1904).toBe(true)
    const v = rows[0]?.values
    expect(v?.summary).toBe('收取租金')
    expect(dateOf(v?.date as CellValue, info.date1904)).toEqual({ ok: true, value: '2024-03-05' })
    expect(amountOf(v?.debit as CellValue)).toEqual({ ok: true, value: 1234560 })
  })
})

describe('caps and refusals of the file as a whole (reliability.md H-04…H-07)', () => {
  it('refuses what is not an .xlsx: random bytes, a legacy .xls / encrypted workbook, an encrypted zip entry, an empty file', async () => {
    expect(await refusal(Buffer.from('not a workbook at all'), 'x.xlsx')).toBe('不是有效的 Excel 文件（.xlsx），也不是 CSV 文件')
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)])
    expect(await refusal(ole)).toMatch(/旧版 \.xls 文件或加密的工作簿/)
    expect(await refusal(buildXlsx([{ name: 'a', xml: sheetXml([JOURNAL_HEADER]) }], { zip: { encrypted: ['xl/worksheets/sheet1.xml'] } }))).toBe('文件已加密，请先在 Excel 中取消密码保护后再导入')
    expect(await refusal(Buffer.alloc(0))).toBe('文件是空的（0 字节）')
    expect(await refusal(buildZip({ 'a.txt': 'x' }))).toBe('不是有效的 Excel 文件（.xlsx）：缺少工作簿内容')
  })

  it('refuses a file over the size cap without reading it', async () => {
    expect(await refusal(book([JOURNAL_HEADER, LINE]), 'b.xlsx', { maxFileBytes: 100 })).toMatch(/^文件过大（0 MB），单个文件不能超过 0 MB/)
  })

  it('stops a zip bomb at the declared size, and at the counted size when the directory lies', async () => {
    const blank = ' '.repeat(3 * 1024 * 1024)
    const honest = buildXlsx([{ name: 'a', xml: sheetXml([JOURNAL_HEADER]).replace('<sheetData>', `<sheetData>${blank}`) }])
    expect(honest.length).toBeLessThan(64 * 1024)
    expect(await refusal(honest, 'b.xlsx', { maxInflatedBytes: 1024 * 1024 })).toBe('文件解压后超过 1 MB，可能是异常文件（压缩炸弹），不能导入')
    const liar = buildXlsx([{ name: 'a', xml: sheetXml([JOURNAL_HEADER]).replace('<sheetData>', `<sheetData>${blank}`) }], { zip: { declaredSize: { 'xl/worksheets/sheet1.xml': 100 } } })
    expect(await refusal(liar, 'b.xlsx', { maxInflatedBytes: 1024 * 1024 })).toBe('文件解压后超过 1 MB，可能是异常文件（压缩炸弹），不能导入')
  })

  it('stops at the row cap and at the time cap', async () => {
    const many = book([JOURNAL_HEADER, ...Array.from({ length: 50 }, () => LINE)])
    expect(await refusal(many, 'b.xlsx', { maxRows: 20 })).toBe('工作表「序时账」超过 20 行的上限，请拆分后再导入')
    expect(await refusal(many, 'b.xlsx', { timeoutMs: -1 })).toMatch(/^读取文件超时/)
  })

  it('maps XML entity tricks to “文件格式异常”', async () => {
    const ss = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&a;</t></si></sst>'
    const bytes = buildXlsx([{ name: 'a', xml: sheetXml([JOURNAL_HEADER]) }], { sharedStrings: ss })
    expect(await refusal(bytes)).toMatch(/^文件格式异常/)
  })
})
