// The window's Convex client: its socket opens when it is created, not at the provider's first setAuth (which
// waits for Clerk), and the early session's authentication is taken over by the provider instead of repeated.
// Measured by the real ConvexReactClient against a WebSocket that records what it is sent and plays the
// server's side of Convex's sync protocol (convex/dist/esm/browser/sync/: web_socket_manager.js, client.js,
// authentication_manager.js; the full-stack stand-in, tests/fullstack/convex/index.ts, speaks it in full).
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConvexAuthVerdict, FetchToken } from '../convex-auth-verdict'
import { isConvexAuthHandedOver, setConvexAuthHandedOver } from '../convex-auth-handover'
import { CONVEX_REFRESH_LEEWAY_SECONDS, ObservedConvexClient, convexClientFor } from './convex-client'
import type { EarlySession } from '../early-session'

interface StateVersion {
  querySet: number
  identity: number
  ts: number
}

type ClientMessage = { type: string } & Record<string, unknown>

/** A u64 as the protocol carries it: 8 bytes little-endian, base64. */
const u64 = (value: number) => btoa(String.fromCharCode(value & 0xff, (value >> 8) & 0xff, 0, 0, 0, 0, 0, 0))
const encodeVersion = (version: StateVersion) => ({ ...version, ts: u64(version.ts) })

class RecordingWebSocket {
  static opened: string[] = []
  static sockets: RecordingWebSocket[] = []
  readyState = 0
  onopen: (() => void) | null = null
  onmessage: ((event: { data: string }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  readonly sent: ClientMessage[] = []
  /** The last version this server sent (the client refuses a Transition that does not start there). */
  private version: StateVersion = { querySet: 0, identity: 0, ts: 0 }

  constructor(url: string) {
    RecordingWebSocket.opened.push(url)
    RecordingWebSocket.sockets.push(this)
  }

  static latest(): RecordingWebSocket {
    const socket = RecordingWebSocket.sockets.at(-1)
    if (!socket) throw new Error('No WebSocket was opened')
    return socket
  }

  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientMessage)
  }

  close() {
    this.serverCloses(1000)
  }

  // -- the server's side

  open() {
    this.readyState = 1
    this.onopen?.()
  }

  private receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) })
  }

  private lastOf(type: string): ClientMessage | undefined {
    return this.sent.filter((message) => message.type === type).at(-1)
  }

  /** Accepts the last Authenticate: a Transition to the identity it asked for (and the query set sent). */
  confirm() {
    const authenticate = this.lastOf('Authenticate')
    if (!authenticate) throw new Error('Nothing to confirm: no Authenticate was sent')
    const end: StateVersion = {
      querySet: (this.lastOf('ModifyQuerySet')?.newVersion as number | undefined) ?? 0,
      identity: (authenticate.baseVersion as number) + 1,
      ts: this.version.ts + 1,
    }
    this.receive({
      type: 'Transition',
      startVersion: encodeVersion(this.version),
      endVersion: encodeVersion(end),
      modifications: [],
    })
    this.version = end
  }

  /** Refuses the last Authenticate as the backend does: AuthError, then a close without a status code. */
  refuse() {
    this.receive({
      type: 'AuthError',
      error: 'Could not verify OIDC token claim',
      baseVersion: this.version.identity,
      authUpdateAttempted: true,
    })
    this.serverCloses(1005)
  }

  private serverCloses(code: number) {
    if (this.readyState === 3) return
    this.readyState = 3
    queueMicrotask(() => this.onclose?.({ code, reason: '' }))
  }
}

const URL_ = 'https://happy-otter-123.convex.cloud'

/** A token shaped as Clerk's (Convex decodes iat/exp to schedule its refresh); `name` tells them apart. */
function token(name: string, claims: Record<string, unknown> = {}): string {
  const part = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  const iat = Math.floor(Date.now() / 1000)
  return `${part({ alg: 'RS256' })}.${part({ name, iat, exp: iat + 3600, ...claims })}.c2ln`
}
const EARLY_TOKEN = token('early')
const CLERK_TOKEN = token('clerk session')
const FRESH_TOKEN = token('clerk fresh')
const ANOTHER_TOKEN = token('another session')
const clients: ObservedConvexClient[] = []

/** Every user token Authenticate the client sent, on every socket, in order. */
const tokensSent = () =>
  RecordingWebSocket.sockets.flatMap((socket) =>
    socket.sent
      .filter((message) => message.type === 'Authenticate' && message.tokenType === 'User')
      .map((message) => message.value as string),
  )

