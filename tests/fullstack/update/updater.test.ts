// Auto-update for real: our update controller drives the real electron-updater of a packaged Linux app, whose
// HTTP goes through the emulated Electron `net` (../electron/net.ts) to a local release server. Each test is a
// launch of the app with a given installed version against what the server publishes.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UpdateSnapshot } from '../../../electron/shared/contract'
import { startFeedServer, type FeedServer } from './feed-server'
import { launchPackagedUpdater, type PackagedUpdater } from './packaged-updater'

/** The feed server writes a release date and, unless a test publishes them, no name or notes. */
const FEED_RELEASE = { name: null, date: '2026-01-01T00:00:00.000Z', notes: null, notesTruncated: false }

let feed: FeedServer
let app: PackagedUpdater | null = null

beforeEach(async () => {
  feed = await startFeedServer()
})

afterEach(async () => {
  await app?.quit()
  app = null
  await feed.close()
})

async function launch(version: string, storedSettings?: string): Promise<PackagedUpdater> {
  app = await launchPackagedUpdater({ version, feedUrl: feed.url, storedSettings })
  return app
}

const statuses = (snapshots: UpdateSnapshot[]) =>
  snapshots.map((s) => s.state.status).filter((status, i, all) => status !== all[i - 1])

/** Any outcome of a check, so a wrong one fails at once instead of timing out. */
const settledCheck = (s: UpdateSnapshot) => s.state.status !== 'idle' && s.state.status !== 'checking'

const sha512Of = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64')

const downloads = () => feed.requests.filter((r) => r.endsWith('.AppImage'))

async function pendingFiles(updater: PackagedUpdater): Promise<string[]> {
  return readdir(updater.dirs.pending).catch(() => [])
}

describe('stable channel', () => {
  it("carries the feed's release notes, read by electron-updater from the YAML, as plain text in every state", async () => {
    feed.publish('latest', {
      version: '0.2.0',
      releaseName: 'Harbor <b>0.2.0</b>',
      releaseNotes: [
        { version: '0.2.0', note: '<p>Rename devices</p><script>alert(1)</script>' },
        { version: '0.1.5', note: 'Fix \u202egnorw\u202c sign-out' },
      ],
    })
    const updater = await launch('0.1.0')
    await updater.controller.check()
    const ready = await updater.until((s) => s.state.status === 'ready' || s.state.status === 'error')
    const release = {
      name: 'Harbor 0.2.0',
      date: '2026-01-01T00:00:00.000Z',
      notes: '0.2.0\nRename devices\n\n0.1.5\nFix gnorw sign-out',
      notesTruncated: false,
    }
    expect(ready.state).toEqual({ status: 'ready', version: '0.2.0', release })
    for (const snapshot of updater.snapshots) {
      if (snapshot.state.status === 'available' || snapshot.state.status === 'downloading')
        expect(snapshot.state.release).toEqual(release)
    }
  })

  it('available → downloading with progress → ready; the file on disk is the published one', async () => {
    feed.publish('latest', { version: '0.2.0', payload: Buffer.alloc(768 * 1024, 7) })
    // ~2.4 s of download: electron-updater reports progress at most once a second, then 100 % at the end.
    feed.setTrickle({ chunkBytes: 32 * 1024, intervalMs: 100 })
    const updater = await launch('0.1.0')
    expect(updater.controller.snapshot()).toMatchObject({ channel: 'stable', state: { status: 'idle' } })

    await updater.controller.check()
    const ready = await updater.until((s) => s.state.status === 'ready' || s.state.status === 'error')
    expect(ready.state).toEqual({ status: 'ready', version: '0.2.0', release: FEED_RELEASE })
    expect(statuses(updater.snapshots)).toEqual(['checking', 'available', 'downloading', 'ready'])

    const percents = updater.snapshots.flatMap((s) =>
      s.state.status === 'downloading' ? [s.state.percent] : [],
    )
    expect(percents.length).toBeGreaterThanOrEqual(2)
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true)
    expect([...percents].sort((a, b) => a - b)).toEqual(percents) // never goes back
    expect(percents.at(-1)).toBe(100)
    // The taskbar progress followed, and was removed when done.
    expect(updater.progress.some((p) => p > 0 && p < 1)).toBe(true)
    expect(updater.progress.at(-1)).toBe(-1)

    // What electron-updater verified and kept is byte for byte the published file.
    const published = feed.fileOf('latest')!
    const kept = await readFile(join(updater.dirs.pending, published.name))
    expect(sha512Of(kept)).toBe(published.sha512)
    expect(await pendingFiles(updater)).toEqual(expect.arrayContaining([published.name, 'update-info.json']))
    // Through Electron's net, in electron-updater's own session partition.
    const fileRequest = updater.net.requests.find((r) => r.url.endsWith(published.name))!
    expect(fileRequest).toMatchObject({
      method: 'GET',
      status: 200,
      error: null,
      partition: 'electron-updater',
    })
    expect(updater.net.requests[0]!.url).toMatch(/\/latest-linux\.yml/)
  })

  it('a file that does not match the feed’s sha512 is refused by electron-updater’s own check and not kept', async () => {
    feed.publish('latest', {
      version: '0.2.0',
      announcedSha512: sha512Of(Buffer.from('some other build')),
    })
    const updater = await launch('0.1.0')
    await updater.controller.check()
    const failed = await updater.until((s) => s.state.status === 'error' || s.state.status === 'ready')
    expect(failed.state).toMatchObject({ status: 'error' })
    expect(failed.state.status === 'error' && failed.state.message).toMatch(/sha512 checksum mismatch/)
    expect(downloads()).toEqual(['GET /Harbor-0.2.0-x86_64.AppImage'])
    expect(await pendingFiles(updater)).toEqual([])
    expect(updater.autoUpdater.autoInstallOnAppQuit).toBe(true) // nothing downloaded, so nothing to install
  })

  it('up to date when the feed has the installed version; a stable user never sees a beta', async () => {
    feed.publish('latest', { version: '0.1.0' })
    feed.publish('beta', { version: '0.3.0-beta.1' })
    const updater = await launch('0.1.0')
    await updater.controller.check()
    const settled = await updater.until(settledCheck)
    expect(settled.state).toMatchObject({ status: 'up-to-date' })
    expect(settled.state.status === 'up-to-date' && settled.state.aheadOfChannel).toBeUndefined()
    expect(feed.requests.some((r) => r.includes('beta'))).toBe(false)
    expect(downloads()).toEqual([])
  })
})

