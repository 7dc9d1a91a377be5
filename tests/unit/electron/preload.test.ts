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
}

describe('preload', () => {
  let sanzi: Bridge

  beforeAll(async () => {
    await import('../../../electron/preload/index')
    sanzi = electron.exposed.sanzi as Bridge
  })

  it('exposes exactly window.sanzi = { call, on }', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect(Object.keys(electron.exposed)).toEqual(['sanzi'])
    expect(Object.keys(sanzi).sort()).toEqual(['call', 'on'])
    expect(typeof sanzi.call).toBe('function')
    expect(typeof sanzi.on).toBe('function')
    // no ipcRenderer passthrough anywhere in the exposed object
    expect(Object.values(sanzi)).not.toContain(electron.ipcRenderer)
  })

  it('call → ipcRenderer.invoke("sanzi:call", method, input)', async () => {
    await expect(sanzi.call('system.status', {})).resolves.toEqual({ ok: true, value: 'pong' })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('sanzi:call', 'system.status', {})
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled()
    await expect(sanzi.call(42 as unknown as string, {})).rejects.toThrow(TypeError)
  })

  it('on accepts only bridge events and never hands out the IpcRendererEvent', () => {
    const got: unknown[][] = []
    const off = sanzi.on('job-progress', (...args: unknown[]) => got.push(args))
    electron.emit('sanzi:event', 'job-progress', { done: 3, total: 10 })
    electron.emit('sanzi:event', 'session-ended', { reason: 'x' })
    expect(got).toEqual([[{ done: 3, total: 10 }]])
    off()
    off() // idempotent
    electron.emit('sanzi:event', 'job-progress', { done: 4, total: 10 })
    expect(got).toHaveLength(1)
    expect(electron.listeners.get('sanzi:event')).toEqual([])
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('sanzi:event', expect.any(Function))
  })

  it('refuses unknown event names and non-function listeners', () => {
    expect(() => sanzi.on('sanzi:call', () => undefined)).toThrow(/未知的事件/)
    expect(() => sanzi.on('__proto__', () => undefined)).toThrow(/未知的事件/)
    expect(() => sanzi.on('session-ended', 'x' as unknown as () => void)).toThrow(TypeError)
    const before = electron.ipcRenderer.on.mock.calls.length
    expect(() => sanzi.on('job-progresS', () => undefined)).toThrow()
    expect(electron.ipcRenderer.on.mock.calls.length).toBe(before)
  })
})
