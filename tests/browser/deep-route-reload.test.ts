// Issue 10, bug 1: a reload on `/devices/<id>` showed a blank window, because electron-vite 6 forces `base: './'`
// for production renderer builds and the shipped index.html then asked for `/devices/assets/...`. Checked on the
// real `electron-vite build` output, served through the real protocol resolver, in real Chromium.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
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
  built = await shippedRenderer()
})

afterEach(async () => {
  await app?.close()
  app = null
  await desktop?.cleanup()
  desktop = null
})

describe('the shipped renderer on a deep route', () => {
  it('index.html refers to its scripts and styles by absolute URL', async () => {
    const html = await readFile(join(built.dir, 'index.html'), 'utf8')
    const urls = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(urls.length).toBeGreaterThanOrEqual(2) // the entry script and its stylesheet at least
    for (const url of urls) expect(url).toMatch(/^\/assets\//)
  })

  it('a load and a reload of /devices/<id> paint the app, with every file found', async () => {
    desktop = await createDesktopFixture()
    await desktop.lastUser.write(cachedUser('user_2deepRoute', Date.now() - 60_000))
    app = await launchApp({
      rendererDir: built.dir,
      desktop,
      publishableKey: TEST_PUBLISHABLE_KEY,
      convexUrl: TEST_CONVEX_URL,
      offline: true,
    })
    const { page } = app
    const rendererResponses: Array<{ path: string; status: number }> = []
    page.on('response', (response) => {
      const url = new URL(response.url())
      if (url.origin === RENDERER_ORIGIN)
        rendererResponses.push({ path: url.pathname, status: response.status() })
    })
    const deepRoute = '/devices/device-office-desktop'
    const content = page.locator('#content')
    for (const load of [() => page.goto(`${RENDERER_ORIGIN}${deepRoute}`), () => page.reload()]) {
      rendererResponses.length = 0
      await load()
      await page.getByTestId('app-shell').waitFor({ timeout: 5_000 })
      await expect.poll(() => content.innerText()).toContain('office-desktop')
      // The stylesheet applied too: index.html paints only <html>; the body's background comes from the CSS.
      expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe(
        'rgb(246, 247, 249)',
      )
      expect(rendererResponses.filter((r) => r.status !== 200)).toEqual([])
      expect(rendererResponses.some((r) => r.path.startsWith('/devices/assets/'))).toBe(false)
      expect(rendererResponses.filter((r) => r.path.startsWith('/assets/')).length).toBeGreaterThan(1)
    }
    expect(page.url()).toBe(`${RENDERER_ORIGIN}${deepRoute}`)
    expect(app.pageErrors).toEqual([])
  })
})
