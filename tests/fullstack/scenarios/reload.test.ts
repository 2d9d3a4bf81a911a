// A reload on every route paints the app again: View → Reload, the error screen's Reload and the can't-reach
// screen's Retry all reload the current URL, so each route must be loadable from the protocol handler as the
// shipped index.html is written (issue 10, bug 1: electron-vite forced `./assets/...`, and a reload on
// /devices/<id> asked for /devices/assets/... and painted nothing).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { GRACE, screenHistory, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

test('a reload on every route, /devices/<id> included, paints the signed-in app', async () => {
  const stack = await startStack()
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)
  const { deviceId } = JSON.parse(await readFile(join(app.userDataDir(), 'device.json'), 'utf8')) as {
    deviceId: string
  }

  const routes: Array<[string, string]> = [
    ['/', 'Profile – Harbor'],
    ['/profile', 'Profile – Harbor'],
    ['/devices', 'Devices – Harbor'],
    [`/devices/${deviceId}`, 'Devices – Harbor'],
    ['/settings', 'Settings – Harbor'],
    ['/diagnostics', 'Diagnostics – Harbor'],
  ]
  for (const [path, title] of routes) {
    // In-app navigation first (history routing), then a reload of that URL, as the user's View → Reload does.
    await page.evaluate(
      `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
    )
    const before = (await screenHistory(page)).documents
    await page.reload({ waitUntil: 'load' })
    await waitForLiveShell(page)
    expect(new URL(page.url()).pathname, path).toBe(path)
    await expect.poll(() => page.title(), { timeout: 5_000, message: path }).toBe(title)
    expect((await screenHistory(page)).documents, path).toBe(before + 1)
    // The device page highlights this device after its reload.
    if (path.startsWith('/devices/')) await page.locator('[aria-current="true"]').waitFor({ timeout: 5_000 })
  }
  const failed = app.consoleLines.filter((line) => /Failed to load resource|MIME type|404/.test(line))
  expect(failed).toEqual([])
})
