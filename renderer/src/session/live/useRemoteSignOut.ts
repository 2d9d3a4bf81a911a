// Watches "was this device signed out from another device?" (Convex `devices.signOutNotice`) and tells the
// session machine, which then forgets the token, the keychain items and the cache. Lives under the Convex
// provider (connected app). The query needs no sign-in on purpose: a device revoked while offline comes back
// with a session nobody accepts any more and must still learn who signed it out and when.
import { useAuth } from '@clerk/electron/react'
import { useEffect, useRef, useState } from 'react'
import { api } from '../../../../convex/_generated/api'
import type { DeviceInfo } from '../../../../electron/shared/contract'
import { useQueryState } from '../../backend/live/useQueryState'
import type { SessionState } from '../session-machine'
import type { Dispatch } from '../useSessionMachine'

/** The account this device is (or was last) signed in with: Clerk's user, else the cached one. */
function useWatchedUser(state: SessionState): string | null {
  const { userId } = useAuth()
  const current = userId ?? state.cache?.clerkUserId ?? null
  // Kept once known: when Clerk notices the revocation first it forgets the cache, and the notice (who, when)
  // must still be fetched for that account.
  const [watched, setWatched] = useState<string | null>(current)
  // Adjusting state while rendering (React's pattern for state derived from changing input): no extra commit.
  if (current !== null && current !== watched) setWatched(current)
  return current ?? watched
}

export function useRemoteSignOut(state: SessionState, dispatch: Dispatch, device: DeviceInfo | null): void {
  const { sessionId } = useAuth()
  const clerkUserId = useWatchedUser(state)
  const notice = useQueryState(
    api.devices.signOutNotice,
    clerkUserId && device ? { clerkUserId, deviceId: device.deviceId } : 'skip',
  )
  const handled = useRef<string | null>(null)
  const revoked = notice.status === 'ok' ? notice.data : null
  useEffect(() => {
    if (revoked === null || handled.current === revoked.sessionId) return
    // Signed in anew since (another session): that notice is about a sign-in that is already gone, and
    // registering this device with the new session clears it.
    if (sessionId && sessionId !== revoked.sessionId) return
    handled.current = revoked.sessionId
    dispatch({ type: 'signed-out-remotely', byDeviceName: revoked.byDeviceName, at: revoked.signedOutAt })
  }, [revoked, sessionId, dispatch])
}
