import { z } from 'zod'
import { amountField, dateField, enumField, idField, optionalText, requiredText } from '../validation'
import { BOOKKEEPERS, def } from './define'
import {
  BANK_NATURE_LABELS,
  BANK_NATURES,
  BIO_KIND_LABELS,
  BIO_KINDS,
  INVENTORY_USAGE_LABELS,
  INVENTORY_USAGES,
  INVESTMENT_KIND_LABELS,
  INVESTMENT_KINDS,
  type BankAccountDetail,
  type BankAccountList,
  type BioAssetRow,
  type CashStatus,
  type ClaimsRegister,
  type InventoryRow,
  type InvestmentRow,
  type RegisterExportResult,
  type SmallRegisterItem,
  type SmallRegisterList,
} from './fundTypes'
import { measureField, optionalMeasure } from './registers'

/**
 * The 资金 part of the registers' API (bank accounts, the cash limit, 债权债务), the small registers of 库存物资,
 * 生物资产 and 长期投资, and the 三资明白台账 export. Spread into `methods` in contract.ts.
 */
const q = (label: string) => `「${label}」`
const money = (label: string) => amountField(label).refine((f) => f >= 0, { error: `${q(label)}不能为负` })
const reason = requiredText('原因', 500)
const FUND_EDITORS = [...BOOKKEEPERS, 'cashier'] as const

/** 账号: digits only (spaces and dashes typed for reading are dropped), 6–32 of them */
const accountNoField = requiredText('账号', 40)
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6,32}$/, { error: `${q('账号')}应为 6 到 32 位数字` }))

const bankFields = {
  bankName: requiredText('开户行', 60),
  nature: enumField('账户性质', BANK_NATURES, BANK_NATURE_LABELS),
  accountId: idField('银行存款科目'),
  auxItemId: idField('银行账户辅助核算项目').nullable().optional().transform((v) => v ?? null),
  note: optionalText('备注', 200),
}

const quantity = measureField('数量', 4, '999999999')

/** Fields common to the create and change inputs of a small register. */
const inventoryFields = {
  name: requiredText('名称', 60),
  spec: optionalText('规格型号', 100),
  unit: optionalText('计量单位', 10),
  quantity,
  amount: money('金额'),
  location: optionalText('存放地点', 100),
  keeper: optionalText('保管人', 30),
  usage: enumField('使用情况', INVENTORY_USAGES, INVENTORY_USAGE_LABELS),
  accountId: idField('库存物资科目').optional(),
  note: optionalText('备注', 500),
}
const bioFields = {
  name: requiredText('名称', 60),
  kind: enumField('生物资产类别', BIO_KINDS, BIO_KIND_LABELS),
  category: optionalText('品种', 30),
  quantity,
  unit: optionalText('计量单位', 10),
  location: optionalText('坐落', 100),
  originalValue: money('原值'),
  accumulated: money('累计折旧'),
  accountId: idField('生物资产科目').optional(),
  note: optionalText('备注', 500),
}
const investmentFields = {
  name: requiredText('名称', 60),
  investee: requiredText('被投资单位', 100),
  kind: enumField('投资类别', INVESTMENT_KINDS, INVESTMENT_KIND_LABELS),
  amount: money('投资金额'),
  share: optionalMeasure('持股比例', 4, '1'),
  accountId: idField('长期投资科目').optional(),
  note: optionalText('备注', 500),
}

/** list, get, create and change of one small register */
function smallRegister<R, C extends z.ZodRawShape, G extends z.ZodRawShape, E extends z.ZodRawShape>(
  noun: string,
  idLabel: string,
  fields: C,
  created: G,
  ended: E,
) {
  const optional = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as unknown as { [K in keyof C]: z.ZodOptional<C[K]> }
  return {
    list: def<SmallRegisterList<R>>()({
      input: z.strictObject({ villageId: idField('村'), asOf: dateField('截止日期').optional(), includeEnded: z.boolean({ error: '「含已减少」只能是“是”或“否”' }).default(false) }),
      access: 'signedIn',
      write: false,
      title: `查看${noun}台账`,
    }),
    get: def<SmallRegisterItem<R>>()({
      input: z.strictObject({ villageId: idField('村'), itemId: idField(idLabel), asOf: dateField('截止日期').optional() }),
      access: 'signedIn',
      write: false,
      title: `查看${noun}`,
    }),
    create: def<SmallRegisterItem<R>>()({
      input: z.strictObject({ villageId: idField('村'), code: requiredText('编号', 30), ...fields, ...created }),
      access: FUND_EDITORS,
      write: true,
      title: `登记${noun}`,
    }),
    change: def<SmallRegisterItem<R>>()({
      input: z.strictObject({ villageId: idField('村'), itemId: idField(idLabel), date: dateField('变动日期'), reason, changes: z.strictObject({ ...optional, ...ended }) }),
      access: FUND_EDITORS,
      write: true,
      title: `${noun}变动`,
    }),
  }
}

