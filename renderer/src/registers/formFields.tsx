import type { ReactNode } from 'react'
import { Col, Form, Input } from 'antd'

/** One field of a register form's grid: a column of `span` holding a labelled Form.Item. */
export function FieldCol(props: { span: number; name: string; label: string; /** the message when left empty */ required?: string; extra?: string; children: ReactNode }) {
  return (
    <Col span={props.span}>
      <Form.Item name={props.name} label={props.label} rules={props.required ? [{ required: true, message: props.required }] : undefined} extra={props.extra}>
        {props.children}
      </Form.Item>
    </Col>
  )
}

/** A text field of at most `max` characters. */
export function TextCol(props: { span: number; name: string; label: string; max: number; required?: string; extra?: string }) {
  return (
    <FieldCol span={props.span} name={props.name} label={props.label} required={props.required} extra={props.extra}>
      <Input maxLength={props.max} />
    </FieldCol>
  )
}
