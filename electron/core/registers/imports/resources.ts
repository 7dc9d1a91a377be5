import type { Kysely } from 'kysely'
import type { MethodParsedInput } from '../../../../shared/api/contract'
import type { ResourceImportResult } from '../../../../shared/api/resourceTypes'
import { addDays } from '../../../../shared/periods'
import { areaText, landClassOf, ownershipOf, parseArea, USE_STATUS_LABELS, USE_STATUS_WORDS } from '../../../../shared/registers/parcels'
import { requireActor, type Outcome, type ServiceContext } from '../../context'
import type { Database } from '../../db/schema'
import { dateOf, type CellValue } from '../../io/cells'
import type { TableInfo, TableSpec } from '../../io/table'
import {
  baseResult,
  type DecodedFile,
  decodeFile,
  insertBatch,
  inWriteTransaction,
  IssueList,
  MAX_REPORTED_ISSUES,
  previousImport,
  readImportRows,
  rejection,
} from '../../ledger/imports/common'
import { isTotalText } from '../../ledger/imports/names'
import { RowReader } from '../../ledger/imports/rowReader'
import { nowIso } from '../../audit/log'
import { insertParcel, type ParcelFields } from '../parcels'

/**
 * 导入资源台账: the layout of fixtures/resources.xlsx — 资源编号, 名称, 地类, 面积(亩), 坐落, 东至, 南至, 西至, 北至,
 * 宗地号, 权属, 使用状况, 承包方/承租方, 合同编号 — and optionally 权证号, 登记日期 and 备注. All or nothing, per-cell
 * problems. 合同编号 is not stored on the parcel: the contracts import links parcels through its 标的编号.
 */
type RKey = 'code' | 'name' | 'landClass' | 'area' | 'location' | 'east' | 'south' | 'west' | 'north' | 'parcelNo' | 'certificateNo' | 'ownership' | 'useStatus' | 'userName' | 'contract' | 'date' | 'note'

export const RESOURCE_SPEC: TableSpec<RKey> = {
  what: '资源台账',
  columns: [
    { key: 'code', label: '资源编号', aliases: ['编号', '资源编码', '地块编号', '编码'] },
    { key: 'name', label: '名称', aliases: ['资源名称', '地块名称'] },
    { key: 'landClass', label: '地类', aliases: ['土地类型', '地类名称', '资源类型', '类别'] },
    { key: 'area', label: '面积(亩)', aliases: ['面积', '面积（亩）', '亩数'] },
    { key: 'location', label: '坐落', aliases: ['坐落位置', '位置', '地址'] },
    { key: 'east', label: '东至', aliases: ['四至东', '东'] },
    { key: 'south', label: '南至', aliases: ['四至南', '南'] },
    { key: 'west', label: '西至', aliases: ['四至西', '西'] },
    { key: 'north', label: '北至', aliases: ['四至北', '北'] },
    { key: 'parcelNo', label: '宗地号', aliases: ['宗地编号', '地籍号'] },
    { key: 'certificateNo', label: '权证号', aliases: ['权证编号', '不动产权证号', '证书号'] },
    { key: 'ownership', label: '权属', aliases: ['所有权', '权属单位'] },
    { key: 'useStatus', label: '使用状况', aliases: ['使用状态', '利用现状', '经营方式'] },
    { key: 'userName', label: '承包方/承租方', aliases: ['承包方', '承租方', '使用人', '经营者'] },
    { key: 'contract', label: '合同编号', aliases: ['合同号'] },
    { key: 'date', label: '登记日期', aliases: ['入账日期'] },
    { key: 'note', label: '备注' },
  ],
  required: [['code', 'name', 'landClass', 'area', 'useStatus']],
}

const LABELS = Object.fromEntries(RESOURCE_SPEC.columns.map((c) => [c.key, c.label])) as Record<RKey, string>
const MAX: Partial<Record<RKey, number>> = { code: 30, name: 60, location: 100, east: 60, south: 60, west: 60, north: 60, parcelNo: 40, certificateNo: 60, ownership: 60, userName: 100, contract: 40, note: 500 }

interface RRow {
  row: number
  fields: ParcelFields
  date: string | null
  contract: string | null
}

interface Parsed {
  info: TableInfo<RKey>
  issues: IssueList<RKey>
  rows: RRow[]
}

