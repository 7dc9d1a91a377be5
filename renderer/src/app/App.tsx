import { useEffect } from 'react'
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { bridge, onUnauthenticated } from '../api/client'
import { useQuery } from '../api/useQuery'
import { SignInPage } from '../auth/SignInPage'
import { SetupPage } from '../setup/SetupPage'
import { AppFrame } from './AppFrame'
import { SessionProvider } from './session'
import { theme } from './theme'

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} form={{ requiredMark: true }}>
      <AntApp style={{ height: '100%' }}>
        <Root />
      </AntApp>
    </ConfigProvider>
  )
}

/** First run → set-up; no session → sign-in; otherwise the app frame. */
function Root() {
  const status = useQuery('system.status', {})
  const reload = status.reload

  useEffect(() => {
    const offAuth = onUnauthenticated(reload)
    let offBridge = () => {}
    try {
      offBridge = bridge().on('session-ended', reload)
    } catch {
      // no bridge: system.status reports it below
    }
    return () => {
      offAuth()
      offBridge()
    }
  }, [reload])

  if (!status.data) {
    if (status.error) {
      return (
        <Result
          status="error"
          title="无法打开账套"
          subTitle={status.error.message}
          extra={
            <Button type="primary" onClick={reload}>
              重试
            </Button>
          }
        />
      )
    }
    return (
      <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" description="正在打开账套…" />
      </div>
    )
  }

  const s = status.data
  if (!s.initialized) return <SetupPage onDone={reload} />
  if (!s.currentUser) return <SignInPage agency={s.agency} appVersion={s.appVersion} onSignedIn={reload} />
  return (
    <SessionProvider key={s.currentUser.id} status={s} user={s.currentUser} refreshStatus={reload}>
      <AppFrame />
    </SessionProvider>
  )
}
