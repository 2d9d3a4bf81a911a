import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig, loadEnv } from 'electron-vite'
import type { Plugin } from 'vite'
import { PUBLIC_PREFIXES, refuseBadPublicValues } from './scripts/build/public-env-guard.ts'
import { stylesheetFirst } from './scripts/build/stylesheet-first.ts'

const root = import.meta.dirname

/**
 * Before anything is bundled: a secret or a malformed public value in VITE_* (and the other prefixes) stops
 * `build` and `dev` with the variable's name and the reason; these values are compiled into the app, readable
 * by anyone. A plugin on the main section because electron-vite resolves (and builds) main first; the config
 * stays a plain object, as the tests and the benchmark import it.
 */
const refuseBadPublicValuesPlugin: Plugin = {
  name: 'harbor:refuse-bad-public-values',
  config(_config, { mode }) {
    refuseBadPublicValues(loadEnv(mode, root, [...PUBLIC_PREFIXES]))
  },
}

/**
 * Absolute asset URLs in the shipped renderer. The renderer is served from `<scheme>://renderer/` with history
 * routing, so a reload on `/devices/<id>` must still find `/assets/...`; with electron-vite's './' it asks for
 * `/devices/assets/...` and the window stays blank. electron-vite 6 overwrites `base` with './' for every
 * production renderer build, whatever the config says (its `vite:electron-renderer-config-preset` plugin, an
 * `enforce: 'pre'` config hook), so this `post` hook sets it back after it, and the build fails rather than ship
 * relative URLs if a later electron-vite finds another way to change it. Fixing the file itself (rather than
 * `<base href>` or a protocol handler that answers `/devices/assets/...` too) also keeps one URL per module:
 * the same chunk under two URLs would be two module instances.
 */
function absoluteRendererBase(): Plugin {
  return {
    name: 'harbor:absolute-renderer-base',
    enforce: 'post',
    config: () => ({ base: '/' }),
    configResolved(config) {
      if (config.base !== '/') {
        throw new Error(`The renderer must be built with base '/', not ${JSON.stringify(config.base)}`)
      }
    },
  }
}

export default defineConfig({
  main: {
    plugins: [refuseBadPublicValuesPlugin],
    // The main process builds the renderer's CSP from the two public config values; MAIN_VITE_APP_* override
    // the app identity (electron/main/app-identity.ts) at build time.
    envPrefix: ['MAIN_VITE_', 'VITE_CLERK_PUBLISHABLE_KEY', 'VITE_CONVEX_URL'],
    build: {
      lib: { entry: resolve(root, 'electron/main/index.ts') },
      // Only `dependencies` stay external (they are packed into the app); everything else is bundled.
      externalizeDeps: true,
      // `await import('keytar')` becomes `require('keytar')`: a CommonJS require of a native module is what
      // works from inside app.asar, and tests can still mock the dynamic import.
      rollupOptions: { output: { dynamicImportInCjs: false } },
    },
  },
  preload: {
    build: {
      lib: { entry: resolve(root, 'electron/preload/index.ts') },
      // A sandboxed preload cannot require anything but `electron`: bundle every dependency, emit CommonJS.
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].js' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    envDir: root,
    // Absolute asset URLs (see absoluteRendererBase: electron-vite ignores this line in production builds).
    base: '/',
    // stylesheetFirst: the first frame's paint waits for the stylesheet only (scripts/build/stylesheet-first.ts).
    plugins: [react(), absoluteRendererBase(), stylesheetFirst()],
    build: {
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
      // electron-vite leaves the renderer unminified by default; minified it is a third of the size, which keeps
      // app.asar under the 5 MB budget the packaging test enforces.
      minify: true,
      // Vite's 500 kB warning is about download time on the web. Our chunks are read from disk through the app's
      // protocol, and the big one (Clerk's client and UI, the Convex client: ~1.6 MB) loads after the cached
      // shell has painted; splitting it would only add requests. The limit still catches a doubling.
      chunkSizeWarningLimit: 2500,
    },
  },
})
