import { useState } from 'react'
import { Alert, Button, Col, DatePicker, Descriptions, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Tabs, Tag, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { BANK_NATURE_LABELS, BANK_NATURES, type BankAccountDetail, type BankAccountRow, type BankNature } from '../../../../shared/api/fundTypes'
import type { Village } from '../../../../shared/api/types'
import { call, toApiError } from '../../api/client'
import { applyFieldErrors } from '../../api/formErrors'
import { useQuery } from '../../api/useQuery'
import { navigate } from '../../app/routes'
import { useSession } from '../../app/session'
import { useLeafOptions } from '../../assets/AssetForm'
import { useAuxItems } from '../../ledger/chart'
import { fmtYuan } from '../../ledger/money'
import { WithVillage } from '../../ledger/WithVillage'
import { AsOfPicker, changedFields, DatedChangeModal, Num } from '../parts'
import { historyTab, ListError, RegisterDrawer, RegisterTable, RegisterTitle, RegisterTotals, useDrawerAction, useRegisterState } from '../RegisterPage'
import { CashStatusAlert } from './CashPage'

/** 银行账户台账: every account with its 102 leaf (or item) and the books' balance; opened, changed, closed as dated movements. */
export function BankAccountsPage() {
  return <WithVillage>{(v) => <BankAccounts key={v.id} village={v} />}</WithVillage>
}

const BANK_ROOTS = ['102']

function BankAccounts(props: { village: Village }) {
  const { village } = props
  const session = useSession()
  const [asOf, setAsOf] = useState<string | undefined>()
  const reg = useRegisterState()
  const q = useQuery('bankAccount.list', { villageId: village.id, asOf })
  const l = q.data
  const columns: TableColumnsType<BankAccountRow> = [
    { title: '开户行', dataIndex: 'bankName', width: 180, ellipsis: true },
    { title: '账号', dataIndex: 'accountNo', width: 190, render: (v: string) => <span className="sanzi-mono">{v}</span> },
    { title: '账户性质', dataIndex: 'nature', width: 90, render: (n: BankNature) => BANK_NATURE_LABELS[n] },
    { title: '银行存款科目', key: 'acct', width: 240, ellipsis: true, render: (_: unknown, r) => `${r.accountCode} ${r.accountName}${r.auxItemName ? ` / ${r.auxItemName}` : ''}` },
    { title: '开户日期', dataIndex: 'openedOn', width: 110 },
    { title: '状态', key: 'open', width: 120, render: (_: unknown, r) => (r.open ? <Tag color="green">正常</Tag> : <Tag>{r.closedOn ? `已销户 ${r.closedOn}` : '未开户'}</Tag>) },
    { title: '账面余额', dataIndex: 'balance', width: 150, align: 'right', render: (v: string) => <Num v={v} /> },
  ]
  return (
    <>
      <RegisterTitle
        title="银行账户"
        before={<AsOfPicker value={asOf} onChange={setAsOf} />}
        onReload={q.reload}
        createLabel="登记银行账户"
        onCreate={session.can('bankAccount.create') ? () => reg.setCreating(true) : undefined}
      />
      <ListError error={q.error} />
      {l ? <CashStatusAlert status={l.cash} /> : null}
      <RegisterTotals testId="bank-totals" size={40} wrap={false}>
        <Statistic title="开立账户" value={l?.rows.filter((r) => r.open).length ?? 0} suffix="个" />
        <Statistic title="银行存款余额合计" value={fmtYuan(l?.total)} />
        <Statistic title="库存现金" value={fmtYuan(l?.cash.balance)} />
        {l ? <span style={{ color: '#6b7280' }}>截至 {l.asOf}</span> : null}
      </RegisterTotals>
      <RegisterTable<BankAccountRow>
        loading={q.loading}
        dataSource={l?.rows ?? []}
        columns={columns}
        scroll={{ x: 1070 }}
        rowClassName={(r) => (r.open ? '' : 'sanzi-row-disabled')}
        onOpen={reg.setOpenId}
        testId="bank-table"
      />
      {reg.openId !== null ? <BankAccountDrawer village={village} id={reg.openId} asOf={asOf} onClose={reg.closeDrawer} onChanged={q.reload} /> : null}
      {reg.creating ? <BankAccountForm village={village} onClose={reg.created(q.reload)} /> : null}
    </>
  )
}

function BankAccountDrawer(props: { village: Village; id: number; asOf?: string; onClose: () => void; onChanged: () => void }) {
  const { village } = props
  const session = useSession()
  const q = useQuery('bankAccount.get', { villageId: village.id, bankAccountId: props.id, asOf: props.asOf })
  const { action, setAction, done } = useDrawerAction<'change' | 'close'>(q.reload, props.onChanged)
  const a = q.data
  return (
    <RegisterDrawer
      size={720}
      title={a ? `${a.bankName} ${a.accountNo}` : '银行账户'}
      onClose={props.onClose}
      testId="bank-drawer"
      error={q.error}
      extra={
        a && a.closedOn === null && !props.asOf && session.can('bankAccount.change') ? (
          <Space>
            <Button onClick={() => setAction('change')}>变更</Button>
            <Button danger onClick={() => setAction('close')}>
              销户
            </Button>
          </Space>
        ) : null
      }
    >
      {a ? (
        <Tabs
          items={[
            {
              key: 'info',
              label: '账户',
              children: (
                <Descriptions
                  size="small"
                  bordered
                  column={2}
                  items={[
                    { key: 'bank', label: '开户行', children: a.bankName },
                    { key: 'no', label: '账号', children: <span className="sanzi-mono">{a.accountNo}</span> },
                    { key: 'nat', label: '账户性质', children: BANK_NATURE_LABELS[a.nature] },
                    { key: 'st', label: '状态', children: a.open ? <Tag color="green">正常</Tag> : <Tag>已销户</Tag> },
                    { key: 'acct', label: '银行存款科目', children: `${a.accountCode} ${a.accountName}` },
                    { key: 'aux', label: '辅助核算项目', children: a.auxItemName ?? '—' },
                    { key: 'open', label: '开户日期', children: a.openedOn },
                    { key: 'close', label: '销户日期', children: a.closedOn ?? '—' },
                    {
                      key: 'bal',
                      label: '账面余额',
                      children: (
                        <Space>
                          <Num v={a.balance} strong />
                          <a onClick={() => navigate('books/bank-journal', { book: `${a.accountId}-${a.auxItemId ?? 0}` })}>银行存款日记账</a>
                        </Space>
                      ),
                    },
                    { key: 'note', label: '备注', children: a.note ?? '—' },
                  ]}
                />
              ),
            },
            historyTab(a.movements),
          ]}
        />
      ) : null}
      {a && action === 'change' ? <BankChangeModal village={village} account={a} onClose={done} /> : null}
      {a && action === 'close' ? (
        <DatedChangeModal
          title={`销户：${a.bankName} ${a.accountNo}`}
          dateLabel="销户日期"
          okText="销户"
          danger
          testId="bank-close-form"
          onSubmit={async (v) => {
            await call('bankAccount.close', { villageId: village.id, bankAccountId: a.id, date: v.date, reason: v.reason })
          }}
          onClose={done}
        >
          <Alert type="info" showIcon message="账面余额为零时才能销户；销户后账户保留在台账中，不再变动。" style={{ marginBottom: 12 }} />
        </DatedChangeModal>
      ) : null}
    </RegisterDrawer>
  )
}

function BankChangeModal(props: { village: Village; account: BankAccountDetail; onClose: (changed: boolean) => void }) {
  const { village, account } = props
  const leaves = useLeafOptions(village.id, BANK_ROOTS)
  return (
    <DatedChangeModal
      title={`变更：${account.bankName} ${account.accountNo}`}
      dateLabel="变更日期"
      testId="bank-change-form"
      fields={['bankName', 'nature', 'accountId', 'note']}
      initialValues={{ bankName: account.bankName, nature: account.nature, accountId: account.accountId, note: account.note }}
      onSubmit={async (v) => {
        const changes = changedFields(v, account, ['bankName', 'nature', 'accountId', 'note'])
        await call('bankAccount.change', { villageId: village.id, bankAccountId: account.id, date: v.date, reason: v.reason, changes })
      }}
      onClose={props.onClose}
    >
      <Form.Item name="bankName" label="开户行" rules={[{ required: true, message: '请填写开户行' }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="nature" label="账户性质">
        <Radio.Group options={BANK_NATURES.map((n) => ({ value: n, label: BANK_NATURE_LABELS[n] }))} />
      </Form.Item>
      <Form.Item name="accountId" label="银行存款科目">
        <Select showSearch={{ optionFilterProp: 'label' }} options={leaves} />
      </Form.Item>
      <Form.Item name="note" label="备注">
        <Input maxLength={200} />
      </Form.Item>
    </DatedChangeModal>
  )
}

interface BankFormValues {
  bankName: string
  accountNo: string
  nature: BankNature
  accountId: number
  auxItemId?: number
  openedOn: Dayjs
  note?: string
}

function BankAccountForm(props: { village: Village; onClose: (createdId: number | null) => void }) {
  const { village } = props
  const [form] = Form.useForm<BankFormValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const leaves = useLeafOptions(village.id, BANK_ROOTS)
  const aux = useAuxItems(village.id)
  const accountId = Form.useWatch('accountId', form)
  const auxKind = leaves.find((o) => o.value === accountId)?.auxKind ?? null
  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const r = await call('bankAccount.create', {
        villageId: village.id,
        bankName: v.bankName,
        accountNo: v.accountNo,
        nature: v.nature,
        accountId: v.accountId,
        auxItemId: v.auxItemId ?? null,
        openedOn: v.openedOn.format('YYYY-MM-DD'),
        note: v.note ?? null,
      })
      props.onClose(r.id)
    } catch (e) {
      setError(applyFieldErrors(form, toApiError(e), ['bankName', 'accountNo', 'nature', 'accountId', 'auxItemId', 'openedOn', 'note']))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title="登记银行账户" width={640} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => props.onClose(null)} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form<BankFormValues> form={form} layout="vertical" size="small" initialValues={{ nature: 'basic', openedOn: dayjs() }} data-testid="bank-form">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="bankName" label="开户行" rules={[{ required: true, message: '请填写开户行' }]}>
              <Input maxLength={60} placeholder="如：肥东农商银行长临河支行" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="accountNo" label="账号" rules={[{ required: true, message: '请填写账号' }]}>
              <Input maxLength={40} inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nature" label="账户性质">
              <Radio.Group options={BANK_NATURES.map((n) => ({ value: n, label: BANK_NATURE_LABELS[n] }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="openedOn" label="开户日期" rules={[{ required: true, message: '请选择开户日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={auxKind ? 12 : 24}>
            <Form.Item name="accountId" label="银行存款科目" rules={[{ required: true, message: '请选择 102 下的明细科目' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={leaves} />
            </Form.Item>
          </Col>
          {auxKind ? (
            <Col span={12}>
              <Form.Item name="auxItemId" label="银行账户辅助核算项目" rules={[{ required: true, message: '该科目按银行账户辅助核算，请选择项目' }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={aux.items.filter((i) => i.kind === auxKind && i.status === 'active').map((i) => ({ value: i.id, label: i.name }))} />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={24}>
            <Form.Item name="note" label="备注">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  )
}
