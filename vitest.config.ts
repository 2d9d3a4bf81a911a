import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// One `vitest run` drives every test project; each runs in the environment its code runs in.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'convex',
          include: ['convex/**/*.test.ts'],
          environment: 'edge-runtime',
          server: { deps: { inline: ['convex-test'] } },
        },
      },
      {
        test: {
          name: 'node',
          include: ['electron/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/node/**/*.test.ts'],
          environment: 'node',
          // The real keychain for the keychain tests: a private D-Bus + gnome-keyring on Linux, the OS keychain on
          // macOS/Windows (they fail, never skip, without it).
          globalSetup: ['tests/keyring/global-setup.ts'],
          // Processed by vitest (not loaded by Node) so the composition-root test's fake `electron` reaches it.
          server: { deps: { inline: ['@clerk/electron'] } },
        },
      },
      {
        test: {
          name: 'packaging',
          include: ['tests/packaging/**/*.test.ts'],
          environment: 'node',
          // Builds and packs the app: minutes, not milliseconds.
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        // Real Chromium (Debian `chromium`, driven by playwright-core) against the built renderer. Slow by
        // nature (Clerk's own 15 s failure timeout is part of what is tested); one file at a time.
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The shipped build (electron-vite, release config) run end to end: the real main bundle in a Node child
        // process under an emulated `electron`, its window a real Chromium page, Clerk and Convex stand-ins on
        // loopback (tests/fullstack/README.md). Processes and ports are per test; one file at a time.
        test: {
          name: 'fullstack',
          include: ['tests/fullstack/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          // The first beforeAll may wait for the shared electron-vite build.
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
