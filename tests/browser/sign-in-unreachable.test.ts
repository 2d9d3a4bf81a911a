// A syntactically valid publishable key whose Frontend API cannot be reached (no cached user): the window must
// say "connecting" at once, then that the sign-in service cannot be reached, with a retry that really retries.
import { mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shippedRenderer, type BuiltRenderer } from './build-renderer'
import {
  createDesktopFixture,
  launchApp,
  RENDERER_ORIGIN,
  TEST_CONVEX_URL,
  TEST_PUBLISHABLE_KEY,
  UNREACHABLE_FAPI_HOST,
  type DesktopFixture,
  type LaunchedApp,
} from './harness'

let built: BuiltRenderer
let desktop: DesktopFixture
let app: LaunchedApp

beforeAll(async () => {
  await mkdir('test-results', { recursive: true })
  built = await shippedRenderer()
  desktop = await createDesktopFixture()
  // Requests to the Frontend API fail after 1.5 s, like a slow DNS timeout.
  app = await launchApp({
    rendererDir: built.dir,
    desktop,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    fapiDelayMs: 1_500,
  })
})

afterAll(async () => {
  await app?.close()
  await desktop?.cleanup()
})

// How Clerk gives up: on its Frontend API (a network error once its retries are spent) or, when its UI script is
// fetched before it loads, on that script after a fixed 15 s.
const CLERK_GAVE_UP = /failed_to_load_clerk_ui|ClerkJS: Network error/

describe('sign-in service unreachable, no cached user', () => {
  it('shows connecting at once, then can’t-reach (never blank), and Retry reloads and tries again', async () => {
    const { page } = app
    const started = Date.now()
    await page.goto(`${RENDERER_ORIGIN}/`)
    // "At once": long before the Frontend API's (delayed) failure, let alone Clerk's 15 s give-up. The bounds
    // leave room for a loaded CI machine.
    await page.locator('[data-screen="connecting"]').waitFor({ timeout: 2_000 })
    expect(Date.now() - started).toBeLessThan(3_000)
    await page.screenshot({ path: 'test-results/unreachable-1-connecting.png' })

    const unreachable = page.locator('[data-screen="unreachable"]')
    await unreachable.waitFor({ timeout: 10_000 })
    expect(await unreachable.getByRole('heading').innerText()).toBe('Can’t reach the sign-in service')
    // Plain words: the host name is for Diagnostics and the log, not this screen.
    expect(await unreachable.innerText()).not.toContain(UNREACHABLE_FAPI_HOST)

    // Clerk gives up (its API unreachable): our screen must survive that, not go blank.
    const gaveUp = () =>
      [...app.pageErrors.map(String), ...app.consoleErrors].some((text) => CLERK_GAVE_UP.test(text))
    await expect.poll(gaveUp, { timeout: 30_000 }).toBe(true)
    expect(app.pageErrors.filter((error) => !CLERK_GAVE_UP.test(String(error)))).toEqual([])
    await page.waitForTimeout(300)
    await unreachable.waitFor()
    await page.screenshot({ path: 'test-results/unreachable-2-cannot-reach.png' })
    // The cache read is a few ms, so 'starting' may come and go between two observations.
    const screens = (await app.screens()).filter((screen) => screen !== 'starting')
    expect(screens).toEqual(['blank', 'connecting', 'unreachable'])
    // The Frontend API was actually attempted (Clerk's UI script and/or our probe).
    const fapiAttempts = () =>
      app.externalRequests.filter((url) => new URL(url).hostname === UNREACHABLE_FAPI_HOST).length
    const before = fapiAttempts()
    expect(before).toBeGreaterThan(0)

    // Retry: the failed Clerk instance is cached per module, so a real retry reloads the renderer.
    const reloaded = page.waitForEvent('load')
    await unreachable.getByRole('button', { name: 'Retry now' }).click()
    await reloaded
    await page.locator('[data-screen="connecting"]').waitFor({ timeout: 2_000 })
    await unreachable.waitFor({ timeout: 10_000 })
    expect(fapiAttempts()).toBeGreaterThan(before)
    // Nothing was stored or forgotten on the way: a network failure changes no local state.
    expect(desktop.keychain.entries.size).toBe(0)
  })
})
