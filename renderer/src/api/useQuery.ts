import { useCallback, useEffect, useState } from 'react'
import type { MethodInput, MethodName, MethodResult } from '../../../shared/api/contract'
import { ApiError, call, toApiError } from './client'

export interface Query<T> {
  /** the latest data; kept while a reload or a new input is loading */
  data: T | undefined
  /** the error of the latest request, if it failed */
  error: ApiError | undefined
  loading: boolean
  reload: () => void
}

interface State<T> {
  key: string
  data?: T
  error?: ApiError
}

/**
 * Loads a read method and reloads whenever its input changes (compared as JSON).
 * Pass `null` as input to wait (nothing is requested).
 */
export function useQuery<M extends MethodName>(method: M, input: MethodInput<M> | null): Query<MethodResult<M>> {
  const [generation, setGeneration] = useState(0)
  const [state, setState] = useState<State<MethodResult<M>>>({ key: '' })
  const key = input === null ? '' : JSON.stringify([method, input, generation])

  useEffect(() => {
    if (key === '') return
    const [m, i] = JSON.parse(key) as [M, MethodInput<M>]
    let current = true
    call(m, i).then(
      (data) => {
        if (current) setState({ key, data })
      },
      (e: unknown) => {
        if (current) setState((s) => ({ key, data: s.data, error: toApiError(e, m) }))
      },
    )
    return () => {
      current = false
    }
  }, [key])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  const loading = key !== '' && state.key !== key
  return { data: state.data, error: loading ? undefined : state.error, loading, reload }
}

export { ApiError }
