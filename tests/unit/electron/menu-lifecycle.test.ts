import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { focusWindow, setupSingleInstance } from '../../../electron/main/lifecycle'
import { aboutDetail, buildMenuTemplate } from '../../../electron/main/menu'

const labels = (items: MenuItemConstructorOptions[] | undefined) =>
  (items ?? []).filter((i) => i.type !== 'separator').map((i) => i.label)
const submenu = (t: MenuItemConstructorOptions[], i: number) => t[i]?.submenu as MenuItemConstructorOptions[]

describe('application menu', () => {
  it('is Chinese, with 文件 / 编辑 / 视图 / 帮助', () => {
    const t = buildMenuTemplate({ dev: false, onAbout: () => undefined })
    expect(labels(t)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '帮助(&H)'])
    expect(labels(submenu(t, 0))).toEqual(['退出'])
    expect(submenu(t, 0)[0]?.role).toBe('quit')
    expect(labels(submenu(t, 1))).toEqual(['撤销', '重做', '剪切', '复制', '粘贴', '全选'])
    expect(submenu(t, 1).map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
    expect(labels(submenu(t, 2))).toEqual(['实际大小', '放大', '缩小', '全屏'])
    expect(labels(submenu(t, 3))).toEqual(['关于三资台账'])
  })

  it('has 重新加载 (and dev tools) only in development', () => {
    const prod = submenu(buildMenuTemplate({ dev: false, onAbout: () => undefined }), 2)
    expect(prod.some((i) => i.role === 'reload' || i.role === 'forceReload' || i.role === 'toggleDevTools')).toBe(false)
    const dev = submenu(buildMenuTemplate({ dev: true, onAbout: () => undefined }), 2)
    expect(labels(dev)).toEqual(['重新加载', '开发者工具', '实际大小', '放大', '缩小', '全屏'])
  })

  it('关于三资台账 shows version and data file', () => {
    const onAbout = vi.fn()
    const about = submenu(buildMenuTemplate({ dev: false, onAbout }), 3)[0]
    ;(about?.click as () => void)()
    expect(onAbout).toHaveBeenCalledTimes(1)
    const text = aboutDetail({ appVersion: '0.1.0', dataFile: 'C:\\Users\\会计\\AppData\\Roaming\\三资台账\\sanzi-ledger.db', schemaVersion: 3, electron: '45.4.1', chrome: '152', node: '24.1' })
    expect(text).toContain('版本：0.1.0')
    expect(text).toContain('数据文件：C:\\Users\\会计\\AppData\\Roaming\\三资台账\\sanzi-ledger.db')
    expect(text).toContain('Electron 45.4.1')
    expect(aboutDetail({ appVersion: '0.1.0', dataFile: null })).toContain('（未打开）')
  })
})

describe('single instance', () => {
  const fakeApp = (lock: boolean) => {
    const listeners: Record<string, () => void> = {}
    return {
      requestSingleInstanceLock: vi.fn(() => lock),
      quit: vi.fn(),
      on: vi.fn((event: string, l: () => void) => {
        listeners[event] = l
      }),
      listeners,
    }
  }

  it('a second instance quits and registers nothing', () => {
    const app = fakeApp(false)
    const focus = vi.fn()
    expect(setupSingleInstance(app, focus)).toBe(false)
    expect(app.quit).toHaveBeenCalledTimes(1)
    expect(app.on).not.toHaveBeenCalled()
  })

  it('the first instance focuses its window on second-instance', () => {
    const app = fakeApp(true)
    const focus = vi.fn()
    expect(setupSingleInstance(app, focus)).toBe(true)
    expect(app.quit).not.toHaveBeenCalled()
    app.listeners['second-instance']?.()
    expect(focus).toHaveBeenCalledTimes(1)
  })

  it('focusWindow restores, shows and focuses', () => {
    const win = { isDestroyed: () => false, isMinimized: () => true, restore: vi.fn(), isVisible: () => false, show: vi.fn(), focus: vi.fn() }
    focusWindow(win)
    expect(win.restore).toHaveBeenCalled()
    expect(win.show).toHaveBeenCalled()
    expect(win.focus).toHaveBeenCalled()
    focusWindow(null)
    const gone = { ...win, isDestroyed: () => true, focus: vi.fn() }
    focusWindow(gone)
    expect(gone.focus).not.toHaveBeenCalled()
  })
})
