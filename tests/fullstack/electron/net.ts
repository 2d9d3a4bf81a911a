// Electron's `net` module (ClientRequest / IncomingMessage, and `net.fetch` on them), emulated over Node's
// http/https, for the code that uses it in the main process: electron-updater (its ElectronHttpExecutor, on
// builder-util-runtime's HttpExecutor) and the early read of Clerk's client (electron/main/early-session.ts,
// `net.fetch`). The emulated `electron` module exposes `createEmulatedNet(...)` as `net`, and
// `createNetSessions()` supplies `session.fromPartition` for the partition electron-updater asks for
// ("electron-updater", `{ cache: false }`).
//
// What it reproduces, from Electron 45's documented API (electron.d.ts: ClientRequest, IncomingMessage,
// ClientRequestConstructorOptions) and our reading of lib/browser/api/net-client-request.ts:
// - `net.request(url | options)`: `url`, or `protocol`/`host`/`hostname`/`port`/`path`; `method`; `headers`;
//   `redirect` ('follow' default, 'manual', 'error'); `session`/`partition` (recorded, see below).
// - Redirects never reach 'response': 'redirect' (statusCode, method, redirectUrl, responseHeaders) is emitted;
//   'follow' then follows by itself, 'manual' follows only if `followRedirect()` is called synchronously in the
//   listener and otherwise fails with "Redirect was cancelled", 'error' fails at once. 303 (and 301/302 after a
//   POST) continue as GET. At most 20 redirects (Chromium's limit): then net::ERR_TOO_MANY_REDIRECTS.
// - Failures are `Error('net::ERR_…')` on the request, then 'close'; a body cut short of its Content-Length
//   is an 'error' on the response (net::ERR_CONTENT_LENGTH_MISMATCH), as Chromium reports it.
// - `abort()`: 'abort' then 'close' on the request, 'aborted' on a response in progress; nothing after 'close'.
// - Response headers lowercased, duplicates joined with ', ' (set-cookie an array); bodies with a gzip, deflate
//   or br Content-Encoding are decoded, as Chromium does.
// - NO 'socket' event: Electron has none, so builder-util-runtime's socket timeout never arms in the app either.
// - `net.fetch(input, init)`, as Electron 45's lib/browser/api/net-fetch.ts builds it on ClientRequest: a
//   standard `Request` is made from the arguments (so bad input throws as fetch's does), its method, headers
//   and redirect mode go to a ClientRequest, the response becomes a standard `Response` (headers as
//   IncomingMessage has them, a null body for 101/204/205/304 and HEAD), a request failure rejects with the
//   same `net::ERR_…` Error, and the signal's abort rejects with its reason and aborts the request.
// - Nothing reaches the network: a host name is answered only if `hosts` maps it to a loopback port (like
//   Chromium's --host-resolver-rules "MAP host 127.0.0.1:port"); 127.0.0.1/localhost are used as they are;
//   anything else fails with net::ERR_NAME_NOT_RESOLVED.
//
// What it does NOT reproduce: Chromium's network stack itself (its HTTP cache, which `cache: false` would turn
// off anyway; cookies and `credentials`; proxies and the 'login' event; HTTP/2 and QUIC; connection pooling;
// certificate verification through the OS store: HTTPS trusts exactly the `ca` given), upload progress, chunked
// uploads, the restricted request headers Chromium refuses (Host, Content-Length...), `net.fetch`'s
// `credentials`/`cache`/`referrerPolicy` (passed on to Chromium there, nothing to do here), request bodies
// streamed to `net.fetch` (a body is read whole first), and `net.resolveHost`. The session a request names is only recorded: there are no per-session proxies or caches.
import { EventEmitter } from 'node:events'
import * as http from 'node:http'
import * as https from 'node:https'
import { Readable } from 'node:stream'
import * as zlib from 'node:zlib'

export type RedirectMode = 'follow' | 'manual' | 'error'

