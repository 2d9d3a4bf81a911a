// The emulated Electron `net` against a real local HTTP server: the parts of ClientRequest/IncomingMessage that
// electron-updater relies on (redirect modes, failures as net:: errors, abort, headers, no network), and
// `net.fetch` on them, as the early read of Clerk's client uses it (request headers out, response headers in).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createEmulatedNet,
  createNetSessions,
  type EmulatedClientRequest,
  type EmulatedIncomingMessage,
} from '../electron/net'

let server: Server
let base: string
let port: number
const sockets = new Set<Socket>()
const seen: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }> = []

function route(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url ?? '/'
  seen.push({ method: request.method ?? '', path, headers: request.headers })
  if (path === '/hello') {
    response.writeHead(200, { 'Content-Type': 'text/plain', 'X-Twice': ['a', 'b'], 'Set-Cookie': 'k=v' })
    response.end('hello')
  } else if (path === '/gzip') {
    const body = gzipSync('decoded by the network stack')
    response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': body.length })
    response.end(body)
  } else if (path.startsWith('/redirect')) {
    response.writeHead(path === '/redirect-303' ? 303 : 302, { Location: '/hello' })
    response.end()
  } else if (path.startsWith('/client')) {
    // As Clerk's Frontend API answers in native mode: the (rotated) client token in Authorization.
    response.writeHead(200, { 'Content-Type': 'application/json', Authorization: 'Bearer rotated' })
    response.end(JSON.stringify({ seenAuthorization: request.headers.authorization ?? null }))
  } else if (path === '/empty') {
    response.writeHead(204)
    response.end()
  } else if (path === '/loop') {
    response.writeHead(302, { Location: '/loop' })
    response.end()
  } else if (path === '/cut') {
    response.writeHead(200, { 'Content-Length': 1000 })
    response.write(Buffer.alloc(100))
    setTimeout(() => response.socket?.destroy(), 20)
  } else if (path === '/slow-headers') {
    // Headers never come: only an abort ends the request.
  } else if (path === '/slow') {
    response.writeHead(200, { 'Content-Length': 1000 })
    response.write(Buffer.alloc(10))
  } else {
    response.writeHead(404)
    response.end()
  }
}

beforeEach(async () => {
  seen.length = 0
  server = createServer(route)
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
})

afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => server.close(resolve))
})

interface Outcome {
  events: string[]
  response: EmulatedIncomingMessage | null
  body: string
  error: Error | null
  redirects: Array<[number, string, string]>
}

/** Runs one request to its 'close', recording the events in order. */
function run(
  request: EmulatedClientRequest,
  onRedirect?: (request: EmulatedClientRequest) => void,
): Promise<Outcome> {
  const outcome: Outcome = { events: [], response: null, body: '', error: null, redirects: [] }
  return new Promise((resolve) => {
    request.on('response', (response: EmulatedIncomingMessage) => {
      outcome.events.push('response')
      outcome.response = response
      response.on('data', (chunk: Buffer) => (outcome.body += chunk.toString()))
      response.on('end', () => outcome.events.push('end'))
      response.on('error', (error) => {
        outcome.events.push('response-error')
        outcome.error = error
      })
      response.on('aborted', () => outcome.events.push('aborted'))
    })
    request.on('redirect', (status: number, method: string, url: string) => {
      outcome.events.push('redirect')
      outcome.redirects.push([status, method, url])
      onRedirect?.(request)
    })
    request.on('error', (error: Error) => {
      outcome.events.push('error')
      outcome.error = error
    })
    request.on('abort', () => outcome.events.push('abort'))
    request.on('finish', () => outcome.events.push('finish'))
    // A socket event would arm builder-util-runtime's timeout, which Electron never does.
    request.on('socket', () => outcome.events.push('socket'))
    request.on('close', () => {
      outcome.events.push('close')
      resolve(outcome)
    })
    request.end()
  })
}

