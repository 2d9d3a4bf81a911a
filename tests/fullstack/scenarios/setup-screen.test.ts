// A build made without the two public keys: the window says what is missing and how to fix it (nothing of Clerk
// or Convex is loaded), and its dashboard buttons open the default browser through the main process.
import { afterEach, expect, test } from 'vitest'
import { shippedBuild } from '../build'
import { createProfile, launchApp, stopAllProfiles } from '../electron'

afterEach(stopAllProfiles)

test('an unconfigured build shows the setup screen; its dashboard links open in the default browser', async () => {
  const build = await shippedBuild({
    env: { VITE_CLERK_PUBLISHABLE_KEY: '', VITE_CONVEX_URL: '' },
    sourcemap: Boolean(process.env.HARBOR_FULLSTACK_COVERAGE),
  })
  const profile = await createProfile()
  const app = await launchApp({ build, profile })
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="setup"]').waitFor({ timeout: 10_000 })
  const text = await page.locator('main').innerText()
  expect(text).toContain('VITE_CLERK_PUBLISHABLE_KEY')
  expect(text).toContain('VITE_CONVEX_URL')

  await page.getByRole('button', { name: 'Open the Clerk Dashboard' }).click()
  await page.getByRole('button', { name: 'Open the Convex Dashboard' }).click()
  await expect
    .poll(() => profile.openedExternally, { timeout: 5_000 })
    .toEqual(['https://dashboard.clerk.com/last-active?path=api-keys', 'https://dashboard.convex.dev/'])
  // The default browser got them (and, with no network here, shows its own error page): the app window did not move.
  expect(new URL(page.url()).pathname).toBe('/')
  expect(app.windows).toHaveLength(1)
  expect(app.consoleLines.filter((line) => /Content Security Policy|pageerror/.test(line))).toEqual([])
})
