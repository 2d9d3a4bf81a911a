// The one state machine that decides what the window shows: setup is decided before this runs; from there on,
// every signal (the cached last known user, Clerk, Convex, the network, retries, sign-out) is an event, and the
// screen is a pure function of the resulting state. Side effects are returned as data and run by
// `useSessionMachine`, so every transition is unit-testable without React, Clerk or Electron.
//
// The rules that matter (measured in Chromium with @clerk/electron 0.0.45 / clerk-js 6.40 and the Frontend API
// unreachable: Clerk retries its UI script for about 6 s, errors after a fixed 15 s, `isLoaded` never becomes
// true, and with the UI script available but the API not it can report ready + signed out after ~38 s although
// a client token is cached):
// - Clerk never answers quickly offline, so a valid cache is shown at once, whatever Clerk's status.
// - "Signed out" is definitive only when Clerk's status is `ready` AND its Frontend API actually answered in
//   this run: offline, Clerk can report `ready` + signed out although a client token is cached.
// - Network trouble (Clerk error/timeout, Clerk's offline error, Convex disconnected, a failed probe) never
//   signs anyone out: it keeps (or enters) offline mode and retries with backoff.
// - "The server refused your sign-in" needs definitive evidence: Clerk signed in with its API reached, Convex
//   connected, and Convex answering "not authenticated" to a token it was actually given (a token fetch that
//   failed or timed out is a network problem, not a refusal). It is a server configuration problem (issuer,
//   `convex` JWT template): nothing is retried automatically, and nothing is forgotten or signed out.
import type { ConvexAuthVerdict } from '../backend/convex-auth-verdict'
import type { OfflineReason } from '../features/page-props'
import type { LastKnownUser, LastKnownUserRead } from '../../../electron/shared/contract'
import { CACHE_REFRESH_MS } from '../../../electron/shared/rules/cache-record'
import { backoffDelay, type BackoffPolicy } from '../lib/backoff'

export type ClerkStatus = 'loading' | 'ready' | 'degraded' | 'error'

export interface ClerkSnapshot {
  status: ClerkStatus
  /** `undefined` while Clerk has not decided. */
  isSignedIn: boolean | undefined
  userId: string | null
}

export interface ConvexSnapshot {
  /** Convex has validated the token (`useConvexAuth().isAuthenticated`). */
  isAuthenticated: boolean
  /** The Convex WebSocket is connected. */
  connected: boolean
}

/** Shown above the sign-in (or can't-reach) screen to explain why the user is there. */
export type SessionNotice =
  | 'cache-expired'
  | 'cache-discarded'
  | 'session-ended'
  | 'signed-out-offline'
  | 'signed-out'
  /** The local sign-out could neither remove the token nor record that it must be removed (keychain and disk). */
  | 'sign-out-incomplete'
  /** Another device signed this one out; who and when are in `SessionState.remoteSignOut`. */
  | 'signed-out-remotely'
  | null

/** Another device ended this device's session (Convex `devices.signOutNotice`). */
export interface RemoteSignOut {
  byDeviceName: string
  /** ms since epoch */
  at: number
}

/** How Convex answered the last auth attempt: defined where it is observed (backend/convex-auth-verdict.ts). */
export type { ConvexAuthVerdict }

/** Defined with the pages' view of the session (features/page-props.ts), which Diagnostics shows. */
export type { OfflineReason }

export type Phase =
  /** Reading the cached last known user (a few ms; nothing is decided yet). */
  | { name: 'starting' }
  /** No usable cache: waiting for Clerk (and, once signed in, Convex). */
  | { name: 'connecting' }
  /** No usable cache and the sign-in service cannot be reached: signing in needs a connection. */
  | { name: 'unreachable'; reason: 'browser-offline' | 'sign-in-unreachable' }
  /** Clerk definitively reports no session: show Clerk's sign-in. */
  | { name: 'sign-in' }
  /** The signed-in shell from the cache, marked offline; server actions are disabled. */
  | { name: 'offline'; user: LastKnownUser; reason: OfflineReason }
  /** Clerk and Convex confirmed the session. `user` is null until the first live data arrives. */
  | { name: 'live'; clerkUserId: string; user: LastKnownUser | null }
  /** Signed in with Clerk, Convex connected, and Convex refused the token: a server configuration problem.
   * `user` is the cached user (kept on screen), `retrying` while a "Try again" awaits Convex's answer. */
  | { name: 'server-refused'; clerkUserId: string; user: LastKnownUser | null; retrying: boolean }
  | { name: 'signing-out'; local: boolean }