describe('beta channel', () => {
  it('a user who chose beta gets the beta feed’s release', async () => {
    feed.publish('latest', { version: '0.2.0' })
    feed.publish('beta', { version: '0.3.0-beta.1' })
    const updater = await launch('0.1.0', JSON.stringify({ channel: 'beta' }))
    expect(updater.controller.snapshot().channel).toBe('beta')
    await updater.controller.check()
    const ready = await updater.until((s) => s.state.status === 'ready' || s.state.status === 'error')
    expect(ready.state).toEqual({ status: 'ready', version: '0.3.0-beta.1', release: FEED_RELEASE })
    expect(feed.requests[0]).toBe('GET /beta-linux.yml')
    const kept = await readFile(join(updater.dirs.pending, feed.fileOf('beta')!.name))
    expect(sha512Of(kept)).toBe(feed.fileOf('beta')!.sha512)
  })
})

describe('switching channel', () => {
  it('stable → beta is stored, reads the beta feed and downloads its release', async () => {
    feed.publish('latest', { version: '0.1.0' })
    feed.publish('beta', { version: '0.2.0-beta.2' })
    const updater = await launch('0.1.0')
    await updater.controller.check()
    await updater.until((s) => s.state.status === 'up-to-date')

    await updater.controller.setChannel('beta')
    expect(JSON.parse(await readFile(updater.settingsFile, 'utf8'))).toEqual({ channel: 'beta' })
    expect(updater.autoUpdater.channel).toBe('beta')
    expect(updater.autoUpdater.allowPrerelease).toBe(true)
    // electron-updater 6.8 turns allowDowngrade on when `channel` is set; ours turns it back off.
    expect(updater.autoUpdater.allowDowngrade).toBe(false)
    const ready = await updater.until((s) => s.state.status === 'ready' || s.state.status === 'error')
    expect(ready).toMatchObject({ channel: 'beta', state: { status: 'ready', version: '0.2.0-beta.2' } })
    expect(feed.requests.filter((r) => r.endsWith('.yml'))).toEqual([
      'GET /latest-linux.yml',
      'GET /beta-linux.yml',
    ])
  })

  it('back to stable before restarting drops the downloaded beta: not installed on quit, no downgrade', async () => {
    feed.publish('latest', { version: '0.1.0' })
    feed.publish('beta', { version: '0.2.0-beta.2' })
    const updater = await launch('0.1.0', JSON.stringify({ channel: 'beta' }))
    await updater.controller.check()
    await updater.until((s) => s.state.status === 'ready')
    expect(updater.autoUpdater.autoInstallOnAppQuit).toBe(true)

    await updater.controller.setChannel('stable')
    const settled = await updater.until((s) => s.channel === 'stable' && settledCheck(s))
    expect(settled).toMatchObject({ channel: 'stable', state: { status: 'up-to-date' } })
    expect(updater.autoUpdater.autoInstallOnAppQuit).toBe(false)
    expect(updater.autoUpdater.allowDowngrade).toBe(false)
    expect(JSON.parse(await readFile(updater.settingsFile, 'utf8'))).toEqual({ channel: 'stable' })
    // Install does nothing now: there is no ready update.
    updater.controller.install()
    expect(
      updater.logs.some((l) => l.includes('Install requested while the update state is up-to-date')),
    ).toBe(true)
  })
})

