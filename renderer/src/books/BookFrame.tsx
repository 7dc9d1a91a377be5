import type { ReactNode } from 'react'
import { Alert, Typography } from 'antd'
import { PageTitle } from '../app/PageTitle'

/** The frame of a book or report page: title with actions, a toolbar, an error, and a body that fills the window. */
export function BookFrame(props: {
  title: string
  actions?: ReactNode
  toolbar: ReactNode
  note?: ReactNode
  error?: string
  children: ReactNode
  fill?: boolean
}) {
  return (
    <div className={props.fill === false ? undefined : 'sanzi-fill'}>
      <PageTitle title={props.title} extra={props.actions} />
      <div className="sanzi-toolbar">
        {props.toolbar}
        {props.note ? (
          <>
            <span className="sanzi-header-spacer" />
            <Typography.Text type="secondary">{props.note}</Typography.Text>
          </>
        ) : null}
      </div>
      {props.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={props.error} /> : null}
      {props.children}
    </div>
  )
}