export interface SessionState {
  phase: Phase
  /** The honoured cached user (or the latest one written while live). */
  cache: LastKnownUser | null
  notice: SessionNotice
  clerk: ClerkSnapshot
  convex: ConvexSnapshot
  /** Convex's latest answer to a token, for the Clerk user signed in when it came. */
  convexAuth: { verdict: ConvexAuthVerdict; clerkUserId: string | null } | null
  network: {
    browserOnline: boolean
    /** Clerk's Frontend API answered in this run and nothing has failed since. */
    clerkApiReached: boolean
    /** Clerk's Frontend API answered at least once in this run (a loaded Clerk then recovers by itself). */
    clerkApiEverReached: boolean
    /** Clerk threw its offline error (token refresh) since the API last answered. */
    clerkOfflineError: boolean
    /** Our own reachability probe of the Frontend API failed since the API last answered. */
    probeFailed: boolean
  }
  retry: { failures: number; inFlight: boolean }
  /** After our own sign-out, a stale "signed in" snapshot from Clerk must not bring the session back. */
  awaitingClerkSignOut: boolean
  /** Set once another device signed this one out; shown with the `signed-out-remotely` notice. */
  remoteSignOut: RemoteSignOut | null
  /** Before clerk-js has loaded: Clerk's Frontend API answered for this client with an active session of this
   *  user, read at start (backend/early-session.ts). Stands in for Clerk's own "signed in" until Clerk loads. */
  earlySession: { clerkUserId: string } | null
}

export type SessionEvent =
  | { type: 'cache-read'; result: LastKnownUserRead }
  | { type: 'cache-read-failed'; message: string }
  | { type: 'clerk-changed'; clerk: ClerkSnapshot }
  | { type: 'clerk-api-reached' }
  /** The early read of Clerk's client found an active session of this user (backend/early-session.ts). */
  | { type: 'early-session'; clerkUserId: string }
  | { type: 'clerk-offline-error' }
  | { type: 'convex-changed'; convex: ConvexSnapshot }
  | { type: 'convex-auth-verdict'; verdict: ConvexAuthVerdict }
  | { type: 'browser-online' }
  | { type: 'browser-offline' }
  /** `manual`: the user pressed "Retry now". */
  | { type: 'retry-now'; manual: boolean }
  | { type: 'retry-due' }
  | { type: 'probe-result'; reachable: boolean }
  | { type: 'live-data'; user: LastKnownUser }
  | { type: 'sign-out-requested' }
  | { type: 'sign-out-finished'; ok: boolean }
  | { type: 'local-session-cleared'; ok: boolean }
  /** The server says another device revoked this device's session (the app checked it is the current one). */
  | { type: 'signed-out-remotely'; byDeviceName: string; at: number }
  /** The user has read the notice (the signed-out screen's "Sign in"): show what comes next. */
  | { type: 'notice-dismissed' }

export type SessionEffect =
  | { type: 'forget-cache' }
  | { type: 'write-cache'; user: LastKnownUser }
  | { type: 'probe' }
  | { type: 'schedule-retry'; delayMs: number }
  | { type: 'cancel-retry' }
  /** Reload the renderer: the only way to retry a Clerk instance that failed to load (cached per module). */
  | { type: 'reload'; retryFailures: number; notice: SessionNotice; remoteSignOut?: RemoteSignOut | null }
  | { type: 'clerk-sign-out' }
  | { type: 'clear-local-session' }
  /** Hand Convex a token again (the server may have been fixed). */
  | { type: 'retry-convex-auth' }

export interface Transition {
  state: SessionState
  effects: SessionEffect[]
}

