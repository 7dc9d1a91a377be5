import { z } from 'zod'
import { ROLES, ROLE_LABELS, type Role } from '../roles'
import {
  boolField,
  dateField,
  enumField,
  idField,
  optionalText,
  passwordField,
  periodField,
  requiredText,
  usccField,
  usernameField,
  amountField,
} from '../validation'
import { AUX_KINDS, AUX_KIND_LABELS } from '../accounts'
import type {
  Account,
  AccountLedger,
  AuxItem,
  BalanceVerifyReport,
  PeriodState,
  TrialBalance,
  Voucher,
  VoucherSummary,
  AuditEntry,
  AuditVerifyReport,
  BackupResult,
  CurrentUser,
  DatabaseCheckReport,
  Page,
  SystemStatus,
  UserSummary,
  Village,
} from './types'
import type { AccountSummary, CounterpartyLedger, CounterpartySummary, GeneralLedger, IncomeExpenseDetail, JournalBook, ReportExportResult, Statement } from './types'
import type { DistrictSummary } from './types'
import type { ChartImportResult, OpeningBalances, OpeningCheck, OpeningImportResult, VoucherImportResult } from './types'

import { BOOKKEEPERS, def, importInput, type Access } from './define'
import { registerMethods } from './registers'
import { resourceMethods } from './resources'
import { fundMethods } from './funds'
import { campaignMethods } from './campaign'
import { campaignBoardMethods } from './campaignBoard'

export type { Access, MethodDef } from './define'

const none = z.strictObject({})
const villageLevels = ['village', 'group'] as const
const chartVersions = ['2023', '2004'] as const

const villageFields = {
  code: requiredText('村编码', 20).pipe(z.string().regex(/^[0-9A-Za-z-]+$/, { error: '「村编码」只能包含数字、字母和短横线' })),
  name: requiredText('单位名称', 60),
  uscc: usccField(),
  level: enumField('级次', villageLevels, { village: '村级', group: '组级' }),
  parentId: idField('上级村').nullable().optional().transform((v) => v ?? null),
  chartVersion: enumField('会计制度', chartVersions, { '2023': '2023 年制度', '2004': '2004 年制度' }),
  startPeriod: periodField('建账期间'),
  contactPerson: optionalText('联系人', 30),
  contactPhone: optionalText('联系电话', 30).pipe(
    z.string().regex(/^[0-9+\-() ]{5,30}$/, { error: '「联系电话」只能包含数字、空格和 +-()' }).nullable(),
  ),
  address: optionalText('地址', 100),
}

const roleField = enumField('岗位', ROLES, ROLE_LABELS)
const auxKindField = enumField('辅助核算', AUX_KINDS, AUX_KIND_LABELS).nullable().optional().transform((v) => v ?? null)
const villageIdsField = z.array(idField('村'), { error: '「所管村」必须是村的列表' }).max(10_000, { error: '「所管村」过多' })

// —— 报表与账簿：参数（方法本身与导出共用） ——
const reportLevel = (label: string) => z.number({ error: `「${label}」必须是数字` }).int({ error: `「${label}」必须是整数` }).min(1, { error: `「${label}」最小为 1` }).max(4, { error: `「${label}」最大为 4` })
const reportRange = { from: periodField('开始期间'), to: periodField('结束期间') }
const reportFilter = { ...reportRange, accountId: idField('科目').optional(), auxItemId: idField('辅助核算项目').optional() }
const REPORT_PARAMS = {
  trialBalance: { ...reportRange, level: reportLevel('科目级次').default(4), withAux: boolField('显示辅助核算').default(false) },
  balanceSheet: { to: periodField('报表期间'), template: optionalText('报表格式', 60) },
  incomeStatement: { to: periodField('报表期间'), template: optionalText('报表格式', 60) },
  incomeExpenseDetail: { ...reportRange, level: reportLevel('科目级次').default(2) },
  generalLedger: { ...reportRange, accountId: idField('科目').optional() },
  ledger: { ...reportRange, accountId: idField('科目'), auxItemId: idField('辅助核算项目').optional() },
  cashJournal: reportFilter,
  bankJournal: reportFilter,
  counterpartySummary: reportFilter,
  counterpartyLedger: reportFilter,
  accountSummary: { fromDate: dateField('开始日期'), toDate: dateField('结束日期'), level: reportLevel('科目级次').default(1) },
} as const
export const REPORT_LABELS = {
  trialBalance: '科目余额表',
  balanceSheet: '资产负债表',
  incomeStatement: '收益及收益分配表',
  incomeExpenseDetail: '收支明细表',
  generalLedger: '总账',
  ledger: '明细账',
  cashJournal: '现金日记账',
  bankJournal: '银行存款日记账',
  counterpartySummary: '往来余额表',
  counterpartyLedger: '往来明细账',
  accountSummary: '科目汇总表',
} as const
const exportOf = <K extends keyof typeof REPORT_PARAMS>(report: K) =>
  z.strictObject({
    villageId: idField('村'),
    report: z.literal(report),
    params: z.strictObject(REPORT_PARAMS[report] as (typeof REPORT_PARAMS)[K]),
    to: optionalText('导出文件', 1000),
  })

