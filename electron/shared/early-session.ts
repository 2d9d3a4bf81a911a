// What counts as an early session: the signed-in user's Convex token taken from Clerk's `GET /v1/client` answer
// before clerk-js has loaded. The main process reads the client (electron/main/early-session.ts) and judges the
// answer here; the renderer receives the result over IPC and checks it here again before Convex sees it
// (renderer/src/backend/early-session.ts). Pure: both processes compile it.
//
// It is a shortcut, never a second source of truth:
// - Only Clerk's Convex integration token (`aud` exactly "convex", what ConvexProviderWithClerk would send
//   first), only for the user the cache names, only while it has at least EARLY_TOKEN_MIN_LIFETIME_MS to live.
// - Anything else is "no early session": the app waits for Clerk exactly as before.
import { CONVEX_TOKEN_AUDIENCE } from './config-values'
import type { EarlySession } from './contract'
import { decodeJwtClaims } from './jwt-payload'

/** Where @clerk/electron's React provider keeps the client token (`@clerk/electron/dist/esm/react/index.js`). */
export const CLERK_CLIENT_TOKEN_KEY = '__clerk_client_jwt'
/** The Frontend API version clerk-js 6.40 asks for (its fapiClient), so the answer has the shape it expects. */
export const CLERK_API_VERSION = '2026-08-20'
/** A token closer than this to its expiry is not worth sending: Convex would ask for a fresh one at once. */
export const EARLY_TOKEN_MIN_LIFETIME_MS = 10_000
/** The most the early read may take, from its start to its answer; after that Clerk does it all. */
export const EARLY_SESSION_TIMEOUT_MS = 8_000

export type { EarlySession } from './contract'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The session token, if it is a Convex integration token of this user and session worth sending at `now`. */
function sessionFromToken(jwt: unknown, sessionId: string, userId: string, now: number): EarlySession | null {
  if (typeof jwt !== 'string') return null
  const decoded = decodeJwtClaims(jwt)
  if (!decoded.ok) return null
  const { sub, aud, exp, sid } = decoded.claims
  if (sub !== userId || aud !== CONVEX_TOKEN_AUDIENCE) return null
  // `sid` is in every Clerk session token; one naming another session is not this session's token.
  if (sid !== undefined && sid !== sessionId) return null
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null
  const expiresAt = exp * 1000
  if (expiresAt - now < EARLY_TOKEN_MIN_LIFETIME_MS) return null
  return { sessionId, userId, token: jwt, expiresAt }
}

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
  if (!isRecord(lastToken)) return null
  return sessionFromToken(lastToken.jwt, sessionId, expectedUserId, now)
}

/**
 * An early session received from elsewhere (the main process's answer over IPC), checked as if it were new:
 * exactly the four fields, a token that is this user's and session's Convex integration token and still worth
 * sending at `now`, and an `expiresAt` that is the token's own `exp`. Anything else is null.
 */
export function parseEarlySession(value: unknown, expectedUserId: string, now: number): EarlySession | null {
  if (!isRecord(value)) return null
  const { sessionId, userId, token, expiresAt, ...rest } = value
  if (Object.keys(rest).length > 0) return null
  if (typeof sessionId !== 'string' || sessionId === '' || userId !== expectedUserId) return null
  const session = sessionFromToken(token, sessionId, expectedUserId, now)
  return session && session.expiresAt === expiresAt ? session : null
}