export interface InitialOptions {
  browserOnline: boolean
  /** Failed retries carried over a reload, so a reload loop still backs off. */
  retryFailures?: number
  /** A notice carried over a reload (sign-out while offline). */
  notice?: SessionNotice
  /** Who signed this device out and when, carried with the `signed-out-remotely` notice. */
  remoteSignOut?: RemoteSignOut | null
}

export const RETRY_BASE_MS = 2_000
export const RETRY_MAX_MS = 60_000
const SESSION_RETRY: BackoffPolicy = { baseMs: RETRY_BASE_MS, maxMs: RETRY_MAX_MS, maxAttempts: Infinity }
/** A live cache whose content did not change is rewritten at most this often (shared with the main process). */
export { CACHE_REFRESH_MS }

/** Delay before the next automatic retry after `failures` consecutive failures. Never gives up: a laptop
 * can be offline for hours and must reconnect by itself. */
export function retryDelay(failures: number): number {
  // The first retry (no failure yet counted) waits the base delay: the shared backoff's first step.
  return backoffDelay(Math.max(0, Math.floor(failures)) + 1, SESSION_RETRY) ?? RETRY_MAX_MS
}

export function initialSessionState(options: InitialOptions): SessionState {
  return {
    phase: { name: 'starting' },
    cache: null,
    notice: options.notice ?? null,
    clerk: { status: 'loading', isSignedIn: undefined, userId: null },
    convex: { isAuthenticated: false, connected: false },
    convexAuth: null,
    network: {
      browserOnline: options.browserOnline,
      clerkApiReached: false,
      clerkApiEverReached: false,
      clerkOfflineError: false,
      probeFailed: false,
    },
    retry: { failures: Math.max(0, options.retryFailures ?? 0), inFlight: false },
    awaitingClerkSignOut: false,
    remoteSignOut: options.notice === 'signed-out-remotely' ? (options.remoteSignOut ?? null) : null,
    earlySession: null,
  }
}

const CLERK_LOADED: readonly ClerkStatus[] = ['ready', 'degraded']

function clerkSignedIn(state: SessionState): boolean {
  return !state.awaitingClerkSignOut && state.clerk.isSignedIn === true && state.clerk.userId !== null
}

/**
 * Who Clerk says is signed in, once it can say: clerk-js's answer once it has loaded; while it is still loading,
 * the early read of the same Frontend API answer (the session clerk-js will find), for the cached user only.
 * Null when nobody is, or nothing is known yet.
 */
function confirmedClerkUser(state: SessionState): string | null {
  if (state.awaitingClerkSignOut) return null
  if (CLERK_LOADED.includes(state.clerk.status)) return clerkSignedIn(state) ? state.clerk.userId : null
  const early = state.earlySession
  if (state.clerk.status === 'loading' && early && early.clerkUserId === state.cache?.clerkUserId) {
    return early.clerkUserId
  }
  return null
}

/** Clerk cannot currently be trusted to answer: failed to load, gave up without reaching its API, or offline. */
function signInUnreachable(state: SessionState): boolean {
  const { clerk, network } = state
  if (clerk.status === 'error' || network.clerkOfflineError) return true
  if (network.clerkApiReached) return false
  return network.probeFailed || CLERK_LOADED.includes(clerk.status)
}

function definitivelySignedOut(state: SessionState): boolean {
  return (
    state.clerk.status === 'ready' &&
    state.clerk.isSignedIn === false &&
    state.network.clerkApiReached &&
    !state.network.clerkOfflineError &&
    state.network.browserOnline
  )
}

function sessionConfirmed(state: SessionState): boolean {
  return (
    confirmedClerkUser(state) !== null &&
    state.network.clerkApiReached &&
    !state.network.clerkOfflineError &&
    state.network.browserOnline &&
    state.convex.isAuthenticated &&
    state.convex.connected
  )
}

/** Everything works except that Convex refused the token it was given, for this very user. */
function serverRefusedSignIn(state: SessionState): boolean {
  const { convex, convexAuth, network } = state
  const clerkUserId = confirmedClerkUser(state)
  return (
    clerkUserId !== null &&
    network.clerkApiReached &&
    !network.clerkOfflineError &&
    network.browserOnline &&
    convex.connected &&
    !convex.isAuthenticated &&
    convexAuth?.verdict === 'rejected' &&
    convexAuth.clerkUserId === clerkUserId
  )
}

