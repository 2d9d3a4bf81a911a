// The two pages the benchmark compares: the renderer that ships (the `out/renderer` of the release
// `electron-vite build` with the repository's electron.vite.config.ts, made by tests/fullstack/build.ts
// `shippedBuild()`, so the benchmark, the browser tests and the full-stack tests measure one build) and a bare
// React page that renders one element, built by Vite with the same React plugin and options as the shipped
// renderer (minified, no source maps).
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { build, runnerImport } from 'vite'
import type * as ShippedBuildModule from '../../tests/fullstack/build.ts'

export const BARE_PAGE_SELECTOR = '[data-testid="bare-page"]'

const repoRoot = resolve(import.meta.dirname, '../..')

// The renderer options of electron.vite.config.ts that matter for load time, for the bare page.
const sharedBuild = {
  emptyOutDir: true,
  reportCompressedSize: false,
  minify: true,
  sourcemap: false,
} as const

/**
 * The shipped renderer built with the given public configuration (placeholders: valid, unreachable). Returns the
 * folder to serve. Built once per configuration and kept in the build cache (node_modules/.cache); every build
 * variable is passed explicitly, so a developer's shell or .env.local cannot change it.
 */
export async function buildRenderer(publicEnv: Record<string, string>): Promise<string> {
  // Loaded through Vite: build.ts is written for the test runner (extensionless imports).
  const { module } = await runnerImport<typeof ShippedBuildModule>(
    join(repoRoot, 'tests/fullstack/build.ts'),
    {
      configFile: false,
      logLevel: 'error',
      root: repoRoot,
    },
  )
  const { outDir } = await module.shippedBuild({ env: publicEnv })
  return join(outDir, 'renderer')
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
  // React's production build, as the shipped renderer has: Vite and the React plugin read NODE_ENV, which an
  // earlier Vite call in this process (runnerImport, development mode) may have set to 'development'.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await writeFile(join(sourceDir, 'index.html'), BARE_HTML)
    await writeFile(join(sourceDir, 'main.tsx'), BARE_MAIN)
    await build({
      root: sourceDir,
      configFile: false,
      mode: 'production',
      logLevel: 'warn',
      // Absolute URLs, as the shipped renderer has them.
      base: '/',
      plugins: [react()],
      build: { ...sharedBuild, outDir },
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
    await rm(sourceDir, { recursive: true, force: true })
  }
}

/**
 * The floor: the shipped index.html with the same first frame in it and every script taken out (module
 * scripts and their preloads), keeping its stylesheets. Nothing can paint that frame sooner than this page.
 */
export async function buildStaticFloor(
  rendererDir: string,
  outDir: string,
  fillFrame: (html: string) => string,
): Promise<void> {
  const html = fillFrame(await readFile(join(rendererDir, 'index.html'), 'utf8'))
  const withoutScripts = html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/g, '')
  if (/<script\b|modulepreload/.test(withoutScripts)) throw new Error('the static floor still has a script')
  await mkdir(join(outDir, 'assets'), { recursive: true })
  const stylesheets = [...withoutScripts.matchAll(/<link\b[^>]*href="\.?\/?(assets\/[^"]+\.css)"/g)].map(
    (match) => match[1]!,
  )
  if (stylesheets.length === 0) throw new Error('the shipped index.html links no stylesheet')
  for (const file of stylesheets) await copyFile(join(rendererDir, file), join(outDir, file))
  await writeFile(join(outDir, 'index.html'), withoutScripts)
}
