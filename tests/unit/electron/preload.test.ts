import { beforeAll, describe, expect, it, vi } from 'vitest'

type Listener = (event: unknown, ...args: unknown[]) => void

const electron = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {}
  const listeners = new Map<string, Listener[]>()
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'pong' })),
    on: vi.fn((channel: string, l: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l])
      return ipcRenderer
    }),
    removeListener: vi.fn((channel: string, l: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? []).filter((x) => x !== l))
      return ipcRenderer
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  }
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => {
      exposed[key] = api
    }),
  }
  const emit = (channel: string, ...args: unknown[]) => {
    const fakeEvent = { sender: ipcRenderer, senderId: 0 }
    for (const l of listeners.get(channel) ?? []) l(fakeEvent, ...args)
  }
  return { exposed, listeners, ipcRenderer, contextBridge, emit }
})

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }))

interface Bridge {
  call(method: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
  onProgress(listener: (payload: unknown) => void): () => void
  files: Record<'openImportFile' | 'chooseExportPath' | 'showInFolder', (input: unknown) => Promise<unknown>>
}

describe('preload', () => {
  let sanzi: Bridge

  beforeAll(async () => {
    await import('../../../electron/preload/index')
    sanzi = electron.exposed.sanzi as Bridge
  })

  it('exposes exactly window.sanzi = { call, on, onProgress, files }', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect(Object.keys(electron.exposed)).toEqual(['sanzi'])
    expect(Object.keys(sanzi).sort()).toEqual(['call', 'files', 'on', 'onProgress'])
    expect(Object.keys(sanzi.files).sort()).toEqual(['chooseExportPath', 'openImportFile', 'showInFolder'])
    for (const f of [sanzi.call, sanzi.on, sanzi.onProgress, ...Object.values(sanzi.files)]) expect(typeof f).toBe('function')
    // no ipcRenderer passthrough anywhere in the exposed object
    expect(Object.values(sanzi)).not.toContain(electron.ipcRenderer)
    expect(Object.values(sanzi.files)).not.toContain(electron.ipcRenderer)
  })

  it('call → ipcRenderer.invoke("sanzi:call", method, input)', async () => {
    await expect(sanzi.call('system.status', {})).resolves.toEqual({ ok: true, value: 'pong' })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('sanzi:call', 'system.status', {})
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled()
    await expect(sanzi.call(42 as unknown as string, {})).rejects.toThrow(TypeError)
  })

  it('on accepts only bridge events and never hands out the IpcRendererEvent', () => {
    const got: unknown[][] = []
    const off = sanzi.on('session-ended', (...args: unknown[]) => got.push(args))
    electron.emit('sanzi:event', 'session-ended', { reason: 'x' })
    electron.emit('sanzi:event', 'something-else', { reason: 'y' })
    expect(got).toEqual([[{ reason: 'x' }]])
    off()
    off() // idempotent
    electron.emit('sanzi:event', 'session-ended', { reason: 'z' })
    expect(got).toHaveLength(1)
    expect(electron.listeners.get('sanzi:event')).toEqual([])
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('sanzi:event', expect.any(Function))
  })

  it('onProgress listens on sanzi:progress, passes only well-formed progress, and unsubscribes', () => {
    const got: unknown[][] = []
    const off = sanzi.onProgress((...args: unknown[]) => got.push(args))
    const p = { kind: 'import', what: 'vouchers', phase: 'write', done: 20000, total: 100000 }
    electron.emit('sanzi:progress', p)
    electron.emit('sanzi:progress', { ...p, kind: 'format-disk' })
    electron.emit('sanzi:progress', { ...p, done: '1' })
    electron.emit('sanzi:progress', null)
    electron.emit('sanzi:progress', { kind: 'export', what: 'ledger', phase: 'read', done: 0, total: null })
    electron.emit('sanzi:event', 'session-ended', p)
    expect(got).toEqual([[p], [{ kind: 'export', what: 'ledger', phase: 'read', done: 0, total: null }]])
    off()
    off()
    electron.emit('sanzi:progress', p)
    expect(got).toHaveLength(2)
    expect(electron.listeners.get('sanzi:progress')).toEqual([])
    expect(() => sanzi.onProgress('x' as unknown as () => void)).toThrow(TypeError)
  })

  it('files → ipcRenderer.invoke("sanzi:files", op, input)', async () => {
    await sanzi.files.openImportFile({ title: '导入序时账' })
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('sanzi:files', 'openImportFile', { title: '导入序时账' })
    await sanzi.files.chooseExportPath({ title: '导出', defaultName: '明细账.xlsx' })
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('sanzi:files', 'chooseExportPath', { title: '导出', defaultName: '明细账.xlsx' })
    await sanzi.files.showInFolder('/tmp/a.xlsx')
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('sanzi:files', 'showInFolder', '/tmp/a.xlsx')
  })

  it('refuses unknown event names and non-function listeners', () => {
    expect(() => sanzi.on('sanzi:call', () => undefined)).toThrow(/未知的事件/)
    expect(() => sanzi.on('__proto__', () => undefined)).toThrow(/未知的事件/)
    expect(() => sanzi.on('session-ended', 'x' as unknown as () => void)).toThrow(TypeError)
    const before = electron.ipcRenderer.on.mock.calls.length
    expect(() => sanzi.on('job-progress', () => undefined)).toThrow(/未知的事件/)
    expect(electron.ipcRenderer.on.mock.calls.length).toBe(before)
  })
})
