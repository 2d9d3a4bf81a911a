import { cleanup, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api } from '../../../../convex/_generated/api'
import { fake, resetFakes } from '../testing/fakes'
import { useQueryState } from './useQueryState'

vi.mock('convex/react', async () => (await import('../testing/fakes')).convexReactModule)

const me = (name: string, lastSyncedAt = 2) => ({
  _id: 'u1',
  _creationTime: 1,
  clerkUserId: 'user_1',
  name,
  lastSyncedAt,
  tags: ['a', 'b'],
})

beforeEach(resetFakes)
afterEach(cleanup)

describe('useQueryState', () => {
  it('keeps the same state object while Convex resends a result with the same content', () => {
    fake.queries.set('users:me', me('Ada'))
    const { result, rerender } = renderHook(() => useQueryState(api.users.me, {}))
    const first = result.current
    expect(first).toEqual({ status: 'ok', data: me('Ada') })
    // What a resend after re-authentication gives: new objects, the same content.
    fake.queries.set('users:me', me('Ada'))
    rerender()
    expect(result.current).toBe(first)
  })

  it('gives a new state for new content, and for loading, an error, and skip', () => {
    fake.queries.set('users:me', me('Ada'))
    const { result, rerender } = renderHook(
      ({ args }: { args: Record<string, never> | 'skip' }) => useQueryState(api.users.me, args),
      { initialProps: { args: {} as Record<string, never> | 'skip' } },
    )
    const ada = result.current
    fake.queries.set('users:me', me('Ada', 3))
    rerender({ args: {} })
    expect(result.current).not.toBe(ada)
    expect(result.current).toEqual({ status: 'ok', data: me('Ada', 3) })

    const failure = new Error('USER_DELETED')
    fake.queries.set('users:me', failure)
    rerender({ args: {} })
    expect(result.current).toEqual({ status: 'error', error: failure })
    // Another failure is another error, even with the same words.
    const again = new Error('USER_DELETED')
    fake.queries.set('users:me', again)
    rerender({ args: {} })
    expect(result.current).toMatchObject({ status: 'error' })
    expect((result.current as { error: Error }).error).toBe(again)

    fake.queries.delete('users:me')
    rerender({ args: {} })
    expect(result.current).toEqual({ status: 'loading' })

    fake.queries.set('users:me', me('Ada'))
    rerender({ args: 'skip' })
    expect(result.current).toEqual({ status: 'loading' })
  })
})
