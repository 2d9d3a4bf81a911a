// A Convex deployment for the full-stack tests: Convex's sync protocol over a WebSocket (what the app's real
// ConvexReactClient speaks), in front of our real convex/ functions run by convex-test, with tokens verified by
// the real backend's rules (token-verifier.ts). README.md in this folder lists what it does not reproduce.
//
// Protocol (convex/dist/esm/browser/sync/*.js on the client side; get-convex/convex-backend crates/sync and
// crates/local_backend/src/subs on the server side):
// - the client opens wss://<deployment>/api/<client version>/sync and sends Connect, then (on every
//   connection) Authenticate with its token if it has one and ModifyQuerySet re-adding its whole query set, then
//   any mutation it has not seen answered;
// - the server answers with Transitions from one StateVersion {querySet, identity, ts} to the next (the client
//   refuses a Transition whose start is not exactly the version it holds), MutationResponses carrying the
//   commit ts (the client resolves the mutation once a Transition reaches that ts), ActionResponses, and Ping
//   when idle;
// - a refused token: `AuthError {error, baseVersion, authUpdateAttempted: true}`, then the server closes the
//   socket without a status code. The client then stops the socket, fetches a token again (forced refresh) and
//   reconnects with it; after two more refusals of fresh tokens (or at once if the refetch returns the same
//   token, or none) it gives up and calls the setAuth onChange callback with false.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { CONVEX_DEPLOYMENT_HOST, CONVEX_URL, CLERK_FRONTEND_API_HOST } from '../hosts'
import { testCertificate } from '../tls'
import { BackendError, closeFrameFor } from './backend-error'
import {
  installActionFetchGuard,
  installDeploymentEnv,
  loadAuthProviders,
  StandInBackend,
  type FunctionOutcome,
  type StandInConvexTest,
} from './backend'
import { verifyUserToken, TokenRefused, type BackendIdentity, type OidcProvider } from './token-verifier'
import { upstreamClient, type UpstreamClient } from './upstream'
import { DelayLine, sleepUntil } from './latency'
import type { JSONValue } from 'convex/values'

export interface ConvexStandIn {
  host: string
  /** WSS/HTTPS loopback port; Chromium maps the host to it. */
  port: number
  url: string
  /** The convex-test instance running our real convex/ functions: seed and inspect data in tests. Writes made
   *  through it (mutation, run, action, fetch) re-run every subscribed query like a client's mutation does. */
  t: StandInConvexTest
  /** Every connection and client message, oldest first; `detail` says what it was and how it ended. */
  requests: Array<{ at: number; kind: string; detail?: string }>
  /** Every WebSocket handshake and frame with when it left one side and reached the other, for round-trip
   *  counts (scripts/bench/round-trips.ts). On loopback the client's send is the server's receipt, so both
   *  times are seen here: the latency is applied by the stand-in, on the way in and on the way out. */
  frames: FrameLogEntry[]
  /** Every handshake (the upgrade request and its 101), frame and HTTP request/response is delayed by `ms`
   *  each way, in order, never early. */
  setLatency(ms: number): void
  /** Cuts every open WebSocket without a close handshake (a network drop); clients reconnect on their own. */
  dropConnections(): number
  /** Open sync connections right now. */
  readonly connections: number
  /** Offline: open connections are cut and the port stops answering (connection refused), data kept; back
   *  online: the same port answers again, clients reconnect on their own and resume. */
  setOffline(offline: boolean): Promise<void>
  stop(): Promise<void>
}

export interface ConvexStandInOptions {
  /** Convex deployment environment (CLERK_JWT_ISSUER_DOMAIN, CLERK_SECRET_KEY, CLERK_API_URL...). */
  env: Record<string, string>
  /** host -> loopback port, for OIDC discovery + JWKS fetches over TLS with the run's test certificate. */
  upstream: Record<string, number>
  latencyMs?: number
  /** Listen on this port (e.g. a restarted stand-in behind the same Chromium host mapping); default random. */
  port?: number
  /** Idle time before the server sends Ping; default 15 s, the backend sync worker's HEARTBEAT_INTERVAL. */
  heartbeatMs?: number
}

