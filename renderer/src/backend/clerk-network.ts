// How the renderer learns whether Clerk's Frontend API is actually reachable, which Clerk itself does not say:
// offline it can report `ready` + signed out after ~38 s of retries although a client token is cached.
//
// 1. clerk-js 6.40 calls `window.__internal_onAfterResponse(request, response)` after every Frontend API
//    response it could parse (never after a network failure). Seeing one call means the API answered.
// 2. A no-cors fetch of the Frontend API resolves (opaque) when the host answers and rejects on DNS/TCP/TLS
//    failure: a cheap probe for "is the network back", used by the retry loop instead of reloading blindly.
// 3. Clerk's offline error (code `clerk_offline`) is only thrown by a loaded session's token refresh; the
//    Convex bridge reports it here because ConvexProviderWithClerk swallows it into "no token".

type Listener = () => void

const reachedListeners = new Set<Listener>()
const offlineListeners = new Set<Listener>()
let reached = false

declare global {
  interface Window {
    __internal_onAfterResponse?: (request: unknown, response: unknown) => unknown
  }
}

/** Installs the response hook. Call before Clerk loads; idempotent. Returning undefined keeps Clerk's own
 * after-response callbacks (the token cache write) running: returning `false` would stop them. */
export function installClerkResponseHook(target: Window = window): void {
  const previous = target.__internal_onAfterResponse
  target.__internal_onAfterResponse = (request, response) => {
    reached = true
    for (const listener of reachedListeners) listener()
    return previous?.(request, response)
  }
}

export function clerkApiReachedSoFar(): boolean {
  return reached
}

export function onClerkApiReached(listener: Listener): () => void {
  reachedListeners.add(listener)
  return () => reachedListeners.delete(listener)
}

export function reportClerkOffline(): void {
  reached = false
  for (const listener of offlineListeners) listener()
}

export function onClerkOffline(listener: Listener): () => void {
  offlineListeners.add(listener)
  return () => offlineListeners.delete(listener)
}

/** Clerk's offline error, or a network failure / our timeout around its token call. Duck-typed: the error can
 * come from another bundle copy, so `instanceof` is not reliable. */
export function isClerkNetworkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown }
  if (code === 'clerk_offline' || code === 'network_error') return true
  if (name === 'TimeoutError') return true
  return typeof message === 'string' && /network error|failed to fetch|networkerror/i.test(message)
}

export const PROBE_TIMEOUT_MS = 8_000

/** True when the Frontend API host answers at all (any HTTP status). Never throws. */
export async function probeClerkApi(
  frontendApiHost: string,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  try {
    await fetchImpl(`https://${frontendApiHost}/v1/environment?_is_native=1`, {
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    })
    return true
  } catch {
    return false
  }
}
