// The browser tests serve the renderer that ships: `out/renderer` of the release `electron-vite build` with the
// repository's own electron.vite.config.ts (tests/fullstack/build.ts `shippedBuild()`), never a second Vite
// config. The build is made once per test run (cached by a hash of its inputs) and shared with the fullstack
// project. Environment files are not read: every public value is given explicitly.
import { join } from 'node:path'
import { shippedBuild } from '../fullstack/build'

export interface BuiltRenderer {
  /** The folder the protocol handler serves (`<outDir>/renderer`). */
  dir: string
  /** The whole build: `main/`, `preload/`, `renderer/`. */
  outDir: string
}

/** The shipped renderer with the stand-ins' public configuration (tests/fullstack/hosts.ts). */
export async function shippedRenderer(): Promise<BuiltRenderer> {
  const { outDir } = await shippedBuild()
  return { dir: join(outDir, 'renderer'), outDir }
}

/**
 * The same build and config with neither public value set, as on a fresh clone without `.env.local`: the setup
 * screen. Only the environment differs (`shippedBuild({ env })`), so it is a second cached build, not a second
 * configuration.
 */
export async function shippedRendererWithoutKeys(): Promise<BuiltRenderer> {
  const { outDir } = await shippedBuild({ env: { VITE_CLERK_PUBLISHABLE_KEY: '', VITE_CONVEX_URL: '' } })
  return { dir: join(outDir, 'renderer'), outDir }
}
