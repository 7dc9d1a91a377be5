import { Alert, Button, Space, Spin, Tag } from 'antd'
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons'
import type { NoticeContent } from '../../../shared/api/campaignTypes'
import { useQuery } from '../api/useQuery'
import { navigate, useRouteParams } from '../app/routes'
import { fmtYuan } from '../ledger/money'
// the toolbar and the page around the sheets are the voucher print view's (ledger.css: pv-root, pv-toolbar)
import './noticePrint.css'

type MoneyRow = NoticeContent['money'][number]
type AreaRow = NoticeContent['areas'][number]

/** an area as the engine writes it (`1263.9953`, `-1.2000`, `-`) with thousands separators: `1,263.9953` */
const areaText = (t: string) => t.replace(/^(-?)(\d+)/, (_, sign: string, whole: string) => sign + whole.replace(/\B(?=(\d{3})+$)/g, ','))

/** the workbook's first line names the money unit; the 资源 page names the area unit in its place */
const areaLine = (line: string) => line.replace('单位：元', '面积单位：亩')

/**
 * 打印公示表 (?village=&id=): the 清查公示表 as the paper posted on the 村务公开栏 — A4 portrait, the 资金 资产 债权债务
 * table on the first page, the 资源 table on the second, the notes and signature lines; the window's print dialog
 * does the rest. The frame (sidebar, header) is not drawn for this route, the toolbar is not printed.
 */
export function NoticePrintPage() {
  const params = useRouteParams()
  const villageId = Number(params.get('village'))
  const campaignId = Number(params.get('id'))
  const ok = villageId > 0 && campaignId > 0
  const q = useQuery('campaign.noticeContent', ok ? { villageId, campaignId } : null)
  const n = q.data
  const back = () => (ok ? navigate('campaigns/detail', { village: villageId, id: campaignId }) : window.history.back())
  return (
    <div className="pv-root" data-testid="notice-print">
      <style>{'@page { size: A4 portrait; margin: 15mm; }'}</style>
      <div className="pv-toolbar no-print">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={back}>
            返回清查
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} disabled={!n} onClick={() => window.print()} data-testid="notice-print-go">
            打印
          </Button>
          <span className="pv-count">A4 纵向，{n && n.areas.length ? '共 2 页' : '1 页'}</span>
          {n && !n.posted ? (
            <Tag color="warning" data-testid="notice-print-preview">
              预览：尚未张贴公示
            </Tag>
          ) : null}
        </Space>
      </div>
      {!ok ? <Alert className="np-alert" type="warning" showIcon message="请从清查详情的「公示」步骤打开公示表" /> : null}
      {q.error ? <Alert className="np-alert" type="error" showIcon message={q.error.message} /> : null}
      {ok && !n && !q.error ? <Spin style={{ display: 'block', margin: 48 }} /> : null}
      {n ? <NoticeSheets notice={n} /> : null}
    </div>
  )
}

function NoticeSheets(props: { notice: NoticeContent }) {
  const n = props.notice
  const hasAreas = n.areas.length > 0
  const closing = (
    <>
      <ol className="np-notes">
        {n.notes.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ol>
      <div className="np-signs">
        {n.signatures.map((s) => (
          <div key={s} className="np-sign">
            <span>{s}</span>
            <span className="np-sign-date">{'年\u3000\u3000月\u3000\u3000日'}</span>
          </div>
        ))}
      </div>
    </>
  )
  return (
    <>
      <section className="np-sheet" aria-label={n.title}>
        <h1 className="np-title">{n.title}</h1>
        <SheetLines lines={n.lines} />
        <table className="np-table">
          <colgroup>
            <col />
            <col style={{ width: '16mm' }} />
            <col style={{ width: '26mm' }} />
            <col style={{ width: '26mm' }} />
            <col style={{ width: '24mm' }} />
            <col style={{ width: '32mm' }} />
          </colgroup>
          <thead>
            <tr>
              <th>项目</th>
              <th>编号</th>
              <th>账面数</th>
              <th>核实数</th>
              <th>差额</th>
              <th>说明</th>
            </tr>
          </thead>
          <tbody>
            {n.money.map((r, i) => (
              <MoneyLine key={i} row={r} />
            ))}
          </tbody>
        </table>
        {hasAreas ? null : closing}
      </section>
      {hasAreas ? (
        <section className="np-sheet np-next" aria-label={n.areaTitle}>
          <h1 className="np-title">{n.areaTitle}</h1>
          <SheetLines lines={n.lines.map((l, i) => (i === 0 ? areaLine(l) : l))} />
          <table className="np-table">
            <colgroup>
              <col />
              <col style={{ width: '22mm' }} />
              <col style={{ width: '24mm' }} />
              <col style={{ width: '24mm' }} />
              <col style={{ width: '22mm' }} />
              <col style={{ width: '34mm' }} />
            </colgroup>
            <thead>
              <tr>
                <th>地类 / 地块</th>
                <th>编号</th>
                <th>账面面积</th>
                <th>核实面积</th>
                <th>差额</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {n.areas.map((r, i) => (
                <AreaLine key={i} row={r} />
              ))}
            </tbody>
          </table>
          {closing}
        </section>
      ) : null}
    </>
  )
}

/** 公示单位 … 基准日 … 单位; 公示期 … 公示地点 (the engine separates the parts by ideographic spaces) */
function SheetLines(props: { lines: string[] }) {
  return (
    <div className="np-lines">
      {props.lines.map((l) => (
        <div key={l} className="np-line">
          {l.split('\u3000').map((part) => (
            <span key={part}>{part}</span>
          ))}
        </div>
      ))}
    </div>
  )
}

const rowClass = (look: MoneyRow['look']) => `np-${look}`

function MoneyLine(props: { row: MoneyRow }) {
  const r = props.row
  const money = (v: string | null, blankZero = false) => (v === null ? '' : fmtYuan(v, blankZero))
  return (
    <tr className={rowClass(r.look)}>
      <td className="np-label">{r.label}</td>
      <td className="np-code">{r.code}</td>
      <td className="np-num">{money(r.book)}</td>
      <td className="np-num">{money(r.verified)}</td>
      {/* a zero difference of an item is left blank, so the differences stand out */}
      <td className="np-num">{money(r.difference, r.look === 'item')}</td>
      <td className="np-note">{r.note}</td>
    </tr>
  )
}

function AreaLine(props: { row: AreaRow }) {
  const r = props.row
  return (
    <tr className={rowClass(r.look)}>
      <td className="np-label">{r.label}</td>
      <td className="np-code">{r.code}</td>
      <td className="np-num">{areaText(r.book)}</td>
      <td className="np-num">{areaText(r.verified)}</td>
      <td className="np-num">{areaText(r.difference)}</td>
      <td className="np-note">{r.note}</td>
    </tr>
  )
}
