import type { AuditEntry, UserSummary, Village } from '../../../shared/api/types'
import { methods, isMethodName } from '../../../shared/api/contract'
import { ROLE_LABELS } from '../../../shared/roles'
import { defineSheet, writeWorkbook, type WorkbookOptions } from './workbook'

const LEVEL = { village: '村级', group: '组级' } as const
const STATUS = { active: '启用', disabled: '停用' } as const

export async function exportVillageRoster(path: string, agencyName: string, villages: Village[], options?: WorkbookOptions): Promise<void> {
  await writeWorkbook(
    path,
    [
      defineSheet<Village>({
        name: '村名册',
        title: '村级集体经济组织名册',
        subtitles: [`${agencyName}    共 ${villages.length} 个`],
        columns: [
          { header: '村编码', width: 14, kind: 'text', value: (v) => v.code },
          { header: '单位名称', width: 34, kind: 'text', value: (v) => v.name },
          { header: '级次', width: 7, kind: 'text', value: (v) => LEVEL[v.level] },
          { header: '上级村', width: 26, kind: 'text', value: (v) => v.parentName },
          { header: '统一社会信用代码', width: 22, kind: 'text', value: (v) => v.uscc },
          { header: '会计制度', width: 9, kind: 'text', value: (v) => `${v.chartVersion}年` },
          { header: '建账期间', width: 10, kind: 'text', value: (v) => v.startPeriod },
          { header: '联系人', width: 10, kind: 'text', value: (v) => v.contactPerson },
          { header: '联系电话', width: 16, kind: 'text', value: (v) => v.contactPhone },
          { header: '状态', width: 7, kind: 'text', value: (v) => STATUS[v.status] },
        ],
        rows: villages,
        signatures: ['单位负责人', '制表'],
        landscape: true,
      }),
    ],
    options,
  )
}

export async function exportUsers(path: string, agencyName: string, users: UserSummary[], villageNames: Map<number, string>): Promise<void> {
  await writeWorkbook(path, [
    defineSheet<UserSummary>({
      name: '用户',
      title: '用户与岗位',
      subtitles: [agencyName],
      columns: [
        { header: '用户名', width: 14, kind: 'text', value: (u) => u.username },
        { header: '姓名', width: 10, kind: 'text', value: (u) => u.displayName },
        { header: '岗位', width: 10, kind: 'text', value: (u) => ROLE_LABELS[u.role] },
        {
          header: '所管村',
          width: 50,
          kind: 'text',
          value: (u) => (u.allVillages || u.role === 'admin' ? '全部村' : u.villageIds.map((id) => villageNames.get(id) ?? `#${id}`).join('、')),
        },
        { header: '状态', width: 7, kind: 'text', value: (u) => STATUS[u.status] },
        { header: '最近登录', width: 20, kind: 'datetime', value: (u) => u.lastSignInAt?.slice(0, 19).replace('T', ' ') ?? null },
      ],
      rows: users,
      landscape: true,
    }),
  ])
}

export function methodTitle(method: string): string {
  return isMethodName(method) ? methods[method].title : method
}

export async function exportAuditLog(path: string, agencyName: string, entries: AuditEntry[], headHash: string | null, options?: WorkbookOptions): Promise<void> {
  await writeWorkbook(
    path,
    [
      defineSheet<AuditEntry>({
        name: '操作日志',
        title: '操作日志',
        subtitles: [agencyName],
        columns: [
          { header: '序号', width: 8, kind: 'integer', value: (e) => e.seq },
          { header: '时间', width: 20, kind: 'datetime', value: (e) => e.at.slice(0, 19).replace('T', ' ') },
          { header: '操作人', width: 12, kind: 'text', value: (e) => e.userName },
          { header: '村', width: 26, kind: 'text', value: (e) => e.villageName },
          { header: '操作', width: 16, kind: 'text', value: (e) => methodTitle(e.method) },
          { header: '内容', width: 60, kind: 'text', value: (e) => e.summary.action },
          { header: '哈希', width: 20, kind: 'text', value: (e) => e.hash.slice(0, 16) },
        ],
        rows: entries,
        footer: headHash ? `日志链头哈希（SHA-256）：${headHash}` : undefined,
        landscape: true,
      }),
    ],
    options,
  )
}