export const methods = {
  'system.status': def<SystemStatus>()({ input: none, access: 'public', write: false, title: '查看系统状态' }),
  'setup.initialize': def<CurrentUser>()({
    input: z.strictObject({
      agencyName: requiredText('代理中心名称', 60),
      district: requiredText('所在区县', 60),
      admin: z.strictObject({
        username: usernameField('管理员用户名'),
        displayName: requiredText('管理员姓名', 30),
        password: passwordField('管理员密码'),
      }),
    }),
    access: 'public',
    write: true,
    title: '初始化代理中心',
  }),
  'setup.loadDemo': def<CurrentUser>()({
    input: z.strictObject({
      villages: z.number({ error: '「村数」必须是数字' }).int().min(1, { error: '「村数」至少 1 个' }).max(200, { error: '「村数」最多 200 个' }).default(5),
      password: passwordField('演示用户密码'),
      books: boolField('生成演示账务').default(true),
      /** 清查 at different steps across the villages with books */
      campaigns: boolField('生成演示清查').default(true),
    }),
    access: 'public',
    write: true,
    title: '载入演示数据',
  }),
  'auth.signIn': def<CurrentUser>()({
    input: z.strictObject({
      username: z.string({ error: '「用户名」必须填写' }).trim().min(1, { error: '「用户名」不能为空' }).max(64, { error: '「用户名」过长' }),
      password: z.string({ error: '「密码」必须填写' }).min(1, { error: '「密码」不能为空' }).max(128, { error: '「密码」过长' }),
    }),
    access: 'public',
    write: true,
    title: '登录',
  }),
  'auth.signOut': def<null>()({ input: none, access: 'signedIn', write: true, title: '退出登录' }),
  'auth.me': def<CurrentUser>()({ input: none, access: 'signedIn', write: false, title: '查看当前用户' }),
  'auth.changePassword': def<null>()({
    input: z.strictObject({
      oldPassword: z.string({ error: '「原密码」必须填写' }).min(1, { error: '「原密码」不能为空' }).max(128),
      newPassword: passwordField('新密码'),
    }),
    access: 'signedIn',
    write: true,
    title: '修改密码',
  }),

  'agency.update': def<SystemStatus['agency']>()({
    input: z.strictObject({ name: requiredText('代理中心名称', 60), district: requiredText('所在区县', 60) }),
    access: ['admin'],
    write: true,
    title: '修改代理中心信息',
  }),

  'village.list': def<Village[]>()({
    input: z.strictObject({
      search: optionalText('搜索', 60),
      includeDisabled: boolField('含已停用').default(false),
    }),
    access: 'signedIn',
    write: false,
    title: '查看村列表',
  }),
  'village.get': def<Village>()({ input: z.strictObject({ villageId: idField('村') }), access: 'signedIn', write: false, title: '查看村' }),
  'village.create': def<Village>()({
    input: z.strictObject(villageFields),
    access: ['admin', 'supervisor'],
    write: true,
    title: '新增村',
  }),
  'village.update': def<Village>()({
    input: z.strictObject({ villageId: idField('村'), ...villageFields }),
    access: ['admin', 'supervisor'],
    write: true,
    title: '修改村',
  }),
  'village.setStatus': def<Village>()({
    input: z.strictObject({
      villageId: idField('村'),
      status: enumField('状态', ['active', 'disabled'] as const, { active: '启用', disabled: '停用' }),
    }),
    access: ['admin', 'supervisor'],
    write: true,
    title: '启用/停用村',
  }),

  'account.list': def<Account[]>()({
    input: z.strictObject({ villageId: idField('村'), includeDisabled: boolField('含已停用').default(false) }),
    access: 'signedIn',
    write: false,
    title: '查看科目表',
  }),
  'account.create': def<Account>()({
    input: z.strictObject({
      villageId: idField('村'),
      code: z.string({ error: '「科目编码」必须填写' }).trim().regex(/^\d{3,9}$/, { error: '「科目编码」只能是 3 到 9 位数字' }),
      name: requiredText('科目名称', 40),
      auxKind: auxKindField,
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '增设会计科目',
  }),
  'account.update': def<Account>()({
    input: z.strictObject({ villageId: idField('村'), accountId: idField('科目'), name: requiredText('科目名称', 40), auxKind: auxKindField }),
    access: BOOKKEEPERS,
    write: true,
    title: '修改会计科目',
  }),
  'account.setStatus': def<Account>()({
    input: z.strictObject({
      villageId: idField('村'),
      accountId: idField('科目'),
      status: enumField('状态', ['active', 'disabled'] as const, { active: '启用', disabled: '停用' }),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '启用/停用会计科目',
  }),

  'aux.list': def<AuxItem[]>()({
    input: z.strictObject({ villageId: idField('村'), kind: enumField('辅助核算', AUX_KINDS, AUX_KIND_LABELS).optional() }),
    access: 'signedIn',
    write: false,
    title: '查看辅助核算项目',
  }),
  'aux.create': def<AuxItem>()({
    input: z.strictObject({
      villageId: idField('村'),
      kind: enumField('辅助核算', AUX_KINDS, AUX_KIND_LABELS),
      name: requiredText('名称', 60),
      code: optionalText('编码', 30),
    }),
    access: [...BOOKKEEPERS, 'cashier'],
    write: true,
    title: '新增辅助核算项目',
  }),

  'voucher.list': def<{ rows: VoucherSummary[]; total: number }>()({
    input: z.strictObject({
      villageId: idField('村'),
      from: periodField('开始期间').optional(),
      to: periodField('结束期间').optional(),
      status: enumField('状态', ['draft', 'reviewed', 'posted'] as const, { draft: '草稿', reviewed: '已审核', posted: '已记账' }).optional(),
      search: optionalText('关键字', 60),
      offset: z.number({ error: '「起始行」必须是数字' }).int().min(0).default(0),
      limit: z.number({ error: '「每页行数」必须是数字' }).int().min(1).max(5000, { error: '「每页行数」最多 5000' }).default(100),
    }),
    access: 'signedIn',
    write: false,
    title: '查看凭证列表',
  }),
  'voucher.get': def<Voucher>()({
    input: z.strictObject({ villageId: idField('村'), voucherId: idField('凭证') }),
    access: 'signedIn',
    write: false,
    title: '查看凭证',
  }),
  'voucher.save': def<Voucher>()({
    input: z.strictObject({
      villageId: idField('村'),
      voucherId: idField('凭证').optional(),
      date: dateField('凭证日期'),
      attachments: z.number({ error: '「附单据数」必须是数字' }).int({ error: '「附单据数」必须是整数' }).min(0, { error: '「附单据数」不能为负' }).max(9999).default(0),
      lines: z
        .array(
          z.strictObject({
            summary: requiredText('摘要', 200),
            accountId: idField('科目'),
            auxItemId: idField('辅助核算项目').nullable().optional().transform((v) => v ?? null),
            debit: amountField('借方金额'),
            credit: amountField('贷方金额'),
          }),
          { error: '「分录」必须是列表' },
        )
        .min(2, { error: '凭证至少要有两行分录' })
        .max(999, { error: '一张凭证最多 999 行分录' }),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '保存凭证',
  }),
  // several drafts in one transaction: all of them or none (each must be a draft the caller may delete)
  'voucher.delete': def<{ deleted: number }>()({
    input: z.strictObject({ villageId: idField('村'), voucherIds: z.array(idField('凭证')).min(1, { error: '请选择要删除的凭证' }).max(5000) }),
    access: BOOKKEEPERS,
    write: true,
    title: '删除草稿凭证',
  }),
  'voucher.review': def<VoucherSummary[]>()({
    input: z.strictObject({ villageId: idField('村'), voucherIds: z.array(idField('凭证')).min(1, { error: '请选择要审核的凭证' }).max(5000) }),
    access: ['reviewer', 'supervisor'],
    write: true,
    title: '审核凭证',
  }),
  'voucher.unreview': def<VoucherSummary[]>()({
    input: z.strictObject({ villageId: idField('村'), voucherIds: z.array(idField('凭证')).min(1, { error: '请选择要取消审核的凭证' }).max(5000) }),
    access: ['reviewer', 'supervisor'],
    write: true,
    title: '取消审核',
  }),
  'voucher.post': def<VoucherSummary[]>()({
    input: z.strictObject({ villageId: idField('村'), voucherIds: z.array(idField('凭证')).min(1, { error: '请选择要记账的凭证' }).max(5000) }),
    access: ['reviewer', 'supervisor', 'bookkeeper'],
    write: true,
    title: '记账',
  }),
  'voucher.reverse': def<Voucher>()({
    input: z.strictObject({ villageId: idField('村'), voucherId: idField('凭证'), date: dateField('冲销日期') }),
    access: BOOKKEEPERS,
    write: true,
    title: '红字冲销',
  }),

  'period.list': def<PeriodState[]>()({
    input: z.strictObject({ villageId: idField('村'), year: z.number({ error: '「年度」必须是数字' }).int().min(1900).max(2999).optional() }),
    access: 'signedIn',
    write: false,
    title: '查看会计期间',
  }),
  'period.close': def<PeriodState>()({
    input: z.strictObject({ villageId: idField('村'), period: periodField('结账期间') }),
    access: BOOKKEEPERS,
    write: true,
    title: '结账',
  }),
  'period.reopen': def<PeriodState>()({
    input: z.strictObject({ villageId: idField('村'), period: periodField('反结账期间'), reason: requiredText('反结账原因', 200, 4) }),
    access: ['supervisor'],
    write: true,
    title: '反结账',
  }),
  'period.carryForward': def<Voucher[]>()({
    input: z.strictObject({ villageId: idField('村'), year: z.number({ error: '「年度」必须是数字' }).int().min(1900).max(2999) }),
    access: BOOKKEEPERS,
    write: true,
    title: '年终结转',
  }),

  'report.trialBalance': def<TrialBalance>()({
    input: z.strictObject({
      villageId: idField('村'),
      from: periodField('开始期间'),
      to: periodField('结束期间'),
      level: z.number({ error: '「科目级次」必须是数字' }).int().min(1).max(4).default(4),
      withAux: boolField('显示辅助核算').default(false),
    }),
    access: 'signedIn',
    write: false,
    title: '查看科目余额表',
  }),
  'report.ledger': def<AccountLedger>()({
    input: z.strictObject({
      villageId: idField('村'),
      accountId: idField('科目'),
      from: periodField('开始期间'),
      to: periodField('结束期间'),
      auxItemId: idField('辅助核算项目').optional(),
      // paging: entries [offset, offset + limit) of the book; without a limit, the whole book
      offset: z.number({ error: '「起始行」必须是数字' }).int().min(0, { error: '「起始行」不能为负数' }).default(0),
      limit: z.number({ error: '「每页行数」必须是数字' }).int().min(1, { error: '「每页行数」至少为 1' }).max(100_000, { error: '「每页行数」不能超过 100000' }).optional(),
    }),
    access: 'signedIn',
    write: false,
    title: '查看明细账',
  }),
  'report.districtSummary': def<DistrictSummary>()({
    input: z.strictObject({
      from: periodField('开始期间'),
      to: periodField('结束期间'),
      level: z.number({ error: '「科目级次」必须是数字' }).int().min(1).max(4).default(1),
      chartVersion: enumField('会计制度', chartVersions, { '2023': '2023 年制度', '2004': '2004 年制度' }).default('2023'),
      // without it, every village the user may see
      villageIds: z.array(idField('村'), { error: '「村」必须是村的列表' }).max(10_000, { error: '「村」过多' }).optional(),
    }),
    access: 'signedIn',
    write: false,
    title: '查看区级汇总',
  }),
  // —— 报表与账簿 ——
  'report.balanceSheet': def<Statement>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.balanceSheet }),
    access: 'signedIn',
    write: false,
    title: '查看资产负债表',
  }),
  'report.incomeStatement': def<Statement>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.incomeStatement }),
    access: 'signedIn',
    write: false,
    title: '查看收益及收益分配表',
  }),
  'report.incomeExpenseDetail': def<IncomeExpenseDetail>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.incomeExpenseDetail }),
    access: 'signedIn',
    write: false,
    title: '查看收支明细表',
  }),
  'report.generalLedger': def<GeneralLedger>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.generalLedger }),
    access: 'signedIn',
    write: false,
    title: '查看总账',
  }),
  'report.cashJournal': def<JournalBook>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.cashJournal }),
    access: 'signedIn',
    write: false,
    title: '查看现金日记账',
  }),
  'report.bankJournal': def<JournalBook>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.bankJournal }),
    access: 'signedIn',
    write: false,
    title: '查看银行存款日记账',
  }),
  'report.counterpartySummary': def<CounterpartySummary>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.counterpartySummary }),
    access: 'signedIn',
    write: false,
    title: '查看往来余额表',
  }),
  'report.counterpartyLedger': def<CounterpartyLedger>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.counterpartyLedger }),
    access: 'signedIn',
    write: false,
    title: '查看往来明细账',
  }),
  'report.accountSummary': def<AccountSummary>()({
    input: z.strictObject({ villageId: idField('村'), ...REPORT_PARAMS.accountSummary }),
    access: 'signedIn',
    write: false,
    title: '查看科目汇总表',
  }),
  'report.export': def<ReportExportResult>()({
    input: z.discriminatedUnion(
      'report',
      [
        exportOf('trialBalance'),
        exportOf('balanceSheet'),
        exportOf('incomeStatement'),
        exportOf('incomeExpenseDetail'),
        exportOf('generalLedger'),
        exportOf('ledger'),
        exportOf('cashJournal'),
        exportOf('bankJournal'),
        exportOf('counterpartySummary'),
        exportOf('counterpartyLedger'),
        exportOf('accountSummary'),
      ],
      { error: `「报表」只能是：${Object.values(REPORT_LABELS).join('、')}` },
    ),
    access: 'signedIn',
    // reads the book and writes a file outside it; logged once the file is written
    write: false,
    title: '导出报表与账簿',
  }),
  'ledger.verifyBalances': def<BalanceVerifyReport>()({
    input: z.strictObject({ villageId: idField('村').optional() }),
    access: ['admin', 'supervisor', 'auditor', 'reviewer'],
    write: false,
    title: '核对余额表',
  }),

  // —— 期初余额与导入 ——
  'opening.get': def<OpeningBalances>()({ input: z.strictObject({ villageId: idField('村') }), access: 'signedIn', write: false, title: '查看期初余额' }),
  'opening.check': def<OpeningCheck>()({ input: z.strictObject({ villageId: idField('村') }), access: 'signedIn', write: false, title: '期初余额试算平衡' }),
  'opening.save': def<OpeningBalances>()({
    input: z.strictObject({
      villageId: idField('村'),
      rows: z
        .array(
          z.strictObject({
            accountId: idField('科目'),
            auxItemId: idField('辅助核算项目').nullable().optional().transform((v) => v ?? null),
            debit: amountField('期初借方余额'),
            credit: amountField('期初贷方余额'),
          }),
          { error: '「期初余额」必须是列表' },
        )
        .max(50_000, { error: '期初余额最多 50000 行' }),
    }),
    access: BOOKKEEPERS,
    write: true,
    title: '保存期初余额',
  }),
  // commit:false previews and writes nothing (not even the audit log); commit:true parses the file first and
  // then writes everything with its audit entry in one IMMEDIATE transaction of its own (electron/core/ledger/imports)
  'import.chart': def<ChartImportResult>()({ input: importInput(), access: BOOKKEEPERS, write: false, title: '导入科目表' }),
  'import.opening': def<OpeningImportResult>()({ input: importInput(), access: BOOKKEEPERS, write: false, title: '导入期初余额' }),
  'import.vouchers': def<VoucherImportResult>()({ input: importInput(), access: BOOKKEEPERS, write: false, title: '导入序时账（凭证）' }),

  'user.list': def<UserSummary[]>()({
    input: z.strictObject({ includeDisabled: boolField('含已停用').default(true) }),
    // read-only for those who filter the audit log by user
    access: ['admin', 'supervisor', 'auditor'],
    write: false,
    title: '查看用户列表',
  }),
  'user.create': def<UserSummary>()({
    input: z.strictObject({
      username: usernameField(),
      displayName: requiredText('姓名', 30),
      role: roleField,
      password: passwordField('初始密码'),
      allVillages: boolField('管理全部村').default(false),
      villageIds: villageIdsField.default([]),
    }),
    access: ['admin'],
    write: true,
    title: '新增用户',
  }),
  'user.update': def<UserSummary>()({
    input: z.strictObject({
      userId: idField('用户'),
      displayName: requiredText('姓名', 30),
      role: roleField,
      allVillages: boolField('管理全部村'),
      villageIds: villageIdsField,
    }),
    access: ['admin'],
    write: true,
    title: '修改用户',
  }),
  'user.setStatus': def<UserSummary>()({
    input: z.strictObject({
      userId: idField('用户'),
      status: enumField('状态', ['active', 'disabled'] as const, { active: '启用', disabled: '停用' }),
    }),
    access: ['admin'],
    write: true,
    title: '启用/停用用户',
  }),
  'user.resetPassword': def<null>()({
    input: z.strictObject({ userId: idField('用户'), password: passwordField('新密码') }),
    access: ['admin'],
    write: true,
    title: '重置密码',
  }),

  'audit.list': def<Page<AuditEntry>>()({
    input: z.strictObject({
      userId: idField('操作人').optional(),
      villageId: idField('村').optional(),
      from: dateField('开始日期').optional(),
      to: dateField('结束日期').optional(),
      search: optionalText('关键字', 60),
      offset: z.number({ error: '「起始行」必须是数字' }).int().min(0).default(0),
      limit: z.number({ error: '「每页行数」必须是数字' }).int().min(1).max(1000, { error: '「每页行数」最多 1000' }).default(50),
    }),
    access: ['admin', 'supervisor', 'auditor'],
    write: false,
    title: '查询操作日志',
  }),
  'audit.verify': def<AuditVerifyReport>()({ input: none, access: ['admin', 'supervisor', 'auditor'], write: false, title: '校验操作日志' }),
  'db.check': def<DatabaseCheckReport>()({ input: none, access: ['admin', 'supervisor', 'auditor'], write: false, title: '校验账套完整性' }),
  'db.backup': def<BackupResult>()({
    input: z.strictObject({ to: optionalText('备份文件路径', 1000) }),
    access: ['admin', 'supervisor'],
    // not a change to the book: it runs outside a write transaction and is logged once verified
    write: false,
    title: '备份账套',
  }),

  ...registerMethods,
  ...campaignMethods,
  ...campaignBoardMethods,
  ...resourceMethods,
  ...fundMethods,
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>
export type MethodResult<M extends MethodName> = Exclude<Methods[M]['_result'], undefined>

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name)
}

/** Methods that carry a village in their input: the engine checks the caller keeps that village. */
export function villageOfInput(input: unknown): number | null {
  if (typeof input === 'object' && input !== null && 'villageId' in input) {
    const v = (input as { villageId?: unknown }).villageId
    return typeof v === 'number' ? v : null
  }
  return null
}

export function accessAllows(access: Access, role: Role | null): boolean {
  if (access === 'public') return true
  if (role === null) return false
  if (access === 'signedIn') return true
  return access.includes(role)
}

