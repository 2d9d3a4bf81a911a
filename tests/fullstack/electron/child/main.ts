// One app instance = one Node process running the app's real built main bundle (`<outDir>/main/index.js`), the
// way Electron runs it in its browser process. Started by ../index.ts with `fork` (an IPC channel to the test
// process); `require('electron')` anywhere in this process (the app, electron-log, electron-updater...) returns
// the emulation. The configuration arrives in HARBOR_EMULATED_ELECTRON, read and removed before app code runs.
import { existsSync } from 'node:fs'
import Module from 'node:module'
import { dirname, join } from 'node:path'
import { RpcChannel } from '../rpc.ts'
import { createElectron, type EmulationInit } from './electron.ts'

const raw = process.env.HARBOR_EMULATED_ELECTRON
delete process.env.HARBOR_EMULATED_ELECTRON
if (!raw || !process.send) {
  console.error('tests/fullstack/electron/child/main.ts is started by launchApp() (tests/fullstack/electron)')
  process.exit(2)
}
const init = JSON.parse(raw) as EmulationInit

const handlers: Record<string, (params: never) => unknown> = {}
const host = new RpcChannel((message) => process.send!(message), handlers)
process.on('message', (message) => host.receive(message))
// The test process went away (or closed the channel): an Electron app whose GPU/renderer side vanished dies too.
process.on('disconnect', () => process.exit(0))

const emulation = createElectron(init, host)
Object.assign(handlers, emulation.handlers)
// The test ends this instance: exit normally, so NODE_V8_COVERAGE (when set) is written.
Object.assign(handlers, { 'app.exitNow': () => process.exit(0) })
process.on('SIGTERM', () => process.exit(143))

// auto-update's `net` is emulated in ../net.ts (written with the update scenarios): wired in when present.
const netModule = join(dirname(import.meta.filename), '../net.ts')
if (existsSync(netModule)) {
  const { createEmulatedNet } = (await import(netModule)) as {
    createEmulatedNet: (options: { hosts?: Record<string, number>; ca?: string }) => unknown
  }
  emulation.setNet(createEmulatedNet(init.net ?? {}))
}

// What Electron's browser process looks like to app code.
process.argv = init.packaged ? [init.execPath, ...init.args] : [init.execPath, init.appPath, ...init.args]
Object.defineProperty(process, 'type', { value: 'browser', enumerable: true })
Object.defineProperty(process, 'resourcesPath', { value: init.resourcesPath, enumerable: true })
Object.defineProperty(process.versions, 'electron', { value: init.electronVersion, enumerable: true })
Object.defineProperty(process.versions, 'chrome', { value: init.chromeVersion, enumerable: true })
if (!init.packaged) Object.defineProperty(process, 'defaultApp', { value: true, enumerable: true })

// The `require` hook: `electron` (and its `electron/main` alias) resolve to one cached module whose exports are
// the emulation. Everything else resolves as usual, from the bundle's own folder.
const EMULATED_ID = join(dirname(import.meta.filename), '<emulated electron>')
type ModuleInternals = typeof Module & {
  _resolveFilename: (request: string, parent: unknown, isMain: boolean, options?: unknown) => string
  _cache: Record<string, unknown>
}
const internals = Module as ModuleInternals
const emulated = new Module(EMULATED_ID)
emulated.filename = EMULATED_ID
emulated.loaded = true
emulated.exports = emulation.electron
internals._cache[EMULATED_ID] = emulated
const resolveFilename = internals._resolveFilename
internals._resolveFilename = function (request, parent, isMain, options) {
  if (request === 'electron' || request === 'electron/main') return EMULATED_ID
  return resolveFilename.call(this, request, parent, isMain, options)
}

process.on('uncaughtException', (error) => {
  // Electron shows a dialog and keeps running; a test wants to see it.
  host.note('record', { kind: 'uncaught-exception', detail: error.stack ?? String(error) })
  console.error('Uncaught exception in the main process:', error)
})
process.on('unhandledRejection', (reason) => {
  host.note('record', {
    kind: 'unhandled-rejection',
    detail: reason instanceof Error ? reason.stack : String(reason),
  })
})

Module.createRequire(init.mainPath)(init.mainPath)
emulation.scheduleReady()
