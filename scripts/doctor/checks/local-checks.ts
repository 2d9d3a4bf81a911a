// Checks of what this machine's `.env.local` gives the app. No network.

import { parseConvexUrl, parsePublishableKey } from '../../../electron/shared/config-values.ts'
import { localValue, type CheckDefinition, type DoctorContext } from '../context.ts'
import { fail, pass, skipped, type Verdict } from '../types.ts'

export const FIRST_STEP_FIX =
  'Run `npm run dev` in the project folder: it starts Convex (a local backend without an account, or your cloud ' +
  'deployment after `npx convex dev --configure`) and writes CONVEX_DEPLOYMENT and VITE_CONVEX_URL to .env.local. ' +
  'Then run `npm run setup` with your Clerk secret key: it writes VITE_CLERK_PUBLISHABLE_KEY and configures Clerk ' +
  'and Convex.'

const PUBLISHABLE_KEY_FIX =
  'In the Clerk Dashboard open API keys, copy the Publishable key and put ' +
  'VITE_CLERK_PUBLISHABLE_KEY=pk_test_... in .env.local.'

export function checkEnvFile(ctx: DoctorContext): Verdict {
  if (ctx.local.readErrors.length > 0) {
    return fail(`Could not read ${ctx.local.readErrors.join('; ')}.`, 'Make .env.local a readable text file.')
  }
  if (!ctx.local.envLocalExists) {
    return fail(`There is no .env.local in ${ctx.local.root}: this looks like a fresh clone.`, FIRST_STEP_FIX)
  }
  return pass(`Found ${ctx.local.root}/.env.local.`)
}

export function checkConvexUrl(ctx: DoctorContext): Verdict {
  const entry = ctx.local.values.get('VITE_CONVEX_URL')
  const parsed = parseConvexUrl(entry?.value)
  if (!parsed.ok) {
    return fail(
      `${parsed.reason}.`,
      entry
        ? 'Set VITE_CONVEX_URL to the deployment URL that `npx convex dev` prints (https://<name>.convex.cloud).'
        : FIRST_STEP_FIX,
    )
  }
  return pass(
    parsed.kind === 'local'
      ? `VITE_CONVEX_URL is a local backend (${parsed.url}).`
      : `VITE_CONVEX_URL is ${parsed.url} (from ${entry?.source}).`,
  )
}

/** `npx convex dev` writes `CONVEX_DEPLOYMENT=dev:<name>`; the app talks to VITE_CONVEX_URL. They must agree. */
export function checkDeploymentMatchesUrl(ctx: DoctorContext): Verdict {
  const deployment = localValue(ctx, 'CONVEX_DEPLOYMENT')
  const url = parseConvexUrl(localValue(ctx, 'VITE_CONVEX_URL'))
  if (!deployment) return skipped('CONVEX_DEPLOYMENT is not set (`npx convex dev` writes it).')
  if (!url.ok) return skipped('VITE_CONVEX_URL is not valid (see above).')
  if (url.kind === 'local') return skipped('VITE_CONVEX_URL is a local backend; nothing to compare.')
  const match = /^(?:[a-z-]+:)?([a-z0-9-]+)$/.exec(deployment.trim())
  const urlName = new URL(url.url).hostname.split('.')[0]
  if (!match) {
    return fail(
      `CONVEX_DEPLOYMENT=${deployment} is not in the form dev:<deployment-name>.`,
      'Run `npx convex dev` to rewrite CONVEX_DEPLOYMENT in .env.local.',
    )
  }
  if (match[1] !== urlName) {
    return fail(
      `CONVEX_DEPLOYMENT names "${match[1]}" but VITE_CONVEX_URL points at "${urlName}": the CLI (and this doctor) ` +
        'read one deployment while the app talks to another.',
      `Make them name the same deployment: run \`npx convex dev\` (it rewrites both), or set VITE_CONVEX_URL=https://${match[1]}.convex.cloud.`,
    )
  }
  return pass(`CONVEX_DEPLOYMENT and VITE_CONVEX_URL both name "${urlName}".`)
}

export function checkPublishableKey(ctx: DoctorContext): Verdict {
  const entry = ctx.local.values.get('VITE_CLERK_PUBLISHABLE_KEY')
  const parsed = parsePublishableKey(entry?.value)
  if (!parsed.ok) return fail(`${parsed.reason}.`, PUBLISHABLE_KEY_FIX)
  return pass(
    `A ${parsed.instance === 'test' ? 'development (pk_test)' : 'production (pk_live)'} key for the Frontend API ` +
      `https://${parsed.frontendApiHost} (from ${entry?.source}).`,
  )
}

// Anything named VITE_* is inlined into the renderer bundle, which every user can read.
const SECRET_VALUE = /^(sk_(test|live)_|whsec_)/
const SECRET_NAME = /SECRET|PRIVATE|DEPLOY_KEY/i

export function checkNoSecretsInRenderer(ctx: DoctorContext): Verdict {
  const leaks = [...ctx.local.values.entries()]
    .filter(
      ([name, { value }]) =>
        name.startsWith('VITE_') && (SECRET_VALUE.test(value.trim()) || SECRET_NAME.test(name)),
    )
    .map(([name, { source }]) => `${name} (from ${source})`)
  if (leaks.length > 0) {
    return fail(
      `${leaks.join(', ')} would be built into the renderer, where anyone who has the app can read it.`,
      'Remove the VITE_ variable, then rotate that secret (Clerk Dashboard: API keys or Webhooks). Server secrets ' +
        'belong in the Convex deployment (`npx convex env set NAME value`); CLERK_SECRET_KEY only in your shell ' +
        'when you run the doctor.',
    )
  }
  return pass('No VITE_ variable holds a secret key or webhook secret.')
}

export const localChecks: CheckDefinition[] = [
  { id: 'env-file', group: 'local', title: '.env.local exists', run: checkEnvFile },
  {
    id: 'convex-url',
    group: 'local',
    title: 'VITE_CONVEX_URL is a Convex deployment URL',
    run: checkConvexUrl,
  },
  {
    id: 'convex-deployment-match',
    group: 'local',
    title: 'CONVEX_DEPLOYMENT and VITE_CONVEX_URL name the same deployment',
    run: checkDeploymentMatchesUrl,
  },
  {
    id: 'publishable-key',
    group: 'local',
    title: 'VITE_CLERK_PUBLISHABLE_KEY encodes a Clerk Frontend API host',
    run: checkPublishableKey,
  },
  {
    id: 'no-secrets-in-renderer',
    group: 'local',
    title: 'No secrets in VITE_ variables',
    run: checkNoSecretsInRenderer,
  },
]