const inventory = smallRegister<InventoryRow, typeof inventoryFields, { date: ReturnType<typeof dateField> }, Record<never, never>>('库存物资', '库存物资', inventoryFields, { date: dateField('登记日期') }, {})
const bio = smallRegister<BioAssetRow, typeof bioFields, { acquiredOn: ReturnType<typeof dateField> }, { removedOn: z.ZodOptional<ReturnType<typeof dateField>> }>(
  '生物资产',
  '生物资产',
  bioFields,
  { acquiredOn: dateField('取得日期') },
  { removedOn: dateField('减少日期').optional() },
)
const investment = smallRegister<InvestmentRow, typeof investmentFields, { startedOn: ReturnType<typeof dateField> }, { endedOn: z.ZodOptional<ReturnType<typeof dateField>> }>(
  '长期投资',
  '长期投资',
  investmentFields,
  { startedOn: dateField('投资日期') },
  { endedOn: dateField('收回日期').optional() },
)

export const fundMethods = {
  'bankAccount.list': def<BankAccountList>()({
    input: z.strictObject({ villageId: idField('村'), asOf: dateField('截止日期').optional() }),
    access: 'signedIn',
    write: false,
    title: '查看银行账户',
  }),
  'bankAccount.get': def<BankAccountDetail>()({
    input: z.strictObject({ villageId: idField('村'), bankAccountId: idField('银行账户'), asOf: dateField('截止日期').optional() }),
    access: 'signedIn',
    write: false,
    title: '查看银行账户',
  }),
  'bankAccount.create': def<BankAccountDetail>()({
    input: z.strictObject({ villageId: idField('村'), accountNo: accountNoField, openedOn: dateField('开户日期'), ...bankFields }),
    access: FUND_EDITORS,
    write: true,
    title: '登记银行账户',
  }),
  'bankAccount.change': def<BankAccountDetail>()({
    input: z.strictObject({
      villageId: idField('村'),
      bankAccountId: idField('银行账户'),
      date: dateField('变更日期'),
      reason,
      changes: z.strictObject({
        bankName: bankFields.bankName.optional(),
        nature: bankFields.nature.optional(),
        accountId: bankFields.accountId.optional(),
        auxItemId: idField('银行账户辅助核算项目').nullable().optional(),
        note: bankFields.note,
      }),
    }),
    access: FUND_EDITORS,
    write: true,
    title: '变更银行账户',
  }),
  'bankAccount.close': def<BankAccountDetail>()({
    input: z.strictObject({ villageId: idField('村'), bankAccountId: idField('银行账户'), date: dateField('销户日期'), reason }),
    access: FUND_EDITORS,
    write: true,
    title: '银行账户销户',
  }),
  'cash.status': def<CashStatus>()({
    input: z.strictObject({ villageId: idField('村'), date: dateField('日期') }),
    access: 'signedIn',
    write: false,
    title: '查看库存现金限额',
  }),
  'cash.setLimit': def<CashStatus>()({
    input: z.strictObject({ villageId: idField('村'), limit: z.union([z.null(), money('库存现金限额')]), date: dateField('日期') }),
    access: BOOKKEEPERS,
    write: true,
    title: '设置库存现金限额',
  }),
  'claims.list': def<ClaimsRegister>()({
    input: z.strictObject({ villageId: idField('村'), date: dateField('截止日期') }),
    access: 'signedIn',
    write: false,
    title: '查看债权债务台账',
  }),
  'inventory.list': inventory.list,
  'inventory.get': inventory.get,
  'inventory.create': inventory.create,
  'inventory.change': inventory.change,
  'bioAsset.list': bio.list,
  'bioAsset.get': bio.get,
  'bioAsset.create': bio.create,
  'bioAsset.change': bio.change,
  'investment.list': investment.list,
  'investment.get': investment.get,
  'investment.create': investment.create,
  'investment.change': investment.change,
  'register.export': def<RegisterExportResult>()({
    input: z.strictObject({ villageId: idField('村'), date: dateField('台账日期'), to: optionalText('导出文件', 1000) }),
    access: 'signedIn',
    // reads the registers and writes a file outside the book; logged once the file is written
    write: false,
    title: '导出三资明白台账',
  }),
} as const
