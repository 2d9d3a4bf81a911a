// `node scripts/guard/ensure-electron.ts [--postinstall]`: makes sure Electron's binary is on disk before
// `dev`, `dev:app`, `dist*` and the Electron e2e suite, and is tried once by `npm install` (postinstall).
//
// Why: electron 45 has no install script. Its binary is fetched on the first `require('electron')` or by
// `npx install-electron` (node_modules/electron/install.js, which honours ELECTRON_MIRROR and writes
// node_modules/electron/path.txt). electron-vite 6 reads path.txt directly and throws "Error: Electron
// uninstall" with a stack trace when it is missing, so a fresh clone could never `npm run dev`.
//
// We run Electron's own installer (the file `npx install-electron` runs) and, when it cannot download, print
// one paragraph in our words instead of its stack trace. Exit 1 then; with --postinstall exit 0, because
// `npm install`/`npm ci` must never fail for this (CI installs on machines where the download always fails).

import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

export type ElectronBinary =
  | { kind: 'ready'; path: string; via: 'ELECTRON_EXEC_PATH' | 'path.txt' }
  | { kind: 'missing'; reason: string }

type Env = Record<string, string | undefined>

/** Mirrors how electron-vite (ELECTRON_EXEC_PATH, then path.txt) and electron's index.js find the binary. */
export function findElectronBinary(electronDir: string, env: Env): ElectronBinary {
  if (env.ELECTRON_EXEC_PATH) {
    return existsSync(env.ELECTRON_EXEC_PATH)
      ? { kind: 'ready', path: env.ELECTRON_EXEC_PATH, via: 'ELECTRON_EXEC_PATH' }
      : { kind: 'missing', reason: `ELECTRON_EXEC_PATH=${env.ELECTRON_EXEC_PATH} does not exist` }
  }
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return { kind: 'missing', reason: 'node_modules/electron/path.txt is missing' }
  const relative = readFileSync(pathFile, 'utf8').trim()
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist')
  const binary = join(distDir, relative)
  return existsSync(binary)
    ? { kind: 'ready', path: binary, via: 'path.txt' }
    : { kind: 'missing', reason: `${binary} is missing` }
}

export function electronDirFor(root: string): string {
  const require = createRequire(join(root, 'package.json'))
  return dirname(require.resolve('electron/package.json'))
}

export interface DownloadFacts {
  version: string
  target: string
  /** The installer's own one-line reason (its stack trace is dropped). */
  reason: string
  mirror: string | undefined
}

/** The first line of the installer's output that is not a stack frame: "TypeError: fetch failed", "HTTPError: ..." */
export function installerReason(output: string): string {
  const line = stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at ') && l !== 'Downloading Electron binary...')
  // "TypeError: fetch failed" says less than "fetch failed" to someone who is not debugging Electron's installer.
  return line
    ? line.replace(/^(?:Type|HTTP|Request)?Error:\s*/, '').slice(0, 240)
    : 'the installer exited without saying why'
}

/** How to let Electron's download through; the doctor's fix says the same. */
export const ELECTRON_DOWNLOAD_ROUTES =
  'Behind a proxy, set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=true; where github.com is blocked, set ' +
  'ELECTRON_MIRROR to a mirror of Electron releases'

export function downloadFailureMessage(facts: DownloadFacts, options: { postinstall: boolean }): string {
  const from = facts.mirror ? `the mirror ${facts.mirror}` : 'github.com'
  const opening = options.postinstall
    ? `npm install finished, but Electron's binary (electron ${facts.version} for ${facts.target}) could not be downloaded from ${from}: ${facts.reason}. npm run dev and npm run dist need it and will try again.`
    : `Electron's binary (electron ${facts.version} for ${facts.target}) is not installed and could not be downloaded from ${from}: ${facts.reason}.`
  return (
    `${opening} When you are online, run \`npx install-electron\` (Electron's own installer), then the command again. ` +
    `${ELECTRON_DOWNLOAD_ROUTES} (for example https://npmmirror.com/mirrors/electron/). ` +
    'To use an Electron you already have, set ELECTRON_EXEC_PATH to its executable.'
  )
}

export type InstallerOutcome =
  { code: number; output: string } | { code: null; output: string; timedOut: true }

/** Runs node_modules/electron/install.js (what `npx install-electron` runs), collecting its output. */
export function runElectronInstaller(
  electronDir: string,
  env: Env,
  timeoutMs: number,
): Promise<InstallerOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
      cwd: electronDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      resolve({ code: null, output, timedOut: true })
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: 1, output: `${output}\n${error.message}` })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, output })
    })
  })
}

// A full download is ~100 MB; on a slow line that takes minutes, but a stalled one must not hang `npm ci`.
const INSTALL_TIMEOUT_MS = 15 * 60_000

async function main(argv: string[]): Promise<number> {
  return ensureElectron({
    root: process.cwd(),
    env: process.env,
    postinstall: argv.includes('--postinstall'),
  })
}

/** Fetches the binary when it is missing; returns the exit code (0 with --postinstall whatever happened). */
export async function ensureElectron(options: {
  root: string
  env: Env
  postinstall: boolean
}): Promise<number> {
  const { root, env, postinstall } = options
  if (postinstall && env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 0
  const electronDir = electronDirFor(root)
  const before = findElectronBinary(electronDir, env)
  if (before.kind === 'ready') return 0
  if (env.ELECTRON_EXEC_PATH) {
    process.stderr.write(
      `${before.reason}: point ELECTRON_EXEC_PATH at an Electron executable, or unset it to use Electron's download.\n`,
    )
    return postinstall ? 0 : 1
  }
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as {
    version: string
  }
  const target = `${process.platform}-${process.arch}`
  process.stderr.write(`Downloading Electron ${version} for ${target} (once, about 100 MB)...\n`)
  const outcome = await runElectronInstaller(electronDir, env, INSTALL_TIMEOUT_MS)
  const after = findElectronBinary(electronDir, env)
  if (outcome.code === 0 && after.kind === 'ready') {
    process.stderr.write(`Electron ${version} is installed.\n`)
    return 0
  }
  const reason =
    'timedOut' in outcome
      ? `no complete download within ${INSTALL_TIMEOUT_MS / 60_000} minutes`
      : outcome.code === 0
        ? `the installer finished but ${after.kind === 'missing' ? after.reason : 'nothing was written'}`
        : installerReason(outcome.output)
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || undefined
  process.stderr.write(
    `\n${downloadFailureMessage({ version, target, reason, mirror }, { postinstall })}\n\n`,
  )
  return postinstall ? 0 : 1
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`ensure-electron: ${error instanceof Error ? error.message : String(error)}\n`)
      // postinstall must never fail `npm install`.
      process.exitCode = process.argv.includes('--postinstall') ? 0 : 1
    },
  )
}
