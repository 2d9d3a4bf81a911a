// `npm run screenshot`: the README's image (docs/images/signed-in.png, or the path given).
// `npm run screenshot -- --all [--out <dir>] [--only <id,id>]`: every screen and state (states.ts) in light and
// dark at 800×600 and 1440×900, into <dir> (default `screenshots/`, not committed) with an index.html contact
// sheet; states the app does not show are listed there as not found. Both modes use the shipped build the
// tests share (tests/fullstack/build.ts), built once and cached.
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createServer, createServerModuleRunner, type ViteDevServer } from 'vite'
import type * as AllStates from './all-states.ts'
import type * as SignedIn from './signed-in.ts'

const root = resolve(import.meta.dirname, '../..')

// The harnesses are written for vitest (extensionless imports, full TypeScript): they run through Vite's module
// runner, kept open for the whole run because the harness imports some modules only when first needed.
let vite: ViteDevServer | null = null
async function load<T>(file: string): Promise<T> {
  vite ??= await createServer({
    configFile: false,
    logLevel: 'error',
    root,
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: 'custom',
  })
  const runner = createServerModuleRunner(vite.environments.ssr, { hmr: false })
  return (await runner.import(join(import.meta.dirname, file))) as T
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
    },
  })
  if (!values.all) {
    if (values.out || values.only) throw new Error('--out and --only go with --all')
    const output = resolve(positionals[0] ?? resolve(root, 'docs/images/signed-in.png'))
    const { readmeScreenshot } = await load<typeof SignedIn>('signed-in.ts')
    await readmeScreenshot(output)
    process.stdout.write(`Wrote ${output}\n`)
    return
  }
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]} (use --out <dir>)`)
  const only = values.only
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  const { allStates } = await load<typeof AllStates>('all-states.ts')
  const { index, missing } = await allStates({
    out: resolve(values.out ?? resolve(root, 'screenshots')),
    ...(only ? { only } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  })
  process.stdout.write(`\nContact sheet: ${index}\n`)
  if (missing.length > 0) process.stdout.write(`Not found: ${missing.join(', ')}\n`)
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`screenshot: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  })
  .finally(() => vite?.close())
