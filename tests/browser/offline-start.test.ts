// Offline start (issue 5) in real Chromium with the network switched off: the cached last known user, read
// through the real encrypted store, decides what appears, and sign-out offline really empties the storage.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MAX_OFFLINE_AGE_MS } from '../../electron/main/last-known-user'
import { shippedRenderer, type BuiltRenderer } from './build-renderer'
import {
  createDesktopFixture,
  launchApp,
  RENDERER_ORIGIN,
  TEST_CONVEX_URL,
  TEST_PUBLISHABLE_KEY,
  cachedUser,
  type DesktopFixture,
  type LaunchedApp,
} from './harness'

let built: BuiltRenderer
let desktop: DesktopFixture
let app: LaunchedApp | null = null

beforeAll(async () => {
  await mkdir('test-results', { recursive: true })
  built = await shippedRenderer()
})

afterEach(async () => {
  await app?.close()
  app = null
  await desktop?.cleanup()
})

const cachedTester = (confirmedOnlineAt: number) => cachedUser('user_2offlineTester', confirmedOnlineAt)

async function start(seed: (desktop: DesktopFixture) => Promise<void>): Promise<LaunchedApp> {
  desktop = await createDesktopFixture()
  await seed(desktop)
  app = await launchApp({
    rendererDir: built.dir,
    desktop,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    offline: true,
  })
  return app
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  )

