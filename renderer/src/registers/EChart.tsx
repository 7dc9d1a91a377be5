import { useEffect, useRef, type CSSProperties } from 'react'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

// only what the dashboard draws: pies and bars, drawn as SVG (crisp in screenshots and print, no canvas sizing)
echarts.use([PieChart, BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer])

export type ChartOption = ComposeOption<PieSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption>

/** One ECharts chart in a div: created on mount, given each new option, resized with its box, disposed on unmount. */
export function EChart(props: { option: ChartOption; height?: number; style?: CSSProperties; testId?: string; ariaLabel?: string }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const c = echarts.init(el, undefined, { renderer: 'svg', locale: 'ZH' })
    chart.current = c
    const observer = new ResizeObserver(() => c.resize())
    observer.observe(el)
    return () => {
      observer.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true })
  }, [props.option])

  return <div ref={box} role="img" aria-label={props.ariaLabel} data-testid={props.testId} style={{ width: '100%', height: props.height ?? 260, ...props.style }} />
}
