// The window's renderer process dies (a crash, the OOM killer): Electron keeps the window but shows nothing in
// it. The app must bring the user back to where they were and say so once; a second crash soon after shows the
// crash screen (Reload, Copy report); a renderer that keeps dying is not reloaded forever (then a static page
// says what to do). Fails on the app before electron/main/renderer-recovery.ts: the window stays blank.
import { afterEach, expect, test } from 'vitest'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

test('a renderer crash: the window reloads where the user was; a second shows the crash screen; repeated crashes stop reloading', async () => {
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
  // Said once, quietly, in plain words; the reason is only in the log.
  await window.page
    .getByText('Harbor restarted this window after a problem. Nothing was lost.')
    .waitFor({ timeout: 5_000 })
  expect(await window.page.locator('body').innerText()).not.toMatch(/exit code|crashed/)
  await expect
    .poll(() => app.log(), { timeout: 5_000 })
    .toMatch(/renderer stopped: crashed .*crash 1 in a row, reloading/)

  // Soon after, a second crash: the crash screen instead of the app, with the report to copy.
  await app.crashRenderer(window)
  await window.page.getByRole('heading', { name: 'Something went wrong' }).waitFor({ timeout: 20_000 })
  await window.page.getByRole('button', { name: 'Copy report' }).waitFor()
  expect(await window.page.locator('[data-testid="app-shell"]').count()).toBe(0)

  // A renderer that dies again and again is not reloaded for ever.
  await app.crashRenderer(window)
  await window.page.getByRole('heading', { name: 'Something went wrong' }).waitFor({ timeout: 20_000 })
  await app.crashRenderer(window)
  await expect.poll(() => app.log(), { timeout: 5_000 }).toMatch(/crash 4 in a row, not reloading/)
  // Not a blank window: a static page that says what happened and what to do.
  await window.page
    .getByRole('heading', { name: 'Harbor’s window stopped working' })
    .waitFor({ timeout: 5_000 })
  expect(await window.page.locator('body').innerText()).toContain('Quit Harbor and open it again')
  expect(app.running()).toBe(true)
})
