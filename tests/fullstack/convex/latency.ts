// One direction of a link with latency: whatever is put in comes out `latencyMs` later, in the order it went in,
// never early. The Convex stand-in runs one per direction of every socket; the Clerk stand-in delays each
// request and each response with `sleepUntil` (HTTP/1.1 answers one request per connection at a time, so order
// there is the connection's own).

/** Resolves at `due` (ms since epoch) or later, never before: timers may fire a little early. */
export async function sleepUntil(due: number): Promise<void> {
  for (let wait = due - Date.now(); wait > 0; wait = due - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

export class DelayLine {
  private tail: Promise<void> = Promise.resolve()

  /** @param latencyMs read at each `put`, so a change applies to what is put in from then on */
  constructor(private readonly latencyMs: () => number) {}

  /** Runs `deliver` `latencyMs` after now, after everything put in before it. Returns when it ran. */
  put(deliver: () => void | Promise<void>): Promise<void> {
    const due = Date.now() + this.latencyMs()
    this.tail = this.tail.then(async () => {
      await sleepUntil(due)
      await deliver()
    })
    // A failing delivery must not stop the line: the next one still runs.
    const delivered = this.tail
    this.tail = this.tail.catch(() => undefined)
    return delivered
  }
}
