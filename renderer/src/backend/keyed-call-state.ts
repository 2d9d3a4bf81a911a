// The bookkeeping of a call that must succeed once per key (`users.store` per session and Clerk user version,
// `devices.register` per session), as a reducer so every transition is explicit and testable.

import { backoffDelay, type BackoffPolicy } from '../lib/backoff'
import type { DescribedError } from './convex-errors'

export interface KeyedCallState {
  /** The key the fields below refer to; a result for another key is stale and ignored. */
  key: string | null
  phase: 'idle' | 'running' | 'done' | 'failed'
  /** Consecutive failures for `key`. */
  failures: number
  error: DescribedError | null
  /** When the next automatic attempt runs (ms since epoch); null when none is scheduled. */
  retryAt: number | null
}

export type KeyedCallAction =
  | { type: 'reset' }
  | { type: 'start'; key: string }
  | { type: 'succeeded'; key: string }
  | { type: 'failed'; key: string; error: DescribedError; now: number; policy: BackoffPolicy }
  | { type: 'retry-due'; key: string }
  | { type: 'manual-retry' }

export const initialKeyedCallState: KeyedCallState = {
  key: null,
  phase: 'idle',
  failures: 0,
  error: null,
  retryAt: null,
}

export function keyedCallReducer(state: KeyedCallState, action: KeyedCallAction): KeyedCallState {
  switch (action.type) {
    case 'reset':
      return state.key === null && state.phase === 'idle' ? state : initialKeyedCallState
    case 'start':
      return {
        key: action.key,
        phase: 'running',
        failures: action.key === state.key ? state.failures : 0,
        error: action.key === state.key ? state.error : null,
        retryAt: null,
      }
    case 'succeeded':
      if (action.key !== state.key) return state
      return { key: state.key, phase: 'done', failures: 0, error: null, retryAt: null }
    case 'failed': {
      if (action.key !== state.key) return state
      const failures = state.failures + 1
      // A deleted account or a rejected argument fails the same way every time: do not hammer the server.
      const delay = action.error.retryable ? backoffDelay(failures, action.policy) : null
      return {
        key: state.key,
        phase: 'failed',
        failures,
        error: action.error,
        retryAt: delay === null ? null : action.now + delay,
      }
    }
    case 'retry-due':
      if (action.key !== state.key || state.phase !== 'failed') return state
      return { ...state, phase: 'idle', retryAt: null }
    case 'manual-retry':
      // Retrying by hand starts a fresh backoff series; an attempt in flight is left alone.
      if (state.phase === 'running' || state.key === null) return state
      return { ...state, phase: 'idle', failures: 0, retryAt: null }
  }
}
