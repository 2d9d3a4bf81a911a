// Auto-update for real, as a user meets it: the shipped main bundle of a packaged Linux build (app-update.yml in
// the resources folder, APPIMAGE set) runs the real electron-updater, whose requests go through the emulated
// Electron `net` (../electron/net.ts) to a local release server. What is asserted is what the user sees (the
// update banner on top of every screen, Settings) and what is stored (the verified file in the updater's cache,
// the chosen channel in userData).
import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import type { UpdateSnapshot } from '../../../electron/shared/contract'
import { shippedBuild } from '../build'
import { createProfile, launchApp, stopAllProfiles, type AppProfile } from '../electron'
import { startFeedServer, type FeedServer } from '../update/feed-server'
import { UPDATER_CACHE_DIR_NAME } from '../update/packaged-updater'

let feed: FeedServer | null = null

afterEach(async () => {
  await stopAllProfiles()
  await feed?.close()
  feed = null
})

/** What electron-builder packs for the generic provider, and the installed AppImage electron-updater replaces. */
async function packageFor(profile: AppProfile, server: FeedServer): Promise<Record<string, string>> {
  await writeFile(
    join(profile.resourcesDir, 'app-update.yml'),
    `provider: generic\nurl: ${server.url}\nupdaterCacheDirName: ${UPDATER_CACHE_DIR_NAME}\n`,
  )
  const appImage = join(profile.root, 'Harbor-0.1.0-x86_64.AppImage')
  await writeFile(appImage, 'the installed AppImage (never executed)')
  return { APPIMAGE: appImage }
}

const pendingDir = (profile: AppProfile) => join(profile.home, '.cache', UPDATER_CACHE_DIR_NAME, 'pending')
const sha512Of = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64')
const banner = (page: Page) => page.locator('.update-banner')

/**
 * An "AppImage" for 0.2.0 that, when started, only records that it was (and how): a shell script, padded to a
 * size whose download is seen in progress (sh stops reading at `exit`).
 */
function scriptedAppImage(): Buffer {
  const script = Buffer.from(
    '#!/bin/sh\nprintf "%s" "$APPIMAGE_SILENT_INSTALL" > "$HOME/started-0.2.0"\nexit 0\n',
  )
  return Buffer.concat([script, Buffer.alloc(640 * 1024, 0x23)])
}

test('a little after start the app finds, downloads and verifies the update, then installs it on Restart', async () => {
  feed = await startFeedServer()
  feed.publish('latest', { version: '0.2.0', payload: scriptedAppImage() })
  // About 2.5 s of download, so the banner is seen in progress.
  feed.setTrickle({ chunkBytes: 32 * 1024, intervalMs: 120 })
  const build = await shippedBuild()
  const profile = await createProfile()
  const env = await packageFor(profile, feed)
  const app = await launchApp({ build, profile, version: '0.1.0', env })
  const window = await app.firstWindow()
  const { page } = window

  // The first check is the app's own, about 15 s after start (DEFAULT_INITIAL_DELAY_MS): nothing is triggered.
  expect(await banner(page).count()).toBe(0)
  await page.getByText(/Downloading Harbor 0\.2\.0: \d+%/).waitFor({ timeout: 30_000 })
  const seen = new Set<string>()
  while (!seen.has('ready')) {
    const text = await banner(page).innerText({ timeout: 10_000 })
    if (/Downloading Harbor 0\.2\.0: ([1-9]\d?)%/.test(text)) seen.add('in progress')
    if (text.includes('Harbor 0.2.0 is ready.')) seen.add('ready')
    await page.waitForTimeout(100)
  }
  expect(seen).toEqual(new Set(['in progress', 'ready']))
  expect(await banner(page).getByRole('button', { name: 'Restart to update' }).isEnabled()).toBe(true)

  // Stored: the file electron-updater verified (sha512) is the published one, byte for byte.
  const published = feed.fileOf('latest')!
  expect(sha512Of(await readFile(join(pendingDir(profile), published.name)))).toBe(published.sha512)
  expect(await readdir(pendingDir(profile))).toContain('update-info.json')
  // The taskbar progress moved and was cleared.
  expect(window.progress.some((value) => value > 0 && value < 1)).toBe(true)
  expect(window.progress.at(-1)).toBe(-1)
  expect(feed.requests.filter((r) => r.endsWith('.yml'))).toEqual(['GET /latest-linux.yml'])
  expect(await app.log()).toContain('Update 0.2.0 downloaded; it installs on restart')

  // Restart to update: electron-updater moves the new AppImage in place of the old one, starts it, and the app
  // quits.
  await banner(page).getByRole('button', { name: 'Restart to update' }).click()
  const exit = await Promise.race([
    app.exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
  ])
  expect(exit).not.toBeNull()
  const installed = join(profile.root, published.name)
  await expect
    .poll(() => readFile(join(profile.home, 'started-0.2.0'), 'utf8').catch(() => null), { timeout: 5_000 })
    .toBe('true') // started by the updater, as a silent install
  expect(sha512Of(await readFile(installed))).toBe(published.sha512)
  await expect(readFile(env.APPIMAGE!)).rejects.toThrow(/ENOENT/) // the old version is gone
}, 90_000)

