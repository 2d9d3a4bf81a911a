// Every screen and state of the app, reached the way a user reaches it: the shipped build under the full-stack
// harness (tests/fullstack: the real main bundle under emulated Electron, its window a real Chromium page, Clerk
// and Convex stand-ins on loopback). Used by `npm run screenshot -- --all` (an image per state, theme and size)
// and by tests/browser/accessibility.test.ts (axe on every state, both themes).
//
// Screens are found by role, text, `data-screen` or `data-testid`, never by CSS structure, and a state the UI
// does not have (yet) is reported as not found instead of failing the run: add a state by adding a STATES entry
// and an `at()` call in the journey that reaches it.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { shippedBuild } from '../../tests/fullstack/build'
import { createProfile, launchApp, stopAllProfiles, type AppInstance } from '../../tests/fullstack/electron'
import {
  GRACE,
  signInWithPassword,
  startStack,
  stopStack,
  waitForLiveShell,
  type Stack,
} from '../../tests/fullstack/scenarios/stack'
import { startFeedServer, type FeedServer } from '../../tests/fullstack/update/feed-server'
import { UPDATER_CACHE_DIR_NAME } from '../../tests/fullstack/update/packaged-updater'

export interface Size {
  width: number
  height: number
}

export const SIZES: readonly Size[] = [
  { width: 800, height: 600 },
  { width: 1440, height: 900 },
]
export const THEMES = ['light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export interface ScreenState {
  id: string
  title: string
  /** Sizes other than SIZES (the narrow window is its own size). */
  sizes?: readonly Size[]
  /** Shown too briefly to be sure of catching it: its absence is not a finding. */
  fleeting?: boolean
}

/** Clerk's image CDN, answered by the Clerk stand-in (tests/fullstack/electron/index.ts). */
const CLERK_IMAGES_HOST = 'img.clerk.com'

/** The window's smallest size (electron/main/window.ts MAIN_WINDOW_SIZE): where the sidebar must give way. */
const NARROW: Size = { width: 720, height: 520 }

export const STATES: readonly ScreenState[] = [
  { id: 'setup', title: 'Setup screen (a build without keys)' },
  { id: 'starting', title: 'Starting (while the cached user is read)', fleeting: true },
  { id: 'connecting-sign-in', title: 'Connecting to the sign-in service (no cache yet)' },
  { id: 'sign-in', title: 'Sign-in' },
  { id: 'profile', title: 'Signed in: Profile (live)' },
  { id: 'devices', title: 'Signed in: Devices (live)' },
  { id: 'settings', title: 'Signed in: Settings (live)' },
  { id: 'diagnostics', title: 'Diagnostics (live)' },
  { id: 'account-menu', title: 'Account menu open' },
  { id: 'not-found', title: 'Page not found' },
  { id: 'narrow', title: 'Narrow window, sidebar collapsed', sizes: [NARROW] },
  { id: 'connecting', title: 'Connecting (cached, not yet live)' },
  { id: 'offline', title: 'Offline (cached, after the grace period)' },
  { id: 'restarted', title: 'Restarted notice (after one renderer crash)' },
  { id: 'crashed', title: 'Renderer crash screen (second crash)' },
  { id: 'sign-out-confirm', title: 'Sign-out confirmation' },
  { id: 'signed-out', title: 'Signed out' },
  { id: 'unreachable', title: 'Can’t reach the sign-in service (first start offline)' },
  { id: 'refused', title: 'Server refused the sign-in' },
  { id: 'update-available', title: 'Update available' },
  { id: 'update-downloading', title: 'Update downloading' },
  { id: 'update-ready', title: 'Update ready' },
]

export type StateId = (typeof STATES)[number]['id']

export interface StateOutcome {
  state: ScreenState
  /** `found`: `capture` ran in that state; `not-found`: the app never showed it (see `detail`). */
  status: 'found' | 'not-found'
  detail?: string
}