describe('emulated net.request', () => {
  it('GET from protocol/hostname/port/path options, with headers as Electron formats them', async () => {
    const net = createEmulatedNet()
    const session = createNetSessions().fromPartition('electron-updater', { cache: false })
    const request = net.request({
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: String(port),
      path: '/hello',
      headers: { 'User-Agent': 'electron-builder', 'Cache-Control': 'no-cache' },
      session,
    })
    const outcome = await run(request)
    expect(outcome.events).toEqual(['finish', 'response', 'end', 'close'])
    expect(outcome.body).toBe('hello')
    expect(outcome.response!.statusCode).toBe(200)
    expect(outcome.response!.headers['x-twice']).toBe('a, b')
    expect(outcome.response!.headers['set-cookie']).toEqual(['k=v'])
    expect(seen[0]!.headers['user-agent']).toBe('electron-builder')
    expect(net.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: `${base}/hello`,
        status: 200,
        partition: 'electron-updater',
      }),
    ])
  })

  it('decodes a gzip body like Chromium', async () => {
    const outcome = await run(createEmulatedNet().request(`${base}/gzip`))
    expect(outcome.body).toBe('decoded by the network stack')
  })

  it('follow: emits redirect, then follows by itself; 303 continues as GET', async () => {
    const outcome = await run(createEmulatedNet().request({ url: `${base}/redirect-303`, method: 'POST' }))
    expect(outcome.redirects).toEqual([[303, 'GET', `${base}/hello`]])
    expect(outcome.events).toEqual(['finish', 'redirect', 'response', 'end', 'close'])
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /redirect-303', 'GET /hello'])
  })

  it('manual: follows only when followRedirect() is called in the listener, else "Redirect was cancelled"', async () => {
    const net = createEmulatedNet()
    const followed = await run(net.request({ url: `${base}/redirect`, redirect: 'manual' }), (r) =>
      r.followRedirect(),
    )
    expect(followed.body).toBe('hello')
    const cancelled = await run(net.request({ url: `${base}/redirect`, redirect: 'manual' }))
    expect(cancelled.events).toEqual(['finish', 'redirect', 'error', 'close'])
    expect(cancelled.error!.message).toBe('Redirect was cancelled')
  })

  it('manual + abort in the listener (what electron-updater does): abort, close, nothing else', async () => {
    const outcome = await run(
      createEmulatedNet().request({ url: `${base}/redirect`, redirect: 'manual' }),
      (r) => r.abort(),
    )
    expect(outcome.events).toEqual(['finish', 'redirect', 'abort', 'close'])
    expect(seen).toHaveLength(1)
  })

  it('error mode and redirect loops fail', async () => {
    const net = createEmulatedNet()
    const refused = await run(net.request({ url: `${base}/redirect`, redirect: 'error' }))
    expect(refused.error!.message).toMatch(/redirect policy was 'error'/)
    const loop = await run(net.request(`${base}/loop`))
    expect(loop.error!.message).toBe('net::ERR_TOO_MANY_REDIRECTS')
  })

  it('a body cut short of its Content-Length is an error on the response', async () => {
    const outcome = await run(createEmulatedNet().request(`${base}/cut`))
    expect(outcome.events).toEqual(['finish', 'response', 'response-error', 'close'])
    expect(outcome.error!.message).toBe('net::ERR_CONTENT_LENGTH_MISMATCH')
  })

  it('abort during the body: abort, aborted on the response, close', async () => {
    const request = createEmulatedNet().request(`${base}/slow`)
    request.on('response', (response: EmulatedIncomingMessage) =>
      response.once('data', () => request.abort()),
    )
    const outcome = await run(request)
    expect(outcome.events).toEqual(['finish', 'response', 'abort', 'aborted', 'close'])
  })

  it('nothing reaches the network: unmapped names do not resolve, mapped ones reach their loopback port', async () => {
    const net = createEmulatedNet({ hosts: { 'updates.harbor.test': port } })
    const unmapped = await run(net.request('https://updates.example.com/latest.yml'))
    expect(unmapped.events).toEqual(['finish', 'error', 'close'])
    expect(unmapped.error!.message).toBe('net::ERR_NAME_NOT_RESOLVED')
    const mapped = await run(net.request('http://updates.harbor.test/hello'))
    expect(mapped.body).toBe('hello')
    expect(seen.at(-1)!.headers.host).toBe('updates.harbor.test')
  })

  it('a closed port is net::ERR_CONNECTION_REFUSED', async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
    const outcome = await run(createEmulatedNet().request(`${base}/hello`))
    expect(outcome.error!.message).toBe('net::ERR_CONNECTION_REFUSED')
    server = createServer(route) // for afterEach
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
})

