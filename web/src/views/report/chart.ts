// ECharts for the report pages: only the charts and components they draw, rendered as SVG (elements
// are DOM nodes: crisp in print, reachable by tests), and the option builders they share. Every data
// item carries `link`, the page listing the tickets behind that figure; EChart.vue emits it on click.

import { use, type ComposeOption } from 'echarts/core'
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts'
// The plain legend, the continuous visual map and the simple grid: neither scrolling legends nor
// piecewise maps nor data zoom are drawn, and leaving them out keeps the chunk smaller.
import {
  GridSimpleComponent,
  LegendPlainComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components'
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import { useRouter, type RouteLocationRaw } from 'vue-router'

use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridSimpleComponent,
  LegendPlainComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  SVGRenderer,
])

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>

/** What a click on a chart element reports. */
export interface PickEvent {
  seriesName: string
  seriesIndex: number
  dataIndex: number
  name: string
  value: unknown
  /** The data item as given in the option (with its `link`, when it has one). */
  data: unknown
}

/** A data item: its value and where its tickets are listed. */
export interface LinkedValue {
  value: number | null
  link?: RouteLocationRaw
}

export function linkOf(event: PickEvent): RouteLocationRaw | null {
  const data = event.data
  if (typeof data === 'object' && data !== null && 'link' in data) {
    return (data as { link?: RouteLocationRaw }).link ?? null
  }
  return null
}

export const COLORS = {
  new: '#409eff',
  resolved: '#67c23a',
  closed: '#909399',
  backlog: '#e6a23c',
  first: '#5b8ff9',
  resolution: '#5ad8a6',
  danger: '#f56c6c',
  bar: '#409eff',
} as const

const FONT = {
  fontFamily:
    '-apple-system, "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif',
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}

interface TipParam {
  marker?: unknown
  name?: string
  seriesName?: string
  value?: unknown
  data?: unknown
}

function tipValue(value: unknown, format: (v: number | null) => string): string {
  const v = Array.isArray(value) ? value[value.length - 1] : value
  return format(typeof v === 'number' ? v : null)
}

/** One line per series: "● 新建 12"; the value carries data-test="chart-tip-value". */
function tipLines(params: TipParam | TipParam[], format: (v: number | null) => string): string {
  const list = Array.isArray(params) ? params : [params]
  const head = list[0]?.name ? `<div>${escapeHtml(String(list[0].name))}</div>` : ''
  const lines = list.map((p) => {
    const marker = typeof p.marker === 'string' ? p.marker : ''
    const label = list.length > 1 || !head ? escapeHtml(String(p.seriesName ?? '')) : ''
    const value = escapeHtml(tipValue(p.value, format))
    return `<div>${marker}${label} <b data-test="chart-tip-value">${value}</b></div>`
  })
  return head + lines.join('')
}

const plain = (v: number | null): string => (v === null ? '—' : String(v))

/** Axis labels of days without the year ("11-24"): the period above the chart says which year. */
function shortDay(label: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(5) : label
}

export interface LineSpec {
  name: string
  color: string
  data: LinkedValue[]
}

/** A trend: one line per measure over the period's buckets; each point opens its bucket's tickets. */
export function lineOption(labels: string[], lines: LineSpec[]): ChartOption {
  return {
    textStyle: FONT,
    animationDuration: 300,
    color: lines.map((l) => l.color),
    tooltip: {
      trigger: 'axis',
      formatter: (p: unknown) => tipLines(p as TipParam[], plain),
    },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLabel: { formatter: shortDay, hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: lines.map((l) => ({
      type: 'line',
      name: l.name,
      data: l.data,
      symbol: 'circle',
      symbolSize: 7,
      showSymbol: true,
      cursor: 'pointer',
    })),
  }
}

export interface BarSpec {
  name: string
  color: string
  data: LinkedValue[]
  stack?: string
}

export interface BarLayout {
  /** Bars grow to the right, categories listed top to bottom. */
  horizontal?: boolean
  /** Values are fractions 0..1, shown as percentages. */
  percent?: boolean
  legend?: boolean
  /** Show each bar's value at its end. */
  labels?: boolean
}

function percentText(v: number | null): string {
  return v === null ? '—' : `${Math.round(v * 1000) / 10}%`
}

/** Bars per category, one or more series (stacked when they share `stack`). */
export function barOption(
  categories: string[],
  bars: BarSpec[],
  layout: BarLayout = {},
): ChartOption {
  const format = layout.percent ? percentText : plain
  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    inverse: layout.horizontal === true,
    axisLabel: layout.horizontal
      ? { width: 120, overflow: 'truncate' as const, interval: 0 }
      : { formatter: shortDay, hideOverlap: true },
  }
  const valueAxis = layout.percent
    ? {
        type: 'value' as const,
        min: 0,
        max: 1,
        axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
      }
    : { type: 'value' as const, minInterval: 1 }
  return {
    textStyle: FONT,
    animationDuration: 300,
    color: bars.map((b) => b.color),
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => tipLines(p as TipParam, format),
    },
    legend: layout.legend ? { top: 0 } : undefined,
    grid: {
      left: 12,
      right: layout.labels ? 40 : 16,
      top: layout.legend ? 36 : 16,
      bottom: 8,
      containLabel: true,
    },
    xAxis: layout.horizontal ? valueAxis : categoryAxis,
    yAxis: layout.horizontal ? categoryAxis : valueAxis,
    series: bars.map((b) => ({
      type: 'bar',
      name: b.name,
      data: b.data,
      stack: b.stack,
      barMaxWidth: 36,
      cursor: 'pointer',
      label: layout.labels
        ? {
            show: true,
            position: layout.horizontal ? 'right' : 'top',
            formatter: (p: { value?: unknown }) => tipValue(p.value, format),
          }
        : undefined,
    })),
  }
}

export interface HeatItem {
  value: [number, number, number]
  link?: RouteLocationRaw
}

/** Requests by weekday (rows, Monday first) × hour (columns); each cell opens its tickets. */
export function heatmapOption(weekdays: string[], cells: HeatItem[], unit: string): ChartOption {
  const hours = Array.from({ length: 24 }, (_, h) => String(h))
  const max = Math.max(1, ...cells.map((c) => c.value[2]))
  return {
    textStyle: FONT,
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as { value?: [number, number, number] }
        const [hour, day, count] = item.value ?? [0, 0, 0]
        return (
          `<div>${escapeHtml(weekdays[day] ?? '')} ${hour}:00–${hour + 1}:00</div>` +
          `<div><b data-test="chart-tip-value">${count}</b> ${escapeHtml(unit)}</div>`
        )
      },
    },
    grid: { left: 12, right: 16, top: 8, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: hours, splitArea: { show: true } },
    yAxis: { type: 'category', data: weekdays, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ['#f0f7ff', '#409eff', '#1d4ed8'] },
    },
    series: [
      {
        type: 'heatmap',
        data: cells,
        cursor: 'pointer',
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
      },
    ],
  }
}

/** A chart's `pick` handler: opens the clicked figure's tickets. */
export function useChartLinks(): (event: PickEvent) => void {
  const router = useRouter()
  return (event) => {
    const link = linkOf(event)
    if (link) void router.push(link)
  }
}
