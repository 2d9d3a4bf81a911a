import { useAuth, useUser } from '@clerk/electron/react'
import { useConvexAuth, useMutation } from 'convex/react'
import { useCallback, useEffect, useReducer, useRef } from 'react'
import { api } from '../../../convex/_generated/api'
import type { Doc } from '../../../convex/_generated/dataModel'
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../lib/backoff'
import { describeConvexError } from '../lib/convex-errors'
import { initialStoreState, storeReducer } from './sync-state'
import { useQueryState } from './useQueryState'

export type SyncStatus = 'signed-out' | 'authenticating' | 'syncing' | 'synced' | 'error'

export interface SyncError {
  code: string
  title: string
  message: string
  retryable: boolean
}

export interface ClerkConvexSync {
  status: SyncStatus
  /** The Convex user; kept while a re-sync runs, so pages do not flash empty. */
  user: Doc<'users'> | null
  error: SyncError | null
  /** Runs `users.store` again now and restarts the backoff series. */
  retry(): void
  /** When the next automatic retry runs (ms since epoch), or null. */
  nextRetryAt: number | null
}

/**
 * Keeps the Convex `users` row in step with Clerk. Once Convex has validated the token (not merely when Clerk
 * says signed in), calls `users.store` once per session and again whenever Clerk's user changes. Call it
 * ONCE, high in the tree, and share the result through `SyncStatusProvider`: each call runs its own sync.
 */
export function useClerkConvexSync(policy: BackoffPolicy = DEFAULT_BACKOFF): ClerkConvexSync {
  const { isLoaded: clerkLoaded, isSignedIn, user: clerkUser } = useUser()
  const { sessionId } = useAuth()
  const { isAuthenticated } = useConvexAuth()
  const store = useMutation(api.users.store)
  const me = useQueryState(api.users.me, isAuthenticated ? {} : 'skip')

  const syncKey = isAuthenticated
    ? `${sessionId ?? ''}|${clerkUser?.id ?? ''}|${clerkUser?.updatedAt?.getTime() ?? ''}`
    : null

  const [state, dispatch] = useReducer(storeReducer, initialStoreState)
  // Survives StrictMode's effect re-run, which would otherwise start a second identical call.
  const inFlight = useRef<string | null>(null)

  useEffect(() => {
    if (syncKey === null) {
      dispatch({ type: 'reset' })
      return
    }
    const current = state.key === syncKey ? state : null
    if (current?.phase === 'stored' || current?.phase === 'storing') return
    if (current?.phase === 'failed') {
      if (current.retryAt === null) return
      const timer = setTimeout(
        () => dispatch({ type: 'retry-due', key: syncKey }),
        Math.max(0, current.retryAt - Date.now()),
      )
      return () => clearTimeout(timer)
    }
    if (inFlight.current === syncKey) return
    inFlight.current = syncKey
    dispatch({ type: 'start', key: syncKey })
    store({})
      .then(
        () => dispatch({ type: 'succeeded', key: syncKey }),
        (error: unknown) =>
          dispatch({ type: 'failed', key: syncKey, error: describeConvexError(error), now: Date.now(), policy }),
      )
      .finally(() => {
        if (inFlight.current === syncKey) inFlight.current = null
      })
  }, [syncKey, state, store, policy])

  const retry = useCallback(() => dispatch({ type: 'manual-retry' }), [])

  const user = me.status === 'ok' ? me.data : null
  const base = { user, retry, nextRetryAt: null, error: null }

  if (clerkLoaded && !isSignedIn) return { ...base, user: null, status: 'signed-out' }
  if (!isAuthenticated) return { ...base, user: null, status: 'authenticating' }
  const current = state.key === syncKey ? state : null
  if (current?.phase === 'failed' && current.error) {
    return { ...base, status: 'error', error: current.error, nextRetryAt: current.retryAt }
  }
  if (me.status === 'error') return { ...base, status: 'error', error: describeConvexError(me.error) }
  // `me === null` after a successful store is the first-login race (the query has not seen the row yet).
  if (current?.phase === 'stored' && user !== null) return { ...base, status: 'synced' }
  return { ...base, status: 'syncing' }
}
