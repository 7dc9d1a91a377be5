import type { ChartVersion, VillageLevel } from '../../../shared/api/types'

export const LEVEL_LABELS: Record<VillageLevel, string> = { village: '村级', group: '组级' }
export const CHART_LABELS: Record<ChartVersion, string> = { '2023': '2023 年制度', '2004': '2004 年制度' }

/** `2026-11-23T07:10:00.000+08:00` → `2026-11-23 07:10:00` (the wall-clock time it was recorded at). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  return iso.slice(0, 19).replace('T', ' ')
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} 字节`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** `2024-01` → `2024 年 1 月` */
export function formatPeriod(p: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p)
  return m ? `${m[1]} 年 ${Number(m[2])} 月` : p
}
