import type { CallResult } from '../errors'
import type { MethodInput, MethodName, MethodResult } from './contract'

/** The only API the preload exposes on `window.sanzi`; the e2e harness provides the same object. */
export interface SanziBridge {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<CallResult<MethodResult<M>>>
  /** job progress and app events; returns an unsubscribe function */
  on(event: BridgeEvent, listener: (payload: unknown) => void): () => void
}

export const BRIDGE_EVENTS = ['job-progress', 'session-ended'] as const
export type BridgeEvent = (typeof BRIDGE_EVENTS)[number]

/** IPC channel names shared by main and preload. */
export const IPC_CALL = 'sanzi:call'
export const IPC_EVENT = 'sanzi:event'
