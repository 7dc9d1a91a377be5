import { Alert, Button, Card, DatePicker, Popover, Space, Spin, Tag, Typography } from 'antd'
import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import type { Statement, StatementRow, Village } from '../../../shared/api/types'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate, replaceParams, useRouteParams } from '../app/routes'
import { fenOf, fmtYuan } from '../ledger/money'
import { WithVillage } from '../ledger/WithVillage'
import { useFirstOpenPeriod } from '../vouchers/status'
import { ExportButton } from './ExportButton'

type Kind = 'balanceSheet' | 'incomeStatement'

/** 资产负债表 and 收益及收益分配表, drawn as the printed forms; a row's figures open the 明细账 they come from. */
export function StatementPage(props: { kind: Kind }) {
  return <WithVillage>{(v) => <StatementView key={`${v.id}-${props.kind}`} village={v} kind={props.kind} />}</WithVillage>
}

function StatementView(props: { village: Village; kind: Kind }) {
  const { village, kind } = props
  const route = kind === 'balanceSheet' ? 'reports/balance-sheet' : 'reports/income'
  const params = useRouteParams()
  const firstOpen = useFirstOpenPeriod(village.id, village.startPeriod)
  const to = params.get('to') ?? firstOpen.period
  const input = to ? { villageId: village.id, to } : null
  const bs = useQuery('report.balanceSheet', kind === 'balanceSheet' ? input : null)
  const is = useQuery('report.incomeStatement', kind === 'incomeStatement' ? input : null)
  const q = kind === 'balanceSheet' ? bs : is
  const s = q.data

  return (
    <>
      <PageTitle
        title={kind === 'balanceSheet' ? '资产负债表' : '收益及收益分配表'}
        extra={<ExportButton request={to ? { villageId: village.id, report: kind, params: { to } } : null} />}
      />
      <div className="sanzi-toolbar">
        {to ? (
          <DatePicker
            picker="month"
            aria-label="报表期间"
            allowClear={false}
            format="YYYY年M月"
            value={dayjs(`${to}-01`)}
            onChange={(d) => d && replaceParams(route, { to: d.format('YYYY-MM') })}
          />
        ) : null}
        <Button icon={<ReloadOutlined />} onClick={q.reload}>
          刷新
        </Button>
        {s ? <Checks s={s} /> : null}
      </div>
      {q.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={q.error.message} /> : null}
      {!s ? (
        q.loading ? <Spin style={{ display: 'block', margin: 48 }} /> : null
      ) : (
        <Card className="st-sheet" styles={{ body: { padding: '20px 28px 16px' } }}>
          <h2 className="st-title">{s.title}</h2>
          <div className="st-head">
            <span>编制单位：{s.villageName}</span>
            <span>{s.dateLabel}</span>
            <span>单位：元</span>
          </div>
          {s.parts.length === 2 ? <TwoSided s={s} /> : <OneSided s={s} />}
          <Typography.Paragraph type="secondary" className="st-basis">
            编制依据：{s.basis}
            <br />
            数据指纹：<span className="sanzi-mono">{s.fingerprint.slice(0, 24)}…</span>
          </Typography.Paragraph>
        </Card>
      )}
    </>
  )
}

function Checks(props: { s: Statement }) {
  return (
    <Space size={4} wrap data-testid="statement-checks">
      {props.s.checks.map((c, i) => (
        <Tag key={i} color={c.ok ? 'success' : 'error'} icon={c.ok ? <CheckCircleFilled /> : <CloseCircleFilled />} title={`${c.left} / ${c.right}`}>
          {c.label}（{c.column}）{c.ok ? '相符' : `不符：${fmtYuan(c.left)} ≠ ${fmtYuan(c.right)}`}
        </Tag>
      ))}
    </Space>
  )
}