function offlineReason(state: SessionState): OfflineReason {
  if (!state.network.browserOnline) return 'browser-offline'
  if (signInUnreachable(state)) return 'sign-in-unreachable'
  // Convex accepted the token and its React state follows in the next render: not a server problem.
  if (state.convex.connected && state.convexAuth?.verdict === 'accepted') return 'connecting'
  if ((clerkSignedIn(state) || confirmedClerkUser(state) !== null) && state.network.clerkApiReached)
    return 'server-unreachable'
  return 'connecting'
}

/** The phase the signals call for. `starting` and `signing-out` are left only by their own events. */
function resolvePhase(state: SessionState): { state: SessionState; effects: SessionEffect[] } {
  const { phase } = state
  if (phase.name === 'starting' || phase.name === 'signing-out') return { state, effects: [] }
  const effects: SessionEffect[] = []
  let next = state

  if (definitivelySignedOut(next)) {
    if (next.cache) effects.push({ type: 'forget-cache' })
    const notice = next.cache ? 'session-ended' : next.notice
    return {
      state: { ...next, phase: { name: 'sign-in' }, cache: null, notice },
      effects: withRetryCancelled(effects),
    }
  }

  // Another account signed in on this machine: the cached user is not theirs to show.
  if (
    next.cache &&
    clerkSignedIn(next) &&
    next.network.clerkApiReached &&
    next.clerk.userId !== next.cache.clerkUserId
  ) {
    next = { ...next, cache: null }
    effects.push({ type: 'forget-cache' })
  }

  if (sessionConfirmed(next)) {
    const clerkUserId = confirmedClerkUser(next) as string
    const user = phase.name === 'live' && phase.clerkUserId === clerkUserId ? phase.user : next.cache
    return {
      state: {
        ...next,
        phase: { name: 'live', clerkUserId, user },
        notice: null,
        retry: { failures: 0, inFlight: next.retry.inFlight },
      },
      effects: withRetryCancelled(effects),
    }
  }

  if (serverRefusedSignIn(next)) {
    const clerkUserId = confirmedClerkUser(next) as string
    const retrying = phase.name === 'server-refused' && phase.retrying
    return {
      state: {
        ...next,
        phase: { name: 'server-refused', clerkUserId, user: next.cache, retrying },
        retry: { failures: 0, inFlight: next.retry.inFlight },
      },
      // A configuration problem does not go away by probing the network: no automatic retries.
      effects: withRetryCancelled(effects),
    }
  }

  let target: Phase
  if (next.cache) {
    target = { name: 'offline', user: next.cache, reason: offlineReason(next) }
  } else if (!next.network.browserOnline) {
    target = { name: 'unreachable', reason: 'browser-offline' }
  } else if (signInUnreachable(next)) {
    target = { name: 'unreachable', reason: 'sign-in-unreachable' }
  } else if (phase.name === 'sign-in' && !clerkSignedIn(next)) {
    // Signing in is in progress inside Clerk's form; keep it on screen.
    target = phase
  } else {
    target = { name: 'connecting' }
  }
  return { state: { ...next, phase: target }, effects }
}

function withRetryCancelled(effects: SessionEffect[]): SessionEffect[] {
  return [...effects, { type: 'cancel-retry' }]
}

/** Clerk's Frontend API answered: whatever failed before is over. */
function apiReached(network: SessionState['network']): SessionState['network'] {
  return {
    ...network,
    clerkApiReached: true,
    clerkApiEverReached: true,
    clerkOfflineError: false,
    probeFailed: false,
  }
}

function needsRetry(phase: Phase): boolean {
  return phase.name === 'offline' || phase.name === 'unreachable'
}

