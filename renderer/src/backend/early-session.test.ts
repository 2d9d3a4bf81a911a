// The early session is a shortcut that must never be a second source of truth: every answer that is not the
// cached user's active session with a Convex integration token worth sending is "none", and the request made
// for it is exactly the one clerk-js would make. Fakes only at the boundary: fetch and the bridge's token store.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  CLERK_CLIENT_TOKEN_KEY,
  EARLY_TOKEN_MIN_LIFETIME_MS,
  clerkBridgeTokenStore,
  earlySessionFromClient,
  requestEarlySession,
  type ClientTokenStore,
  type EarlySession,
  type EarlySessionRequest,
} from './early-session'

const NOW = 1_800_000_000_000
const USER = 'user_cached'
const SESSION = 'sess_active'
const HOST = 'clerk.harbor.example'
const CLIENT_TOKEN = 'client.token.stored'

function b64url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** A JWT with this payload text (text, so a payload JSON.stringify cannot write, like `1e400`, can be made). */
function jwtOfText(payload: string): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(payload)}.c2lnbmF0dXJl`
}

const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: `https://${HOST}`,
  sub: USER,
  aud: 'convex',
  sid: SESSION,
  iat: NOW / 1000 - 5,
  exp: NOW / 1000 + 60,
  ...overrides,
})

const jwt = (overrides: Record<string, unknown> = {}) => jwtOfText(JSON.stringify(claims(overrides)))

interface SessionShape {
  id?: unknown
  status?: unknown
  user?: unknown
  last_active_token?: unknown
}

const session = (overrides: SessionShape = {}): SessionShape => ({
  id: SESSION,
  status: 'active',
  user: { id: USER },
  last_active_token: { object: 'token', jwt: jwt() },
  ...overrides,
})

/** The body of `GET /v1/client` as Clerk's Frontend API answers it: `{ response: client, client: null }`. */
function clientBody(overrides: Record<string, unknown> = {}): unknown {
  return {
    response: {
      object: 'client',
      id: 'client_1',
      sessions: [session()],
      last_active_session_id: SESSION,
      ...overrides,
    },
    client: null,
  }
}

