// The window's security rules as the shipped main process applies them to a real page: new windows never open
// in the app (vetted https goes to the default browser, anything else nowhere), navigation away from the app is
// cancelled, permission requests are refused except the clipboard write Diagnostics' "Copy report" needs.
import { afterEach, expect, test } from 'vitest'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

test('window.open and foreign navigation: nothing opens in the app; only https reaches the default browser', async () => {
  const stack = await startStack()
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })

  // What a link or a compromised page script could try.
  expect(await page.evaluate(`window.open('https://clerk.com/docs')`)).toBeNull()
  expect(await page.evaluate(`window.open('file:///etc/passwd')`)).toBeNull()
  expect(await page.evaluate(`window.open('harbor-other://x')`)).toBeNull()
  await expect
    .poll(() => stack.profile.openedExternally, { timeout: 5_000 })
    .toEqual(['https://clerk.com/docs'])
  expect(app.windows).toHaveLength(1)
  expect(app.records.filter((record) => record.kind === 'popup')).toEqual([])

  const appUrl = page.url()
  await page.evaluate(`location.href = 'https://evil.example/phish'`)
  await expect
    .poll(async () => (await app.log()).includes('Blocked navigation to https://evil.example'), {
      timeout: 5_000,
    })
    .toBe(true)
  expect(page.url()).toBe(appUrl)
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 5_000 })
  expect(stack.profile.openedExternally).toEqual(['https://clerk.com/docs'])
})

test('permissions: camera and notifications are refused; Copy report may write the clipboard', async () => {
  const stack = await startStack()
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })

  const camera = await page.evaluate(
    `navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'granted', (error) => error.name)`,
  )
  expect(camera).toBe('NotAllowedError')
  expect(await page.evaluate(`Notification.requestPermission()`)).toBe('denied')
  expect(
    await page.evaluate(`navigator.permissions.query({ name: 'notifications' }).then((s) => s.state)`),
  ).toBe('denied')
  await expect
    .poll(async () => await app.log(), { timeout: 5_000 })
    .toMatch(/Denied permission request: media/)

  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)
  await page.getByTestId('status-indicator').click()
  await page.getByRole('button', { name: 'Copy report' }).click()
  await page.getByText('Copied to the clipboard.').waitFor({ timeout: 5_000 })
  // The app itself may not read the clipboard...
  expect(
    await page.evaluate(`navigator.clipboard.readText().then(() => 'read', (error) => error.name)`),
  ).toBe('NotAllowedError')
  // ...the user pasting elsewhere may: the system clipboard, read from another page of the same browser.
  const elsewhere = await page.context().newPage()
  // (A secure context with no app code: a file of our origin that does not exist.)
  await elsewhere.goto('https://renderer--harbor.localhost/nothing-here.txt')
  await elsewhere.bringToFront()
  const report = (await elsewhere.evaluate(`navigator.clipboard.readText()`)) as string
  await elsewhere.close()
  expect(report).toMatch(/^# Harbor diagnostics/)
  expect(report).toContain('aud: convex')
  expect(report).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./)
})
