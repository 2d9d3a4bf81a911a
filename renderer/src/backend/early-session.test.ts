// The page's side of the early session: one question to the main process (`desktop.session.early`), whose answer
// is untrusted input checked again here (electron/shared/early-session.ts), settled once per page for the Convex
// client and provider. Fakes only at the boundary: the IPC call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EarlySession } from '../../../electron/shared/early-session'
import { requestEarlySession, type EarlySessionRequest } from './early-session'

const NOW = 1_800_000_000_000
const USER = 'user_cached'
const SESSION = 'sess_active'

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const jwt = (overrides: Record<string, unknown> = {}) =>
  [
    b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' })),
    b64url(
      JSON.stringify({
        sub: USER,
        aud: 'convex',
        sid: SESSION,
        exp: NOW / 1000 + 60,
        ...overrides,
      }),
    ),
    'c2lnbmF0dXJl',
  ].join('.')

const answer = (overrides: Partial<EarlySession> = {}): EarlySession => ({
  sessionId: SESSION,
  userId: USER,
  token: jwt(),
  expiresAt: (NOW / 1000 + 60) * 1000,
  ...overrides,
})

const markNames = () => performance.getEntriesByType('mark').map((mark) => mark.name)

describe('requestEarlySession', () => {
  let info: ReturnType<typeof vi.spyOn>
  beforeEach(() => {
    info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
    performance.clearMarks()
  })
  afterEach(() => {
    info.mockRestore()
  })

  const request = (overrides: Partial<EarlySessionRequest> & Pick<EarlySessionRequest, 'ask'>) =>
    requestEarlySession({ expectedUserId: USER, now: () => NOW, ...overrides })

  it('asks the main process once and takes its answer, with the request and token marks', async () => {
    const ask = vi.fn(async () => answer())
    expect(await request({ ask })).toEqual(answer())
    expect(ask).toHaveBeenCalledTimes(1)
    expect(ask).toHaveBeenCalledWith()
    expect(markNames()).toEqual(['harbor:early-session:request', 'harbor:early-session:token'])
  })

  it('main found none: no early session, marked none, nothing logged (nothing went wrong)', async () => {
    expect(await request({ ask: async () => null })).toBeNull()
    expect(markNames()).toEqual(['harbor:early-session:request', 'harbor:early-session:none'])
    expect(info).not.toHaveBeenCalled()
  })

  it.each<[string, unknown]>([
    ['another user’s session', answer({ userId: 'user_other', token: jwt({ sub: 'user_other' }) })],
    ['a token for another user', answer({ token: jwt({ sub: 'user_other' }) })],
    ['a template token', answer({ token: jwt({ aud: ['convex'] }) })],
    [
      'a token about to expire',
      answer({ token: jwt({ exp: NOW / 1000 + 5 }), expiresAt: (NOW / 1000 + 5) * 1000 }),
    ],
    ['an expiresAt the token does not say', answer({ expiresAt: NOW + 3_600_000 })],
    ['extra fields', { ...answer(), clientToken: 'client.token' }],
    ['a string', 'eyJ...'],
    ['a number', 42],
  ])('an answer that is %s is no early session', async (_name, value) => {
    expect(await request({ ask: async () => value as EarlySession })).toBeNull()
    expect(markNames()).toContain('harbor:early-session:none')
  })

  it('does not wait for the cached user to ask, and judges the answer once it is known', async () => {
    const ask = vi.fn(async () => answer())
    let resolveUser!: (user: string | null) => void
    const expectedUserId = new Promise<string | null>((resolve) => (resolveUser = resolve))
    const result = request({ ask, expectedUserId })
    expect(ask).toHaveBeenCalledTimes(1)
    resolveUser(USER)
    expect((await result)?.userId).toBe(USER)
  })

  it.each([
    ['null', null],
    ['a promise of null (no valid cache)', Promise.resolve(null)],
    ['a promise of another user', Promise.resolve('user_someone_else')],
  ])('expectedUserId %s: no early session', async (_name, expectedUserId) => {
    expect(await request({ ask: async () => answer(), expectedUserId })).toBeNull()
  })

  it('never throws: a refused IPC call or a failing cache read is no early session, logged', async () => {
    const failing = new Error('IPC session:early rejected: untrusted sender')
    await expect(request({ ask: () => Promise.reject(failing) })).resolves.toBeNull()
    await expect(
      request({
        ask: () => {
          throw failing
        },
      }),
    ).resolves.toBeNull()
    await expect(
      request({ ask: async () => answer(), expectedUserId: Promise.reject(failing) }),
    ).resolves.toBeNull()
    expect(info).toHaveBeenCalledTimes(3)
    expect(info).toHaveBeenCalledWith('Early session: waiting for Clerk instead', failing)
    expect(markNames().filter((name) => name === 'harbor:early-session:none')).toHaveLength(3)
  })

  it('a main process that never answers is given up after timeoutMs', async () => {
    const started = performance.now()
    await expect(request({ ask: () => new Promise(() => {}), timeoutMs: 30 })).resolves.toBeNull()
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(info).toHaveBeenCalledWith('Early session: waiting for Clerk instead', expect.any(Error))
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

  it('pending while the question is under way, then its answer, with listeners told once', async () => {
    const { startEarlySession, earlySession, onEarlySession } = await load()
    let reply!: (session: EarlySession | null) => void
    const ask = vi.fn(() => new Promise<EarlySession | null>((resolve) => (reply = resolve)))
    const heard: Array<EarlySession | null | undefined> = []
    const stop = onEarlySession(() => heard.push(earlySession()))
    const stopped = vi.fn()
    onEarlySession(stopped)()

    startEarlySession({ ask, expectedUserId: USER, now: () => NOW })
    expect(earlySession()).toBeUndefined()
    expect(ask).toHaveBeenCalledTimes(1)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(earlySession()).toBeUndefined()

    reply(answer())
    await vi.waitFor(() => expect(heard).toHaveLength(1))
    expect(heard[0]?.sessionId).toBe(SESSION)
    expect(earlySession()).toBe(heard[0])
    expect(stopped).not.toHaveBeenCalled()
    stop()
  })

  it('a failed question settles as none (not pending for ever)', async () => {
    const { startEarlySession, earlySession, onEarlySession } = await load()
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
    const settled = new Promise<void>((resolve) => onEarlySession(resolve))
    startEarlySession({ ask: () => Promise.reject(new Error('no handler')), expectedUserId: USER })
    await settled
    expect(earlySession()).toBeNull()
    info.mockRestore()
  })

  it('later calls do nothing: one question per page', async () => {
    const { startEarlySession, earlySession, onEarlySession } = await load()
    const first = vi.fn(async () => answer())
    const second = vi.fn(async () => answer())
    const settled = new Promise<void>((resolve) => onEarlySession(resolve))
    startEarlySession({ ask: first, expectedUserId: USER, now: () => NOW })
    startEarlySession({ ask: second, expectedUserId: USER, now: () => NOW })
    await settled
    startEarlySession({ ask: second, expectedUserId: USER, now: () => NOW })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(first).toHaveBeenCalledTimes(1)
    expect(second).not.toHaveBeenCalled()
    expect(earlySession()?.sessionId).toBe(SESSION)
  })
})
