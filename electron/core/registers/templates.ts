import { statSync } from 'node:fs'
import { dirname, extname, isAbsolute, join, resolve } from 'node:path'
import type { MethodParsedInput } from '../../../shared/api/contract'
import type { ImportTemplateResult } from '../../../shared/api/registerTypes'
import { AppError } from '../../../shared/errors'
import type { Outcome, ServiceContext } from '../context'
import { defineSheet, writeWorkbook } from '../io/workbook'
import type { TableSpec } from '../io/table'
import { ASSET_SPEC } from './imports/assets'
import { CONTRACT_SPEC } from './imports/contracts'
import { RESOURCE_SPEC } from './imports/resources'

/**
 * 导入模板: a workbook with the importer's own column names and one filled-in example row, written by the one
 * workbook builder. The importers find the header by its names, so the template's title rows are skipped and a
 * filled-in template imports as it is.
 */
type TemplateKind = MethodParsedInput<'import.template'>['kind']

const TEMPLATES: Record<TemplateKind, { spec: TableSpec<string>; example: Record<string, string | number>; notes: string[] }> = {
  assets: {
    spec: ASSET_SPEC as TableSpec<string>,
    example: {
      code: 'F01001', name: '村委会办公楼', category: '房屋及建筑物', nature: '非经营性', spec: '框架3层 1190㎡', unit: '幢', quantity: 1,
      location: '村部', mode: '自建', source: '集体自筹', acquired: '2006-05-23', original: '1926400.00', life: 360, salvage: '0.05',
      method: '年限平均法', accumulated: '1072631.16', status: '在用', custodian: '董海平', certificate: '皖(2023)肥东县不动产权第0027819号',
    },
    notes: [
      '每行一张卡片；资产编码在本村内不能重复。经营性/非经营性填“经营性”“非经营性”或“公益性”。',
      '金额以元为单位，最多两位小数；累计折旧为截至上次计提月末（未计提过的，为建账期初前一月末）的数额。',
      '折旧方法填“年限平均法”或“不计提”；固定资产科目、累计折旧科目、折旧费用科目可不填，按资产性质自动选择。',
    ],
  },
  resources: {
    spec: RESOURCE_SPEC as TableSpec<string>,
    example: {
      code: 'ZY001', name: '北岗地块', landClass: '耕地', area: '193.1521', location: '肥东县长临河镇杨桥村四组', east: '沟渠', south: '杨桥六组耕地',
      west: '杨桥六组耕地', north: '河道', parcelNo: '340122106211JA07446', ownership: '杨桥四组', useStatus: '发包', userName: '杨桥家庭农场', contract: 'HT2021-008',
    },
    notes: [
      '每行一宗资源；资源编号在本村内不能重复。地类按 GB/T 21010 填名称或编码（如 耕地、0101 水田）。',
      '面积以亩为单位，最多 4 位小数。使用状况：自营、发包、出租、闲置、承包到户、其他。合同编号可不填（导入合同时按标的编号关联）。',
    ],
  },
  contracts: {
    spec: CONTRACT_SPEC as TableSpec<string>,
    example: {
      number: 'HT2022-001', name: '临街门面房2号租赁合同', kind: '出租', partyA: '杨桥村股份经济合作社', partyB: '段峰凤', subjects: 'J01002',
      start: '2022-03-01', end: '2025-02-28', amount: '145800.00', frequency: '按季', escalation: '无', deposit: '12200.00', resolutionDate: '2022-01-16',
      received: '0.00', annual: '48600.00',
    },
    notes: [
      '每行一份合同；标的编号填资源编号或资产编码（多个用顿号分隔），须先导入资源和资产台账。',
      '合同金额为全期应收总额（含递增）；收款方式：按月、按季、按半年、按年、一次性；递增如“每年递增3%”“每2年递增5000元”或“无”。',
      '已收金额中已在账上记账的收款会自动匹配到凭证，其余视为建账前已收。',
    ],
  },
}

const TITLES: Record<TemplateKind, string> = { assets: '固定资产卡片', resources: '资源台账', contracts: '合同台账' }

export async function writeImportTemplate(kind: TemplateKind, path: string): Promise<void> {
  const t = TEMPLATES[kind]
  await writeWorkbook(path, [
    defineSheet<Record<string, string | number>>({
      name: t.spec.what,
      title: `${TITLES[kind]}导入模板`,
      // the notes stand above the header: the importer skips rows above it, while rows below it are data
      subtitles: ['表头下一行为示例，请删除后按同样格式填写；列的顺序可以调整，表头名称不能改', ...t.notes],
      columns: t.spec.columns.map((c) => ({ header: c.label, width: Math.max(10, c.label.length * 2 + 4), kind: 'text' as const, value: (r) => r[c.key] ?? null })),
      rows: [t.example],
      landscape: true,
    }),
  ])
}

export async function importTemplate(ctx: ServiceContext, input: MethodParsedInput<'import.template'>): Promise<Outcome<ImportTemplateResult>> {
  let path: string
  if (!input.to) path = join(dirname(ctx.engine.path), 'exports', `${TITLES[input.kind]}导入模板.xlsx`)
  else if (extname(input.to).toLowerCase() !== '.xlsx') throw new AppError('VALIDATION', `模板文件须以 .xlsx 结尾：${input.to}`)
  else path = isAbsolute(input.to) ? resolve(input.to) : resolve(dirname(ctx.engine.path), input.to)
  await writeImportTemplate(input.kind, path)
  return { value: { path, bytes: statSync(path).size } }
}
