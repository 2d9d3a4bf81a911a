// The one Convex client of this window, created at start from this module's own chunk (early.ts asks for it
// first thing; it is most of `convex`'s weight, and the cached shell's first paint, which is HTML, does not need
// it), and found again by the connected app. One per URL for the page's life, so a remount of the connected app
// (or React's StrictMode double mount) never opens a second WebSocket; its first socket is the one the document
// opened (early-socket.ts).
import { ConvexReactClient } from 'convex/react'
import type { ConvexAuthVerdict, FetchToken } from '../convex-auth-verdict'
import { observeAuthConfig, type ConvexAuthObserver } from '../convex-auth-verdict'
import { setConvexAuthHandedOver } from '../convex-auth-handover'
import { earlySession, onEarlySession } from '../early-session'
import { WebSocketTakingEarlySocket } from './early-socket'
import { api } from '../../../../convex/_generated/api'

type SetAuthArgs = Parameters<ConvexReactClient['setAuth']>

/** The early authentication and, once it has taken it over, the provider's callbacks. */
interface EarlyAuth {
  source: FetchToken
  provider: { onChange: SetAuthArgs[1]; onRefreshChange: SetAuthArgs[2] } | null
  /** The server's latest answer (null: none yet). */
  answer: boolean | null
  /** Refused or no token before the provider came: it then authenticates afresh. */
  failed: boolean
  /** Resolves once the provider has taken over, the early authentication is forgotten, or its token expired. */
  ended: Promise<void>
  end: () => void
  /** As authenticateEarly was given them, to run it again (retryAuth). */
  fetchEarlyToken: FetchToken
  expiresAt: number
}

/** ConvexReactClient that reports how the server answered each token (see convex-auth-verdict.ts) and can
 * hand the token over again ("Try again" after a refused sign-in, without reloading the window). */
export class ObservedConvexClient extends ConvexReactClient implements ConvexAuthObserver {
  private readonly verdictListeners = new Set<(verdict: ConvexAuthVerdict) => void>()
  private latestAuth: SetAuthArgs | null = null
  private authGeneration = 0

  private early: EarlyAuth | null = null

  /**
   * Authenticates with the early session's token before the React provider exists (backend/early-session.ts),
   * so the token goes out as soon as both it and the socket are there. The provider's first `setAuth` then takes
   * this authentication over instead of starting another: it becomes the token source from then on and hears
   * the server's answer (already given, or still to come); a second Authenticate would cost a round trip and
   * the server's token check again. Does nothing once the provider has handed over its own token source.
   * `expiresAt` (ms since epoch): when the early token stops being worth anything. Resolves once the provider
   * has taken over, or the early authentication was forgotten (clearAuth, another setAuth) or expired.
   */
  authenticateEarly(fetchEarlyToken: FetchToken, expiresAt = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.latestAuth !== null) return Promise.resolve()
    let end!: () => void
    const ended = new Promise<void>((resolve) => (end = resolve))
    const early: EarlyAuth = {
      source: fetchEarlyToken,
      provider: null,
      answer: null,
      failed: false,
      ended,
      end,
      fetchEarlyToken,
      expiresAt,
    }
    if (Number.isFinite(expiresAt)) {
      const expiry = setTimeout(end, Math.max(0, expiresAt - Date.now()))
      void ended.then(() => clearTimeout(expiry))
    }
    this.setAuth(
      async (args) => {
        // Convex asks for a fresh token as soon as the server has accepted one (initialAuthTokenReuse is off).
        // The early source has none, and "none" would make Convex drop the accepted authentication (Authenticate
        // None, onChange(false)) and the provider authenticate all over again; so that refresh waits for the
        // provider's token function, while the early token lives. After a refusal it does not wait: the provider
        // then authenticates afresh. Which of the two this is is known a microtask later: Convex starts the
        // refresh after an accepted token just before it reports the answer (authentication_manager.js
        // onTransition), the one after a refusal before reporting anything.
        if (args.forceRefreshToken && early.provider === null) {
          await Promise.resolve()
          if (early.answer === true && early.provider === null) await early.ended
        }
        return early.source(args)
      },
      (isAuthenticated) => {
        early.answer = isAuthenticated
        if (!isAuthenticated && early.provider === null) early.failed = true
        early.provider?.onChange?.(isAuthenticated)
      },
      (isRefreshing) => early.provider?.onRefreshChange?.(isRefreshing),
    )
    // After setAuth, which forgets any earlier early authentication.
    this.early = early
    return ended
  }

  override setAuth(...args: SetAuthArgs): void {
    const [fetchToken, onChange, onRefreshChange] = args
    const early = this.early
    if (early && early.provider === null && !early.failed && this.latestAuth !== null) {
      early.provider = { onChange, onRefreshChange }
      early.source = fetchToken
      early.end()
      this.latestAuth = args
      const answer = early.answer
      if (answer !== null) queueMicrotask(() => onChange?.(answer))
      return
    }
    this.early?.end()
    this.early = null
    this.latestAuth = args
    const generation = ++this.authGeneration
    const observed = observeAuthConfig(
      fetchToken,
      (isAuthenticated) => onChange?.(isAuthenticated),
      (verdict) => this.verdictListeners.forEach((listener) => listener(verdict)),
      () => generation === this.authGeneration,
    )
    super.setAuth(observed.fetchToken, observed.onChange, onRefreshChange)
    // After super.setAuth: the socket is paused for the token by now (see convex-auth-handover.ts).
    setConvexAuthHandedOver(true)
  }

  override clearAuth(): void {
    this.early?.end()
    this.early = null
    this.latestAuth = null
    this.authGeneration++
    setConvexAuthHandedOver(false)
    super.clearAuth()
  }

  /**
   * Clerk has loaded and nobody is signed in. The provider then never calls setAuth (nor clearAuth), so an early
   * authentication it did not take over would stay on the socket until its token expired: withdrawn here.
   */
  withdrawEarlyAuth(): void {
    if (this.early && this.early.provider === null) this.clearAuth()
  }

  onAuthVerdict(listener: (verdict: ConvexAuthVerdict) => void): () => void {
    this.verdictListeners.add(listener)
    return () => this.verdictListeners.delete(listener)
  }

  retryAuth(): boolean {
    const early = this.early
    if (early && early.provider === null) {
      // Not taken over yet: the early authentication runs again as such. Through setAuth it would take itself
      // over, with itself as the token source: nothing would be sent.
      this.latestAuth = null
      this.authenticateEarly(early.fetchEarlyToken, early.expiresAt)
      return true
    }
    if (!this.latestAuth) return false
    // The provider's own callbacks are reused, so useConvexAuth() follows the new answer too.
    this.setAuth(...this.latestAuth)
    return true
  }
}