/** A client with its socket open, as the window's is by the time the early session's token arrives. */
function connectedClient(): { client: ObservedConvexClient; verdicts: ConvexAuthVerdict[] } {
  vi.stubGlobal('WebSocket', RecordingWebSocket)
  const client = new ObservedConvexClient(URL_)
  clients.push(client)
  const verdicts: ConvexAuthVerdict[] = []
  client.onAuthVerdict((verdict) => verdicts.push(verdict))
  client.connectionState()
  RecordingWebSocket.latest().open()
  return { client, verdicts }
}

/** The early source as connectEarly builds it: the session's token, nothing better on a forced refresh. */
const earlySource = () =>
  vi.fn<FetchToken>(async ({ forceRefreshToken }) => (forceRefreshToken ? null : EARLY_TOKEN))

/** The provider's side of one setAuth: its token function (Clerk's, fresh on a forced refresh) and callbacks. */
function providerAuth(given = EARLY_TOKEN, fresh = FRESH_TOKEN) {
  const answers: boolean[] = []
  const fetchToken = vi.fn<FetchToken>(async ({ forceRefreshToken }) => (forceRefreshToken ? fresh : given))
  const onChange = (isAuthenticated: boolean) => void answers.push(isAuthenticated)
  return { fetchToken, onChange, answers, args: [fetchToken, onChange] as const }
}

/** The early token sent on an open socket and accepted by the server, before any provider (a moment later). */
async function earlyTokenAccepted() {
  const { client } = connectedClient()
  const early = earlySource()
  client.authenticateEarly(early)
  await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
  RecordingWebSocket.latest().confirm()
  await new Promise((resolve) => setTimeout(resolve, 20))
  return { client, early }
}

afterEach(async () => {
  const closing = clients.splice(0).map((client) => client.close())
  // Convex closes a socket still connecting once it opens; a real one would open or fail.
  for (const socket of RecordingWebSocket.sockets) if (socket.readyState === 0) socket.open()
  await Promise.all(closing)
  setConvexAuthHandedOver(false)
  RecordingWebSocket.opened = []
  RecordingWebSocket.sockets = []
  vi.unstubAllGlobals()
})

describe('convexClientFor', () => {
  it('opens the sync socket at once, before any query or token, and only once per URL', () => {
    vi.stubGlobal('WebSocket', RecordingWebSocket)
    const client = convexClientFor(URL_)
    clients.push(client)
    expect(RecordingWebSocket.opened).toHaveLength(1)
    expect(RecordingWebSocket.opened[0]).toMatch(/^wss:\/\/happy-otter-123\.convex\.cloud\/api\/.+\/sync$/)
    expect(convexClientFor(URL_)).toBe(client)
    expect(RecordingWebSocket.opened).toHaveLength(1)
  })
})

