import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { UpdateChannel, UpdateSnapshot } from '../shared/contract'
import type { UpdateSettingsStore } from './update-settings'
import {
  describeUpdateError,
  INACTIVE_REASON,
  UpdateController,
  updatesDisabledReason,
  type Updater,
  type UpdateInfoLike,
  type UpdateTimers,
} from './updater'

type CheckResult = { isUpdateAvailable: boolean; updateInfo: UpdateInfoLike } | null

/** Behaves like electron-updater where it matters: events before promises, `channel` turns downgrades on. */
class FakeUpdater extends EventEmitter implements Updater {
  allowPrerelease = false
  allowDowngrade = false
  autoDownload = true
  autoInstallOnAppQuit = true
  currentVersion: { version: string }
  checkCalls = 0
  downloadCalls = 0
  installCalls: Array<[boolean | undefined, boolean | undefined]> = []
  /** What the next check does; the default finds nothing newer. */
  nextCheck: () => Promise<CheckResult> = async () => this.notAvailable(this.currentVersion.version)
  nextDownload: () => Promise<unknown> = async () => []
  installError: Error | null = null
  private feedChannel: string | null = null

  constructor(version = '1.2.0') {
    super()
    this.currentVersion = { version }
  }

  get channel(): string | null {
    return this.feedChannel
  }
  set channel(value: string | null) {
    this.feedChannel = value
    this.allowDowngrade = true
  }

  checkForUpdates(): Promise<CheckResult> {
    this.checkCalls++
    return this.nextCheck()
  }
  downloadUpdate(): Promise<unknown> {
    this.downloadCalls++
    return this.nextDownload()
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installCalls.push([isSilent, isForceRunAfter])
    if (this.installError) throw this.installError
  }

  notAvailable(version: string): CheckResult {
    this.emit('checking-for-update')
    this.emit('update-not-available', { version })
    return { isUpdateAvailable: false, updateInfo: { version } }
  }
  available(version: string): CheckResult {
    this.emit('checking-for-update')
    this.emit('update-available', { version })
    return { isUpdateAvailable: true, updateInfo: { version } }
  }
  failCheck(error: Error): Promise<CheckResult> {
    this.emit('checking-for-update')
    this.emit('error', error)
    return Promise.reject(error)
  }
}

class FakeTimers implements UpdateTimers {
  now = 0
  private nextId = 1
  private readonly pending = new Map<number, { at: number; every: number | null; callback: () => void }>()

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++
    this.pending.set(id, { at: this.now + ms, every: null, callback })
    return id
  }
  setInterval(callback: () => void, ms: number): unknown {
    const id = this.nextId++
    this.pending.set(id, { at: this.now + ms, every: ms, callback })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }
  clearInterval(handle: unknown): void {
    this.pending.delete(handle as number)
  }
  get active(): number {
    return this.pending.size
  }
  advance(ms: number): void {
    const until = this.now + ms
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      const [id, timer] = due
      this.now = timer.at
      if (timer.every === null) this.pending.delete(id)
      else timer.at += timer.every
      timer.callback()
    }
    this.now = until
  }
}

class MemorySettings implements UpdateSettingsStore {
  saved: UpdateChannel[] = []
  failSave: Error | null = null
  constructor(private stored: UpdateChannel | null = null) {}
  load(fallback: UpdateChannel): UpdateChannel {
    return this.stored ?? fallback
  }
  async save(channel: UpdateChannel): Promise<void> {
    if (this.failSave) throw this.failSave
    this.stored = channel
    this.saved.push(channel)
  }
}

function setup(
  options: { version?: string; stored?: UpdateChannel | null; disabledReason?: string | null } = {},
) {
  const updater = new FakeUpdater(options.version)
  const settings = new MemorySettings(options.stored ?? null)
  const timers = new FakeTimers()
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }
  const progress: number[] = []
  const controller = new UpdateController({
    updater,
    settings,
    logger,
    setProgress: (value) => progress.push(value),
    disabledReason: options.disabledReason ?? null,
    timers,
    now: () => 1_700_000_000_000 + timers.now,
    initialDelayMs: 15_000,
    intervalMs: 4 * 3600_000,
  })
  const seen: UpdateSnapshot[] = []
  controller.onChange((snapshot) => seen.push(snapshot))
  const statuses = () => seen.map((s) => s.state.status)
  return { updater, settings, timers, logger, progress, controller, seen, statuses }
}

