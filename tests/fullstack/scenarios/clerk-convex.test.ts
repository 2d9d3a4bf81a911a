// Clerk and Convex configured the two ways Harbor's README allows, and one way it does not:
// - Clerk's Convex integration (the session token carries aud "convex"; profile claims mapped on Clerk's Sessions
//   page, as the README tells), and a JWT template named "convex": the profile syncs into Convex and
//   Diagnostics reports no problem, in both;
// - Convex trusting another Clerk instance (a wrong CLERK_JWT_ISSUER_DOMAIN): the app is online, so it must say
//   the server refused the sign-in, not "offline".
import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import {
  GRACE,
  mainText,
  signInWithPassword,
  startStack,
  stopStack,
  waitForLiveShell,
  type Stack,
} from './stack'

afterEach(stopStack)

async function signIn(stack: Stack): Promise<Page> {
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(page, GRACE)
  return page
}

type StoredUser = Record<string, unknown>

function storedUsers(stack: Stack): Promise<StoredUser[]> {
  return stack.convex.t.run(async (ctx) => (await ctx.db.query('users').collect()) as unknown as StoredUser[])
}

/** A Diagnostics card, by its title. */
const card = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true })

async function openDiagnostics(page: Page): Promise<void> {
  // Diagnostics is not in the navigation: the header's status indicator (or Help → Diagnostics) opens it.
  await page.getByRole('button', { name: 'Up to date – open Diagnostics' }).click()
  await expect.poll(() => page.title(), { timeout: 5_000 }).toBe('Diagnostics – Harbor')
  // The token section decodes the token Convex received.
  await card(page, 'Convex token').getByText('Audience (aud)').waitFor({ timeout: 15_000 })
}

for (const mode of ['integration', 'template'] as const) {
  test(`${mode} token mode: the profile syncs into Convex and Diagnostics shows no error`, async () => {
    const stack = await startStack()
    stack.clerk.setTokenMode(mode, { profileClaimsMapped: true })
    const page = await signIn(stack)
    await waitForLiveShell(page)

    // users.store ran with the claims of the token Convex verified.
    await expect.poll(async () => (await storedUsers(stack)).length, { timeout: 10_000 }).toBe(1)
    const user = (await storedUsers(stack))[0]
    expect(user).toMatchObject({
      email: GRACE.email,
      emailVerified: true,
      name: 'Grace Hopper',
      givenName: 'Grace',
      familyName: 'Hopper',
      nickname: GRACE.username,
    })
    await page.getByTestId('user-name').filter({ hasText: 'Grace Hopper' }).waitFor({ timeout: 10_000 })

    await openDiagnostics(page)
    const diagnostics = page.locator('main')
    expect(await diagnostics.locator('[role="alert"]').count()).toBe(0)
    expect(await diagnostics.locator('[data-tone="bad"]').allInnerTexts()).toEqual([])
    expect(await card(page, 'Convex (server)').innerText()).toContain('Accepted')
    expect(await card(page, 'Account sync').innerText()).toContain('Sign-in token (JWT)')
    expect(await card(page, 'Convex token').innerText()).toContain(
      mode === 'integration' ? 'Convex integration (the session token)' : 'JWT template',
    )
    expect(await page.getByTestId('profile-claims-advice').count()).toBe(0)
  })
}

test('wrong issuer: Convex refuses the token and the app shows the refused state, not offline', async () => {
  const stack = await startStack({ convexIssuer: 'https://other-instance.clerk.accounts.dev' })
  const page = await signIn(stack)

  await page.getByTestId('server-refused-banner').waitFor({ timeout: 30_000 })
  expect(await page.getByTestId('offline-banner').count()).toBe(0)
  // The Profile page behind the banner does not blame the network either (issue 10: "once you are back online").
  await page.getByTestId('user-name').waitFor({ timeout: 5_000 })
  expect(await mainText(page)).not.toMatch(/offline|back online/i)
  // Nothing was stored server-side for a refused token.
  expect(await storedUsers(stack)).toEqual([])
  expect(stack.convex.requests.some((r) => r.kind === 'Authenticate' && /refused/.test(r.detail ?? ''))).toBe(
    true,
  )
})