describe('the token refresh', () => {
  // clerk-js 6.40's token cache renews a token 17 s before it expires (its `expiresIn - 15 - 2` timer).
  const CLERK_RENEWS_BEFORE_EXPIRY_S = 17

  it('asks for the next token 20 s before the confirmed one expires: before Clerk’s own renewal, which the token it fetches then replaces', async () => {
    expect(CONVEX_REFRESH_LEEWAY_SECONDS).toBeGreaterThan(CLERK_RENEWS_BEFORE_EXPIRY_S)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    try {
      vi.stubGlobal('WebSocket', RecordingWebSocket)
      // Its own URL: convexClientFor keeps one client per URL, and the one above is closed.
      const client = convexClientFor('https://quiet-heron-456.convex.cloud')
      clients.push(client)
      RecordingWebSocket.latest().open()
      // Clerk's tokens: 60 s, issued when asked for (each a new one).
      let issued = 0
      const fetchToken = vi.fn<FetchToken>(async () =>
        token(`clerk ${++issued}`, { exp: Math.floor(Date.now() / 1000) + 60 }),
      )
      client.setAuth(fetchToken)
      await vi.advanceTimersByTimeAsync(0)
      expect(tokensSent()).toHaveLength(1)
      // The first token confirmed, Convex asks for a fresh one at once (initialAuthTokenReuse is off).
      RecordingWebSocket.latest().confirm()
      await vi.advanceTimersByTimeAsync(0)
      expect(fetchToken).toHaveBeenLastCalledWith({ forceRefreshToken: true })
      expect(tokensSent()).toHaveLength(2)
      RecordingWebSocket.latest().confirm()
      await vi.advanceTimersByTimeAsync(0)
      const asked = fetchToken.mock.calls.length

      // Then the next refresh comes 60 - 20 = 40 s on, while the token still has 20 s: before Clerk's at 43 s.
      await vi.advanceTimersByTimeAsync((60 - CONVEX_REFRESH_LEEWAY_SECONDS) * 1000 - 100)
      expect(fetchToken).toHaveBeenCalledTimes(asked)
      await vi.advanceTimersByTimeAsync(200)
      expect(fetchToken).toHaveBeenCalledTimes(asked + 1)
      expect(fetchToken).toHaveBeenLastCalledWith({ forceRefreshToken: true })
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('the early authentication and the provider’s take-over', () => {
  it('authenticateEarly then the provider’s setAuth: one Authenticate, with the early token; the provider hears the answer', async () => {
    const { client, verdicts } = connectedClient()
    const early = earlySource()
    client.authenticateEarly(early)
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    expect(isConvexAuthHandedOver()).toBe(true)

    const provider = providerAuth()
    client.setAuth(...provider.args)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(tokensSent()).toEqual([EARLY_TOKEN])
    expect(provider.fetchToken).not.toHaveBeenCalled()

    RecordingWebSocket.latest().confirm()
    await vi.waitFor(() => expect(provider.answers).toEqual([true]))
    expect(verdicts).toEqual(['accepted'])
    // Convex then refreshes at once (initialAuthTokenReuse is off): from the provider, never the early source.
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN, FRESH_TOKEN]))
    expect(provider.fetchToken).toHaveBeenCalledWith({ forceRefreshToken: true })
    expect(early).toHaveBeenCalledTimes(1)
  })

  it('the server’s answer came before the take-over: the provider hears it, and nothing is sent again', async () => {
    const { client, early } = await earlyTokenAccepted()

    // Convex asked for a fresh token at once (initialAuthTokenReuse is off); only the provider can give one.
    expect(early).toHaveBeenCalledTimes(1)
    expect(tokensSent()).toEqual([EARLY_TOKEN])

    const provider = providerAuth()
    client.setAuth(...provider.args)
    await vi.waitFor(() => expect(provider.answers).toEqual([true]))
    // That refresh comes from the provider: the accepted authentication was never dropped nor sent again.
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN, FRESH_TOKEN]))
    expect(provider.fetchToken).toHaveBeenCalledWith({ forceRefreshToken: true })
    const cleared = RecordingWebSocket.latest().sent.filter(
      (message) => message.type === 'Authenticate' && message.tokenType === 'None',
    )
    expect(cleared).toEqual([])
  })

  it('accepted and never taken over: once the early token has expired, Convex is told there is none', async () => {
    const { client, verdicts } = connectedClient()
    client.authenticateEarly(earlySource(), Date.now() + 50)
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    RecordingWebSocket.latest().confirm()
    await vi.waitFor(() => expect(verdicts).toEqual(['accepted', 'no-token']))
    expect(RecordingWebSocket.latest().sent.at(-1)).toMatchObject({ type: 'Authenticate', tokenType: 'None' })
  })

  it('accepted, then cleared before any take-over: the waiting refresh gives up without authenticating', async () => {
    const { client, early } = await earlyTokenAccepted()
    expect(early).toHaveBeenCalledTimes(1)
    client.clearAuth()
    // The refresh stops waiting and gets the early source's "none": nothing is authenticated after the clear.
    await vi.waitFor(() => expect(early).toHaveBeenLastCalledWith({ forceRefreshToken: true }))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(tokensSent()).toEqual([EARLY_TOKEN])
    expect(RecordingWebSocket.latest().sent.at(-1)).toMatchObject({ type: 'Authenticate', tokenType: 'None' })
  })

  it('the early token refused before the provider came: the provider authenticates afresh and hears that answer', async () => {
    const { client, verdicts } = connectedClient()
    client.authenticateEarly(earlySource())
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    RecordingWebSocket.latest().refuse()
    // Convex asks the early source for a fresh token, which has none: not authenticated, for want of a token.
    await vi.waitFor(() => expect(verdicts).toEqual(['no-token']))

    const provider = providerAuth(CLERK_TOKEN)
    client.setAuth(...provider.args)
    await vi.waitFor(() => expect(provider.fetchToken).toHaveBeenCalledWith({ forceRefreshToken: false }))
    // The refusal stopped the socket; it is up again once a token is there.
    const socket = RecordingWebSocket.latest()
    if (socket.readyState === 0) socket.open()
    await vi.waitFor(() => expect(tokensSent().at(-1)).toBe(CLERK_TOKEN))
    socket.confirm()
    await vi.waitFor(() => expect(provider.answers).toContain(true))
  })

  it('the early token refused after the take-over: the provider’s token function is asked for a fresh one', async () => {
    const { client } = connectedClient()
    client.authenticateEarly(earlySource())
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    const provider = providerAuth()
    client.setAuth(...provider.args)
    RecordingWebSocket.latest().refuse()
    await vi.waitFor(() => expect(provider.fetchToken).toHaveBeenCalledWith({ forceRefreshToken: true }))
    await vi.waitFor(() => expect(RecordingWebSocket.sockets).toHaveLength(2))
    const reconnected = RecordingWebSocket.latest()
    reconnected.open()
    await vi.waitFor(() => expect(tokensSent().at(-1)).toBe(FRESH_TOKEN))
    reconnected.confirm()
    await vi.waitFor(() => expect(provider.answers).toEqual([true]))
  })

  it('a second provider setAuth (another session) authenticates again, normally', async () => {
    const { client } = connectedClient()
    client.authenticateEarly(earlySource())
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    client.setAuth(...providerAuth().args)
    RecordingWebSocket.latest().confirm()

    const another = providerAuth(ANOTHER_TOKEN)
    client.setAuth(...another.args)
    await vi.waitFor(() => expect(tokensSent().at(-1)).toBe(ANOTHER_TOKEN))
    expect(another.fetchToken).toHaveBeenCalledWith({ forceRefreshToken: false })
    RecordingWebSocket.latest().confirm()
    await vi.waitFor(() => expect(another.answers).toEqual([true]))
  })

  it('clearAuth forgets the early authentication: the provider’s next setAuth authenticates afresh', async () => {
    const { client } = connectedClient()
    client.authenticateEarly(earlySource())
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    client.clearAuth()
    expect(isConvexAuthHandedOver()).toBe(false)
    const socket = RecordingWebSocket.latest()
    expect(socket.sent.at(-1)).toMatchObject({ type: 'Authenticate', tokenType: 'None' })

    const provider = providerAuth(CLERK_TOKEN)
    client.setAuth(...provider.args)
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN, CLERK_TOKEN]))
    expect(provider.fetchToken).toHaveBeenCalledWith({ forceRefreshToken: false })
  })

  it('withdrawEarlyAuth (Clerk loaded, nobody signed in): an early authentication not taken over is cleared', async () => {
    const { client } = connectedClient()
    client.authenticateEarly(earlySource())
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    client.withdrawEarlyAuth()
    expect(isConvexAuthHandedOver()).toBe(false)
    expect(RecordingWebSocket.latest().sent.at(-1)).toMatchObject({ type: 'Authenticate', tokenType: 'None' })
  })

  it('withdrawEarlyAuth leaves an authentication the provider took over (or its own) alone', async () => {
    const { client } = connectedClient()
    client.authenticateEarly(earlySource())
    const provider = providerAuth()
    client.setAuth(...provider.args)
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    const sent = RecordingWebSocket.latest().sent.length
    client.withdrawEarlyAuth()
    expect(isConvexAuthHandedOver()).toBe(true)
    expect(RecordingWebSocket.latest().sent).toHaveLength(sent)
  })

  it('retryAuth after the take-over authenticates again with the provider’s token function and callbacks', async () => {
    const { client, verdicts } = connectedClient()
    client.authenticateEarly(earlySource())
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))
    const provider = providerAuth()
    client.setAuth(...provider.args)
    expect(provider.fetchToken).not.toHaveBeenCalled()

    expect(client.retryAuth()).toBe(true)
    await vi.waitFor(() => expect(provider.fetchToken).toHaveBeenCalledWith({ forceRefreshToken: false }))
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN, EARLY_TOKEN]))
    RecordingWebSocket.latest().confirm()
    await vi.waitFor(() => expect(provider.answers).toEqual([true]))
    expect(verdicts).toContain('accepted')
  })

  it('retryAuth before any take-over authenticates again with the early token (it does not take itself over)', async () => {
    const { client, verdicts } = connectedClient()
    const early = earlySource()
    client.authenticateEarly(early)
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN]))

    expect(client.retryAuth()).toBe(true)
    await vi.waitFor(() => expect(tokensSent()).toEqual([EARLY_TOKEN, EARLY_TOKEN]))
    RecordingWebSocket.latest().confirm()
    await vi.waitFor(() => expect(verdicts).toEqual(['accepted']))

    // The provider then comes: its token function and callbacks are used from now on.
    const provider = providerAuth(CLERK_TOKEN)
    client.setAuth(...provider.args)
    await vi.waitFor(() => expect(provider.answers).toContain(true))
  })

  it('authenticateEarly after the provider has handed over its token function does nothing', async () => {
    const { client } = connectedClient()
    const provider = providerAuth(CLERK_TOKEN)
    client.setAuth(...provider.args)
    await vi.waitFor(() => expect(tokensSent()).toEqual([CLERK_TOKEN]))
    const early = earlySource()
    client.authenticateEarly(early)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(early).not.toHaveBeenCalled()
    expect(tokensSent()).toEqual([CLERK_TOKEN])
  })
})

