// The README's screenshot of the signed-in window, made the way the browser tests see the app: the shipping
// `electron-vite build` of the renderer (shippedBuild(), the build the tests share), served through the app's
// own protocol resolver in Debian's Chromium, with `window.desktop` backed by the real main-process modules and
// a cached signed-in user (tests/browser/harness.ts). Clerk and Convex are not reachable here; the window opens
// offline from its encrypted cache, as it does on a plane.
import { join } from 'node:path'
import {
  cachedUser,
  createDesktopFixture,
  launchApp,
  RENDERER_ORIGIN,
  TEST_CONVEX_URL,
  TEST_PUBLISHABLE_KEY,
} from '../../tests/browser/harness'
import { shippedBuild } from '../../tests/fullstack/build'

export async function readmeScreenshot(output: string): Promise<void> {
  const { outDir } = await shippedBuild()
  const desktop = await createDesktopFixture()
  await desktop.lastUser.write(cachedUser('user_2readme', Date.now() - 4 * 60_000))
  const app = await launchApp({
    rendererDir: join(outDir, 'renderer'),
    desktop,
    publishableKey: TEST_PUBLISHABLE_KEY,
    convexUrl: TEST_CONVEX_URL,
    offline: true,
  })
  try {
    await app.page.goto(`${RENDERER_ORIGIN}/devices`)
    await app.page.getByTestId('app-shell').waitFor({ timeout: 10_000 })
    await app.page.waitForTimeout(500) // fonts and the last layout pass
    await app.page.screenshot({ path: output })
  } finally {
    await app.close()
    await desktop.cleanup()
  }
}
