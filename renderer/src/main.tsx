import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { z } from 'zod'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { App } from './app/App'
import './app/global.css'
import './ledger/ledger.css'

// the contract's schemas are shared with the engine; under our CSP zod must not probe `new Function`
z.config({ jitless: true })
dayjs.locale('zh-cn')

const root = document.getElementById('root')
if (!root) throw new Error('index.html 缺少 #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
