// The one timeout helper of every process: a promise that gives up after `ms`. The underlying work cannot be
// cancelled (keytar has no abort; Clerk's `getToken()` can hang while its API is unreachable), so the caller
// must treat a timed-out call as "outcome unknown"; its late result is ignored. Pure (timers only).
export class TimeoutError extends Error {
  override name = 'TimeoutError'
  constructor(label: string, ms: number) {
    super(`${label} did not answer within ${ms} ms`)
  }
}

/**
 * `work` is a promise or a function starting it (a synchronous throw then rejects too). `onTimeout` runs when
 * the time is up, before the rejection (e.g. to report the service unreachable).
 */
export function withTimeout<T>(
  work: Promise<T> | (() => Promise<T>),
  ms: number,
  label: string,
  onTimeout?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.()
      reject(new TimeoutError(label, ms))
    }, ms)
    let started: Promise<T>
    try {
      started = typeof work === 'function' ? work() : work
    } catch (error) {
      clearTimeout(timer)
      reject(error)
      return
    }
    Promise.resolve(started).then(
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
