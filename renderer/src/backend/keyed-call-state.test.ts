import { describe, expect, it } from 'vitest'
import type { DescribedError } from './convex-errors'
import { initialKeyedCallState, keyedCallReducer, type KeyedCallState } from './keyed-call-state'

const policy = { baseMs: 100, maxMs: 1_000, maxAttempts: 3 }
const network: DescribedError = { code: 'NETWORK', title: 't', message: 'm', retryable: true }
const deleted: DescribedError = { code: 'USER_DELETED', title: 't', message: 'm', retryable: false }

function run(...actions: Parameters<typeof keyedCallReducer>[1][]): KeyedCallState {
  return actions.reduce(keyedCallReducer, initialKeyedCallState)
}

describe('keyedCallReducer', () => {
  it('start -> succeeded', () => {
    expect(run({ type: 'start', key: 'a' }, { type: 'succeeded', key: 'a' })).toEqual({
      key: 'a',
      phase: 'done',
      failures: 0,
      error: null,
      retryAt: null,
    })
  })

  it('schedules retries with growing delays and stops at the cap', () => {
    const once = run(
      { type: 'start', key: 'a' },
      { type: 'failed', key: 'a', error: network, now: 1_000, policy },
    )
    expect(once).toMatchObject({ phase: 'failed', failures: 1, retryAt: 1_100 })
    const twice = run(
      { type: 'start', key: 'a' },
      { type: 'failed', key: 'a', error: network, now: 1_000, policy },
      { type: 'retry-due', key: 'a' },
      { type: 'start', key: 'a' },
      { type: 'failed', key: 'a', error: network, now: 2_000, policy },
    )
    expect(twice).toMatchObject({ failures: 2, retryAt: 2_200, error: network })
    const capped = [twice]
      .map((s) => keyedCallReducer(s, { type: 'retry-due', key: 'a' }))
      .map((s) => keyedCallReducer(s, { type: 'start', key: 'a' }))
      .map((s) => keyedCallReducer(s, { type: 'failed', key: 'a', error: network, now: 3_000, policy }))[0]
    expect(capped).toMatchObject({ phase: 'failed', failures: 3, retryAt: null })
  })

  it('never schedules a retry for a permanent error', () => {
    expect(
      run({ type: 'start', key: 'a' }, { type: 'failed', key: 'a', error: deleted, now: 0, policy }),
    ).toMatchObject({
      phase: 'failed',
      retryAt: null,
    })
  })

  it('ignores results and timers for a key that is no longer current', () => {
    const state = run({ type: 'start', key: 'a' }, { type: 'start', key: 'b' })
    expect(keyedCallReducer(state, { type: 'succeeded', key: 'a' })).toBe(state)
    expect(keyedCallReducer(state, { type: 'failed', key: 'a', error: network, now: 0, policy })).toBe(state)
    expect(keyedCallReducer(state, { type: 'retry-due', key: 'a' })).toBe(state)
  })

  it('manual retry restarts the backoff series but leaves a running call alone', () => {
    const failed = run(
      { type: 'start', key: 'a' },
      { type: 'failed', key: 'a', error: network, now: 0, policy },
    )
    expect(keyedCallReducer(failed, { type: 'manual-retry' })).toMatchObject({
      phase: 'idle',
      failures: 0,
      retryAt: null,
    })
    const running = run({ type: 'start', key: 'a' })
    expect(keyedCallReducer(running, { type: 'manual-retry' })).toBe(running)
    expect(keyedCallReducer(initialKeyedCallState, { type: 'manual-retry' })).toBe(initialKeyedCallState)
  })

  it('reset forgets everything (sign-out)', () => {
    expect(run({ type: 'start', key: 'a' }, { type: 'reset' })).toEqual(initialKeyedCallState)
  })
})
