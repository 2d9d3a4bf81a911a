// The main process's early read of Clerk's client against the real keychain storage (an in-memory keytar) and
// the real encrypted last-known-user store (a file in a temp folder); the Frontend API is a fake fetch. What
// is checked: the request is clerk-js's own and goes only where the publishable key says; it is made only for a
// valid cached user with a stored client token and no pending sign-out; every failure is "no early session"
// without a token in the logs; a rotated client token never overwrites a newer one or a sign-out; the answer
// goes to the first document only, and never after a sign-out.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LastKnownUser } from '../shared/contract'
import { CLERK_CLIENT_TOKEN_KEY, EARLY_TOKEN_MIN_LIFETIME_MS } from '../shared/early-session'
import {
  createEarlySessionReader,
  type EarlyRequestInit,
  type EarlyResponse,
  type EarlySessionOptions,
} from './early-session'
import { createKeychainStorage, type KeychainBackend, type KeychainStorage } from './keychain-storage'
import { createLastKnownUserStore, type LastKnownUserStore } from './last-known-user'

const NOW = Date.UTC(2026, 11, 1, 12)
const HOST = 'clerk.harbor.example'
const USER = 'user_2earlySession0000000000'
const SESSION = 'sess_2earlySession000000000'
// Shaped like Clerk's (JWTs), so the log redaction would hide them: the assertions below check the log
// never had them in the first place.
const CLIENT_TOKEN = jwtOf({ id: 'client_1', rotating_token: 'first' })
const ROTATED_TOKEN = jwtOf({ id: 'client_1', rotating_token: 'second' })
const NEWER_TOKEN = jwtOf({ id: 'client_1', rotating_token: 'third' })

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url')
}