export interface FrameLogEntry {
  /** 1, 2, ... in the order sockets were opened. */
  connection: number
  /** `handshake`: the upgrade request (sentAt) and the 101 reaching the client (arrivedAt). */
  direction: 'handshake' | 'client' | 'server'
  /** The message type (`Connect`, `Authenticate`, `Transition`...), or `upgrade`. */
  type: string
  /** ms since epoch: when the sender let it go. */
  sentAt: number
  /** ms since epoch: when it reached the other side (sentAt + the latency, or later behind earlier frames). */
  arrivedAt: number
}

type StateVersion = { querySet: number; ts: bigint; identity: number }

export async function startConvexStandIn(options: ConvexStandInOptions): Promise<ConvexStandIn> {
  const certificate = await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])
  // Every deployment also gets its own URLs as system environment variables.
  const env = {
    CONVEX_CLOUD_URL: CONVEX_URL,
    CONVEX_SITE_URL: CONVEX_URL.replace(/\.convex\.cloud$/, '.convex.site'),
    ...options.env,
  }
  const providers = await loadAuthProviders(env)
  const requests: ConvexStandIn['requests'] = []
  const log = (kind: string, detail?: string) => requests.push({ at: Date.now(), kind, detail })
  const frames: FrameLogEntry[] = []

  const releaseEnv = installDeploymentEnv(env)
  const releaseFetchGuard = installActionFetchGuard()
  const sessions = new Set<SyncSession>()
  let backend: StandInBackend
  try {
    backend = await StandInBackend.create(
      () => sessions.forEach((session) => session.requestUpdate()),
      (url) => log('action fetch', url),
    )
  } catch (error) {
    releaseFetchGuard()
    releaseEnv()
    throw error
  }
  const upstream = upstreamClient({
    upstream: options.upstream,
    ca: certificate.cert,
    onRequest: (url, outcome) => log('oidc', `GET ${url} -> ${outcome}`),
  })
  const context: SessionContext = {
    backend,
    providers,
    upstream,
    latencyMs: Math.max(0, options.latencyMs ?? 0),
    heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS,
    log,
    frames,
    connections: 0,
  }

  const wss = new WebSocketServer({ noServer: true })
  const server: Server = createServer({ key: certificate.key, cert: certificate.cert })
  const sockets = new Set<Duplex>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'https://stand-in').pathname
    const match = /^\/api\/([^/]+)\/sync$/.exec(path)
    if (!match) {
      log('http', `UPGRADE ${path} -> 404`)
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    // The handshake is a round trip too: the upgrade request travels one latency, the 101 another (ws writes it
    // at once in handleUpgrade, so both are waited for before). TCP's and TLS's own handshakes are not delayed.
    const sentAt = Date.now()
    setTimeout(() => {
      if (socket.destroyed) return
      wss.handleUpgrade(request, socket, head, (ws) => {
        const connection = ++context.connections
        frames.push({ connection, direction: 'handshake', type: 'upgrade', sentAt, arrivedAt: Date.now() })
        log('connect', `client ${match[1]}`)
        const session = new SyncSession(ws, context, connection, () => sessions.delete(session))
        sessions.add(session)
      })
    }, 2 * context.latencyMs)
  })
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void handleHttp(request, response, context).catch((error: unknown) => {
      log('http', `${request.method} ${request.url} -> 500 ${(error as Error).message}`)
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' })
      response.end('InternalServerError')
    })
  })

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  const close = async () => {
    for (const session of [...sessions]) session.drop()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }
  try {
    await listen(options.port ?? 0)
  } catch (error) {
    releaseFetchGuard()
    releaseEnv()
    throw error
  }
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  let offline = false
  let stopped: Promise<void> | null = null
  return {
    host: CONVEX_DEPLOYMENT_HOST,
    port,
    url: CONVEX_URL,
    t: backend.t,
    requests,
    frames,
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`setLatency: not a delay: ${ms}`)
      context.latencyMs = ms
    },
    dropConnections() {
      const count = sessions.size
      for (const session of [...sessions]) session.drop()
      return count
    },
    get connections() {
      return sessions.size
    },
    async setOffline(value) {
      if (stopped) throw new Error('The Convex stand-in is stopped')
      if (value === offline) return
      offline = value
      log(value ? 'offline' : 'online')
      if (value) await close()
      else await listen(port)
    },
    stop() {
      stopped ??= (async () => {
        wss.close()
        if (!offline) await close()
        releaseFetchGuard()
        releaseEnv()
      })()
      return stopped
    },
  }
}