/** Resolve, then start automatic retries when entering a degraded phase. */
function settle(previous: SessionState, next: SessionState, effects: SessionEffect[] = []): Transition {
  const resolved = resolvePhase(next)
  const all = [...effects, ...resolved.effects]
  const entered = needsRetry(resolved.state.phase) && !needsRetry(previous.phase)
  if (entered && !resolved.state.retry.inFlight) {
    all.push({ type: 'schedule-retry', delayMs: retryDelay(resolved.state.retry.failures) })
  }
  // The same state when nothing in it changed, so React renders nothing (the effects still run). Convex's verdict
  // on every refreshed token (about once a minute) and Clerk's and Convex's unchanged snapshots each made a new,
  // equal state, and with it a render of the whole window (`npm run bench:live-data -- --only memory`).
  const state = samePlainData(previous, resolved.state) ? previous : resolved.state
  return { state, effects: all }
}

/** Deep equality of plain data (what SessionState is made of: objects, arrays, strings, numbers, booleans, null). */
function samePlainData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const aKeys = Object.keys(a)
  const bKeys = Object.keys(b)
  if (aKeys.length !== bKeys.length) return false
  return aKeys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      samePlainData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  )
}

function sameContent(a: LastKnownUser, b: LastKnownUser): boolean {
  return (
    a.clerkUserId === b.clerkUserId &&
    JSON.stringify(a.profile) === JSON.stringify(b.profile) &&
    JSON.stringify(a.devices) === JSON.stringify(b.devices)
  )
}

