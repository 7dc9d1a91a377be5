import { useImperativeHandle, useLayoutEffect, useRef, type KeyboardEvent, type Ref } from 'react'
import { Tooltip } from 'antd'
import { DeleteOutlined, InfoCircleOutlined } from '@ant-design/icons'
import { AUX_KIND_LABELS, type AuxKind } from '../../../shared/accounts'
import { amountInWords } from '../../../shared/amountWords'
import type { AuxItem } from '../../../shared/api/types'
import { fenToYuanString, formatFen, parseYuan, type Fen } from '../../../shared/money'
import { balancingAmount, totals } from '../../../shared/vouchers'
import { matchAccounts, type Chart, type ChartAccount } from '../ledger/chart'
import { DigitAmount, DigitHead } from '../ledger/DigitAmount'
import { ComboInput, type ComboOption } from './ComboInput'

export type Field = 'summary' | 'accountId' | 'auxItemId' | 'debit' | 'credit'

export const FIELD_LABELS: Record<Field, string> = { summary: '摘要', accountId: '会计科目', auxItemId: '辅助核算', debit: '借方金额', credit: '贷方金额' }

export interface GridLine {
  key: number
  summary: string
  accountId: number | null
  auxItemId: number | null
  /** amounts as typed (yuan text); parsed with parseYuan */
  debit: string
  credit: string
}

let nextKey = 1
export function blankLine(): GridLine {
  return { key: nextKey++, summary: '', accountId: null, auxItemId: null, debit: '', credit: '' }
}

export function isBlank(l: GridLine): boolean {
  return l.summary.trim() === '' && l.accountId === null && l.auxItemId === null && l.debit.trim() === '' && l.credit.trim() === ''
}

/** The amount of a cell: empty is zero; a typing error is reported, never guessed. */
export function cellAmount(text: string): { fen: Fen; error: string | null } {
  if (text.trim() === '') return { fen: 0, error: null }
  const r = parseYuan(text)
  return r.ok ? { fen: r.fen, error: null } : { fen: 0, error: r.reason }
}

export interface GridHandle {
  focus(row: number, field: Field): void
}

interface Props {
  lines: GridLine[]
  setLines: (update: (lines: GridLine[]) => GridLine[]) => void
  chart: Chart
  /** active leaf accounts offered by the lookup */
  leaves: ChartAccount[]
  auxItems: AuxItem[]
  createAux?: (kind: AuxKind, name: string) => Promise<AuxItem | null>
  readOnly: boolean
  /** `${row}.${field}` → message, from the engine or the amount parser */
  issues: Record<string, string>
  handleRef?: Ref<GridHandle>
}

type Pending = { row: number; field: Field } | null

const MIN_ROWS = 5

