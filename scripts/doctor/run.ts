// Runs every check against one context and wires the real I/O for the command line.

import { appFacts } from './app-facts.ts'
import { clerkChecks } from './checks/clerk-checks.ts'
import { convexChecks } from './checks/convex-checks.ts'
import { localChecks } from './checks/local-checks.ts'
import { createClerkBackend, DEFAULT_CLERK_API_URL } from './clerk-api.ts'
import { type CheckDefinition, type DoctorContext, memoize } from './context.ts'
import { readConvexEnv, type CommandRunner } from './convex-env.ts'
import type { HttpClient } from './http.ts'
import { loadLocalConfig, type ReadTextFile } from './local-config.ts'
import type { CheckResult } from './types.ts'

export const allChecks: CheckDefinition[] = [...localChecks, ...convexChecks, ...clerkChecks]

export interface DoctorIo {
  root: string
  environment: Record<string, string | undefined>
  readFile: ReadTextFile
  runCommand: CommandRunner
  http: HttpClient
  convexTimeoutMs?: number
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
    app: appFacts(value('MAIN_VITE_APP_SCHEME')?.value),
    convexEnv: knowsDeployment
      ? memoize(() => readConvexEnv(io.runCommand, io.root, io.convexTimeoutMs))
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

export async function runChecks(
  ctx: DoctorContext,
  checks: CheckDefinition[] = allChecks,
): Promise<CheckResult[]> {
  // Checks share memoized readers, so running them together makes each request once.
  return Promise.all(
    checks.map(async ({ id, group, title, run }): Promise<CheckResult> => {
      try {
        return { id, group, title, ...(await run(ctx)) }
      } catch (error) {
        // A bug in the doctor is not a configuration failure.
        return {
          id,
          group,
          title,
          status: 'could-not-check',
          detail: `The doctor itself failed: ${error instanceof Error ? error.message : String(error)}.`,
          fix: null,
        }
      }
    }),
  )
}
