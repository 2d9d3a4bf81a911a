// The files we ship, built once per test run: the release `electron-vite build` with the repository's own
// electron.vite.config.ts, written to a cache folder keyed by a hash of every input (sources, config, lockfile,
// env files, the build environment). Several vitest projects or workers may ask at the same time: one of them
// builds (it holds a lock folder), the others wait for the finished output, which appears by an atomic rename,
// so nobody ever reads a half-written build.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { CONVEX_URL, PUBLISHABLE_KEY } from './hosts'

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..')
const CACHE_ROOT = join(PROJECT_ROOT, 'node_modules/.cache/harbor-shipped-build')
const ELECTRON_VITE = join(PROJECT_ROOT, 'node_modules/electron-vite/bin/electron-vite.js')

/** Source folders whose non-test files reach the build (the renderer imports convex/_generated; the config's
 *  plugins live in scripts/build). */
const SOURCE_DIRS = ['electron', 'renderer', 'convex', 'scripts/build']
const SOURCE_FILES = ['electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.base.json']
const TEST_FILE = /\.test\.[cm]?[jt]sx?$/
/** Every build-time variable the app reads (electron.vite.config.ts `envPrefix`, electron/main/env.d.ts). */
const BUILD_VARIABLES = [
  'VITE_CLERK_PUBLISHABLE_KEY',
  'VITE_CONVEX_URL',
  'MAIN_VITE_APP_PRODUCT_NAME',
  'MAIN_VITE_APP_ID',
  'MAIN_VITE_APP_SCHEME',
]
const BUILD_TIMEOUT_MS = 180_000
const LOCK_STALE_MS = BUILD_TIMEOUT_MS + 30_000

export interface ShippedBuild {
  /** `<outDir>/main/index.js`, `<outDir>/preload/index.js`, `<outDir>/renderer/index.html`. */
  outDir: string
}

export interface ShippedBuildOptions {
  /** Build-time variables over the defaults (the stand-ins' publishable key and Convex URL, from hosts.ts). */
  env?: Record<string, string>
  /** Also write source maps (`--sourcemap`): the same code plus `.map` files, for coverage of the main bundle. */
  sourcemap?: boolean
}

const pending = new Map<string, Promise<ShippedBuild>>()

function buildEnv(options: ShippedBuildOptions): Record<string, string> {
  // Every build variable is given explicitly (empty = unset, as the app reads it) so neither the developer's
  // shell nor a .env.local can change what a test runs: Vite lets process.env win over env files.
  const env: Record<string, string> = Object.fromEntries(BUILD_VARIABLES.map((name) => [name, '']))
  Object.assign(
    env,
    { VITE_CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY, VITE_CONVEX_URL: CONVEX_URL },
    options.env,
  )
  return env
}

export function shippedBuild(options: ShippedBuildOptions = {}): Promise<ShippedBuild> {
  const env = buildEnv(options)
  const sourcemap = options.sourcemap === true
  const key = JSON.stringify({ env, sourcemap })
  let build = pending.get(key)
  if (!build) {
    build = buildOnce(env, sourcemap).then(({ outDir }) => ({ outDir }))
    pending.set(key, build)
    build.catch(() => pending.delete(key))
  }
  return build
}

/**
 * What one more process calling shippedBuild() does (no in-process memo): takes the lock or waits for whoever
 * holds it. `built` says whether this call ran electron-vite. For the build's own test.
 */
export function shippedBuildAsAnotherProcess(
  options: ShippedBuildOptions = {},
): Promise<ShippedBuild & { built: boolean }> {
  return buildOnce(buildEnv(options), options.sourcemap === true)
}

