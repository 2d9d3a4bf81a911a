// Builds the app the Electron end-to-end suite drives: the real electron-vite output, packed by electron-builder
// for this OS as an unpacked folder (`--dir`), with every release fuse except one. Playwright attaches to the
// main process through `--inspect`, which the release fuse `enableNodeCliInspectArguments: false` forbids, so
// this build leaves it on. Run: `node e2e/build-app.mts` (npm run test:e2e:electron does it first).
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { build, Platform } from 'electron-builder'
import { e2eBuildOverrides } from './build-config.mts'

const projectDir = resolve(import.meta.dirname, '..')

// The suite never reaches Clerk or Convex; it needs a configured build (not the setup screen) so the app shell,
// its link handling and the update banner are mounted. Real values from the environment win.
const defaults: Record<string, string> = {
  VITE_CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from('harbor-e2e.clerk.accounts.dev$').toString('base64')}`,
  VITE_CONVEX_URL: 'https://harbor-e2e.convex.cloud',
  // The suite points app-update.yml at its own local server before each launch that needs it.
  HARBOR_UPDATE_URL: 'http://127.0.0.1:9/harbor-e2e/',
}
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value

const vite = spawnSync(
  process.execPath,
  [resolve(projectDir, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
  {
    cwd: projectDir,
    stdio: 'inherit',
    env: process.env,
  },
)
if (vite.status !== 0) process.exit(vite.status ?? 1)

await build({
  projectDir,
  targets: Platform.current().createTarget('dir'),
  publish: 'never',
  // An object here is merged over electron-builder.yml (which is still loaded).
  config: e2eBuildOverrides,
})
