// Signing a device out from another one, with two or three app instances of the shipped build: separate
// profiles (home folder, private keyring, network), one Clerk user, the Clerk stand-in's Backend API doing the
// revoke that the Convex stand-in's real `devices.signOutDevice` asks for. What each window shows and what each
// machine keeps (keychain items, cache file) at each step.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import { shippedBuild } from '../build'
import { startClerkStandIn, type ClerkStandIn } from '../clerk'
import { startConvexStandIn, type ConvexStandIn } from '../convex'
import { createProfile, launchApp, stopAllProfiles, type AppInstance, type AppProfile } from '../electron'
import { CLERK_FRONTEND_API_HOST } from '../hosts'
import { GRACE, SCREEN_RECORDER, screenHistory, signInWithPassword, waitForLiveShell } from './stack'

const KEYCHAIN_SERVICE = 'Harbor'
const CACHE_FILE = 'last-known-user.json'
const SIGNED_OUT_WITHIN_MS = 5_000

const running: Array<{ stop(): Promise<void> }> = []
afterEach(async () => {
  await stopAllProfiles()
  await Promise.all(running.splice(0).map((part) => part.stop()))
})

interface Machine {
  profile: AppProfile
  app: AppInstance
  page: Page
}

async function startDevicesStack(machines: number) {
  const build = await shippedBuild()
  const clerk: ClerkStandIn = await startClerkStandIn()
  running.push(clerk)
  // Clerk's Convex integration (the session token, which carries `sid`), as Harbor's README sets it up.
  clerk.setTokenMode('integration', { profileClaimsMapped: true })
  // The deployment can end Clerk sessions: its secret key and the Backend API (the stand-in's, over HTTP).
  const convex: ConvexStandIn = await startConvexStandIn({
    env: {
      CLERK_JWT_ISSUER_DOMAIN: clerk.issuer,
      CLERK_SECRET_KEY: clerk.secretKey,
      CLERK_API_URL: clerk.backendApiUrl,
    },
    upstream: { [CLERK_FRONTEND_API_HOST]: clerk.port },
  })
  running.push(convex)
  clerk.createUser(GRACE)
  const profiles = await Promise.all(Array.from({ length: machines }, () => createProfile()))
  const launch = (profile: AppProfile) =>
    launchApp({ build, profile, clerk, convex, pageInitScripts: [SCREEN_RECORDER] })

  /** A machine where Grace signed in and whose device is registered (it shows up on the others' lists). */
  const signIn = async (profile: AppProfile): Promise<Machine> => {
    const app = await launch(profile)
    const { page } = await app.firstWindow()
    await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 30_000 })
    await signInWithPassword(page, GRACE)
    await waitForLiveShell(page, 30_000)
    await expect.poll(() => existsSync(join(app.userDataDir(), CACHE_FILE)), { timeout: 15_000 }).toBe(true)
    return { profile, app, page }
  }
  return { clerk, convex, profiles, launch, signIn }
}

async function openDevices(page: Page, others: number): Promise<void> {
  await page.getByRole('link', { name: 'Devices' }).click()
  // Every machine registered: this device plus the others.
  await expect
    .poll(() => page.getByRole('list', { name: 'Devices' }).getByRole('listitem').count(), {
      timeout: 20_000,
    })
    .toBe(others + 1)
}

/** This device's own row says so ("This device · active now" while connected). */
const THIS_DEVICE = /^This device( · active now)?$/

/** The rows of the other devices (all machines here share one host name, so that line tells them apart). */
function otherRows(page: Page) {
  return page
    .getByRole('list', { name: 'Devices' })
    .getByRole('listitem')
    .filter({ hasNot: page.getByText(THIS_DEVICE) })
}

function thisRow(page: Page) {
  return page
    .getByRole('list', { name: 'Devices' })
    .getByRole('listitem')
    .filter({ has: page.getByText(THIS_DEVICE) })
}

/** The signed-out screen: Clerk's sign-in, with the notice naming the device that did it. */
function signedOutNotice(page: Page) {
  return page.getByText(
    /This computer was signed out from .+ on .+\. Its saved sign-in and offline data were removed/,
  )
}

async function expectForgotten(machine: Machine): Promise<void> {
  await expect.poll(() => machine.profile.keychainItems(KEYCHAIN_SERVICE), { timeout: 10_000 }).toEqual([])
  expect(existsSync(join(machine.app.userDataDir(), CACHE_FILE))).toBe(false)
}

/** Relaunching the signed-out machine shows sign-in, never the cached shell. */
async function expectRelaunchShowsSignIn(launch: (p: AppProfile) => Promise<AppInstance>, machine: Machine) {
  await machine.app.quit()
  const again = await launch(machine.profile)
  const { page } = await again.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 30_000 })
  expect((await screenHistory(page)).screens.filter((screen) => screen.startsWith('shell:'))).toEqual([])
}

