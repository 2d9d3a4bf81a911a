// The one Clerk Backend API call the backend makes: ending a device's session. Written against Clerk's Backend
// API reference (https://clerk.com/docs/reference/backend-api, "Sessions"):
//   POST {api}/v1/sessions/{session_id}/revoke   -> 200 with the Session object (`status: "revoked"`)
//   GET  {api}/v1/sessions/{session_id}          -> 200 with the Session object, 404 when Clerk has no such session
// Both take `Authorization: Bearer <secret key>`. A Session's `status` is one of active, pending, revoked, ended,
// expired, removed, abandoned, replaced: only active and pending can still mint tokens.
import { readEnv } from './env'

export const DEFAULT_CLERK_API_URL = 'https://api.clerk.com'
/** Clerk's Backend API answers in well under a second; past this the user is told it could not be reached. */
export const DEFAULT_CLERK_API_TIMEOUT_MS = 8_000

export interface ClerkBackendConfig {
  apiUrl: string
  secretKey: string
  /** Budget for the whole revocation (the revoke and, when needed, the status check after it). */
  timeoutMs: number
}

export type RevokeOutcome =
  /** The session can no longer mint tokens: revoked now, or it had already ended (`alreadyEnded`). */
  | { ok: true; alreadyEnded: boolean }
  /** Nothing is known to have changed at Clerk. `detail` is for logs, never for users. */
  | { ok: false; kind: 'timeout' | 'unreachable' | 'refused'; status: number | null; detail: string }

const STILL_VALID = new Set(['active', 'pending'])

/** The Backend API configuration from the deployment's environment; null without CLERK_SECRET_KEY. */
export function clerkBackendConfig(): ClerkBackendConfig | null {
  const secretKey = readEnv('CLERK_SECRET_KEY')
  if (!secretKey) return null
  const apiUrl = (readEnv('CLERK_API_URL') ?? DEFAULT_CLERK_API_URL).replace(/\/+$/, '')
  const timeout = Number(readEnv('CLERK_API_TIMEOUT_MS'))
  const timeoutMs = Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_CLERK_API_TIMEOUT_MS
  return { apiUrl, secretKey, timeoutMs }
}

class Timeout extends Error {}

async function call(
  config: ClerkBackendConfig,
  method: 'GET' | 'POST',
  path: string,
  deadline: number,
): Promise<{ status: number; body: unknown }> {
  const remaining = deadline - Date.now()
  if (remaining <= 0) throw new Timeout()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), remaining)
  try {
    const response = await fetch(`${config.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${config.secretKey}`, Accept: 'application/json' },
      signal: controller.signal,
    })
    const text = await response.text()
    let body: unknown = null
    try {
      body = text === '' ? null : JSON.parse(text)
    } catch {
      body = text.slice(0, 200)
    }
    return { status: response.status, body }
  } catch (error) {
    if (controller.signal.aborted) throw new Timeout()
    throw error
  } finally {
    clearTimeout(timer)
  }
}

function sessionStatus(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null
  const status = (body as { status?: unknown }).status
  return typeof status === 'string' ? status : null
}

/** Clerk's error payload is `{ errors: [{ code, message, long_message }] }`; its first code is enough for logs. */
function errorDetail(status: number, body: unknown): string {
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : null
  const first = Array.isArray(errors) ? (errors[0] as { code?: unknown; message?: unknown }) : null
  const code = first && typeof first.code === 'string' ? first.code : null
  return `HTTP ${status}${code ? ` (${code})` : ''}`
}

/**
 * Ends the Clerk session `sessionId`. Idempotent: a session that already cannot mint tokens (revoked before,
 * ended, expired...) counts as done. Never throws: every failure comes back as `{ ok: false }`.
 */
export async function revokeClerkSession(
  config: ClerkBackendConfig,
  sessionId: string,
): Promise<RevokeOutcome> {
  const deadline = Date.now() + config.timeoutMs
  const path = `/v1/sessions/${encodeURIComponent(sessionId)}`
  try {
    const revoke = await call(config, 'POST', `${path}/revoke`, deadline)
    if (revoke.status >= 200 && revoke.status < 300) {
      // Clerk answers with the session; anything but a still-valid status means it can no longer mint tokens.
      const status = sessionStatus(revoke.body)
      if (status !== null && STILL_VALID.has(status)) {
        return { ok: false, kind: 'refused', status: revoke.status, detail: `session still ${status}` }
      }
      return { ok: true, alreadyEnded: false }
    }
    // Bad key, rate limit or Clerk's own trouble: nothing is known to have happened.
    if (revoke.status === 401 || revoke.status === 403 || revoke.status === 429 || revoke.status >= 500) {
      return {
        ok: false,
        kind: 'refused',
        status: revoke.status,
        detail: errorDetail(revoke.status, revoke.body),
      }
    }
    // Any other 4xx: Clerk may refuse to revoke a session that is no longer active. Ask it what the session is
    // now rather than guessing from the error; a 404 here (no such session in this instance, e.g. a secret key
    // of another instance) is not proof that the device is signed out, so it is a refusal.
    const check = await call(config, 'GET', path, deadline)
    const status = check.status === 200 ? sessionStatus(check.body) : null
    if (status !== null && !STILL_VALID.has(status)) return { ok: true, alreadyEnded: true }
    return {
      ok: false,
      kind: 'refused',
      status: revoke.status,
      detail: `${errorDetail(revoke.status, revoke.body)}; session lookup: ${status ?? errorDetail(check.status, check.body)}`,
    }
  } catch (error) {
    if (error instanceof Timeout) {
      return { ok: false, kind: 'timeout', status: null, detail: `no answer within ${config.timeoutMs} ms` }
    }
    return { ok: false, kind: 'unreachable', status: null, detail: String(error).slice(0, 200) }
  }
}
