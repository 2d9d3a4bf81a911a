// Auto-update for real, as a user meets it: the shipped main bundle of a packaged Linux build (app-update.yml in
// the resources folder, APPIMAGE set) runs the real electron-updater, whose requests go through the emulated
// Electron `net` (../electron/net.ts) to a local release server. What is asserted is what the user sees (the
// update indicator floating in a corner of every screen, the ready card with the feed's release notes,
// Settings) and what is stored (the verified file in the updater's cache, the chosen channel in userData).
import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import type { UpdateSnapshot } from '../../../electron/shared/contract'
import { shippedBuild } from '../build'
import { createProfile, launchApp, stopAllProfiles, type AppProfile } from '../electron'
import { startFeedServer, type FeedServer } from '../update/feed-server'
import { UPDATER_CACHE_DIR_NAME } from '../update/packaged-updater'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

let feed: FeedServer | null = null

afterEach(async (context) => {
  await stopStack(context)
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
const corner = (page: Page) => page.getByTestId('update-corner')

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

// GitHub-style release notes (HTML), with what a hostile or careless feed might carry.
const NOTES_HTML =
  '<h2>What&#39;s new</h2><ul><li>Devices can be <strong>renamed</strong></li><li>Faster sync</li></ul>' +
  '<script>window.__fromNotes = 1</script><img src=x onerror="window.__fromNotes = 2">' +
  `<p>${'Thanks to everyone who reported problems. '.repeat(20)}</p>`

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * axe-core's violations inside the update corner, in the page's current theme. Evaluated through the DevTools
 * protocol, which the page's CSP does not govern (a script tag would be refused, and rightly).
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${await AXE_SOURCE}; undefined`)
  return page.evaluate(`axe
    .run({ include: [['[data-testid="update-corner"]']] }, { resultTypes: ['violations'] })
    .then((result) => result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    expect(await axeViolations(page), colorScheme).toEqual([])
  }
  await page.emulateMedia({ colorScheme: null })
}

/** The contrast ratio of two `rgb(...)` colours (WCAG 2). */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map((v) => Number(v) / 255)
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(bl!)
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The download bar's fill against its track and against the card it sits on, in the page's current theme. */
function barColours(page: Page): Promise<{ fill: string; track: string; surface: string }> {
  return page.evaluate(`(() => {
    const colour = (selector) => getComputedStyle(document.querySelector(selector)).backgroundColor
    return { fill: colour('.update-pill-bar-fill'), track: colour('.update-pill-bar'), surface: colour('.update-pill') }
  })()`)
}

test('signed in, the app finds the update a little after start, shows its progress, then the ready card with the notes; Later hides it, Settings restarts', async () => {
  const stack = await startStack()
  stack.clerk.createUser(GRACE)
  feed = await startFeedServer()
  feed.publish('latest', {
    version: '0.2.0',
    payload: scriptedAppImage(),
    releaseName: 'Lighthouse',
    releaseNotes: NOTES_HTML,
  })
  // About 5 s of download, so it is seen (and checked with axe) in progress.
  feed.setTrickle({ chunkBytes: 32 * 1024, intervalMs: 240 })
  const env = await packageFor(stack.profile, feed)
  const app = await stack.launch({ version: '0.1.0', env })
  const window = await app.firstWindow()
  const { page } = window
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  // The first check is the app's own, about 15 s after start (DEFAULT_INITIAL_DELAY_MS): nothing is triggered.
  expect(await corner(page).count()).toBe(0)
  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)

  const pill = page.getByRole('button', { name: /^Downloading update · \d+%$/ })
  await pill.waitFor({ timeout: 30_000 })
  // Floating: the page keeps the whole window, nothing is pushed down.
  expect((await page.locator('.window-frame-content').boundingBox())!.y).toBe(0)
  const pillBox = (await pill.boundingBox())!
  const pillBarBox = (await page.locator('.update-pill-bar').boundingBox())!
  expect(pillBarBox.height).toBeGreaterThanOrEqual(6)
  const light = await barColours(page)
  await page.emulateMedia({ colorScheme: 'dark' })
  const dark = await barColours(page)
  await page.emulateMedia({ colorScheme: null })
  for (const theme of [light, dark]) {
    // Non-text contrast (WCAG 1.4.11): the fill must stand out from the empty track and from the card.
    expect(contrast(theme.fill, theme.track)).toBeGreaterThanOrEqual(3)
    expect(contrast(theme.fill, theme.surface)).toBeGreaterThanOrEqual(3)
  }
  console.info(
    `update bar: pill ${Math.round(pillBox.width)}x${Math.round(pillBox.height)} px, bar ${Math.round(pillBarBox.width)}x${pillBarBox.height} px; ` +
      `fill/track contrast light ${contrast(light.fill, light.track).toFixed(1)}, dark ${contrast(dark.fill, dark.track).toFixed(1)}; ` +
      `fill/card light ${contrast(light.fill, light.surface).toFixed(1)}, dark ${contrast(dark.fill, dark.surface).toFixed(1)}`,
  )

  // The panel: a full-width bar, percent and speed.
  await pill.click()
  const panel = page.getByRole('region', { name: /^Downloading update/ })
  const bar = panel.getByRole('progressbar', { name: 'Update download progress for 0.2.0' })
  const ready = page.getByRole('region', { name: 'Harbor 0.2.0 is ready to install' })
  const seen = new Set<string>()
  let barBox: { width: number; height: number } | null = null
  let panelWidth = 0
  while (!seen.has('ready')) {
    if (await ready.isVisible()) {
      seen.add('ready')
      break
    }
    const value = Number(await bar.getAttribute('value', { timeout: 1_000 }).catch(() => null))
    if (value > 0 && value < 100) {
      const text = await panel.innerText({ timeout: 1_000 }).catch(() => '')
      if (/\d+% · [\d.]+ (B|KB|MB)\/s/.test(text)) seen.add('in progress')
      if (!barBox) {
        barBox = await bar.boundingBox({ timeout: 1_000 }).catch(() => null)
        panelWidth = (await panel.boundingBox({ timeout: 1_000 }).catch(() => null))?.width ?? 0
        if (barBox) {
          await expectNoAxeViolations(page)
          seen.add('checked with axe')
        }
      }
    }
    await page.waitForTimeout(100)
  }
  expect(seen).toEqual(new Set(['in progress', 'checked with axe', 'ready']))
  expect(barBox!.height).toBeGreaterThanOrEqual(6)
  // Full width of the panel but its padding (1 rem each side at 14 px, and the borders).
  expect(barBox!.width).toBeGreaterThanOrEqual(panelWidth - 2 * 14 - 2)
  console.info(
    `update panel: ${Math.round(panelWidth)} px wide, its bar ${Math.round(barBox!.width)}x${barBox!.height} px`,
  )

  // Ready: the card with the notes as text (the feed's markup and script never reach the page as markup).
  await expect.poll(() => pill.count()).toBe(0)
  const notes = ready.getByTestId('update-release-notes')
  expect(await notes.innerText()).toMatch(
    /^What's new\n\n• Devices can be renamed\n• Faster sync\n\nThanks to everyone/,
  )
  expect(await ready.innerText()).toContain('Lighthouse · Released')
  expect(await ready.locator('script, img, strong').count()).toBe(0)
  expect(
    await page.evaluate(() => (globalThis as unknown as { __fromNotes?: number }).__fromNotes),
  ).toBeUndefined()
  await expectNoAxeViolations(page)
  await ready.getByRole('button', { name: 'Show more' }).click()
  expect(await notes.innerText()).toMatch(/problems\.$/)
  await expectNoAxeViolations(page)
  const state = await page.evaluate(() => (globalThis as unknown as DesktopWindow).desktop.updates.get())
  expect(state.state).toMatchObject({
    status: 'ready',
    version: '0.2.0',
    release: { name: 'Lighthouse', date: '2026-01-01T00:00:00.000Z', notesTruncated: false },
  })
  // The window had the focus, so it said it itself: no OS notification.
  expect(app.records.filter((record) => record.kind === 'notification')).toEqual([])

  // Stored: the file electron-updater verified (sha512) is the published one, byte for byte.
  const published = feed.fileOf('latest')!
  expect(sha512Of(await readFile(join(pendingDir(stack.profile), published.name)))).toBe(published.sha512)
  expect(await readdir(pendingDir(stack.profile))).toContain('update-info.json')
  // The taskbar progress moved and was cleared.
  expect(window.progress.some((value) => value > 0 && value < 1)).toBe(true)
  expect(window.progress.at(-1)).toBe(-1)
  expect(feed.requests.filter((r) => r.endsWith('.yml'))).toEqual(['GET /latest-linux.yml'])
  expect(await app.log()).toContain('Update 0.2.0 downloaded; it installs on restart')

  // Later: the card goes, a note says where the restart is; the main process remembers it for this run.
  await ready.getByRole('button', { name: 'Later' }).click()
  await expect.poll(() => ready.count()).toBe(0)
  expect(await page.getByTestId('update-later-note').innerText()).toContain('open Settings → Updates')
  await page.getByTestId('update-later-note').getByRole('button', { name: 'OK' }).click()
  await expect.poll(() => corner(page).count()).toBe(0)
  expect(
    (await page.evaluate(() => (globalThis as unknown as DesktopWindow).desktop.updates.get())).state,
  ).toMatchObject({
    status: 'ready',
    deferred: true,
  })
  await expect.poll(() => app.log()).toContain('Update 0.2.0: the user chose Later')

  // Settings still offers the restart (and the card stays away on the way there).
  await app.clickMenu(['File', 'Settings'])
  await page.waitForURL((url) => url.pathname === '/settings', { timeout: 5_000 })
  const updatesSection = page.getByRole('region', { name: 'Updates' })
  await updatesSection.getByText('Ready to install: Harbor 0.2.0.').waitFor({ timeout: 5_000 })
  expect(await corner(page).count()).toBe(0)

  // Restart now: electron-updater moves the new AppImage in place of the old one, starts it, and the app quits.
  expect(
    await clickAndAwaitQuit(updatesSection.getByRole('button', { name: 'Restart now' }), app),
  ).not.toBeNull()
  const installed = join(stack.profile.root, published.name)
  await expect
    .poll(() => readFile(join(stack.profile.home, 'started-0.2.0'), 'utf8').catch(() => null), {
      timeout: 5_000,
    })
    .toBe('true') // started by the updater, as a silent install
  expect(sha512Of(await readFile(installed))).toBe(published.sha512)
  await expect(readFile(env.APPIMAGE!)).rejects.toThrow(/ENOENT/) // the old version is gone
}, 120_000)

