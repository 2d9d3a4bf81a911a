// Auto-update behind a small state machine. The controller receives the updater object (electron-updater's
// `autoUpdater` in the app, a fake in tests) and turns its events into the `UpdateSnapshot` the renderer shows.
// Nothing here is fatal: every failure becomes an `error` state and a log line, and the app keeps running.
import { existsSync, promises as fsPromises, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppUpdater } from 'electron-updater'
import type { ReleaseInfo, UpdateChannel, UpdateSnapshot, UpdateState } from '../shared/contract'
import { releaseInfoFrom, type ReleaseFields } from './release-notes'
import {
  createUpdateSettingsStore,
  isUpdateChannel,
  nodeUpdateSettingsFiles,
  UPDATE_SETTINGS_FILE,
  type UpdateSettingsStore,
} from './update-settings'
import { compareVersions, isPrerelease } from './version-order'

/** electron-updater's `UpdateInfo`, as far as it is read; the release fields are untrusted feed content. */
export interface UpdateInfoLike extends ReleaseFields {
  version: string
}

export interface DownloadProgressLike {
  percent: number
  bytesPerSecond: number
}

/** The electron-updater events the controller listens to (a subset of `AppUpdaterEvents`). */
export interface UpdaterEvents {
  'checking-for-update': () => void
  'update-available': (info: UpdateInfoLike) => void
  'update-not-available': (info: UpdateInfoLike) => void
  'download-progress': (progress: DownloadProgressLike) => void
  'update-downloaded': (info: UpdateInfoLike) => void
  error: (error: Error) => void
}

// Spelled out per event (not generic over `keyof UpdaterEvents`) so electron-updater's wider emitter type fits.
export interface UpdaterEmitter {
  on(event: 'checking-for-update', listener: UpdaterEvents['checking-for-update']): unknown
  on(event: 'update-available', listener: UpdaterEvents['update-available']): unknown
  on(event: 'update-not-available', listener: UpdaterEvents['update-not-available']): unknown
  on(event: 'download-progress', listener: UpdaterEvents['download-progress']): unknown
  on(event: 'update-downloaded', listener: UpdaterEvents['update-downloaded']): unknown
  on(event: 'error', listener: UpdaterEvents['error']): unknown
  removeListener(event: 'checking-for-update', listener: UpdaterEvents['checking-for-update']): unknown
  removeListener(event: 'update-available', listener: UpdaterEvents['update-available']): unknown
  removeListener(event: 'update-not-available', listener: UpdaterEvents['update-not-available']): unknown
  removeListener(event: 'download-progress', listener: UpdaterEvents['download-progress']): unknown
  removeListener(event: 'update-downloaded', listener: UpdaterEvents['update-downloaded']): unknown
  removeListener(event: 'error', listener: UpdaterEvents['error']): unknown
}

/** What the controller uses of electron-updater's `AppUpdater`; the real `autoUpdater` satisfies it. */
export interface Updater extends UpdaterEmitter {
  /** Resolves to null when the updater is inactive (e.g. a Linux build that is not an AppImage). */
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: UpdateInfoLike } | null>
  downloadUpdate(): Promise<unknown>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
  channel: string | null
  allowPrerelease: boolean
  allowDowngrade: boolean
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  readonly currentVersion: { version: string }
}

export interface UpdateLogger {
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

export interface UpdateTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

export interface UpdateControllerOptions {
  updater: Updater
  settings: UpdateSettingsStore
  logger: UpdateLogger
  /** `BrowserWindow.setProgressBar`: 0..1 while downloading, -1 removes the taskbar/dock progress. */
  setProgress(value: number): void
  /** Null when updates are enabled; otherwise why they are not (shown in Settings). */
  disabledReason: string | null
  timers?: UpdateTimers
  now?: () => number
  /** First check this long after `start()`, so it never competes with the app's own start-up work. */
  initialDelayMs?: number
  intervalMs?: number
}

export const DEFAULT_INITIAL_DELAY_MS = 15_000
export const DEFAULT_INTERVAL_MS = 4 * 60 * 60 * 1000

/** The feed file each channel reads (`latest*.yml` / `beta*.yml`, as electron-builder publishes them). */
export const FEED_CHANNEL: Record<UpdateChannel, string> = { stable: 'latest', beta: 'beta' }

export const INACTIVE_REASON =
  'This installation cannot update itself; install Harbor from an installer to get updates.'

const nodeTimers: UpdateTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
}

/** electron-updater messages carry a stack and whole HTTP responses: the user sees the first line only. */
export function describeUpdateError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const firstLine = raw.split('\n', 1)[0]?.trim() || 'Unknown update error'
  return firstLine.length > 200 ? `${firstLine.slice(0, 199)}…` : firstLine
}

