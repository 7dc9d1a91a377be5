import { Card, Result, Typography } from 'antd'
import { ClockCircleOutlined, LockOutlined } from '@ant-design/icons'
import { navigate } from './routes'

/** A module that this version does not have yet: said plainly, with what it will hold. */
export function NotOpen(props: { title: string; about?: string }) {
  return (
    <Card>
      <Result
        icon={<ClockCircleOutlined style={{ color: '#94a3b8' }} />}
        title={`「${props.title}」模块尚未开放`}
        subTitle={
          <>
            {props.about ? <div>将提供：{props.about}。</div> : null}
            <div>本版本已开放：凭证、账簿、报表，以及系统设置（科目表、期初余额、村管理、用户管理、操作日志、代理中心/账套）。</div>
          </>
        }
        extra={
          <Typography.Link onClick={() => navigate('settings/villages')}>前往村管理</Typography.Link>
        }
      />
    </Card>
  )
}

export function NoAccess(props: { title: string }) {
  return (
    <Card>
      <Result
        icon={<LockOutlined style={{ color: '#94a3b8' }} />}
        title={`您的岗位不能使用「${props.title}」`}
        subTitle="如需办理，请联系管理员调整岗位。"
        extra={<Typography.Link onClick={() => navigate('home')}>返回首页</Typography.Link>}
      />
    </Card>
  )
}
