// Snapshot-first paint (issue 16) in real Chromium with the shipped renderer: the document the protocol handler
// serves carries the signed-in frame (electron/main/first-frame.ts, from the real encrypted cache and the real
// sidebar setting), so it is painted while every script is held back; once the scripts run, React takes that
// frame over without moving anything (no layout-shift entry, the same boxes for the header and its controls, the
// sidebar and its links), in light and dark, with the sidebar expanded and collapsed.
import type { Route } from 'playwright-core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFirstFrame } from '../../electron/main/first-frame'
import { isNarrowWindow } from '../../electron/main/window'
import type { AppearanceMode, LastKnownUser } from '../../electron/shared/contract'
import { shippedRenderer, type BuiltRenderer } from './build-renderer'
import {
  cachedUser,
  createDesktopFixture,
  launchApp,
  RENDERER_ORIGIN,
  TEST_CONVEX_URL,
  TEST_PUBLISHABLE_KEY,
  type DesktopFixture,
  type LaunchedApp,
} from './harness'

let built: BuiltRenderer
let desktop: DesktopFixture | null = null
let app: LaunchedApp | null = null

beforeAll(async () => {
  built = await shippedRenderer()
})

afterEach(async () => {
  await app?.close()
  app = null
  await desktop?.cleanup()
  desktop = null
})

// Recorded from before the first byte of the document: every layout shift and whether anything painted.
const OBSERVE = `(() => {
  const shifts = []
  Object.defineProperty(window, '__shifts', { value: shifts })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const sources = (entry.sources ?? []).map((source) => {
        const node = source.node
        const element = node && node.nodeType === 1 ? node : node?.parentElement
        const content = element?.closest('#content')
        // Inside the page (not the page's box itself): content the snapshot never had, laid out by the page.
        return {
          node: element?.className || String(node),
          text: node?.textContent?.slice(0, 60) ?? null,
          from: [source.previousRect.x, source.previousRect.y, source.previousRect.width],
          to: [source.currentRect.x, source.currentRect.y, source.currentRect.width],
          insidePage: !!content && element !== content,
        }
      })
      shifts.push({ value: entry.value, sources })
    }
  }).observe({ type: 'layout-shift', buffered: true })
})()`

const BOXES = `(() => {
  const box = (selector) => {
    const element = document.querySelector(selector)
    if (!element) return null
    const r = element.getBoundingClientRect()
    return [r.x, r.y, r.width, r.height].map((n) => Math.round(n * 100) / 100)
  }
  return {
    header: box('.header'),
    toggle: box('.sidebar-toggle'),
    toggleIcon: box('.sidebar-toggle svg'),
    status: box('.status-indicator'),
    accountButton: box('.user-menu-button'),
    userName: box('.user-name'),
    sidebar: box('.sidebar'),
    links: box('.sidebar ul'),
    current: box('.sidebar [aria-current="page"]'),
    currentIcon: box('.sidebar [aria-current="page"] svg'),
    content: box('#content'),
    font: getComputedStyle(document.body).fontFamily,
  }
})()`

interface Started {
  app: LaunchedApp
  /** Lets the held scripts through (to the harness's protocol route). */
  release(): Promise<void>
}

