// Issue 10, bugs 2 and 3, end to end in real Chromium: Clerk's Convex integration with no profile claims mapped
// (Clerk's default: the session token carries `aud` and nothing about the person). The real clerk-js signs in
// against the Clerk stand-in, the real ConvexProviderWithClerk hands Convex the session token, the Convex
// stand-in runs our real functions. Sync works, but the profile is empty: the app must say so plainly (Profile)
// and name what to map where (Diagnostics), and Diagnostics must inspect the token Convex got, with no error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClerkStandIn, type ClerkStandIn } from '../fullstack/clerk'
import { startConvexStandIn, type ConvexStandIn } from '../fullstack/convex'
import { CLERK_FRONTEND_API_HOST } from '../fullstack/hosts'
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

const ADA = {
  email: 'ada@example.com',
  password: 'correct horse battery staple',
  firstName: 'Ada',
  lastName: 'Lovelace',
}

let built: BuiltRenderer
let clerk: ClerkStandIn
let convex: ConvexStandIn
let desktop: DesktopFixture
let app: LaunchedApp

beforeAll(async () => {
  built = await shippedRenderer()
  clerk = await startClerkStandIn()
  clerk.setTokenMode('integration', { profileClaimsMapped: false })
  clerk.createUser(ADA)
  convex = await startConvexStandIn({
    env: { CLERK_JWT_ISSUER_DOMAIN: clerk.issuer },
    upstream: { [CLERK_FRONTEND_API_HOST]: clerk.port },
  })
  desktop = await createDesktopFixture()
  app = await launchApp({
    rendererDir: built.dir,
    desktop,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    clerk: { host: clerk.host, port: clerk.port },
    convex: { host: convex.host, port: convex.port },
  })
})

afterAll(async () => {
  await app?.close()
  await desktop?.cleanup()
  await convex?.stop()
  await clerk?.stop()
})

describe('Clerk’s Convex integration without profile claims', () => {
  it('signs in and syncs; Profile says the details did not come; Diagnostics names what to map, no error', async () => {
    const { page } = app
    await page.goto(`${RENDERER_ORIGIN}/`)
    await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 30_000 })
    // Clerk's own sign-in form.
    await page.getByLabel(/email address/i).fill(ADA.email)
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByLabel(/^password/i).fill(ADA.password)
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.locator('[data-testid="app-shell"][data-mode="live"]').waitFor({ timeout: 30_000 })

    // Stored: the user exists in Convex, without any profile detail (the token had none).
    await expect
      .poll(async () => (await convex.t.run((ctx) => ctx.db.query('users').collect())).length, {
        timeout: 10_000,
      })
      .toBe(1)
    const [stored] = await convex.t.run((ctx) => ctx.db.query('users').collect())
    expect(stored).toMatchObject({ lastSyncSource: 'jwt' })
    expect(stored?.email).toBeUndefined()
    expect(stored?.name).toBeUndefined()

    // Profile: said in plain words, with the way to Diagnostics.
    await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click()
    const notice = page.getByTestId('empty-profile-notice')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.innerText()).toContain('Your name and email address did not come with your sign-in')
    await notice.getByRole('link', { name: 'Open Diagnostics' }).click()

    // Diagnostics: the session token (what Convex got), accepted, no error; the claims to add, and where.
    const token = page.getByRole('region', { name: 'Convex token' })
    // Decoded, or an error: whichever comes, so a wrong outcome fails with what it said.
    await token.getByText('Audience (aud)').or(token.getByRole('alert')).first().waitFor({ timeout: 15_000 })
    expect(await token.getByRole('alert').allInnerTexts()).toEqual([])
    expect(await token.innerText()).toContain('Clerk’s Convex integration (the session token)')
    expect(await page.locator('main [role="alert"]').count()).toBe(0)
    expect(await page.locator('main [data-tone="bad"]').allInnerTexts()).toEqual([])
    const advice = page.getByTestId('profile-claims-advice')
    expect(await advice.innerText()).toContain('Your profile syncs empty')
    expect(await advice.innerText()).toContain('open Sessions, choose Customize session token, and add:')
    expect(await advice.innerText()).toContain('"email": "{{user.primary_email_address}}"')
    expect(app.pageErrors).toEqual([])
  })
})
