import { describe, expect, it } from 'vitest'
import type { LastKnownUser } from '../../../electron/shared/contract'
import {
  CACHE_REFRESH_MS,
  initialSessionState,
  retryDelay,
  transition,
  type ClerkSnapshot,
  type SessionEffect,
  type SessionEvent,
  type SessionState,
} from './session-machine'

const NOW = Date.UTC(2026, 10, 26, 12)

function cachedUser(overrides: Partial<LastKnownUser> = {}): LastKnownUser {
  return {
    version: 1,
    clerkUserId: 'user_abc',
    profile: { name: 'Ada Lovelace', email: 'ada@example.com' },
    devices: [
      {
        deviceId: 'dev-1',
        name: 'ada-laptop',
        platform: 'linux',
        appVersion: '0.1.0',
        lastSeenAt: NOW - 1000,
      },
    ],
    confirmedOnlineAt: NOW - 60_000,
    ...overrides,
  }
}

const VALID = { status: 'valid', user: cachedUser(), ageMs: 60_000, maxAgeMs: 30 * 86_400_000 } as const
const CLERK_SIGNED_IN: ClerkSnapshot = { status: 'ready', isSignedIn: true, userId: 'user_abc' }
const CLERK_SIGNED_OUT: ClerkSnapshot = { status: 'ready', isSignedIn: false, userId: null }
const CONVEX_OK = { isAuthenticated: true, connected: true }

/** Runs events in order and returns the final state and every effect emitted along the way. */
function run(events: SessionEvent[], start: SessionState = initialSessionState({ browserOnline: true })) {
  let state = start
  const effects: SessionEffect[] = []
  for (const event of events) {
    const next = transition(state, event)
    state = next.state
    effects.push(...next.effects)
  }
  return { state, effects }
}

const types = (effects: SessionEffect[]) => effects.map((e) => e.type)

const LIVE: SessionEvent[] = [
  { type: 'cache-read', result: VALID },
  { type: 'probe-result', reachable: true },
  { type: 'clerk-api-reached' },
  { type: 'clerk-changed', clerk: CLERK_SIGNED_IN },
  { type: 'convex-changed', convex: CONVEX_OK },
]

describe('cold start', () => {
  it('starts undecided and waits for the cache', () => {
    const state = initialSessionState({ browserOnline: true })
    expect(state.phase).toEqual({ name: 'starting' })
    // Clerk signals before the cache is read are recorded but decide nothing yet.
    const { state: after, effects } = run([{ type: 'clerk-changed', clerk: CLERK_SIGNED_OUT }], state)
    expect(after.phase.name).toBe('starting')
    expect(after.clerk).toEqual(CLERK_SIGNED_OUT)
    expect(effects).toEqual([])
  })

  it('with a valid cache shows the cached user at once, offline, while Clerk is still loading', () => {
    const { state, effects } = run([{ type: 'cache-read', result: VALID }])
    expect(state.phase).toEqual({ name: 'offline', user: VALID.user, reason: 'connecting' })
    expect(types(effects)).toEqual(['probe'])
  })

  it('with a valid cache stays offline whatever Clerk reports before its API answered', () => {
    for (const clerk of [
      { status: 'error', isSignedIn: undefined, userId: null },
      { status: 'ready', isSignedIn: false, userId: null },
      { status: 'degraded', isSignedIn: false, userId: null },
    ] satisfies ClerkSnapshot[]) {
      const { state, effects } = run([
        { type: 'cache-read', result: VALID },
        { type: 'clerk-changed', clerk },
      ])
      expect(state.phase).toMatchObject({ name: 'offline', reason: 'sign-in-unreachable' })
      expect(types(effects)).not.toContain('forget-cache')
    }
  })

  it('without a cache shows connecting, then sign-in once Clerk answered signed out', () => {
    const first = run([{ type: 'cache-read', result: { status: 'none' } }])
    expect(first.state.phase).toEqual({ name: 'connecting' })
    const { state, effects } = run(
      [{ type: 'clerk-api-reached' }, { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT }],
      first.state,
    )
    expect(state.phase).toEqual({ name: 'sign-in' })
    expect(state.notice).toBeNull()
    expect(types(effects)).not.toContain('forget-cache')
  })

  it('without a cache and with the browser offline says signing in needs a connection', () => {
    const { state } = run(
      [{ type: 'cache-read', result: { status: 'none' } }],
      initialSessionState({ browserOnline: false }),
    )
    expect(state.phase).toEqual({ name: 'unreachable', reason: 'browser-offline' })
  })

  it("without a cache, a failed probe shows the can't-reach screen before Clerk gives up", () => {
    const { state, effects } = run([
      { type: 'cache-read', result: { status: 'none' } },
      { type: 'probe-result', reachable: false },
    ])
    expect(state.phase).toEqual({ name: 'unreachable', reason: 'sign-in-unreachable' })
    expect(effects.at(-1)).toEqual({ type: 'schedule-retry', delayMs: retryDelay(1) })
  })

  it('an unreadable cache (IPC failure) is treated as no cache', () => {
    const { state } = run([{ type: 'cache-read-failed', message: 'boom' }])
    expect(state.phase).toEqual({ name: 'connecting' })
    expect(state.cache).toBeNull()
  })
})