export interface VisitOptions {
  /**
   * Runs with the window's page in the state (it may change theme and viewport; it should restore nothing).
   * `stillShown()` says whether the window still shows it: a state that passes on by itself (connecting) may
   * have ended mid-capture.
   */
  capture(state: ScreenState, page: Page, stillShown: () => Promise<boolean>): Promise<void>
  /** Only these state ids (their journeys run, other states on the way are passed by). */
  only?: readonly string[]
  log?(line: string): void
}

class NotShown extends Error {}

/** Waits for `ready` (a locator's waitFor, usually); throws NotShown with the reason if it never happens. */
async function shown(what: string, ready: () => Promise<unknown>): Promise<void> {
  try {
    await ready()
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error)
    throw new NotShown(`${what}: ${reason}`)
  }
}

interface Journey {
  name: string
  states: readonly string[]
  run(at: At): Promise<void>
}

/** Marks a state reached: `ready` (no side effects: it is asked again) confirms the window shows it, then the
 *  capture runs. */
type At = (id: string, page: Page, ready: () => Promise<unknown>) => Promise<void>

const SHORT = 8_000
const LONG = 25_000

const screen = (page: Page, name: string) => page.locator(`[data-screen="${name}"]`)
const shell = (page: Page) => page.getByTestId('app-shell')