describe('offline start', () => {
  it('a cached user opens the signed-in shell at once, marked offline, with the cached devices', async () => {
    const { page, emit } = await start((d) => d.lastUser.write(cachedTester(Date.now() - 3 * 3_600_000)))
    const started = Date.now()
    await page.goto(`${RENDERER_ORIGIN}/`)
    const shell = page.getByTestId('app-shell')
    await shell.waitFor({ timeout: 5_000 })
    // The shell does not wait for Clerk (which needs 15 s to give up) or Convex. (Generous for loaded CI
    // machines; `npm run bench:startup` measures the real number.)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await shell.getAttribute('data-mode')).toBe('offline')
    // Calm first; the banner speaks once the problem has lasted its grace (4 s), and says it once.
    const banner = page.getByTestId('offline-banner')
    await banner.waitFor({ timeout: 10_000 })
    expect(await banner.innerText()).toMatch(/^You are offline\./)
    expect(await page.locator('#content').innerText()).toContain('Showing what was last synced 3 hours ago')
    expect((await page.locator('body').innerText()).match(/offline/gi)).toHaveLength(1)
    expect(await page.getByTestId('user-name').innerText()).toBe('Grace Hopper')
    await page.screenshot({ path: 'test-results/offline-1-shell.png' })

    // An app link from the main process navigates, even offline.
    await emit('links:open', { name: 'devices' })
    await page.waitForURL(`${RENDERER_ORIGIN}/devices`)
    const content = page.locator('#content')
    await expect.poll(() => content.innerText()).toContain('office-desktop')
    expect(await content.innerText()).toContain('test-laptop')
    await page.screenshot({ path: 'test-results/offline-2-devices.png' })

    // Light and dark follow the OS.
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor')
    expect(await background()).toBe('rgb(246, 247, 249)')
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await background()).toBe('rgb(23, 24, 27)')
    await page.screenshot({ path: 'test-results/offline-2-devices-dark.png' })
    await page.emulateMedia({ colorScheme: 'light' })
    // A reload on a deep route (what "Retry now" does when Clerk is stuck) comes back to the same page.
    await page.goto(`${RENDERER_ORIGIN}/devices/device-office-desktop`)
    await shell.waitFor({ timeout: 3_000 })
    await expect.poll(() => content.innerText()).toContain('office-desktop')
    expect(app!.pageErrors).toEqual([])
    // Offline is never signed out: nothing was forgotten.
    expect((await desktop.lastUser.read()).status).toBe('valid')
    expect((await app!.screens()).filter((s) => s !== 'starting')).toEqual(['blank', 'shell:offline'])
    expect(app!.pageErrors).toEqual([])
  })

  it('without a cache says clearly that signing in needs a connection', async () => {
    const { page } = await start(async () => undefined)
    await page.goto(`${RENDERER_ORIGIN}/`)
    const screen = page.locator('[data-screen="unreachable"]')
    await screen.waitFor({ timeout: 3_000 })
    expect(await screen.getByRole('heading').innerText()).toBe('You are offline')
    expect(await screen.innerText()).toContain('Signing in needs an internet connection')
    expect(await page.getByTestId('app-shell').count()).toBe(0)
    await page.screenshot({ path: 'test-results/offline-3-no-cache.png' })
  })

  it('a cache older than the maximum offline age is not honoured, and is removed', async () => {
    const { page } = await start((d) =>
      d.lastUser.write(cachedTester(Date.now() - MAX_OFFLINE_AGE_MS - 3_600_000)),
    )
    expect((await desktop.lastUser.read()).status).toBe('expired')
    await page.goto(`${RENDERER_ORIGIN}/`)
    const screen = page.locator('[data-screen="unreachable"]')
    await screen.waitFor({ timeout: 3_000 })
    expect(await screen.innerText()).toContain('You have not been online for more than 30 days')
    expect(await page.getByTestId('app-shell').count()).toBe(0)
    await page.screenshot({ path: 'test-results/offline-4-expired.png' })
    await expect.poll(async () => (await desktop.lastUser.read()).status).toBe('none')
  })

  it('a corrupted cache is discarded (file gone) and the sign-in path is shown with an explanation', async () => {
    const { page } = await start(async (d) => {
      await d.lastUser.write(cachedTester(Date.now() - 60_000))
      const stored = await readFile(d.lastUserFile, 'utf8')
      // Flip the ciphertext: authenticated decryption must refuse it.
      await writeFile(
        d.lastUserFile,
        stored.replace(/"data":"(.)/, (_m, c: string) => `"data":"${c === 'A' ? 'B' : 'A'}`),
      )
    })
    await page.goto(`${RENDERER_ORIGIN}/`)
    const screen = page.locator('[data-screen="unreachable"]')
    await screen.waitFor({ timeout: 3_000 })
    expect(await screen.innerText()).toContain('could not be read and was removed')
    expect(await page.getByTestId('app-shell').count()).toBe(0)
    expect(await exists(desktop.lastUserFile)).toBe(false)
    await page.screenshot({ path: 'test-results/offline-5-corrupted.png' })
  })

  it('sign-out while offline removes the cache and the Clerk secret from storage at once', async () => {
    const { page } = await start(async (d) => {
      await d.lastUser.write(cachedTester(Date.now() - 60_000))
      await d.storage.setItem('__clerk_client_jwt', 'header.payload.signature')
    })
    expect(desktop.keychain.entries.size).toBe(2) // Clerk's token and the cache's encryption key
    await page.goto(`${RENDERER_ORIGIN}/`)
    await page.getByTestId('app-shell').waitFor({ timeout: 3_000 })

    await page.getByRole('button', { name: /Account menu/ }).click()
    const menu = page.getByRole('menu', { name: 'Account' })
    expect(await menu.innerText()).toContain('signs you out on this computer now')
    await page.screenshot({ path: 'test-results/offline-6-menu.png' })
    await menu.getByRole('menuitem', { name: 'Sign out…' }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Sign out of Harbor on this device?' })
    expect(await confirm.innerText()).toContain('You are offline: this signs you out on this computer now.')
    await page.screenshot({ path: 'test-results/offline-6b-confirm.png' })
    await confirm.getByRole('button', { name: 'Sign out', exact: true }).click()

    // Signed out, said as a success; its Sign in button leads on to what signing in needs (a connection).
    const screen = page.locator('[data-screen="signed-out"]')
    await screen.waitFor({ timeout: 5_000 })
    expect(await screen.innerText()).toContain('You were offline, so the server ends that session by itself')
    await page.screenshot({ path: 'test-results/offline-7-signed-out.png' })
    await screen.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('[data-screen="unreachable"]').waitFor({ timeout: 5_000 })

    // Checked in the storage itself, not in the UI.
    expect(await desktop.storage.getItem('__clerk_client_jwt')).toBeNull()
    expect((await desktop.lastUser.read()).status).toBe('none')
    expect(await exists(desktop.lastUserFile)).toBe(false)
    expect(desktop.keychain.entries.size).toBe(0)
  })
})
