// Tells apart the two reasons Convex reports "not authenticated". `ConvexReactClient.setAuth` calls
// `onChange(false)` both when no token could be fetched (ConvexProviderWithClerk turns a Clerk network error
// into `null`; our token fetch times out) and when the server refused a token it was given (an AuthError for a
// fresh token, after Convex's own re-fetch and retry: wrong CLERK_JWT_ISSUER_DOMAIN, no `convex` JWT template).
// `useConvexAuth()` shows both as `{ isLoading: false, isAuthenticated: false }`, so the difference is read
// here, at the callbacks: a refusal is `onChange(false)` while the latest token fetch returned a token.

/** How Convex answered the last auth attempt: `rejected` means the server refused a token it was given;
 * `no-token` means no token could be fetched (Clerk offline, timeout). The session machine decides on it. */
export type ConvexAuthVerdict = 'accepted' | 'rejected' | 'no-token'

export type FetchToken = (args: { forceRefreshToken: boolean }) => Promise<string | null | undefined>
export type OnAuthChange = (isAuthenticated: boolean) => void

/**
 * Wraps one `setAuth` configuration. `isCurrent` says whether this configuration is still the client's latest
 * (answers for a replaced one are not reported).
 */
export function observeAuthConfig(
  fetchToken: FetchToken,
  onChange: OnAuthChange,
  report: (verdict: ConvexAuthVerdict) => void,
  isCurrent: () => boolean,
): { fetchToken: FetchToken; onChange: OnAuthChange } {
  let latestFetchGaveToken = false
  return {
    fetchToken: async (args) => {
      try {
        const token = await fetchToken(args)
        latestFetchGaveToken = typeof token === 'string' && token.length > 0
        return token
      } catch (error) {
        latestFetchGaveToken = false
        throw error
      }
    },
    onChange: (isAuthenticated) => {
      onChange(isAuthenticated)
      if (!isCurrent()) return
      report(isAuthenticated ? 'accepted' : latestFetchGaveToken ? 'rejected' : 'no-token')
    },
  }
}

/** What the session signals need from the Convex client: its verdicts, and a way to try the token again. */
export interface ConvexAuthObserver {
  onAuthVerdict(listener: (verdict: ConvexAuthVerdict) => void): () => void
  /** Runs the latest `setAuth` again (fetches a token and hands it to Convex). False if there is none. */
  retryAuth(): boolean
}

export function isConvexAuthObserver(client: unknown): client is ConvexAuthObserver {
  const candidate = client as Partial<ConvexAuthObserver> | null
  return typeof candidate?.onAuthVerdict === 'function' && typeof candidate.retryAuth === 'function'
}
