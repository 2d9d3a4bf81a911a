// A new user signs in with email + password, stays signed in across a relaunch, and signs out again: what the
// window shows and what the machine keeps (keychain item, cache file) at each step.
import { existsSync } from 'node:fs'
import { readFile, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { decodeJwt } from '../clerk'
import {
  GRACE,
  mainText,
  screenHistory,
  signInWithPassword,
  startStack,
  stopStack,
  waitForLiveShell,
  type Stack,
} from './stack'

afterEach(stopStack)

const CLIENT_TOKEN_ACCOUNT = '__clerk_client_jwt'

async function signedIn(stack: Stack) {
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)
  return { app, page }
}

test('password sign-in: the signed-in shell shows the user; the Clerk client token is in the OS keychain', async () => {
  const stack = await startStack()
  const { app, page } = await signedIn(stack)

  await page.getByTestId('user-name').filter({ hasText: 'Grace Hopper' }).waitFor({ timeout: 10_000 })
  const [session] = stack.clerk.sessions()
  expect(session?.status).toBe('active')

  // The cache is written once the live data is in; it is encrypted with a key kept in the keychain.
  const userData = app.userDataDir()
  await expect.poll(() => existsSync(join(userData, 'last-known-user.json')), { timeout: 10_000 }).toBe(true)
  // The keychain (the real Secret Service, read with secret-tool) holds exactly two items under the packaged
  // build's service name, in our envelope: Clerk's client token (the one the stand-in issued to this client)
  // and the cache key. Nothing under any other service.
  const items = stack.profile.keychainItems()
  expect(items.map((item) => `${item.service}/${item.account}`)).toEqual([
    `Harbor/${CLIENT_TOKEN_ACCOUNT}`,
    'Harbor/harbor.last-known-user.key',
  ])
  const token = items.find((item) => item.account === CLIENT_TOKEN_ACCOUNT)
  expect(token?.secret.startsWith('v1:')).toBe(true)
  expect(decodeJwt(token!.secret.slice(3)).id).toBe(session?.clientId)
  // Nothing of the token or the profile in files.
  const cache = await readFile(join(userData, 'last-known-user.json'), 'utf8')
  expect(cache).not.toContain('Grace')
  expect(cache).not.toContain(GRACE.email)
  expect(existsSync(join(userData, 'tokens.enc.json'))).toBe(false)
})

test('relaunch restores the session without signing in', async () => {
  const stack = await startStack()
  const first = await signedIn(stack)
  await expect
    .poll(() => existsSync(join(first.app.userDataDir(), 'last-known-user.json')), { timeout: 10_000 })
    .toBe(true)
  // The user closes the window: on Linux that quits the app (window-all-closed).
  await first.app.closeWindow(await first.app.firstWindow())
  expect(await first.app.exited).toEqual({ code: 0, signal: null })
  const signInsBefore = stack.clerk.requests.filter(
    (r) => r.method === 'POST' && r.path === '/v1/client/sign_ins',
  ).length

  const again = await stack.launch()
  const { page } = await again.firstWindow()
  await waitForLiveShell(page)
  expect(await mainText(page)).toContain('Grace Hopper')
  const history = await screenHistory(page)
  expect(history.screens).not.toContain('sign-in')
  expect(
    stack.clerk.requests.filter((r) => r.method === 'POST' && r.path === '/v1/client/sign_ins'),
  ).toHaveLength(signInsBefore)
  expect(stack.clerk.sessions().filter((s) => s.status === 'active')).toHaveLength(1)
})

test('killed while signed in (a crash, a power cut): the next start takes over the lock and the session', async () => {
  const stack = await startStack()
  const first = await signedIn(stack)
  await expect
    .poll(() => existsSync(join(first.app.userDataDir(), 'last-known-user.json')), { timeout: 10_000 })
    .toBe(true)
  await first.app.crash()
  // The dead process's lock is still there, naming it.
  const lock = join(first.app.userDataDir(), 'SingletonLock')
  expect((await readlink(lock)).endsWith(`-${first.app.pid}`)).toBe(true)

  const again = await stack.launch()
  const { page } = await again.firstWindow()
  await waitForLiveShell(page)
  expect((await screenHistory(page)).screens).not.toContain('sign-in')
  expect((await readlink(lock)).endsWith(`-${again.pid}`)).toBe(true)
})

test('sign-out empties the keychain and the cache and ends the Clerk session', async () => {
  const stack = await startStack()
  const { app, page } = await signedIn(stack)
  const userData = app.userDataDir()
  await expect.poll(() => existsSync(join(userData, 'last-known-user.json')), { timeout: 10_000 }).toBe(true)
  expect(stack.profile.keychainItems('Harbor').length).toBeGreaterThan(0)

  await page.getByRole('button', { name: /Account menu/ }).click()
  await page.getByRole('menuitem', { name: 'Sign out…' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Sign out of Harbor on this device?' })
  await confirm.getByRole('button', { name: 'Sign out', exact: true }).click()
  // The signed-out screen first (a success, not a warning), then its Sign in button leads to Clerk's form.
  const signedOut = page.locator('[data-screen="signed-out"]')
  await signedOut.waitFor({ timeout: 20_000 })
  expect(await signedOut.getByTestId('signed-out-message').innerText()).toBe(
    'Your sign-in was removed from this computer.',
  )
  await signedOut.getByRole('button', { name: 'Sign in' }).click()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })

  await expect.poll(() => stack.profile.keychainItems('Harbor'), { timeout: 10_000 }).toEqual([])
  expect(existsSync(join(userData, 'last-known-user.json'))).toBe(false)
  expect(stack.clerk.sessions().map((s) => s.status)).not.toContain('active')

  // And it stays signed out across a relaunch.
  await app.quit()
  const again = await stack.launch()
  const relaunched = await again.firstWindow()
  await relaunched.page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  expect(stack.profile.keychainItems('Harbor')).toEqual([])
})