describe('connectEarly', () => {
  // Module state (the window's one client, the page's one early session): fresh modules per test.
  afterEach(() => {
    vi.resetModules()
  })

  async function startPage(answer: () => EarlySession | null) {
    vi.resetModules()
    vi.stubGlobal('WebSocket', RecordingWebSocket)
    const earlyModule = await import('../early-session')
    const { connectEarly } = await import('./convex-client')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    // The main process's answer to `desktop.session.early()` (electron/main/early-session.ts), held by the gate.
    earlyModule.startEarlySession({
      ask: async () => {
        await gate
        return answer()
      },
      expectedUserId: 'user_1',
    })
    const client = connectEarly(URL_)
    clients.push(client)
    RecordingWebSocket.latest().open()
    return { client, release, earlyModule }
  }

  /** The early session the main process read from Clerk's client, with this session token. */
  function clientAnswer(jwt: string): EarlySession {
    const { exp } = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp: number
    }
    return { sessionId: 'sess_1', userId: 'user_1', token: jwt, expiresAt: exp * 1000 }
  }

  it('authenticates with the early session’s token once it arrives, on the socket already open', async () => {
    const jwt = token('early', { sub: 'user_1', aud: 'convex', sid: 'sess_1' })
    const { release, earlyModule } = await startPage(() => clientAnswer(jwt))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(tokensSent()).toEqual([])
    release()
    await vi.waitFor(() => expect(earlyModule.earlySession()).not.toBeUndefined())
    await vi.waitFor(() => expect(tokensSent()).toEqual([jwt]))
    // The profile's query right behind the token, before any provider: its answer comes with the identity.
    const sent = RecordingWebSocket.latest().sent
    const authenticate = sent.findIndex((message) => message.type === 'Authenticate')
    const profileQuery = sent.findIndex(
      (message) =>
        message.type === 'ModifyQuerySet' &&
        JSON.stringify(message.modifications).includes('"udfPath":"users:me"'),
    )
    expect(profileQuery).toBeGreaterThan(authenticate)
  })

  it('lets the profile query go a task after the provider has taken over (its own subscription is then in place)', async () => {
    const jwt = token('early', { sub: 'user_1', aud: 'convex', sid: 'sess_1' })
    const { client, release } = await startPage(() => clientAnswer(jwt))
    release()
    await vi.waitFor(() => expect(tokensSent()).toEqual([jwt]))
    const removals = () =>
      RecordingWebSocket.latest().sent.filter(
        (message) =>
          message.type === 'ModifyQuerySet' && JSON.stringify(message.modifications).includes('Remove'),
      )
    client.setAuth(...providerAuth(jwt).args)
    expect(removals()).toHaveLength(0)
    await vi.waitFor(() => expect(removals()).toHaveLength(1))
    expect(tokensSent()).toEqual([jwt])
  })

  it('no early session (Clerk said no): no Authenticate; the provider’s setAuth is the first', async () => {
    const { client, release, earlyModule } = await startPage(() => null)
    release()
    await vi.waitFor(() => expect(earlyModule.earlySession()).toBeNull())
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(tokensSent()).toEqual([])
    const provider = providerAuth(CLERK_TOKEN)
    client.setAuth(...provider.args)
    await vi.waitFor(() => expect(tokensSent()).toEqual([CLERK_TOKEN]))
  })
})