/** The `ClientRequestConstructorOptions` fields electron-updater and builder-util-runtime pass. */
export interface NetRequestOptions {
  url?: string
  method?: string
  headers?: Record<string, string | number | string[]>
  protocol?: string
  host?: string
  hostname?: string
  port?: number | string
  path?: string
  redirect?: RedirectMode
  session?: unknown
  partition?: string
  // builder-util-runtime passes its own extras (timeout, cancellation...); Electron ignores what it does not know.
  [other: string]: unknown
}

/** One request as the emulation saw it (redirect hops are separate entries). */
export interface NetRequestRecord {
  at: number
  method: string
  url: string
  /** The partition of the session the request was made in, when known. */
  partition: string | null
  status: number | null
  error: string | null
}

export interface EmulatedNetOptions {
  /** Host name -> loopback port, like `--host-resolver-rules="MAP <host> 127.0.0.1:<port>"`. */
  hosts?: Record<string, number>
  /** Certificates HTTPS trusts (the run's test certificate); nothing else is trusted. */
  ca?: string | Buffer | Array<string | Buffer>
}

export interface EmulatedNet {
  request(options: NetRequestOptions | string): EmulatedClientRequest
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  isOnline(): boolean
  readonly online: boolean
  /** Every request made, in order, for tests to assert on. */
  readonly requests: NetRequestRecord[]
}

export interface EmulatedNetSession {
  partition: string
  /** `fromPartition(..., { cache })`: recorded; the emulation never caches. */
  cache: boolean
}

/** `session.fromPartition` for the sessions only `net` uses: one object per partition name, as in Electron. */
export function createNetSessions(): {
  fromPartition(partition: string, options?: { cache?: boolean }): EmulatedNetSession
} {
  const sessions = new Map<string, EmulatedNetSession>()
  return {
    fromPartition(partition, options) {
      let session = sessions.get(partition)
      if (!session) {
        session = { partition, cache: options?.cache ?? true }
        sessions.set(partition, session)
      }
      return session
    },
  }
}

const MAX_REDIRECTS = 20
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])
/** Node error codes -> the Chromium net error Electron reports for them. */
const NET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  EPIPE: 'net::ERR_CONNECTION_RESET',
  ETIMEDOUT: 'net::ERR_TIMED_OUT',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'net::ERR_NAME_NOT_RESOLVED',
  EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: 'net::ERR_INTERNET_DISCONNECTED',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'net::ERR_CERT_AUTHORITY_INVALID',
  SELF_SIGNED_CERT_IN_CHAIN: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'net::ERR_CERT_AUTHORITY_INVALID',
  ERR_TLS_CERT_ALTNAME_INVALID: 'net::ERR_CERT_COMMON_NAME_INVALID',
  CERT_HAS_EXPIRED: 'net::ERR_CERT_DATE_INVALID',
}

function netError(code: string): Error {
  return new Error(code)
}

function toNetError(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return netError((code && NET_ERRORS[code]) ?? 'net::ERR_FAILED')
}

function urlFromOptions(options: NetRequestOptions): URL {
  if (typeof options.url === 'string') return new URL(options.url)
  const protocol = options.protocol ?? 'http:'
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`Unsupported protocol ${protocol}`)
  // `host` is "name[:port]"; `hostname` and `port` win over it when given, as in Electron (and Node).
  const [hostName, hostPort] = (options.host ?? 'localhost').split(/:(?=\d+$)/)
  const hostname = options.hostname ?? hostName
  const port = options.port !== undefined && options.port !== '' ? String(options.port) : hostPort
  return new URL(`${protocol}//${hostname}${port ? `:${port}` : ''}${options.path ?? '/'}`)
}

/** Electron's IncomingMessage: a Readable with the response's status and headers. */
export class EmulatedIncomingMessage extends Readable {
  readonly statusCode: number
  readonly statusMessage: string
  readonly headers: Record<string, string | string[]>
  readonly rawHeaders: string[]
  readonly httpVersion: string
  readonly httpVersionMajor: number
  readonly httpVersionMinor: number

