// `npm run dev`: Electron's binary, then Convex's first run, then `convex dev` (watching convex/) and
// `electron-vite dev` side by side. Each step that cannot go on says what to do next, in one paragraph:
//   - Electron's binary missing and not downloadable (scripts/guard/ensure-electron.ts);
//   - a public value that must not be built (the same guard electron.vite.config.ts runs);
//   - Convex needing an answer with no terminal to ask in, its local backend's download refused, its cloud
//     deployment unreachable.
// On a fresh clone with no accounts Convex runs its local backend without an account (its own default: the
// first choice of its prompt in a terminal, and what it picks without one), and the app opens on its setup
// screen naming the one Clerk value to add (`npm run setup` writes it).

import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { loadEnv } from 'vite'
import { PUBLIC_PREFIXES, refuseBadPublicValues } from '../build/public-env-guard.ts'
import { loadLocalConfig, readTextFile } from '../doctor/local-config.ts'
import { ensureElectron } from '../guard/ensure-electron.ts'

type Env = Record<string, string | undefined>

/** What Harbor says before Convex's first run, or null when Convex already knows its deployment. */
export function convexFirstRunNote(options: { hasDeployment: boolean; interactive: boolean }): string | null {
  if (options.hasDeployment) return null
  return options.interactive
    ? 'Harbor: Convex asks first whether to log in. "Start without an account" runs a Convex backend on this ' +
        "machine, which is all the app needs except Clerk's webhook (that needs a cloud deployment)."
    : 'Harbor: there is no terminal for Convex to ask whether to log in, so it starts its local backend without an ' +
        'account (its default). For a cloud deployment instead, run `npx convex dev --configure` in a terminal.'
}

const BACKEND_DOWNLOAD =
  /Failed to fetch latest backend version|Hit an error while running local deployment|version\.convex\.dev returned|Failed to download|convex-backend\/releases/i
const NO_TERMINAL = /Cannot prompt for input in non-interactive terminals\.?\s*(?:\((.*)\))?/i
const NETWORK =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|fetch failed|network error|socket hang up/i

/** Convex's first run failed: one paragraph in Harbor's words (Convex's own lines stay above it). */
export function explainConvexFailure(output: string, code: number): string {
  const text = stripVTControlCharacters(output)
  const question = NO_TERMINAL.exec(text)
  if (question) {
    return (
      `Harbor: Convex needs an answer${question[1] ? ` ("${question[1].trim()}")` : ''} and there is no terminal to ask ` +
      'in. Run `npx convex dev` once in a terminal and answer it, then `npm run dev` again. To run without an ' +
      'account instead, remove CONVEX_DEPLOYMENT from .env.local: Convex then starts its local backend.'
    )
  }
  if (BACKEND_DOWNLOAD.test(text)) {
    return (
      "Harbor: Convex's local backend could not be downloaded (Convex fetches it from github.com on first use, " +
      'then keeps it). Either allow that download (behind a proxy, set HTTPS_PROXY and NODE_USE_ENV_PROXY=1) and ' +
      'run `npm run dev` again, or use a cloud deployment: `npx convex login`, then `npx convex dev --configure` ' +
      '(choose a cloud deployment), then `npm run dev`.'
    )
  }
  if (NETWORK.test(text)) {
    return (
      'Harbor: Convex could not reach its deployment (offline?). Connect and run `npm run dev` again; ' +
      '`npm run doctor` shows what else is set up.'
    )
  }
  return `Harbor: Convex's first run stopped (exit code ${code}); its message is above. \`npm run doctor\` checks the setup.`
}

/** Runs a command, echoing its output, and keeps what it wrote to stderr/stdout (for explainConvexFailure). */
function runVisible(
  command: string,
  args: string[],
  cwd: string,
  env: Env,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // stdin stays the user's terminal so Convex can ask its questions there; stdout/stderr are echoed as-is.
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['inherit', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      process.stdout.write(chunk)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      process.stderr.write(chunk)
    })
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

function bin(root: string, name: string): string {
  return join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
}

/** Both long-running parts; when one ends, the other is stopped and its exit code is ours. */
function runTogether(
  parts: { name: string; command: string; args: string[] }[],
  cwd: string,
  env: Env,
): Promise<number> {
  return new Promise((resolve) => {
    const children: ChildProcess[] = []
    let finished = false
    const stopAll = () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
    }
    for (const part of parts) {
      const child = spawn(part.command, part.args, {
        cwd,
        env,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      })
      children.push(child)
      child.on('close', (code) => {
        if (finished) return
        finished = true
        if (code !== 0 && code !== null)
          process.stderr.write(`\nHarbor: ${part.name} stopped (exit code ${code}); stopping the rest.\n`)
        stopAll()
        resolve(code ?? 0)
      })
    }
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stopAll)
  })
}

export async function runDev(root: string, env: Env, interactive: boolean): Promise<number> {
  // 1. Electron first: without it nothing else is worth starting.
  const electron = await ensureElectron({ root, env, postinstall: false })
  if (electron !== 0) return electron
  // 2. Public values, before Convex starts (electron-vite checks again in its config).
  refuseBadPublicValues(loadEnv('development', root, [...PUBLIC_PREFIXES]))
  // 3. Convex's first run: configures a deployment if there is none, writes .env.local, pushes convex/.
  const local = loadLocalConfig(root, readTextFile, env)
  const hasDeployment = Boolean(local.values.get('CONVEX_DEPLOYMENT')?.value || env.CONVEX_DEPLOY_KEY)
  const note = convexFirstRunNote({ hasDeployment, interactive })
  if (note) process.stderr.write(`${note}\n\n`)
  const first = await runVisible(bin(root, 'convex'), ['dev', '--once'], root, env)
  if (first.code !== 0) {
    process.stderr.write(`\n${explainConvexFailure(first.output, first.code)}\n`)
    return 1
  }
  // 4. Convex watching convex/ and the app, together.
  return runTogether(
    [
      { name: 'convex dev', command: bin(root, 'convex'), args: ['dev'] },
      { name: 'electron-vite dev', command: bin(root, 'electron-vite'), args: ['dev'] },
    ],
    root,
    env,
  )
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  runDev(process.cwd(), process.env, process.stdin.isTTY === true).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`dev: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
