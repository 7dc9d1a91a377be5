import chart2004 from '../../../resources/charts/2004.json'
import chart2023 from '../../../resources/charts/2023.json'
import type { AccountClass, NormalSide } from '../../../shared/accounts'
import type { ChartVersion } from '../../../shared/api/types'

export interface StandardAccount {
  code: string
  name: string
  class: AccountClass
  normalSide: NormalSide
  optional?: boolean
}

export interface StandardChart {
  version: ChartVersion
  title: string
  accounts: StandardAccount[]
}

/** The official first-level charts shipped as data in resources/charts. */
export const STANDARD_CHARTS: Record<ChartVersion, StandardChart> = {
  '2023': chart2023 as StandardChart,
  '2004': chart2004 as StandardChart,
}
