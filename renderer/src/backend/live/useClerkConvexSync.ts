import { useAuth, useUser } from '@clerk/electron/react'
import { useConvexAuth, useMutation } from 'convex/react'
import { useCallback, useMemo } from 'react'
import { api } from '../../../../convex/_generated/api'
import type { Doc } from '../../../../convex/_generated/dataModel'
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../lib/backoff'
import { useConvexAuthHandedOver } from '../convex-auth-handover'
import { describeConvexError } from '../convex-errors'
import { useKeyedCall } from '../useKeyedCall'
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
  // Subscribed as soon as Convex has the token source, not once it confirmed the token: the query then travels
  // right behind Authenticate and its result comes back with the identity (convex-auth-handover.ts). That is
  // also before Clerk has loaded when the early session's token was handed over (live/convex-client.ts), unless
  // Clerk has said signed out. Until `isAuthenticated`, an error from it (the token refused) is not shown: the
  // status below is 'authenticating'.
  const handedOver = useConvexAuthHandedOver()
  const me = useQueryState(
    api.users.me,
    isAuthenticated || (handedOver && isSignedIn !== false) ? {} : 'skip',
  )

  // One key per Clerk session and version of its user. Storing waits for Convex to accept the token
  // (`paused`), but a pause does not forget that this version was already stored.
  const syncKey =
    isSignedIn && sessionId
      ? `${sessionId}|${clerkUser?.id ?? ''}|${clerkUser?.updatedAt?.getTime() ?? ''}`
      : null

  const storeUser = useCallback(() => store({}), [store])
  const { state: current, retry } = useKeyedCall(syncKey, storeUser, { paused: !isAuthenticated, policy })

  const user = me.status === 'ok' ? me.data : null
  const queryError = me.status === 'error' ? me.error : null

  // One object while nothing in it changed: it is the context every page reads (SyncStatusProvider), and this hook
  // re-runs on every Clerk event (a session token refreshed about once a minute).
  return useMemo((): ClerkConvexSync => {
    const base = { user, retry, nextRetryAt: null, error: null }
    if (clerkLoaded && !isSignedIn) return { ...base, user: null, status: 'signed-out' }
    if (!isAuthenticated) return { ...base, user: null, status: 'authenticating' }
    if (current?.phase === 'failed' && current.error) {
      return { ...base, status: 'error', error: current.error, nextRetryAt: current.retryAt }
    }
    if (queryError) return { ...base, status: 'error', error: describeConvexError(queryError) }
    // `me === null` after a successful store is the first-login race (the query has not seen the row yet).
    if (current?.phase === 'done' && user !== null) return { ...base, status: 'synced' }
    return { ...base, status: 'syncing' }
  }, [user, retry, clerkLoaded, isSignedIn, isAuthenticated, current, queryError])
}