function jwtOf(claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.c2lnbmF0dXJl`
}

const sessionToken = (overrides: Record<string, unknown> = {}) =>
  jwtOf({ sub: USER, aud: 'convex', sid: SESSION, iat: NOW / 1000 - 5, exp: NOW / 1000 + 60, ...overrides })

/** Clerk's `GET /v1/client` body with the cached user's session active. */
function clientBody(token = sessionToken(), userId = USER): unknown {
  return {
    response: {
      object: 'client',
      id: 'client_1',
      sessions: [{ id: SESSION, status: 'active', user: { id: userId }, last_active_token: { jwt: token } }],
      last_active_session_id: SESSION,
    },
    client: null,
  }
}

const cachedUser = (clerkUserId = USER): LastKnownUser => ({
  version: 1,
  clerkUserId,
  profile: { name: 'Grace Hopper', email: 'grace@example.com' },
  devices: [],
  confirmedOnlineAt: NOW - 3_600_000,
})

/** keytar's surface, in memory. */
function memoryKeytar(): KeychainBackend & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getPassword: async (service, account) => items.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void items.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => items.delete(`${service}/${account}`),
    findCredentials: async (service) =>
      [...items]
        .filter(([id]) => id.startsWith(`${service}/`))
        .map(([id, password]) => ({ account: id.slice(service.length + 1), password })),
  }
}

interface SentRequest {
  url: string
  init: EarlyRequestInit
}

/** A Frontend API that answers each request with `answer(request)` (a Response, or a thrown network error). */
function frontendApi(answer: (request: SentRequest) => Response | Promise<Response>) {
  const requests: SentRequest[] = []
  const fetch = async (url: string, init: EarlyRequestInit): Promise<EarlyResponse> => {
    const request = { url, init }
    requests.push(request)
    return answer(request)
  }
  return { requests, fetch }
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    ...init,
  })

/** A Frontend API whose one answer (the client, with a rotated client token) waits until `answer()`. */
function heldRotatingAnswer() {
  let answer!: () => void
  const held = new Promise<void>((resolve) => (answer = resolve))
  const api = frontendApi(async () => {
    await held
    return json(clientBody(), { headers: { Authorization: `Bearer ${ROTATED_TOKEN}` } })
  })
  return { api, answer }
}

let dir: string
let storage: KeychainStorage
let lastUser: LastKnownUserStore
let clock: number
let lines: string[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harbor-early-session-'))
  clock = NOW
  lines = []
  storage = createKeychainStorage({
    service: 'Harbor',
    keychain: memoryKeytar(),
    fallbackCipher: async () => null,
    fallbackFilePath: join(dir, 'tokens.enc.json'),
    timeoutMs: 50,
  })
  lastUser = createLastKnownUserStore({
    storage,
    filePath: join(dir, 'last-known-user.json'),
    now: () => clock,
  })
})
afterEach(() => rm(dir, { recursive: true, force: true }))

/** A signed-in user's machine: the cache names them and the keychain holds Clerk's client token. */
async function signedIn(): Promise<void> {
  await lastUser.write(cachedUser())
  await storage.setItem(CLERK_CLIENT_TOKEN_KEY, CLIENT_TOKEN)
}

/** A signed-in user's early read, started, with the Frontend API giving Clerk's usual answer. */
async function startedRead() {
  await signedIn()
  const api = frontendApi(() => json(clientBody()))
  const early = reader({ fetch: api.fetch })
  early.start()
  return { api, early }
}

function reader(options: Partial<EarlySessionOptions> & Pick<EarlySessionOptions, 'fetch'>) {
  const early = createEarlySessionReader({
    frontendApiHost: HOST,
    readCache: () => lastUser.read(),
    hasPendingSignOut: () => storage.hasPendingRemoval(),
    storage,
    now: () => clock,
    log: { info: (line) => void lines.push(line), warn: (line) => void lines.push(line) },
    ...options,
  })
  lastUser.onChange((change) => early.onCacheChange(change))
  return early
}

function expectNoSecretsLogged(): void {
  const text = lines.join('\n')
  for (const secret of [CLIENT_TOKEN, ROTATED_TOKEN, NEWER_TOKEN, sessionToken()]) {
    expect(text).not.toContain(secret)
  }
}

describe('the early read of Clerk’s client (main process)', () => {
  it('makes clerk-js’s own request to the Frontend API and hands the session to the first document', async () => {
    const { api, early } = await startedRead()

    expect(await early.take()).toEqual({
      sessionId: SESSION,
      userId: USER,
      token: sessionToken(),
      expiresAt: (NOW / 1000 + 60) * 1000,
    })
    expect(api.requests).toHaveLength(1)
    const [{ url, init }] = api.requests as [SentRequest]
    expect(url).toBe(`https://${HOST}/v1/client?__clerk_api_version=2026-08-20&_is_native=1`)
    expect(init.method).toBe('GET')
    expect(init.headers).toEqual({ Authorization: `Bearer ${CLIENT_TOKEN}` })
    expect(init.credentials).toBe('omit')
    expect(init.cache).toBe('no-store')
    // The client token must not follow a redirect to another host.
    expect(init.redirect).toBe('error')
    expect(init.signal).toBeInstanceOf(AbortSignal)
    expect(lines).toEqual(['Early session: ready'])
    expectNoSecretsLogged()
  })

  it('starts once: start() again, and take(), make no second request', async () => {
    const { api, early } = await startedRead()
    early.start()
    await early.take()
    expect(api.requests).toHaveLength(1)
  })

  it('take() before start() starts the read itself', async () => {
    await signedIn()
    const api = frontendApi(() => json(clientBody()))
    expect((await reader({ fetch: api.fetch }).take())?.sessionId).toBe(SESSION)
    expect(api.requests).toHaveLength(1)
  })

  it('the first document only: a later one (a reload) gets null without a second request', async () => {
    const { api, early } = await startedRead()
    expect(await early.take()).not.toBeNull()
    expect(await early.take()).toBeNull()
    expect(await early.take()).toBeNull()
    expect(api.requests).toHaveLength(1)
    expect(lines).toContain('Early session: already handed to an earlier document; this one waits for Clerk')
  })

  describe('nothing is asked of Clerk when', () => {
    it('the publishable key does not parse (no Frontend API host)', async () => {
      await signedIn()
      const api = frontendApi(() => json(clientBody()))
      const early = reader({ fetch: api.fetch, frontendApiHost: null })
      early.start()
      expect(await early.take()).toBeNull()
      expect(api.requests).toHaveLength(0)
    })

    it('there is no cached user', async () => {
      await storage.setItem(CLERK_CLIENT_TOKEN_KEY, CLIENT_TOKEN)
      const api = frontendApi(() => json(clientBody()))
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(api.requests).toHaveLength(0)
    })

    it('the cached user expired (more than 30 days offline)', async () => {
      await signedIn()
      clock = NOW + 31 * 24 * 3_600_000
      const api = frontendApi(() => json(clientBody()))
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(api.requests).toHaveLength(0)
    })

    it('no client token is stored', async () => {
      await lastUser.write(cachedUser())
      const api = frontendApi(() => json(clientBody()))
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(api.requests).toHaveLength(0)
      expect(lines).toEqual(['Early session: none (no Clerk client token stored)'])
    })

    it('a sign-out from an earlier run is still pending', async () => {
      await signedIn()
      const api = frontendApi(() => json(clientBody()))
      const early = reader({ fetch: api.fetch, hasPendingSignOut: async () => true })
      expect(await early.take()).toBeNull()
      expect(api.requests).toHaveLength(0)
      expect(lines).toEqual(['Early session: none (a sign-out is still pending)'])
    })
  })

  describe('every failure is no early session, logged without a token', () => {
    it.each([401, 403, 404, 429, 500, 503])('Clerk answers %i', async (status) => {
      await signedIn()
      const api = frontendApi(() => json({ errors: [{ code: 'authentication_invalid' }] }, { status }))
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(lines).toEqual([`Early session: none (Clerk answered ${status})`])
      expectNoSecretsLogged()
    })

    it('offline: the request fails as Chromium reports it', async () => {
      await signedIn()
      const api = frontendApi(() => {
        throw new Error('net::ERR_INTERNET_DISCONNECTED')
      })
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(lines).toEqual(['Early session: none (Error: net::ERR_INTERNET_DISCONNECTED)'])
    })

    it('an answer slower than the timeout is abandoned and the request aborted', async () => {
      await signedIn()
      let signal: AbortSignal | null = null
      const api = frontendApi(
        ({ init }) =>
          new Promise<Response>((_resolve, reject) => {
            signal = init.signal
            init.signal.addEventListener('abort', () => reject(init.signal.reason))
          }),
      )
      const started = performance.now()
      expect(await reader({ fetch: api.fetch, timeoutMs: 40 }).take()).toBeNull()
      expect(performance.now() - started).toBeLessThan(2_000)
      expect(signal!.aborted).toBe(true)
      expect(lines).toEqual([
        'Early session: none (TimeoutError: The early read of Clerk’s client did not answer within 40 ms)',
      ])
    })

    it('a keychain that never answers is bounded by the same timeout', async () => {
      await signedIn()
      const api = frontendApi(() => json(clientBody()))
      const stuck = { getItem: () => new Promise<string | null>(() => {}), replaceItem: storage.replaceItem }
      expect(await reader({ fetch: api.fetch, storage: stuck, timeoutMs: 40 }).take()).toBeNull()
      expect(api.requests).toHaveLength(0)
    })

    it('a body that is not JSON (a captive portal)', async () => {
      await signedIn()
      const api = frontendApi(() => new Response('<html>Sign in to the Wi-Fi</html>', { status: 200 }))
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^Early session: none \(SyntaxError: /)
    })

    it('a failing cache read or keychain', async () => {
      await signedIn()
      const api = frontendApi(() => json(clientBody()))
      const failing = () => Promise.reject(new Error('keychain locked'))
      expect(await reader({ fetch: api.fetch, readCache: failing }).take()).toBeNull()
      expect(await reader({ fetch: api.fetch, hasPendingSignOut: failing }).take()).toBeNull()
      expect(
        await reader({ fetch: api.fetch, storage: { getItem: failing, replaceItem: failing } }).take(),
      ).toBeNull()
      expect(api.requests).toHaveLength(0)
      expect(lines).toEqual(Array(3).fill('Early session: none (Error: keychain locked)'))
    })

    it('an answer for another user (the client signed in as someone else since)', async () => {
      await signedIn()
      const other = 'user_2someoneElse00000000000'
      const api = frontendApi(() => json(clientBody(sessionToken({ sub: other }), other)))
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(lines).toEqual(['Early session: none (no active Convex session of the cached user)'])
    })

    it('a template-only setup (the session token is not a Convex integration token)', async () => {
      await signedIn()
      const api = frontendApi(() => json(clientBody(sessionToken({ aud: undefined }))))
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
    })
  })

  describe('a rotated client token in the answer', () => {
    it.each([
      ['with Bearer', `Bearer ${ROTATED_TOKEN}`],
      ['bare', ROTATED_TOKEN],
    ])('(%s) replaces the one sent, as Clerk’s provider saves it', async (_name, header) => {
      await signedIn()
      const api = frontendApi(() => json(clientBody(), { headers: { Authorization: header } }))
      expect(await reader({ fetch: api.fetch }).take()).not.toBeNull()
      expect(await storage.getItem(CLERK_CLIENT_TOKEN_KEY)).toBe(ROTATED_TOKEN)
      expectNoSecretsLogged()
    })

    it('is saved even when the answer is no early session (another user’s session)', async () => {
      await signedIn()
      const other = 'user_2someoneElse00000000000'
      const api = frontendApi(() =>
        json(clientBody(sessionToken({ sub: other }), other), { headers: { Authorization: ROTATED_TOKEN } }),
      )
      expect(await reader({ fetch: api.fetch }).take()).toBeNull()
      expect(await storage.getItem(CLERK_CLIENT_TOKEN_KEY)).toBe(ROTATED_TOKEN)
    })

    it('never overwrites a newer token Clerk saved while the request was under way', async () => {
      await signedIn()
      const { api, answer } = heldRotatingAnswer()
      const early = reader({ fetch: api.fetch })
      early.start()
      await expectRequestSent(api.requests)
      // clerk-js (through its bridge, the same storage) saves the header of its own, later answer.
      await storage.setItem(CLERK_CLIENT_TOKEN_KEY, NEWER_TOKEN)
      answer()
      expect(await early.take()).not.toBeNull()
      expect(await storage.getItem(CLERK_CLIENT_TOKEN_KEY)).toBe(NEWER_TOKEN)
      expect(lines).toContain('Early session: the client token changed meanwhile; the newer one is kept')
      expectNoSecretsLogged()
    })

    it('never brings back a token a sign-out removed while the request was under way; the answer is null', async () => {
      await signedIn()
      const { api, answer } = heldRotatingAnswer()
      const early = reader({ fetch: api.fetch })
      early.start()
      await expectRequestSent(api.requests)
      // `session:clear-local`, as invoke-handlers.ts runs it.
      await Promise.all([lastUser.forget(), storage.clear()])
      answer()
      expect(await early.take()).toBeNull()
      expect(await storage.getItem(CLERK_CLIENT_TOKEN_KEY)).toBeNull()
    })

    it('a sign-out that lands just after the check cannot be undone either (the storage orders them)', async () => {
      await signedIn()
      const api = frontendApi(() =>
        json(clientBody(), { headers: { Authorization: `Bearer ${ROTATED_TOKEN}` } }),
      )
      // The removal is queued in the storage before the replacement is: replaceItem then finds nothing.
      const racing: typeof storage = {
        ...storage,
        replaceItem: (key, expected, value) => {
          void storage.clear()
          return storage.replaceItem(key, expected, value)
        },
      }
      await reader({ fetch: api.fetch, storage: racing }).take()
      expect(await storage.getItem(CLERK_CLIENT_TOKEN_KEY)).toBeNull()
    })
  })

  describe('a change before the document asks makes the answer null', () => {
    it('a sign-out after the read finished', async () => {
      const { api, early } = await startedRead()
      await expectRequestSent(api.requests)
      await new Promise((resolve) => setTimeout(resolve, 10))
      await lastUser.forget()
      expect(await early.take()).toBeNull()
    })

    it('the cache written for another user (someone else signed in)', async () => {
      const { early } = await startedRead()
      await lastUser.write(cachedUser('user_2someoneElse00000000000'))
      expect(await early.take()).toBeNull()
    })

    it('but the cache written again for the same user keeps it', async () => {
      const { early } = await startedRead()
      await lastUser.write({ ...cachedUser(), confirmedOnlineAt: NOW })
      expect((await early.take())?.userId).toBe(USER)
    })

    it('the token aged past its useful life before the document asked', async () => {
      const { api, early } = await startedRead()
      await expectRequestSent(api.requests)
      await new Promise((resolve) => setTimeout(resolve, 10))
      clock = (NOW / 1000 + 60) * 1000 - EARLY_TOKEN_MIN_LIFETIME_MS + 1
      expect(await early.take()).toBeNull()
    })
  })
})

async function expectRequestSent(requests: SentRequest[]): Promise<void> {
  for (let i = 0; i < 200 && requests.length === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 5))
  expect(requests).toHaveLength(1)
}