/** In-app navigation as a link does it (the app's router listens to popstate). */
async function goTo(page: Page, path: string): Promise<void> {
  await page.evaluate(
    `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
  )
}

async function clickNav(page: Page, name: string, path: string): Promise<void> {
  const link = page.getByRole('link', { name, exact: true }).first()
  if (await link.count()) await link.click()
  else await goTo(page, path)
  await page.waitForURL((url) => url.pathname === path, { timeout: SHORT })
}

/** A port that accepts connections and never answers: a sign-in service that is slow, not down. */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The app writes its encrypted cache of the user shortly after going live; a quit before that has none. */
async function cacheWritten(app: AppInstance): Promise<void> {
  const file = join(app.userDataDir(), 'last-known-user.json')
  const deadline = Date.now() + 10_000
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the app wrote no last-known-user.json within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function signedInStack(options: Parameters<typeof startStack>[0] = {}): Promise<Stack> {
  const stack = await startStack(options)
  stack.clerk.createUser(GRACE)
  return stack
}

async function signIn(app: AppInstance): Promise<Page> {
  const { page } = await app.firstWindow()
  await screen(page, 'sign-in').waitFor({ timeout: LONG })
  await page.getByLabel(/email address/i).waitFor({ timeout: LONG })
  await signInWithPassword(page, GRACE)
  return page
}

/** A packaged install that updates from `feed` (what electron-builder packs for the generic provider). */
async function packagedFor(stack: Stack, feed: FeedServer): Promise<Record<string, string>> {
  await writeFile(
    join(stack.profile.resourcesDir, 'app-update.yml'),
    `provider: generic\nurl: ${feed.url}\nupdaterCacheDirName: ${UPDATER_CACHE_DIR_NAME}\n`,
  )
  const appImage = join(stack.profile.root, 'Harbor-0.1.0-x86_64.AppImage')
  await writeFile(appImage, 'the installed AppImage (never executed)')
  return { APPIMAGE: appImage }
}

type UpdateStatus = { status: string; percent?: number }
async function checkForUpdates(page: Page): Promise<void> {
  await page.waitForFunction('Boolean(window.desktop && window.desktop.updates)', undefined, {
    timeout: SHORT,
  })
  await page.evaluate('window.desktop.updates.check()')
}
async function updateStatus(page: Page, wanted: (state: UpdateStatus) => boolean): Promise<void> {
  const deadline = Date.now() + LONG
  for (;;) {
    const snapshot = (await page.evaluate('window.desktop.updates.get()')) as { state: UpdateStatus }
    if (wanted(snapshot.state)) return
    if (Date.now() > deadline) throw new Error(`the update stayed ${JSON.stringify(snapshot.state)}`)
    await page.waitForTimeout(100)
  }
}

const JOURNEYS: readonly Journey[] = [
  {
    name: 'setup',
    states: ['setup'],
    async run(at) {
      const build = await shippedBuild({ env: { VITE_CLERK_PUBLISHABLE_KEY: '', VITE_CONVEX_URL: '' } })
      const profile = await createProfile()
      const app = await launchApp({ build, profile })
      const { page } = await app.firstWindow()
      await at('setup', page, () => screen(page, 'setup').waitFor({ timeout: SHORT }))
    },
  },
  {
    name: 'signed in',
    states: [
      'starting',
      'connecting-sign-in',
      'sign-in',
      'profile',
      'devices',
      'settings',
      'diagnostics',
      'account-menu',
    ],
    async run(at) {
      const stack = await signedInStack()
      // The sign-in service is slow to answer (connections accepted, nothing said): what the window shows
      // before it has.
      const slow = await blackHole()
      const app = await stack.launch({ clerk: { host: stack.clerk.host, port: slow.port } })
      const { page } = await app.firstWindow()
      // Shown only for the milliseconds the cache read takes: usually gone before anyone could look.
      await at('starting', page, () => screen(page, 'starting').waitFor({ timeout: 1_000 }))
      await at('connecting-sign-in', page, () => screen(page, 'connecting').waitFor({ timeout: SHORT }))
      // launchApp sent Clerk's image host (avatars) to the same stand-in port: both back to the real one.
      stack.profile.network.attach(stack.clerk.host, stack.clerk.port)
      stack.profile.network.attach(CLERK_IMAGES_HOST, stack.clerk.port)
      await slow.close()
      // Clerk may have given up meanwhile: the can't-reach screen's Retry now, as a user would.
      await page
        .getByRole('button', { name: 'Retry now' })
        .click({ timeout: 2_000 })
        .catch(() => undefined)
      await at('sign-in', page, async () => {
        await screen(page, 'sign-in').waitFor({ timeout: LONG })
        await page.getByLabel(/email address/i).waitFor({ timeout: LONG })
      })
      await signInWithPassword(page, GRACE)
      await at('profile', page, async () => {
        await waitForLiveShell(page, LONG)
        await page.getByText(GRACE.email).first().waitFor({ timeout: SHORT })
      })
      await clickNav(page, 'Devices', '/devices')
      await at('devices', page, () =>
        page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor({ timeout: SHORT }),
      )
      await clickNav(page, 'Settings', '/settings')
      await at('settings', page, () =>
        page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor({ timeout: SHORT }),
      )
      await clickNav(page, 'Diagnostics', '/diagnostics')
      await at('diagnostics', page, () =>
        page.getByRole('heading', { level: 1, name: 'Diagnostics' }).waitFor({ timeout: SHORT }),
      )
      await clickNav(page, 'Profile', '/profile').catch(() => goTo(page, '/'))
      await page
        .getByRole('button', { name: /account/i })
        .click({ timeout: SHORT })
        .catch(() => undefined)
      await at('account-menu', page, () => page.getByRole('menu').waitFor({ timeout: SHORT }))
      await page.keyboard.press('Escape')
      await app.quit()
    },
  },
  {
    name: 'not found and narrow',
    states: ['not-found', 'narrow'],
    async run(at) {
      const stack = await signedInStack()
      const app = await stack.launch()
      const page = await signIn(app)
      await waitForLiveShell(page, LONG)
      await goTo(page, '/no-such-page')
      await at('not-found', page, () =>
        page.getByRole('heading', { level: 1, name: /not found/i }).waitFor({ timeout: SHORT }),
      )
      await goTo(page, '/devices')
      await page.setViewportSize(NARROW)
      // A collapsed sidebar: either the app collapses it at this width, or the user does with its toggle.
      const toggle = page.getByRole('button', { name: /sidebar|navigation|collapse/i }).first()
      if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'false')
        await toggle.click({ timeout: SHORT })
      await at('narrow', page, async () => {
        const width = (await page.getByRole('navigation').first().boundingBox())?.width ?? 0
        if (width > 120) throw new Error(`the sidebar is still ${Math.round(width)} px wide at 720 px`)
      })
    },
  },
  {
    name: 'cached launches and crashes',
    states: ['connecting', 'offline', 'restarted', 'crashed', 'sign-out-confirm', 'signed-out'],
    async run(at) {
      const stack = await signedInStack()
      const first = await stack.launch()
      await waitForLiveShell(await signIn(first), LONG)
      await cacheWritten(first)
      await first.quit()

      // Wi-Fi off: the cached shell at once, then offline once the app gives up waiting.
      stack.profile.network.setOnline(false)
      const app = await stack.launch()
      const window = await app.firstWindow()
      const started = Date.now()
      await at('connecting', window.page, async () => {
        await shell(window.page).waitFor({ timeout: LONG })
        await window.page.getByText(GRACE.firstName).first().waitFor({ timeout: SHORT })
      })
      await window.page.waitForTimeout(Math.max(0, 12_000 - (Date.now() - started)))
      await at('offline', window.page, () =>
        window.page.locator('[data-testid="app-shell"][data-mode="offline"]').waitFor({ timeout: SHORT }),
      )
      stack.profile.network.setOnline(true)
      await waitForLiveShell(window.page, 60_000)

      await app.crashRenderer(window)
      await at('restarted', window.page, async () => {
        await waitForLiveShell(window.page, LONG)
        await window.page.getByText(/restarted this window/i).waitFor({ timeout: SHORT })
      })
      await app.crashRenderer(window)
      await at('crashed', window.page, () =>
        window.page.getByRole('heading', { name: /something went wrong/i }).waitFor({ timeout: LONG }),
      )
      // Back to the app: the crash screen's Reload (once the crash count allows it), else a fresh launch.
      await app.quit().catch(() => app.kill())
      const again = await stack.launch()
      const { page } = await again.firstWindow()
      await waitForLiveShell(page, LONG)
      await page.getByRole('button', { name: /account/i }).click({ timeout: SHORT })
      await page.getByRole('menuitem', { name: 'Sign out' }).click({ timeout: SHORT })
      const confirmation = page.getByRole('dialog').or(page.getByRole('alertdialog'))
      await at('sign-out-confirm', page, () => confirmation.first().waitFor({ timeout: 3_000 }))
      if (await confirmation.count()) {
        await confirmation
          .first()
          .getByRole('button', { name: /sign out/i })
          .first()
          .click({ timeout: SHORT })
      }
      await at('signed-out', page, async () => {
        await shell(page).waitFor({ state: 'detached', timeout: LONG })
        // Settled: a signed-out screen, or the sign-in form itself (not the moment before Clerk draws it).
        await screen(page, 'signed-out')
          .or(page.getByLabel(/email address/i))
          .first()
          .waitFor({ timeout: LONG })
      })
    },
  },
  {
    name: 'first start offline',
    states: ['unreachable'],
    async run(at) {
      const stack = await signedInStack()
      stack.profile.network.setOnline(false)
      const app = await stack.launch()
      const { page } = await app.firstWindow()
      // Clerk's own failure takes its 15 s.
      await at('unreachable', page, () => screen(page, 'unreachable').waitFor({ timeout: 30_000 }))
    },
  },
  {
    name: 'server refused',
    states: ['refused'],
    async run(at) {
      const stack = await signedInStack({ convexIssuer: 'https://wrong-issuer.example.test' })
      const app = await stack.launch()
      const page = await signIn(app)
      await at('refused', page, () => page.getByTestId('server-refused-banner').waitFor({ timeout: LONG }))
    },
  },
  {
    name: 'updates',
    states: ['update-available', 'update-downloading', 'update-ready'],
    async run(at) {
      const feed = await startFeedServer()
      try {
        const stack = await signedInStack()
        const env = await packagedFor(stack, feed)
        const first = await stack.launch({ env, version: '0.1.0' })
        const page = await signIn(first)
        await waitForLiveShell(page, LONG)
        // The whole file in one piece after 10 s: "available" (found, download not yet begun) holds that long.
        feed.publish('latest', { version: '0.2.0', payload: Buffer.alloc(256 * 1024, 0x23) })
        feed.setTrickle({ chunkBytes: 1024 * 1024, intervalMs: 10_000 })
        await checkForUpdates(page)
        await at('update-available', page, () => updateStatus(page, (s) => s.status === 'available'))
        await at('update-ready', page, () => updateStatus(page, (s) => s.status === 'ready'))
        await first.quit()

        // A bigger release, trickled: the download is seen in progress.
        feed.publish('latest', { version: '0.3.0', payload: Buffer.alloc(2 * 1024 * 1024, 0x24) })
        feed.setTrickle({ chunkBytes: 24 * 1024, intervalMs: 150 })
        const second = await stack.launch({ env, version: '0.1.0' })
        const { page: again } = await second.firstWindow()
        await waitForLiveShell(again, LONG)
        await checkForUpdates(again)
        await at('update-downloading', again, () =>
          updateStatus(again, (s) => s.status === 'downloading' && (s.percent ?? 0) >= 5),
        )
      } finally {
        await stopStack()
        await feed.close()
      }
    },
  },
]

/** The states in groups that share one app run (a test per group keeps each within its timeout). */
export function stateGroups(): Array<{ name: string; states: readonly string[] }> {
  return JOURNEYS.map(({ name, states }) => ({ name, states }))
}

/** Visits every state (or `only` those), calling `capture` in each; never throws for a state the app lacks. */
export async function visitStates(options: VisitOptions): Promise<StateOutcome[]> {
  const log = options.log ?? (() => undefined)
  const wanted = (id: string) => !options.only || options.only.includes(id)
  const outcomes = new Map<string, StateOutcome>()
  const stateById = new Map(STATES.map((state) => [state.id, state]))
  for (const journey of JOURNEYS) {
    if (!journey.states.some(wanted)) continue
    log(`${journey.name}…`)
    const at: At = async (id, page, ready) => {
      const state = stateById.get(id)
      if (!state) throw new Error(`states.ts: no state "${id}" in STATES`)
      try {
        await shown(state.title, ready)
      } catch (error) {
        if (!(error instanceof NotShown)) throw error
        outcomes.set(id, { state, status: 'not-found', detail: error.message })
        log(`  ${id}: not found (${error.message})`)
        return
      }
      if (!wanted(id)) return
      let left = false
      const stillShown = async (): Promise<boolean> => {
        const answer = await Promise.race([
          ready().then(
            () => true,
            () => false,
          ),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000)),
        ])
        if (!answer) left = true
        return answer
      }
      await options.capture(state, page, stillShown)
      if (!left && !(await stillShown())) left = true
      outcomes.set(
        id,
        left ? { state, status: 'found', detail: 'it ended during the capture' } : { state, status: 'found' },
      )
      log(`  ${id}${left ? ' (ended during the capture: some images may show what came next)' : ''}`)
    }
    try {
      await journey.run(at)
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error)
      log(`  ${journey.name} stopped: ${reason}`)
      for (const id of journey.states) {
        if (!outcomes.has(id))
          outcomes.set(id, {
            state: stateById.get(id)!,
            status: 'not-found',
            detail: `not reached: ${reason}`,
          })
      }
    } finally {
      await stopStack().catch((error: unknown) => log(`  (after ${journey.name}) ${String(error)}`))
      await stopAllProfiles()
    }
  }
  return STATES.filter((state) => wanted(state.id)).map(
    (state) => outcomes.get(state.id) ?? { state, status: 'not-found', detail: 'no journey reaches it' },
  )
}

/** Sets the window to a theme and size and lets the layout settle (fonts, transitions). */
export async function present(page: Page, theme: Theme, size: Size): Promise<void> {
  await page.emulateMedia({ colorScheme: theme })
  const current = page.viewportSize()
  if (!current || current.width !== size.width || current.height !== size.height)
    await page.setViewportSize(size)
  // Entrance animations finished (a fading-in form has the wrong contrast, to axe and to the eye; spinners
  // repeat for ever and are not waited for) and images loaded or failed (an avatar shows initials until its
  // picture arrives), then two frames: the new size and colours laid out and painted.
  await page.evaluate(`Promise.race([
    Promise.all([
      ...document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
      ...[...document.images].filter((image) => !image.complete)
        .map((image) => new Promise((resolve) => { image.addEventListener('load', resolve); image.addEventListener('error', resolve) })),
    ]),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]).then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))`)
  await page.waitForTimeout(150)
}