async function startWithScriptsHeld(
  user: LastKnownUser | null,
  appearance: AppearanceMode,
  colorScheme: 'light' | 'dark',
  sidebarCollapsed = false,
  viewportWidth = 1000,
): Promise<Started> {
  desktop = await createDesktopFixture()
  if (user) await desktop.lastUser.write(user)
  // Saved as the toggle saves it, read back through the same setting main feeds the frame from.
  if (sidebarCollapsed) await desktop.sidebar.set(true)
  const fixture = desktop
  const firstFrame = createFirstFrame({
    readCache: () => fixture.lastUser.read(),
    hasPendingSignOut: () => fixture.storage.hasPendingRemoval(),
    appearance: () => appearance,
    platform: 'linux',
    // As electron/main/index.ts feeds it: the saved choice, or collapsed when the window's page is narrow (the
    // window here is the page's viewport, at zoom 1).
    layout: () => ({
      sidebarCollapsed:
        fixture.sidebar.get() ||
        isNarrowWindow({
          isDestroyed: () => false,
          getContentBounds: () => ({ x: 0, y: 0, width: viewportWidth, height: 600 }),
          webContents: { getZoomFactor: () => 1 },
        }),
    }),
  })
  fixture.lastUser.onChange((change) => firstFrame.onCacheChange(change))
  app = await launchApp({
    rendererDir: built.dir,
    desktop: fixture,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    firstFrame: (pathname) => firstFrame.inputFor(pathname),
  })
  const { page } = app
  await page.setViewportSize({ width: viewportWidth, height: 600 })
  await page.emulateMedia({ colorScheme })
  await page.addInitScript(OBSERVE)
  const held: Route[] = []
  let releasing = false
  // Page routes run before the harness's context route: every script of ours waits here. Clerk's and Convex's
  // hosts get no answer at all (a black-holed network), so the session stays "connecting" and whatever moves
  // after React attached is the take-over, not the session learning that Clerk is unreachable.
  await page.route(
    (url) => url.origin !== RENDERER_ORIGIN,
    () => undefined,
  )
  await page.route(/\.m?js(\?|$)/, async (route) => {
    if (releasing) return route.fallback()
    held.push(route)
  })
  return {
    app,
    release: async () => {
      releasing = true
      await Promise.all(held.map((route) => route.fallback()))
    },
  }
}

const tester = () => cachedUser('user_2firstFrameTester', Date.now() - 3 * 3_600_000)

