import { useEffect, useState } from 'react'
import { Alert, Button, Radio, Space, Spin } from 'antd'
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons'
import type { Village, Voucher } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { useRouteParams } from '../app/routes'
import { useSession } from '../app/session'
import { DigitAmount, DigitHead } from '../ledger/DigitAmount'
import { fenOf } from '../ledger/money'
import { STATUS_LABELS } from './status'

type Layout = 'a4' | 'paper'

const PAGE_CSS: Record<Layout, string> = {
  a4: '@page { size: A4 portrait; margin: 12mm 12mm 12mm 18mm; }',
  paper: '@page { size: 240mm 140mm; margin: 6mm 8mm 6mm 14mm; }',
}

/** 打印凭证: one voucher per sheet, laid out like 记账凭证 paper; the browser's print dialog does the rest. */
export function VoucherPrintPage() {
  const { currentVillage } = useSession()
  const params = useRouteParams()
  const ids = (params.get('ids') ?? params.get('id') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
  const key = ids.join(',')
  const [layout, setLayout] = useState<Layout>('a4')
  const [state, setState] = useState<{ key: string; vouchers?: Voucher[]; error?: string }>({ key: '' })

  useEffect(() => {
    if (!currentVillage || key === '') return
    let live = true
    Promise.all(key.split(',').map((id) => call('voucher.get', { villageId: currentVillage.id, voucherId: Number(id) }))).then(
      (vouchers) => live && setState({ key, vouchers }),
      (e: unknown) => live && setState({ key, error: toApiError(e).message }),
    )
    return () => {
      live = false
    }
  }, [currentVillage, key])

  const loaded = state.key === key ? state : { key }
  return (
    <div className="pv-root">
      <style>{`${PAGE_CSS[layout]} .pv-sheet { --pv-height: ${layout === 'a4' ? '136mm' : '126mm'}; }`}</style>
      <div className="pv-toolbar no-print">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => window.history.back()}>
            返回
          </Button>
          <Radio.Group
            value={layout}
            onChange={(e) => setLayout(e.target.value as Layout)}
            optionType="button"
            options={[
              { value: 'a4', label: 'A4 纸' },
              { value: 'paper', label: '凭证纸 240×140' },
            ]}
          />
          <Button type="primary" icon={<PrinterOutlined />} disabled={!loaded.vouchers} onClick={() => window.print()}>
            打印
          </Button>
          <span className="pv-count">{loaded.vouchers ? `共 ${loaded.vouchers.length} 张凭证` : ''}</span>
        </Space>
      </div>
      {ids.length === 0 ? <Alert type="warning" showIcon message="没有要打印的凭证" /> : null}
      {loaded.error ? <Alert type="error" showIcon message={loaded.error} /> : null}
      {!loaded.vouchers && !loaded.error && ids.length > 0 ? <Spin style={{ display: 'block', margin: 48 }} /> : null}
      {loaded.vouchers?.map((v) => (currentVillage ? <PrintedVoucher key={v.id} voucher={v} village={currentVillage} /> : null))}
    </div>
  )
}

const MIN_LINES = 5

function PrintedVoucher(props: { voucher: Voucher; village: Village }) {
  const { voucher: v, village } = props
  const [y, m, d] = v.date.split('-')
  const total = fenOf(v.total)
  const pad = Math.max(0, MIN_LINES - v.lines.length)
  return (
    <section className="pv-sheet" aria-label={`凭证 ${v.label}`}>
      {v.status !== 'posted' ? <div className="pv-watermark">{STATUS_LABELS[v.status]}·未记账</div> : null}
      <h2 className="pv-title">记 账 凭 证</h2>
      <div className="pv-head">
        <span className="pv-unit">核算单位：{village.name}</span>
        <span>
          {y} 年 {Number(m)} 月 {Number(d)} 日
        </span>
        <span>
          记字第 <b className="pv-no">{v.number !== null ? String(v.number).padStart(4, '0') : '　　'}</b> 号
        </span>
      </div>
      <div className="pv-body">
        <table className="pv-table">
          <colgroup>
            <col style={{ width: '24%' }} />
            <col />
            <col style={{ width: '22%' }} />
            <col style={{ width: '22%' }} />
          </colgroup>
          <thead>
            <tr>
              <th rowSpan={2}>摘 要</th>
              <th rowSpan={2}>会 计 科 目</th>
              <th>借 方 金 额</th>
              <th>贷 方 金 额</th>
            </tr>
            <tr>
              <th className="pv-digit-head">
                <DigitHead />
              </th>
              <th className="pv-digit-head">
                <DigitHead />
              </th>
            </tr>
          </thead>
          <tbody>
            {v.lines.map((l) => (
              <tr key={l.lineNo}>
                <td>{l.summary}</td>
                <td>
                  <span className="pv-code">{l.accountCode}</span> {l.accountName}
                  {l.auxItemName && !l.accountName.endsWith(l.auxItemName) ? <span className="pv-aux">（{l.auxItemName}）</span> : null}
                </td>
                <td className="pv-amount">
                  <DigitAmount fen={fenOf(l.debit)} />
                </td>
                <td className="pv-amount">
                  <DigitAmount fen={fenOf(l.credit)} />
                </td>
              </tr>
            ))}
            {Array.from({ length: pad }, (_, i) => (
              <tr key={`pad-${i}`}>
                <td />
                <td />
                <td className="pv-amount">
                  <DigitAmount fen={0} />
                </td>
                <td className="pv-amount">
                  <DigitAmount fen={0} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2} className="pv-words">
                合计（大写）：{v.totalInWords}
              </td>
              <td className="pv-amount">
                <DigitAmount fen={total} bold />
              </td>
              <td className="pv-amount">
                <DigitAmount fen={total} bold />
              </td>
            </tr>
          </tfoot>
        </table>
        <div className="pv-attach">
          附单据
          <b>{v.attachments}</b>张
        </div>
      </div>
      <div className="pv-signs">
        <span>主管：</span>
        <span>记账：{v.postedBy ?? ''}</span>
        <span>审核：{v.reviewedBy ?? ''}</span>
        <span>制单：{v.preparedBy}</span>
      </div>
    </section>
  )
}
