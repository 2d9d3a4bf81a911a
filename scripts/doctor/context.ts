// Everything a check may read, with all I/O behind injectable functions so tests can run every check against
// fixtures (temp folders, a local HTTP server, a stand-in for the Convex CLI).

import type { AppFacts } from './app-facts.ts'
import type { MachineFacts } from './checks/machine-checks.ts'
import type { ClerkBackend } from './clerk-api.ts'
import type { ConvexEnv } from './convex-env.ts'
import type { HttpClient } from './http.ts'
import type { LocalConfig, ValueSource } from './local-config.ts'
import type { CheckGroup, Verdict } from './types.ts'

export interface DoctorContext {
  local: LocalConfig
  machine: MachineFacts
  app: AppFacts
  /** Memoized; null when nothing tells the Convex CLI which deployment to read (no CONVEX_DEPLOYMENT). */
  convexEnv: (() => Promise<ConvexEnv>) | null
  /** Null when CLERK_SECRET_KEY is not set. */
  clerk: { backend: ClerkBackend; secretKey: string; source: ValueSource } | null
  http: HttpClient
  /** `https://<frontend api host>` in real runs; a local server in tests. */
  frontendApiUrl: (host: string) => string
  /** The deployment's `.convex.site` origin in real runs; a local server in tests. */
  convexSiteUrl: (siteUrl: string) => string
}

export interface CheckDefinition {
  id: string
  group: CheckGroup
  title: string
  run: (ctx: DoctorContext) => Verdict | Promise<Verdict>
}

export const localValue = (ctx: DoctorContext, name: string): string | undefined =>
  ctx.local.values.get(name)?.value

export function memoize<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null
  return () => (pending ??= load())
}