// ---------------------------------------------------------------------------------------------- sync session

interface SessionContext {
  backend: StandInBackend
  providers: OidcProvider[]
  upstream: UpstreamClient
  latencyMs: number
  heartbeatMs: number
  log: (kind: string, detail?: string) => void
  frames: FrameLogEntry[]
  /** Sockets opened so far (numbers the frames' connections). */
  connections: number
}

type ClientMessage = Record<string, unknown> & { type: string }

/** An Authenticate that failed: sent as AuthError with authUpdateAttempted true (`auth_update_failed`). */
class AuthUpdateFailed extends BackendError {}

/** Idle time after which the sync worker sends a Ping (crates/sync/src/worker.rs HEARTBEAT_INTERVAL). */
const HEARTBEAT_MS = 15_000

class SyncSession {
  private readonly inbox: ClientMessage[] = []
  private pumping = false
  private updateWanted = false
  private closed = false
  private readonly querySet = new Map<number, { udfPath: string; args: JSONValue }>()
  private receivedQuerySet = 0
  private receivedIdentity = 0
  private sent: StateVersion = { querySet: 0, ts: 0n, identity: 0 }
  /** What the client holds per query (request ids stripped), to send only changes. */
  private readonly clientResults = new Map<number, string>()
  private identity: BackendIdentity | null = null
  private identityExpiresAtMs: number | null = null
  private awaitedTs = 0n
  private clientClockSkew: number | undefined
  private readonly outgoing: DelayLine
  private readonly incoming: DelayLine
  private heartbeat: NodeJS.Timeout | undefined

  constructor(
    private readonly ws: WebSocket,
    private readonly context: SessionContext,
    private readonly connection: number,
    private readonly onGone: () => void,
  ) {
    this.incoming = new DelayLine(() => this.context.latencyMs)
    this.outgoing = new DelayLine(() => this.context.latencyMs)
    ws.on('message', (data: RawData, isBinary: boolean) => this.receive(data, isBinary))
    ws.on('close', (code: number) => {
      if (!this.closed) this.context.log('disconnect', `client closed (${code})`)
      this.closed = true
      clearTimeout(this.heartbeat)
      this.onGone()
    })
    ws.on('error', () => undefined)
    this.armHeartbeat()
  }

  requestUpdate(): void {
    this.updateWanted = true
    void this.pump()
  }

  /** A network drop: no close frame. */
  drop(): void {
    if (this.ws.readyState === this.ws.CLOSED) return
    this.closed = true
    this.context.log('disconnect', 'dropped by the test')
    clearTimeout(this.heartbeat)
    this.ws.terminate()
    this.onGone()
  }

  // -- frames, each delayed by the current latency, order kept

  private receive(data: RawData, isBinary: boolean): void {
    const sentAt = Date.now()
    this.deliver(this.incoming, () => {
      if (this.closed) return
      if (isBinary) {
        // The backend bails on anything but text frames: an internal error, not a client error.
        this.fail(new Error('Unexpected message type: binary'))
        return
      }
      let message: unknown
      try {
        message = JSON.parse(rawText(data))
      } catch {
        message = undefined
      }
      if (
        typeof message !== 'object' ||
        message === null ||
        typeof (message as ClientMessage).type !== 'string'
      ) {
        this.fail(
          new BackendError('BadRequest', 'WSMessageInvalidJson', 'Received Invalid JSON on websocket'),
        )
        return
      }
      this.logFrame('client', (message as ClientMessage).type, sentAt)
      this.inbox.push(message as ClientMessage)
      void this.pump()
    })
  }

