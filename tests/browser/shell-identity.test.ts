// The signed-in shell's layout and accessibility in real Chromium (issue 14), opened offline from the cache as
// a returning user's first frame is: forced-colours mode keeps the current page and the status dot visible,
// the sidebar collapses in a narrow window and remembers the user's choice through the main process's real
// sidebar setting, and the keyboard reaches the navigation, the account menu and the page.
import { mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
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
  await mkdir('test-results', { recursive: true })
  built = await shippedRenderer()
})

afterEach(async () => {
  await app?.close()
  app = null
  await desktop?.cleanup()
  desktop = null
})

async function openCachedShell(path = '/devices'): Promise<Page> {
  desktop = await createDesktopFixture()
  await desktop.lastUser.write(cachedUser('user_2identityTester', Date.now() - 10 * 60_000))
  app = await launchApp({
    rendererDir: built.dir,
    desktop,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    offline: true,
  })
  await app.page.goto(`${RENDERER_ORIGIN}${path}`)
  await app.page.getByTestId('app-shell').waitFor({ timeout: 5_000 })
  await connectedShell(app.page)
  return app.page
}

/**
 * Runs `body` (the statements of an async function) in the page. Written as text because this project's
 * TypeScript has no DOM library, as the other browser tests do.
 */
function inPage<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(`(async () => { ${body} })()`) as Promise<T>
}

/**
 * Waits for the shell that Clerk's chunk mounts after the first paint (session/SessionRoot.tsx): it replaces
 * the cached shell's DOM, so focus taken before then would be dropped with it.
 */
async function connectedShell(page: Page): Promise<void> {
  // Polled from here: waitForFunction's polling evaluates text inside the page, which the CSP refuses.
  await expect
    .poll(
      () =>
        page.evaluate(
          "performance.getEntriesByType('resource').some((entry) => /\\/ConnectedApp-[^/]*\\.js$/.test(entry.name))",
        ),
      { timeout: 10_000 },
    )
    .toBe(true)
  await inPage(
    page,
    `for (let attempt = 0; attempt < 40; attempt++) {
      const before = document.querySelector('.shell')
      await new Promise((resolve) => setTimeout(resolve, 250))
      if (before && document.querySelector('.shell') === before) return
    }
    throw new Error('the shell kept being replaced')`,
  )
}

/** axe-core's violations within the shell's frame (header, sidebar, skip link), the parts this work owns. */
async function frameViolations(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's CSP, which (rightly) refuses injected script elements.
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(source)
  return inPage(
    page,
    `const { violations } = await window.axe.run({ include: [['.skip-link'], ['.sidebar-toggle'], ['.sidebar']] })
    return violations.map((violation) => violation.id + ': ' + violation.nodes.map((node) => String(node.target)).join(', '))`,
  )
}

interface Edge {
  width: number
  color: string
  style: string
}
/** The visible edge of an element: its widest non-transparent border or outline. */
async function edges(page: Page, selector: string): Promise<{ left: Edge; outline: Edge; all: Edge[] }> {
  return inPage(
    page,
    `const style = getComputedStyle(document.querySelector(${JSON.stringify(selector)}))
    const edge = (side) => ({
      width: parseFloat(style.getPropertyValue(side + '-width')),
      color: style.getPropertyValue(side + '-color'),
      style: style.getPropertyValue(side + '-style'),
    })
    const all = ['border-top', 'border-right', 'border-bottom', 'border-left', 'outline'].map(edge)
    return { left: edge('border-left'), outline: edge('outline'), all }`,
  )
}
const visible = (edge: Edge) =>
  edge.width > 0 && edge.style !== 'none' && edge.color !== 'rgba(0, 0, 0, 0)' && edge.color !== 'transparent'