  constructor(source: http.IncomingMessage) {
    super()
    this.statusCode = source.statusCode ?? 0
    this.statusMessage = source.statusMessage ?? ''
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(source.headers)) {
      if (value === undefined) continue
      headers[name] =
        name === 'set-cookie'
          ? ([] as string[]).concat(value)
          : Array.isArray(value)
            ? value.join(', ')
            : value
    }
    this.headers = headers
    this.rawHeaders = [...source.rawHeaders]
    this.httpVersion = source.httpVersion
    this.httpVersionMajor = source.httpVersionMajor
    this.httpVersionMinor = source.httpVersionMinor
  }

  // Data is pushed by the request as it arrives; there is nothing to ask for.
  override _read(): void {}
}

type Phase = 'open' | 'sent' | 'responding' | 'closed'

/** Electron's ClientRequest, on Node's http/https. */
export class EmulatedClientRequest extends EventEmitter {
  private readonly net: NetInternals
  private readonly redirectMode: RedirectMode
  private readonly partition: string | null
  private readonly extraHeaders = new Map<string, { name: string; value: string }>()
  private readonly body: Buffer[] = []
  private url: URL
  private method: string
  private phase: Phase = 'open'
  private aborted = false
  private redirects = 0
  private current: http.ClientRequest | null = null
  private response: EmulatedIncomingMessage | null = null
  private followRedirectCallback: (() => void) | null = null