  /** A delivery that throws is a stand-in bug: logged, and the line goes on. */
  private deliver(line: DelayLine, action: () => void): void {
    line.put(action).catch((error: unknown) => this.context.log('error', `delivery: ${String(error)}`))
  }

  private logFrame(direction: 'client' | 'server', type: string, sentAt: number): void {
    this.context.frames.push({ connection: this.connection, direction, type, sentAt, arrivedAt: Date.now() })
  }

  private send(message: Record<string, unknown>): void {
    const sentAt = Date.now()
    const text = JSON.stringify(message)
    const type = String(message.type)
    this.armHeartbeat()
    this.deliver(this.outgoing, () => {
      if (this.ws.readyState !== this.ws.OPEN) return
      this.ws.send(text)
      this.logFrame('server', type, sentAt)
    })
  }

  private closeSocket(frame: { code: number; reason: string } | null): void {
    this.closed = true
    clearTimeout(this.heartbeat)
    this.context.log(
      'disconnect',
      frame ? `server closed (${frame.code} ${frame.reason})` : 'server closed (no status)',
    )
    this.deliver(this.outgoing, () => {
      if (this.ws.readyState !== this.ws.OPEN) return
      if (frame) this.ws.close(frame.code, frame.reason)
      else this.ws.close()
    })
  }

  private armHeartbeat(): void {
    clearTimeout(this.heartbeat)
    if (this.closed) return
    this.heartbeat = setTimeout(() => this.send({ type: 'Ping' }), this.context.heartbeatMs)
    this.heartbeat.unref()
  }

