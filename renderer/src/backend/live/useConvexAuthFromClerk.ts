// The `useAuth` ConvexProviderWithAuth is given: what ConvexProviderWithClerk does (convex 1.49,
// convex/dist/esm/react-clerk/ConvexProviderWithClerk.js: the session token when its `aud` is "convex", else the
// `convex` template; a new token function when the session or organisation changes), plus two things it cannot:
// - Before Clerk has loaded, the early session (backend/early-session.ts) stands in: Convex is told "signed in"
//   and gets that token, so live data does not wait for clerk-js. The token function keeps its identity when Clerk
//   then loads with the same session, because ConvexProviderWithAuth re-runs `setAuth` (a new Authenticate, and
//   `useConvexAuth()` back to loading) whenever that identity or the loading flag changes.
// - Clerk's `getToken()` is bounded in time and its network failures are reported: it can hang while the
//   Frontend API is unreachable, and a failure here becomes "no token", which must never be read as signed out.
// - A forced refresh asks Clerk's network only when Clerk's cache has nothing newer (tokenForRefresh).
import { useAuth } from '@clerk/electron/react'
import { useCallback, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { TimeoutError, withTimeout } from '../../../../electron/shared/with-timeout'
import { isClerkNetworkError, reportClerkOffline } from '../clerk-network'
import { convexTokenRequest, convexTokenSource } from '../convex-token-source'
import { earlySession, onEarlySession, type EarlySession } from '../early-session'
import { decodeJwtClaims } from '../jwt-claims'

export const TOKEN_TIMEOUT_MS = 15_000

/**
 * A forced refresh takes a token from Clerk's cache when it is not the one Convex last got and has at least this
 * long left. Convex forces its refresh on a timer, 10 s before the token it holds expires (and after the server
 * refused one); Clerk refreshes its cached session token on a timer of its own, 17 s before expiry (clerk-js 6.40
 * token cache). So by the time Convex asks, Clerk has usually just fetched a new token, and skipping its cache
 * fetched a second one: with Clerk's 60 s tokens, two token requests a minute while idle where one does
 * (`npm run bench:live-data -- --only memory` prints them). Half a default token's life: Convex then schedules
 * its next refresh no sooner than 20 s later.
 */
export const CACHED_TOKEN_MIN_LIFE_MS = 30_000

/** The token's `exp` in ms since epoch, or null when it has none that can be read. */
function expiresAt(token: string): number | null {
  const decoded = decodeJwtClaims(token)
  const exp = decoded.ok ? decoded.claims.exp : undefined
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null
}

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

/**
 * The token for a forced refresh: Clerk's cached one when it is none Convex was given before (`given`) and has
 * CACHED_TOKEN_MIN_LIFE_MS left (reading the cache is no request), else a new one from Clerk's Frontend API.
 */
async function tokenForRefresh(
  getToken: GetToken,
  request: { template?: string },
  given: (token: string) => boolean,
): Promise<string | null> {
  const cached = await boundedToken(getToken, { ...request, skipCache: false })
  const cachedExpiresAt = cached === null ? null : expiresAt(cached)
  if (
    cached !== null &&
    !given(cached) &&
    cachedExpiresAt !== null &&
    cachedExpiresAt - Date.now() >= CACHED_TOKEN_MIN_LIFE_MS
  ) {
    return cached
  }
  return boundedToken(getToken, { ...request, skipCache: true })
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
  const earlyRef = useRef(early)
  useLayoutEffect(() => {
    latest.current = clerk
    standInRef.current = standIn
    earlyRef.current = early
  })

  // Which session (and organisation) the token is for: a change hands Convex a new token function.
  const sessionKey = clerk.isLoaded
    ? `${clerk.sessionId ?? ''}|${clerk.orgId ?? ''}|${clerk.orgRole ?? ''}`
    : `${standIn?.sessionId ?? ''}||`

  // A forced refresh must never give Convex a token it already had (it may have been refused): the last one from
  // here, and the early session's, which the window's Convex client sent before this provider existed
  // (backend/live/convex-client.ts connectEarly). Clerk's cache can hold that very token once it has loaded: its
  // client read and the main process's, a moment apart, can return the same JWT.
  const lastGiven = useRef<string | null>(null)
  const given = (token: string) => token === lastGiven.current || token === earlyRef.current?.token

  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }): Promise<string | null> => {
      const early = standInRef.current
      if (early && !forceRefreshToken && early.expiresAt > Date.now())
        return (lastGiven.current = early.token)
      const auth = latest.current
      // Before Clerk has loaded only an integration token stands in, so that is what Clerk is asked for; its
      // getToken waits for Clerk to load (bounded above).
      const request = convexTokenRequest(
        auth.isLoaded ? convexTokenSource(auth.sessionClaims) : 'integration',
      )
      try {
        const token = forceRefreshToken
          ? await tokenForRefresh(auth.getToken, request, given)
          : await boundedToken(auth.getToken, { ...request, skipCache: false })
        lastGiven.current = token
        return token
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
