// The live-data rig's Clerk and Convex stand-ins, on a thread of their own. In the rig's process the emulated
// Electron also serves the window's every script through Playwright (a route per request, each body written
// to Chromium's pipe as base64) and carries its IPC; while it did, the stand-ins' event loop stalled too. Measured
// in `npm run bench:live-data`: stalls of 70-240 ms in that process during a start, at the moments the window's
// chunks were served. Real Frontend API and Convex servers do not wait for the user's machine, so the stand-ins
// answer from their own thread, and the latency they add is the only delay between the window and them.
import { Worker } from 'node:worker_threads'
import { withTimeout } from '../../../electron/shared/with-timeout'
import type { HostedStandIns, StandInCalls } from './standins-host'

type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never
}

export interface StandInsThread extends HostedStandIns {
  call: Promised<Omit<StandInCalls, 'stop'>>
  /** Stops the stand-ins, then the thread. */
  stop(): Promise<void>
}

export async function startStandInsThread(): Promise<StandInsThread> {
  const worker = new Worker(new URL('./standins-thread-worker.ts', import.meta.url), {
    execArgv: ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--disable-warning=ExperimentalWarning'],
  })
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 1
  let gone: Error | null = null
  const info = await new Promise<HostedStandIns>((resolve, reject) => {
    worker.once('error', reject)
    worker.once('exit', (code) =>
      reject(new Error(`the stand-ins' thread exited (${code}) before it was ready`)),
    )
    worker.once('message', (message: { ready?: HostedStandIns; failed?: string }) => {
      if (message.ready) resolve(message.ready)
      else reject(new Error(`the stand-ins' thread failed to start: ${message.failed}`))
    })
  })
  worker.removeAllListeners('error')
  worker.removeAllListeners('exit')
  const fail = (error: Error) => {
    gone = error
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the stand-ins' thread exited (${code})`)))
  worker.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const waiter = pending.get(message.id)
    if (!waiter) return
    pending.delete(message.id)
    if (message.ok) waiter.resolve(message.value)
    else waiter.reject(new Error(message.error))
  })
  const call = new Proxy({} as Promised<Omit<StandInCalls, 'stop'>>, {
    get:
      (_target, method: string) =>
      (...args: unknown[]) =>
        new Promise((resolve, reject) => {
          if (gone) return reject(gone)
          const id = nextId++
          pending.set(id, { resolve, reject })
          worker.postMessage({ id, method, args })
        }),
  })
  return {
    ...info,
    call,
    async stop() {
      if (gone) return
      const exited = new Promise((resolve) => worker.once('exit', resolve))
      // The stand-ins' own stop (a server's close waits for its connections) and the thread's exit (only once its
      // event loop is empty) each get 5 s; then the thread is terminated, whatever it was still waiting for.
      const terminate = setTimeout(() => void worker.terminate(), 10_000)
      const stopStandIns = (call as unknown as Promised<StandInCalls>).stop
      await withTimeout(stopStandIns, 5_000, "The stand-ins' stop").catch(() => undefined)
      await exited
      clearTimeout(terminate)
    },
  }
}
