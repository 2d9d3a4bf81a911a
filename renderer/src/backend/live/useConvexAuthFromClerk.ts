// The `useAuth` ConvexProviderWithAuth is given: what ConvexProviderWithClerk does (convex 1.49,
// convex/dist/esm/react-clerk/ConvexProviderWithClerk.js: the session token when its `aud` is "convex", else the
// `convex` template; a new token function when the session or organisation changes), plus two things it cannot:
// - Before Clerk has loaded, the early session (backend/early-session.ts) stands in: Convex is told "signed in"
//   and gets that token, so live data does not wait for clerk-js. The token function keeps its identity when Clerk
//   then loads with the same session, because ConvexProviderWithAuth re-runs `setAuth` (a new Authenticate, and
//   `useConvexAuth()` back to loading) whenever that identity or the loading flag changes.
// - Clerk's `getToken()` is bounded in time and its network failures are reported: it can hang while the
//   Frontend API is unreachable, and a failure here becomes "no token", which must never be read as signed out.
import { useAuth } from '@clerk/electron/react'
import { useCallback, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { TimeoutError, withTimeout } from '../../../../electron/shared/with-timeout'
import { isClerkNetworkError, reportClerkOffline } from '../clerk-network'
import { convexTokenRequest, convexTokenSource } from '../convex-token-source'
import { earlySession, onEarlySession, type EarlySession } from '../early-session'

export const TOKEN_TIMEOUT_MS = 15_000

type ClerkAuth = ReturnType<typeof useAuth>
type GetToken = ClerkAuth['getToken']

export interface ConvexAuth {
  isLoading: boolean
  isAuthenticated: boolean
  fetchAccessToken(args: { forceRefreshToken: boolean }): Promise<string | null>
}

function boundedToken(getToken: GetToken, options: Parameters<GetToken>[0]): Promise<string | null> {
  return withTimeout(() => getToken(options), TOKEN_TIMEOUT_MS, 'Clerk (a token)', reportClerkOffline).catch(
    (error: unknown) => {
      if (isClerkNetworkError(error) && !(error instanceof TimeoutError)) reportClerkOffline()
      throw error
    },
  )
}

function useEarlySession(): EarlySession | null | undefined {
  return useSyncExternalStore(onEarlySession, earlySession)
}

/** Exported for tests; the provider takes `useConvexAuthFromClerk`. `clerk` is Clerk's `useAuth()`. */
export function useConvexAuthFrom(clerk: ClerkAuth, early: EarlySession | null | undefined): ConvexAuth {
  // The token function reads the latest Clerk state when Convex calls it (later, from its own timers). Updated
  // in the layout phase: before any passive effect, so before ConvexProviderWithAuth's setAuth can call it.
  const standIn = !clerk.isLoaded && early ? early : null
  const latest = useRef(clerk)
  const standInRef = useRef(standIn)
  useLayoutEffect(() => {
    latest.current = clerk
    standInRef.current = standIn
  })

  // Which session (and organisation) the token is for: a change hands Convex a new token function.
  const sessionKey = clerk.isLoaded
    ? `${clerk.sessionId ?? ''}|${clerk.orgId ?? ''}|${clerk.orgRole ?? ''}`
    : `${standIn?.sessionId ?? ''}||`

  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }): Promise<string | null> => {
      const early = standInRef.current
      if (early && !forceRefreshToken && early.expiresAt > Date.now()) return early.token
      const auth = latest.current
      // Before Clerk has loaded only an integration token stands in, so that is what Clerk is asked for; its
      // getToken waits for Clerk to load (bounded above).
      const source = auth.isLoaded ? convexTokenSource(auth.sessionClaims) : 'integration'
      // A forced refresh always skips Clerk's cache. Convex schedules its next refresh a full token lifetime
      // minus its leeway from the server's confirmation, whatever the token's age (convex 1.49
      // authentication_manager.js scheduleTokenRefetch), so a cached token some seconds old would eat into that
      // margin. The leeway is set so that this refresh comes before Clerk's own (backend/live/convex-client.ts):
      // the token fetched here is then the only one per refresh.
      try {
        return await boundedToken(auth.getToken, {
          ...convexTokenRequest(source),
          skipCache: forceRefreshToken,
        })
      } catch {
        return null
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt exactly when the session key changes
    [sessionKey],
  )

  const isLoading = !clerk.isLoaded && !standIn
  const isAuthenticated = clerk.isLoaded ? (clerk.isSignedIn ?? false) : standIn !== null
  return useMemo(
    () => ({ isLoading, isAuthenticated, fetchAccessToken }),
    [isLoading, isAuthenticated, fetchAccessToken],
  )
}

/** Module-level and stable: ConvexProviderWithAuth calls it as a hook on every render. */
export function useConvexAuthFromClerk(): ConvexAuth {
  return useConvexAuthFrom(useAuth(), useEarlySession())
}
