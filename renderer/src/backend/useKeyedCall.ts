import { useCallback, useEffect, useReducer, useRef } from 'react'
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../lib/backoff'
import { describeConvexError } from './convex-errors'
import { initialKeyedCallState, keyedCallReducer, type KeyedCallState } from './keyed-call-state'

export interface KeyedCall {
  /** The state for the current key, or null when there is no key (nothing to do). */
  state: KeyedCallState | null
  retry(): void
}

/**
 * Runs `run` until it succeeds once for `key`, retrying failures with capped exponential backoff; runs again
 * when `key` changes; forgets everything when `key` becomes null. The late result of a call for an older key
 * is ignored. While `paused`, nothing new starts but what was achieved is kept, so a brief pause (Convex
 * re-validating a token) does not cause a second call for the same key.
 */
export function useKeyedCall(
  key: string | null,
  run: () => Promise<unknown>,
  options: { paused?: boolean; policy?: BackoffPolicy } = {},
): KeyedCall {
  const { paused = false, policy = DEFAULT_BACKOFF } = options
  const [state, dispatch] = useReducer(keyedCallReducer, initialKeyedCallState)
  // Survives StrictMode's effect re-run, which would otherwise start a second identical call.
  const inFlight = useRef<string | null>(null)
  const latestRun = useRef(run)
  useEffect(() => {
    latestRun.current = run
  }, [run])

  useEffect(() => {
    if (key === null) {
      dispatch({ type: 'reset' })
      return
    }
    const current = state.key === key ? state : null
    if (current?.phase === 'done' || current?.phase === 'running') return
    if (paused) return
    if (current?.phase === 'failed') {
      if (current.retryAt === null) return
      const timer = setTimeout(
        () => dispatch({ type: 'retry-due', key }),
        Math.max(0, current.retryAt - Date.now()),
      )
      return () => clearTimeout(timer)
    }
    if (inFlight.current === key) return
    inFlight.current = key
    dispatch({ type: 'start', key })
    latestRun
      .current()
      .then(
        () => dispatch({ type: 'succeeded', key }),
        (error: unknown) =>
          dispatch({ type: 'failed', key, error: describeConvexError(error), now: Date.now(), policy }),
      )
      .finally(() => {
        if (inFlight.current === key) inFlight.current = null
      })
  }, [key, state, paused, policy])

  const retry = useCallback(() => dispatch({ type: 'manual-retry' }), [])
  return { state: key !== null && state.key === key ? state : null, retry }
}