  // -- the worker loop: one client message at a time, query updates when the inbox is empty

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (!this.closed) {
        const message = this.inbox.shift()
        if (message) {
          await this.handle(message)
        } else if (this.updateWanted) {
          this.updateWanted = false
          await this.update()
        } else {
          break
        }
      }
    } catch (error) {
      this.fail(error)
    } finally {
      this.pumping = false
    }
  }

  private async handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'Connect':
        return this.connect(message)
      case 'ModifyQuerySet':
        return this.modifyQuerySet(message)
      case 'Authenticate':
        return await this.authenticate(message)
      case 'Mutation':
        return await this.mutation(message)
      case 'Action':
        return this.action(message)
      case 'Event':
        this.context.log('Event', String(message.eventType))
        return
      default:
        throw new BackendError(
          'BadRequest',
          'WSMessageInvalidJson',
          `Received Invalid JSON on websocket: unknown type ${message.type}`,
        )
    }
  }

  private connect(message: ClientMessage): void {
    this.context.log(
      'Connect',
      `session ${String(message.sessionId)} connection ${String(message.connectionCount)}` +
        (message.lastCloseReason ? ` after ${String(message.lastCloseReason)}` : ''),
    )
    if (typeof message.clientTs === 'number') this.clientClockSkew = message.clientTs - Date.now()
    if (typeof message.maxObservedTimestamp === 'string') {
      const observed = decodeTs(message.maxObservedTimestamp)
      // The backend refuses to serve a client that has seen writes it does not know (linearizability).
      if (observed > this.context.backend.ts) {
        throw new Error(
          `Client has observed a timestamp ${observed} ahead of the backend latest known timestamp`,
        )
      }
    }
  }

  private modifyQuerySet(message: ClientMessage): void {
    const baseVersion = message.baseVersion as number
    const newVersion = message.newVersion as number
    const modifications = (message.modifications ?? []) as Array<Record<string, unknown>>
    const summary = modifications
      .map((m) =>
        m.type === 'Add' ? `+${String(m.udfPath)}#${String(m.queryId)}` : `-#${String(m.queryId)}`,
      )
      .join(' ')
    this.context.log('ModifyQuerySet', `${baseVersion}->${newVersion}${summary ? ` ${summary}` : ''}`)
    if (baseVersion !== this.receivedQuerySet) {
      throw new BackendError(
        'BadRequest',
        'InvalidQuerySetVersion',
        `Base version ${baseVersion} passed up doesn't match the current version ${this.receivedQuerySet}`,
      )
    }
    for (const modification of modifications) {
      const queryId = modification.queryId as number
      if (modification.type === 'Add') {
        if (this.querySet.has(queryId))
          throw new BackendError('BadRequest', 'DuplicateQueryId', `Duplicate query id: ${queryId}`)
        if (modification.componentPath) {
          throw new BackendError('BadRequest', 'InvalidComponentPath', 'The stand-in has no components')
        }
        const args = modification.args as JSONValue[]
        this.querySet.set(queryId, { udfPath: String(modification.udfPath), args: args[0] ?? {} })
      } else if (modification.type === 'Remove') {
        if (!this.querySet.delete(queryId))
          throw new BackendError('BadRequest', 'UnknownQueryId', `Unknown query id: ${queryId}`)
      } else {
        throw new BackendError(
          'BadRequest',
          'WSMessageInvalidJson',
          `Unknown query set modification ${String(modification.type)}`,
        )
      }
    }
    this.receivedQuerySet = newVersion
    this.updateWanted = true
  }

  private async authenticate(message: ClientMessage): Promise<void> {
    if (message.baseVersion !== this.receivedIdentity) {
      throw new Error(
        `Authenticate base version ${String(message.baseVersion)} is not ${this.receivedIdentity}`,
      )
    }
    const tokenType = message.tokenType
    if (tokenType === 'None') {
      this.identity = null
      this.identityExpiresAtMs = null
      this.context.log('Authenticate', 'None')
    } else if (tokenType === 'User' && typeof message.value === 'string') {
      try {
        const verified = await verifyUserToken(message.value, {
          providers: this.context.providers,
          upstream: this.context.upstream,
        })
        this.identity = verified.identity
        this.identityExpiresAtMs = verified.expiresAtMs
        this.context.log('Authenticate', `User accepted: ${verified.identity.tokenIdentifier}`)
      } catch (error) {
        if (!(error instanceof BackendError)) throw error
        const detail = error instanceof TokenRefused ? ` (${error.detail})` : ''
        this.context.log('Authenticate', `User refused: ${error.message}${detail}`)
        // `authentication_update_error`: auth rejections become AuthUpdateFailed; others keep their class.
        if (error.code === 'Unauthenticated' || error.code === 'Forbidden' || error.code === 'BadRequest') {
          throw new AuthUpdateFailed(error.code, error.shortMsg, error.message)
        }
        throw error
      }
    } else {
      this.context.log('Authenticate', `${String(tokenType)} refused`)
      throw new AuthUpdateFailed('Unauthenticated', 'BadAdminKey', 'The stand-in accepts no admin keys')
    }
    this.receivedIdentity++
    this.updateWanted = true
  }

  private async mutation(message: ClientMessage): Promise<void> {
    const requestId = message.requestId as number
    const udfPath = String(message.udfPath)
    this.context.log('Mutation', udfPath)
    this.revalidateIdentity()
    const args = (message.args as JSONValue[])[0] ?? {}
    const outcome = await this.context.backend.call(this.identity, 'mutation', udfPath, args)
    if (this.closed) return
    if (outcome.success) {
      this.awaitedTs = outcome.ts
      this.send({
        type: 'MutationResponse',
        requestId,
        success: true,
        result: outcome.value,
        ts: encodeTs(outcome.ts),
        logLines: outcome.logLines,
      })
    } else {
      this.send({ type: 'MutationResponse', requestId, ...failureFields(outcome) })
    }
    this.updateWanted = true
  }

  /** Actions run alongside the loop (the backend runs them concurrently); their answer comes when they end. */
  private action(message: ClientMessage): void {
    const requestId = message.requestId as number
    const udfPath = String(message.udfPath)
    this.context.log('Action', udfPath)
    this.revalidateIdentity()
    const args = (message.args as JSONValue[])[0] ?? {}
    void this.context.backend.call(this.identity, 'action', udfPath, args).then((outcome) => {
      if (this.closed) return
      if (outcome.success) {
        this.send({
          type: 'ActionResponse',
          requestId,
          success: true,
          result: outcome.value,
          logLines: outcome.logLines,
        })
      } else {
        this.send({ type: 'ActionResponse', requestId, ...failureFields(outcome) })
      }
    })
  }

  /** Re-runs every query of the set (not the backend's read-set tracking) and sends what changed. */
  private async update(): Promise<void> {
    this.revalidateIdentity()
    const entries = [...this.querySet]
    const { ts, outcomes } = await this.context.backend.queries(
      this.identity,
      entries.map(([, query]) => query),
    )
    if (this.closed) return
    const modifications: Array<Record<string, unknown>> = []
    entries.forEach(([queryId], index) => {
      const outcome = outcomes[index]!
      const modification = outcome.success
        ? { type: 'QueryUpdated', queryId, value: outcome.value, logLines: outcome.logLines, journal: null }
        : { type: 'QueryFailed', queryId, ...queryFailureFields(outcome), journal: null }
      const comparable = JSON.stringify({ ...modification, errorMessage: stripRequestId(modification) })
      if (this.clientResults.get(queryId) !== comparable) {
        this.clientResults.set(queryId, comparable)
        modifications.push(modification)
      }
    })
    for (const queryId of [...this.clientResults.keys()]) {
      if (!this.querySet.has(queryId)) {
        this.clientResults.delete(queryId)
        modifications.push({ type: 'QueryRemoved', queryId })
      }
    }
    const end: StateVersion = { querySet: this.receivedQuerySet, ts, identity: this.receivedIdentity }
    const versionMoved = end.querySet !== this.sent.querySet || end.identity !== this.sent.identity
    if (modifications.length === 0 && !versionMoved && this.awaitedTs <= this.sent.ts) return
    this.send({
      type: 'Transition',
      startVersion: encodeVersion(this.sent),
      endVersion: encodeVersion(end),
      modifications,
      ...(this.clientClockSkew === undefined ? {} : { clientClockSkew: this.clientClockSkew }),
      serverTs: Date.now() * 1e6,
    })
    this.sent = end
  }

  /** A user identity whose `exp` has passed ends the session (`TokenExpired`, not an auth update). */
  private revalidateIdentity(): void {
    if (this.identityExpiresAtMs !== null && Date.now() >= this.identityExpiresAtMs) {
      throw new BackendError('Unauthenticated', 'TokenExpired', 'Convex token identity expired')
    }
  }

  /** How the backend ends a socket whose worker failed (crates/local_backend/src/subs/mod.rs). */
  private fail(error: unknown): void {
    if (this.closed) return
    if (
      error instanceof AuthUpdateFailed ||
      (error instanceof BackendError && error.code === 'Unauthenticated')
    ) {
      const authUpdateAttempted = error instanceof AuthUpdateFailed
      this.context.log(
        'AuthError',
        `${error.shortMsg}: ${error.message} (authUpdateAttempted: ${authUpdateAttempted})`,
      )
      this.send({
        type: 'AuthError',
        error: error.message,
        baseVersion: this.sent.identity,
        authUpdateAttempted,
      })
      this.closeSocket(null)
    } else if (error instanceof BackendError && error.code === 'BadRequest') {
      this.context.log('FatalError', error.message)
      this.send({ type: 'FatalError', error: error.message })
      this.closeSocket(null)
    } else {
      this.context.log('error', (error as Error)?.message ?? String(error))
      this.closeSocket(closeFrameFor(error))
    }
  }
}

