import { DatePicker, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import type { AccountSummaryRow, Village } from '../../../shared/api/types'
import { lastDayOf } from '../../../shared/periods'
import { useQuery } from '../api/useQuery'
import { navigate, replaceParams, useRouteParams } from '../app/routes'
import { fmtYuan } from '../ledger/money'
import { flexWidth, useFillBox } from '../ledger/useFillBox'
import { WithVillage } from '../ledger/WithVillage'
import { useFirstOpenPeriod } from '../vouchers/status'
import { BookFrame } from './BookFrame'
import { ExportButton } from './ExportButton'
import { BalanceTag, BookTable, LevelSelect, RefreshButton, totalsRow } from './parts'

/** 科目汇总表: debit and credit per account over the posted vouchers of a date range, with 凭证起止号. */
export function AccountSummaryPage() {
  return <WithVillage>{(v) => <AccountSummary key={v.id} village={v} />}</WithVillage>
}

function AccountSummary(props: { village: Village }) {
  const { village } = props
  const params = useRouteParams()
  const firstOpen = useFirstOpenPeriod(village.id, village.startPeriod)
  const fromDate = params.get('fromDate') ?? (firstOpen.period ? `${firstOpen.period}-01` : undefined)
  const toDate = params.get('toDate') ?? (firstOpen.period ? lastDayOf(firstOpen.period) : undefined)
  const level = Number(params.get('level') ?? 1) || 1
  const set = (patch: Record<string, string | number | undefined>) => replaceParams('books/summary', { fromDate, toDate, level, ...patch })
  const q = useQuery('report.accountSummary', fromDate && toDate ? { villageId: village.id, fromDate, toDate, level } : null)
  const [boxRef, box] = useFillBox()
  const nameWidth = flexWidth(box, 120 + 160 * 2, 220)
  const columns: TableColumnsType<AccountSummaryRow> = [
    { title: '科目编码', dataIndex: 'code', width: 120, render: (c: string) => <span className="sanzi-mono">{c}</span> },
    { title: '科目名称', dataIndex: 'name', width: nameWidth, render: (n: string, r) => <span style={{ paddingLeft: (r.level - 1) * 12 }}>{r.level === 1 ? <b>{n}</b> : n}</span> },
    { title: '借方发生额', dataIndex: 'debit', width: 160, align: 'right', render: (v: string) => <span className="sanzi-amount">{fmtYuan(v, true)}</span> },
    { title: '贷方发生额', dataIndex: 'credit', width: 160, align: 'right', render: (v: string) => <span className="sanzi-amount">{fmtYuan(v, true)}</span> },
  ]
  const d = q.data
  return (
    <BookFrame
      title="科目汇总表"
      actions={
        <>
          {d ? <BalanceTag balanced={d.balanced} yes="借贷平衡" no="借贷不平衡" /> : null}
          <ExportButton request={fromDate && toDate ? { villageId: village.id, report: 'accountSummary', params: { fromDate, toDate, level } } : null} />
        </>
      }
      error={q.error?.message}
      note={
        d ? (
          <>
            {village.name} · 共 {d.voucherCount} 张凭证
            {d.voucherRanges.length > 0 ? `（${d.voucherRanges.map((r) => `${r.period} ${r.first}～${r.last}`).join('；')}）` : ''} · 单位：元
          </>
        ) : null
      }
      toolbar={
        <>
          {fromDate && toDate ? (
            <DatePicker.RangePicker
              aria-label="凭证日期"
              allowClear={false}
              value={[dayjs(fromDate), dayjs(toDate)]}
              onChange={(r) => r?.[0] && r[1] && set({ fromDate: r[0].format('YYYY-MM-DD'), toDate: r[1].format('YYYY-MM-DD') })}
            />
          ) : null}
          <LevelSelect value={level} onChange={(l) => set({ level: l })} />
          <RefreshButton onClick={q.reload} />
        </>
      }
    >
      <div ref={boxRef} className="sanzi-fill-body">
        <BookTable<AccountSummaryRow>
          rowKey="accountId"
          columns={columns}
          dataSource={d?.rows ?? []}
          loading={q.loading}
          scroll={{ x: 120 + nameWidth + 320, y: box.height - 82 }}
          onRow={(r) => ({
            onClick: () => fromDate && toDate && navigate('books/ledger', { account: r.accountId, from: fromDate.slice(0, 7), to: toDate.slice(0, 7) }),
            style: { cursor: 'pointer' },
          })}
          summary={() =>
            d
              ? totalsRow({
                  labelSpan: 2,
                  amounts: [
                    { key: 'debit', value: d.totals.debit },
                    { key: 'credit', value: d.totals.credit },
                  ],
                })
              : null
          }
        />
      </div>
    </BookFrame>
  )
}
