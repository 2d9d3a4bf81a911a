// Turns Clerk's and Convex's React state into session-machine events. Lives under ClerkProvider and
// ConvexProviderWithClerk; everything it reports is a snapshot, the machine decides what it means.
import { useAuth, useClerk } from '@clerk/electron/react'
import { useConvex, useConvexAuth } from 'convex/react'
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { isConvexAuthObserver } from '../../backend/convex-auth-verdict'
import type { ClerkStatus } from '../session-machine'
import type { Dispatch } from '../useSessionMachine'

/** A WebSocket that drops and comes back within this time is a blip, not "offline". */
export const CONVEX_DISCONNECT_GRACE_MS = 2_500

/**
 * Clerk's status, from its `status` event with the getter as the value. useSyncExternalStore reads the getter
 * again right after every subscription, so a status that changed between the render and the subscription, while
 * a StrictMode remount had the listener off, or while the event moved from Clerk's wrapper to clerk-js as the
 * latter loaded, still arrives, and nothing runs while the status stands still (issue 16: it replaces a 1 s
 * poll of the getter, work every second in an idle window).
 */
function useClerkStatus(): ClerkStatus {
  const clerk = useClerk()
  const subscribe = useCallback(
    (onChange: () => void) => {
      clerk.on('status', onChange, { notify: true })
      return () => clerk.off('status', onChange)
    },
    [clerk],
  )
  return useSyncExternalStore(subscribe, () => clerk.status)
}

function useConvexConnected(): boolean {
  const client = useConvex()
  const [connected, setConnected] = useState(() => client.connectionState().isWebSocketConnected)
  useEffect(() => {
    let grace: ReturnType<typeof setTimeout> | null = null
    const update = (isConnected: boolean) => {
      if (grace !== null) clearTimeout(grace)
      grace = null
      if (isConnected) setConnected(true)
      else grace = setTimeout(() => setConnected(false), CONVEX_DISCONNECT_GRACE_MS)
    }
    update(client.connectionState().isWebSocketConnected)
    const unsubscribe = client.subscribeToConnectionState((state) => update(state.isWebSocketConnected))
    return () => {
      unsubscribe()
      if (grace !== null) clearTimeout(grace)
    }
  }, [client])
  return connected
}

/** How the server answered each token (accepted, refused, or no token to give): see convex-auth-verdict.ts. */
function useConvexAuthVerdicts(dispatch: Dispatch): void {
  const client = useConvex()
  useEffect(() => {
    if (!isConvexAuthObserver(client)) return
    return client.onAuthVerdict((verdict) => dispatch({ type: 'convex-auth-verdict', verdict }))
  }, [client, dispatch])
}

export function useSessionSignals(dispatch: Dispatch): void {
  const status = useClerkStatus()
  const { isLoaded, isSignedIn, userId } = useAuth()
  const { isAuthenticated } = useConvexAuth()
  const connected = useConvexConnected()
  useConvexAuthVerdicts(dispatch)

  const signedIn = isLoaded ? (isSignedIn ?? false) : undefined
  useEffect(() => {
    dispatch({ type: 'clerk-changed', clerk: { status, isSignedIn: signedIn, userId: userId ?? null } })
  }, [dispatch, status, signedIn, userId])

  useEffect(() => {
    dispatch({ type: 'convex-changed', convex: { isAuthenticated, connected } })
  }, [dispatch, isAuthenticated, connected])
}