export function VoucherGrid({ handleRef, ...props }: Props) {
  const { lines, setLines, chart, readOnly, issues } = props
  const cells = useRef(new Map<string, HTMLInputElement>())
  const pending = useRef<Pending>(null)

  const auxKindOf = (l: GridLine): AuxKind | null => (l.accountId === null ? null : (chart.byId.get(l.accountId)?.auxKind ?? null))

  const tryFocus = (row: number, field: Field): boolean => {
    const el = cells.current.get(`${row}.${field}`)
    if (!el) return false
    el.focus()
    el.select()
    return true
  }
  /** a line without 辅助核算 has no such cell: its 借方 takes the focus instead */
  const focusNow = (row: number, field: Field) => tryFocus(row, field) || (field === 'auxItemId' && tryFocus(row, 'debit'))

  // focus moves after React has drawn the cell it goes to (a new line, the 辅助核算 of a chosen account)
  useLayoutEffect(() => {
    const p = pending.current
    if (!p) return
    pending.current = null
    focusNow(p.row, p.field)
  })

  useImperativeHandle(handleRef, () => ({ focus: (row, field) => void focusNow(row, field) }))

  const update = (row: number, patch: Partial<GridLine>) => setLines((ls) => ls.map((l, i) => (i === row ? { ...l, ...patch } : l)))

  const goTo = (row: number, field: Field) => {
    if (row >= lines.length) setLines((ls) => (ls.length <= row ? [...ls, ...Array.from({ length: row - ls.length + 1 }, blankLine)] : ls))
    else if (tryFocus(row, field)) return
    pending.current = { row, field }
  }

  /** Enter: the next cell in the order of a paper voucher; after an amount, the next line. */
  const next = (row: number, field: Field, chosenAccount?: number | null) => {
    const l = lines[row] as GridLine
    switch (field) {
      case 'summary':
        return goTo(row, 'accountId')
      case 'accountId': {
        const a = chosenAccount === undefined || chosenAccount === null ? undefined : chart.byId.get(chosenAccount)
        return goTo(row, a?.auxKind ? 'auxItemId' : 'debit')
      }
      case 'auxItemId':
        return goTo(row, 'debit')
      case 'debit':
        return cellAmount(l.debit).fen !== 0 ? goTo(row + 1, 'summary') : goTo(row, 'credit')
      case 'credit':
        return goTo(row + 1, 'summary')
    }
  }

  const vertical = (e: KeyboardEvent<HTMLInputElement>, row: number, field: Field) => {
    if (e.key === 'ArrowDown' && row + 1 < lines.length) {
      e.preventDefault()
      void focusNow(row + 1, field)
    } else if (e.key === 'ArrowUp' && row > 0) {
      e.preventDefault()
      void focusNow(row - 1, field)
    }
  }

  /** Ctrl+Delete removes the line, Ctrl+Insert inserts one above. */
  const lineKeys = (e: KeyboardEvent<HTMLInputElement>, row: number, field: Field): boolean => {
    if (e.ctrlKey && e.key === 'Delete') {
      e.preventDefault()
      removeLine(row, field)
      return true
    }
    if (e.ctrlKey && e.key === 'Insert') {
      e.preventDefault()
      setLines((ls) => [...ls.slice(0, row), blankLine(), ...ls.slice(row)])
      pending.current = { row, field: 'summary' }
      return true
    }
    return false
  }

  const removeLine = (row: number, field: Field = 'summary') => {
    setLines((ls) => (ls.length > 1 ? ls.filter((_, i) => i !== row) : [blankLine()]))
    pending.current = { row: Math.max(0, Math.min(row, lines.length - 2)), field }
  }

  const amounts = lines.map((l) => ({ debit: cellAmount(l.debit).fen, credit: cellAmount(l.credit).fen }))
  const sum = totals(amounts)

  const onAmountKey = (e: KeyboardEvent<HTMLInputElement>, row: number, side: 'debit' | 'credit') => {
    if (e.nativeEvent.isComposing || lineKeys(e, row, side)) return
    const other = side === 'debit' ? 'credit' : 'debit'
    const l = lines[row] as GridLine
    if (e.key === '=' || e.key === '＝') {
      // the amount that makes the voucher balance, from every other line
      e.preventDefault()
      const amount = balancingAmount(
        amounts.filter((_, i) => i !== row),
        side,
      )
      if (amount > 0) update(row, { [side]: fenToYuanString(amount), [other]: '' })
      else if (amount < 0) {
        update(row, { [other]: fenToYuanString(-amount), [side]: '' })
        pending.current = { row, field: other }
      }
      return
    }
    if (e.key === ' ') {
      // Space moves the amount to the other side
      e.preventDefault()
      update(row, { [other]: l[side], [side]: '' })
      pending.current = { row, field: other }
      return
    }
    if (e.key === 'Enter') {
      e.preventDefault()
      const a = cellAmount(l[side])
      if (!a.error && a.fen !== 0 && fenToYuanString(a.fen) !== l[side]) update(row, { [side]: fenToYuanString(a.fen) })
      next(row, side)
      return
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') return vertical(e, row, side)
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && !/[0-9.,-]/.test(e.key)) e.preventDefault()
  }

  const accountOptions = (q: string): ComboOption[] =>
    matchAccounts(props.leaves, q).map((a) => ({
      id: a.id,
      text: `${a.code} ${a.path}`,
      node: (
        <>
          <span className="vg-code">{a.code}</span>
          <span>{a.path}</span>
          {a.auxKind ? <span className="vg-aux-tag">{AUX_KIND_LABELS[a.auxKind]}</span> : null}
        </>
      ),
    }))
  const exactAccount = (q: string): number | null => props.leaves.find((a) => a.code === q.trim())?.id ?? null

  const auxOptions = (kind: AuxKind) => (q: string): ComboOption[] => {
    const t = q.trim().toLowerCase()
    return props.auxItems
      .filter((x) => x.kind === kind && x.status === 'active' && (t === '' || x.name.toLowerCase().includes(t) || (x.code ?? '').toLowerCase().startsWith(t)))
      .slice(0, 60)
      .map((x) => ({
        id: x.id,
        text: x.name,
        node: (
          <>
            {x.code ? <span className="vg-code">{x.code}</span> : null}
            <span>{x.name}</span>
          </>
        ),
      }))
  }

  const accountText = (id: number | null) => {
    if (id === null) return ''
    const a = chart.byId.get(id)
    return a ? `${a.code} ${a.path}` : `（科目 ${id}）`
  }
  const auxText = (id: number | null) => (id === null ? '' : (props.auxItems.find((x) => x.id === id)?.name ?? `（项目 ${id}）`))

  const cellClass = (row: number, field: Field, extra = '') => `vg-cell vg-${field}${issues[`${row}.${field}`] ? ' vg-cell-error' : ''}${extra}`
  const refFor = (row: number, field: Field) => (el: HTMLInputElement | null) => {
    const k = `${row}.${field}`
    if (el) cells.current.set(k, el)
    else cells.current.delete(k)
  }

  const balanced = sum.debit === sum.credit
  const filler = Math.max(0, MIN_ROWS - lines.length)

  return (
    <div className="vg-wrap">
      <table className={`vg-table${readOnly ? ' vg-readonly' : ''}`}>
        <colgroup>
          <col style={{ width: 34 }} />
          <col style={{ width: '24%' }} />
          <col />
          <col style={{ width: '13%' }} />
          <col style={{ width: 188 }} />
          <col style={{ width: 188 }} />
        </colgroup>
        <thead>
          <tr>
            <th rowSpan={2} className="vg-no">
              行
            </th>
            <th rowSpan={2}>
              摘要{' '}
              {!readOnly ? (
                <Tooltip title="摘要留空时按 Enter，自动复制上一行的摘要（保存时同样处理）">
                  <InfoCircleOutlined className="vg-hint" aria-label="摘要说明" />
                </Tooltip>
              ) : null}
            </th>
            <th rowSpan={2}>会计科目</th>
            <th rowSpan={2}>辅助核算</th>
            <th>借方金额</th>
            <th>贷方金额</th>
          </tr>
          <tr>
            <th className="vg-digit-head">
              <DigitHead />
            </th>
            <th className="vg-digit-head">
              <DigitHead />
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, row) => {
            const kind = auxKindOf(l)
            const d = cellAmount(l.debit)
            const c = cellAmount(l.credit)
            if (readOnly) {
              return (
                <tr key={l.key}>
                  <td className="vg-no">{row + 1}</td>
                  <td className="vg-cell vg-text" title={l.summary}>
                    {l.summary}
                  </td>
                  <td className="vg-cell vg-text" title={accountText(l.accountId)}>
                    {l.accountId !== null ? (
                      <>
                        <span className="vg-code">{chart.byId.get(l.accountId)?.code}</span>
                        {chart.byId.get(l.accountId)?.path}
                      </>
                    ) : null}
                  </td>
                  <td className="vg-cell vg-text">{auxText(l.auxItemId)}</td>
                  <td className="vg-cell vg-amount">
                    <DigitAmount fen={d.fen} />
                  </td>
                  <td className="vg-cell vg-amount">
                    <DigitAmount fen={c.fen} />
                  </td>
                </tr>
              )
            }
            return (
              <tr key={l.key} data-row={row}>
                <td className="vg-no">
                  <span className="vg-no-text">{row + 1}</span>
                  <button type="button" className="vg-del" tabIndex={-1} title="删除此行（Ctrl+Delete）" aria-label={`删除第 ${row + 1} 行`} onClick={() => removeLine(row)}>
                    <DeleteOutlined />
                  </button>
                </td>
                <td className={cellClass(row, 'summary')} title={issues[`${row}.summary`]}>
                  <input
                    ref={refFor(row, 'summary')}
                    className="vg-input"
                    aria-label={`第 ${row + 1} 行摘要`}
                    value={l.summary}
                    maxLength={200}
                    placeholder={row > 0 && lines[row - 1]?.summary ? '' : undefined}
                    onFocus={(e) => e.currentTarget.select()}
                    onChange={(e) => update(row, { summary: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.nativeEvent.isComposing || lineKeys(e, row, 'summary')) return
                      if (e.key === 'Enter') {
                        e.preventDefault()
                        const above = lines[row - 1]?.summary ?? ''
                        if (l.summary.trim() === '' && above !== '') update(row, { summary: above })
                        next(row, 'summary')
                      } else vertical(e, row, 'summary')
                    }}
                  />
                </td>
                <td className={cellClass(row, 'accountId')} title={issues[`${row}.accountId`]}>
                  <ComboInput
                    inputRef={refFor(row, 'accountId')}
                    ariaLabel={`第 ${row + 1} 行科目`}
                    value={l.accountId}
                    display={accountText(l.accountId)}
                    search={accountOptions}
                    exact={exactAccount}
                    placeholder={row === 0 && l.accountId === null ? '编码或名称，F2 列出' : undefined}
                    footer="输入科目编码或名称的任意部分；↑↓ 选择，Enter 确定"
                    onChange={(id) => {
                      const a = chart.byId.get(id)
                      update(row, { accountId: id, ...(a?.auxKind !== auxKindOf(l) ? { auxItemId: null } : {}) })
                    }}
                    onEnter={(chosen) => next(row, 'accountId', chosen)}
                    onOtherKey={(e) => {
                      if (!lineKeys(e, row, 'accountId')) vertical(e, row, 'accountId')
                    }}
                    invalid={Boolean(issues[`${row}.accountId`])}
                  />
                </td>
                <td className={cellClass(row, 'auxItemId', kind ? '' : ' vg-na')} title={issues[`${row}.auxItemId`]}>
                  {kind ? (
                    <ComboInput
                      inputRef={refFor(row, 'auxItemId')}
                      ariaLabel={`第 ${row + 1} 行${AUX_KIND_LABELS[kind]}`}
                      value={l.auxItemId}
                      display={auxText(l.auxItemId)}
                      search={auxOptions(kind)}
                      placeholder={AUX_KIND_LABELS[kind]}
                      create={
                        props.createAux
                          ? {
                              label: (q) => `新增${AUX_KIND_LABELS[kind]}「${q}」`,
                              run: async (q) => (await props.createAux?.(kind, q))?.id ?? null,
                            }
                          : undefined
                      }
                      onChange={(id) => update(row, { auxItemId: id })}
                      onEnter={() => next(row, 'auxItemId')}
                      onOtherKey={(e) => {
                        if (!lineKeys(e, row, 'auxItemId')) vertical(e, row, 'auxItemId')
                      }}
                      invalid={Boolean(issues[`${row}.auxItemId`])}
                    />
                  ) : null}
                </td>
                {(['debit', 'credit'] as const).map((side) => {
                  const a = side === 'debit' ? d : c
                  const problem = issues[`${row}.${side}`] ?? a.error ?? undefined
                  return (
                    <td key={side} className={`${cellClass(row, side)} vg-amount${problem ? ' vg-cell-error' : ''}`} title={problem}>
                      <DigitAmount fen={a.fen} />
                      <input
                        ref={refFor(row, side)}
                        className="vg-input vg-amount-input"
                        aria-label={`第 ${row + 1} 行${FIELD_LABELS[side]}`}
                        inputMode="decimal"
                        value={l[side]}
                        onFocus={(e) => e.currentTarget.select()}
                        onChange={(e) => update(row, { [side]: e.target.value })}
                        onBlur={() => {
                          const v = cellAmount(l[side])
                          const normal = v.fen === 0 ? '' : fenToYuanString(v.fen)
                          if (!v.error && normal !== l[side]) update(row, { [side]: normal })
                        }}
                        onKeyDown={(e) => onAmountKey(e, row, side)}
                      />
                    </td>
                  )
                })}
              </tr>
            )
          })}
          {Array.from({ length: filler }, (_, i) => (
            <tr key={`filler-${i}`} className="vg-filler">
              <td className="vg-no" />
              <td className="vg-cell" />
              <td className="vg-cell" />
              <td className="vg-cell" />
              <td className="vg-cell vg-amount">
                <DigitAmount fen={0} />
              </td>
              <td className="vg-cell vg-amount">
                <DigitAmount fen={0} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="vg-total">
            <td className="vg-no" />
            <td colSpan={3} className="vg-total-label">
              <span className="vg-total-title">合 计</span>
              {sum.debit === 0 && sum.credit === 0 ? null : balanced ? (
                <span className="vg-words" data-testid="amount-in-words">
                  {amountInWords(sum.debit)}
                </span>
              ) : (
                <span className="vg-diff" data-testid="voucher-difference">
                  借贷不平衡，差额 {formatFen(sum.debit - sum.credit)}
                </span>
              )}
            </td>
            <td className="vg-cell vg-amount" data-testid="debit-total" aria-label={`借方合计 ${formatFen(sum.debit)}`}>
              <DigitAmount fen={sum.debit} bold />
            </td>
            <td className="vg-cell vg-amount" data-testid="credit-total" aria-label={`贷方合计 ${formatFen(sum.credit)}`}>
              <DigitAmount fen={sum.credit} bold />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