// ---------------------------------------------------------------------------------------------- HTTP

/** ConvexHttpClient's endpoints, and HTTP actions for a `.convex.site` host (passed to convex-test's fetch). */
async function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  context: SessionContext,
): Promise<void> {
  const body = await readBody(request)
  // The latency applies to HTTP too: once for the request, once for the response.
  await sleepUntil(Date.now() + context.latencyMs)
  const url = new URL(request.url ?? '/', `https://${request.headers.host ?? CONVEX_DEPLOYMENT_HOST}`)
  const respond = async (status: number, json: unknown) => {
    await sleepUntil(Date.now() + context.latencyMs)
    context.log('http', `${request.method} ${url.pathname} -> ${status}`)
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(json))
  }

  if (url.hostname.endsWith('.convex.site')) {
    const init: RequestInit = {
      method: request.method,
      headers: Object.entries(request.headers).flatMap(([name, value]) =>
        value === undefined
          ? []
          : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
      ),
      ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
    }
    const result = await context.backend.t.fetch(url.pathname + url.search, init)
    await sleepUntil(Date.now() + context.latencyMs)
    context.log('http action', `${request.method} ${url.pathname} -> ${result.status}`)
    response.writeHead(result.status, Object.fromEntries(result.headers))
    response.end(Buffer.from(await result.arrayBuffer()))
    return
  }

  const kind = { '/api/query': 'query', '/api/mutation': 'mutation', '/api/action': 'action' }[
    url.pathname
  ] as 'query' | 'mutation' | 'action' | undefined
  if (request.method !== 'POST' || kind === undefined) {
    await respond(404, { code: 'NotFound', message: `No route for ${request.method} ${url.pathname}` })
    return
  }
  let identity: BackendIdentity | null = null
  const authorization = request.headers.authorization
  if (authorization) {
    if (!/^bearer /i.test(authorization) || authorization.length <= 7) {
      await respond(401, { code: 'InvalidAuthHeader', message: 'Header must begin with `bearer `' })
      return
    }
    try {
      identity = (
        await verifyUserToken(authorization.slice(7).trim(), {
          providers: context.providers,
          upstream: context.upstream,
        })
      ).identity
    } catch (error) {
      if (!(error instanceof BackendError)) throw error
      const status = {
        Unauthenticated: 401,
        Forbidden: 403,
        BadRequest: 400,
        NotFound: 404,
        RateLimited: 429,
        Overloaded: 503,
        Internal: 500,
      }[error.code]
      await respond(status, { code: error.shortMsg, message: error.message })
      return
    }
  }
  let parsed: { path?: unknown; args?: unknown }
  try {
    parsed = JSON.parse(body.toString()) as { path?: unknown; args?: unknown }
  } catch {
    await respond(400, { code: 'BadJsonBody', message: 'The request body is not JSON' })
    return
  }
  const udfPath = String(parsed.path)
  const args = (Array.isArray(parsed.args) ? parsed.args[0] : parsed.args) as JSONValue
  const outcome: FunctionOutcome =
    kind === 'query'
      ? (await context.backend.queries(identity, [{ udfPath, args: args ?? {} }])).outcomes[0]!
      : await context.backend.call(identity, kind, udfPath, args ?? {})
  if (outcome.success)
    await respond(200, { status: 'success', value: outcome.value, logLines: outcome.logLines })
  else
    await respond(560, {
      status: 'error',
      errorMessage: outcome.errorMessage,
      errorData: outcome.errorData,
      logLines: outcome.logLines,
    })
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

