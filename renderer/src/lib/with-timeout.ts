import { TimeoutError } from '../backend/convex-errors'

/**
 * Rejects with `TimeoutError` when `promise` has not settled after `ms`. Needed because Clerk's `getToken()`
 * can hang indefinitely while its API is unreachable. The underlying work is not cancelled (it cannot be);
 * its late result is ignored.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
