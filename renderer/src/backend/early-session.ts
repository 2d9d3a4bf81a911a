// The signed-in user's Convex token before Clerk has loaded. On a start with a cached user, clerk-js (1.5 MB)
// is parsed, run and mounted before it asks its Frontend API for the client; only then can Convex be handed a
// token. The client token that request carries is already in the keychain, behind Clerk's own preload bridge.
// So as soon as the cache says who was signed in, this module makes the same request clerk-js will make,
// `GET /v1/client` with that token, and keeps the active session's last token: the Convex provider can send it
// while clerk-js is still loading (backend/live/useConvexAuthFromClerk.ts). Measured by `npm run bench:live-data`.
//
// It is a shortcut, never a second source of truth:
// - Only Clerk's Convex integration token (`aud` exactly "convex", what ConvexProviderWithClerk would send first),
//   only for the user the cache names, only while it has at least EARLY_TOKEN_MIN_LIFETIME_MS left to live.
// - Anything else (no token, a network failure, a 4xx, an unexpected body, a template-only setup, another
//   user) is "no early session": the app waits for Clerk exactly as before.
// - The server checks the token like any other; once Clerk has loaded its answer decides (signed out, another
//   session), and every refresh comes from Clerk.
// - The client token Clerk's bridge stores is sent to Clerk's Frontend API host only, as clerk-js sends it, and
//   a rotated token in the answer is saved back the way @clerk/electron's provider does after every response.
import { CONVEX_TOKEN_AUDIENCE } from '../../../electron/shared/config-values'
import { decodeJwtClaims } from './jwt-claims'

/** Where @clerk/electron's React provider keeps the client token (`@clerk/electron/dist/esm/react/index.js`). */
export const CLERK_CLIENT_TOKEN_KEY = '__clerk_client_jwt'
/** The Frontend API version clerk-js 6.40 asks for (its fapiClient), so the answer has the shape it expects. */
const CLERK_API_VERSION = '2026-08-20'
/** A token closer than this to its expiry is not worth sending: Convex would ask for a fresh one at once. */
export const EARLY_TOKEN_MIN_LIFETIME_MS = 10_000
export const EARLY_SESSION_TIMEOUT_MS = 8_000

export interface EarlySession {
  sessionId: string
  userId: string
  /** Clerk's session token for this session (Convex integration: `aud` "convex"). */
  token: string
  /** ms since epoch, from the token's `exp`. */
  expiresAt: number
}

/** The part of Clerk's preload bridge (`window.__clerk_internal_electron.tokenCache`) this needs. */
export interface ClientTokenStore {
  getToken(key: string): Promise<string | null | undefined>
  saveToken(key: string, token: string): Promise<void>
}

interface ClerkBridgeWindow {
  __clerk_internal_electron?: { tokenCache?: ClientTokenStore }
}

export function clerkBridgeTokenStore(target: unknown = window): ClientTokenStore | null {
  const store = (target as ClerkBridgeWindow).__clerk_internal_electron?.tokenCache
  return store && typeof store.getToken === 'function' && typeof store.saveToken === 'function' ? store : null
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The early session in a `GET /v1/client` answer, or null. `body` is the parsed JSON (`{ response: client }`);
 * the client's last active session must be active, belong to `expectedUserId`, and carry a Convex integration
 * token for that same user and session that lives at least EARLY_TOKEN_MIN_LIFETIME_MS past `now`.
 */
export function earlySessionFromClient(
  body: unknown,
  expectedUserId: string,
  now: number,
): EarlySession | null {
  if (!isRecord(body) || !isRecord(body.response)) return null
  const client = body.response
  const sessionId = client.last_active_session_id
  if (typeof sessionId !== 'string' || sessionId === '' || !Array.isArray(client.sessions)) return null
  const session: unknown = client.sessions.find((entry) => isRecord(entry) && entry.id === sessionId)
  if (!isRecord(session) || session.status !== 'active') return null
  const user = session.user
  if (!isRecord(user) || user.id !== expectedUserId) return null
  const lastToken = session.last_active_token
  if (!isRecord(lastToken) || typeof lastToken.jwt !== 'string') return null
  const decoded = decodeJwtClaims(lastToken.jwt)
  if (!decoded.ok) return null
  const { sub, aud, exp, sid } = decoded.claims
  if (sub !== expectedUserId || aud !== CONVEX_TOKEN_AUDIENCE) return null
  // `sid` is in every Clerk session token; one naming another session is not this session's token.
  if (sid !== undefined && sid !== sessionId) return null
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null
  const expiresAt = exp * 1000
  if (expiresAt - now < EARLY_TOKEN_MIN_LIFETIME_MS) return null
  return { sessionId, userId: expectedUserId, token: lastToken.jwt, expiresAt }
}

export interface EarlySessionRequest {
  frontendApiHost: string
  /** The cached user's Clerk id, the only user an early session may be for (null: none, so no early session).
   *  A promise, so the request need not wait for the cache read: the answer is only judged once it is known. */
  expectedUserId: string | null | Promise<string | null>
  store: ClientTokenStore
  fetchImpl?: typeof fetch
  now?: () => number
  timeoutMs?: number
}

/** One `GET /v1/client` with the stored client token. Never throws: every failure is null (and a log line). */
export async function requestEarlySession(request: EarlySessionRequest): Promise<EarlySession | null> {
  const { frontendApiHost, expectedUserId, store } = request
  const fetchImpl = request.fetchImpl ?? fetch
  const now = request.now ?? Date.now
  try {
    const clientToken = await store.getToken(CLERK_CLIENT_TOKEN_KEY)
    if (typeof clientToken !== 'string' || clientToken === '') return null
    performance.mark('harbor:early-session:request')
    const url = new URL(`https://${frontendApiHost}/v1/client`)
    url.searchParams.set('__clerk_api_version', CLERK_API_VERSION)
    url.searchParams.set('_is_native', '1')
    const response = await fetchImpl(url, {
      headers: { Authorization: `Bearer ${clientToken}` },
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(request.timeoutMs ?? EARLY_SESSION_TIMEOUT_MS),
    })
    if (!response.ok) return null
    // As @clerk/electron's provider does after every Frontend API answer: a changed client token is kept.
    const returned = response.headers.get('Authorization')
    const rotated = returned?.startsWith('Bearer ') ? returned.slice(7) : returned
    if (rotated && rotated !== clientToken) await store.saveToken(CLERK_CLIENT_TOKEN_KEY, rotated)
    const [body, userId] = await Promise.all([response.json() as Promise<unknown>, expectedUserId])
    const session = userId === null ? null : earlySessionFromClient(body, userId, now())
    performance.mark(session ? 'harbor:early-session:token' : 'harbor:early-session:none')
    return session
  } catch (error) {
    // Offline starts land here too: nothing is wrong, Clerk answers (or not) as before.
    console.info('Early session: waiting for Clerk instead', error)
    return null
  }
}

// One early session per page, started by the entry (main.tsx) and read by the Convex provider's auth hook.
type Listener = () => void
let settled: EarlySession | null | undefined
let started = false
const listeners = new Set<Listener>()

/** Starts the request once per page; later calls do nothing. */
export function startEarlySession(request: EarlySessionRequest): void {
  if (started) return
  started = true
  void requestEarlySession(request).then((session) => {
    settled = session
    for (const listener of listeners) listener()
  })
}

/**
 * `undefined` while the request is under way, else its answer (null: none). Never started counts as none, so
 * a page without a cached user never waits for it.
 */
export function earlySession(): EarlySession | null | undefined {
  return started ? settled : null
}

export function onEarlySession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