test('A signs out B: B shows the signed-out screen within 5 s and forgets its token and cache', async () => {
  const stack = await startDevicesStack(2)
  const a = await stack.signIn(stack.profiles[0]!)
  const b = await stack.signIn(stack.profiles[1]!)
  expect(stack.clerk.sessions().filter((s) => s.status === 'active')).toHaveLength(2)
  expect(b.profile.keychainItems(KEYCHAIN_SERVICE).length).toBeGreaterThan(0)

  await openDevices(a.page, 1)
  const row = otherRows(a.page)
  await row.getByRole('button', { name: 'Sign out…' }).click()
  await row
    .getByRole('alertdialog')
    .getByText(/Within seconds it forgets your account/)
    .waitFor()
  const clicked = Date.now()
  await row.getByRole('button', { name: 'Sign out', exact: true }).click()

  await signedOutNotice(b.page).waitFor({ timeout: 15_000 })
  const elapsed = Date.now() - clicked
  console.log(`device-sign-out: A's click to B's signed-out screen: ${elapsed} ms`)
  expect(elapsed).toBeLessThan(SIGNED_OUT_WITHIN_MS)
  await b.page.locator('[data-screen="sign-in"]').waitFor()

  // A keeps going; its list shows B signed out. Clerk ended exactly B's session.
  await row.getByText('Signed out', { exact: true }).waitFor({ timeout: 10_000 })
  await waitForLiveShell(a.page)
  const statuses = stack.clerk.sessions().map((s) => s.status)
  expect(statuses.filter((s) => s === 'active')).toHaveLength(1)
  expect(statuses).toContain('revoked')

  await expectForgotten(b)
  await expectRelaunchShowsSignIn(stack.launch, b)
})

test('B offline during the revoke: at its next connection it signs itself out; its cached shell never returns', async () => {
  const stack = await startDevicesStack(2)
  const a = await stack.signIn(stack.profiles[0]!)
  const b = await stack.signIn(stack.profiles[1]!)

  b.profile.network.setOnline(false)
  await b.page.locator('[data-testid="app-shell"][data-mode="offline"]').waitFor({ timeout: 30_000 })

  await openDevices(a.page, 1)
  const row = otherRows(a.page)
  await row.getByRole('button', { name: 'Sign out…' }).click()
  await row.getByRole('button', { name: 'Sign out', exact: true }).click()
  await row.getByText('Signed out', { exact: true }).waitFor({ timeout: 10_000 })
  // B cannot know yet: it still shows what was last synced.
  await b.page.waitForTimeout(1_000)
  expect(await b.page.locator('[data-testid="app-shell"][data-mode="offline"]').count()).toBe(1)

  const back = Date.now()
  b.profile.network.setOnline(true)
  await signedOutNotice(b.page).waitFor({ timeout: 60_000 })
  console.log(`device-sign-out: B back online to its signed-out screen: ${Date.now() - back} ms`)
  await expectForgotten(b)
  await expectRelaunchShowsSignIn(stack.launch, b)
})

test('"Sign out of all other devices" with three instances signs out the other two; A stays signed in', async () => {
  const stack = await startDevicesStack(3)
  const a = await stack.signIn(stack.profiles[0]!)
  const b = await stack.signIn(stack.profiles[1]!)
  const c = await stack.signIn(stack.profiles[2]!)

  await openDevices(a.page, 2)
  await a.page.getByRole('button', { name: 'Sign out of all other devices…' }).click()
  const clicked = Date.now()
  await a.page.getByRole('button', { name: 'Sign out all' }).click()
  await Promise.all([b, c].map((machine) => signedOutNotice(machine.page).waitFor({ timeout: 15_000 })))
  console.log(`device-sign-out: A's click to both others' signed-out screens: ${Date.now() - clicked} ms`)
  await a.page.getByText('Signed out 2 other devices.').first().waitFor({ timeout: 10_000 })
  await waitForLiveShell(a.page)
  expect(stack.clerk.sessions().filter((s) => s.status === 'active')).toHaveLength(1)
  await Promise.all([expectForgotten(b), expectForgotten(c)])
  expect(a.profile.keychainItems(KEYCHAIN_SERVICE).length).toBeGreaterThan(0)
})

test('Rename round-trips through the real Convex client: both machines see the new names, and a new start keeps them', async () => {
  const stack = await startDevicesStack(2)
  const a = await stack.signIn(stack.profiles[0]!)
  const b = await stack.signIn(stack.profiles[1]!)
  await openDevices(a.page, 1)
  await openDevices(b.page, 1)
  await expect.poll(() => thisRow(a.page).textContent()).toContain('This device · active now')

  // A names B, then itself, through the inline field (Enter saves).
  await otherRows(a.page).getByRole('button', { name: 'Rename…' }).click()
  await a.page.getByRole('textbox', { name: 'Device name' }).fill('  Studio iMac  ')
  await a.page.keyboard.press('Enter')
  await thisRow(a.page).getByRole('button', { name: 'Rename…' }).click()
  await a.page.getByRole('textbox', { name: 'Device name' }).fill('Grace’s laptop')
  await a.page.keyboard.press('Enter')
  // An invalid name is explained beside the field and never sent.
  await thisRow(a.page).getByRole('button', { name: 'Rename…' }).click()
  await a.page.getByRole('textbox', { name: 'Device name' }).fill('x'.repeat(65))
  await a.page.keyboard.press('Enter')
  await a.page.getByRole('alert').getByText('Use at most 64 characters (this name has 65).').waitFor()
  await a.page.keyboard.press('Escape')

  // B's live list (its own subscription) shows both names, trimmed, within moments.
  await thisRow(b.page).getByText('Studio iMac', { exact: true }).waitFor({ timeout: 10_000 })
  await otherRows(b.page).getByText('Grace’s laptop', { exact: true }).waitFor({ timeout: 10_000 })

  // B starts again: it registers with its hostname, which must not undo the name A gave it.
  await b.app.quit()
  const again = await stack.launch(b.profile)
  const { page } = await again.firstWindow()
  await waitForLiveShell(page, 30_000)
  await openDevices(page, 1)
  await thisRow(page).getByText('Studio iMac', { exact: true }).waitFor({ timeout: 10_000 })
  await otherRows(a.page).getByText('Studio iMac', { exact: true }).waitFor({ timeout: 10_000 })
})