describe('earlySessionFromClient', () => {
  it('takes the last active session’s Convex integration token for the cached user', () => {
    expect(earlySessionFromClient(clientBody(), USER, NOW)).toEqual<EarlySession>({
      sessionId: SESSION,
      userId: USER,
      token: jwt(),
      expiresAt: (NOW / 1000 + 60) * 1000,
    })
  })

  it('picks the session last_active_session_id names among several', () => {
    const other = session({
      id: 'sess_other',
      user: { id: 'user_other' },
      last_active_token: { jwt: jwt({ sub: 'user_other', sid: 'sess_other' }) },
    })
    const body = clientBody({ sessions: [other, session()] })
    expect(earlySessionFromClient(body, USER, NOW)?.sessionId).toBe(SESSION)
    // The same client with the other session active is not the cached user's.
    expect(
      earlySessionFromClient(
        clientBody({ sessions: [other, session()], last_active_session_id: 'sess_other' }),
        USER,
        NOW,
      ),
    ).toBeNull()
  })

  it('a token without sid is still taken (the session is already matched by id and user)', () => {
    const body = clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sid: undefined }) } })] })
    expect(earlySessionFromClient(body, USER, NOW)?.sessionId).toBe(SESSION)
  })

  const refused: Array<[string, unknown]> = [
    ['another user’s session', clientBody({ sessions: [session({ user: { id: 'user_other' } })] })],
    [
      'a token for another user (sub)',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sub: 'user_other' }) } })] }),
    ],
    [
      'a token without sub',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sub: undefined }) } })] }),
    ],
    ['a session without user', clientBody({ sessions: [session({ user: undefined })] })],
    ['a session whose user is not an object', clientBody({ sessions: [session({ user: USER })] })],
    ['a session that ended', clientBody({ sessions: [session({ status: 'ended' })] })],
    ['a session that expired', clientBody({ sessions: [session({ status: 'expired' })] })],
    ['a pending session', clientBody({ sessions: [session({ status: 'pending' })] })],
    ['a session without status', clientBody({ sessions: [session({ status: undefined })] })],
    ['no last_active_session_id', clientBody({ last_active_session_id: undefined })],
    ['last_active_session_id null (signed out)', clientBody({ last_active_session_id: null, sessions: [] })],
    ['an empty last_active_session_id', clientBody({ last_active_session_id: '' })],
    ['last_active_session_id naming no session', clientBody({ last_active_session_id: 'sess_gone' })],
    ['sessions not an array', clientBody({ sessions: { [SESSION]: session() } })],
    ['sessions missing', clientBody({ sessions: undefined })],
    ['a session entry that is not an object', clientBody({ sessions: [SESSION] })],
    [
      'aud an array, even ["convex"] (a template token)',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ aud: ['convex'] }) } })] }),
    ],
    [
      'another aud',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ aud: 'my-api' }) } })] }),
    ],
    [
      'no aud (a plain session token)',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ aud: undefined }) } })] }),
    ],
    [
      'a token whose sid names another session',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sid: 'sess_other' }) } })] }),
    ],
    ['no exp', clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: undefined }) } })] })],
    ['exp null', clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: null }) } })] })],
    [
      'exp a string',
      clientBody({
        sessions: [session({ last_active_token: { jwt: jwt({ exp: String(NOW / 1000 + 60) }) } })],
      }),
    ],
    [
      'exp not finite (1e400 parses to Infinity)',
      clientBody({
        sessions: [
          session({
            last_active_token: {
              jwt: jwtOfText(JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e400')),
            },
          }),
        ],
      }),
    ],
    [
      'exp already past',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: NOW / 1000 - 1 }) } })] }),
    ],
    [
      'exp too close to be worth sending',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: NOW / 1000 + 5 }) } })] }),
    ],
    ['a malformed JWT', clientBody({ sessions: [session({ last_active_token: { jwt: 'not.a-jwt' } })] })],
    [
      'a JWT whose payload is not JSON',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwtOfText('not json') } })] }),
    ],
    ['a JWT that is not a string', clientBody({ sessions: [session({ last_active_token: { jwt: 42 } })] })],
    ['no last_active_token', clientBody({ sessions: [session({ last_active_token: null })] })],
    ['the body null', null],
    ['the body a string', 'client'],
    ['the body an array', [clientBody()]],
    ['response null (no client)', { response: null, client: null }],
    ['response missing', { client: (clientBody() as { response: unknown }).response }],
    ['response an array', { response: [(clientBody() as { response: unknown }).response] }],
  ]
  it.each(refused)('%s: no early session', (_name, body) => {
    expect(earlySessionFromClient(body, USER, NOW)).toBeNull()
  })

  it('a token must live at least EARLY_TOKEN_MIN_LIFETIME_MS past now, to the millisecond', () => {
    const exp = NOW / 1000 + 60
    const body = clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp }) } })] })
    expect(earlySessionFromClient(body, USER, exp * 1000 - EARLY_TOKEN_MIN_LIFETIME_MS)).not.toBeNull()
    expect(earlySessionFromClient(body, USER, exp * 1000 - EARLY_TOKEN_MIN_LIFETIME_MS + 1)).toBeNull()
  })
})

describe('clerkBridgeTokenStore', () => {
  it('is Clerk’s preload token cache when it has both methods, else none', () => {
    const tokenCache = { getToken: async () => null, saveToken: async () => undefined }
    expect(clerkBridgeTokenStore({ __clerk_internal_electron: { tokenCache } })).toBe(tokenCache)
    expect(clerkBridgeTokenStore({})).toBeNull()
    expect(clerkBridgeTokenStore({ __clerk_internal_electron: {} })).toBeNull()
    expect(
      clerkBridgeTokenStore({ __clerk_internal_electron: { tokenCache: { getToken: tokenCache.getToken } } }),
    ).toBeNull()
    expect(clerkBridgeTokenStore(window)).toBeNull()
  })
})

interface RecordedRequest {
  url: string
  init: RequestInit | undefined
}

/** A fetch that records every request and answers each with `answer()`. */
function recordingFetch(answer: () => Response | Promise<Response>) {
  const requests: RecordedRequest[] = []
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), init })
    return answer()
  }) as typeof fetch
  return { requests, fetchImpl }
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    ...init,
  })

/** The bridge's token store: an in-memory keychain that records what was saved. */
function tokenStore(...given: [stored?: string | null | undefined]) {
  // Not a default parameter: `tokenStore(undefined)` is a store holding no token.
  const stored = given.length > 0 ? given[0] : CLIENT_TOKEN
  const saved: Array<[string, string]> = []
  const reads: string[] = []
  const store: ClientTokenStore = {
    getToken: async (key) => {
      reads.push(key)
      return stored
    },
    saveToken: async (key, token) => {
      saved.push([key, token])
    },
  }
  return { store, saved, reads }
}

