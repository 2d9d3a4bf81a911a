// The Linux/Windows deep-link path, for real: OAuth opens the default browser; the provider's redirect to
// harbor://renderer/?... makes the OS start a second Harbor process with the link as argument; that process
// loses the single-instance lock, hands its argv to the first one and quits; the first one completes sign-in.
// App links (harbor://renderer/<route>) take the same path while the app runs, and argv at a cold start.
import { afterEach, expect, test } from 'vitest'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

test('OAuth through the system browser: the deep link comes back via a second instance and signs the user in', async () => {
  const stack = await startStack()
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })

  await page.getByRole('button', { name: /Continue with Google/i }).click()
  // The app never shows the provider: the default browser does.
  await expect.poll(() => stack.profile.browserPages().length, { timeout: 10_000 }).toBeGreaterThan(0)
  const browserPage = stack.profile.browserPages()[0]!
  expect(stack.profile.openedExternally[0]).toMatch(/^https:\/\/clerk\.harbor-fullstack\.test\//)
  await browserPage.locator(`a[data-email="${GRACE.email}"]`).click()

  await waitForLiveShell(page)
  await page.getByTestId('user-name').filter({ hasText: 'Grace Hopper' }).waitFor({ timeout: 10_000 })

  // The OS started exactly one more Harbor process, with the callback link; it opened no window and quit.
  expect(stack.profile.handedOff).toHaveLength(1)
  expect(stack.profile.handedOff[0]).toMatch(/^harbor:\/\/renderer\/\?/)
  const second = stack.profile.instances[1]!
  expect(second.argv).toEqual(stack.profile.handedOff)
  expect(await second.exited).toEqual({ code: 0, signal: null })
  expect(second.windows).toHaveLength(0)
  expect(app.running()).toBe(true)
  expect(stack.profile.instances).toHaveLength(2)
  // Signed in for good: the client token is in the keychain.
  expect(stack.profile.keychainItems('Harbor').map((item) => item.account)).toContain('__clerk_client_jwt')
})

async function signedIn(stack: Awaited<ReturnType<typeof startStack>>) {
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)
  return { app, page }
}

test('an app link while running: a second instance forwards it and the running window shows the route', async () => {
  const stack = await startStack()
  const { app, page } = await signedIn(stack)
  expect(new URL(page.url()).pathname).not.toBe('/settings')

  const second = await stack.profile.openLink('harbor://renderer/settings')
  expect(await second!.exited).toEqual({ code: 0, signal: null })
  expect(second!.windows).toHaveLength(0)
  await page.waitForURL((url) => url.pathname === '/settings', { timeout: 10_000 })
  await expect.poll(() => page.title(), { timeout: 5_000 }).toBe('Settings – Harbor')
  expect(app.windows).toHaveLength(1)
})

test('an app link at cold start opens the app on that route', async () => {
  const stack = await startStack()
  const first = await signedIn(stack)
  await first.app.quit()

  const app = await stack.launch({ argv: ['harbor://renderer/diagnostics'] })
  const { page } = await app.firstWindow()
  await waitForLiveShell(page)
  await page.waitForURL((url) => url.pathname === '/diagnostics', { timeout: 10_000 })
  await expect.poll(() => page.title(), { timeout: 5_000 }).toBe('Diagnostics – Harbor')
})
