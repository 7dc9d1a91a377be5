import { useCallback, useState } from 'react'

export interface BoxSize {
  width: number
  height: number
}

/**
 * The size of a box that fills the rest of the page (`.sanzi-fill-body` in a `.sanzi-fill` column), followed
 * as the window or the filters above it change: virtual tables take their scroll height and the width of
 * their flexible column from it.
 */
export function useFillBox(min = 240): [(el: HTMLElement | null) => (() => void) | undefined, BoxSize] {
  const [size, setSize] = useState<BoxSize>({ width: 1000, height: min })
  const ref = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return undefined
      const ro = new ResizeObserver(() => {
        const next = { width: Math.floor(el.clientWidth), height: Math.max(min, Math.floor(el.clientHeight)) }
        setSize((s) => (s.width === next.width && s.height === next.height ? s : next))
      })
      ro.observe(el)
      return () => ro.disconnect()
    },
    [min],
  )
  return [ref, size]
}

/** Width left for a table's one flexible column once the fixed ones (and a scrollbar) are placed. */
export function flexWidth(box: BoxSize, fixed: number, min: number): number {
  return Math.max(min, box.width - fixed - 18)
}
