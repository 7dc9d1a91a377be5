/**
 * The `window.sanzi` object (shared/api/bridge.ts `SanziBridge`), built over a minimal ipcRenderer.
 * Electron-free so it can be unit-tested; index.ts exposes it with contextBridge. Only `call` and `on`:
 * never ipcRenderer itself, and listeners never receive the IpcRendererEvent (reliability.md §2.1 item 20).
 */
import { BRIDGE_EVENTS, IPC_CALL, IPC_EVENT, type BridgeEvent, type SanziBridge } from '../../shared/api/bridge'

/** What the bridge uses of `ipcRenderer`. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

function isBridgeEvent(name: unknown): name is BridgeEvent {
  return typeof name === 'string' && (BRIDGE_EVENTS as readonly string[]).includes(name)
}

export function createBridge(ipc: IpcRendererLike): SanziBridge {
  const call = ((method: string, input: unknown) => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('sanzi.call: method 必须是字符串'))
    return ipc.invoke(IPC_CALL, method, input)
  }) as SanziBridge['call']

  const on = (event: BridgeEvent, listener: (payload: unknown) => void): (() => void) => {
    if (!isBridgeEvent(event)) throw new TypeError(`sanzi.on: 未知的事件「${String(event)}」`)
    if (typeof listener !== 'function') throw new TypeError('sanzi.on: listener 必须是函数')
    const wrapped = (_event: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload)
    }
    ipc.on(IPC_EVENT, wrapped)
    let active = true
    return () => {
      if (!active) return
      active = false
      ipc.removeListener(IPC_EVENT, wrapped)
    }
  }

  return { call, on }
}