  constructor(net: NetInternals, options: NetRequestOptions) {
    super()
    this.net = net
    this.url = urlFromOptions(options)
    this.method = (options.method ?? 'GET').toUpperCase()
    this.redirectMode = options.redirect ?? 'follow'
    if (!['follow', 'manual', 'error'].includes(this.redirectMode)) {
      throw new Error(`Unknown redirect mode: ${String(options.redirect)}`)
    }
    const session = options.session as { partition?: unknown } | undefined
    this.partition =
      typeof session?.partition === 'string'
        ? session.partition
        : typeof options.partition === 'string'
          ? options.partition
          : null
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      this.setHeader(name, Array.isArray(value) ? value.join(', ') : String(value))
    }
  }

  get chunkedEncoding(): boolean {
    return false
  }

  setHeader(name: string, value: string): void {
    if (this.phase !== 'open') throw new Error('Cannot set headers after they are sent')
    this.extraHeaders.set(name.toLowerCase(), { name, value: String(value) })
  }

  getHeader(name: string): string {
    return this.extraHeaders.get(name.toLowerCase())?.value as string
  }

  removeHeader(name: string): void {
    if (this.phase !== 'open') throw new Error('Cannot remove headers after they are sent')
    this.extraHeaders.delete(name.toLowerCase())
  }

  write(chunk: string | Buffer, encoding?: BufferEncoding | (() => void), callback?: () => void): boolean {
    if (this.phase !== 'open') throw new Error('Write after end')
    const done = typeof encoding === 'function' ? encoding : callback
    this.body.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
        : chunk,
    )
    if (done) process.nextTick(done)
    return true
  }

  end(
    chunk?: string | Buffer | (() => void),
    encoding?: BufferEncoding | (() => void),
    callback?: () => void,
  ): this {
    if (this.phase !== 'open') return this
    const done = [chunk, encoding, callback].find((arg) => typeof arg === 'function') as
      (() => void) | undefined
    if (chunk !== undefined && typeof chunk !== 'function') {
      this.body.push(
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
          : chunk,
      )
    }
    this.phase = 'sent'
    // Like Electron, nothing is sent before the caller's current tick ends (listeners attach after `end()`).
    process.nextTick(() => {
      if (this.aborted) return
      this.emit('finish')
      done?.()
      this.send()
    })
    return this
  }

  followRedirect(): void {
    if (!this.followRedirectCallback)
      throw new Error('followRedirect() called, but was not waiting for a redirect')
    this.followRedirectCallback()
  }

  abort(): void {
    if (this.phase === 'closed' || this.aborted) return
    this.aborted = true
    this.current?.destroy()
    this.current = null
    const response = this.response
    this.emit('abort')
    if (response && !response.readableEnded) {
      response.emit('aborted')
      response.destroy()
    }
    this.close()
  }

  getUploadProgress(): { active: boolean; started: boolean; current: number; total: number } {
    const total = this.body.reduce((sum, part) => sum + part.length, 0)
    const started = this.phase !== 'open'
    return { active: this.phase !== 'closed', started, current: started ? total : 0, total }
  }

  private close(): void {
    if (this.phase === 'closed') return
    this.phase = 'closed'
    process.nextTick(() => this.emit('close'))
  }

  private fail(error: Error, record: NetRequestRecord): void {
    if (this.phase === 'closed' || this.aborted) return
    record.error = error.message
    this.current?.destroy()
    this.current = null
    this.emit('error', error)
    this.close()
  }

  private send(): void {
    const url = this.url
    const record: NetRequestRecord = {
      at: Date.now(),
      method: this.method,
      url: url.href,
      partition: this.partition,
      status: null,
      error: null,
    }
    this.net.requests.push(record)
    const target = this.net.resolve(url)
    if (!target) {
      process.nextTick(() => this.fail(netError('net::ERR_NAME_NOT_RESOLVED'), record))
      return
    }
    const headers: Record<string, string> = {}
    for (const { name, value } of this.extraHeaders.values()) headers[name] = value
    // The Host header names the URL's host, wherever the connection really goes (as with a resolver rule).
    headers.Host = url.host
    const body = Buffer.concat(this.body)
    if (body.length > 0 || !['GET', 'HEAD'].includes(this.method))
      headers['Content-Length'] = String(body.length)
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept-encoding')) {
      headers['Accept-Encoding'] = 'gzip, deflate, br'
    }
    const module = url.protocol === 'https:' ? https : http
    const request = module.request({
      host: target.host,
      port: target.port,
      method: this.method,
      path: `${url.pathname}${url.search}`,
      headers,
      servername: url.protocol === 'https:' ? url.hostname : undefined,
      ca: this.net.ca,
      agent: false,
    })
    this.current = request
    request.on('error', (error) => this.fail(toNetError(error), record))
    request.on('response', (incoming) => this.onResponse(incoming, record))
    request.end(body)
  }

  private onResponse(incoming: http.IncomingMessage, record: NetRequestRecord): void {
    if (this.aborted) return
    const status = incoming.statusCode ?? 0
    record.status = status
    const location = incoming.headers.location
    if (status >= 300 && status < 400 && typeof location === 'string') {
      incoming.resume()
      this.current = null
      this.onRedirect(status, new URL(location, this.url), incoming, record)
      return
    }
    const response = new EmulatedIncomingMessage(incoming)
    this.response = response
    this.phase = 'responding'
    let body: Readable = incoming
    const encoding = String(incoming.headers['content-encoding'] ?? '').toLowerCase()
    if (encoding === 'gzip' || encoding === 'x-gzip') body = incoming.pipe(zlib.createGunzip())
    else if (encoding === 'deflate') body = incoming.pipe(zlib.createInflate())
    else if (encoding === 'br') body = incoming.pipe(zlib.createBrotliDecompress())
    const expected = Number(incoming.headers['content-length'])
    let received = 0
    incoming.on('data', (chunk: Buffer) => (received += chunk.length))
    let failed = false
    const failResponse = (error: Error) => {
      if (failed || this.aborted) return
      failed = true
      record.error = error.message
      response.destroy(error)
      this.close()
    }
    body.on('data', (chunk: Buffer) => {
      if (!this.aborted) response.push(chunk)
    })
    body.on('error', () => failResponse(netError('net::ERR_CONTENT_DECODING_FAILED')))
    // Node reports a connection closed mid-body as 'aborted'/'error' on the message, or just 'close'.
    const cutShort = () => {
      if (this.aborted || failed || incoming.complete) return
      failResponse(
        netError(
          Number.isFinite(expected) && received < expected
            ? 'net::ERR_CONTENT_LENGTH_MISMATCH'
            : 'net::ERR_CONNECTION_CLOSED',
        ),
      )
    }
    incoming.on('aborted', cutShort)
    incoming.on('error', cutShort)
    incoming.on('close', cutShort)
    body.on('end', () => {
      if (this.aborted || failed) return
      response.push(null)
      response.once('end', () => this.close())
    })
    this.emit('response', response)
  }

  private onRedirect(
    status: number,
    target: URL,
    incoming: http.IncomingMessage,
    record: NetRequestRecord,
  ): void {
    const newMethod =
      (status === 303 && this.method !== 'HEAD') ||
      ((status === 301 || status === 302) && this.method === 'POST')
        ? 'GET'
        : this.method
    const headers = new EmulatedIncomingMessage(incoming).headers
    if (this.redirectMode === 'error') {
      this.fail(new Error("Attempted to redirect, but redirect policy was 'error'"), record)
      return
    }
    if (this.redirects >= MAX_REDIRECTS) {
      this.fail(netError('net::ERR_TOO_MANY_REDIRECTS'), record)
      return
    }
    let follow = this.redirectMode === 'follow'
    this.followRedirectCallback = () => {
      follow = true
    }
    try {
      this.emit('redirect', status, newMethod, target.href, headers)
    } finally {
      this.followRedirectCallback = null
    }
    if (this.aborted || this.phase === 'closed') return
    if (!follow) {
      this.fail(new Error('Redirect was cancelled'), record)
      return
    }
    this.redirects++
    this.url = target
    if (newMethod !== this.method) {
      this.method = newMethod
      this.body.length = 0
    }
    this.send()
  }
}