describe('emulated net.fetch', () => {
  it('sends the request’s headers and gives a standard Response with the answer’s headers and body', async () => {
    const net = createEmulatedNet({ hosts: { 'clerk.harbor.test': port } })
    const response = await net.fetch('http://clerk.harbor.test/client?_is_native=1', {
      headers: { Authorization: 'Bearer sent' },
      credentials: 'omit',
      cache: 'no-store',
    })
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(200)
    expect(response.ok).toBe(true)
    expect(response.headers.get('authorization')).toBe('Bearer rotated')
    expect(response.headers.get('Content-Type')).toBe('application/json')
    expect(await response.json()).toEqual({ seenAuthorization: 'Bearer sent' })
    expect(seen.at(-1)).toMatchObject({ method: 'GET', path: '/client?_is_native=1' })
    expect(seen.at(-1)!.headers.host).toBe('clerk.harbor.test')
    expect(net.requests.at(-1)).toMatchObject({ method: 'GET', status: 200, error: null })
  })

  it('answers every status as a Response (no rejection for 4xx/5xx), a 204 with a null body', async () => {
    const net = createEmulatedNet()
    const missing = await net.fetch(`${base}/nothing-here`)
    expect([missing.status, missing.ok]).toEqual([404, false])
    const empty = await net.fetch(`${base}/empty`)
    expect(empty.status).toBe(204)
    expect(empty.body).toBeNull()
  })

  it('joins repeated headers and decodes compressed bodies as IncomingMessage does', async () => {
    const net = createEmulatedNet()
    expect((await net.fetch(`${base}/hello`)).headers.get('x-twice')).toBe('a, b')
    expect(await (await net.fetch(`${base}/gzip`)).text()).toBe('decoded by the network stack')
  })

  it('follows redirects by default; redirect "error" rejects, as Electron passes the mode to ClientRequest', async () => {
    const net = createEmulatedNet()
    expect(await (await net.fetch(`${base}/redirect`)).text()).toBe('hello')
    await expect(net.fetch(`${base}/redirect`, { redirect: 'error' })).rejects.toThrow(
      "Attempted to redirect, but redirect policy was 'error'",
    )
  })

  it('a failure rejects with the net:: error; an unmapped name does not resolve', async () => {
    await expect(createEmulatedNet().fetch('https://clerk.example.com/v1/client')).rejects.toThrow(
      'net::ERR_NAME_NOT_RESOLVED',
    )
  })

  it('the signal’s abort rejects with its reason and aborts the request; an aborted signal sends nothing', async () => {
    const net = createEmulatedNet()
    const controller = new AbortController()
    const pending = net.fetch(`${base}/slow-headers`, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 30))
    controller.abort(new Error('timed out'))
    await expect(pending).rejects.toThrow('timed out')

    const before = seen.length
    await expect(net.fetch(`${base}/hello`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(seen.length).toBe(before)
  })

  it('bad input throws as fetch does, before anything is sent', async () => {
    const net = createEmulatedNet()
    await expect(net.fetch('not a url')).rejects.toThrow(TypeError)
    await expect(net.fetch(`${base}/hello`, { method: 'GET', body: 'x' })).rejects.toThrow(TypeError)
    expect(net.requests).toEqual([])
  })
})