describe('expired and corrupted caches', () => {
  it('an expired cache is not honoured, is forgotten, and the user is told why', () => {
    const { state, effects } = run([
      {
        type: 'cache-read',
        result: { status: 'expired', ageMs: 31 * 86_400_000, maxAgeMs: 30 * 86_400_000 },
      },
    ])
    expect(state.phase).toEqual({ name: 'connecting' })
    expect(state.cache).toBeNull()
    expect(state.notice).toBe('cache-expired')
    expect(types(effects)).toEqual(['forget-cache', 'probe'])
  })

  it('an expired cache offline leads to the offline sign-in message, not the shell', () => {
    const { state } = run(
      [{ type: 'cache-read', result: { status: 'expired', ageMs: 1, maxAgeMs: 0 } }],
      initialSessionState({ browserOnline: false }),
    )
    expect(state.phase).toEqual({ name: 'unreachable', reason: 'browser-offline' })
    expect(state.notice).toBe('cache-expired')
  })

  it('a discarded (corrupted) cache shows sign-in with an explanation', () => {
    const { state } = run([
      { type: 'cache-read', result: { status: 'discarded', reason: 'could not decrypt' } },
      { type: 'clerk-api-reached' },
      { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT },
    ])
    expect(state.phase).toEqual({ name: 'sign-in' })
    expect(state.notice).toBe('cache-discarded')
  })
})

describe('going live', () => {
  it('needs Clerk signed in with its API reached AND Convex authenticated and connected', () => {
    const partial = run(LIVE.slice(0, 4))
    expect(partial.state.phase).toMatchObject({ name: 'offline', reason: 'server-unreachable' })
    const { state, effects } = run(LIVE)
    expect(state.phase).toEqual({ name: 'live', clerkUserId: 'user_abc', user: VALID.user })
    expect(types(effects)).toContain('cancel-retry')
  })

  it("does not go live on Clerk's word alone when its API was never reached", () => {
    const { state } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-changed', clerk: CLERK_SIGNED_IN },
      { type: 'convex-changed', convex: CONVEX_OK },
    ])
    expect(state.phase.name).toBe('offline')
  })

  it('refreshes the cache from live data, and not again while nothing changed', () => {
    const live = run(LIVE).state
    const fresh = cachedUser({ profile: { name: 'Ada King' }, confirmedOnlineAt: NOW })
    const first = transition(live, { type: 'live-data', user: fresh })
    expect(first.effects).toEqual([{ type: 'write-cache', user: fresh }])
    expect(first.state.phase).toEqual({ name: 'live', clerkUserId: 'user_abc', user: fresh })
    expect(first.state.cache).toEqual(fresh)
    const again = transition(first.state, {
      type: 'live-data',
      user: { ...fresh, confirmedOnlineAt: NOW + 1000 },
    })
    expect(again.effects).toEqual([])
    const later = transition(first.state, {
      type: 'live-data',
      user: { ...fresh, confirmedOnlineAt: NOW + CACHE_REFRESH_MS },
    })
    expect(types(later.effects)).toEqual(['write-cache'])
  })

  it('writes the cache when its content changes and refreshes its age at most hourly (write count)', () => {
    let state = run(LIVE).state
    let writes = 0
    const minute = 60_000
    // Live data arrives every minute (SessionRoot's clock) for three hours, content unchanged but once.
    for (let at = 0; at <= 180; at++) {
      const name = at >= 90 ? 'Ada King' : 'Ada Lovelace'
      const next = transition(state, {
        type: 'live-data',
        user: cachedUser({ profile: { name }, confirmedOnlineAt: NOW + at * minute }),
      })
      state = next.state
      writes += next.effects.filter((effect) => effect.type === 'write-cache').length
      if (at === 10) expect(writes).toBe(1) // 10 minutes unchanged: the first write only
    }
    // minute 0 (first), 60 (age), 90 (content changed), 150 (age) = 4 writes in 181 minutes
    expect(writes).toBe(4)
  })

  it('ignores live data for another user or outside the live phase', () => {
    const live = run(LIVE).state
    expect(
      transition(live, { type: 'live-data', user: cachedUser({ clerkUserId: 'user_other' }) }).effects,
    ).toEqual([])
    const offline = run([{ type: 'cache-read', result: VALID }]).state
    expect(transition(offline, { type: 'live-data', user: cachedUser() }).effects).toEqual([])
  })

  it('another account signing in replaces the cached user instead of showing it', () => {
    const { state, effects } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-api-reached' },
      { type: 'clerk-changed', clerk: { status: 'ready', isSignedIn: true, userId: 'user_other' } },
    ])
    expect(state.cache).toBeNull()
    expect(state.phase).toEqual({ name: 'connecting' })
    expect(types(effects)).toContain('forget-cache')
  })
})

