// A Vite server for loading the full-stack modules from plain Node (the live-data benchmark, the stand-ins'
// thread), kept open as long as they run: runnerImport closes its runner after the import, and the Convex
// stand-in imports our functions lazily, through `import.meta.glob`. Imports only Node's modules and Vite, so
// plain Node (type stripping) can load it.
import { resolve } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')

export function startModuleServer(): Promise<ViteDevServer> {
  return createServer({
    configFile: false,
    logLevel: 'error',
    root: REPO_ROOT,
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
  })
}
