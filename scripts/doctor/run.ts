// Runs every check against one context and wires the real I/O for the command line.

import { TimeoutError, withTimeout } from '../../electron/shared/with-timeout.ts'
import { appFacts } from './app-facts.ts'
import { clerkChecks } from './checks/clerk-checks.ts'
import { convexChecks } from './checks/convex-checks.ts'
import { localChecks } from './checks/local-checks.ts'
import { machineChecks, readMachineFacts, type MachineFacts } from './checks/machine-checks.ts'
import { createClerkBackend, DEFAULT_CLERK_API_URL } from './clerk-api.ts'
import { type CheckDefinition, type DoctorContext, memoize } from './context.ts'
import { readConvexEnv, type CommandRunner } from './convex-env.ts'
import { formatDuration, type HttpClient } from './http.ts'
import { loadLocalConfig, type ReadTextFile } from './local-config.ts'
import type { CheckResult, Verdict } from './types.ts'

export const allChecks: CheckDefinition[] = [
  ...machineChecks,
  ...localChecks,
  ...convexChecks,
  ...clerkChecks,
]

/**
 * Each check's own bound. Offline, the Convex CLI retries for over half a minute and a request to an
 * unreachable host can wait for its whole timeout; the doctor must still finish within 10 s, so every check
 * ends by then as "could not check". The readers below have slightly shorter timeouts of their own.
 */
export const CHECK_TIMEOUT_MS = 9_000
export const DOCTOR_HTTP_TIMEOUT_MS = 7_000
export const DOCTOR_CONVEX_TIMEOUT_MS = 8_000

export interface DoctorIo {
  root: string
  environment: Record<string, string | undefined>
  readFile: ReadTextFile
  runCommand: CommandRunner
  http: HttpClient
  convexTimeoutMs?: number
  /** This machine's Node and Electron; read from the project when not given. */
  machine?: MachineFacts
  /** Overrides for tests; real runs use Clerk's and Convex's public hosts. */
  frontendApiUrl?: (host: string) => string
  convexSiteUrl?: (siteUrl: string) => string
}

export function createContext(io: DoctorIo): DoctorContext {
  const local = loadLocalConfig(io.root, io.readFile, io.environment)
  const value = (name: string) => local.values.get(name)
  // Without a deployment the CLI would start an interactive login/project prompt: never run it then.
  const knowsDeployment = Boolean(value('CONVEX_DEPLOYMENT')?.value || io.environment.CONVEX_DEPLOY_KEY)
  const secret = value('CLERK_SECRET_KEY')
  return {
    local,
    machine: io.machine ?? readMachineFacts(io.root, io.environment),
    app: appFacts(value('MAIN_VITE_APP_SCHEME')?.value),
    convexEnv: knowsDeployment
      ? memoize(() => readConvexEnv(io.runCommand, io.root, io.convexTimeoutMs ?? DOCTOR_CONVEX_TIMEOUT_MS))
      : null,
    clerk: secret?.value
      ? {
          backend: createClerkBackend(
            io.http,
            secret.value.trim(),
            io.environment.CLERK_API_URL || DEFAULT_CLERK_API_URL,
          ),
          secretKey: secret.value,
          source: secret.source,
        }
      : null,
    http: io.http,
    frontendApiUrl: io.frontendApiUrl ?? ((host) => `https://${host}`),
    convexSiteUrl: io.convexSiteUrl ?? ((siteUrl) => siteUrl),
  }
}

export interface RunOptions {
  /** Called as each check finishes (in finishing order), e.g. to print it at once. */
  onResult?: (result: CheckResult, elapsedMs: number) => void
  timeoutMs?: number
}

/** Runs every check at once, each bounded; resolves with the results in the checks' own order. */
export async function runChecks(
  ctx: DoctorContext,
  checks: CheckDefinition[] = allChecks,
  options: RunOptions = {},
): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS
  const started = Date.now()
  // Checks share memoized readers, so running them together makes each request once.
  return Promise.all(
    checks.map(async ({ id, group, title, run }): Promise<CheckResult> => {
      const result = { id, group, title, ...(await boundedVerdict(() => run(ctx), timeoutMs)) }
      options.onResult?.(result, Date.now() - started)
      return result
    }),
  )
}

async function boundedVerdict(run: () => Verdict | Promise<Verdict>, timeoutMs: number): Promise<Verdict> {
  try {
    return await withTimeout(async () => run(), timeoutMs, 'doctor check')
  } catch (error) {
    if (error instanceof TimeoutError) {
      return {
        status: 'could-not-check',
        detail: `No answer within ${formatDuration(timeoutMs)} (offline, or a service that does not respond).`,
        fix: null,
      }
    }
    // A bug in the doctor is not a configuration failure.
    return {
      status: 'could-not-check',
      detail: `The doctor itself failed: ${error instanceof Error ? error.message : String(error)}.`,
      fix: null,
    }
  }
}
