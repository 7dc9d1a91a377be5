import { accessAllows, methods, type MethodInput, type MethodName, type MethodResult } from '../../../shared/api/contract'
import type { SanziBridge } from '../../../shared/api/bridge'
import type { AppErrorShape, ErrorCode, FieldIssue } from '../../../shared/errors'
import type { Role } from '../../../shared/roles'

declare global {
  interface Window {
    /** provided by the preload (Electron) or by the e2e harness */
    sanzi?: SanziBridge
  }
}

/** A failed call: the engine's code, its Chinese message (ready to show) and field issues. */
export class ApiError extends Error implements AppErrorShape {
  readonly code: ErrorCode
  readonly details?: AppErrorShape['details']
  readonly method: string

  constructor(shape: AppErrorShape, method: string) {
    super(shape.message)
    this.name = 'ApiError'
    this.code = shape.code
    this.details = shape.details
    this.method = method
  }

  get issues(): FieldIssue[] {
    return this.details?.issues ?? []
  }
}

export function toApiError(e: unknown, method = ''): ApiError {
  if (e instanceof ApiError) return e
  const text = e instanceof Error ? e.message : String(e)
  return new ApiError({ code: 'INTERNAL', message: `与账套通信失败，请重试或重新启动程序（${text}）` }, method)
}

type Listener = () => void
const unauthenticatedListeners = new Set<Listener>()

/** Called when any call (other than sign-in) reports that the session has ended. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

export function bridge(): SanziBridge {
  const b = window.sanzi
  if (!b) throw new ApiError({ code: 'INTERNAL', message: '程序未正确启动：缺少与账套的连接（window.sanzi），请重新启动程序' }, '')
  return b
}

/** One engine call: resolves with the result, rejects with an `ApiError`. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  let result
  try {
    result = await bridge().call(method, input)
  } catch (e) {
    throw toApiError(e, method)
  }
  if (result.ok) return result.value
  const error = new ApiError(result.error, method)
  if (error.code === 'UNAUTHENTICATED' && method !== 'auth.signIn' && method !== 'auth.changePassword') {
    for (const l of unauthenticatedListeners) l()
  }
  throw error
}

/** Whether the contract lets this role call the method: the UI hides what the engine would refuse. */
export function can(role: Role | null | undefined, method: MethodName): boolean {
  return accessAllows(methods[method].access, role ?? null)
}

/** Chinese title of a method (for the audit log), or the raw name for methods this build does not know. */
export function methodTitle(name: string): string {
  return Object.prototype.hasOwnProperty.call(methods, name) ? methods[name as MethodName].title : name
}