let current: { url: string; client: ObservedConvexClient } | null = null

/** How long before a token expires Convex asks for the next (see convexClientFor). */
export const CONVEX_REFRESH_LEEWAY_SECONDS = 20

export function convexClientFor(url: string): ObservedConvexClient {
  if (current?.url !== url) {
    void current?.client.close()
    // Its first socket is the one the document opened as it loaded (early-socket.ts), when there is one.
    const client = new ObservedConvexClient(url, {
      webSocketConstructor: WebSocketTakingEarlySocket,
      // Convex refreshes the token this long before it expires (its default: 10 s). Clerk's cache renews the same
      // token 17 s before expiry on its own timer (clerk-js 6.40), so with 10 s both fetched one: two token
      // requests a minute while idle. 20 s puts Convex's forced refresh first, and the token it fetches replaces
      // Clerk's cache entry, which cancels Clerk's timer: one request per refresh (`npm run bench:live-data`,
      // idle traffic), and 20 s of margin before the server would see the token expire. A client clock more
      // than ~3 s ahead of Clerk's puts Clerk's timer first again: two requests, as before. Clerk's session
      // tokens live 60 s and a JWT template's at least 30 s (its Backend API's minimum), so Convex's refresh
      // comes every 10 s at the most often, never in a loop.
      authRefreshTokenLeewaySeconds: CONVEX_REFRESH_LEEWAY_SECONDS,
    })
    // ConvexReactClient opens its WebSocket lazily, at its first use, which is the provider's setAuth once Clerk
    // has loaded. Asking for the connection state now opens it while Clerk is still loading, so the token goes
    // out on a socket that is already up: one round trip (and the handshake) less before live data.
    client.connectionState()
    current = { url, client }
  }
  return current.client
}

/**
 * The window's Convex client, created now, authenticated with the early session's token as soon as there is one
 * (backend/early-session.ts). Before the provider takes over, a forced refresh (the server refused the token, or
 * it is about to expire) has nothing better to give: null, and the provider then authenticates through Clerk.
 */
export function connectEarly(url: string): ObservedConvexClient {
  const client = convexClientFor(url)
  const authenticate = () => {
    const session = earlySession()
    if (!session) return
    const ended = client.authenticateEarly(
      async ({ forceRefreshToken }) =>
        !forceRefreshToken && session.expiresAt > Date.now() ? session.token : null,
      session.expiresAt,
    )
    // The profile's query goes right behind the token, as the connected app will subscribe it: its answer comes
    // back with the identity, however late the connected chunk mounts. Held until the provider has taken over
    // (a task later its own subscription is in place; the client keeps one server subscription per query), or
    // until the early authentication is forgotten.
    const release = client.watchQuery(api.users.me, {}).onUpdate(() => undefined)
    void ended.then(() => setTimeout(release, 0))
  }
  if (earlySession() === undefined) {
    const stop = onEarlySession(() => {
      stop()
      authenticate()
    })
  } else authenticate()
  return client
}