function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.min(100, Math.max(0, value))
}

export class UpdateController {
  private readonly updater: Updater
  private readonly options: UpdateControllerOptions
  private readonly timers: UpdateTimers
  private readonly now: () => number
  private readonly listeners = new Set<(snapshot: UpdateSnapshot) => void>()
  private readonly detachers: Array<() => void> = []
  private readonly loggedErrors = new WeakSet<object>()
  private channel: UpdateChannel
  private state: UpdateState
  private checking = false
  private downloading = false
  /** The version being downloaded and its release, for progress events (which carry neither). */
  private pendingVersion: string | null = null
  private pendingRelease: ReleaseInfo | null = null
  /** The channel changed while a check or download was running: look again, on the new feed, once it settles. */
  private recheckPending = false
  private channelSwitches: Promise<unknown> = Promise.resolve()
  private stopped = false

  constructor(options: UpdateControllerOptions) {
    this.options = options
    this.updater = options.updater
    this.timers = options.timers ?? nodeTimers
    this.now = options.now ?? Date.now
    // A prerelease build starts on beta unless the user chose otherwise: it came from the beta feed.
    this.channel = options.settings.load(isPrerelease(this.currentVersion()) ? 'beta' : 'stable')
    this.state =
      options.disabledReason === null
        ? { status: 'idle' }
        : { status: 'disabled', reason: options.disabledReason }
    this.applyChannel()
    this.attach()
  }

  snapshot(): UpdateSnapshot {
    return { channel: this.channel, currentVersion: this.currentVersion(), state: this.state }
  }

