// Builds the two pages the benchmark compares, with the same toolchain and options: the real renderer (from the
// renderer section of electron.vite.config.ts) and a bare React page that renders one element.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { build, loadConfigFromFile, type InlineConfig, type UserConfig } from 'vite'

export const BARE_PAGE_SELECTOR = '[data-testid="bare-page"]'

const repoRoot = resolve(import.meta.dirname, '../..')

// Settings both builds share, so the comparison measures the app and not the build options.
const sharedBuild = {
  emptyOutDir: true,
  reportCompressedSize: false,
  minify: true,
  sourcemap: false,
} as const

type ConfigValue<T> = T | ((env: { command: 'build'; mode: string }) => T | Promise<T>)

async function rendererConfig(): Promise<UserConfig> {
  const env = { command: 'build' as const, mode: 'production' }
  const loaded = await loadConfigFromFile(env, join(repoRoot, 'electron.vite.config.ts'), repoRoot, 'silent')
  if (!loaded) throw new Error('electron.vite.config.ts could not be loaded')
  const resolveValue = async <T>(value: ConfigValue<T>): Promise<T> =>
    typeof value === 'function' ? (value as (e: typeof env) => T | Promise<T>)(env) : value
  const whole = await resolveValue(loaded.config as ConfigValue<{ renderer?: ConfigValue<UserConfig> }>)
  if (!whole.renderer) throw new Error('electron.vite.config.ts has no renderer section')
  return resolveValue(whole.renderer)
}

/**
 * Builds the renderer into `outDir` with placeholder (valid, unreachable) public configuration. Values from the
 * process environment win over `.env` files in Vite, so a developer's real keys are never used here.
 */
export async function buildRenderer(outDir: string, publicEnv: Record<string, string>): Promise<void> {
  const config = await rendererConfig()
  const saved = Object.fromEntries(Object.keys(publicEnv).map((name) => [name, process.env[name]]))
  Object.assign(process.env, publicEnv)
  try {
    const inline: InlineConfig = {
      ...config,
      configFile: false,
      mode: 'production',
      logLevel: 'warn',
      // electron-vite gives the renderer relative asset URLs; keep that so the protocol handler sees the same paths.
      base: './',
      build: { ...config.build, ...sharedBuild, outDir },
    }
    await build(inline)
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

const BARE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Bare React page</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./main.tsx"></script>
  </body>
</html>
`

const BARE_MAIN = `import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main data-testid="bare-page">Harbor</main>
  </StrictMode>,
)
`

/** The baseline: the smallest React 19 page, through the same Vite + plugin-react build. */
export async function buildBarePage(outDir: string): Promise<void> {
  // The sources sit under node_modules/.cache so that `react` resolves from the project's own node_modules.
  const sourceDir = join(repoRoot, 'node_modules', '.cache', 'harbor-bench', `bare-${process.pid}`)
  await mkdir(sourceDir, { recursive: true })
  try {
    await writeFile(join(sourceDir, 'index.html'), BARE_HTML)
    await writeFile(join(sourceDir, 'main.tsx'), BARE_MAIN)
    await build({
      root: sourceDir,
      configFile: false,
      mode: 'production',
      logLevel: 'warn',
      base: './',
      plugins: [react()],
      build: { ...sharedBuild, outDir },
    })
  } finally {
    await rm(sourceDir, { recursive: true, force: true })
  }
}
