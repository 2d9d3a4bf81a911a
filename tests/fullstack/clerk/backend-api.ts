// The few Clerk Backend API calls Harbor's Convex functions make (issue 15: signing a device out remotely), over
// plain HTTP on loopback so Node clients need no CA. Authenticated like the real one: `Authorization: Bearer
// <secret key>`; anything else is a 401 in Clerk's error shape. Session objects follow Clerk's Backend API
// Session (object, id, client_id, user_id, status, timestamps in Unix ms).
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { apiError, type Reply } from './http'
import type { Model, Session } from './model'

export interface BackendApiContext {
  model: Model
  secretKey: string
}

export function backendSessionJson(session: Session): Record<string, unknown> {
  return {
    object: 'session',
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: session.status,
    last_active_at: session.lastActiveAt,
    last_active_organization_id: null,
    actor: null,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  }
}

function authorized(context: BackendApiContext, headers: IncomingMessage['headers']): boolean {
  const header = headers.authorization
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false
  const given = Buffer.from(header.slice(7))
  const expected = Buffer.from(context.secretKey)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function handleBackendApi(
  context: BackendApiContext,
  request: { method: string; url: URL; headers: IncomingMessage['headers'] },
): Reply {
  if (!authorized(context, request.headers)) {
    // Clerk's answer to a wrong secret key (code `clerk_key_invalid`, seen in @clerk/backend's
    // TokenVerificationErrorCode and in SDK tests); the same is given for a missing header (a guess).
    return apiError(
      401,
      'clerk_key_invalid',
      'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
    )
  }
  const { method, url } = request
  const { model } = context
  if (method === 'GET' && url.pathname === '/v1/sessions') {
    const userId = url.searchParams.get('user_id')
    const clientId = url.searchParams.get('client_id')
    const status = url.searchParams.get('status')
    if (!userId && !clientId) {
      return apiError(422, 'form_param_missing', 'is missing', 'Either user_id or client_id is required.', {
        param_name: 'user_id',
      })
    }
    const sessions = [...model.sessions.values()]
      .filter(
        (session) => (!userId || session.userId === userId) && (!clientId || session.clientId === clientId),
      )
      .filter((session) => !status || session.status === status)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(backendSessionJson)
    // A plain array by default; `{ data, total_count }` with `paginated=true` (Clerk's list convention).
    const body =
      url.searchParams.get('paginated') === 'true'
        ? { data: sessions, total_count: sessions.length }
        : sessions
    return { status: 200, body }
  }
  const match = /^\/v1\/sessions\/([^/]+)(\/revoke)?$/.exec(url.pathname)
  if (match) {
    const session = model.sessions.get(match[1]!)
    if (!session)
      return apiError(404, 'resource_not_found', 'not found', `No session was found with id ${match[1]}`)
    if (method === 'GET' && !match[2]) return { status: 200, body: backendSessionJson(session) }
    if (method === 'POST' && match[2]) {
      if (session.status !== 'active') {
        // Clerk documents a 400 for this endpoint; the code for "not active any more" is a guess.
        return apiError(
          400,
          'session_not_active',
          'not active',
          `Session ${session.id} is ${session.status}, not active.`,
        )
      }
      model.endSession(session, 'revoked')
      return { status: 200, body: backendSessionJson(session) }
    }
  }
  return apiError(404, 'resource_not_found', 'not found', `No route ${method} ${url.pathname}.`)
}
