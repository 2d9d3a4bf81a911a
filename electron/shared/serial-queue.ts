// Work that must not overlap (two writes racing to create a key, two saves landing out of order) runs through a
// serial queue: each job starts when the previous one has settled, whatever its outcome, and a failed job never
// blocks the next. `SequencerByKey` is the same per key (as VS Code's `SequencerByKey` in base/common/async.ts):
// jobs for one key run in order, jobs for different keys do not wait for each other. Pure.

export type SerialQueue = <T>(job: () => T | Promise<T>) => Promise<T>

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(job: () => T | Promise<T>): Promise<T> => {
    const result = tail.then(job, job)
    tail = result.catch(() => undefined)
    return result
  }
}

export class SequencerByKey<K> {
  private readonly tails = new Map<K, Promise<unknown>>()

  queue<T>(key: K, job: () => T | Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(job, job)
    const tail = result.catch(() => undefined)
    this.tails.set(key, tail)
    // Forget a key once its last job has settled, so the map does not grow with every key ever used.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size
  }
}