describe('definitive sign-out', () => {
  it('forgets the cache and shows sign-in when Clerk is ready, its API answered and there is no session', () => {
    const { state, effects } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-api-reached' },
      { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT },
    ])
    expect(state.phase).toEqual({ name: 'sign-in' })
    expect(state.cache).toBeNull()
    expect(state.notice).toBe('session-ended')
    expect(types(effects)).toContain('forget-cache')
  })

  it('is not definitive while Clerk is degraded', () => {
    const { state } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-api-reached' },
      { type: 'clerk-changed', clerk: { status: 'degraded', isSignedIn: false, userId: null } },
    ])
    expect(state.phase.name).toBe('offline')
  })

  it('a session revoked while live ends it', () => {
    const { state, effects } = run([...LIVE, { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT }])
    expect(state.phase).toEqual({ name: 'sign-in' })
    expect(types(effects)).toContain('forget-cache')
  })
})

describe('network errors never sign out', () => {
  it('browser offline while live: offline mode with the cached user, retried; back online: retried at once', () => {
    const offline = run([...LIVE, { type: 'browser-offline' }])
    expect(offline.state.phase).toEqual({ name: 'offline', user: VALID.user, reason: 'browser-offline' })
    expect(offline.effects.at(-1)).toEqual({ type: 'schedule-retry', delayMs: retryDelay(0) })
    // Clerk reporting signed out while the browser is offline is not believed.
    const stale = transition(offline.state, { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT })
    expect(stale.state.phase.name).toBe('offline')
    const online = transition(offline.state, { type: 'browser-online' })
    expect(types(online.effects)).toEqual(['cancel-retry', 'probe'])
    expect(online.state.retry.inFlight).toBe(true)
  })

  it('a network blip while live does not reload when the network returns: Clerk recovers by itself', () => {
    const { state, effects } = run([
      ...LIVE,
      { type: 'browser-offline' },
      { type: 'browser-online' },
      { type: 'probe-result', reachable: true },
    ])
    expect(types(effects)).not.toContain('reload')
    expect(effects.at(-1)).toEqual({ type: 'schedule-retry', delayMs: retryDelay(1) })
    expect(state.phase.name).toBe('offline')
    // Clerk's offline error after a blip does not make it "stuck" either.
    const afterError = transition(state, { type: 'clerk-offline-error' }).state
    expect(types(transition(afterError, { type: 'retry-now', manual: true }).effects)).toEqual([
      'cancel-retry',
      'probe',
    ])
  })

  it('coming back online and being confirmed again returns to live', () => {
    const { state } = run([
      ...LIVE,
      { type: 'browser-offline' },
      { type: 'browser-online' },
      { type: 'probe-result', reachable: true },
      { type: 'clerk-api-reached' },
    ])
    expect(state.phase.name).toBe('live')
    expect(state.retry.failures).toBe(0)
  })

  it("Clerk's offline error (ConvexProviderWithClerk turns it into no token) keeps offline mode", () => {
    const { state, effects } = run([
      ...LIVE,
      { type: 'clerk-offline-error' },
      { type: 'convex-changed', convex: { isAuthenticated: false, connected: true } },
    ])
    expect(state.phase).toEqual({ name: 'offline', user: VALID.user, reason: 'sign-in-unreachable' })
    expect(types(effects)).not.toContain('forget-cache')
  })

  it('Convex disconnected keeps offline mode and does not touch the cache', () => {
    const { state, effects } = run([
      ...LIVE,
      { type: 'convex-changed', convex: { isAuthenticated: true, connected: false } },
    ])
    expect(state.phase).toEqual({ name: 'offline', user: VALID.user, reason: 'server-unreachable' })
    expect(types(effects)).not.toContain('forget-cache')
    expect(types(effects)).toContain('schedule-retry')
  })

  it('Clerk failing to load with a cache: offline, never signed out', () => {
    const { state } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-changed', clerk: { status: 'error', isSignedIn: undefined, userId: null } },
    ])
    expect(state.phase).toMatchObject({ name: 'offline', reason: 'sign-in-unreachable' })
  })
})

