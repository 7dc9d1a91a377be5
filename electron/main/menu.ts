/**
 * The Chinese application menu as a template (electron-free; `app.ts` passes it to
 * `Menu.buildFromTemplate`). Roles give the standard behaviour; labels are ours.
 */
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  dev: boolean
  onAbout: () => void
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    ...(options.dev
      ? ([
          { role: 'reload', label: '重新加载' },
          { role: 'toggleDevTools', label: '开发者工具' },
          { type: 'separator' },
        ] as MenuItemConstructorOptions[])
      : []),
    { role: 'resetZoom', label: '实际大小' },
    { role: 'zoomIn', label: '放大' },
    { role: 'zoomOut', label: '缩小' },
    { type: 'separator' },
    { role: 'togglefullscreen', label: '全屏' },
  ]
  return [
    { label: '文件(&F)', submenu: [{ role: 'quit', label: '退出', accelerator: 'CmdOrCtrl+Q' }] },
    {
      label: '编辑(&E)',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { type: 'separator' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    { label: '视图(&V)', submenu: view },
    { label: '帮助(&H)', submenu: [{ label: '关于三资台账', click: () => options.onAbout() }] },
  ]
}

export interface AboutInfo {
  appVersion: string
  dataFile: string | null
  schemaVersion?: number | null
  electron?: string
  chrome?: string
  node?: string
}

/** The text of the 关于 dialog. */
export function aboutDetail(info: AboutInfo): string {
  const lines = [
    `版本：${info.appVersion}`,
    `数据文件：${info.dataFile ?? '（未打开）'}`,
  ]
  if (info.schemaVersion !== undefined && info.schemaVersion !== null) lines.push(`账套结构版本：${info.schemaVersion}`)
  const runtime = [
    info.electron ? `Electron ${info.electron}` : null,
    info.chrome ? `Chromium ${info.chrome}` : null,
    info.node ? `Node ${info.node}` : null,
  ].filter((s): s is string => s !== null)
  if (runtime.length > 0) lines.push(`运行环境：${runtime.join(' / ')}`)
  return lines.join('\n')
}