/** The label of a row; when it reads accounts, a click lists them with links to their 明细账. */
function RowLabel(props: { row: StatementRow; s: Statement }) {
  const { row, s } = props
  const style = { paddingLeft: row.indent * 16 }
  const text = row.bold ? <b>{row.label}</b> : row.label
  if (row.accounts.length === 0) return <span style={style}>{text}</span>
  const from = `${s.to.slice(0, 4)}-01`
  return (
    <Popover
      trigger="click"
      title={row.label}
      content={
        <div style={{ maxWidth: 360 }}>
          {row.formula ? (
            <div style={{ marginBottom: 6 }}>
              取数公式：<span className="sanzi-mono">{row.formula}</span>
            </div>
          ) : null}
          {row.note ? <div style={{ marginBottom: 6, color: '#6b7280' }}>{row.note}</div> : null}
          <Space direction="vertical" size={2}>
            {row.accounts.map((a) => (
              <a key={a.accountId} onClick={() => navigate('books/ledger', { account: a.accountId, from, to: s.to })}>
                查看明细账：{a.code} {a.name}
              </a>
            ))}
          </Space>
        </div>
      }
    >
      <a className="st-label-link" style={style}>
        {text}
      </a>
    </Popover>
  )
}

function Amount(props: { v: string | null }) {
  if (props.v === null) return null
  return <span className={`sanzi-amount${fenOf(props.v) < 0 ? ' sz-red' : ''}`}>{fmtYuan(props.v)}</span>
}

/** A filled row's cells: its label, 行次 and one amount per column. */
function RowCells(props: { row: StatementRow; s: Statement }) {
  const { row, s } = props
  return (
    <>
      <td className={`st-label${row.bold ? ' st-bold' : ''}`}>
        <RowLabel row={row} s={s} />
      </td>
      <td className="st-line">{row.line ?? ''}</td>
      {row.values.map((v, j) => (
        <td key={j} className="st-amount">
          <Amount v={v} />
        </td>
      ))}
    </>
  )
}

function TwoSided(props: { s: Statement }) {
  const { s } = props
  const left = s.rows.filter((r) => r.part === 'left')
  const right = s.rows.filter((r) => r.part === 'right')
  const n = Math.max(left.length, right.length)
  const half = (r: StatementRow | undefined, side: string, i: number) =>
    r ? (
      <RowCells row={r} s={s} />
    ) : (
      <>
        <td className="st-label" />
        <td className="st-line" />
        {s.columns.map((c) => (
          <td key={`${side}-${i}-${c.key}`} className="st-amount" />
        ))}
      </>
    )
  return (
    <table className="st-table">
      <colgroup>
        <col />
        <col style={{ width: 44 }} />
        {s.columns.map((c) => (
          <col key={`l-${c.key}`} style={{ width: 128 }} />
        ))}
        <col />
        <col style={{ width: 44 }} />
        {s.columns.map((c) => (
          <col key={`r-${c.key}`} style={{ width: 128 }} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {s.parts.map((p) => [
            <th key={p.key}>{p.heading}</th>,
            <th key={`${p.key}-line`}>行次</th>,
            ...s.columns.map((c) => <th key={`${p.key}-${c.key}`}>{c.label}</th>),
          ])}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: n }, (_, i) => (
          <tr key={i}>
            {half(left[i], 'l', i)}
            {half(right[i], 'r', i)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function OneSided(props: { s: Statement }) {
  const { s } = props
  return (
    <table className="st-table st-one">
      <colgroup>
        <col />
        <col style={{ width: 56 }} />
        {s.columns.map((c) => (
          <col key={c.key} style={{ width: 160 }} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th>项 目</th>
          <th>行次</th>
          {s.columns.map((c) => (
            <th key={c.key}>{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {s.rows.map((r, i) => (
          <tr key={i} className={r.line === null ? 'st-heading' : ''}>
            <RowCells row={r} s={s} />
          </tr>
        ))}
      </tbody>
    </table>
  )
}