test('"Restart now" on the ready card installs: the updater quits, replaces the AppImage and starts it', async () => {
  const { app, page, feed, profile, updates } = await launchedApp('0.1.0')
  feed.publish('latest', { version: '0.2.0', payload: scriptedAppImage(), releaseNotes: 'Plain text notes.' })
  await updates('check')
  const ready = page.getByRole('region', { name: 'Harbor 0.2.0 is ready to install' })
  await ready.waitFor({ timeout: 20_000 })
  expect(await ready.getByTestId('update-release-notes').innerText()).toBe('Plain text notes.')
  expect(await clickAndAwaitQuit(ready.getByRole('button', { name: 'Restart now' }), app)).not.toBeNull()
  await expect
    .poll(() => readFile(join(profile.home, 'started-0.2.0'), 'utf8').catch(() => null), { timeout: 5_000 })
    .toBe('true')
}, 90_000)

/**
 * Clicks a button that quits the app, and waits up to 10 s for the process to exit (null if it does not).
 * The quit can close the window before Playwright has finished the click (it then rejects with "Target page,
 * context or browser has been closed", seen once in CI): that rejection is the click having worked. Any other
 * click failure is thrown, and the caller still checks that the app exited.
 */
async function clickAndAwaitQuit(button: Locator, app: { exited: Promise<unknown> }): Promise<unknown> {
  await button.click().catch((error: unknown) => {
    if (!(error instanceof Error) || !/Target page, context or browser has been closed/.test(error.message))
      throw error
  })
  return Promise.race([app.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))])
}