describe('the signed-in shell', () => {
  it('forced colours: the current page and the status dot keep a visible system-coloured edge', async () => {
    const page = await openCachedShell()
    await page.emulateMedia({ forcedColors: 'active' })
    expect(await page.evaluate("matchMedia('(forced-colors: active)').matches")).toBe(true)

    const current = await edges(page, '.sidebar a[aria-current="page"]')
    expect(await page.getAttribute('.sidebar a[aria-current="page"]', 'href')).toBe('/devices')
    expect(visible(current.left)).toBe(true)
    expect(current.left.width).toBeGreaterThanOrEqual(3)
    expect(visible(current.outline)).toBe(true)
    // Not merely "has a border": the other pages' links do not carry the same mark.
    const other = await edges(page, '.sidebar a[href="/settings"]')
    expect(other.left.color).not.toBe(current.left.color)
    expect(visible(other.outline)).toBe(false)

    // The offline mark's dot: in forced colours a fill alone is repainted away, so it needs its own edge.
    const dot = page.locator('[data-testid="app-shell"] :is(.offline-dot, .status-dot)').first()
    await dot.waitFor({ timeout: 5_000 })
    const dotEdges = await inPage<{ width: number; style: string; color: string; size: number }>(
      page,
      `const element = document.querySelector('[data-testid="app-shell"] :is(.offline-dot, .status-dot)')
      const style = getComputedStyle(element)
      return {
        width: parseFloat(style.borderTopWidth),
        style: style.borderTopStyle,
        color: style.borderTopColor,
        size: element.getBoundingClientRect().width,
      }`,
    )
    expect(dotEdges.width).toBeGreaterThan(0)
    expect(dotEdges.style).toBe('solid')
    expect(dotEdges.color).not.toBe('rgba(0, 0, 0, 0)')
    expect(dotEdges.size).toBeGreaterThanOrEqual(8)
    await page.screenshot({ path: 'test-results/identity-forced-colors.png' })

    // Without forced colours the current page is still told apart by more than weight: a bar and a tint.
    await page.emulateMedia({ forcedColors: 'none' })
    const normal = await edges(page, '.sidebar a[aria-current="page"]')
    expect(visible(normal.left)).toBe(true)
    expect(visible((await edges(page, '.sidebar a[href="/settings"]')).left)).toBe(false)
  })

  it('collapses under 720 px, and the toggle is remembered by the main process', async () => {
    const page = await openCachedShell()
    const shell = page.getByTestId('app-shell')
    const sidebarWidth = () =>
      page.evaluate("document.querySelector('.sidebar').getBoundingClientRect().width") as Promise<number>
    expect(await shell.getAttribute('data-sidebar')).toBe('expanded')
    expect(await sidebarWidth()).toBe(200)

    // An 1100 px window at 150% zoom.
    await page.setViewportSize({ width: 733, height: 506 })
    expect(await shell.getAttribute('data-sidebar')).toBe('expanded')
    await page.setViewportSize({ width: 700, height: 506 })
    await expect.poll(() => shell.getAttribute('data-sidebar')).toBe('collapsed')
    expect(await sidebarWidth()).toBeLessThanOrEqual(56)
    const toggle = page.getByRole('button', { name: 'Expand sidebar' })
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    // Icons only, still named links: the label is the accessible name (and the hover/focus tooltip).
    for (const name of ['Profile', 'Devices', 'Settings'])
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).count()).toBe(1)
    // Nothing overflows the narrow window.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(700)
    await page.screenshot({ path: 'test-results/identity-narrow.png' })

    // Expanding while narrow is for now only: nothing is saved.
    await toggle.click()
    expect(await shell.getAttribute('data-sidebar')).toBe('expanded')
    expect(await sidebarWidth()).toBeLessThan(700 / 3)
    await page.setViewportSize({ width: 1000, height: 680 })
    await expect.poll(() => shell.getAttribute('data-sidebar')).toBe('expanded')
    expect(desktop!.sidebar.get()).toBe(false)

    // The user's choice at a normal width reaches userData through the real setting and its file.
    await page.getByRole('button', { name: 'Collapse sidebar' }).click()
    expect(await shell.getAttribute('data-sidebar')).toBe('collapsed')
    await expect
      .poll(() => readFile(desktop!.sidebarFile, 'utf8').catch(() => null))
      .toBe('{"collapsed":true}\n')
    await page.reload()
    await page.getByTestId('app-shell').waitFor({ timeout: 5_000 })
    await expect.poll(() => page.getByTestId('app-shell').getAttribute('data-sidebar')).toBe('collapsed')
  })

  it('the keyboard reaches the skip link, the toggle, the account menu, the navigation and the page, with a visible ring', async () => {
    // Settings: a page with controls that work offline (on Devices every server action is disabled).
    const page = await openCachedShell('/settings')
    const stops: Array<{ where: string; name: string; ring: boolean }> = []
    // One pass through the window: Tab past the last control leaves the page (focus on <body>).
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab')
      if (await page.evaluate('document.activeElement === document.body')) break
      stops.push(
        await inPage(
          page,
          `const element = document.activeElement
          const where = element.closest('.skip-link')
            ? 'skip'
            : element.closest('.header')
              ? 'header'
              : element.closest('.sidebar')
                ? 'nav'
                : element.closest('#content')
                  ? 'content'
                  : element.closest('.offline-banner, .refused-banner')
                    ? 'banner'
                    : 'other'
          const style = getComputedStyle(element)
          const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
          return { where, name: element.getAttribute('aria-label') ?? element.textContent.trim(), ring }`,
        ),
      )
    }
    const order = stops.map((stop) => stop.where)
    expect(order[0]).toBe('skip')
    expect(stops.find((stop) => stop.name === 'Collapse sidebar')?.where).toBe('header')
    expect(stops.some((stop) => stop.where === 'header' && /Account menu/.test(stop.name))).toBe(true)
    expect(stops.filter((stop) => stop.where === 'nav').map((stop) => stop.name)).toEqual(
      expect.arrayContaining(['Profile', 'Devices', 'Settings']),
    )
    expect(order).toContain('content')
    // Header, then navigation, then the page, as they read.
    expect(order.indexOf('header')).toBeLessThan(order.indexOf('nav'))
    expect(order.lastIndexOf('nav')).toBeLessThan(order.indexOf('content'))
    // Every stop shows where focus is.
    expect(stops.filter((stop) => !stop.ring)).toEqual([])

    // The skip link is out of sight until it has keyboard focus, then takes keyboard users straight to the page.
    const skipTop = () =>
      page.evaluate("document.querySelector('.skip-link').getBoundingClientRect().bottom") as Promise<number>
    expect(await skipTop()).toBeLessThanOrEqual(0)
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.className')).toBe('skip-link')
    expect(await skipTop()).toBeGreaterThan(0)
    await page.screenshot({ path: 'test-results/identity-skip-link.png' })
    await page.keyboard.press('Enter')
    expect(await page.evaluate('document.activeElement.id')).toBe('content')
    expect(new URL(page.url()).hash).toBe('')
  })

  it('uses the platform font stack and a native-sized base, left-aligned content', async () => {
    const page = await openCachedShell()
    const type = await inPage<{ platform: string; font: string; size: string }>(
      page,
      `return {
        platform: document.documentElement.dataset.platform,
        font: getComputedStyle(document.body).fontFamily,
        size: getComputedStyle(document.body).fontSize,
      }`,
    )
    expect(type.platform).toBe(
      process.platform === 'darwin' ? 'macos' : process.platform === 'win32' ? 'windows' : 'linux',
    )
    expect(type.font).not.toMatch(/^Roboto/)
    expect(['13px', '14px']).toContain(type.size)
    // The header shows no app name: the title bar already does.
    expect(await page.locator('.header').innerText()).not.toContain('Harbor')
    expect(await page.title()).toBe('Devices – Harbor')
    // The page starts at the content's left edge (no centred card) and keeps a readable width.
    const layout = await inPage<{ offset: number; width: number }>(
      page,
      `const content = document.querySelector('#content').getBoundingClientRect()
      const first = document.querySelector('#content > *').getBoundingClientRect()
      return { offset: first.left - content.left, width: first.width }`,
    )
    expect(layout.offset).toBeLessThanOrEqual(40)
    expect(layout.width).toBeLessThanOrEqual(760)
    // As on macOS (titleBarStyle hiddenInset): the header moves the window, its controls do not, and the traffic
    // lights get their room; the type drops to the Mac's 13 px.
    const mac = await inPage<Record<string, unknown>>(
      page,
      `document.documentElement.dataset.platform = 'macos'
      const region = (selector) =>
        getComputedStyle(document.querySelector(selector)).getPropertyValue('-webkit-app-region')
      return {
        header: region('.header'),
        toggle: region('.sidebar-toggle'),
        account: region('.user-menu button'),
        inset: document.querySelector('.sidebar-toggle').getBoundingClientRect().left,
        size: getComputedStyle(document.body).fontSize,
      }`,
    )
    expect(mac).toEqual({
      header: 'drag',
      toggle: 'no-drag',
      account: 'no-drag',
      inset: expect.any(Number),
      size: '13px',
    })
    expect(mac.inset as number).toBeGreaterThanOrEqual(80)
    await page.screenshot({ path: 'test-results/identity-shell-macos.png' })
    await page.evaluate("document.documentElement.dataset.platform = 'linux'")

    // axe on the frame, both themes, expanded and collapsed: no violation.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      await page.screenshot({ path: `test-results/identity-shell-${colorScheme}.png` })
      expect(await frameViolations(page)).toEqual([])
      await page.getByRole('button', { name: 'Collapse sidebar' }).click()
      expect(await frameViolations(page)).toEqual([])
      await page.getByRole('button', { name: 'Expand sidebar' }).click()
    }
  })
})
