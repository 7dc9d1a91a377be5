import dayjs from 'dayjs'
import type { ContractStatus } from '../../../../shared/registers/contracts'

export const STATUS_COLORS: Record<ContractStatus, string> = { active: 'green', terminated: 'red', completed: 'default' }

/** days from `from` to `to` (both YYYY-MM-DD) */
export const daysFrom = (from: string, to: string) => dayjs(to).diff(dayjs(from), 'day')