interface NetInternals {
  requests: NetRequestRecord[]
  ca: EmulatedNetOptions['ca']
  resolve(url: URL): { host: string; port: number } | null
}

export function createEmulatedNet(options: EmulatedNetOptions = {}): EmulatedNet {
  const hosts = new Map(Object.entries(options.hosts ?? {}).map(([host, port]) => [host.toLowerCase(), port]))
  const internals: NetInternals = {
    requests: [],
    ca: options.ca,
    resolve(url) {
      const defaultPort = url.protocol === 'https:' ? 443 : 80
      const hostname = url.hostname.toLowerCase()
      const mapped = hosts.get(hostname)
      if (mapped !== undefined) return { host: '127.0.0.1', port: mapped }
      if (LOOPBACK_HOSTS.has(hostname)) {
        return { host: hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : defaultPort }
      }
      return null
    },
  }
  return {
    request: (requestOptions) =>
      new EmulatedClientRequest(
        internals,
        typeof requestOptions === 'string' ? { url: requestOptions } : requestOptions,
      ),
    fetch: (input, init) => netFetch(internals, input, init),
    isOnline: () => true,
    get online() {
      return true
    },
    requests: internals.requests,
  }
}

const NULL_BODY_STATUSES = [101, 204, 205, 304]

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}

/** `net.fetch`: a standard Request's fields on a ClientRequest, its answer as a standard Response. */
async function netFetch(
  internals: NetInternals,
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const request = new Request(input, init)
  if (request.signal.aborted) throw abortReason(request.signal)
  const body = request.body === null ? null : Buffer.from(await request.arrayBuffer())
  const headers: Record<string, string> = {}
  for (const [name, value] of request.headers) headers[name] = value
  const client = new EmulatedClientRequest(internals, {
    url: request.url,
    method: request.method,
    headers,
    redirect: request.redirect as RedirectMode,
  })
  return new Promise<Response>((resolve, reject) => {
    let aborted = false
    request.signal.addEventListener(
      'abort',
      () => {
        aborted = true
        reject(abortReason(request.signal))
        client.abort()
      },
      { once: true },
    )
    client.on('response', (message: EmulatedIncomingMessage) => {
      if (aborted) return
      const responseHeaders = new Headers()
      for (const [name, value] of Object.entries(message.headers)) {
        responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value)
      }
      const nullBody = NULL_BODY_STATUSES.includes(message.statusCode) || request.method === 'HEAD'
      resolve(
        new Response(nullBody ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>), {
          status: message.statusCode,
          statusText: message.statusMessage,
          headers: responseHeaders,
        }),
      )
    })
    client.on('error', (error: Error) => reject(error))
    client.end(body ?? undefined)
  })
}
