// The stand-ins' thread (standins-thread.ts): a Vite server of its own loads standins-host.ts, starts the
// stand-ins, and answers the rig's calls from the parent. Plain Node (type stripping): it imports only Node's
// modules and module-server.ts, everything else comes through Vite.
import { resolve } from 'node:path'
import { parentPort } from 'node:worker_threads'
import { REPO_ROOT, startModuleServer } from './module-server.ts'
import type * as HostModule from './standins-host.ts'

type Call = { id: number; method: keyof HostModule.StandInCalls; args: unknown[] }

const port = parentPort
if (!port) throw new Error('standins-thread-worker.ts runs as a worker thread only')

const vite = await startModuleServer()
try {
  const host = (await vite.ssrLoadModule(
    resolve(REPO_ROOT, 'tests/fullstack/reference/standins-host.ts'),
  )) as typeof HostModule
  const { info, calls } = await host.startHostedStandIns()
  port.on('message', (call: Call) => {
    void (async () => {
      try {
        const method = calls[call.method] as (...args: unknown[]) => unknown
        const value = await method(...call.args)
        port.postMessage({ id: call.id, ok: true, value })
        if (call.method === 'stop') {
          await vite.close()
          port.close()
        }
      } catch (error) {
        port.postMessage({ id: call.id, ok: false, error: String((error as Error)?.stack ?? error) })
      }
    })()
  })
  port.postMessage({ ready: info })
} catch (error) {
  port.postMessage({ failed: String((error as Error)?.stack ?? error) })
  await vite.close()
}