describe('retry and backoff', () => {
  it('backs off exponentially up to a ceiling and never gives up', () => {
    expect([0, 1, 2, 3].map(retryDelay)).toEqual([2_000, 4_000, 8_000, 16_000])
    expect(retryDelay(50)).toBe(60_000)
  })

  it('failed probes count failures and schedule the next retry further out', () => {
    const { state, effects } = run([
      { type: 'cache-read', result: VALID },
      { type: 'probe-result', reachable: false },
      { type: 'retry-due' },
      { type: 'probe-result', reachable: false },
    ])
    expect(state.retry.failures).toBe(2)
    const scheduled = effects.filter((e) => e.type === 'schedule-retry')
    expect(scheduled).toEqual([
      { type: 'schedule-retry', delayMs: retryDelay(1) },
      { type: 'schedule-retry', delayMs: retryDelay(2) },
    ])
    expect(state.phase).toMatchObject({ name: 'offline', reason: 'sign-in-unreachable' })
  })

  it('one probe at a time', () => {
    const started = run([{ type: 'cache-read', result: VALID }]).state
    expect(started.retry.inFlight).toBe(true)
    expect(transition(started, { type: 'retry-due' }).effects).toEqual([])
  })

  it('a reachable API with a failed Clerk instance reloads the renderer, carrying the failure count', () => {
    const { effects } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-changed', clerk: { status: 'error', isSignedIn: undefined, userId: null } },
      { type: 'probe-result', reachable: true },
    ])
    expect(effects.at(-1)).toEqual({ type: 'reload', retryFailures: 1, notice: null })
  })

  it('a reachable API while Clerk gave up without ever reaching it (ready + made-up signed out) reloads', () => {
    const { effects } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT },
      { type: 'probe-result', reachable: true },
    ])
    expect(effects.at(-1)).toEqual({ type: 'reload', retryFailures: 1, notice: null })
    expect(types(effects)).not.toContain('forget-cache')
  })

  it('a reachable API while Clerk is still loading only schedules another check', () => {
    const { effects } = run([
      { type: 'cache-read', result: VALID },
      { type: 'probe-result', reachable: true },
    ])
    expect(effects.at(-1)).toEqual({ type: 'schedule-retry', delayMs: retryDelay(1) })
  })

  it('"Retry now" reloads at once when Clerk failed, and probes otherwise', () => {
    const failed = run([
      { type: 'cache-read', result: { status: 'none' } },
      { type: 'probe-result', reachable: false },
      { type: 'clerk-changed', clerk: { status: 'error', isSignedIn: undefined, userId: null } },
    ]).state
    expect(failed.phase).toEqual({ name: 'unreachable', reason: 'sign-in-unreachable' })
    expect(transition(failed, { type: 'retry-now', manual: true }).effects).toEqual([
      { type: 'reload', retryFailures: 1, notice: null },
    ])
    // With a cached shell on screen and Clerk still loading, "Retry now" checks the network instead.
    const loading = run([
      { type: 'cache-read', result: VALID },
      { type: 'probe-result', reachable: false },
    ]).state
    expect(types(transition(loading, { type: 'retry-now', manual: true }).effects)).toEqual([
      'cancel-retry',
      'probe',
    ])
  })

  it("on the can't-reach screen a manual retry always reloads; automatic retries still probe first", () => {
    const unreachable = run([
      { type: 'cache-read', result: { status: 'none' } },
      { type: 'probe-result', reachable: false },
    ]).state
    expect(unreachable.phase.name).toBe('unreachable')
    expect(unreachable.clerk.status).toBe('loading')
    expect(transition(unreachable, { type: 'retry-now', manual: true }).effects).toEqual([
      { type: 'reload', retryFailures: 1, notice: null },
    ])
    // So an offline machine does not reload itself in a loop.
    expect(types(transition(unreachable, { type: 'retry-due' }).effects)).toEqual(['cancel-retry', 'probe'])
  })

  it('retries are ignored when live or signing in', () => {
    const live = run(LIVE).state
    expect(transition(live, { type: 'retry-now', manual: true }).effects).toEqual([])
  })

  it('a failure count carried over a reload keeps backing off', () => {
    const { effects } = run(
      [
        { type: 'cache-read', result: VALID },
        { type: 'probe-result', reachable: false },
      ],
      initialSessionState({ browserOnline: true, retryFailures: 3 }),
    )
    expect(effects.at(-1)).toEqual({ type: 'schedule-retry', delayMs: retryDelay(4) })
  })
})

