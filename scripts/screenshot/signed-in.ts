// `node --experimental-strip-types scripts/screenshot/signed-in.ts [out.png]`: the README's screenshot of the
// signed-in window, made the way the browser tests see the app: the shipping `electron-vite build` of the
// renderer, served through the app's own protocol resolver in Debian's Chromium, with `window.desktop` backed
// by the real main-process modules and a cached signed-in user (tests/browser/harness.ts). Clerk and Convex
// are not reachable here; the window opens offline from its encrypted cache, as it does on a plane.
// Writes docs/images/signed-in.png by default.

import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runnerImport } from 'vite'
import type * as Harness from '../../tests/browser/harness.ts'

const root = resolve(import.meta.dirname, '../..')
const output = resolve(process.argv[2] ?? join(root, 'docs/images/signed-in.png'))

async function main() {
  // The harness is written for vitest (extensionless imports): load it through Vite, as the benchmark does.
  const { module: harness } = await runnerImport<typeof Harness>(join(root, 'tests/browser/harness.ts'), {
    configFile: false,
    logLevel: 'error',
    root,
  })
  const outDir = await mkdtemp(join(tmpdir(), 'harbor-screenshot-'))
  try {
    const build = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
        'build',
        '--outDir',
        outDir,
        '--logLevel',
        'error',
      ],
      {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          VITE_CLERK_PUBLISHABLE_KEY: harness.TEST_PUBLISHABLE_KEY,
          VITE_CONVEX_URL: harness.TEST_CONVEX_URL,
        },
      },
    )
    if (build.status !== 0) throw new Error(`electron-vite build failed (exit ${build.status})`)
    const desktop = await harness.createDesktopFixture()
    await desktop.lastUser.write(harness.cachedUser('user_2readme', Date.now() - 4 * 60_000))
    const app = await harness.launchApp({
      rendererDir: join(outDir, 'renderer'),
      desktop,
      publishableKey: harness.TEST_PUBLISHABLE_KEY,
      convexUrl: harness.TEST_CONVEX_URL,
      offline: true,
    })
    try {
      await app.page.goto(`${harness.RENDERER_ORIGIN}/devices`)
      await app.page.getByTestId('app-shell').waitFor({ timeout: 10_000 })
      await app.page.waitForTimeout(500) // fonts and the last layout pass
      await app.page.screenshot({ path: output })
      process.stdout.write(`Wrote ${output}\n`)
    } finally {
      await app.close()
      await desktop.cleanup()
    }
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshot: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
