import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

const root = import.meta.dirname

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
    plugins: [react(), absoluteRendererBase()],
    build: {
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
      // electron-vite leaves the renderer unminified by default; minified it is a third of the size, which keeps
      // app.asar under the 5 MB budget the packaging test enforces.
      minify: true,
    },
  },
})
