import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { defineSheet, writeWorkbook } from '../../../electron/core/io/workbook'
import { tempDir } from '../../helpers/temp'

interface Row {
  name: string
  fen: number
  level: number
}

describe('the workbook builder: two-row headers, per-cell looks, totals, progress, footers written after the rows', () => {
  const t = tempDir()
  afterAll(() => t.cleanup())

  it('streams 2,500 rows with progress, sums 分 exactly and writes the footer computed from the rows', async () => {
    const path = join(t.dir, 'b.xlsx')
    const progress: number[] = []
    let seen = 0
    async function* rows(): AsyncGenerator<Row> {
      for (let i = 0; i < 2500; i++) {
        seen++
        yield { name: i === 0 ? '=1+1' : `项目${i}`, fen: i === 1 ? 10 : 20, level: (i % 3) + 1 }
      }
    }
    const r = await writeWorkbook(
      path,
      [
        defineSheet<Row>({
          name: '测试/表?',
          title: '测试表',
          subtitles: [{ left: '编制单位：某村', center: '2024年3月', right: '单位：元' }],
          headerGroups: [
            { label: '', span: 1 },
            { label: '金额', span: 2 },
          ],
          columns: [
            { header: '项目', width: 20, kind: 'text', value: (x) => x.name, style: (x) => ({ indent: x.level - 1, bold: x.level === 1 }) },
            { header: '借方', width: 14, kind: 'money', value: (x) => x.fen, sum: true },
            { header: '贷方', width: 14, kind: 'money', value: () => null },
          ],
          rows: rows(),
          totals: { label: '合计' },
          notes: () => [`共 ${seen} 行`],
          signatures: ['制表'],
          footer: () => `读到 ${seen} 行`,
        }),
      ],
      { onProgress: (n) => progress.push(n) },
    )
    expect(r.rows).toBe(2500)
    expect(progress).toEqual([1000, 2000, 2500])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const ws = wb.worksheets[0] as ExcelJS.Worksheet
    expect(ws.name).toBe('测试_表_')
    expect([ws.getCell('A2').value, ws.getCell('B2').value, ws.getCell('C2').value]).toEqual(['编制单位：某村', '2024年3月', '单位：元'])
    expect([ws.getCell('A3').value, ws.getCell('B3').value, ws.getCell('C3').value]).toEqual(['项目', '金额', '金额'])
    expect([ws.getCell('A4').value, ws.getCell('B4').value, ws.getCell('C4').value]).toEqual(['项目', '借方', '贷方'])
    expect(ws.getCell('A5').value).toBe("'=1+1")
    expect(ws.getCell('A5').font?.bold).toBe(true)
    expect(ws.getCell('A6').alignment).toMatchObject({ horizontal: 'left', indent: 1 })
    expect(ws.getCell('B6').value).toBe(0.1)
    expect(ws.getCell('B6').numFmt).toBe('#,##0.00;-#,##0.00;"-"')
    const total = ws.getRow(5 + 2500)
    expect(total.getCell(1).value).toBe('合计')
    // 0.20 + 0.10 + 2498 × 0.20, summed in 分
    expect(total.getCell(2).value).toBe(499.9)
    expect(total.getCell(2).font?.bold).toBe(true)
    expect(ws.getRow(6 + 2500).getCell(1).value).toBe('共 2500 行')
    expect(ws.getRow(9 + 2500).getCell(1).value).toBe('读到 2500 行')
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 })
    ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)))
  })

  it('a failure while streaming leaves no file, not even the temporary one', async () => {
    const path = join(t.dir, 'fail', 'x.xlsx')
    async function* rows(): AsyncGenerator<Row> {
      yield { name: 'a', fen: 1, level: 1 }
      throw new Error('读取中断')
    }
    await expect(writeWorkbook(path, [defineSheet<Row>({ name: 's', title: 't', columns: [{ header: 'a', width: 5, kind: 'text', value: (x) => x.name }], rows: rows() })])).rejects.toThrow('读取中断')
    expect(existsSync(path)).toBe(false)
    expect(readdirSync(join(t.dir, 'fail'))).toEqual([])
  })
})