/**
 * A launched packaged app on its first screen (no sign-in: the banner sits on top of every screen). Settings'
 * controls call `window.desktop.updates.setChannel(...)` / `.check()` (features/updates/useUpdates.ts); the
 * tests make the same calls through the real preload bridge and IPC, so they need no signed-in shell.
 */
async function launchedApp(version: string) {
  feed = await startFeedServer()
  const build = await shippedBuild()
  const profile = await createProfile()
  const app = await launchApp({ build, profile, version, env: await packageFor(profile, feed) })
  const window = await app.firstWindow()
  const { page } = window
  await page.waitForFunction('Boolean(window.desktop && window.desktop.updates)')
  const updates = (call: 'check' | 'stable' | 'beta') =>
    page.evaluate(
      (what) =>
        what === 'check'
          ? (window as unknown as DesktopWindow).desktop.updates.check()
          : (window as unknown as DesktopWindow).desktop.updates.setChannel(what),
      call,
    )
  return { app, window, page, profile, feed, updates }
}

interface DesktopWindow {
  desktop: {
    updates: { check(): Promise<UpdateSnapshot>; setChannel(channel: string): Promise<UpdateSnapshot> }
  }
}

test('switching to beta is stored, fetches the beta feed and gets its release; back to stable keeps this build', async () => {
  const { app, page, feed, profile, updates } = await launchedApp('0.1.0')
  feed.publish('latest', { version: '0.1.0' })
  feed.publish('beta', { version: '0.3.0-beta.1' })

  const switched = await updates('beta')
  expect(switched.channel).toBe('beta')
  await page.getByText('Harbor 0.3.0-beta.1 is ready.').waitFor({ timeout: 20_000 })
  expect(JSON.parse(await readFile(join(app.userDataDir(), 'update-settings.json'), 'utf8'))).toEqual({
    channel: 'beta',
  })
  const beta = feed.fileOf('beta')!
  expect(sha512Of(await readFile(join(pendingDir(profile), beta.name)))).toBe(beta.sha512)
  expect(feed.requests.filter((r) => r.endsWith('.yml'))).toContain('GET /beta-linux.yml')

  // Leaving beta before restarting: the waiting beta is dropped (not installed on quit), nothing downgrades.
  const back = await updates('stable')
  expect(back.channel).toBe('stable')
  await expect.poll(() => banner(page).count()).toBe(0)
  expect(JSON.parse(await readFile(join(app.userDataDir(), 'update-settings.json'), 'utf8'))).toEqual({
    channel: 'stable',
  })
  await expect.poll(() => app.log()).toContain('Left beta: the prerelease 0.3.0-beta.1 will not be installed')
  expect((await updates('check')).state).toMatchObject({ status: 'up-to-date' })
  expect(app.running()).toBe(true)
}, 120_000)

test('a broken feed and a cut-off download are reported in the banner and change nothing; the next check works', async () => {
  const { app, page, feed, profile, updates } = await launchedApp('0.1.0')
  feed.publish('latest', { version: '0.2.0' })

  feed.setFault({ kind: 'feed-status', status: 500 })
  await updates('check')
  await page.getByText(/Update failed: .*500/).waitFor({ timeout: 20_000 })
  await banner(page).getByRole('button', { name: 'Dismiss' }).click()
  await expect.poll(() => banner(page).count()).toBe(0)

  feed.setFault({ kind: 'truncate-download', afterBytes: 200 * 1024 })
  await updates('check')
  await page.getByText('Update failed: net::ERR_CONTENT_LENGTH_MISMATCH').waitFor({ timeout: 20_000 })
  expect(await readdir(pendingDir(profile)).catch(() => [])).toEqual([])

  feed.setFault({ kind: 'none' })
  await updates('check')
  await page.getByText('Harbor 0.2.0 is ready.').waitFor({ timeout: 20_000 })
  const published = feed.fileOf('latest')!
  expect(sha512Of(await readFile(join(pendingDir(profile), published.name)))).toBe(published.sha512)
  expect(app.running()).toBe(true)
  expect(
    app.records.filter((r) => r.kind === 'uncaught-exception' || r.kind === 'unhandled-rejection'),
  ).toEqual([])
}, 120_000)
