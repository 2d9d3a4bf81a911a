// The cached signed-in shell is painted by the first chunk alone: with every other script of the build held
// unanswered (Clerk, the Convex client, the pages' live views), the real shell still appears with the current
// page's cached content. The first chunk is the entry and what it imports statically (React, the early start
// and the modules they share): nothing the page loads with `import()`. This is what keeps `npm run bench:startup` honest: a cheaper first paint must not be
// an emptier one.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Route } from 'playwright-core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { shippedRenderer, type BuiltRenderer } from './build-renderer'
import {
  createDesktopFixture,
  launchApp,
  RENDERER_ORIGIN,
  TEST_CONVEX_URL,
  TEST_PUBLISHABLE_KEY,
  cachedUser,
  THIS_DEVICE,
  type DesktopFixture,
  type LaunchedApp,
} from './harness'

let built: BuiltRenderer
let firstChunk: Set<string>
let desktop: DesktopFixture | null = null
let app: LaunchedApp | null = null
const held: Route[] = []

beforeAll(async () => {
  built = await shippedRenderer()
  const html = await readFile(join(built.dir, 'index.html'), 'utf8')
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]!)
  const entry = scripts.find((src) => /\/assets\/index-[^/]+\.js$/.test(src))
  expect(entry).toBeDefined()
  firstChunk = await staticImportClosure(entry!)
  // The early start is a script of its own (run before the entry) and part of the first chunk, not more.
  for (const src of scripts) expect(firstChunk).toContain(src)
  expect([...firstChunk].some((src) => src.includes('ConnectedApp'))).toBe(false)
})

/** `src` and every file it imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import()`. */
async function staticImportClosure(src: string): Promise<Set<string>> {
  const files = new Set<string>()
  const visit = async (path: string) => {
    if (files.has(path)) return
    files.add(path)
    const code = await readFile(join(built.dir, path), 'utf8')
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) {
      await visit(`${path.slice(0, path.lastIndexOf('/') + 1)}${match[1]}`)
    }
  }
  await visit(src)
  return files
}

afterEach(async () => {
  await Promise.all(held.splice(0).map((route) => route.abort().catch(() => undefined)))
  await app?.close()
  app = null
  await desktop?.cleanup()
  desktop = null
})

const cachedTester = (confirmedOnlineAt: number) => cachedUser('user_2firstChunk', confirmedOnlineAt)

async function startWithOnlyTheEntryScript(
  path: string,
): Promise<{ app: LaunchedApp; scriptsAsked: string[] }> {
  desktop = await createDesktopFixture()
  await desktop.lastUser.write(cachedTester(Date.now() - 3 * 3_600_000))
  app = await launchApp({
    rendererDir: built.dir,
    desktop,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    offline: true,
  })
  const scriptsAsked: string[] = []
  // Page routes come before the harness's context route: every script but the first chunk's is never answered.
  await app.page.route(`${RENDERER_ORIGIN}/assets/*.js`, async (route) => {
    const { pathname } = new URL(route.request().url())
    scriptsAsked.push(pathname)
    if (firstChunk.has(pathname)) await route.fallback()
    else held.push(route)
  })
  await app.page.goto(`${RENDERER_ORIGIN}${path}`)
  return { app, scriptsAsked }
}

describe('first chunk', () => {
  it('paints the real offline shell and the cached profile with no other script loaded', async () => {
    const { app, scriptsAsked } = await startWithOnlyTheEntryScript('/')
    const { page } = app
    const shell = page.locator('[data-testid="app-shell"][data-mode="offline"]')
    await shell.waitFor({ timeout: 5_000 })
    expect(await page.getByTestId('user-name').innerText()).toBe('Grace Hopper')
    expect(await page.getByRole('navigation').innerText()).toContain('Devices')
    const content = page.locator('#content')
    await expect.poll(() => content.innerText()).toContain('grace@example.com')
    // The page says what it shows and how old it is (the shell's banner, if any, says why: once).
    expect(await content.innerText()).toContain('Showing what was last synced 3 hours ago')
    // Later chunks were asked for (the Convex client's and the Clerk chunk, after the first screen) and are still
    // held: nothing above came from them.
    expect(scriptsAsked.some((path) => !firstChunk.has(path))).toBe(true)
    expect(held.length).toBeGreaterThan(0)
    expect(app.pageErrors).toEqual([])
  })

  it('paints the cached devices list the same way on /devices', async () => {
    const { app } = await startWithOnlyTheEntryScript('/devices')
    const content = app.page.locator('#content')
    await app.page.locator('[data-testid="app-shell"][data-mode="offline"]').waitFor({ timeout: 5_000 })
    await expect.poll(() => content.innerText()).toContain('office-desktop')
    expect(await content.innerText()).toContain(THIS_DEVICE.name)
    expect(app.pageErrors).toEqual([])
  })

  it('the shell fills the window under the (empty) update banner strip', async () => {
    const { app } = await startWithOnlyTheEntryScript('/')
    const shell = app.page.getByTestId('app-shell')
    await shell.waitFor({ timeout: 5_000 })
    const box = await shell.boundingBox()
    const viewport = app.page.viewportSize()!
    expect(box).toMatchObject({ y: 0, height: viewport.height })
    // The page itself does not scroll: the content area does.
    const scrolls = await app.page.evaluate('document.documentElement.scrollHeight > window.innerHeight')
    expect(scrolls).toBe(false)
  })
})
