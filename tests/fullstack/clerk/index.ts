// A stand-in for Clerk: its Frontend API (HTTPS on loopback, the host the publishable key encodes) for the real
// clerk-js and Clerk UI in the app's window, and the part of its Backend API Harbor's Convex functions call (plain
// HTTP on loopback). What it serves, where each shape comes from and what it does not reproduce: README.md here.
import { randomBytes } from 'node:crypto'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { CLERK_FRONTEND_API_HOST, CLERK_ISSUER, CONVEX_DEPLOYMENT_HOST, PUBLISHABLE_KEY } from '../hosts'
import { testCertificate } from '../tls'
import { handleBackendApi } from './backend-api'
import type { TokenMode, TokenModeName } from './claims'
import { clientToken, handleFrontendApi, type FrontendApiContext, type FrontendReply } from './frontend-api'
import { delay, readBody, send, apiError, type Reply, type RequestLogEntry } from './http'
import { Model } from './model'
import { makeSigningKey } from './tokens'
import { sleepUntil } from '../convex/latency'

export type { RequestLogEntry } from './http'
export { decodeJwt } from './tokens'
export { OAUTH_PROVIDER_PATH } from './frontend-api'

/** Redirect URLs a Clerk instance set up by Harbor's README allows (production and development schemes). */
export const DEFAULT_ALLOWED_REDIRECTS = ['harbor://renderer/', 'harbor-dev://renderer/']

export interface ClerkStandIn {
  host: string
  port: number
  /** The same Frontend API as a deployment's servers reach it (the Convex backend's discovery and JWKS
   *  fetches): another listener, delayed by the server latency instead of the user's (setServerLatency). */
  serverPort: number
  publishableKey: string
  issuer: string
  secretKey: string
  backendApiUrl: string
  createUser(user: {
    email: string
    password: string
    firstName?: string
    lastName?: string
    username?: string
    emailVerified?: boolean
  }): { id: string }
  /** 'integration' = session token with aud "convex" (Clerk's Convex integration); 'template' = session token
   *  without aud, plus a `convex` JWT template token. `profileClaimsMapped` defaults to false for 'integration'
   *  (Clerk's default: only `aud`) and true for 'template' (the template Harbor's README describes). */
  setTokenMode(mode: TokenModeName, options?: { profileClaimsMapped?: boolean }): void
  lastEmailCode(email: string): string | undefined
  /** Ends a session the way the Backend API's revoke does. Unknown id: throws; not active any more: no-op. */
  revokeSession(sessionId: string): void
  sessions(): Array<{ id: string; userId: string; clientId: string; status: 'active' | 'revoked' | 'ended' }>
  requests: RequestLogEntry[]
  /** Every request of the listeners is delayed by `ms` before it is answered and its response `ms` more. */
  setLatency(ms: number): void
  /** The delay each way on `serverPort` and the Backend API instead: the network between data centres, not the
   *  user's. null (the default): the same as setLatency's. */
  setServerLatency(ms: number | null): void
  /** The "system browser" side of OAuth. The provider page (the URL the app opens) signs in as `email` at once,
   *  refuses ('deny'), or, with null (the default), shows a chooser with a "Continue as <email>" link per user
   *  (`a[data-email]`) and a Cancel link (`a[data-deny]`). */
  setOAuthIdentity(identity: string | 'deny' | null): void
  /** Allows one more redirect URL prefix for OAuth (the instance's allowlist). */
  allowRedirectUrl(prefix: string): void
  /** Stops answering (both listeners closed, open connections cut) but keeps every user, client, session and the
   *  signing key: "Clerk unreachable" for offline scenarios. */
  suspend(): Promise<void>
  /** Answers again on the same ports (Chromium's host-resolver rules keep pointing there) with the same state. */
  resume(): Promise<void>
  stop(): Promise<void>
}

export interface ClerkStandInOptions {
  latencyMs?: number
  /** Fixed loopback ports (default: any free port). */
  port?: number
  backendPort?: number
  /** Redirect URL prefixes OAuth may return to; default DEFAULT_ALLOWED_REDIRECTS. */
  allowedRedirectUrls?: string[]
}

