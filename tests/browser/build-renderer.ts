// Builds the renderer (the real production build, same Vite config as electron-vite's renderer section) into a
// private temporary folder, with the public configuration given per build. Environment files are NOT read
// (envDir points at an empty folder), so a developer's .env.local cannot change what a test sees.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { build } from 'vite'

const root = resolve(import.meta.dirname, '../..')

export interface BuiltRenderer {
  dir: string
  cleanup(): Promise<void>
}

export async function buildRenderer(env: {
  VITE_CLERK_PUBLISHABLE_KEY?: string
  VITE_CONVEX_URL?: string
}): Promise<BuiltRenderer> {
  const dir = await mkdtemp(join(tmpdir(), 'harbor-renderer-'))
  const envDir = await mkdtemp(join(tmpdir(), 'harbor-env-'))
  const define: Record<string, string> = {}
  for (const name of ['VITE_CLERK_PUBLISHABLE_KEY', 'VITE_CONVEX_URL'] as const) {
    // `define` wins over anything in process.env: an unset value really is unset in the build.
    define[`import.meta.env.${name}`] = JSON.stringify(env[name] ?? '')
  }
  // Vitest runs with NODE_ENV=test; Vite and the React plugin read it to choose development builds.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      configFile: false,
      mode: 'production',
      root: join(root, 'renderer'),
      envDir,
      // Same as electron.vite.config.ts: absolute asset URLs, so deep routes survive a reload.
      base: '/',
      logLevel: 'warn',
      plugins: [react()],
      define,
      build: {
        outDir: dir,
        emptyOutDir: true,
        rollupOptions: { input: join(root, 'renderer/index.html') },
        reportCompressedSize: false,
        chunkSizeWarningLimit: 8192,
      },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  return {
    dir,
    cleanup: async () => {
      await rm(dir, { recursive: true, force: true })
      await rm(envDir, { recursive: true, force: true })
    },
  }
}