describe('sign-out', () => {
  it('the signed-out notice stays until the user dismisses it (the signed-out screen’s Sign in), and only then', () => {
    const signedOut = run([...LIVE, { type: 'sign-out-requested' }, { type: 'sign-out-finished', ok: true }])
    expect(signedOut.state.notice).toBe('signed-out')
    // Clerk confirming the sign-out does not clear it: the user has not read it yet.
    const confirmed = transition(signedOut.state, { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT })
    expect(confirmed.state.notice).toBe('signed-out')
    const dismissed = transition(confirmed.state, { type: 'notice-dismissed' })
    expect(dismissed.state.notice).toBeNull()
    expect(dismissed.state.phase).toEqual({ name: 'sign-in' })
    expect(dismissed.effects).toEqual([])
  })

  it('a dismissal during a sign-out changes nothing: the notice must survive the reload', () => {
    const signingOut = run([
      { type: 'cache-read', result: VALID },
      { type: 'browser-offline' },
      { type: 'sign-out-requested' },
    ]).state
    const cleared = transition(signingOut, { type: 'local-session-cleared', ok: true }).state
    expect(cleared.notice).toBe('signed-out-offline')
    expect(transition(cleared, { type: 'notice-dismissed' }).state).toBe(cleared)
  })

  it('online: Clerk signs out, then the cache is forgotten and sign-in shown', () => {
    const requested = run([...LIVE, { type: 'sign-out-requested' }])
    expect(requested.state.phase).toEqual({ name: 'signing-out', local: false })
    expect(requested.effects.at(-1)).toEqual({ type: 'clerk-sign-out' })
    const done = transition(requested.state, { type: 'sign-out-finished', ok: true })
    expect(done.state.phase).toEqual({ name: 'sign-in' })
    expect(done.state.cache).toBeNull()
    // The keychain is emptied too (the cache, its key and Clerk's client token), not only the cache.
    expect(types(done.effects)).toContain('clear-local-session')
    // A late "still signed in" snapshot from Clerk does not resurrect the session.
    const stale = transition(done.state, { type: 'clerk-changed', clerk: CLERK_SIGNED_IN })
    expect(stale.state.phase.name).toBe('sign-in')
    const out = transition(stale.state, { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT })
    expect(out.state.awaitingClerkSignOut).toBe(false)
  })

  it('online sign-out that fails on the network falls back to clearing everything locally', () => {
    const { effects, state } = run([
      ...LIVE,
      { type: 'sign-out-requested' },
      { type: 'sign-out-finished', ok: false },
    ])
    expect(state.phase).toEqual({ name: 'signing-out', local: true })
    expect(effects.at(-1)).toEqual({ type: 'clear-local-session' })
  })

  it('offline: clears local secrets and cache at once, then reloads with the explanation', () => {
    const requested = run([{ type: 'cache-read', result: VALID }, { type: 'sign-out-requested' }])
    expect(requested.state.phase).toEqual({ name: 'signing-out', local: true })
    expect(types(requested.effects)).toContain('clear-local-session')
    expect(types(requested.effects)).not.toContain('clerk-sign-out')
    const cleared = transition(requested.state, { type: 'local-session-cleared', ok: true })
    expect(cleared.effects).toEqual([{ type: 'reload', retryFailures: 0, notice: 'signed-out-offline' }])
    expect(cleared.state.cache).toBeNull()
  })

  it('tells the user when the local sign-out could not be made to stick, instead of "signed out"', () => {
    const requested = run([{ type: 'cache-read', result: VALID }, { type: 'sign-out-requested' }])
    const failed = transition(requested.state, { type: 'local-session-cleared', ok: false })
    expect(failed.effects).toEqual([{ type: 'reload', retryFailures: 0, notice: 'sign-out-incomplete' }])
    expect(failed.state.notice).toBe('sign-out-incomplete')
  })

  it('tells the user after an online sign-out too when the local removal could not be made to stick', () => {
    const signedOut = run([...LIVE, { type: 'sign-out-requested' }, { type: 'sign-out-finished', ok: true }])
    expect(signedOut.state.phase).toEqual({ name: 'sign-in' })
    const failed = transition(signedOut.state, { type: 'local-session-cleared', ok: false })
    expect(failed.state.notice).toBe('sign-out-incomplete')
    expect(failed.effects).toEqual([])
  })

  describe('signed out from another device', () => {
    const REMOTE: SessionEvent = { type: 'signed-out-remotely', byDeviceName: 'Work laptop', at: NOW - 5_000 }
    const remoteSignOut = { byDeviceName: 'Work laptop', at: NOW - 5_000 }

    it.each([
      ['live', LIVE],
      ['offline on the cached shell', [{ type: 'cache-read', result: VALID }] as SessionEvent[]],
      [
        'on the sign-in screen (Clerk noticed first)',
        [
          { type: 'cache-read', result: VALID },
          { type: 'clerk-api-reached' },
          { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT },
        ] as SessionEvent[],
      ],
    ])(
      '%s: clears every local secret and the cache, then reloads carrying who and when',
      (_label, before) => {
        const signedOut = run([...before, REMOTE])
        expect(signedOut.state.phase).toEqual({ name: 'signing-out', local: true })
        expect(signedOut.state.cache).toBeNull()
        expect(types(signedOut.effects).slice(-2)).toEqual(['cancel-retry', 'clear-local-session'])
        expect(types(signedOut.effects)).not.toContain('clerk-sign-out')
        const cleared = transition(signedOut.state, { type: 'local-session-cleared', ok: true })
        expect(cleared.effects).toEqual([
          { type: 'reload', retryFailures: 0, notice: 'signed-out-remotely', remoteSignOut },
        ])
      },
    )

    it('happens once per run: a second notice changes nothing', () => {
      const once = run([...LIVE, REMOTE])
      expect(transition(once.state, REMOTE)).toEqual({ state: once.state, effects: [] })
    })

    it('wins over a Clerk sign-out already in flight', () => {
      const { state } = run([...LIVE, { type: 'sign-out-requested' }, REMOTE])
      expect(state.phase).toEqual({ name: 'signing-out', local: true })
      // Clerk's answer arriving late does not start a second sign-out.
      expect(transition(state, { type: 'sign-out-finished', ok: false }).effects).toEqual([])
    })

    it('the carried notice is shown with who and when after the reload', () => {
      const { state } = run(
        [{ type: 'cache-read', result: { status: 'none' } }],
        initialSessionState({ browserOnline: true, notice: 'signed-out-remotely', remoteSignOut }),
      )
      expect(state.notice).toBe('signed-out-remotely')
      expect(state.remoteSignOut).toEqual(remoteSignOut)
    })
  })

  it('a notice carried over the reload is shown on the next screen', () => {
    const { state } = run(
      [{ type: 'cache-read', result: { status: 'none' } }],
      initialSessionState({ browserOnline: false, notice: 'signed-out-offline' }),
    )
    expect(state.phase).toEqual({ name: 'unreachable', reason: 'browser-offline' })
    expect(state.notice).toBe('signed-out-offline')
  })

  it('sign-out is ignored when there is no session to end', () => {
    const { effects } = run([
      { type: 'cache-read', result: { status: 'none' } },
      { type: 'sign-out-requested' },
    ])
    expect(types(effects)).toEqual(['probe'])
  })
})