/** Lets the fire-and-forget download started by `check()` run to completion. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('UpdateController: configuration', () => {
  it('points a stable install at the latest feed with prereleases and downgrades off', () => {
    const { updater, controller } = setup()
    expect(updater.channel).toBe('latest')
    expect(updater.allowPrerelease).toBe(false)
    // The fake, like electron-updater, turned downgrades on when the channel was assigned.
    expect(updater.allowDowngrade).toBe(false)
    expect(updater.autoDownload).toBe(false)
    expect(controller.snapshot()).toEqual({
      channel: 'stable',
      currentVersion: '1.2.0',
      state: { status: 'idle' },
    })
  })

  it('uses the stored channel: beta reads the beta feed with prereleases, still never downgrading', () => {
    const { updater, controller } = setup({ stored: 'beta' })
    expect(updater.channel).toBe('beta')
    expect(updater.allowPrerelease).toBe(true)
    expect(updater.allowDowngrade).toBe(false)
    expect(controller.snapshot().channel).toBe('beta')
  })

  it('starts a prerelease build on beta when nothing is stored', () => {
    expect(setup({ version: '2.0.0-beta.3' }).controller.snapshot().channel).toBe('beta')
    expect(setup({ version: '2.0.0-beta.3', stored: 'stable' }).controller.snapshot().channel).toBe('stable')
  })
})

describe('UpdateController: checks', () => {
  it('goes checking -> up-to-date with the check time', async () => {
    const { controller, statuses, timers } = setup()
    timers.now = 5000
    const snapshot = await controller.check()
    expect(statuses()).toEqual(['checking', 'up-to-date'])
    expect(snapshot.state).toEqual({ status: 'up-to-date', checkedAt: 1_700_000_005_000 })
  })

  it('settles to up-to-date even when the updater resolves without emitting events', async () => {
    const { controller, updater } = setup()
    updater.nextCheck = async () => {
      updater.emit('checking-for-update')
      return { isUpdateAvailable: false, updateInfo: { version: '1.2.0' } }
    }
    expect((await controller.check()).state.status).toBe('up-to-date')
  })

  it('goes available -> downloading (percent, speed) -> ready, driving the taskbar progress', async () => {
    const { controller, updater, statuses, seen, progress } = setup()
    let finish!: () => void
    updater.nextCheck = async () => updater.available('1.3.0')
    updater.nextDownload = () =>
      new Promise((resolve) => {
        finish = () => {
          updater.emit('update-downloaded', { version: '1.3.0' })
          resolve(['/tmp/Harbor-1.3.0.AppImage'])
        }
      })

    const afterCheck = await controller.check()
    expect(afterCheck.state).toEqual({ status: 'available', version: '1.3.0' })
    expect(updater.downloadCalls).toBe(1)

    updater.emit('download-progress', { percent: 42.5, bytesPerSecond: 1_000_000 })
    expect(controller.snapshot().state).toEqual({
      status: 'downloading',
      version: '1.3.0',
      percent: 42.5,
      bytesPerSecond: 1_000_000,
    })
    updater.emit('download-progress', { percent: 250, bytesPerSecond: Number.NaN })
    expect(controller.snapshot().state).toMatchObject({ percent: 100, bytesPerSecond: 0 })

    finish()
    await settle()
    expect(statuses()).toEqual(['checking', 'available', 'downloading', 'downloading', 'ready'])
    expect(seen.at(-1)?.state).toEqual({ status: 'ready', version: '1.3.0' })
    expect(progress).toEqual([0.425, 1, -1])
    expect(updater.autoInstallOnAppQuit).toBe(true)
  })

  it('runs one check at a time and does not look again while an update waits to be installed', async () => {
    const { controller, updater } = setup()
    let release!: (result: CheckResult) => void
    updater.nextCheck = () => new Promise((resolve) => (release = resolve))
    const first = controller.check()
    const second = await controller.check()
    expect(updater.checkCalls).toBe(1)
    expect(second.state.status).toBe('idle')
    release(updater.available('1.3.0'))
    await first
    updater.emit('update-downloaded', { version: '1.3.0' })
    await settle()
    await controller.check()
    expect(updater.checkCalls).toBe(1)
    expect(controller.snapshot().state.status).toBe('ready')
  })

  it('turns a failed check into an error state, logged once, without throwing', async () => {
    const { controller, updater, logger, progress } = setup()
    const failure = new Error(
      'Cannot find channel "latest-linux.yml" update info: HttpError: 404\n    at stack',
    )
    updater.nextCheck = () => updater.failCheck(failure)
    const snapshot = await controller.check()
    expect(snapshot.state).toEqual({
      status: 'error',
      message: 'Cannot find channel "latest-linux.yml" update info: HttpError: 404',
    })
    expect(logger.error).toHaveBeenCalledTimes(1)
    expect(logger.error).toHaveBeenCalledWith('Update failed:', failure)
    expect(progress).toEqual([-1])
    // The next check starts over.
    updater.nextCheck = async () => updater.notAvailable('1.2.0')
    expect((await controller.check()).state.status).toBe('up-to-date')
  })

  it('turns a failed download into an error state and clears the progress bar', async () => {
    const { controller, updater, progress } = setup()
    updater.nextCheck = async () => updater.available('1.3.0')
    updater.nextDownload = async () => {
      updater.emit('download-progress', { percent: 10, bytesPerSecond: 5 })
      const error = new Error('sha512 checksum mismatch')
      updater.emit('error', error)
      throw error
    }
    await controller.check()
    await settle()
    expect(controller.snapshot().state).toEqual({ status: 'error', message: 'sha512 checksum mismatch' })
    expect(progress).toEqual([0.1, -1])
  })

  it('reports an updater that is inactive for this installation as disabled, with the reason', async () => {
    const { controller, updater } = setup()
    updater.nextCheck = async () => null
    expect((await controller.check()).state).toEqual({ status: 'disabled', reason: INACTIVE_REASON })
  })

  it('does nothing when disabled (development without a dev update config)', async () => {
    const { controller, updater, timers } = setup({ disabledReason: 'Updates are off in development' })
    expect(controller.snapshot().state).toEqual({
      status: 'disabled',
      reason: 'Updates are off in development',
    })
    controller.start()
    timers.advance(24 * 3600_000)
    await controller.check()
    expect(updater.checkCalls).toBe(0)
  })
})

describe('UpdateController: install', () => {
  it('quits and installs silently, relaunching, once an update is ready', async () => {
    const { controller, updater } = setup()
    updater.nextCheck = async () => updater.available('1.3.0')
    updater.nextDownload = async () => updater.emit('update-downloaded', { version: '1.3.0' })
    await controller.check()
    await settle()
    controller.install()
    expect(updater.installCalls).toEqual([[true, true]])
  })

  it('ignores an install request when nothing is ready', () => {
    const { controller, updater, logger } = setup()
    controller.install()
    expect(updater.installCalls).toEqual([])
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('ignored'))
  })

  it('shows an installer failure as an error instead of throwing', async () => {
    const { controller, updater } = setup()
    updater.nextCheck = async () => updater.available('1.3.0')
    updater.nextDownload = async () => updater.emit('update-downloaded', { version: '1.3.0' })
    await controller.check()
    await settle()
    updater.installError = new Error('Squirrel could not apply the update')
    expect(() => controller.install()).not.toThrow()
    expect(controller.snapshot().state).toEqual({
      status: 'error',
      message: 'Squirrel could not apply the update',
    })
  })
})

describe('UpdateController: channel', () => {
  it('persists beta, reconfigures the feed and checks it', async () => {
    const { controller, updater, settings } = setup()
    updater.nextCheck = async () => updater.available('1.3.0-beta.1')
    const snapshot = await controller.setChannel('beta')
    expect(settings.saved).toEqual(['beta'])
    expect(updater.channel).toBe('beta')
    expect(updater.allowPrerelease).toBe(true)
    expect(updater.allowDowngrade).toBe(false)
    expect(snapshot).toMatchObject({
      channel: 'beta',
      state: { status: 'available', version: '1.3.0-beta.1' },
    })
  })

  it('rejects an unknown channel and changes nothing', async () => {
    const { controller, updater, settings, seen } = setup()
    await expect(controller.setChannel('nightly' as UpdateChannel)).rejects.toThrow(
      'Unknown update channel: "nightly"',
    )
    expect(settings.saved).toEqual([])
    expect(updater.channel).toBe('latest')
    expect(updater.checkCalls).toBe(0)
    expect(seen).toEqual([])
  })

  it('keeps the old channel when it cannot be saved', async () => {
    const { controller, updater, settings } = setup()
    settings.failSave = new Error('EACCES: permission denied')
    await expect(controller.setChannel('beta')).rejects.toThrow('EACCES')
    expect(controller.snapshot().channel).toBe('stable')
    expect(updater.channel).toBe('latest')
    expect(updater.allowPrerelease).toBe(false)
  })

  it('stable -> beta -> stable clicked quickly ends on stable, in memory and in what was saved', async () => {
    const { controller, updater, settings } = setup()
    // Each save takes a moment, as a real fsync does.
    const save = settings.save.bind(settings)
    settings.save = async (channel) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return save(channel)
    }
    const clicks = [controller.setChannel('beta'), controller.setChannel('stable')]
    await Promise.all(clicks)
    expect(controller.snapshot().channel).toBe('stable')
    expect(settings.saved.at(-1)).toBe('stable')
    expect(settings.load('beta')).toBe('stable')
    expect(updater.channel).toBe('latest')
    expect(updater.allowPrerelease).toBe(false)
  })

  it('any quick sequence of channel clicks ends on the last one', async () => {
    for (const sequence of [
      ['beta', 'stable', 'beta'],
      ['beta', 'beta', 'stable'],
      ['stable', 'beta', 'stable', 'beta', 'stable'],
      ['beta', 'stable', 'stable', 'beta'],
    ] as UpdateChannel[][]) {
      const { controller, settings } = setup()
      await Promise.allSettled(sequence.map((channel) => controller.setChannel(channel)))
      expect(controller.snapshot().channel).toBe(sequence.at(-1))
      expect(settings.load('stable')).toBe(sequence.at(-1))
    }
  })

  it('choosing the current channel neither saves nor checks', async () => {
    const { controller, updater, settings } = setup()
    await controller.setChannel('stable')
    expect(settings.saved).toEqual([])
    expect(updater.checkCalls).toBe(0)
  })

  it('leaving beta with a prerelease ready drops it and says the build is ahead of stable, no downgrade', async () => {
    const { controller, updater, settings } = setup({ version: '1.3.0-beta.2', stored: 'beta' })
    updater.nextCheck = async () => updater.available('1.3.0-beta.3')
    updater.nextDownload = async () => updater.emit('update-downloaded', { version: '1.3.0-beta.3' })
    await controller.check()
    await settle()
    expect(controller.snapshot().state).toEqual({ status: 'ready', version: '1.3.0-beta.3' })

    updater.nextCheck = async () => updater.notAvailable('1.2.0')
    const snapshot = await controller.setChannel('stable')
    expect(settings.saved).toEqual(['stable'])
    expect(updater.channel).toBe('latest')
    expect(updater.allowDowngrade).toBe(false)
    expect(updater.autoInstallOnAppQuit).toBe(false)
    expect(snapshot.state).toEqual({
      status: 'up-to-date',
      checkedAt: 1_700_000_000_000,
      aheadOfChannel: { latestVersion: '1.2.0' },
    })
    controller.install()
    expect(updater.installCalls).toEqual([])
  })

  it('leaving beta mid-download drops the prerelease when it lands, then checks stable', async () => {
    const { controller, updater, statuses } = setup({ version: '1.3.0-beta.2', stored: 'beta' })
    let finish!: () => void
    updater.nextCheck = async () => updater.available('1.3.0-beta.3')
    updater.nextDownload = () =>
      new Promise((resolve) => {
        finish = () => {
          updater.emit('update-downloaded', { version: '1.3.0-beta.3' })
          resolve([])
        }
      })
    await controller.check()
    updater.emit('download-progress', { percent: 50, bytesPerSecond: 10 })

    updater.nextCheck = async () => updater.notAvailable('1.3.0')
    await controller.setChannel('stable')
    expect(updater.checkCalls).toBe(1) // no second check while the download runs
    updater.emit('download-progress', { percent: 80, bytesPerSecond: 10 })
    expect(controller.snapshot().state.status).toBe('idle')

    finish()
    await settle()
    expect(updater.autoInstallOnAppQuit).toBe(false)
    expect(updater.checkCalls).toBe(2)
    // 1.3.0 is newer than 1.3.0-beta.2 but the fake says not available: the state follows the updater.
    expect(statuses().slice(-4)).toEqual(['idle', 'idle', 'checking', 'up-to-date'])
    expect(controller.snapshot().state).toEqual({ status: 'up-to-date', checkedAt: 1_700_000_000_000 })
  })

  it('switching channel during a check looks again on the new feed once the check settles', async () => {
    const { controller, updater } = setup()
    let release!: (result: CheckResult) => void
    updater.nextCheck = () => new Promise((resolve) => (release = resolve))
    const first = controller.check()
    const feeds: Array<string | null> = []
    updater.nextCheck = async () => {
      feeds.push(updater.channel)
      return updater.available('1.3.0-beta.1')
    }
    const switched = controller.setChannel('beta')
    release(updater.notAvailable('1.2.0'))
    await first
    await switched
    expect(updater.checkCalls).toBe(2)
    expect(feeds).toEqual(['beta'])
    expect(controller.snapshot().state).toEqual({ status: 'available', version: '1.3.0-beta.1' })
  })

  it('switching to beta keeps a stable update that is ready', async () => {
    const { controller, updater } = setup()
    updater.nextCheck = async () => updater.available('1.3.0')
    updater.nextDownload = async () => updater.emit('update-downloaded', { version: '1.3.0' })
    await controller.check()
    await settle()
    await controller.setChannel('beta')
    expect(controller.snapshot().state).toEqual({ status: 'ready', version: '1.3.0' })
    expect(updater.checkCalls).toBe(1)
  })
})

describe('UpdateController: schedule and listeners', () => {
  it('checks a little after start, then every interval, until torn down', async () => {
    const { controller, updater, timers, progress } = setup()
    const stop = controller.start()
    timers.advance(14_999)
    expect(updater.checkCalls).toBe(0)
    timers.advance(1)
    expect(updater.checkCalls).toBe(1)
    await settle()
    timers.advance(4 * 3600_000 - 15_000)
    expect(updater.checkCalls).toBe(2)
    await settle()
    timers.advance(4 * 3600_000)
    expect(updater.checkCalls).toBe(3)
    await settle()

    stop()
    expect(timers.active).toBe(0)
    expect(progress.at(-1)).toBe(-1)
    expect(updater.listenerCount('update-available')).toBe(0)
    expect(updater.listenerCount('error')).toBe(0)
    timers.advance(24 * 3600_000)
    await controller.check()
    expect(updater.checkCalls).toBe(3)
  })

  it('keeps notifying other listeners when one throws, and unsubscribes', async () => {
    const { controller, logger } = setup()
    const good: string[] = []
    controller.onChange(() => {
      throw new Error('renderer gone')
    })
    const unsubscribe = controller.onChange((s) => good.push(s.state.status))
    await controller.check()
    expect(good).toEqual(['checking', 'up-to-date'])
    expect(logger.error).toHaveBeenCalledWith('Update state listener failed:', expect.any(Error))
    unsubscribe()
    await controller.check()
    expect(good).toEqual(['checking', 'up-to-date'])
  })
})

describe('describeUpdateError', () => {
  it('keeps the first line, bounded, of anything thrown', () => {
    expect(describeUpdateError(new Error('net::ERR_INTERNET_DISCONNECTED\nstack'))).toBe(
      'net::ERR_INTERNET_DISCONNECTED',
    )
    expect(describeUpdateError('plain')).toBe('plain')
    expect(describeUpdateError(new Error(''))).toBe('Unknown update error')
    expect(describeUpdateError(new Error('x'.repeat(500)))).toHaveLength(200)
  })
})

describe('updatesDisabledReason', () => {
  it('enables packaged builds, and development runs only with a dev-app-update.yml', () => {
    expect(updatesDisabledReason({ isPackaged: true, hasDevConfig: false })).toBeNull()
    expect(updatesDisabledReason({ isPackaged: false, hasDevConfig: true })).toBeNull()
    expect(updatesDisabledReason({ isPackaged: false, hasDevConfig: false })).toBe(
      'Updates are off in development (no dev-app-update.yml next to package.json).',
    )
  })
})

describe('UpdateController: release notes and "Later"', () => {
  const NOTES_INFO = {
    version: '1.3.0',
    releaseName: 'Harbor 1.3',
    releaseDate: '2026-11-30T09:00:00.000Z',
    releaseNotes: '<ul><li>Rename devices</li></ul><script>alert(1)</script>',
  }
  const RELEASE = {
    name: 'Harbor 1.3',
    date: '2026-11-30T09:00:00.000Z',
    notes: '• Rename devices',
    notesTruncated: false,
  }

  function withNotes() {
    const context = setup()
    const { updater } = context
    updater.nextCheck = async () => {
      updater.emit('checking-for-update')
      updater.emit('update-available', NOTES_INFO)
      return { isUpdateAvailable: true, updateInfo: NOTES_INFO }
    }
    let finish!: () => void
    updater.nextDownload = () =>
      new Promise((resolve) => {
        finish = () => {
          updater.emit('update-downloaded', NOTES_INFO)
          resolve([])
        }
      })
    return { ...context, finish: () => finish() }
  }

  it('carries the sanitised release through available, downloading and ready', async () => {
    const { controller, updater, finish } = withNotes()
    expect((await controller.check()).state).toEqual({
      status: 'available',
      version: '1.3.0',
      release: RELEASE,
    })
    updater.emit('download-progress', { percent: 10, bytesPerSecond: 100 })
    expect(controller.snapshot().state).toMatchObject({ status: 'downloading', release: RELEASE })
    finish()
    await settle()
    expect(controller.snapshot().state).toEqual({ status: 'ready', version: '1.3.0', release: RELEASE })
    expect(JSON.stringify(controller.snapshot())).not.toMatch(/<|alert/)
  })

  it('keeps the update when the notes are hostile or of the wrong shape (they are dropped)', async () => {
    const { controller, updater } = setup()
    const info = { version: '1.3.0', releaseNotes: { toString: () => '<b>x</b>' }, releaseName: 42 }
    updater.nextCheck = async () => {
      updater.emit('update-available', info)
      return { isUpdateAvailable: true, updateInfo: info }
    }
    updater.nextDownload = async () => updater.emit('update-downloaded', info)
    await controller.check()
    await settle()
    expect(controller.snapshot().state).toEqual({ status: 'ready', version: '1.3.0' })
  })

  it('"Later" marks the ready version deferred for this run; another version or state changes nothing', async () => {
    const { controller, finish, seen, logger } = withNotes()
    await controller.check()
    expect(controller.later('1.3.0').state.status).toBe('available') // nothing ready yet: ignored
    finish()
    await settle()
    const emitted = seen.length
    expect(controller.later('1.2.9').state).not.toHaveProperty('deferred')
    expect(seen).toHaveLength(emitted)
    expect(controller.later('1.3.0').state).toEqual({
      status: 'ready',
      version: '1.3.0',
      release: RELEASE,
      deferred: true,
    })
    expect(seen.at(-1)?.state).toMatchObject({ deferred: true })
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('it installs when Harbor quits'))
    controller.later('1.3.0')
    expect(seen).toHaveLength(emitted + 1) // said once
  })

  it('asks again when the notification is clicked, and a deferred update still installs on Restart', async () => {
    const { controller, updater, finish } = withNotes()
    await controller.check()
    finish()
    await settle()
    controller.showReady() // not deferred: nothing to do
    controller.later('1.3.0')
    controller.showReady()
    expect(controller.snapshot().state).toEqual({ status: 'ready', version: '1.3.0', release: RELEASE })
    controller.later('1.3.0')
    controller.install()
    expect(updater.installCalls).toEqual([[true, true]])
  })
})
