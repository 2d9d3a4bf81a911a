// Refuses to build (or start `electron-vite dev`) when a value that would be compiled into the app is wrong: a
// secret anywhere in VITE_*/MAIN_VITE_*/PRELOAD_VITE_*/RENDERER_VITE_*, a malformed publishable key, or a
// VITE_CONVEX_URL that is not a deployment URL (the `.convex.site` HTTP-actions host is the classic mix-up).
// Every such value is public by design: it ends up in out/ and in app.asar, readable by anyone with the app.
// Called at the top of electron.vite.config.ts, so it runs before anything is bundled. Unset values are fine:
// the app then shows its setup screen (that is how a fresh clone starts).

import { parseConvexUrl, parsePublishableKey } from '../../electron/shared/config-values.ts'

export interface PublicValueProblem {
  name: string
  reason: string
}

/** Prefixes electron-vite exposes to one of the three bundles (and our main config adds two names). */
export const PUBLIC_PREFIXES = ['VITE_', 'MAIN_VITE_', 'PRELOAD_VITE_', 'RENDERER_VITE_'] as const

// Clerk secret keys, Svix (webhook) signing secrets, Convex deploy keys ("prod:name|key", "dev:name|key").
const SECRET_VALUES: [RegExp, string][] = [
  [/^sk_(test|live)_/, 'holds a Clerk secret key (sk_...)'],
  [/^whsec_/, 'holds a webhook signing secret (whsec_...)'],
  [/^(prod|dev|preview|project):[a-z0-9-]+\|/, 'holds a Convex deploy key'],
]

export function publicEnvProblems(env: Record<string, string | undefined>): PublicValueProblem[] {
  const problems: PublicValueProblem[] = []
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !PUBLIC_PREFIXES.some((prefix) => name.startsWith(prefix))) continue
    const value = raw.trim()
    const secret = SECRET_VALUES.find(([pattern]) => pattern.test(value))
    if (secret) {
      problems.push({ name, reason: `${secret[1]}, which would be readable by anyone who has the app` })
    }
  }
  const secretNames = new Set(problems.map((p) => p.name))
  const key = env.VITE_CLERK_PUBLISHABLE_KEY?.trim()
  if (key && !secretNames.has('VITE_CLERK_PUBLISHABLE_KEY')) {
    const parsed = parsePublishableKey(key)
    if (!parsed.ok) problems.push({ name: 'VITE_CLERK_PUBLISHABLE_KEY', reason: withoutName(parsed.reason) })
  }
  const url = env.VITE_CONVEX_URL?.trim()
  if (url && !secretNames.has('VITE_CONVEX_URL')) {
    const parsed = parseConvexUrl(url)
    if (!parsed.ok) problems.push({ name: 'VITE_CONVEX_URL', reason: withoutName(parsed.reason) })
  }
  return problems
}

// The parsers' reasons start with the variable's name; the report puts the name first already.
const withoutName = (reason: string) => reason.replace(/^VITE_[A-Z_]+ /, '')

export function formatProblems(problems: PublicValueProblem[], sourceOf: (name: string) => string): string {
  return [
    'Harbor: not building, because these values would be compiled into the app:',
    ...problems.map((p) => `  ${p.name} (${sourceOf(p.name)}) ${p.reason}.`),
    'Fix them in .env.local (or your shell) and run the command again. Server secrets belong in the Convex ' +
      'deployment (`npx convex env set NAME value`, or `npm run setup`); rotate any secret that was there.',
  ].join('\n')
}

/** Prints the problems and exits 1; returns when every public value is acceptable. */
export function refuseBadPublicValues(env: Record<string, string | undefined>): void {
  const problems = publicEnvProblems(env)
  if (problems.length === 0) return
  const sourceOf = (name: string) =>
    process.env[name] !== undefined ? 'from your environment' : 'from an .env file'
  process.stderr.write(`\n${formatProblems(problems, sourceOf)}\n\n`)
  // Not a thrown error: electron-vite would wrap it in "failed to load config" and a stack trace.
  process.exit(1)
}
