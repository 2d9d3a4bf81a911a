// The Convex client takes over the socket the document opened (early-socket.ts): the real ConvexReactClient
// against WebSockets that record what they are sent and whose open/close the test plays.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConvexReactClient } from 'convex/react'
import { EARLY_SOCKET_GLOBAL } from '../../../../electron/shared/early-socket'
import { takeEarlySocket, WebSocketTakingEarlySocket } from './early-socket'

const DEPLOYMENT = 'https://happy-otter-123.convex.cloud'

class FakeSocket {
  static made: FakeSocket[] = []
  readyState = 0
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  readonly sent: string[] = []
  closeCalls = 0

  constructor(readonly url: string) {
    FakeSocket.made.push(this)
  }

  send(data: string) {
    if (this.readyState !== 1) throw new Error(`send in readyState ${this.readyState}`)
    this.sent.push((JSON.parse(data) as { type: string }).type)
  }

  close() {
    this.closeCalls++
    if (this.readyState >= 2) return
    this.readyState = 3
    this.onclose?.({ code: 1000, reason: '' } as CloseEvent)
  }

  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  serverCloses(code = 1011) {
    this.readyState = 3
    this.onclose?.({ code, reason: 'gone' } as CloseEvent)
  }
}

const clients: ConvexReactClient[] = []
const page = window as unknown as Record<string, unknown>

/** What the document's script would have left: a socket to `url` (the client's own URL unless told). */
function earlySocket(url = syncUrl()): FakeSocket {
  vi.stubGlobal('WebSocket', FakeSocket)
  const socket = new FakeSocket(url)
  page[EARLY_SOCKET_GLOBAL] = socket
  return socket
}

/** The URL the real client asks for (it is what main puts in the document's script; early-socket.test there). */
function syncUrl(): string {
  vi.stubGlobal('WebSocket', FakeSocket)
  const probe = new ConvexReactClient(DEPLOYMENT, { webSocketConstructor: FakeSocket as never })
  probe.connectionState()
  const url = FakeSocket.made.pop()!.url
  void probe.close()
  return url
}

function client(): ConvexReactClient {
  const made = new ConvexReactClient(DEPLOYMENT, { webSocketConstructor: WebSocketTakingEarlySocket })
  clients.push(made)
  made.connectionState()
  return made
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

afterEach(async () => {
  const closing = clients.splice(0).map((made) => made.close())
  for (const socket of FakeSocket.made) if (socket.readyState === 0) socket.open()
  await Promise.all(closing)
  FakeSocket.made = []
  delete page[EARLY_SOCKET_GLOBAL]
  performance.clearMarks()
  vi.unstubAllGlobals()
})

describe('the Convex client and the early socket', () => {
  it('takes an open early socket instead of opening one, and speaks first on it', async () => {
    const early = earlySocket()
    early.open()
    client()
    await settle()
    expect(FakeSocket.made).toEqual([early])
    expect(early.sent[0]).toBe('Connect')
    expect(page[EARLY_SOCKET_GLOBAL]).toBeUndefined()
    expect(performance.getEntriesByName('harbor:early-socket:taken')).toHaveLength(1)
  })

  it('takes one still connecting and connects when it opens', async () => {
    const early = earlySocket()
    const made = client()
    await settle()
    expect(early.sent).toEqual([])
    expect(made.connectionState().isWebSocketConnected).toBe(false)
    early.open()
    expect(early.sent[0]).toBe('Connect')
    expect(made.connectionState().isWebSocketConnected).toBe(true)
    expect(FakeSocket.made).toEqual([early])
  })

  it('tells the client of the open once, even when the socket opens again in its late task', async () => {
    const early = earlySocket()
    early.open()
    client()
    early.onopen?.(new Event('open'))
    await settle()
    expect(early.sent.filter((type) => type === 'Connect')).toHaveLength(1)
  })

  it('opens a new socket once the early one is lost, and never takes it again', async () => {
    const early = earlySocket()
    early.open()
    const made = client()
    await settle()
    early.serverCloses()
    await vi.waitFor(() => expect(FakeSocket.made).toHaveLength(2), { timeout: 3000 })
    const second = FakeSocket.made[1]!
    expect(second).not.toBe(early)
    expect(second.url).toBe(early.url)
    second.open()
    expect(second.sent[0]).toBe('Connect')
    expect(made.connectionState().isWebSocketConnected).toBe(true)
  })

  it('closes an early socket for another URL and opens its own', async () => {
    const stray = earlySocket('wss://another-deployment-9.convex.cloud/api/1.0.0/sync')
    client()
    expect(stray.closeCalls).toBe(1)
    expect(performance.getEntriesByName('harbor:early-socket:taken')).toHaveLength(0)
    expect(FakeSocket.made).toHaveLength(2)
    expect(FakeSocket.made[1]!.url).toBe(syncUrl())
  })

  it('opens its own when the early socket already failed, without closing it again', async () => {
    const failed = earlySocket()
    failed.serverCloses()
    client()
    expect(failed.closeCalls).toBe(0)
    expect(FakeSocket.made).toHaveLength(2)
    expect(page[EARLY_SOCKET_GLOBAL]).toBeUndefined()
  })

  it('a client closed while the taken socket is still connecting closes it when it opens', async () => {
    const early = earlySocket()
    const made = client()
    clients.splice(clients.indexOf(made), 1)
    const closed = made.close()
    early.open()
    await closed
    expect(early.readyState).toBe(3)
    expect(early.sent).toEqual([])
  })
})

describe('takeEarlySocket', () => {
  it('finds nothing when the document left nothing, or something that is not a WebSocket', () => {
    vi.stubGlobal('WebSocket', FakeSocket)
    expect(takeEarlySocket('wss://x.convex.cloud/api/1/sync', {})).toBeNull()
    const target: Record<string, unknown> = {
      [EARLY_SOCKET_GLOBAL]: { url: 'wss://x.convex.cloud/api/1/sync' },
    }
    expect(takeEarlySocket('wss://x.convex.cloud/api/1/sync', target)).toBeNull()
    expect(target[EARLY_SOCKET_GLOBAL]).toBeUndefined()
  })

  it('is taken once: a second client opens its own', () => {
    vi.stubGlobal('WebSocket', FakeSocket)
    const socket = new FakeSocket('wss://x.convex.cloud/api/1/sync')
    const target: Record<string, unknown> = { [EARLY_SOCKET_GLOBAL]: socket }
    expect(takeEarlySocket(socket.url, target)).not.toBeNull()
    expect(takeEarlySocket(socket.url, target)).toBeNull()
  })
})