export function transition(state: SessionState, event: SessionEvent): Transition {
  switch (event.type) {
    case 'cache-read': {
      if (state.phase.name !== 'starting') return { state, effects: [] }
      const result = event.result
      const base: SessionState = { ...state, phase: { name: 'connecting' } }
      // Start a probe right away: without a cache the user should not wait Clerk's 15 s to learn it is offline.
      const probe: SessionEffect = { type: 'probe' }
      const probing = { ...base, retry: { ...base.retry, inFlight: true } }
      switch (result.status) {
        case 'valid':
          return settle(state, { ...probing, cache: result.user }, [probe])
        case 'expired':
          // Not honoured, and personal data with no use left: remove it.
          return settle(state, { ...probing, cache: null, notice: 'cache-expired' }, [
            { type: 'forget-cache' },
            probe,
          ])
        case 'discarded':
          return settle(state, { ...probing, cache: null, notice: 'cache-discarded' }, [probe])
        case 'none':
          return settle(state, probing, [probe])
      }
      break
    }
    case 'cache-read-failed': {
      if (state.phase.name !== 'starting') return { state, effects: [] }
      const probing: SessionState = {
        ...state,
        phase: { name: 'connecting' },
        retry: { ...state.retry, inFlight: true },
      }
      return settle(state, probing, [{ type: 'probe' }])
    }
    case 'clerk-changed': {
      const awaiting = state.awaitingClerkSignOut && event.clerk.isSignedIn !== false
      return settle(state, { ...state, clerk: event.clerk, awaitingClerkSignOut: awaiting })
    }
    case 'clerk-api-reached':
      if (state.network.clerkApiReached && !state.network.clerkOfflineError && !state.network.probeFailed) {
        return { state, effects: [] }
      }
      return settle(state, { ...state, network: apiReached(state.network) })
    case 'early-session':
      // Clerk's Frontend API answered, too. Once clerk-js has loaded (or a sign-out began) it is not news.
      if (state.clerk.status !== 'loading' || state.awaitingClerkSignOut) return { state, effects: [] }
      return settle(state, {
        ...state,
        earlySession: { clerkUserId: event.clerkUserId },
        network: apiReached(state.network),
      })
    case 'clerk-offline-error':
      return settle(state, {
        ...state,
        network: { ...state.network, clerkOfflineError: true, clerkApiReached: false },
      })
    case 'convex-changed':
      return settle(state, { ...state, convex: event.convex })
    case 'convex-auth-verdict': {
      const { phase } = state
      const convexAuth = {
        verdict: event.verdict,
        clerkUserId: confirmedClerkUser(state) ?? state.clerk.userId,
      }
      // Any verdict answers a pending "Try again".
      const answered: Phase = phase.name === 'server-refused' ? { ...phase, retrying: false } : phase
      return settle(state, { ...state, convexAuth, phase: answered })
    }
    case 'browser-offline':
      return settle(state, {
        ...state,
        network: { ...state.network, browserOnline: false, clerkApiReached: false },
      })
    case 'browser-online': {
      const online = { ...state, network: { ...state.network, browserOnline: true } }
      const settled = settle(state, online)
      // The network is back: retry now rather than at the end of the current backoff.
      return retryNow(settled.state, settled.effects, false)
    }
    case 'retry-now':
      return retryNow(state, [], event.manual)
    case 'retry-due':
      return retryNow(state, [], false)
    case 'probe-result': {
      const retry = { ...state.retry, inFlight: false }
      if (!event.reachable) {
        const failures = retry.failures + 1
        const next: SessionState = {
          ...state,
          retry: { failures, inFlight: false },
          network: { ...state.network, probeFailed: true, clerkApiReached: false },
        }
        const settled = settle(state, next)
        const effects: SessionEffect[] = settled.effects.filter((e) => e.type !== 'schedule-retry')
        if (needsRetry(settled.state.phase) || settled.state.phase.name === 'connecting') {
          effects.push({ type: 'schedule-retry', delayMs: retryDelay(failures) })
        }
        return { state: settled.state, effects }
      }
      const next: SessionState = { ...state, retry, network: { ...state.network, probeFailed: false } }
      const settled = settle(state, next)
      const effects: SessionEffect[] = settled.effects.filter((e) => e.type !== 'schedule-retry')
      if (!needsRetry(settled.state.phase)) return { state: settled.state, effects }
      const failures = retry.failures + 1
      const after: SessionState = { ...settled.state, retry: { failures, inFlight: false } }
      // The Frontend API answers but Clerk is stuck (failed instance cached per module): only a reload retries it.
      if (clerkStuck(after)) {
        return {
          state: after,
          effects: [...effects, { type: 'reload', retryFailures: failures, notice: after.notice }],
        }
      }
      // Clerk is fine; Convex reconnects by itself. Keep checking.
      return {
        state: after,
        effects: [...effects, { type: 'schedule-retry', delayMs: retryDelay(failures) }],
      }
    }
    case 'live-data': {
      const { phase } = state
      if (phase.name !== 'live' || phase.clerkUserId !== event.user.clerkUserId) return { state, effects: [] }
      const previous = phase.user ?? state.cache
      const unchanged =
        previous !== null &&
        sameContent(previous, event.user) &&
        event.user.confirmedOnlineAt - previous.confirmedOnlineAt < CACHE_REFRESH_MS
      if (unchanged) return { state, effects: [] }
      return {
        state: { ...state, cache: event.user, phase: { ...phase, user: event.user } },
        effects: [{ type: 'write-cache', user: event.user }],
      }
    }
    case 'sign-out-requested': {
      const { phase } = state
      if (phase.name === 'live' || phase.name === 'server-refused') {
        // Clerk's API answers in both: the sign-out goes through Clerk, and falls back to local if it fails.
        return {
          state: { ...state, phase: { name: 'signing-out', local: false } },
          effects: [{ type: 'clerk-sign-out' }],
        }
      }
      if (phase.name === 'offline') {
        // Clerk cannot reach its API: remove everything local now; the server session ends when its token expires.
        return {
          state: { ...state, phase: { name: 'signing-out', local: true } },
          effects: [{ type: 'cancel-retry' }, { type: 'clear-local-session' }],
        }
      }
      return { state, effects: [] }
    }
    case 'sign-out-finished': {
      if (state.phase.name !== 'signing-out' || state.phase.local) return { state, effects: [] }
      if (!event.ok) {
        // Clerk's sign-out failed (network): fall back to the local sign-out rather than leaving a session behind.
        return {
          state: { ...state, phase: { name: 'signing-out', local: true } },
          effects: [{ type: 'clear-local-session' }],
        }
      }
      return {
        state: {
          ...state,
          phase: { name: 'sign-in' },
          cache: null,
          notice: 'signed-out',
          awaitingClerkSignOut: state.clerk.isSignedIn !== false,
          earlySession: null,
        },
        // Everything local goes, not only the cache: Clerk's client token (now of a client without a session)
        // would otherwise stay in the keychain after the user signed out.
        effects: [{ type: 'clear-local-session' }, { type: 'cancel-retry' }],
      }
    }
    case 'local-session-cleared': {
      // After an online sign-out the sign-in screen is already up: only a removal that did not stick is news.
      if (!event.ok && state.phase.name === 'sign-in')
        return { state: { ...state, notice: 'sign-out-incomplete' }, effects: [] }
      if (state.phase.name !== 'signing-out' || !state.phase.local) return { state, effects: [] }
      // Clerk still holds the session in memory; a reload starts it from the now empty storage. When the main
      // process could not make the removal stick, the user is told rather than shown "signed out".
      const notice: SessionNotice = !event.ok
        ? 'sign-out-incomplete'
        : state.remoteSignOut
          ? 'signed-out-remotely'
          : 'signed-out-offline'
      return {
        state: { ...state, cache: null, notice },
        effects: [
          {
            type: 'reload',
            retryFailures: 0,
            notice,
            ...(state.remoteSignOut ? { remoteSignOut: state.remoteSignOut } : {}),
          },
        ],
      }
    }
    case 'notice-dismissed':
      // Only dismissed while nothing is under way: during a sign-out the notice still has to be carried over.
      if (state.phase.name === 'signing-out' || state.notice === null) return { state, effects: [] }
      return { state: { ...state, notice: null }, effects: [] }
    case 'signed-out-remotely': {
      // Once per run: the clear below ends in a reload, which starts without anything to watch.
      if (state.phase.name === 'starting' || state.remoteSignOut !== null) return { state, effects: [] }
      const remoteSignOut = { byDeviceName: event.byDeviceName, at: event.at }
      // Whatever is on screen (the live or cached shell, or the sign-in screen after Clerk noticed first, with
      // Clerk's client token still in the keychain): forget every local secret and the cache, then reload.
      // Clerk's own sign-out is not needed: the session is already over at Clerk.
      return {
        state: { ...state, phase: { name: 'signing-out', local: true }, cache: null, remoteSignOut },
        effects: [{ type: 'cancel-retry' }, { type: 'clear-local-session' }],
      }
    }
  }
  return { state, effects: [] }
}