async function buildOnce(
  env: Record<string, string>,
  sourcemap: boolean,
): Promise<ShippedBuild & { built: boolean }> {
  const hash = await inputHash(env, sourcemap)
  const outDir = join(CACHE_ROOT, hash)
  await mkdir(CACHE_ROOT, { recursive: true })
  const lock = `${outDir}.lock`
  const deadline = Date.now() + LOCK_STALE_MS + BUILD_TIMEOUT_MS
  for (;;) {
    if (existsSync(join(outDir, 'main/index.js'))) return { outDir, built: false }
    if (await takeLock(lock)) break
    if (Date.now() > deadline) throw new Error(`shippedBuild: gave up waiting for the build lock ${lock}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  try {
    if (existsSync(join(outDir, 'main/index.js'))) return { outDir, built: false }
    const staging = `${outDir}.building-${process.pid}-${Date.now()}`
    await rm(staging, { recursive: true, force: true })
    await runElectronVite(staging, env, sourcemap)
    for (const part of ['main/index.js', 'preload/index.js', 'renderer/index.html']) {
      if (!existsSync(join(staging, part))) throw new Error(`shippedBuild: electron-vite wrote no ${part}`)
    }
    await rm(outDir, { recursive: true, force: true })
    await rename(staging, outDir)
    await pruneOldBuilds(hash)
    return { outDir, built: true }
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
}

/** mkdir is atomic: whoever creates the folder builds. A lock older than any build can take is left over from
 *  a killed run and is broken. */
async function takeLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock)
    await writeFile(join(lock, 'owner'), `${process.pid} ${Date.now()}`)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const owner = await readFile(join(lock, 'owner'), 'utf8').catch(() => '')
    const [pid = 0, since = 0] = owner.split(' ').map(Number)
    const ownerAlive = pid > 0 && isAlive(pid)
    if (!ownerAlive && owner !== '') await rm(lock, { recursive: true, force: true })
    else if (since > 0 && Date.now() - since > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true })
    return false
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function runElectronVite(outDir: string, env: Record<string, string>, sourcemap: boolean): Promise<void> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env }
  // vitest sets NODE_ENV=test, which would make Vite and the React plugin build for development.
  delete childEnv.NODE_ENV
  for (const name of Object.keys(childEnv)) {
    if (name.startsWith('VITE_') || name.startsWith('MAIN_VITE_') || name.startsWith('PRELOAD_VITE_'))
      delete childEnv[name]
  }
  Object.assign(childEnv, env)
  const args = [ELECTRON_VITE, 'build', '--outDir', outDir, '--logLevel', 'warn']
  if (sourcemap) args.push('--sourcemap')
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolvePromise()
      else
        reject(new Error(`electron-vite build failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`))
    })
  })
}

/** Every file whose content is part of the build's cache key, as absolute paths, sorted. Exported for its test. */
export async function buildInputFiles(): Promise<string[]> {
  const files: string[] = []
  for (const dir of SOURCE_DIRS) files.push(...(await listFiles(join(PROJECT_ROOT, dir))))
  for (const file of SOURCE_FILES) files.push(join(PROJECT_ROOT, file))
  // Vite reads .env, .env.local, .env.production...: whatever they say is part of the input.
  for (const entry of await readdir(PROJECT_ROOT))
    if (entry.startsWith('.env')) files.push(join(PROJECT_ROOT, entry))
  return files.sort()
}

async function inputHash(env: Record<string, string>, sourcemap: boolean): Promise<string> {
  const hash = createHash('sha256')
  hash.update(JSON.stringify({ env, sourcemap, node: process.versions.node }))
  for (const file of await buildInputFiles()) {
    hash.update(`\0${relative(PROJECT_ROOT, file)}\0`)
    hash.update(await readFile(file).catch(() => Buffer.from('(missing)')))
  }
  return hash.digest('hex').slice(0, 16)
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && !TEST_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${sep}node_modules${sep}`))
}

/** Keeps the cache to the newest few builds (each is a few MB); a build made in the last hour may be in use by
 *  another project of the same run, so it is never removed. */
async function pruneOldBuilds(keep: string): Promise<void> {
  const entries = await readdir(CACHE_ROOT).catch(() => [] as string[])
  const builds = entries.filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== keep)
  const dated = await Promise.all(
    builds.map(async (name) => ({ name, at: (await stat(join(CACHE_ROOT, name))).mtimeMs })),
  )
  dated.sort((a, b) => b.at - a.at)
  const hourAgo = Date.now() - 60 * 60 * 1000
  for (const { name, at } of dated.slice(3)) {
    if (at < hourAgo) await rm(join(CACHE_ROOT, name), { recursive: true, force: true })
  }
}