describe('the server refused the sign-in (Convex rejected the token it was given)', () => {
  const CONVEX_UP_UNAUTHENTICATED = { isAuthenticated: false, connected: true }
  // Everything works except Convex's answer: Clerk signed in with its API reached, Convex connected.
  const SIGNED_IN_CONNECTED: SessionEvent[] = [
    { type: 'cache-read', result: VALID },
    { type: 'probe-result', reachable: true },
    { type: 'clerk-api-reached' },
    { type: 'clerk-changed', clerk: CLERK_SIGNED_IN },
    { type: 'convex-changed', convex: CONVEX_UP_UNAUTHENTICATED },
  ]
  const REFUSED: SessionEvent[] = [
    ...SIGNED_IN_CONNECTED,
    { type: 'convex-auth-verdict', verdict: 'rejected' },
  ]

  it('enters on definitive evidence, keeps the cached user on screen, stops automatic retries, forgets nothing', () => {
    const before = run(SIGNED_IN_CONNECTED)
    // Today's offline state until Convex answers.
    expect(before.state.phase).toMatchObject({ name: 'offline', reason: 'server-unreachable' })
    const { state, effects } = transition(before.state, { type: 'convex-auth-verdict', verdict: 'rejected' })
    expect(state.phase).toEqual({
      name: 'server-refused',
      clerkUserId: 'user_abc',
      user: VALID.user,
      retrying: false,
    })
    expect(state.cache).toEqual(VALID.user)
    expect(types(effects)).toEqual(['cancel-retry'])
    // A retry timer that fires anyway does nothing here.
    expect(transition(state, { type: 'retry-due' }).effects).toEqual([])
  })

  it('without a cache it is entered too, with no user to show', () => {
    const { state } = run([{ type: 'cache-read', result: { status: 'none' } }, ...REFUSED.slice(1)])
    expect(state.phase).toEqual({
      name: 'server-refused',
      clerkUserId: 'user_abc',
      user: null,
      retrying: false,
    })
  })

  it('is not entered when no token could be fetched (Clerk offline, timeout): that stays a network problem', () => {
    const { state } = run([...SIGNED_IN_CONNECTED, { type: 'convex-auth-verdict', verdict: 'no-token' }])
    expect(state.phase).toMatchObject({ name: 'offline', reason: 'server-unreachable' })
  })

  it('is not entered while Convex is disconnected, Clerk has not reached its API, or the browser is offline', () => {
    const rejected: SessionEvent = { type: 'convex-auth-verdict', verdict: 'rejected' }
    const disconnected = run([
      ...SIGNED_IN_CONNECTED.slice(0, 4),
      { type: 'convex-changed', convex: { isAuthenticated: false, connected: false } },
      rejected,
    ])
    expect(disconnected.state.phase).toMatchObject({ name: 'offline', reason: 'server-unreachable' })
    const clerkUnreached = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-changed', clerk: CLERK_SIGNED_IN },
      { type: 'convex-changed', convex: CONVEX_UP_UNAUTHENTICATED },
      rejected,
    ])
    expect(clerkUnreached.state.phase.name).toBe('offline')
    const browserOffline = run([...SIGNED_IN_CONNECTED, { type: 'browser-offline' }, rejected])
    expect(browserOffline.state.phase).toMatchObject({ name: 'offline', reason: 'browser-offline' })
  })

  it('a rejection recorded for another Clerk user does not apply to the one now signed in', () => {
    const { state } = run([
      ...REFUSED,
      { type: 'clerk-changed', clerk: { status: 'ready', isSignedIn: true, userId: 'user_other' } },
    ])
    expect(state.phase.name).not.toBe('server-refused')
    expect(state.phase.name).toBe('connecting')
  })

  it('"Try again" hands Convex a token again, once, and only when the user asks', () => {
    const refused = run(REFUSED).state
    expect(transition(refused, { type: 'retry-now', manual: false }).effects).toEqual([])
    const again = transition(refused, { type: 'retry-now', manual: true })
    expect(again.effects).toEqual([{ type: 'retry-convex-auth' }])
    expect(again.state.phase).toMatchObject({ name: 'server-refused', retrying: true })
    // A second press while waiting for Convex's answer does not start another attempt.
    expect(transition(again.state, { type: 'retry-now', manual: true }).effects).toEqual([])
    // Refused again: back to the same screen, ready for another try.
    const still = transition(again.state, { type: 'convex-auth-verdict', verdict: 'rejected' })
    expect(still.state.phase).toMatchObject({ name: 'server-refused', retrying: false })
  })

  it('recovers to live when Convex later accepts the token, without a "server unreachable" flash', () => {
    const retried = run([...REFUSED, { type: 'retry-now', manual: true }]).state
    const accepted = transition(retried, { type: 'convex-auth-verdict', verdict: 'accepted' })
    // Convex's React state catches up in the next render; meanwhile it is "connecting", not a network error.
    expect(accepted.state.phase).toMatchObject({ name: 'offline', reason: 'connecting' })
    const { state, effects } = transition(accepted.state, { type: 'convex-changed', convex: CONVEX_OK })
    expect(state.phase).toEqual({ name: 'live', clerkUserId: 'user_abc', user: VALID.user })
    expect(types(effects)).toContain('cancel-retry')
  })

  it('a token rejected while live (server reconfigured) moves from live to refused, keeping the data', () => {
    const { state } = run([
      ...LIVE,
      { type: 'convex-auth-verdict', verdict: 'rejected' },
      { type: 'convex-changed', convex: CONVEX_UP_UNAUTHENTICATED },
    ])
    expect(state.phase).toEqual({
      name: 'server-refused',
      clerkUserId: 'user_abc',
      user: VALID.user,
      retrying: false,
    })
  })

  it('network loss while refused is a network problem again (offline, retried); back online it is refused again', () => {
    const refused = run(REFUSED).state
    const lost = transition(refused, { type: 'browser-offline' })
    expect(lost.state.phase).toMatchObject({ name: 'offline', reason: 'browser-offline', user: VALID.user })
    expect(types(lost.effects)).toEqual(['schedule-retry'])
    const disconnected = transition(refused, {
      type: 'convex-changed',
      convex: { isAuthenticated: false, connected: false },
    })
    expect(disconnected.state.phase).toMatchObject({ name: 'offline', reason: 'server-unreachable' })
    expect(types(disconnected.effects)).toEqual(['schedule-retry'])
    // The server's answer stands until Convex is given a token again.
    const back = run(
      [{ type: 'browser-online' }, { type: 'probe-result', reachable: true }, { type: 'clerk-api-reached' }],
      lost.state,
    )
    expect(back.state.phase).toMatchObject({ name: 'server-refused', user: VALID.user })
    expect(back.state.cache).toEqual(VALID.user)
  })

  it('sign-out from it goes through Clerk (online), then forgets the cache and shows sign-in', () => {
    const requested = run([...REFUSED, { type: 'sign-out-requested' }])
    expect(requested.state.phase).toEqual({ name: 'signing-out', local: false })
    expect(requested.effects.at(-1)).toEqual({ type: 'clerk-sign-out' })
    const done = transition(requested.state, { type: 'sign-out-finished', ok: true })
    expect(done.state.phase).toEqual({ name: 'sign-in' })
    expect(done.state.cache).toBeNull()
    expect(types(done.effects)).toEqual(['clear-local-session', 'cancel-retry'])
  })

  it('Clerk definitively signing out while refused ends the session as anywhere else', () => {
    const { state, effects } = run([...REFUSED, { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT }])
    expect(state.phase).toEqual({ name: 'sign-in' })
    expect(state.notice).toBe('session-ended')
    expect(types(effects)).toContain('forget-cache')
  })
})

