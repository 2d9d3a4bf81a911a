// The pieces every scenario uses: the shipped build, a user profile (home, keyring, network, default browser),
// the Clerk and Convex stand-ins wired to each other the way a real deployment is (Convex trusts the Clerk
// issuer through CLERK_JWT_ISSUER_DOMAIN and fetches its OIDC discovery + JWKS), and the app driven as a user
// drives it. `stopStack()` (afterEach) stops every process and port, also when the test failed.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { shippedBuild, type ShippedBuild } from '../build'
import { startClerkStandIn, type ClerkStandIn } from '../clerk'
import { startConvexStandIn, type ConvexStandIn } from '../convex'
import {
  createProfile,
  launchApp,
  stopAllProfiles,
  type AppInstance,
  type AppProfile,
  type LaunchOptions,
  type ProfileOptions,
} from '../electron'
import { CLERK_FRONTEND_API_HOST } from '../hosts'

export interface Stack {
  build: ShippedBuild
  profile: AppProfile
  clerk: ClerkStandIn
  convex: ConvexStandIn
  launch(options?: Partial<LaunchOptions>): Promise<AppInstance>
}

const running = new Set<{ stop(): Promise<void> }>()
const stacks = new Set<Stack>()

export async function startStack(
  options: {
    profile?: ProfileOptions
    /** Convex's CLERK_JWT_ISSUER_DOMAIN; default the Clerk stand-in's issuer. */
    convexIssuer?: string
    /** How Clerk hands Convex its token; default Clerk's Convex integration with the profile claims mapped on
     *  the Sessions page, as Harbor's README sets it up. */
    tokenMode?: { mode: 'integration' | 'template'; profileClaimsMapped: boolean }
  } = {},
): Promise<Stack> {
  // HARBOR_FULLSTACK_BUILD runs the scenarios against another build's output (e.g. one made before a fix, to see
  // its scenario fail); by default the shipped build of this checkout.
  const build = process.env.HARBOR_FULLSTACK_BUILD
    ? { outDir: process.env.HARBOR_FULLSTACK_BUILD }
    : await shippedBuild({ sourcemap: Boolean(process.env.HARBOR_FULLSTACK_COVERAGE) })
  const clerk = await startClerkStandIn()
  running.add(clerk)
  const tokenMode = options.tokenMode ?? { mode: 'integration', profileClaimsMapped: true }
  clerk.setTokenMode(tokenMode.mode, { profileClaimsMapped: tokenMode.profileClaimsMapped })
  const convex = await startConvexStandIn({
    env: { CLERK_JWT_ISSUER_DOMAIN: options.convexIssuer ?? clerk.issuer },
    upstream: { [CLERK_FRONTEND_API_HOST]: clerk.port },
  })
  running.add(convex)
  const profile = await createProfile(options.profile)
  const stack: Stack = {
    build,
    profile,
    clerk,
    convex,
    launch: (launch = {}) =>
      launchApp({ build, profile, clerk, convex, pageInitScripts: [SCREEN_RECORDER], ...launch }),
  }
  stacks.add(stack)
  return stack
}

/** What a failing scenario needs to be understood: each app's screen, console, main log and process output. */
async function describeApps(): Promise<string> {
  const parts: string[] = []
  for (const stack of stacks) {
    for (const [index, app] of stack.profile.instances.entries()) {
      parts.push(
        `--- app instance ${index} (pid ${app.pid}, argv ${JSON.stringify(app.argv)}, running ${app.running()})`,
      )
      for (const window of app.windows) {
        const text = await window.page
          .locator('body')
          .innerText({ timeout: 1000 })
          .catch(() => '(no page)')
        parts.push(`window ${window.id} ${window.page.isClosed() ? '(closed)' : window.page.url()}:\n${text}`)
      }
      parts.push(`console:\n${app.consoleLines.slice(-40).join('\n')}`)
      parts.push(`main.log:\n${(await app.log()).slice(-4000)}`)
      parts.push(`output:\n${app.output().slice(-3000)}`)
      parts.push(`records: ${JSON.stringify(app.records).slice(0, 2000)}`)
    }
    parts.push(
      `keychain: ${JSON.stringify(stack.profile.keychainItems().map((item) => ({ ...item, secret: `${item.secret.slice(0, 12)}…` })))}`,
    )
    parts.push(
      `clerk requests: ${stack.clerk.requests
        .map((r) => `${r.method} ${r.path} ${r.status}`)
        .slice(-40)
        .join('; ')}`,
    )
    parts.push(
      `convex requests: ${stack.convex.requests
        .map((r) => `${r.kind} ${r.detail ?? ''}`)
        .slice(-40)
        .join('; ')}`,
    )
  }
  return parts.join('\n')
}

