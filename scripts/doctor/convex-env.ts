// Reads the Convex deployment's environment variables through the Convex CLI (`npx convex env list
// --include-values`), the same way a developer would. The CLI finds the deployment from CONVEX_DEPLOYMENT in
// .env.local, or from CONVEX_DEPLOY_KEY in the environment.

import { spawn } from 'node:child_process'
import { parseEnv, stripVTControlCharacters } from 'node:util'
import { formatDuration } from './http.ts'

export type CommandOutcome =
  | { kind: 'exited'; code: number; stdout: string; stderr: string }
  | { kind: 'timeout' }
  | { kind: 'spawn-error'; message: string }

export type CommandRunner = (
  command: string,
  args: readonly string[],
  options: {
    cwd: string
    timeoutMs: number
    /** Written to the command's stdin (then closed): how secrets reach `convex env set NAME` off argv. */
    input?: string
  },
) => Promise<CommandOutcome>

export type ConvexEnv =
  | { kind: 'ok'; vars: Record<string, string> }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'not-configured'; reason: string; fix: string }
  | { kind: 'error'; reason: string }

export const CONVEX_ENV_COMMAND = [
  'npx',
  '--no-install',
  'convex',
  'env',
  'list',
  '--include-values',
] as const
export const DEFAULT_CONVEX_TIMEOUT_MS = 60_000

const NETWORK_ERROR =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|fetch failed|network error|socket hang up/i
const NOT_LOGGED_IN =
  /not logged in|log ?in to convex|access token|unauthori[sz]ed|InvalidAuthHeader|npx convex login/i
const NO_DEPLOYMENT = /no CONVEX_DEPLOYMENT|no deployment|CONVEX_DEPLOYMENT.*not set|run `?npx convex dev`?/i

// The CLI prints colour codes and spinner frames on stderr; keep the first meaningful line.
function firstLine(text: string): string {
  const clean = stripVTControlCharacters(text)
  const line = clean
    .split(/\r?\n/)
    .map((l) => l.replace(/^[✖✔⚠×]\s*/u, '').trim())
    .find((l) => l !== '')
  return line ? line.slice(0, 300) : ''
}

/** Turns the CLI's exit code and output into a verdict about the deployment's environment. */
export function interpretConvexEnvOutput(outcome: CommandOutcome, timeoutMs: number): ConvexEnv {
  if (outcome.kind === 'timeout') {
    return {
      kind: 'unreachable',
      reason: `the Convex CLI did not answer within ${formatDuration(timeoutMs)}`,
    }
  }
  if (outcome.kind === 'spawn-error')
    return { kind: 'error', reason: `could not run the Convex CLI: ${outcome.message}` }
  const output = `${outcome.stderr}\n${outcome.stdout}`
  if (outcome.code !== 0) {
    if (NETWORK_ERROR.test(output))
      return { kind: 'unreachable', reason: firstLine(outcome.stderr) || 'network error' }
    if (NOT_LOGGED_IN.test(output)) {
      return {
        kind: 'not-configured',
        reason: `the Convex CLI is not logged in (${firstLine(outcome.stderr)})`,
        fix: 'Run `npx convex login` (or `npx convex dev`, which logs you in), then run the doctor again.',
      }
    }
    if (NO_DEPLOYMENT.test(output)) {
      return {
        kind: 'not-configured',
        reason: `the Convex CLI does not know which deployment to use (${firstLine(outcome.stderr)})`,
        fix: 'Run `npx convex dev` once: it writes CONVEX_DEPLOYMENT to .env.local.',
      }
    }
    return {
      kind: 'error',
      reason: `\`${CONVEX_ENV_COMMAND.join(' ')}\` exited with code ${outcome.code}: ${firstLine(output) || 'no output'}`,
    }
  }
  // Values come out in .env syntax (quoted when they contain newlines or '#'); messages go to stderr.
  return { kind: 'ok', vars: parseEnv(outcome.stdout) as Record<string, string> }
}

export async function readConvexEnv(
  run: CommandRunner,
  cwd: string,
  timeoutMs: number = DEFAULT_CONVEX_TIMEOUT_MS,
): Promise<ConvexEnv> {
  const [command, ...args] = CONVEX_ENV_COMMAND
  return interpretConvexEnvOutput(await run(command, args, { cwd, timeoutMs }), timeoutMs)
}

/**
 * Runs a command without a shell prompt ever reaching the user: stdin is closed (or carries `input`) and a timer
 * kills it, with its children: npx starts the CLI as a child, which would otherwise outlive the timeout.
 */
export const spawnCommand: CommandRunner = (command, args, { cwd, timeoutMs, input }) =>
  new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    let settled = false
    const finish = (outcome: CommandOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const ownGroup = process.platform !== 'win32'
    const child = spawn(command, args, {
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: ownGroup,
      // npx is a .cmd script on Windows, which only a shell can start. A program named with its .exe (node
      // itself) starts directly: through cmd.exe its arguments would be re-split and lose their quotes.
      shell: process.platform === 'win32' && !/\.(exe|com)$/i.test(command),
      env: { ...process.env, CI: '1', FORCE_COLOR: '0' },
    })
    const timer = setTimeout(() => {
      try {
        if (ownGroup && child.pid) process.kill(-child.pid, 'SIGTERM')
        // Windows has no process groups: taskkill /T ends npx's whole tree.
        else if (child.pid) spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' })
        else child.kill('SIGTERM')
      } catch {
        child.kill('SIGTERM')
      }
      // Whatever is left of it must not keep this process alive (its pipes would).
      child.stdout?.destroy()
      child.stderr?.destroy()
      child.unref()
      finish({ kind: 'timeout' })
    }, timeoutMs)
    if (input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined) // the command may exit before reading it
      child.stdin.end(input)
    }
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', (error) => finish({ kind: 'spawn-error', message: error.message }))
    child.on('close', (code) => finish({ kind: 'exited', code: code ?? 1, stdout, stderr }))
  })