// ---------------------------------------------------------------------------------------------- encoding

/** Timestamps travel as base64 of the little-endian u64 (convex/dist/esm/browser/sync/protocol.js). */
function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8)
  bytes.writeBigUInt64LE(ts)
  return bytes.toString('base64')
}

function decodeTs(encoded: string): bigint {
  const bytes = Buffer.from(encoded, 'base64')
  return bytes.length === 8 ? bytes.readBigUInt64LE() : 0n
}

function encodeVersion(version: StateVersion) {
  return { querySet: version.querySet, ts: encodeTs(version.ts), identity: version.identity }
}

/** A failed MutationResponse / ActionResponse carries the message in `result`. */
function failureFields(outcome: Extract<FunctionOutcome, { success: false }>) {
  return {
    success: false as const,
    result: outcome.errorMessage,
    logLines: outcome.logLines,
    ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
  }
}

function queryFailureFields(outcome: Extract<FunctionOutcome, { success: false }>) {
  return {
    errorMessage: outcome.errorMessage,
    logLines: outcome.logLines,
    ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
  }
}

function stripRequestId(modification: Record<string, unknown>): unknown {
  const message = modification.errorMessage
  return typeof message === 'string' ? message.replace(/^\[Request ID: [0-9a-f]+\] /, '') : message
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data as ArrayBuffer).toString('utf8')
}

/** Never early by the wall clock (a timer can fire a millisecond before Date.now() reaches its deadline). */
