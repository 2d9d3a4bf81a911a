// Test-only (two dots in the name: `convex deploy` skips it). A stand-in for the part of Clerk's Backend API the
// backend calls, served over real HTTP on 127.0.0.1 so `fetch` in the functions under test goes through a
// socket exactly as it would to api.clerk.com.
//
// What it reproduces (Clerk's Backend API reference, "Sessions"): Bearer secret-key auth (401 otherwise),
// `POST /v1/sessions/{id}/revoke` (200 + the Session object with `status: "revoked"`, 404 for an unknown id),
// `GET /v1/sessions/{id}`, Clerk's error shape `{ errors: [{ code, message, long_message }] }`.
// What it does not: revoking a session that is no longer active answers 400 here; whether real Clerk answers
// 400 or 200 for that is not documented (the backend handles both by looking the session up). No rate limits,
// no pagination, no other endpoints. Faults are injected per test: a status, a hang, a dropped connection.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type SessionStatus = 'active' | 'revoked' | 'ended' | 'expired'
export type Fault = { kind: 'status'; status: number } | { kind: 'hang' } | { kind: 'drop' }

export interface ClerkBackendStandIn {
  url: string
  secretKey: string
  addSession(id: string, userId: string, status?: SessionStatus): void
  status(id: string): SessionStatus | undefined
  /** Every request, in order. */
  requests: Array<{ method: string; path: string }>
  /** The fault applies to every request whose path contains `match` (all requests when omitted). */
  fail(fault: Fault, match?: string): void
  heal(): void
  stop(): Promise<void>
}

function clerkError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify({ errors: [{ code, message, long_message: message }] }))
}

export async function startClerkBackendStandIn(): Promise<ClerkBackendStandIn> {
  const secretKey = `sk_test_${crypto.randomUUID().replace(/-/g, '')}`
  const sessions = new Map<string, { userId: string; status: SessionStatus; createdAt: number }>()
  const requests: ClerkBackendStandIn['requests'] = []
  const sockets = new Set<Socket>()
  let faults: Array<{ fault: Fault; match?: string }> = []

  const sessionJson = (id: string) => {
    const session = sessions.get(id)!
    return {
      object: 'session',
      id,
      user_id: session.userId,
      client_id: `client_${id}`,
      status: session.status,
      last_active_at: session.createdAt,
      expire_at: session.createdAt + 7 * 86_400_000,
      abandon_at: session.createdAt + 30 * 86_400_000,
      created_at: session.createdAt,
      updated_at: Date.now(),
    }
  }

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    requests.push({ method: request.method ?? '', path })
    const fault = faults.find((f) => f.match === undefined || path.includes(f.match))?.fault
    if (fault?.kind === 'hang') return
    if (fault?.kind === 'drop') {
      request.socket.destroy()
      return
    }
    if (fault?.kind === 'status') {
      clerkError(response, fault.status, 'injected', `Injected HTTP ${fault.status}`)
      return
    }
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      clerkError(response, 401, 'authentication_invalid', 'Invalid authentication')
      return
    }
    const match = /^\/v1\/sessions\/([^/]+)(\/revoke)?$/.exec(path)
    const id = match ? decodeURIComponent(match[1]!) : null
    if (!match || id === null) {
      clerkError(response, 404, 'resource_not_found', 'Not found')
      return
    }
    const session = sessions.get(id)
    if (!session) {
      clerkError(response, 404, 'resource_not_found', 'Session not found')
      return
    }
    if (match[2] && request.method === 'POST') {
      if (session.status !== 'active') {
        clerkError(response, 400, 'session_not_revokable', 'This session is no longer active')
        return
      }
      session.status = 'revoked'
    } else if (match[2] || request.method !== 'GET') {
      clerkError(response, 405, 'method_not_allowed', 'Method not allowed')
      return
    }
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify(sessionJson(id)))
  }

  const server = createServer(handle)
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    addSession: (id, userId, status = 'active') =>
      sessions.set(id, { userId, status, createdAt: Date.now() }),
    status: (id) => sessions.get(id)?.status,
    fail: (fault, match) => {
      faults.push({ fault, match })
    },
    heal: () => {
      faults = []
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