/**
 * A launched packaged app on its first screen (no sign-in: the update corner is on every screen). Settings'
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
          ? (globalThis as unknown as DesktopWindow).desktop.updates.check()
          : (globalThis as unknown as DesktopWindow).desktop.updates.setChannel(what),
      call,
    )
  return { app, window, page, profile, feed, updates }
}

interface DesktopWindow {
  desktop: {
    updates: {
      get(): Promise<UpdateSnapshot>
      check(): Promise<UpdateSnapshot>
      setChannel(channel: string): Promise<UpdateSnapshot>
    }
  }
}

test('switching to beta is stored, fetches the beta feed and gets its release; back to stable keeps this build', async () => {
  const { app, page, feed, profile, updates } = await launchedApp('0.1.0')
  feed.publish('latest', { version: '0.1.0' })
  feed.publish('beta', { version: '0.3.0-beta.1' })

  const switched = await updates('beta')
  expect(switched.channel).toBe('beta')
  await page
    .getByRole('heading', { name: 'Harbor 0.3.0-beta.1 is ready to install' })
    .waitFor({ timeout: 20_000 })
  expect(JSON.parse(await readFile(join(app.userDataDir(), 'update-settings.json'), 'utf8'))).toEqual({
    channel: 'beta',
  })
  const beta = feed.fileOf('beta')!
  expect(sha512Of(await readFile(join(pendingDir(profile), beta.name)))).toBe(beta.sha512)
  expect(feed.requests.filter((r) => r.endsWith('.yml'))).toContain('GET /beta-linux.yml')

  // Leaving beta before restarting: the waiting beta is dropped (not installed on quit), nothing downgrades.
  const back = await updates('stable')
  expect(back.channel).toBe('stable')
  await expect.poll(() => corner(page).count()).toBe(0)
  expect(JSON.parse(await readFile(join(app.userDataDir(), 'update-settings.json'), 'utf8'))).toEqual({
    channel: 'stable',
  })
  await expect.poll(() => app.log()).toContain('Left beta: the prerelease 0.3.0-beta.1 will not be installed')
  expect((await updates('check')).state).toMatchObject({ status: 'up-to-date' })
  expect(app.running()).toBe(true)
}, 120_000)

test('a broken feed and a cut-off download are reported quietly, in plain words, and change nothing; the next check works', async () => {
  const { app, page, feed, profile, updates } = await launchedApp('0.1.0')
  feed.publish('latest', { version: '0.2.0' })

  feed.setFault({ kind: 'feed-status', status: 500 })
  await updates('check')
  const failed = page.getByRole('button', { name: 'Update failed' })
  await failed.waitFor({ timeout: 20_000 })
  // The detail is for Settings and the log; the window says it in plain words.
  const snapshot = () => page.evaluate(() => (globalThis as unknown as DesktopWindow).desktop.updates.get())
  expect((await snapshot()).state).toMatchObject({ status: 'error', message: expect.stringMatching(/500/) })
  await failed.click()
  const panel = page.getByRole('region', { name: 'Update failed' })
  expect(await panel.innerText()).toContain('Harbor could not get the update')
  expect(await panel.innerText()).not.toMatch(/500|ERR_/)
  await panel.getByRole('button', { name: 'Dismiss' }).click()
  await expect.poll(() => corner(page).count()).toBe(0)

  feed.setFault({ kind: 'truncate-download', afterBytes: 200 * 1024 })
  await updates('check')
  await expect
    .poll(async () => (await snapshot()).state, { timeout: 20_000 })
    .toEqual({ status: 'error', message: 'net::ERR_CONTENT_LENGTH_MISMATCH' })
  await failed.waitFor({ timeout: 5_000 }) // a new error shows again after the first was dismissed
  expect(await readdir(pendingDir(profile)).catch(() => [])).toEqual([])

  feed.setFault({ kind: 'none' })
  await updates('check')
  await page.getByRole('heading', { name: 'Harbor 0.2.0 is ready to install' }).waitFor({ timeout: 20_000 })
  const published = feed.fileOf('latest')!
  expect(sha512Of(await readFile(join(pendingDir(profile), published.name)))).toBe(published.sha512)
  expect(app.running()).toBe(true)
  expect(
    app.records.filter((r) => r.kind === 'uncaught-exception' || r.kind === 'unhandled-rejection'),
  ).toEqual([])
}, 120_000)
