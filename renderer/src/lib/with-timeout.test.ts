import { afterEach, describe, expect, it, vi } from 'vitest'
import { TimeoutError } from '../backend/convex-errors'
import { withTimeout } from './with-timeout'

afterEach(() => {
  vi.useRealTimers()
})

describe('withTimeout', () => {
  it('passes a value or an error through when the promise settles in time', async () => {
    await expect(withTimeout(Promise.resolve(1), 100, 'x')).resolves.toBe(1)
    await expect(withTimeout(Promise.reject(new Error('boom')), 100, 'x')).rejects.toThrow('boom')
  })

  it('rejects with a TimeoutError naming what hung', async () => {
    vi.useFakeTimers()
    const result = withTimeout(new Promise(() => {}), 500, 'Clerk')
    const assertion = expect(result).rejects.toEqual(new TimeoutError('Clerk did not answer within 500 ms'))
    await vi.advanceTimersByTimeAsync(500)
    await assertion
    await expect(result).rejects.toBeInstanceOf(TimeoutError)
  })
})
