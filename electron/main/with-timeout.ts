// A promise that gives up after `ms`. The underlying work cannot be cancelled (keytar has no abort), so the
// caller must treat a timed-out call as "outcome unknown" and never wait on it again.
export class TimeoutError extends Error {
  constructor(label: string, ms: number) {
    super(`${label} did not answer within ${ms} ms`)
    this.name = 'TimeoutError'
  }
}

export function withTimeout<T>(work: () => Promise<T>, ms: number, label: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(label, ms)), ms)
    let started: Promise<T>
    try {
      started = work()
    } catch (error) {
      clearTimeout(timer)
      reject(error)
      return
    }
    started.then(
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
