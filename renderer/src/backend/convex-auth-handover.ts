// Whether this window's Convex client has been handed Clerk's token source (`setAuth`) and not cleared since.
// From that moment the client holds its socket back until the token is fetched (convex 1.49
// AuthenticationManager.setConfig pauses it synchronously, before its first await), then sends Authenticate
// ahead of anything queued. So a query subscribed after the hand-over reaches the server right behind the
// token, and the same Transition brings the identity and the result: one round trip instead of waiting for
// `isAuthenticated` and then asking. A query subscribed before it would run without identity. One Convex client
// per window (live/convex-client.ts), so one flag.
import { useSyncExternalStore } from 'react'

let handedOver = false
const listeners = new Set<() => void>()

export function setConvexAuthHandedOver(value: boolean): void {
  if (value === handedOver) return
  handedOver = value
  for (const listener of listeners) listener()
}

export function isConvexAuthHandedOver(): boolean {
  return handedOver
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useConvexAuthHandedOver(): boolean {
  return useSyncExternalStore(subscribe, isConvexAuthHandedOver)
}
