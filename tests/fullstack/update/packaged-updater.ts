// Our real update controller (electron/main/updater.ts `createAppUpdateController`, the function the main process
// calls) around the real electron-updater, as in a packaged Linux app: `app.isPackaged` true, app-update.yml in
// `process.resourcesPath`, `APPIMAGE` naming the installed file, the updater's cache under a temporary
// XDG_CACHE_HOME, and `require('electron')` answered by the emulation: `net` and `session.fromPartition` from
// ../electron/net.ts, plus the few `app` calls electron-updater's ElectronAppAdapter makes.
//
// One launch = one fresh electron-updater (its `autoUpdater` is a module singleton, so the module is loaded anew)
// and fresh folders; `quit()` restores the process globals. The controller's timers are not started: a test
// checks when it wants to, which is what the timer (or Settings' "Check now") does in the app.
import { EventEmitter } from 'node:events'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import Module, { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppUpdater } from 'electron-updater'
import type { UpdateSnapshot } from '../../../electron/shared/contract'
import { createAppUpdateController, type UpdateController } from '../../../electron/main/updater'
import { UPDATE_SETTINGS_FILE } from '../../../electron/main/update-settings'
import { createEmulatedNet, createNetSessions, type EmulatedNet } from '../electron/net'

const requireHere = createRequire(import.meta.url)
/** What electron-builder writes for `appId`/`name` harbor-desktop: `${name}-updater`. */
export const UPDATER_CACHE_DIR_NAME = 'harbor-desktop-updater'

export interface PackagedUpdater {
  controller: UpdateController
  /** electron-updater's own `autoUpdater` the controller drives. */
  autoUpdater: AppUpdater
  net: EmulatedNet
  /** Every snapshot the controller published (what the renderer's update indicator receives), in order. */
  snapshots: UpdateSnapshot[]
  /** Every `setProgress` value (the taskbar/dock progress bar), in order. */
  progress: number[]
  logs: string[]
  dirs: { root: string; resources: string; userData: string; cache: string; pending: string }
  settingsFile: string
  /** Resolves once a snapshot matches (or rejects after `timeoutMs`). */
  until(predicate: (snapshot: UpdateSnapshot) => boolean, timeoutMs?: number): Promise<UpdateSnapshot>
  quit(): Promise<void>
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown

let active = false

export async function launchPackagedUpdater(options: {
  version: string
  feedUrl: string
  /** Pre-existing `update-settings.json` content (the channel chosen in an earlier run). */
  storedSettings?: string
}): Promise<PackagedUpdater> {
  if (active) throw new Error('one packaged updater at a time: it patches process-wide state')
  active = true
  const root = await mkdtemp(join(tmpdir(), 'harbor-update-'))
  const dirs = {
    root,
    resources: join(root, 'resources'),
    userData: join(root, 'userData'),
    cache: join(root, 'cache'),
    pending: join(root, 'cache', UPDATER_CACHE_DIR_NAME, 'pending'),
  }
  for (const dir of [dirs.resources, dirs.userData, dirs.cache]) await mkdir(dir, { recursive: true })
  // The file electron-builder packs next to app.asar for the generic provider.
  await writeFile(
    join(dirs.resources, 'app-update.yml'),
    `provider: generic\nurl: ${options.feedUrl}\nupdaterCacheDirName: ${UPDATER_CACHE_DIR_NAME}\n`,
  )
  const appImage = join(root, `Harbor-${options.version}-x86_64.AppImage`)
  await writeFile(appImage, 'the installed AppImage (never executed)')
  const settingsFile = join(dirs.userData, UPDATE_SETTINGS_FILE)
  if (options.storedSettings !== undefined) await writeFile(settingsFile, options.storedSettings)

  const saved = {
    resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
    APPIMAGE: process.env.APPIMAGE,
    XDG_CACHE_HOME: process.env.XDG_CACHE_HOME,
  }
  ;(process as { resourcesPath?: string }).resourcesPath = dirs.resources
  process.env.APPIMAGE = appImage
  process.env.XDG_CACHE_HOME = dirs.cache

  const net = createEmulatedNet()
  const sessions = createNetSessions()
  const appEvents = new EventEmitter()
  const electron = {
    app: Object.assign(appEvents, {
      isPackaged: true,
      whenReady: async () => undefined,
      getVersion: () => options.version,
      getName: () => 'Harbor',
      getAppPath: () => join(dirs.resources, 'app.asar'),
      getPath: (name: string) => {
        if (name === 'userData') return dirs.userData
        throw new Error(`app.getPath(${name}) is not emulated here`)
      },
      quit: () => undefined,
      relaunch: () => undefined,
    }),
    net,
    session: { fromPartition: sessions.fromPartition },
    // Electron's native autoUpdater: BaseUpdater emits 'before-quit-for-update' on it when installing.
    autoUpdater: new EventEmitter(),
  }
  const moduleInternals = Module as unknown as { _load: Loader }
  const originalLoad = moduleInternals._load
  moduleInternals._load = function (request, parent, isMain) {
    if (request === 'electron') return electron
    return originalLoad.call(this, request, parent, isMain)
  }
  // A fresh electron-updater: its `autoUpdater` singleton remembers its config and downloads.
  const updaterDir = join(requireHere.resolve('electron-updater'), '..')
  for (const id of Object.keys(requireHere.cache)) {
    if (id.startsWith(updaterDir)) delete requireHere.cache[id]
  }

  const snapshots: UpdateSnapshot[] = []
  const progress: number[] = []
  const logs: string[] = []
  const line =
    (level: string) =>
    (...args: unknown[]) =>
      void logs.push(`${level} ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`)
  const controller = createAppUpdateController({
    isPackaged: true,
    appPath: join(dirs.resources, 'app.asar'),
    userDataPath: dirs.userData,
    logger: { info: line('info'), warn: line('warn'), error: line('error') },
    setProgress: (value) => void progress.push(value),
  })
  const { autoUpdater } = requireHere('electron-updater') as { autoUpdater: AppUpdater }
  const waiters = new Set<() => void>()
  controller.onChange((snapshot) => {
    snapshots.push(snapshot)
    for (const wake of [...waiters]) wake()
  })

  return {
    controller,
    autoUpdater,
    net,
    snapshots,
    progress,
    logs,
    dirs,
    settingsFile,
    until(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const current = controller.snapshot()
          if (!predicate(current)) return false
          waiters.delete(wake)
          clearTimeout(timer)
          resolve(current)
          return true
        }
        const wake = () => void check()
        const timer = setTimeout(() => {
          waiters.delete(wake)
          reject(
            new Error(
              `no matching update state within ${timeoutMs} ms; last: ${JSON.stringify(controller.snapshot())}\n` +
                logs.slice(-10).join('\n'),
            ),
          )
        }, timeoutMs)
        waiters.add(wake)
        check()
      })
    },
    async quit() {
      moduleInternals._load = originalLoad
      ;(process as { resourcesPath?: string }).resourcesPath = saved.resourcesPath
      for (const name of ['APPIMAGE', 'XDG_CACHE_HOME'] as const) {
        if (saved[name] === undefined) delete process.env[name]
        else process.env[name] = saved[name]
      }
      active = false
      await rm(root, { recursive: true, force: true, maxRetries: 3 })
    },
  }
}
