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
    ],
  },
})
