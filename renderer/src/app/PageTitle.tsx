import type { ReactNode } from 'react'

export function PageTitle(props: { title: string; extra?: ReactNode }) {
  return (
    <div className="sanzi-page-title">
      <h1>{props.title}</h1>
      {props.extra ? <div>{props.extra}</div> : null}
    </div>
  )
}
