/**
 * The one IPC entry point (`sanzi:call`) and the event channel back to the renderer. Electron-free: the
 * Electron event is described structurally, so the handler is unit-tested with fakes and a real Engine.
 * (reliability.md §2.1 item 17, §6 L-06)
 */
import { BRIDGE_EVENTS, type BridgeEvent } from '../../shared/api/bridge'
import type { CallResult } from '../../shared/errors'
import type { Engine } from '../core/engine'
import type { Session } from '../core/context'
import { isAllowedUrl } from './security'

export const FORBIDDEN_SENDER = { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } as const

/** What we read of a frame (Electron's `WebFrameMain`). */
export interface FrameLike {
  readonly url: string
  readonly parent: unknown
}

/** What we read of an `IpcMainInvokeEvent`. */
export interface InvokeEventLike {
  readonly sender: unknown
  readonly senderFrame: FrameLike | null
}

export type CallHandler = (event: InvokeEventLike, method: unknown, input: unknown) => Promise<CallResult<unknown>>

/**
 * `(event, method, input) => CallResult`: refuses senders that are not trusted, otherwise dispatches to the
 * engine (which validates the input against the contract and checks roles). Never throws.
 */
export function createCallHandler(deps: {
  engine: Pick<Engine, 'call'>
  session: Session
  isTrustedSender: (event: InvokeEventLike) => boolean
}): CallHandler {
  return async (event, method, input) => {
    const refused = refuseUntrusted(deps.isTrustedSender, event)
    if (refused) return refused
    if (typeof method !== 'string') return { ok: false, error: { code: 'UNKNOWN_METHOD', message: '未知的操作' } }
    try {
      return await deps.engine.call(deps.session, method, input)
    } catch (e) {
      return { ok: false, error: { code: 'INTERNAL', message: `内部错误，操作未执行：${(e as Error)?.message ?? String(e)}` } }
    }
  }
}

/** The FORBIDDEN answer for a sender that is not trusted (or whose check throws); null for a trusted one. */
export function refuseUntrusted(isTrustedSender: (event: InvokeEventLike) => boolean, event: InvokeEventLike): CallResult<never> | null {
  let trusted: boolean
  try {
    trusted = isTrustedSender(event)
  } catch {
    trusted = false
  }
  return trusted ? null : { ok: false, error: { ...FORBIDDEN_SENDER } }
}

/**
 * A sender is trusted when it is our window's web contents, the message comes from its main frame (not an
 * iframe), and that frame currently shows a page from one of our origins.
 */
export function createSenderCheck(deps: {
  /** our window's web contents, or null while there is no window */
  windowContents: () => unknown
  origins: readonly string[]
}): (event: InvokeEventLike) => boolean {
  return (event) => {
    const contents = deps.windowContents()
    if (contents === null || contents === undefined || event.sender !== contents) return false
    const frame = event.senderFrame
    // null: the frame navigated away or was destroyed while the message was in flight
    if (frame === null || frame === undefined) return false
    // a frame without parent in our web contents is its main frame; iframes have a parent
    if (frame.parent !== null) return false
    return typeof frame.url === 'string' && isAllowedUrl(frame.url, deps.origins)
  }
}

export function isBridgeEvent(name: unknown): name is BridgeEvent {
  return typeof name === 'string' && (BRIDGE_EVENTS as readonly string[]).includes(name)
}

/** Sends an app event (job progress, session ended) to the renderer over `sanzi:event`. */
export function sendBridgeEvent(
  contents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean } | null,
  channel: string,
  name: BridgeEvent,
  payload: unknown,
): boolean {
  if (!isBridgeEvent(name)) throw new Error(`未知的事件：${String(name)}`)
  if (contents === null || contents.isDestroyed()) return false
  contents.send(channel, name, payload)
  return true
}
