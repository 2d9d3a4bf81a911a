// The reference app: the shipped main process and preload (so Clerk's bridge, the keychain token, the protocol
// handler and its CSP are Harbor's own) serving the template-wired page (page.ts) instead of Harbor's renderer.
// The page is built by Vite with the renderer section of electron.vite.config.ts (its plugins, base and build
// options; only the root, entry and output differ), in production mode like the release build.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { build, type InlineConfig } from 'vite'
import electronViteConfig from '../../../electron.vite.config'
import { REFERENCE_HTML, referenceMain } from './page'

const repoRoot = resolve(import.meta.dirname, '../../..')

export async function buildReferenceApp(options: {
  /** The shipped build (tests/fullstack/build.ts), whose main and preload the reference app runs. */
  shippedOutDir: string
  publicEnv: { VITE_CLERK_PUBLISHABLE_KEY: string; VITE_CONVEX_URL: string }
}): Promise<{ outDir: string }> {
  const cache = join(repoRoot, 'node_modules', '.cache', 'harbor-bench', `reference-${process.pid}`)
  const sourceDir = join(cache, 'src')
  const outDir = join(cache, 'app')
  await rm(cache, { recursive: true, force: true })
  await mkdir(sourceDir, { recursive: true })
  await writeFile(join(sourceDir, 'index.html'), REFERENCE_HTML)
  await writeFile(join(sourceDir, 'main.tsx'), referenceMain(join(repoRoot, 'convex/_generated/api')))
  const renderer = (electronViteConfig as { renderer: InlineConfig }).renderer
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      ...renderer,
      configFile: false,
      mode: 'production',
      logLevel: 'warn',
      root: sourceDir,
      envDir: sourceDir,
      // The two public values, as the shipped build gets them; nothing from a developer's environment.
      define: Object.fromEntries(
        Object.entries(options.publicEnv).map(([name, value]) => [
          `import.meta.env.${name}`,
          JSON.stringify(value),
        ]),
      ),
      build: {
        ...renderer.build,
        rollupOptions: { input: join(sourceDir, 'index.html') },
        outDir: join(outDir, 'renderer'),
        emptyOutDir: true,
        reportCompressedSize: false,
      },
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  await cp(join(options.shippedOutDir, 'main'), join(outDir, 'main'), { recursive: true })
  await cp(join(options.shippedOutDir, 'preload'), join(outDir, 'preload'), { recursive: true })
  return { outDir }
}