describe('requestEarlySession', () => {
  let info: ReturnType<typeof vi.spyOn>
  beforeEach(() => {
    info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
  })
  afterEach(() => {
    info.mockRestore()
  })

  const request = (overrides: Partial<EarlySessionRequest> & Pick<EarlySessionRequest, 'store'>) =>
    requestEarlySession({ frontendApiHost: HOST, expectedUserId: USER, now: () => NOW, ...overrides })

  it('asks Clerk’s Frontend API for the client as clerk-js in Electron does, and returns the session', async () => {
    const { store, reads } = tokenStore()
    const { requests, fetchImpl } = recordingFetch(() => json(clientBody()))
    const result = await request({ store, fetchImpl })

    expect(result).toEqual({
      sessionId: SESSION,
      userId: USER,
      token: jwt(),
      expiresAt: (NOW / 1000 + 60) * 1000,
    })
    expect(reads).toEqual([CLERK_CLIENT_TOKEN_KEY])
    expect(requests).toHaveLength(1)
    const url = new URL(requests[0]!.url)
    expect(url.protocol).toBe('https:')
    expect(url.host).toBe(HOST)
    expect(url.pathname).toBe('/v1/client')
    expect(url.searchParams.get('_is_native')).toBe('1')
    expect(url.searchParams.get('__clerk_api_version')).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // The Frontend API version clerk-js 6.40 asks for, so the answer has the shape clerk-js (and this) expects.
    expect(requests[0]!.url).toBe(`https://${HOST}/v1/client?__clerk_api_version=2026-08-20&_is_native=1`)
    const init = requests[0]!.init!
    expect(new Headers(init.headers).get('Authorization')).toBe(`Bearer ${CLIENT_TOKEN}`)
    expect(init.credentials).toBe('omit')
    expect(init.method ?? 'GET').toBe('GET')
    expect(init.signal).toBeInstanceOf(AbortSignal)
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
  ])('no stored client token (%s): no request at all, no early session', async (_name, stored) => {
    const { store } = tokenStore(stored)
    const { requests, fetchImpl } = recordingFetch(() => json(clientBody()))
    expect(await request({ store, fetchImpl })).toBeNull()
    expect(requests).toHaveLength(0)
  })

  it.each([401, 403, 404, 500, 503])('an HTTP %i answer is no early session', async (status) => {
    const { store } = tokenStore()
    const { requests, fetchImpl } = recordingFetch(() => json(clientBody(), { status }))
    expect(await request({ store, fetchImpl })).toBeNull()
    expect(requests).toHaveLength(1)
  })

  it('a network error is no early session, and is logged', async () => {
    const { store } = tokenStore()
    const fetchImpl = (async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof fetch
    await expect(request({ store, fetchImpl })).resolves.toBeNull()
    expect(info).toHaveBeenCalledWith('Early session: waiting for Clerk instead', expect.any(TypeError))
  })

  it('an answer slower than timeoutMs is abandoned: no early session', async () => {
    const { store } = tokenStore()
    // A fetch that only ends when its signal aborts, as the platform's does.
    const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })) as typeof fetch
    const started = performance.now()
    await expect(request({ store, fetchImpl, timeoutMs: 30 })).resolves.toBeNull()
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('a body that is not JSON is no early session', async () => {
    const { store } = tokenStore()
    const { fetchImpl } = recordingFetch(() => new Response('<html>captive portal</html>', { status: 200 }))
    await expect(request({ store, fetchImpl })).resolves.toBeNull()
  })

  it.each([
    ['with Bearer', 'Bearer client.token.rotated'],
    ['bare', 'client.token.rotated'],
  ])(
    'a rotated client token in Authorization (%s) is saved back as Clerk’s provider does',
    async (_name, header) => {
      const { store, saved } = tokenStore()
      const { fetchImpl } = recordingFetch(() => json(clientBody(), { headers: { Authorization: header } }))
      expect(await request({ store, fetchImpl })).not.toBeNull()
      expect(saved).toEqual([[CLERK_CLIENT_TOKEN_KEY, 'client.token.rotated']])
    },
  )

  it('an unchanged or absent Authorization header saves nothing', async () => {
    for (const headers of [{ Authorization: `Bearer ${CLIENT_TOKEN}` }, {} as Record<string, string>]) {
      const { store, saved } = tokenStore()
      const { fetchImpl } = recordingFetch(() => json(clientBody(), { headers }))
      expect(await request({ store, fetchImpl })).not.toBeNull()
      expect(saved).toEqual([])
    }
  })

  it('the rotated token is saved even when the answer is no early session (another user)', async () => {
    const { store, saved } = tokenStore()
    const { fetchImpl } = recordingFetch(() =>
      json(clientBody(), { headers: { Authorization: 'Bearer client.token.rotated' } }),
    )
    expect(await request({ store, fetchImpl, expectedUserId: 'user_someone_else' })).toBeNull()
    expect(saved).toEqual([[CLERK_CLIENT_TOKEN_KEY, 'client.token.rotated']])
  })

  it('does not wait for the cached user to ask, and judges the answer once it is known', async () => {
    const { store } = tokenStore()
    const { requests, fetchImpl } = recordingFetch(() => json(clientBody()))
    let resolveUser!: (user: string | null) => void
    const expectedUserId = new Promise<string | null>((resolve) => (resolveUser = resolve))
    const result = request({ store, fetchImpl, expectedUserId })
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    resolveUser(USER)
    expect((await result)?.userId).toBe(USER)
  })

  it.each([
    ['null', null],
    ['a promise of null (no valid cache)', Promise.resolve(null)],
    ['a promise of another user', Promise.resolve('user_someone_else')],
  ])('expectedUserId %s: no early session', async (_name, expectedUserId) => {
    const { store } = tokenStore()
    const { fetchImpl } = recordingFetch(() => json(clientBody()))
    expect(await request({ store, fetchImpl, expectedUserId })).toBeNull()
  })

  it('never throws: a failing cache read, token store or keychain write is no early session', async () => {
    const { fetchImpl } = recordingFetch(() =>
      json(clientBody(), { headers: { Authorization: 'Bearer client.token.rotated' } }),
    )
    const failing = new Error('keychain locked')
    const throwingRead: ClientTokenStore = {
      getToken: () => {
        throw failing
      },
      saveToken: async () => undefined,
    }
    const rejectingWrite: ClientTokenStore = {
      getToken: async () => CLIENT_TOKEN,
      saveToken: async () => Promise.reject(failing),
    }
    await expect(request({ store: throwingRead, fetchImpl })).resolves.toBeNull()
    await expect(request({ store: rejectingWrite, fetchImpl })).resolves.toBeNull()
    await expect(
      request({ store: tokenStore().store, fetchImpl, expectedUserId: Promise.reject(failing) }),
    ).resolves.toBeNull()
    expect(info).toHaveBeenCalledTimes(3)
  })
})

