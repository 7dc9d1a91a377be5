/**
 * Single instance (reliability.md §2.1, §6 R-20): a second start quits before it opens the book; the first
 * instance brings its window forward. Electron-free: `app` is described structurally.
 */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean
  quit(): void
  on(event: 'second-instance', listener: (...args: unknown[]) => void): unknown
}

/** Returns false in a second instance (after asking it to quit); true in the first. */
export function setupSingleInstance(app: SingleInstanceApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => focusExisting())
  return true
}

/** What `focusWindow` needs of a BrowserWindow. */
export interface FocusableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  isVisible(): boolean
  show(): void
  focus(): void
}

export function focusWindow(win: FocusableWindow | null): void {
  if (win === null || win.isDestroyed()) return
  if (win.isMinimized()) win.restore()
  if (!win.isVisible()) win.show()
  win.focus()
}