describe('snapshot-first paint', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const collapsed of [false, true]) {
      const sidebar = collapsed ? 'collapsed' : 'expanded'
      it(`paints the signed-in frame with every script held back, and React takes it over without a shift (${colorScheme}, sidebar ${sidebar})`, async () => {
        const { app, release } = await startWithScriptsHeld(tester(), colorScheme, colorScheme, collapsed)
        const { page } = app
        await page.goto(`${RENDERER_ORIGIN}/devices`, { waitUntil: 'commit' })
        const frame = page.locator('[data-first-frame="signed-in"]')
        await frame.locator('.user-menu-button').waitFor({ state: 'visible', timeout: 10_000 })
        expect(await frame.locator('.user-name').textContent()).toBe('Grace Hopper')
        expect(await frame.locator('.user-menu-button').getAttribute('aria-label')).toBe(
          'GH Grace Hopper – Account menu',
        )
        // Calm status: syncing in the header, no banner while connecting.
        expect(await frame.locator('.status-indicator').getAttribute('data-status')).toBe('syncing')
        expect(await frame.locator('.offline-banner').count()).toBe(0)
        expect(await frame.locator('.sidebar [aria-current="page"]').getAttribute('href')).toBe('/devices')
        expect(await frame.locator('.shell').getAttribute('data-sidebar')).toBe(sidebar)
        expect(await frame.locator('.sidebar-toggle').getAttribute('aria-expanded')).toBe(String(!collapsed))
        expect(await frame.getAttribute('data-appearance')).toBe(colorScheme)
        // The served document names the OS, so the first paint already has its fonts.
        expect(await page.evaluate('document.documentElement.dataset.platform')).toBe('linux')
        // No script of ours has run: React has not attached, the held scripts are still held.
        expect(await page.getByTestId('app-shell').count()).toBe(0)
        await expect
          .poll(() => page.evaluate("performance.getEntriesByName('first-contentful-paint').length"))
          .toBe(1)
        const background = await page.evaluate(
          "getComputedStyle(document.querySelector('.header')).backgroundColor",
        )
        expect(background).toBe(colorScheme === 'dark' ? 'rgb(33, 35, 40)' : 'rgb(255, 255, 255)')
        const before = await page.evaluate(BOXES)

        await release()
        await page.getByTestId('app-shell').waitFor({ timeout: 10_000 })
        expect(await frame.count()).toBe(0)
        expect(await page.getByTestId('user-name').textContent()).toBe('Grace Hopper')
        expect(await page.getByTestId('app-shell').getAttribute('data-sidebar')).toBe(sidebar)
        // Give layout-shift entries (reported after the frame) and the sidebar setting's read time to arrive.
        await page.evaluate(
          'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300))))',
        )
        expect(await page.getByTestId('app-shell').getAttribute('data-sidebar')).toBe(sidebar)
        const after = await page.evaluate(BOXES)
        expect(after).toEqual(before)
        // The frame (window, header, sidebar, the page's box) never moves. The snapshot has no page content, so
        // shifts inside the page (the devices list settling when exact times arrive a frame after the first
        // paint, ui/format-time.ts) are the page's own and happen the same without a snapshot.
        const shifts = (await page.evaluate('window.__shifts')) as Array<{
          value: number
          sources: Array<{ node: string; text: string | null; insidePage: boolean }>
        }>
        const frameShifts = shifts.filter((shift) => shift.sources.some((source) => !source.insidePage))
        expect(frameShifts).toEqual([])
        expect(await app.cspViolations()).toEqual([])
        expect(app.pageErrors).toEqual([])
      })
    }
  }

  it('a narrow window: the frame is collapsed like the shell that takes it over, though the saved choice is expanded', async () => {
    const { app, release } = await startWithScriptsHeld(tester(), 'system', 'light', false, 700)
    const { page } = app
    await page.goto(`${RENDERER_ORIGIN}/settings`, { waitUntil: 'commit' })
    const frame = page.locator('[data-first-frame="signed-in"]')
    await frame.locator('.user-menu-button').waitFor({ state: 'visible', timeout: 10_000 })
    expect(await frame.locator('.shell').getAttribute('data-sidebar')).toBe('collapsed')
    const before = await page.evaluate(BOXES)
    await release()
    await page.getByTestId('app-shell').waitFor({ timeout: 10_000 })
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300))))',
    )
    expect(await page.getByTestId('app-shell').getAttribute('data-sidebar')).toBe('collapsed')
    expect(await page.evaluate(BOXES)).toEqual(before)
    const shifts = (await page.evaluate('window.__shifts')) as Array<{
      sources: Array<{ insidePage: boolean }>
    }>
    expect(shifts.filter((shift) => shift.sources.some((source) => !source.insidePage))).toEqual([])
    // Narrow is the window's state, not a choice: nothing was saved.
    expect(desktop?.sidebar.get()).toBe(false)
  })

  it('a hostile cached name is text in the frame: no markup, no script, no CSP change', async () => {
    const hostile = '</div><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">"\'&'
    const user = { ...tester(), profile: { name: hostile, email: 'grace@example.com' } }
    const { app, release } = await startWithScriptsHeld(user, 'system', 'light')
    const { page } = app
    await page.goto(`${RENDERER_ORIGIN}/`, { waitUntil: 'commit' })
    const name = page.locator('[data-first-frame] .user-name')
    await name.waitFor({ state: 'visible', timeout: 10_000 })
    expect(await name.textContent()).toBe(hostile)
    expect(await page.locator('#root script, #root img').count()).toBe(0)
    await release()
    await page.getByTestId('app-shell').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('user-name').textContent()).toBe(hostile)
    expect(await page.evaluate('window.__pwned')).toBeUndefined()
    expect(await app.cspViolations()).toEqual([])
  })

  it('with no cache the document carries no frame and the connecting screen follows as before', async () => {
    const { app, release } = await startWithScriptsHeld(null, 'system', 'light')
    const { page } = app
    await page.goto(`${RENDERER_ORIGIN}/`, { waitUntil: 'commit' })
    await page.locator('#root').waitFor({ state: 'attached' })
    expect(await page.locator('#root').innerHTML()).toBe('')
    await release()
    await page.locator('[data-screen]').first().waitFor({ timeout: 10_000 })
    expect(await page.locator('[data-first-frame]').count()).toBe(0)
  })
})
