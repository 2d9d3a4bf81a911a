// The window's renderer process dies (a crash, the OOM killer): Electron keeps the window but shows nothing in
// it. The app must bring the user back to where they were, and not loop if the renderer keeps dying (then it
// says so in the window). Fails on the app before electron/main/renderer-recovery.ts: the window stays blank.
import { afterEach, expect, test } from 'vitest'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

test('a renderer crash: the window reloads where the user was; repeated crashes stop reloading', async () => {
  const stack = await startStack()
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const window = await app.firstWindow()
  await window.page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(window.page, GRACE)
  await waitForLiveShell(window.page)
  await window.page.getByRole('link', { name: 'Settings' }).click()
  await window.page.waitForURL((url) => url.pathname === '/settings')

  await app.crashRenderer(window)
  await waitForLiveShell(window.page)
  expect(new URL(window.page.url()).pathname).toBe('/settings')
  await expect
    .poll(() => app.log(), { timeout: 5_000 })
    .toMatch(/renderer process gone \(crashed\); reloading/)

  // A renderer that dies again and again is not reloaded for ever.
  for (let crash = 2; crash <= 4; crash++) {
    await app.crashRenderer(window)
    if (crash < 4) await window.page.locator('[data-testid="app-shell"]').waitFor({ timeout: 20_000 })
  }
  await expect.poll(() => app.log(), { timeout: 5_000 }).toMatch(/4 times within 60 s; not reloading/)
  // Not a blank window: a static page that says what happened and what to do.
  await window.page
    .getByRole('heading', { name: 'Harbor’s window stopped working' })
    .waitFor({ timeout: 5_000 })
  expect(await window.page.locator('body').innerText()).toContain('Quit Harbor and open it again')
  expect(app.running()).toBe(true)
})
