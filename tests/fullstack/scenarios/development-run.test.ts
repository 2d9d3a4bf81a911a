// A development run (`electron .`, not packaged) next to the installed app: its own userData, single-instance
// lock, keychain service and URL scheme (electron/main/app-identity.ts), so it never takes over the installed
// app's sign-in, files or links, and the installed app never takes over its own.
import { afterEach, expect, test } from 'vitest'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

test('a development run beside the installed app keeps its own sign-in, files, lock and links', async () => {
  const stack = await startStack()
  stack.clerk.createUser(GRACE)
  const installed = await stack.launch()
  const installedWindow = await installed.firstWindow()
  await installedWindow.page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(installedWindow.page, GRACE)
  await waitForLiveShell(installedWindow.page)
  const clientToken = (service: string) =>
    stack.profile.keychainItems(service).find((item) => item.account === '__clerk_client_jwt')?.secret
  const installedToken = clientToken('Harbor')
  expect(installedToken).toMatch(/^v1:ey/)

  // Started while the installed app runs: it does not lose the single-instance lock to it.
  const development = await stack.launch({ packaged: false })
  const { page } = await development.firstWindow()
  expect(development.userDataDir()).toBe(`${stack.profile.appData}/Harbor (development)`)
  expect(installed.userDataDir()).toBe(`${stack.profile.appData}/Harbor`)
  // Not signed in: the installed app's keychain items are not its own.
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)
  const developmentToken = clientToken('Harbor (development)')
  expect(developmentToken).toMatch(/^v1:ey/)
  expect(developmentToken).not.toBe(installedToken)
  expect(clientToken('Harbor')).toBe(installedToken)
  expect(stack.clerk.sessions().filter((session) => session.status === 'active')).toHaveLength(2)

  // Each registered its own scheme (the development run with the app folder, as Electron's guide says); a link of
  // each goes to its own app.
  expect([...stack.profile.schemeHandlers.keys()].sort()).toEqual(['harbor', 'harbor-dev'])
  await stack.profile.openLink('harbor-dev://renderer/settings')
  await page.waitForURL((url) => url.pathname === '/settings', { timeout: 10_000 })
  expect(new URL(installedWindow.page.url()).pathname).not.toBe('/settings')
  await stack.profile.openLink('harbor://renderer/devices')
  await installedWindow.page.waitForURL((url) => url.pathname === '/devices', { timeout: 10_000 })
  expect(new URL(page.url()).pathname).toBe('/settings')
  expect(installed.running() && development.running()).toBe(true)
})