  onChange(listener: (snapshot: UpdateSnapshot) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Persists the channel first: if that fails, the promise rejects and nothing changes. Switches run one at a
   * time in call order (stable -> beta -> stable clicked quickly ends on stable, in memory and on disk); each
   * compares against the channel the previous switch left, not the one current when it was clicked.
   */
  async setChannel(channel: UpdateChannel): Promise<UpdateSnapshot> {
    if (!isUpdateChannel(channel)) throw new Error(`Unknown update channel: ${JSON.stringify(channel)}`)
    const switched = this.channelSwitches.then(() => this.switchChannel(channel))
    this.channelSwitches = switched.catch(() => undefined)
    if (!(await switched)) return this.snapshot()
    return this.check()
  }

  private async switchChannel(channel: UpdateChannel): Promise<boolean> {
    if (channel === this.channel) return false
    await this.options.settings.save(channel)
    this.channel = channel
    this.applyChannel()
    this.options.logger.info(`Update channel set to ${channel}`)

    const pending = this.pendingPrerelease()
    if (channel === 'stable' && pending !== null) {
      // Leaving beta must not install the beta that is already waiting, and must not downgrade either: the
      // update is dropped, the user keeps the build they run, and the next stable release newer than it arrives.
      this.updater.autoInstallOnAppQuit = false
      this.options.logger.info(`Left beta: the prerelease ${pending} will not be installed`)
      this.options.setProgress(-1)
      this.setState({ status: 'idle' })
    } else {
      this.emit()
    }
    if (this.checking || this.downloading) this.recheckPending = true
    return true
  }

  async check(): Promise<UpdateSnapshot> {
    if (this.state.status === 'disabled' || this.stopped) return this.snapshot()
    // One check or download at a time; a downloaded update waits for the user rather than being replaced.
    if (this.checking || this.downloading || this.state.status === 'ready') return this.snapshot()
    this.checking = true
    try {
      const result = await this.updater.checkForUpdates()
      if (result === null) {
        this.options.logger.warn(INACTIVE_REASON)
        this.setState({ status: 'disabled', reason: INACTIVE_REASON })
      } else if (!result.isUpdateAvailable) {
        // electron-updater announces this with an event first; settle the state even if none came.
        if (this.state.status === 'checking') this.onNotAvailable(result.updateInfo)
      } else {
        if (this.state.status !== 'available') this.onAvailable(result.updateInfo)
        this.checking = false
        void this.download(result.updateInfo)
      }
    } catch (error) {
      this.fail(error)
    } finally {
      this.checking = false
    }
    if (this.recheckPending && !this.downloading) {
      this.recheckPending = false
      return this.check()
    }
    return this.snapshot()
  }

  /** Quits and installs the downloaded update; does nothing (but log) when none is ready. */
  install(): void {
    if (this.state.status !== 'ready') {
      this.options.logger.warn(`Install requested while the update state is ${this.state.status}; ignored`)
      return
    }
    this.options.logger.info(`Restarting to install ${this.state.version}`)
    try {
      // Silent: the per-user NSIS installer needs no questions; force-run: the app comes back by itself.
      this.updater.quitAndInstall(true, true)
    } catch (error) {
      this.fail(error)
    }
  }

  /**
   * "Later" on the ready card: the window stops asking about this version for this run. Only in memory, on
   * purpose: a downloaded update installs when Harbor quits (`autoInstallOnAppQuit`), so the next launch is
   * already the new version; if that install failed, asking again is right. A version other than the one
   * ready (the card was for an older update) changes nothing.
   */
  later(version: string): UpdateSnapshot {
    const state = this.state
    if (state.status === 'ready' && state.version === version && !state.deferred) {
      this.options.logger.info(`Update ${version}: the user chose Later; it installs when Harbor quits`)
      this.setState({ ...state, deferred: true })
    }
    return this.snapshot()
  }

  /** Asks again about a deferred update (the user clicked the "ready" notification). */
  showReady(): void {
    const state = this.state
    if (state.status === 'ready' && state.deferred) {
      const { deferred: _deferred, ...asking } = state
      this.setState(asking)
    }
  }

  /** Schedules the first check shortly after start-up, then one every few hours. Returns the teardown. */
  start(): () => void {
    if (this.state.status === 'disabled') {
      this.options.logger.info(`Automatic updates are off: ${this.state.reason}`)
    }
    const initialDelay = this.options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS
    const interval = this.options.intervalMs ?? DEFAULT_INTERVAL_MS
    const first = this.timers.setTimeout(() => void this.check(), initialDelay)
    const every = this.timers.setInterval(() => void this.check(), interval)
    return () => {
      this.stopped = true
      this.timers.clearTimeout(first)
      this.timers.clearInterval(every)
      for (const detach of this.detachers.splice(0)) detach()
      this.listeners.clear()
      this.options.setProgress(-1)
    }
  }

  private currentVersion(): string {
    return this.updater.currentVersion.version
  }

  private applyChannel(): void {
    this.updater.autoDownload = false
    this.updater.channel = FEED_CHANNEL[this.channel]
    this.updater.allowPrerelease = this.channel === 'beta'
    // Order matters: assigning `channel` turns `allowDowngrade` on inside electron-updater.
    this.updater.allowDowngrade = false
  }

  private pendingPrerelease(): string | null {
    const state = this.state
    if (state.status === 'available' || state.status === 'downloading' || state.status === 'ready') {
      return isPrerelease(state.version) ? state.version : null
    }
    return null
  }

  private async download(info: UpdateInfoLike): Promise<void> {
    this.downloading = true
    this.pendingVersion = info.version
    this.pendingRelease = this.releaseOf(info)
    try {
      await this.updater.downloadUpdate()
    } catch (error) {
      this.fail(error)
    } finally {
      this.downloading = false
      this.pendingVersion = null
      this.pendingRelease = null
    }
    if (this.recheckPending) {
      this.recheckPending = false
      await this.check()
    }
  }

  private attach(): void {
    const handlers: UpdaterEvents = {
      'checking-for-update': () => this.setState({ status: 'checking' }),
      'update-available': (info) => this.onAvailable(info),
      'update-not-available': (info) => this.onNotAvailable(info),
      'download-progress': (progress) => this.onProgress(progress),
      'update-downloaded': (info) => this.onDownloaded(info),
      error: (error) => this.fail(error),
    }
    const u = this.updater
    u.on('checking-for-update', handlers['checking-for-update'])
    u.on('update-available', handlers['update-available'])
    u.on('update-not-available', handlers['update-not-available'])
    u.on('download-progress', handlers['download-progress'])
    u.on('update-downloaded', handlers['update-downloaded'])
    u.on('error', handlers.error)
    this.detachers.push(() => {
      u.removeListener('checking-for-update', handlers['checking-for-update'])
      u.removeListener('update-available', handlers['update-available'])
      u.removeListener('update-not-available', handlers['update-not-available'])
      u.removeListener('download-progress', handlers['download-progress'])
      u.removeListener('update-downloaded', handlers['update-downloaded'])
      u.removeListener('error', handlers.error)
    })
  }

  private onAvailable(info: UpdateInfoLike): void {
    this.options.logger.info(`Update ${info.version} available on ${this.channel}`)
    const release = this.releaseOf(info)
    this.setState({ status: 'available', version: info.version, ...(release ? { release } : {}) })
  }

  /**
   * The feed's release fields made safe to show, or null when it says nothing about the release. A feed that
   * breaks the sanitiser costs the notes only, never the update.
   */
  private releaseOf(info: UpdateInfoLike): ReleaseInfo | null {
    try {
      const release = releaseInfoFrom(info)
      return release.name === null && release.date === null && release.notes === null ? null : release
    } catch (error) {
      this.options.logger.warn('Release notes dropped:', error)
      return null
    }
  }

  private onNotAvailable(info: UpdateInfoLike): void {
    const current = this.currentVersion()
    const order = compareVersions(current, info.version)
    if (order !== null && order > 0) {
      this.options.logger.info(
        `${current} is newer than ${info.version}, the latest on ${this.channel}; not downgrading`,
      )
      this.setState({
        status: 'up-to-date',
        checkedAt: this.now(),
        aheadOfChannel: { latestVersion: info.version },
      })
    } else {
      this.setState({ status: 'up-to-date', checkedAt: this.now() })
    }
  }

  private onProgress(progress: DownloadProgressLike): void {
    const version = this.pendingVersion ?? (this.state.status === 'available' ? this.state.version : null)
    if (version === null) return
    if (this.channel === 'stable' && isPrerelease(version)) return
    const percent = clampPercent(progress.percent)
    const bytesPerSecond = Number.isFinite(progress.bytesPerSecond) ? Math.max(0, progress.bytesPerSecond) : 0
    this.options.setProgress(percent / 100)
    const release =
      this.pendingRelease ?? (this.state.status === 'available' ? this.state.release : null) ?? null
    this.setState({
      status: 'downloading',
      version,
      percent,
      bytesPerSecond,
      ...(release ? { release } : {}),
    })
  }

  private onDownloaded(info: UpdateInfoLike): void {
    this.options.setProgress(-1)
    if (this.channel === 'stable' && isPrerelease(info.version)) {
      this.updater.autoInstallOnAppQuit = false
      this.options.logger.info(`Downloaded prerelease ${info.version} dropped: the channel is stable now`)
      this.setState({ status: 'idle' })
      return
    }
    this.updater.autoInstallOnAppQuit = true
    this.options.logger.info(`Update ${info.version} downloaded; it installs on restart`)
    const release = this.releaseOf(info)
    this.setState({ status: 'ready', version: info.version, ...(release ? { release } : {}) })
  }

  private fail(error: unknown): void {
    // electron-updater both emits `error` and rejects the promise with the same object: log it once.
    if (typeof error === 'object' && error !== null) {
      if (this.loggedErrors.has(error)) return
      this.loggedErrors.add(error)
    }
    this.options.logger.error('Update failed:', error)
    this.options.setProgress(-1)
    this.setState({ status: 'error', message: describeUpdateError(error) })
  }

  private setState(state: UpdateState): void {
    if (this.stopped) return
    this.state = state
    this.emit()
  }

  private emit(): void {
    const snapshot = this.snapshot()
    for (const listener of this.listeners) {
      try {
        listener(snapshot)
      } catch (error) {
        this.options.logger.error('Update state listener failed:', error)
      }
    }
  }
}

export interface AppUpdateControllerOptions {
  /** `app.isPackaged` */
  isPackaged: boolean
  /** `app.getAppPath()`: where electron-updater looks for `dev-app-update.yml` in development. */
  appPath: string
  /** `app.getPath('userData')` */
  userDataPath: string
  logger: UpdateLogger
  setProgress(value: number): void
}

export const DEV_UPDATE_CONFIG = 'dev-app-update.yml'

/**
 * Packaged builds update; a development run has no app-update.yml, so it updates only when a
 * dev-app-update.yml next to package.json opts it in (to try the update flow against a test feed).
 */
export function updatesDisabledReason(options: {
  isPackaged: boolean
  hasDevConfig: boolean
}): string | null {
  if (options.isPackaged || options.hasDevConfig) return null
  return `Updates are off in development (no ${DEV_UPDATE_CONFIG} next to package.json).`
}

/**
 * Builds the controller around electron-updater's `autoUpdater`. Only the composition root calls this:
 * electron-updater imports `electron` when loaded, so it is required here, lazily, and never by the unit tests
 * (the full-stack update tests load it under an emulated `electron`, tests/fullstack/update).
 */
export function createAppUpdateController(options: AppUpdateControllerOptions): UpdateController {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  const { autoUpdater } = require('electron-updater') as { autoUpdater: AppUpdater }
  autoUpdater.logger = options.logger

  const hasDevConfig = !options.isPackaged && existsSync(join(options.appPath, DEV_UPDATE_CONFIG))
  if (hasDevConfig) autoUpdater.forceDevUpdateConfig = true
  const disabledReason = updatesDisabledReason({ isPackaged: options.isPackaged, hasDevConfig })

  const files = nodeUpdateSettingsFiles(join(options.userDataPath, UPDATE_SETTINGS_FILE), {
    readFileSync,
    promises: fsPromises,
  })
  return new UpdateController({
    updater: autoUpdater,
    settings: createUpdateSettingsStore(files, options.logger),
    logger: options.logger,
    setProgress: options.setProgress,
    disabledReason,
  })
}
