import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react'
import { createPortal } from 'react-dom'

export interface ComboOption {
  id: number
  /** shown in the input once chosen */
  text: string
  /** shown in the list */
  node: ReactNode
}

interface Props {
  value: number | null
  /** text of the current value (it may not be among the options, e.g. a disabled account on an old draft) */
  display: string
  /** options for a query, best first */
  search: (query: string) => ComboOption[]
  onChange: (id: number) => void
  /** Enter on a chosen value (the one just chosen, or the current one): the grid moves on */
  onEnter: (chosen: number | null) => void
  /** keys the combo does not use (arrows when the list is closed, Ctrl shortcuts) */
  onOtherKey?: (e: KeyboardEvent<HTMLInputElement>) => void
  /** offers 新增「query」 when the query matches nothing exactly */
  create?: { label: (query: string) => string; run: (query: string) => Promise<number | null> }
  /** when the typed text names one option exactly (a code), it is taken on Enter or on leaving */
  exact?: (query: string) => number | null
  inputRef?: Ref<HTMLInputElement>
  placeholder?: string
  ariaLabel: string
  invalid?: boolean
  title?: string
  footer?: string
}

/**
 * A lookup cell for the voucher grid: type a code or part of a name, arrows move through the list,
 * Enter takes the highlighted entry and moves on; leaving an unfinished lookup restores the chosen value.
 */
export function ComboInput({ inputRef, ...props }: Props) {
  const [text, setText] = useState<string | null>(null) // null: not editing, shows `display`
  const [open, setOpen] = useState(false)
  const [hl, setHl] = useState(0)
  const [busy, setBusy] = useState(false)
  const wrap = useRef<HTMLDivElement | null>(null)
  const listRef = useRef<HTMLDivElement | null>(null)
  const [rect, setRect] = useState<{ left: number; top: number; width: number; above: boolean } | null>(null)

  const query = text ?? ''
  const options = open ? props.search(query) : []
  const exactId = text !== null && props.exact ? props.exact(query) : null
  const canCreate = open && props.create !== undefined && query.trim() !== '' && !options.some((o) => o.text.endsWith(query.trim()))
  const count = options.length + (canCreate ? 1 : 0)

  useLayoutEffect(() => {
    if (!open || !wrap.current) return
    const r = wrap.current.getBoundingClientRect()
    const above = r.bottom + 330 > window.innerHeight && r.top > 330
    setRect({ left: r.left, top: above ? r.top : r.bottom, width: Math.max(r.width, 380), above })
  }, [open, query])

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[data-hl="true"]')
    el?.scrollIntoView({ block: 'nearest' })
  }, [hl, open])

  const close = () => {
    setOpen(false)
    setText(null)
    setHl(0)
  }

  // once a choice is made, the blur that follows the move to the next cell must not choose again
  const chosen = useRef(false)
  const choose = (id: number) => {
    chosen.current = true
    props.onChange(id)
    close()
  }

  const runCreate = async () => {
    if (!props.create) return
    setBusy(true)
    try {
      const id = await props.create.run(query.trim())
      if (id !== null) {
        choose(id)
        props.onEnter(id)
      }
    } finally {
      setBusy(false)
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!open) {
        if (e.key === 'ArrowDown' && e.altKey) {
          e.preventDefault()
          setText(text ?? '')
          setOpen(true)
          return
        }
        props.onOtherKey?.(e)
        return
      }
      e.preventDefault()
      if (count > 0) setHl((h) => (e.key === 'ArrowDown' ? (h + 1) % count : (h - 1 + count) % count))
      return
    }
    if (e.key === 'Enter') {
      e.preventDefault()
      if (busy) return
      if (open && exactId !== null) {
        choose(exactId)
        props.onEnter(exactId)
        return
      }
      const picked = options[hl]
      if (open && picked) {
        choose(picked.id)
        props.onEnter(picked.id)
        return
      }
      if (open && canCreate && hl === options.length) {
        void runCreate()
        return
      }
      if (text !== null && text.trim() !== '') {
        setOpen(true)
        return
      }
      close()
      if (props.value !== null) props.onEnter(props.value)
      else {
        setText('')
        setOpen(true)
      }
      return
    }
    if (e.key === 'Escape' && open) {
      e.preventDefault()
      e.stopPropagation()
      close()
      return
    }
    if (e.key === 'F2') {
      e.preventDefault()
      setText(text ?? '')
      setOpen(true)
      return
    }
    props.onOtherKey?.(e)
  }

  const onBlur = () => {
    if (!chosen.current && text !== null && text.trim() !== '') {
      const id = exactId ?? (options.length === 1 && !canCreate ? options[0]?.id : undefined)
      if (id !== undefined && id !== null) props.onChange(id)
    }
    close()
  }

  return (
    <div ref={wrap} className="vg-combo">
      <input
        ref={inputRef}
        className={`vg-input${props.invalid ? ' vg-invalid' : ''}`}
        aria-label={props.ariaLabel}
        title={props.title ?? props.display}
        placeholder={props.placeholder}
        value={text ?? props.display}
        autoComplete="off"
        spellCheck={false}
        onFocus={(e) => {
          chosen.current = false
          e.currentTarget.select()
        }}
        onChange={(e) => {
          chosen.current = false
          setText(e.target.value)
          setOpen(true)
          setHl(0)
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      {open && rect
        ? createPortal(
            <div
              ref={listRef}
              className="vg-combo-list"
              role="listbox"
              style={{
                left: rect.left,
                width: rect.width,
                ...(rect.above ? { bottom: window.innerHeight - rect.top } : { top: rect.top }),
              }}
              onMouseDown={(e) => e.preventDefault()}
            >
              {options.map((o, i) => (
                <div
                  key={o.id}
                  role="option"
                  aria-selected={i === hl}
                  data-hl={i === hl}
                  className={`vg-combo-item${i === hl ? ' vg-combo-hl' : ''}`}
                  onMouseEnter={() => setHl(i)}
                  onClick={() => {
                    choose(o.id)
                    props.onEnter(o.id)
                  }}
                >
                  {o.node}
                </div>
              ))}
              {canCreate ? (
                <div
                  role="option"
                  aria-selected={hl === options.length}
                  data-hl={hl === options.length}
                  className={`vg-combo-item vg-combo-create${hl === options.length ? ' vg-combo-hl' : ''}`}
                  onMouseEnter={() => setHl(options.length)}
                  onClick={() => void runCreate()}
                >
                  {busy ? '正在新增…' : props.create?.label(query.trim())}
                </div>
              ) : null}
              {count === 0 ? <div className="vg-combo-empty">没有匹配的项目</div> : null}
              {props.footer ? <div className="vg-combo-footer">{props.footer}</div> : null}
            </div>,
            document.body,
          )
        : null}
    </div>
  )
}