const PLACEHOLDER_AVATAR =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#6c47ff"/></svg>'

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve()
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export async function startClerkStandIn(options: ClerkStandInOptions = {}): Promise<ClerkStandIn> {
  const certificate = await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])
  const model = new Model(CLERK_ISSUER)
  const key = makeSigningKey()
  const secretKey = `sk_test_${randomBytes(24).toString('base64url')}`
  const requests: RequestLogEntry[] = []
  const allowedRedirects = [...(options.allowedRedirectUrls ?? DEFAULT_ALLOWED_REDIRECTS)]
  let latencyMs = options.latencyMs ?? 0
  let serverLatencyMs: number | null = null
  const userLatency = () => latencyMs
  const serverLatency = () => serverLatencyMs ?? latencyMs
  let tokenMode: TokenMode = { mode: 'integration', profileClaimsMapped: false }
  let oauthIdentity: string | null = null

  const frontend: FrontendApiContext = {
    model,
    key,
    issuer: CLERK_ISSUER,
    host: CLERK_FRONTEND_API_HOST,
    tokenMode: () => tokenMode,
    isAllowedRedirect: (url) => allowedRedirects.some((prefix) => url.startsWith(prefix)),
    oauthIdentity: () => oauthIdentity,
  }

  const log = (
    api: RequestLogEntry['api'],
    request: IncomingMessage,
    url: URL,
    status: number,
    sentAt: number,
  ) => {
    const intended = url.searchParams.get('_method')?.toUpperCase()
    requests.push({
      at: Date.now(),
      sentAt,
      method: request.method ?? 'GET',
      path: url.pathname,
      status,
      api,
      ...(intended && intended !== request.method ? { intendedMethod: intended } : {}),
    })
  }

  const answerFrontend = async (request: IncomingMessage): Promise<FrontendReply> => {
    const url = new URL(request.url ?? '/', `https://${CLERK_FRONTEND_API_HOST}`)
    const hostHeader = (request.headers.host ?? '').split(':')[0]
    if (hostHeader === 'img.clerk.com') {
      return { status: 200, raw: { contentType: 'image/svg+xml', data: PLACEHOLDER_AVATAR } }
    }
    const origin = request.headers.origin
    const cors: Record<string, string> = origin
      ? {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Credentials': 'true',
          // Native mode: clerk-js reads the client token from this response header.
          'Access-Control-Expose-Headers': 'Authorization',
          Vary: 'Origin',
        }
      : {}
    if (request.method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers': String(
            request.headers['access-control-request-headers'] ?? 'authorization, content-type',
          ),
          'Access-Control-Max-Age': '600',
        },
      }
    }
    let body: Record<string, string> = {}
    if (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH') {
      try {
        body = await readBody(request)
      } catch {
        return { ...apiError(400, 'request_body_invalid', 'invalid body'), headers: cors }
      }
    }
    const reply = await handleFrontendApi(frontend, {
      method: request.method ?? 'GET',
      url,
      headers: request.headers,
      body,
    })
    const headers: Record<string, string> = { ...cors, ...reply.headers }
    if (reply.client) headers.Authorization = clientToken(frontend, reply.client)
    return { ...reply, headers }
  }

  const serve =
    (
      api: RequestLogEntry['api'],
      answer: (request: IncomingMessage) => Promise<Reply>,
      latency: () => number,
    ) =>
    (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', 'http://standin')
      const sentAt = Date.now()
      // The request travels one latency before it is answered, the response another (each read when it starts,
      // so setLatency applies to what is under way from then on). TCP's and TLS's handshakes are not delayed.
      sleepUntil(sentAt + latency())
        .then(() => answer(request))
        .catch((error: unknown) =>
          apiError(500, 'internal_clerk_error', 'Something went wrong', `Stand-in error: ${String(error)}`),
        )
        .then(async (reply) => {
          await delay(latency())
          log(api, request, url, reply.status, sentAt)
          if (!response.destroyed) send(response, reply)
        })
        .catch(() => response.destroy())
    }

  const frontendServer = createHttpsServer(
    { key: certificate.key, cert: certificate.cert },
    serve('frontend', answerFrontend, userLatency),
  )
  const serversFrontendServer = createHttpsServer(
    { key: certificate.key, cert: certificate.cert },
    serve('frontend', answerFrontend, serverLatency),
  )
  const backendServer = createHttpServer(
    serve(
      'backend',
      async (request) =>
        handleBackendApi(
          { model, secretKey },
          {
            method: request.method ?? 'GET',
            url: new URL(request.url ?? '/', 'http://127.0.0.1'),
            headers: request.headers,
          },
        ),
      serverLatency,
    ),
  )
  const port = await listen(frontendServer, options.port)
  let backendPort: number
  let serverPort: number
  try {
    backendPort = await listen(backendServer, options.backendPort)
    serverPort = await listen(serversFrontendServer)
  } catch (error) {
    await Promise.all([close(frontendServer), close(backendServer)])
    throw error
  }
  let stopped = false

  return {
    host: CLERK_FRONTEND_API_HOST,
    port,
    serverPort,
    publishableKey: PUBLISHABLE_KEY,
    issuer: CLERK_ISSUER,
    secretKey,
    backendApiUrl: `http://127.0.0.1:${backendPort}`,
    createUser: (user) => ({ id: model.createUser(user).id }),
    setTokenMode(mode, modeOptions = {}) {
      if (mode !== 'integration' && mode !== 'template')
        throw new Error(`setTokenMode: unknown mode ${String(mode)}`)
      tokenMode = { mode, profileClaimsMapped: modeOptions.profileClaimsMapped ?? mode === 'template' }
    },
    lastEmailCode: (email) => model.emailCodes.get(email.trim().toLowerCase()),
    revokeSession(sessionId) {
      const session = model.sessions.get(sessionId)
      if (!session) throw new Error(`revokeSession: no session ${sessionId}`)
      model.endSession(session, 'revoked')
    },
    sessions: () =>
      [...model.sessions.values()].map((session) => ({
        id: session.id,
        userId: session.userId,
        clientId: session.clientId,
        status: session.status,
      })),
    requests,
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`setLatency: not a delay: ${ms}`)
      latencyMs = ms
    },
    setServerLatency(ms) {
      if (ms !== null && (!Number.isFinite(ms) || ms < 0))
        throw new Error(`setServerLatency: not a delay: ${ms}`)
      serverLatencyMs = ms
    },
    setOAuthIdentity(identity) {
      oauthIdentity = identity
    },
    allowRedirectUrl(prefix) {
      allowedRedirects.push(prefix)
    },
    suspend: async () => {
      await Promise.all([close(frontendServer), close(backendServer), close(serversFrontendServer)])
    },
    resume: async () => {
      if (stopped) throw new Error('resume: the stand-in was stopped')
      if (!frontendServer.listening) await listen(frontendServer, port)
      if (!backendServer.listening) await listen(backendServer, backendPort)
      if (!serversFrontendServer.listening) await listen(serversFrontendServer, serverPort)
    },
    stop: async () => {
      stopped = true
      await Promise.all([close(frontendServer), close(backendServer), close(serversFrontendServer)])
    },
  }
}