describe('startEarlySession (once per page)', () => {
  // Module state: a fresh copy of the module per test.
  beforeEach(() => {
    vi.resetModules()
  })

  const load = () => import('./early-session')

  it('never started: no early session, so nothing waits for one', async () => {
    const { earlySession } = await load()
    expect(earlySession()).toBeNull()
  })

  it('pending while the request is under way, then its answer, with listeners told once', async () => {
    const { startEarlySession, earlySession, onEarlySession } = await load()
    let answer!: (response: Response) => void
    const { requests, fetchImpl } = recordingFetch(
      () => new Promise<Response>((resolve) => (answer = resolve)),
    )
    const heard: Array<EarlySession | null | undefined> = []
    const stop = onEarlySession(() => heard.push(earlySession()))
    const stopped = vi.fn()
    onEarlySession(stopped)()

    startEarlySession({
      frontendApiHost: HOST,
      expectedUserId: USER,
      store: tokenStore().store,
      fetchImpl,
      now: () => NOW,
    })
    expect(earlySession()).toBeUndefined()
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    expect(earlySession()).toBeUndefined()

    answer(json(clientBody()))
    await vi.waitFor(() => expect(heard).toHaveLength(1))
    expect(heard[0]?.sessionId).toBe(SESSION)
    expect(earlySession()).toBe(heard[0])
    expect(stopped).not.toHaveBeenCalled()
    stop()
  })

  it('a failed request settles as none (not pending for ever)', async () => {
    const { startEarlySession, earlySession, onEarlySession } = await load()
    const { fetchImpl } = recordingFetch(() => json({}, { status: 401 }))
    const settled = new Promise<void>((resolve) => onEarlySession(resolve))
    startEarlySession({ frontendApiHost: HOST, expectedUserId: USER, store: tokenStore().store, fetchImpl })
    await settled
    expect(earlySession()).toBeNull()
  })

  it('later calls do nothing: one request per page', async () => {
    const { startEarlySession, earlySession, onEarlySession } = await load()
    const first = recordingFetch(() => json(clientBody()))
    const second = recordingFetch(() => json(clientBody()))
    const settled = new Promise<void>((resolve) => onEarlySession(resolve))
    startEarlySession({
      frontendApiHost: HOST,
      expectedUserId: USER,
      store: tokenStore().store,
      fetchImpl: first.fetchImpl,
      now: () => NOW,
    })
    startEarlySession({
      frontendApiHost: HOST,
      expectedUserId: USER,
      store: tokenStore().store,
      fetchImpl: second.fetchImpl,
      now: () => NOW,
    })
    await settled
    startEarlySession({
      frontendApiHost: HOST,
      expectedUserId: USER,
      store: tokenStore().store,
      fetchImpl: second.fetchImpl,
      now: () => NOW,
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(first.requests).toHaveLength(1)
    expect(second.requests).toHaveLength(0)
    expect(earlySession()?.sessionId).toBe(SESSION)
  })
})