describe('the early session (Clerk’s client read before clerk-js has loaded)', () => {
  const CLERK_LOADING: ClerkSnapshot = { status: 'loading', isSignedIn: undefined, userId: null }
  const EARLY: SessionEvent = { type: 'early-session', clerkUserId: 'user_abc' }

  it('goes live on Convex’s word while Clerk is still loading, for the cached user', () => {
    const { state, effects } = run([
      { type: 'cache-read', result: VALID },
      { type: 'clerk-changed', clerk: CLERK_LOADING },
      EARLY,
      { type: 'convex-changed', convex: CONVEX_OK },
    ])
    expect(state.phase).toEqual({ name: 'live', clerkUserId: 'user_abc', user: VALID.user })
    expect(state.network.clerkApiReached).toBe(true)
    expect(types(effects)).toContain('cancel-retry')
  })

  it('arriving before the cache read still counts once the cache names the same user', () => {
    const { state } = run([
      EARLY,
      { type: 'cache-read', result: VALID },
      { type: 'convex-changed', convex: CONVEX_OK },
    ])
    expect(state.phase.name).toBe('live')
  })

  it('stays on the cached shell until Convex has accepted the token', () => {
    const { state } = run([{ type: 'cache-read', result: VALID }, EARLY])
    expect(state.phase.name).toBe('offline')
  })

  it('is not trusted for another user than the cached one', () => {
    const { state } = run([
      { type: 'cache-read', result: VALID },
      { type: 'early-session', clerkUserId: 'user_other' },
      { type: 'convex-changed', convex: CONVEX_OK },
    ])
    expect(state.phase.name).toBe('offline')
  })

  it('without a cache decides nothing: the sign-in path waits for Clerk', () => {
    const { state } = run([
      { type: 'cache-read', result: { status: 'none' } },
      EARLY,
      { type: 'convex-changed', convex: CONVEX_OK },
    ])
    expect(state.phase.name).toBe('connecting')
  })

  it('gives way to Clerk once it has loaded: signed out means sign in, and the cache goes', () => {
    const { state, effects } = run([
      { type: 'cache-read', result: VALID },
      EARLY,
      { type: 'convex-changed', convex: CONVEX_OK },
      { type: 'clerk-changed', clerk: CLERK_SIGNED_OUT },
    ])
    expect(state.phase.name).toBe('sign-in')
    expect(types(effects)).toContain('forget-cache')
  })

  it('stays live without a new phase when Clerk loads with the same user', () => {
    const before = run([
      { type: 'cache-read', result: VALID },
      EARLY,
      { type: 'convex-changed', convex: CONVEX_OK },
    ])
    const after = transition(before.state, { type: 'clerk-changed', clerk: CLERK_SIGNED_IN })
    expect(after.state.phase).toEqual(before.state.phase)
  })

  it('is ignored once Clerk has loaded, and after Clerk failed to load', () => {
    for (const clerk of [
      CLERK_SIGNED_OUT,
      { status: 'error', isSignedIn: undefined, userId: null } as const,
    ]) {
      const { state } = run([
        { type: 'cache-read', result: VALID },
        { type: 'clerk-changed', clerk },
        EARLY,
        { type: 'convex-changed', convex: CONVEX_OK },
      ])
      expect(state.phase.name).not.toBe('live')
    }
  })

  it('a refusal by Convex of the early token is the server refusing this user’s sign-in', () => {
    const { state } = run([
      { type: 'cache-read', result: VALID },
      EARLY,
      { type: 'convex-changed', convex: { isAuthenticated: false, connected: true } },
      { type: 'convex-auth-verdict', verdict: 'rejected' },
    ])
    expect(state.phase).toMatchObject({ name: 'server-refused', clerkUserId: 'user_abc' })
  })

  it('does not bring the session back after a sign-out', () => {
    const live = run([
      { type: 'cache-read', result: VALID },
      EARLY,
      { type: 'convex-changed', convex: CONVEX_OK },
    ])
    const { state } = run(
      [
        { type: 'sign-out-requested' },
        { type: 'sign-out-finished', ok: true },
        EARLY,
        { type: 'convex-changed', convex: CONVEX_OK },
      ],
      live.state,
    )
    expect(state.phase.name).toBe('sign-in')
  })
})

