// Request/response and one-way notes over a Node IPC channel (child_process `fork`, 'advanced' serialization so
// Buffers cross as they are). Used in both directions between the test process and an app's main process.
export type Handler = (params: never) => unknown

type Message =
  | { k: 'call'; id: number; m: string; p: unknown }
  | { k: 'result'; id: number; ok: true; v: unknown }
  | { k: 'result'; id: number; ok: false; e: string }
  | { k: 'note'; m: string; p: unknown }

export class RpcChannel {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private closed: Error | null = null
  private readonly send: (message: Message) => void
  private readonly handlers: Record<string, Handler>

  constructor(send: (message: Message) => void, handlers: Record<string, Handler>) {
    this.send = send
    this.handlers = handlers
  }

  call<T = unknown>(method: string, params?: unknown): Promise<T> {
    if (this.closed) return Promise.reject(this.closed)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      try {
        this.send({ k: 'call', id, m: method, p: params })
      } catch (error) {
        this.pending.delete(id)
        reject(error as Error)
      }
    })
  }

  note(method: string, params?: unknown): void {
    if (this.closed) return
    try {
      this.send({ k: 'note', m: method, p: params })
    } catch {
      // the other side is gone; notes are best effort by definition
    }
  }

  receive(raw: unknown): void {
    const message = raw as Message
    if (message.k === 'result') {
      const waiter = this.pending.get(message.id)
      if (!waiter) return
      this.pending.delete(message.id)
      if (message.ok) waiter.resolve(message.v)
      else waiter.reject(new Error(message.e))
      return
    }
    const handler = this.handlers[message.m] as ((params: unknown) => unknown) | undefined
    if (message.k === 'note') {
      if (handler)
        void Promise.resolve()
          .then(() => handler(message.p))
          .catch(() => {})
      return
    }
    const { id } = message
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler for ${message.m}`)
        return handler(message.p)
      })
      .then(
        (value) => this.trySend({ k: 'result', id, ok: true, v: value }),
        (error: unknown) =>
          this.trySend({
            k: 'result',
            id,
            ok: false,
            e: error instanceof Error ? error.message : String(error),
          }),
      )
  }

  /** Fails every pending call: the other process exited. */
  close(reason: Error): void {
    this.closed = reason
    for (const waiter of this.pending.values()) waiter.reject(reason)
    this.pending.clear()
  }

  private trySend(message: Message): void {
    if (this.closed) return
    try {
      this.send(message)
    } catch {
      // gone
    }
  }
}