async function parseResources(file: DecodedFile): Promise<Parsed> {
  const rows: Parsed['rows'] = []
  const read = await readImportRows(file, RESOURCE_SPEC, LABELS, (r, info, issues) => {
    const rd = new RowReader<RKey>(r, info, issues, LABELS, ['code'], MAX)
    const cell = (k: RKey): CellValue => rd.cell(k)
    const text = (k: RKey, required: boolean) => rd.text(k, required)
    const code = text('code', true)
    if (isTotalText(code) || isTotalText(text('name', false))) return
    const name = text('name', true)
    const classText = text('landClass', true)
    const landClass = classText === null ? null : landClassOf(classText)
    if (classText !== null && landClass === null) {
      rd.fail('landClass', `地类“${classText}”不在 GB/T 21010 土地利用现状分类中（可填 耕地、园地、林地、坑塘水面、设施农用地 等名称或 0101、1104 等编码）`)
    }
    let area: number | null = null
    const a = cell('area')
    if (a === null || (typeof a !== 'number' && typeof a !== 'string')) {
      rd.fail('area', a === null ? '面积(亩)不能为空' : '面积(亩)应为数字')
    } else {
      const parsed = parseArea(a)
      if (!parsed.ok) {
        rd.fail('area', parsed.reason)
      } else area = parsed.value
    }
    const statusText = text('useStatus', true)
    const useStatus = statusText === null ? null : (USE_STATUS_WORDS[statusText.replace(/\s/g, '')] ?? null)
    if (statusText !== null && useStatus === null) {
      rd.fail('useStatus', `使用状况应为 ${Object.values(USE_STATUS_LABELS).join('、')} 之一（而不是“${statusText}”）`)
    }
    const owner = ownershipOf(text('ownership', false) ?? '')
    const userName = text('userName', false)
    if ((useStatus === 'contracted' || useStatus === 'leased') && userName === null) issues.at(r.row, 'userName', `使用状况为“${USE_STATUS_LABELS[useStatus]}”的资源须填写承包方/承租方`)
    let date: string | null = null
    if (info.letters.date) {
      const d = dateOf(cell('date'), info.date1904)
      if (!d.ok) issues.at(r.row, 'date', d.message)
      else date = d.value
    }
    const fields = {
      location: text('location', false),
      east: text('east', false),
      south: text('south', false),
      west: text('west', false),
      north: text('north', false),
      parcelNo: text('parcelNo', false),
      certificateNo: text('certificateNo', false),
      contract: text('contract', false),
      note: text('note', false),
    }
    if (rd.bad || code === null || name === null || landClass === null || area === null || useStatus === null) return
    rows.push({
      row: r.row,
      date,
      contract: fields.contract,
      fields: {
        code,
        name,
        land_class: landClass,
        area,
        location: fields.location,
        east: fields.east,
        south: fields.south,
        west: fields.west,
        north: fields.north,
        parcel_no: fields.parcelNo,
        certificate_no: fields.certificateNo,
        ownership: owner.ownership,
        owner_name: owner.ownerName,
        use_status: useStatus,
        user_name: userName,
        note: fields.note,
      },
    })
  })
  return { ...read, rows }
}

/** the register date of a parcel already held when the books start: the day before */
export async function booksEve(db: Kysely<Database>, villageId: number): Promise<string> {
  const v = await db.selectFrom('village').select('start_period').where('id', '=', villageId).executeTakeFirstOrThrow()
  return addDays(`${v.start_period}-01`, -1)
}

async function checkResources(db: Kysely<Database>, villageId: number, file: DecodedFile, p: Parsed): Promise<void> {
  const { issues } = p
  const dup = await previousImport(db, villageId, 'resources', file.sha256)
  if (dup) issues.file(dup)
  if (p.info.headerRow === null) return
  const existing = new Map((await db.selectFrom('parcel').select(['code', 'name']).where('village_id', '=', villageId).execute()).map((a) => [a.code, a.name]))
  const seen = new Map<string, number>()
  for (const r of p.rows) {
    const prev = seen.get(r.fields.code)
    if (prev !== undefined) issues.at(r.row, 'code', `资源编号 ${r.fields.code} 与第 ${prev} 行重复`)
    else seen.set(r.fields.code, r.row)
    const had = existing.get(r.fields.code)
    if (had !== undefined) issues.at(r.row, 'code', `资源编号 ${r.fields.code} 已被本村资源“${had}”使用`)
  }
  if (p.rows.length === 0 && issues.empty) issues.file('文件中没有资源（只有表头）')
}

function result(file: DecodedFile, p: Parsed): ResourceImportResult {
  return {
    ...baseResult('resources', file, p.info),
    errors: p.issues.sorted().slice(0, MAX_REPORTED_ISSUES),
    errorCount: p.issues.count,
    parcels: p.rows.length,
    totalArea: areaText(p.rows.reduce((s, r) => s + r.fields.area, 0)),
    preview: p.rows.slice(0, 50).map((r) => ({ code: r.fields.code, name: r.fields.name, landClass: r.fields.land_class, area: areaText(r.fields.area), useStatus: r.fields.use_status, userName: r.fields.user_name })),
  }
}

export async function importResources(ctx: ServiceContext, input: MethodParsedInput<'import.resources'>): Promise<Outcome<ResourceImportResult>> {
  const actor = requireActor(ctx)
  const { villageId } = input
  const file = decodeFile(input.file)
  const parsed = await parseResources(file)
  if (!input.commit) {
    await checkResources(ctx.db, villageId, file, parsed)
    return { value: result(file, parsed) }
  }
  const value = await inWriteTransaction(ctx, 'import.resources', villageId, async (trx) => {
    await checkResources(trx, villageId, file, parsed)
    if (!parsed.issues.empty) throw rejection('资源台账', parsed.issues.sorted(), parsed.issues.count)
    const batchId = await insertBatch(trx, villageId, 'resources', file, parsed.rows.length, actor.id, nowIso())
    const eve = await booksEve(trx, villageId)
    for (const r of parsed.rows) await insertParcel(trx, villageId, r.fields, r.date ?? eve, actor.id, `导入登记（批次 ${batchId}）`)
    const out: ResourceImportResult = { ...result(file, parsed), committed: true, batchId }
    return { value: out, audit: { action: `导入资源台账“${file.name}”：${out.parcels} 宗，面积合计 ${out.totalArea} 亩`, after: { batchId, sha256: file.sha256, parcels: out.parcels } } }
  })
  return { value }
}
