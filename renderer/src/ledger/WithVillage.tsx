import type { ReactNode } from 'react'
import { Card, Empty } from 'antd'
import type { Village } from '../../../shared/api/types'
import { useSession } from '../app/session'

/** Ledger pages work on the village chosen in the header; without one they say what to do. */
export function WithVillage(props: { children: (village: Village) => ReactNode }) {
  const { currentVillage, villagesLoading } = useSession()
  if (currentVillage) return <>{props.children(currentVillage)}</>
  if (villagesLoading) return null
  return (
    <Card>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="请先在右上角「当前村」中选择一个村" />
    </Card>
  )
}
