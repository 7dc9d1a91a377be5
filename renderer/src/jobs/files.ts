import type { NativeFiles } from '../../../shared/api/bridge'
import type { CallResult } from '../../../shared/errors'
import { ApiError, bridge, toApiError } from '../api/client'

/** The desktop app's native dialogs, or null where the bridge has none (the browser harness). */
export function nativeFiles(): NativeFiles | null {
  try {
    return bridge().files ?? null
  } catch {
    return null
  }
}

/** A dialog's answer: its value, or an `ApiError` with the main process's Chinese message. */
export async function dialogValue<T>(answer: Promise<CallResult<T>>, op: string): Promise<T> {
  let r: CallResult<T>
  try {
    r = await answer
  } catch (e) {
    throw toApiError(e, op)
  }
  if (r.ok) return r.value
  throw new ApiError(r.error, op)
}
