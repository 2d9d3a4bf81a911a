import { describe, expect, it } from 'vitest'
import { TimeoutError, withTimeout } from './with-timeout'

describe('withTimeout', () => {
  it('resolves with the value when work finishes in time', async () => {
    await expect(withTimeout(async () => 42, 100, 'x')).resolves.toBe(42)
  })

  it('rejects with a TimeoutError naming the call when work never answers', async () => {
    const promise = withTimeout(() => new Promise<never>(() => {}), 30, 'keychain read')
    await expect(promise).rejects.toBeInstanceOf(TimeoutError)
    await expect(promise).rejects.toThrow('keychain read did not answer within 30 ms')
  })

  it('takes a promise as well, and tells the caller when the time is up', async () => {
    let reported = 0
    const promise = withTimeout(new Promise<never>(() => {}), 20, 'Clerk', () => reported++)
    await expect(promise).rejects.toThrow('Clerk did not answer within 20 ms')
    expect(reported).toBe(1)
    await expect(withTimeout(Promise.resolve('ok'), 20, 'x', () => reported++)).resolves.toBe('ok')
    expect(reported).toBe(1)
  })

  it('passes through rejections and synchronous throws', async () => {
    await expect(withTimeout(async () => Promise.reject(new Error('boom')), 100, 'x')).rejects.toThrow('boom')
    await expect(
      withTimeout(
        () => {
          throw new Error('sync')
        },
        100,
        'x',
      ),
    ).rejects.toThrow('sync')
  })
})
