// The two public configuration values, read from the build's environment at start (the main process checks the
// same values with the same parsers, electron/shared/config-values.ts, for its CSP). Anything wrong becomes a list of problems the setup screen
// names one by one; the rest of the app only ever sees a valid configuration.
import { parseConvexUrl, parsePublishableKey } from '../../../electron/shared/config-values'

export interface ConfigProblem {
  variable: 'VITE_CLERK_PUBLISHABLE_KEY' | 'VITE_CONVEX_URL'
  reason: string
  fix: string
}

export type AppConfig =
  | { ok: true; publishableKey: string; frontendApiHost: string; convexUrl: string }
  | { ok: false; problems: ConfigProblem[] }

const FIX = {
  VITE_CLERK_PUBLISHABLE_KEY:
    'Copy the publishable key (pk_test_… or pk_live_…) from the Clerk Dashboard, under Configure → API keys.',
  VITE_CONVEX_URL:
    'Run “npx convex dev” once: it writes the deployment URL (https://<name>.convex.cloud) into .env.local.',
} as const

export function readConfig(env: Record<string, unknown>): AppConfig {
  const rawKey =
    typeof env.VITE_CLERK_PUBLISHABLE_KEY === 'string' ? env.VITE_CLERK_PUBLISHABLE_KEY : undefined
  const rawUrl = typeof env.VITE_CONVEX_URL === 'string' ? env.VITE_CONVEX_URL : undefined
  const key = parsePublishableKey(rawKey)
  const url = parseConvexUrl(rawUrl)
  const problems: ConfigProblem[] = []
  if (!key.ok)
    problems.push({
      variable: 'VITE_CLERK_PUBLISHABLE_KEY',
      reason: key.reason,
      fix: FIX.VITE_CLERK_PUBLISHABLE_KEY,
    })
  if (!url.ok) problems.push({ variable: 'VITE_CONVEX_URL', reason: url.reason, fix: FIX.VITE_CONVEX_URL })
  if (!key.ok || !url.ok) return { ok: false, problems }
  return {
    ok: true,
    publishableKey: (rawKey ?? '').trim(),
    frontendApiHost: key.frontendApiHost,
    convexUrl: url.url,
  }
}
