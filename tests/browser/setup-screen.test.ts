// The setup screen in real Chromium, from the shipped renderer built WITHOUT configuration.
import { mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shippedRendererWithoutKeys, type BuiltRenderer } from './build-renderer'
import {
  createDesktopFixture,
  launchApp,
  RENDERER_ORIGIN,
  type DesktopFixture,
  type LaunchedApp,
} from './harness'

let built: BuiltRenderer
let desktop: DesktopFixture
let app: LaunchedApp

beforeAll(async () => {
  await mkdir('test-results', { recursive: true })
  // The shipped build and config, built with neither public value set.
  built = await shippedRendererWithoutKeys()
  desktop = await createDesktopFixture()
  app = await launchApp({ rendererDir: built.dir, desktop })
})

afterAll(async () => {
  await app?.close()
  await desktop?.cleanup()
})

describe('setup screen (no keys)', () => {
  it('names each missing variable and how to fix it, without reaching any network', async () => {
    const { page } = app
    await page.goto(`${RENDERER_ORIGIN}/`)
    const screen = page.locator('[data-screen="setup"]')
    await screen.waitFor()
    await page.screenshot({ path: 'test-results/setup-screen.png' })
    await expect(screen.getByRole('heading', { name: 'VITE_CLERK_PUBLISHABLE_KEY' }).count()).resolves.toBe(1)
    await expect(screen.getByRole('heading', { name: 'VITE_CONVEX_URL' }).count()).resolves.toBe(1)
    const text = await screen.innerText()
    expect(text).toContain('VITE_CLERK_PUBLISHABLE_KEY is not set')
    expect(text).toContain('VITE_CONVEX_URL is not set')
    expect(text).toContain('Clerk Dashboard')
    expect(text).not.toMatch(/at \w+ \(|\.tsx?:\d+/) // no stack trace
    expect(app.externalRequests).toEqual([])
    expect(app.pageErrors).toEqual([])
    // Before React's first commit the window shows only its themed background ('blank'); never after.
    expect(await app.screens()).toEqual(['blank', 'setup'])
  })

  it('is fully keyboard operable, in a sensible order, with visible focus', async () => {
    const { page } = app
    await page.goto(`${RENDERER_ORIGIN}/`)
    await page.locator('[data-screen="setup"]').waitFor()
    const focused = async () =>
      (await page.evaluate('document.activeElement && document.activeElement.textContent')) as string | null
    const order: Array<string | null> = []
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab')
      order.push(await focused())
    }
    expect(order).toEqual([
      'Open the Clerk Dashboard',
      'Open the Convex Dashboard',
      'Copy template',
      'Reload',
    ])
    // The focus ring is drawn (:focus-visible outline), not suppressed.
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')
    expect(outline).toBe('solid')
    await page.screenshot({ path: 'test-results/setup-screen-keyboard.png' })

    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('Open the Clerk Dashboard')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => desktop.openedExternally)
      .toEqual(['https://dashboard.clerk.com/last-active?path=api-keys'])
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await expect.poll(() => desktop.openedExternally.at(-1)).toBe('https://dashboard.convex.dev/')
  })
})
