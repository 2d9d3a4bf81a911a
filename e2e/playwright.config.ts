// Electron end-to-end suite: `npm run test:e2e:electron` (builds e2e/build-app.mts first). Not part of
// `npm test`: it needs a real Electron binary and a display (xvfb on Linux).
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  // One app at a time: the single-instance lock and the OS keychain are shared by every launch.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: process.env.CI ? 1 : 0,
  forbidOnly: true,
  outputDir: '../test-results/e2e',
  reporter: process.env.CI
    ? [['list'], ['html', { open: 'never', outputFolder: '../test-results/e2e-report' }]]
    : 'list',
})
