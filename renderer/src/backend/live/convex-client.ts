// The one Convex client of this window, created by the connected app (not by main.tsx: the client is most of
// `convex`'s weight, and the cached shell's first paint does not need it). One per URL for the page's life,
// so a remount of the connected app (or React's StrictMode double mount) never opens a second WebSocket.
import { ConvexReactClient } from 'convex/react'
import type { ConvexAuthVerdict } from '../convex-auth-verdict'
import { observeAuthConfig, type ConvexAuthObserver } from '../convex-auth-verdict'
import { setConvexAuthHandedOver } from '../convex-auth-handover'

type SetAuthArgs = Parameters<ConvexReactClient['setAuth']>

/** ConvexReactClient that reports how the server answered each token (see convex-auth-verdict.ts) and can
 * hand the token over again ("Try again" after a refused sign-in, without reloading the window). */
export class ObservedConvexClient extends ConvexReactClient implements ConvexAuthObserver {
  private readonly verdictListeners = new Set<(verdict: ConvexAuthVerdict) => void>()
  private latestAuth: SetAuthArgs | null = null
  private authGeneration = 0

  override setAuth(...args: SetAuthArgs): void {
    const [fetchToken, onChange, onRefreshChange] = args
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
    this.latestAuth = null
    this.authGeneration++
    setConvexAuthHandedOver(false)
    super.clearAuth()
  }

  onAuthVerdict(listener: (verdict: ConvexAuthVerdict) => void): () => void {
    this.verdictListeners.add(listener)
    return () => this.verdictListeners.delete(listener)
  }

  retryAuth(): boolean {
    if (!this.latestAuth) return false
    // The provider's own callbacks are reused, so useConvexAuth() follows the new answer too.
    this.setAuth(...this.latestAuth)
    return true
  }
}

let current: { url: string; client: ObservedConvexClient } | null = null

export function convexClientFor(url: string): ObservedConvexClient {
  if (current?.url !== url) {
    void current?.client.close()
    const client = new ObservedConvexClient(url)
    // ConvexReactClient opens its WebSocket lazily, at its first use, which is the provider's setAuth once Clerk
    // has loaded. Asking for the connection state now opens it while Clerk is still loading, so the token goes
    // out on a socket that is already up: one round trip (and the handshake) less before live data.
    client.connectionState()
    current = { url, client }
  }
  return current.client
}