/** What no scenario may leave behind, whatever it tested: a CSP violation or an uncaught error in a window, an
 *  uncaught exception or unhandled rejection in the main process. */
function problemsSeen(): string[] {
  const problems: string[] = []
  for (const stack of stacks) {
    for (const app of stack.profile.instances) {
      for (const line of app.consoleLines) {
        if (/Content Security Policy|\[pageerror\]/.test(line)) problems.push(`window: ${line}`)
      }
      for (const record of app.records) {
        if (record.kind === 'uncaught-exception' || record.kind === 'unhandled-rejection')
          problems.push(`main process ${record.kind}: ${String(record.detail).split('\n', 1)[0]}`)
      }
    }
  }
  return problems
}

export async function stopStack(context?: { task: { result?: { state?: string } } }): Promise<void> {
  const failed = context?.task.result?.state === 'fail'
  if (failed) console.error(await describeApps())
  const problems = failed ? [] : problemsSeen()
  stacks.clear()
  const stopping = [...running]
  running.clear()
  await stopAllProfiles()
  await Promise.all(stopping.map((part) => part.stop()))
  if (problems.length > 0) throw new Error(`the app reported problems:\n${problems.join('\n')}`)
}

export const GRACE = {
  username: 'grace',
  email: 'grace@example.com',
  password: 'correct horse battery staple',
  firstName: 'Grace',
  lastName: 'Hopper',
}

/** Clerk's own sign-in form (the real @clerk/ui bundle the stand-in serves): email, Continue, password, Continue. */
export async function signInWithPassword(
  page: Page,
  user: { email: string; password: string },
): Promise<void> {
  await page.getByLabel(/email address/i).fill(user.email)
  await page.getByRole('button', { name: 'Continue', exact: true }).click()
  await page.getByLabel(/^password/i).fill(user.password)
  await page.getByRole('button', { name: 'Continue', exact: true }).click()
}

/** The signed-in shell, live (Clerk and Convex confirmed the session). */
/** A first start of `stack`'s profile that signs GRACE in, waits for the live shell and the cache on disk, and
 *  quits: what every "signed-in relaunch" scenario starts from. */
export async function signInAndQuit(stack: Stack): Promise<void> {
  stack.clerk.createUser(GRACE)
  const first = await stack.launch()
  const firstWindow = await first.firstWindow()
  await firstWindow.page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(firstWindow.page, GRACE)
  await waitForLiveShell(firstWindow.page)
  await expect
    .poll(() => existsSync(join(first.userDataDir(), 'last-known-user.json')), { timeout: 10_000 })
    .toBe(true)
  await first.quit()
}

export async function waitForLiveShell(page: Page, timeout = 20_000): Promise<void> {
  await page.locator('[data-testid="app-shell"][data-mode="live"]').waitFor({ timeout })
}

/** The Authenticate messages the app sent the Convex stand-in since its `from`th frame. */
export function authenticatesSince(stack: Stack, from: number) {
  return stack.convex.frames
    .slice(from)
    .filter((frame) => frame.direction === 'client' && frame.type === 'Authenticate')
}

/** Records which screen the window showed, in order (sign-in, connecting, shell:live, shell:offline...), and
 *  which documents loaded, so a scenario can say "never showed sign-in" or "went live without a reload". */
export const SCREEN_RECORDER = `(() => {
  if (window.top !== window) return
  // Only the app's own documents (a data: page has no sessionStorage).
  try { sessionStorage.length } catch { return }
  const key = '__harborScreens'
  const previous = JSON.parse(sessionStorage.getItem(key) || '{"screens":[],"documents":0}')
  previous.documents += 1
  const state = previous
  const save = () => sessionStorage.setItem(key, JSON.stringify(state))
  save()
  Object.defineProperty(window, key, { value: state })
  const record = () => {
    const shell = document.querySelector('[data-testid="app-shell"]')
    const screen = document.querySelector('[data-screen]')
    const name = shell ? 'shell:' + shell.getAttribute('data-mode') : screen ? screen.getAttribute('data-screen') : null
    if (name && state.screens[state.screens.length - 1] !== name) { state.screens.push(name); save() }
  }
  document.addEventListener('DOMContentLoaded', () => {
    record()
    new MutationObserver(record).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-screen', 'data-mode'] })
  })
})()`

export interface ScreenHistory {
  /** Screens in the order shown, across reloads of this window. */
  screens: string[]
  /** Documents loaded in this window (1 = never reloaded). */
  documents: number
}

export function screenHistory(page: Page): Promise<ScreenHistory> {
  return page.evaluate('window.__harborScreens') as Promise<ScreenHistory>
}

/** The window's main content, as text. */
export function mainText(page: Page): Promise<string> {
  return page.locator('body').innerText()
}