describe('never a silent downgrade', () => {
  it('a beta build switched to stable stays on its newer build and says it is ahead of the channel', async () => {
    feed.publish('latest', { version: '0.2.0' })
    feed.publish('beta', { version: '0.3.0-beta.1' })
    // A prerelease build starts on beta (it came from the beta feed)...
    const updater = await launch('0.3.0-beta.1')
    expect(updater.controller.snapshot().channel).toBe('beta')
    // ...and the user leaves beta: stable's newest is older than what runs.
    await updater.controller.setChannel('stable')
    const settled = await updater.until(settledCheck)
    expect(settled.state).toMatchObject({ status: 'up-to-date', aheadOfChannel: { latestVersion: '0.2.0' } })
    expect(updater.autoUpdater.allowDowngrade).toBe(false)
    expect(downloads()).toEqual([])
    expect(await pendingFiles(updater)).toEqual([])
  })

  it('a stable feed that goes back a version is not followed', async () => {
    feed.publish('latest', { version: '0.1.5' })
    const updater = await launch('0.2.0')
    await updater.controller.check()
    const settled = await updater.until(settledCheck)
    expect(settled.state).toMatchObject({ status: 'up-to-date', aheadOfChannel: { latestVersion: '0.1.5' } })
    expect(downloads()).toEqual([])
  })
})

describe('faults are reported and harmless', () => {
  it.each([
    ['answers 500', { kind: 'feed-status', status: 500 } as const, /500/],
    ['answers 404', { kind: 'feed-status', status: 404 } as const, /404/],
    ['is not YAML', { kind: 'feed-body', body: 'version: [1.0\n  : : :' } as const, /.+/],
    ['has no version', { kind: 'feed-body', body: 'files: []\n' } as const, /.+/],
  ])(
    'a feed that %s: an error in plain words, nothing downloaded, the next check works',
    async (_name, fault, message) => {
      feed.publish('latest', { version: '0.2.0' })
      feed.setFault(fault)
      const updater = await launch('0.1.0')
      const snapshot = await updater.controller.check()
      const failed =
        snapshot.state.status === 'error' ? snapshot : await updater.until((s) => s.state.status === 'error')
      if (failed.state.status !== 'error') throw new Error('expected an error')
      expect(failed.state.message).toMatch(message)
      // One line, short: no stack, no dumped HTTP response.
      expect(failed.state.message).not.toContain('\n')
      expect(failed.state.message.length).toBeLessThanOrEqual(200)
      expect(downloads()).toEqual([])
      expect(updater.progress.filter((p) => p !== -1)).toEqual([])

      feed.setFault({ kind: 'none' })
      await updater.controller.check()
      const ready = await updater.until((s) => s.state.status === 'ready' || s.state.status === 'error')
      expect(ready.state).toEqual({ status: 'ready', version: '0.2.0', release: FEED_RELEASE })
    },
  )

  it('the feed server is gone: a connection error, and nothing else happens', async () => {
    const updater = await launch('0.1.0')
    await feed.close()
    await updater.controller.check()
    const failed = await updater.until((s) => s.state.status === 'error')
    expect(failed.state.status === 'error' && failed.state.message).toContain('net::ERR_CONNECTION_REFUSED')
    expect(await pendingFiles(updater)).toEqual([])
    feed = await startFeedServer() // for afterEach
  })

  it('a download cut short: reported, no partial file kept, a later check downloads it whole', async () => {
    feed.publish('latest', { version: '0.2.0' })
    feed.setFault({ kind: 'truncate-download', afterBytes: 300 * 1024 })
    const updater = await launch('0.1.0')
    await updater.controller.check()
    const failed = await updater.until((s) => s.state.status === 'error' || s.state.status === 'ready')
    expect(failed.state.status === 'error' && failed.state.message).toContain(
      'net::ERR_CONTENT_LENGTH_MISMATCH',
    )
    expect(await pendingFiles(updater)).toEqual([])
    expect(updater.progress.at(-1)).toBe(-1)
    expect(updater.autoUpdater.autoInstallOnAppQuit).toBe(true)

    feed.setFault({ kind: 'none' })
    await updater.controller.check()
    const ready = await updater.until((s) => s.state.status === 'ready' || s.state.status === 'error')
    expect(ready.state).toEqual({ status: 'ready', version: '0.2.0', release: FEED_RELEASE })
    const published = feed.fileOf('latest')!
    expect(sha512Of(await readFile(join(updater.dirs.pending, published.name)))).toBe(published.sha512)
  })
})
