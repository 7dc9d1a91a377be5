/**
 * Opening the agency book at start-up, with the refusal dialog. Electron-free: dialogs are passed in.
 * A refused file is never replaced: only the default path may be created, and only when it does not exist
 * (Engine.open decides that; a refused existing file throws DB_REFUSED and stays byte-for-byte untouched).
 */
import { isAppErrorShape } from '../../shared/errors'
import { isNativeLoadError } from './native'

export const DEFAULT_BOOK_FILE = 'sanzi-ledger.db'

export type RefusedChoice = 'open-other' | 'quit'

export type OpenBookOutcome<E> =
  | { kind: 'opened'; engine: E; path: string }
  | { kind: 'quit' }
  | { kind: 'native-error'; error: unknown }
  | { kind: 'failed'; error: unknown }

export interface OpenBookDeps<E> {
  defaultPath: string
  /** Engine.open(path, { create, nativeBinding }) */
  open: (path: string, create: boolean) => Promise<E>
  /** shows the Chinese refusal message with 打开其他账套… / 退出 */
  askRefused: (message: string, path: string) => Promise<RefusedChoice> | RefusedChoice
  /** the open-file dialog; null when cancelled */
  chooseFile: () => Promise<string | null> | string | null
  /** upper bound on dialog rounds, so a broken dialog can never spin forever */
  maxAttempts?: number
}

export function isRefusal(e: unknown): e is { code: 'DB_REFUSED'; message: string } {
  return isAppErrorShape(e) && e.code === 'DB_REFUSED'
}

export async function openBook<E>(deps: OpenBookDeps<E>): Promise<OpenBookOutcome<E>> {
  let path = deps.defaultPath
  let create = true
  const max = deps.maxAttempts ?? 50
  for (let attempt = 0; attempt < max; attempt++) {
    try {
      return { kind: 'opened', engine: await deps.open(path, create), path }
    } catch (e) {
      if (isNativeLoadError(e)) return { kind: 'native-error', error: e }
      if (!isRefusal(e)) return { kind: 'failed', error: e }
      // Ask until the user picks a file or quits; a cancelled file dialog returns to the question.
      let next: string | null = null
      while (next === null) {
        const choice = await deps.askRefused(e.message, path)
        if (choice !== 'open-other') return { kind: 'quit' }
        next = await deps.chooseFile()
        if (++attempt >= max) return { kind: 'quit' }
      }
      path = next
      create = false // a chosen file must exist and be ours; never create one
    }
  }
  return { kind: 'quit' }
}