describe('events that change nothing', () => {
  it('leave the very same state, so nothing renders again', () => {
    const live = run([...LIVE, { type: 'convex-auth-verdict', verdict: 'accepted' }])
    expect(live.state.phase.name).toBe('live')
    // What arrives about once a minute while idle: Convex's verdict on the refreshed token, and Clerk's and
    // Convex's snapshots, unchanged, as new objects.
    for (const event of [
      { type: 'convex-auth-verdict', verdict: 'accepted' },
      { type: 'clerk-changed', clerk: { ...CLERK_SIGNED_IN } },
      { type: 'convex-changed', convex: { ...CONVEX_OK } },
      { type: 'clerk-api-reached' },
    ] satisfies SessionEvent[]) {
      const next = transition(live.state, event)
      expect(next.state).toBe(live.state)
      // At most the cancel of a retry that is not scheduled (every settled transition into a calm phase asks it).
      expect(next.effects.filter((effect) => effect.type !== 'cancel-retry')).toEqual([])
    }
  })

  it('still make a new state for a change, however small', () => {
    const live = run([...LIVE, { type: 'convex-auth-verdict', verdict: 'accepted' }])
    const reconnecting = transition(live.state, {
      type: 'convex-changed',
      convex: { isAuthenticated: true, connected: false },
    })
    expect(reconnecting.state).not.toBe(live.state)
    expect(reconnecting.state.convex.connected).toBe(false)
    const otherUser = transition(live.state, {
      type: 'clerk-changed',
      clerk: { ...CLERK_SIGNED_IN, userId: 'user_other' },
    })
    expect(otherUser.state.clerk.userId).toBe('user_other')
  })
})
