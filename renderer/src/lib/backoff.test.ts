import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff'

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 500, maxAttempts: 5 }

  it('doubles from the base delay and caps at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 500])
  })

  it('stops automatic retries at the attempt cap', () => {
    expect(backoffDelay(5, policy)).toBeNull()
    expect(backoffDelay(50, policy)).toBeNull()
  })

  it('retries at once for nonsense attempt counts instead of waiting forever', () => {
    expect(backoffDelay(0, policy)).toBe(0)
    expect(backoffDelay(Number.NaN, policy)).toBe(0)
  })
})
