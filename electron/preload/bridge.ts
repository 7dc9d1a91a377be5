/**
 * The `window.sanzi` object (shared/api/bridge.ts `SanziBridge`), built over a minimal ipcRenderer.
 * Electron-free so it can be unit-tested; index.ts exposes it with contextBridge. Named functions only:
 * never ipcRenderer itself, and listeners never receive the IpcRendererEvent (reliability.md §2.1 item 20).
 */
import {
  BRIDGE_EVENTS,
  IPC_CALL,
  IPC_EVENT,
  IPC_FILES,
  IPC_PROGRESS,
  isJobProgressEvent,
  type BridgeEvent,
  type FileOp,
  type NativeFiles,
  type SanziBridge,
} from '../../shared/api/bridge'

/** What the bridge uses of `ipcRenderer`. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

function isBridgeEvent(name: unknown): name is BridgeEvent {
  return typeof name === 'string' && (BRIDGE_EVENTS as readonly string[]).includes(name)
}

/** Listens on one channel with a wrapper that drops the IpcRendererEvent; returns an idempotent unsubscribe. */
function listen(ipc: IpcRendererLike, channel: string, wrapped: (event: unknown, ...args: unknown[]) => void): () => void {
  ipc.on(channel, wrapped)
  let active = true
  return () => {
    if (!active) return
    active = false
    ipc.removeListener(channel, wrapped)
  }
}

export function createBridge(ipc: IpcRendererLike): SanziBridge {
  const call = ((method: string, input: unknown) => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('sanzi.call: method 必须是字符串'))
    return ipc.invoke(IPC_CALL, method, input)
  }) as SanziBridge['call']

  const on = (event: BridgeEvent, listener: (payload: unknown) => void): (() => void) => {
    if (!isBridgeEvent(event)) throw new TypeError(`sanzi.on: 未知的事件「${String(event)}」`)
    if (typeof listener !== 'function') throw new TypeError('sanzi.on: listener 必须是函数')
    return listen(ipc, IPC_EVENT, (_event, name, payload) => {
      if (name === event) listener(payload)
    })
  }

  const onProgress: SanziBridge['onProgress'] = (listener) => {
    if (typeof listener !== 'function') throw new TypeError('sanzi.onProgress: listener 必须是函数')
    return listen(ipc, IPC_PROGRESS, (_event, progress) => {
      if (isJobProgressEvent(progress)) listener(progress)
    })
  }

  const files = (op: FileOp) => (input: unknown) => ipc.invoke(IPC_FILES, op, input) as never
  const nativeFiles: NativeFiles = {
    openImportFile: files('openImportFile'),
    chooseExportPath: files('chooseExportPath'),
    showInFolder: files('showInFolder'),
  }

  return { call, on, onProgress, files: nativeFiles }
}
