import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { csvRecords, decodeCsv } from '../../../electron/core/io/csv'
import { SpreadsheetError } from '../../../electron/core/io/limits'
import { newTableInfo, readTable } from '../../../electron/core/io/table'
import { JOURNAL_SPEC } from '../../../electron/core/ledger/imports/vouchers'

const records = (text: string) => [...csvRecords(text)].map((r) => [r.row, r.cells])

describe('CSV: encoding detection (UTF-8 with or without BOM, else GBK)', () => {
  it('reads UTF-8 with a BOM, UTF-8 without, and GBK', () => {
    expect(decodeCsv(Buffer.from('\ufeff日期,金额\r\n', 'utf8'))).toEqual({ text: '日期,金额\r\n', encoding: 'UTF-8（带 BOM）' })
    expect(decodeCsv(Buffer.from('日期,金额\n', 'utf8'))).toEqual({ text: '日期,金额\n', encoding: 'UTF-8' })
    // 日期,金额 in GBK
    expect(decodeCsv(Buffer.from([0xc8, 0xd5, 0xc6, 0xda, 0x2c, 0xbd, 0xf0, 0xb6, 0xee]))).toEqual({ text: '日期,金额', encoding: 'GBK' })
    const fixture = decodeCsv(readFileSync('/work/shared/fixtures/journal-2024-gbk.csv'))
    expect(fixture.encoding).toBe('GBK')
    expect(fixture.text.startsWith('日期,凭证号,摘要,科目编码,科目名称,借方金额,贷方金额,往来单位,附单据数\r\n')).toBe(true)
  })

  it('refuses UTF-16 with a hint', () => {
    expect(() => decodeCsv(Buffer.from([0xff, 0xfe, 0x65, 0x65]))).toThrow(/不支持 UTF-16/)
  })
})

describe('CSV: RFC 4180 records, every field text', () => {
  it('splits on commas, keeps quoted commas, doubled quotes and line breaks, accepts CRLF, LF and CR', () => {
    expect(records('a,b,c\r\n1,"2,3","say ""hi"""\r\n')).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', '2,3', 'say "hi"']],
    ])
    expect(records('a,"line1\r\nline2",c\nx,,\rlast')).toEqual([
      [1, ['a', 'line1\r\nline2', 'c']],
      [2, ['x', '', '']],
      [3, ['last']],
    ])
    expect(records('"",""\n')).toEqual([[1, ['', '']]])
  })

  it('never turns text into numbers: 0012, 1e3, 0x10 and spaces stay as written', () => {
    expect(records('0012,1e3,0x10,  ,2024-03-05')).toEqual([[1, ['0012', '1e3', '0x10', '  ', '2024-03-05']]])
  })

  it('reads tab-separated text when the first line has tabs and no commas', () => {
    expect(records('日期\t金额\n2024-03-05\t1,000.00\n')).toEqual([
      [1, ['日期', '金额']],
      [2, ['2024-03-05', '1,000.00']],
    ])
  })

  it('refuses an unterminated quote and text after a closing quote', () => {
    expect(() => records('a,"open\nb,c')).toThrow(new SpreadsheetError('CSV 格式错误：第 1 行的引号没有结束'))
    expect(() => records('a,"x"y,c')).toThrow(new SpreadsheetError('CSV 格式错误：第 1 行引号后面还有字符（引号不配对）'))
  })

  it('finds the header and the columns of a CSV journal like a workbook’s', async () => {
    const text = '\ufeff说明：2024 年序时账\r\n\r\n凭证号,日期,摘要,科目编码,借方金额,贷方金额\r\n记-1,2024-01-03,"租金,一季度",10201,"1,000.00",\r\n'
    const info = newTableInfo<(typeof JOURNAL_SPEC.columns)[number]['key']>()
    const rows = []
    for await (const r of readTable({ name: 'j.csv', bytes: Buffer.from(text, 'utf8') }, JOURNAL_SPEC, info)) rows.push(r)
    expect(info).toMatchObject({ format: 'csv', encoding: 'UTF-8（带 BOM）', headerRow: 3, sheet: 'j' })
    expect(rows).toEqual([{ row: 4, values: { number: '记-1', date: '2024-01-03', summary: '租金,一季度', code: '10201', debit: '1,000.00', credit: '' } }])
  })
})

describe('CSV: a file that is not a table', () => {
  it('refuses a record with more columns than a spreadsheet has', () => {
    expect(() => [...csvRecords(','.repeat(20_000))]).toThrow('CSV 格式错误：第 1 行超过 16384 列，不像是表格数据')
  })
})