/** Clerk cannot recover without a reload: it failed to load, or it loaded without its API ever answering (it
 * then reports a made-up "signed out" and stops trying). A Clerk that did reach its API and then lost the
 * network recovers by itself (its token poller reaches the API again), so it is not reloaded. */
function clerkStuck(state: SessionState): boolean {
  const { clerk, network } = state
  if (clerk.status === 'error') return true
  return CLERK_LOADED.includes(clerk.status) && !network.clerkApiEverReached
}

function retryNow(state: SessionState, effects: SessionEffect[], manual: boolean): Transition {
  const { phase } = state
  if (phase.name === 'server-refused') {
    // Only the user retries a refused sign-in: automatic retries would hammer a misconfigured server.
    if (!manual || phase.retrying) return { state, effects }
    return {
      state: { ...state, phase: { ...phase, retrying: true } },
      effects: [...effects, { type: 'retry-convex-auth' }],
    }
  }
  const retrying = needsRetry(phase) || phase.name === 'connecting'
  if (!retrying) return { state, effects }
  // Pressing "Retry now" while Clerk is stuck reloads at once: a probe would only confirm what the user sees.
  // On the can't-reach screen there is nothing on screen to lose, and a reload is the one retry that restarts
  // Clerk's own loading (its instance is cached per module), whatever state that loading is in.
  if (manual && (clerkStuck(state) || phase.name === 'unreachable')) {
    return {
      state,
      effects: [...effects, { type: 'reload', retryFailures: state.retry.failures, notice: state.notice }],
    }
  }
  if (state.retry.inFlight) return { state, effects }
  return {
    state: { ...state, retry: { ...state.retry, inFlight: true } },
    effects: [
      ...effects.filter((e) => e.type !== 'schedule-retry'),
      { type: 'cancel-retry' },
      { type: 'probe' },
    ],
  }
}
