import { useState } from 'react'
import { Alert, DatePicker, Result, Space, Table, Tag } from 'antd'
import dayjs from 'dayjs'
import type { ReconcileCheck } from '../../../shared/api/registerTypes'
import type { Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { fmtYuan } from '../ledger/money'
import { WithVillage } from '../ledger/WithVillage'

/** 台账与账簿核对: every register figure beside the books' balance at a date, with the difference. */
export function ReconcilePage() {
  return <WithVillage>{(v) => <Reconcile key={v.id} village={v} />}</WithVillage>
}

function Reconcile(props: { village: Village }) {
  const [date, setDate] = useState(dayjs().format('YYYY-MM-DD'))
  const q = useQuery('register.reconcile', { villageId: props.village.id, date })
  const r = q.data
  return (
    <>
      <PageTitle title="台账与账簿核对" extra={<DatePicker aria-label="核对日期" allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />} />
      {q.error ? <Alert type="error" showIcon message={q.error.message} /> : null}
      {r ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          {r.ok ? <Result status="success" title="台账与账簿一致" subTitle={`截至 ${r.date}，${r.checks.length} 项核对全部相符`} style={{ padding: 16 }} /> : <Alert type="warning" showIcon message={`截至 ${r.date}，有 ${r.checks.filter((c) => !c.ok).length} 项不符，请查明原因`} />}
          <Table<ReconcileCheck>
            size="small"
            bordered
            rowKey="key"
            pagination={false}
            dataSource={r.checks}
            data-testid="reconcile-table"
            rowClassName={(c) => (c.ok ? '' : 'sanzi-row-warn')}
            columns={[
              { title: '核对项目', dataIndex: 'title' },
              { title: '台账数', dataIndex: 'register', align: 'right', width: 160, render: (v: string) => <span className="sanzi-num">{fmtYuan(v)}</span> },
              { title: '账面数', dataIndex: 'books', align: 'right', width: 160, render: (v: string) => <span className="sanzi-num">{fmtYuan(v)}</span> },
              { title: '差异', dataIndex: 'difference', align: 'right', width: 140, render: (v: string, c) => <span className="sanzi-num" style={{ color: c.ok ? undefined : '#cf1322' }}>{fmtYuan(v)}</span> },
              { title: '结果', dataIndex: 'ok', width: 80, render: (ok: boolean) => (ok ? <Tag color="success">相符</Tag> : <Tag color="error">不符</Tag>) },
              { title: '说明', dataIndex: 'note', render: (n: string | null) => n ?? '' },
            ]}
          />
        </Space>
      ) : null}
    </>
  )
}
