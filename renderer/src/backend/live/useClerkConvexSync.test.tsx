import { act, cleanup, renderHook } from '@testing-library/react'
import { ConvexError } from 'convex/values'
import { StrictMode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setConvexAuthHandedOver } from '../convex-auth-handover'
import { fake, mutation, resetFakes } from '../testing/fakes'
import { useClerkConvexSync } from './useClerkConvexSync'

vi.mock('convex/react', async () => (await import('../testing/fakes')).convexReactModule)
vi.mock('@clerk/electron/react', async () => (await import('../testing/fakes')).clerkReactModule)

const policy = { baseMs: 1_000, maxMs: 8_000, maxAttempts: 4 }
const userDoc = {
  _id: 'u1',
  _creationTime: 1,
  clerkUserId: 'user_1',
  email: 'ada@example.com',
  clerkUpdatedAt: 1,
  lastSyncedAt: 2,
  lastSyncSource: 'jwt',
}

function pending<T>(): {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
} {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const store = () => mutation('users:store')
const flush = () => act(async () => {})
// One act per step: React renders (and so schedules the next retry) only when an act scope ends.
async function elapse(ms: number, step = 1_000) {
  for (let t = 0; t < ms; t += step) await act(async () => vi.advanceTimersByTimeAsync(step))
}

beforeEach(() => {
  resetFakes()
  setConvexAuthHandedOver(false)
  vi.useFakeTimers({ now: 1_800_000_000_000 })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('useClerkConvexSync', () => {
  it('is signed-out when Clerk has loaded without a session, and stores nothing', async () => {
    fake.auth = { isLoaded: true, isSignedIn: false, sessionId: null, userId: null }
    fake.convexAuth = { isLoading: false, isAuthenticated: false }
    const { result } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(result.current).toMatchObject({ status: 'signed-out', user: null, error: null })
    expect(store()).not.toHaveBeenCalled()
  })

  it('is authenticating while Clerk loads, and while Clerk is signed in but Convex has not validated the token', async () => {
    fake.auth = { isLoaded: false, isSignedIn: undefined, sessionId: null, userId: null }
    fake.convexAuth = { isLoading: true, isAuthenticated: false }
    const { result, rerender } = renderHook(() => useClerkConvexSync(policy))
    expect(result.current.status).toBe('authenticating')

    fake.auth = { isLoaded: true, isSignedIn: true, sessionId: 'sess_1', userId: 'user_1' }
    rerender()
    await flush()
    expect(result.current.status).toBe('authenticating')
    // Gate on Convex, not on Clerk: nothing is stored and `me` is not even subscribed yet.
    expect(store()).not.toHaveBeenCalled()
    expect(fake.subscribed.filter((s) => s.name === 'users:me')).toEqual([])
  })

  it('subscribes users.me once Convex has the token source, before it confirmed the token, and shows nothing of it until then', async () => {
    fake.auth = { isLoaded: true, isSignedIn: true, sessionId: 'sess_1', userId: 'user_1' }
    fake.convexAuth = { isLoading: true, isAuthenticated: false }
    // What the server answers a refused token's query with: it must not surface while Convex is deciding.
    fake.queries.set(
      'users:me',
      new ConvexError({ code: 'UNAUTHENTICATED', message: 'Sign in to continue.' }),
    )
    const { result } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(fake.subscribed.filter((s) => s.name === 'users:me')).toEqual([])

    act(() => setConvexAuthHandedOver(true))
    await flush()
    expect(fake.subscribed.filter((s) => s.name === 'users:me').at(-1)).toEqual({
      name: 'users:me',
      args: {},
    })
    expect(result.current).toMatchObject({ status: 'authenticating', user: null, error: null })
    expect(store()).not.toHaveBeenCalled()
  })

  it('does not subscribe users.me for a hand-over while Clerk is signed out', async () => {
    fake.auth = { isLoaded: true, isSignedIn: false, sessionId: null, userId: null }
    fake.convexAuth = { isLoading: false, isAuthenticated: false }
    setConvexAuthHandedOver(true)
    renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(fake.subscribed.filter((s) => s.name === 'users:me')).toEqual([])
  })

  it('is syncing while users.store runs, calling it exactly once (also under StrictMode)', async () => {
    store().mockReturnValue(pending<unknown>().promise)
    const { result, rerender } = renderHook(() => useClerkConvexSync(policy), { wrapper: StrictMode })
    await flush()
    rerender()
    await flush()
    expect(result.current.status).toBe('syncing')
    expect(store()).toHaveBeenCalledTimes(1)
    expect(store()).toHaveBeenCalledWith({})
  })

  it('treats me === null after a successful store as still syncing (first-login race), then synced', async () => {
    store().mockResolvedValue({ userId: 'u1', created: true, changed: true })
    fake.queries.set('users:me', null)
    const { result, rerender } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(result.current).toMatchObject({ status: 'syncing', user: null, error: null })

    fake.queries.set('users:me', userDoc)
    rerender()
    expect(result.current).toMatchObject({ status: 'synced', user: userDoc, error: null })
    expect(store()).toHaveBeenCalledTimes(1)
  })

  it('is not synced from an old `me` row alone: the store for this session has to finish first', async () => {
    const call = pending<unknown>()
    store().mockReturnValue(call.promise)
    fake.queries.set('users:me', userDoc)
    const { result } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    // The previous row is shown while the re-sync runs, without claiming it is current.
    expect(result.current).toMatchObject({ status: 'syncing', user: userDoc })
    await act(async () => call.resolve({ userId: 'u1', created: false, changed: false }))
    expect(result.current.status).toBe('synced')
  })

  it('reports a failure, retries with growing delays, and recovers', async () => {
    store().mockRejectedValue(new TypeError('Failed to fetch'))
    fake.queries.set('users:me', userDoc)
    const { result } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(result.current.status).toBe('error')
    expect(result.current.error).toMatchObject({ code: 'NETWORK', title: 'Cannot reach the server' })
    expect(result.current.nextRetryAt).toBe(Date.now() + 1_000)

    await act(async () => vi.advanceTimersByTimeAsync(999))
    expect(store()).toHaveBeenCalledTimes(1)
    await act(async () => vi.advanceTimersByTimeAsync(1))
    expect(store()).toHaveBeenCalledTimes(2)
    expect(result.current.nextRetryAt).toBe(Date.now() + 2_000)

    store().mockResolvedValue({ userId: 'u1', created: false, changed: true })
    await act(async () => vi.advanceTimersByTimeAsync(2_000))
    expect(store()).toHaveBeenCalledTimes(3)
    expect(result.current).toMatchObject({ status: 'synced', error: null, nextRetryAt: null })
  })

  it('stops retrying at the cap and retries again only when asked', async () => {
    store().mockRejectedValue(new TypeError('Failed to fetch'))
    const { result } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    await elapse(60_000)
    expect(store()).toHaveBeenCalledTimes(policy.maxAttempts)
    expect(result.current).toMatchObject({ status: 'error', nextRetryAt: null })

    await elapse(600_000, 60_000)
    expect(store()).toHaveBeenCalledTimes(policy.maxAttempts)

    store().mockResolvedValue({ userId: 'u1', created: false, changed: false })
    fake.queries.set('users:me', userDoc)
    await act(async () => result.current.retry())
    expect(store()).toHaveBeenCalledTimes(policy.maxAttempts + 1)
    expect(result.current.status).toBe('synced')
  })

  it('does not retry by itself when the account was deleted', async () => {
    store().mockRejectedValue(
      new ConvexError({ code: 'USER_DELETED', message: 'This account has been deleted.' }),
    )
    const { result } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(result.current.error).toMatchObject({ code: 'USER_DELETED', retryable: false })
    expect(result.current.nextRetryAt).toBeNull()
    await elapse(600_000, 60_000)
    expect(store()).toHaveBeenCalledTimes(1)
  })

  it('reports an error from users.me (e.g. a deleted account) instead of throwing into the shell', async () => {
    store().mockResolvedValue({ userId: 'u1', created: false, changed: false })
    fake.queries.set('users:me', new ConvexError({ code: 'USER_DELETED', message: 'gone' }))
    const { result } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(result.current).toMatchObject({ status: 'error', user: null, error: { code: 'USER_DELETED' } })
  })

  it('stores again when Clerk reports a changed user, and not on unrelated renders', async () => {
    store().mockResolvedValue({ userId: 'u1', created: false, changed: false })
    fake.queries.set('users:me', userDoc)
    const { result, rerender } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    rerender()
    await flush()
    expect(store()).toHaveBeenCalledTimes(1)

    fake.user = { id: 'user_1', updatedAt: new Date(1_700_000_999_000) }
    rerender()
    await flush()
    expect(store()).toHaveBeenCalledTimes(2)
    expect(result.current.status).toBe('synced')

    fake.user = { id: 'user_2', updatedAt: new Date(1_700_000_999_000) }
    rerender()
    await flush()
    expect(store()).toHaveBeenCalledTimes(3)
  })

  it('ignores the late result of a store for a user version that is no longer current', async () => {
    const first = pending<unknown>()
    const second = pending<unknown>()
    store().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise)
    fake.queries.set('users:me', userDoc)
    const { result, rerender } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    fake.user = { id: 'user_1', updatedAt: new Date(1_700_000_999_000) }
    rerender()
    await flush()
    expect(store()).toHaveBeenCalledTimes(2)

    await act(async () => first.resolve({ userId: 'u1', created: false, changed: false }))
    expect(result.current.status).toBe('syncing')
    await act(async () => second.resolve({ userId: 'u1', created: false, changed: true }))
    expect(result.current.status).toBe('synced')
  })

  it('does not store again when Convex briefly re-validates the token in the same session', async () => {
    store().mockResolvedValue({ userId: 'u1', created: false, changed: false })
    fake.queries.set('users:me', userDoc)
    const { result, rerender } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    fake.convexAuth = { isLoading: true, isAuthenticated: false }
    rerender()
    await flush()
    expect(result.current.status).toBe('authenticating')
    fake.convexAuth = { isLoading: false, isAuthenticated: true }
    rerender()
    await flush()
    expect(result.current.status).toBe('synced')
    expect(store()).toHaveBeenCalledTimes(1)
  })

  it('stores again for a new session after signing out and in', async () => {
    store().mockResolvedValue({ userId: 'u1', created: false, changed: false })
    fake.queries.set('users:me', userDoc)
    const { result, rerender } = renderHook(() => useClerkConvexSync(policy))
    await flush()
    expect(result.current.status).toBe('synced')

    fake.auth = { isLoaded: true, isSignedIn: false, sessionId: null, userId: null }
    fake.convexAuth = { isLoading: false, isAuthenticated: false }
    rerender()
    await flush()
    expect(result.current).toMatchObject({ status: 'signed-out', user: null })

    fake.auth = { isLoaded: true, isSignedIn: true, sessionId: 'sess_2', userId: 'user_1' }
    fake.convexAuth = { isLoading: false, isAuthenticated: true }
    rerender()
    await flush()
    expect(store()).toHaveBeenCalledTimes(2)
    expect(result.current.status).toBe('synced')
  })
})
