// Clerk's status reaches the session machine by Clerk's `status` event alone (no polling), under StrictMode and
// across Clerk's hand-over from its React wrapper to clerk-js. The fake Clerk keeps its status the way clerk-js and
// the wrapper do: Clerk's own event bus (`@clerk/shared`), the getter set by a prioritised listener, and at load
// the wrapper's listeners re-registered on clerk-js with `notify` (IsomorphicClerk.replayInterceptedInvocations).
import { createClerkEventBus } from '@clerk/shared/clerkEventBus'
import { act, cleanup, renderHook } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClerkStatus } from '../session-machine'
import type { SessionEvent } from '../session-machine'
import { useSessionSignals } from './useSessionSignals'

type Bus = ReturnType<typeof createClerkEventBus>

function statusBus(initial: ClerkStatus) {
  const bus = createClerkEventBus()
  const holder = { bus, status: initial }
  bus.emit('status', initial)
  bus.prioritizedOn('status', (status) => (holder.status = status))
  return holder
}

const fake = vi.hoisted(() => ({
  clerk: null as unknown as {
    readonly status: ClerkStatus
    on: Bus['on']
    off: Bus['off']
  },
  statusReads: 0,
}))

vi.mock('@clerk/electron/react', () => ({
  useClerk: () => fake.clerk,
  useAuth: () => ({ isLoaded: false, isSignedIn: undefined, userId: null }),
}))
vi.mock('convex/react', () => {
  const client = {
    connectionState: () => ({ isWebSocketConnected: false }),
    subscribeToConnectionState: () => () => undefined,
  }
  return { useConvex: () => client, useConvexAuth: () => ({ isLoading: true, isAuthenticated: false }) }
})

/** Clerk as the React wrapper presents it: its own bus until clerk-js has loaded, then clerk-js's. */
function wrapperClerk() {
  const wrapper = statusBus('loading')
  let clerkjs: ReturnType<typeof statusBus> | null = null
  const current = () => clerkjs ?? wrapper
  fake.clerk = {
    get status() {
      fake.statusReads++
      return current().status
    },
    on: (...args) => current().bus.on(...args),
    off: (...args) => current().bus.off(...args),
  }
  return {
    /** clerk-js finished loading with `status` (emitted on its own bus first), then the wrapper replays. */
    load(status: ClerkStatus) {
      const loaded = statusBus('loading')
      loaded.bus.emit('status', status)
      clerkjs = loaded
      for (const listener of wrapper.bus.internal.retrieveListeners('status'))
        loaded.bus.on('status', listener, { notify: true })
    },
    emit(status: ClerkStatus) {
      current().bus.emit('status', status)
    },
    listeners: () => current().bus.internal.retrieveListeners('status').length,
  }
}

function clerkStatuses(dispatch: ReturnType<typeof vi.fn>): ClerkStatus[] {
  return dispatch.mock.calls
    .map(([event]) => event as SessionEvent)
    .flatMap((event) => (event.type === 'clerk-changed' ? [event.clerk.status] : []))
}

beforeEach(() => {
  fake.statusReads = 0
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('Clerk status', () => {
  it('arrives after a StrictMode remount, with one listener left registered', () => {
    const clerk = wrapperClerk()
    const dispatch = vi.fn()
    renderHook(() => useSessionSignals(dispatch), { wrapper: StrictMode })
    expect(clerkStatuses(dispatch).at(-1)).toBe('loading')
    // StrictMode mounted, unmounted and mounted the effects again: the second subscription is the only one.
    expect(clerk.listeners()).toBe(1)

    act(() => clerk.emit('degraded'))
    expect(clerkStatuses(dispatch).at(-1)).toBe('degraded')
  })

  it('arrives across the hand-over from the wrapper to clerk-js, and after it', () => {
    const clerk = wrapperClerk()
    const dispatch = vi.fn()
    renderHook(() => useSessionSignals(dispatch), { wrapper: StrictMode })

    act(() => clerk.load('ready'))
    expect(clerkStatuses(dispatch).at(-1)).toBe('ready')
    act(() => clerk.emit('degraded'))
    expect(clerkStatuses(dispatch).at(-1)).toBe('degraded')
  })

  it('is current at once when the hook mounts again after Clerk changed without it', () => {
    const clerk = wrapperClerk()
    const first = vi.fn()
    const { unmount } = renderHook(() => useSessionSignals(first), { wrapper: StrictMode })
    unmount()
    act(() => clerk.load('ready'))
    expect(clerk.listeners()).toBe(0)

    const second = vi.fn()
    renderHook(() => useSessionSignals(second), { wrapper: StrictMode })
    expect(clerkStatuses(second)).not.toContain('loading')
    expect(clerkStatuses(second).at(-1)).toBe('ready')
  })

  it('costs nothing while the status stands still: no timer reads it', () => {
    vi.useFakeTimers()
    wrapperClerk()
    const dispatch = vi.fn()
    renderHook(() => useSessionSignals(dispatch), { wrapper: StrictMode })
    const reads = fake.statusReads
    const dispatched = dispatch.mock.calls.length

    act(() => vi.advanceTimersByTime(10 * 60_000))
    expect(fake.statusReads).toBe(reads)
    expect(dispatch.mock.calls.length).toBe(dispatched)
  })
})
