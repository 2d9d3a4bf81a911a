// Issue 10, bug 5: with a development instance, clerk-js posts usage telemetry to clerk-telemetry.com, which the
// app's CSP does not allow: every event left a CSP violation and a console error. Harbor turns Clerk's telemetry
// off (ClerkProvider `telemetry={false}`: clerk-js then creates no collector at all). Checked with Clerk really
// loaded: the real clerk-js and Clerk's UI bundle against the Clerk Frontend API stand-in, the sign-in form on
// screen and used, under the app's real CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClerkStandIn, type ClerkStandIn } from '../fullstack/clerk'
import { shippedRenderer, type BuiltRenderer } from './build-renderer'
import {
  createDesktopFixture,
  launchApp,
  RENDERER_ORIGIN,
  TEST_CONVEX_URL,
  TEST_PUBLISHABLE_KEY,
  type DesktopFixture,
  type LaunchedApp,
} from './harness'

let built: BuiltRenderer
let clerk: ClerkStandIn
let desktop: DesktopFixture
let app: LaunchedApp

beforeAll(async () => {
  built = await shippedRenderer()
  clerk = await startClerkStandIn()
  desktop = await createDesktopFixture()
  app = await launchApp({
    rendererDir: built.dir,
    desktop,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    clerk: { host: clerk.host, port: clerk.port },
  })
})

afterAll(async () => {
  await app?.close()
  await desktop?.cleanup()
  await clerk?.stop()
})

const TELEMETRY_HOST = 'clerk-telemetry.com'

describe('Clerk telemetry', () => {
  it('is never attempted while Clerk loads and its sign-in form is used; the CSP reports nothing', async () => {
    expect(clerk.publishableKey).toBe(TEST_PUBLISHABLE_KEY) // a development (pk_test_) instance
    const { page } = app
    await page.goto(`${RENDERER_ORIGIN}/`)
    await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 30_000 })
    // Clerk's own form: mounting it and typing into it are events its telemetry records.
    const email = page.getByLabel(/email address/i)
    await email.waitFor({ timeout: 15_000 })
    await email.fill('nobody@example.com')
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    // The collector flushes when the page is idle: give it that chance.
    await page.waitForTimeout(1_500)
    await page.evaluate('new Promise((resolve) => requestIdleCallback(() => resolve(undefined)))')

    // Clerk did talk to its Frontend API (so it was loaded, and telemetry would have had its chance)...
    expect(clerk.requests.some((request) => request.path === '/v1/environment')).toBe(true)
    // ...but never tried to reach telemetry, and nothing was refused.
    expect((await app.fetches()).filter((url) => url.includes(TELEMETRY_HOST))).toEqual([])
    expect(app.externalRequests.filter((url) => url.includes(TELEMETRY_HOST))).toEqual([])
    expect(await app.cspViolations()).toEqual([])
    expect(app.consoleErrors.filter((text) => /Content Security Policy|telemetry/i.test(text))).toEqual([])
  })
})
