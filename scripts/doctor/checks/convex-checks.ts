// Checks of the Convex deployment: its environment variables (read with the Convex CLI) and its webhook route.

import { parseConvexUrl, parsePublishableKey } from '../../../electron/shared/config-values.ts'
import { WEBHOOK_PATH } from '../app-facts.ts'
import type { ConvexEnv } from '../convex-env.ts'
import { localValue, type CheckDefinition, type DoctorContext } from '../context.ts'
import { couldNotCheck, fail, pass, skipped, type Verdict } from '../types.ts'

const NO_DEPLOYMENT = skipped(
  'No CONVEX_DEPLOYMENT in .env.local (nor CONVEX_DEPLOY_KEY in the environment), so the Convex CLI cannot tell ' +
    'which deployment to read.',
  'Run `npx convex dev` once; it writes CONVEX_DEPLOYMENT to .env.local.',
)

/** The deployment's variables, or the verdict every dependent check should give instead. */
async function deploymentEnv(
  ctx: DoctorContext,
): Promise<{ vars: Record<string, string> } | { verdict: Verdict }> {
  if (!ctx.convexEnv) return { verdict: NO_DEPLOYMENT }
  const env: ConvexEnv = await ctx.convexEnv()
  switch (env.kind) {
    case 'ok':
      return { vars: env.vars }
    case 'unreachable':
      return { verdict: couldNotCheck(`Could not reach the Convex deployment (offline?): ${env.reason}.`) }
    case 'not-configured':
      return { verdict: skipped(`Could not read the deployment's variables: ${env.reason}.`, env.fix) }
    case 'error':
      return { verdict: couldNotCheck(`Could not read the deployment's variables: ${env.reason}.`) }
  }
}

export async function checkConvexEnvReadable(ctx: DoctorContext): Promise<Verdict> {
  const env = await deploymentEnv(ctx)
  if ('verdict' in env) return env.verdict
  const count = Object.keys(env.vars).length
  return pass(`\`npx convex env list\` answered with ${count} variable${count === 1 ? '' : 's'}.`)
}

// Convex functions read their environment from the deployment, never from .env.local: a server variable
// found only locally is the classic "set it in the wrong place".
function localCopyNote(ctx: DoctorContext, name: string, deployed: string | undefined): string {
  const local = ctx.local.envLocal[name]
  if (local === undefined) return ''
  if (deployed === undefined) {
    return ` .env.local sets ${name}, but Convex functions never read .env.local: the value must be on the deployment.`
  }
  return local === deployed
    ? ` (.env.local also sets ${name}; Convex ignores it, so you can delete it.)`
    : ` .env.local sets a different ${name}, which Convex ignores; delete it to avoid confusion.`
}

const normalizeIssuer = (value: string) => value.trim().replace(/\/+$/, '').toLowerCase()

export async function checkIssuerDomain(ctx: DoctorContext): Promise<Verdict> {
  const key = parsePublishableKey(localValue(ctx, 'VITE_CLERK_PUBLISHABLE_KEY'))
  if (!key.ok) return skipped('Needs a valid VITE_CLERK_PUBLISHABLE_KEY to know the expected issuer.')
  const env = await deploymentEnv(ctx)
  if ('verdict' in env) return env.verdict
  const expected = `https://${key.frontendApiHost}`
  const actual = env.vars.CLERK_JWT_ISSUER_DOMAIN
  const note = localCopyNote(ctx, 'CLERK_JWT_ISSUER_DOMAIN', actual)
  const setIt = `Run \`npx convex env set CLERK_JWT_ISSUER_DOMAIN ${expected}\`.`
  if (actual === undefined || actual.trim() === '') {
    return fail(
      `CLERK_JWT_ISSUER_DOMAIN is not set on the Convex deployment, so Convex accepts no Clerk token.${note}`,
      setIt,
    )
  }
  if (!/^https:\/\//i.test(actual.trim())) {
    return fail(`CLERK_JWT_ISSUER_DOMAIN is "${actual}"; it must be a full https:// URL.${note}`, setIt)
  }
  if (normalizeIssuer(actual) !== normalizeIssuer(expected)) {
    return fail(
      `CLERK_JWT_ISSUER_DOMAIN is ${actual} but the publishable key belongs to ${expected}: Convex will reject ` +
        `every token the app sends (often a development key against a production deployment, or the reverse).${note}`,
      setIt,
    )
  }
  return pass(`CLERK_JWT_ISSUER_DOMAIN is ${expected}, the publishable key's Frontend API.${note}`)
}

/** Svix signing secrets are `whsec_` + base64 of the key bytes (24 bytes from Clerk). */
export function svixSecretProblem(value: string): string | null {
  const trimmed = value.trim()
  if (trimmed !== value) return 'it has spaces or a line break around it'
  if (!value.startsWith('whsec_'))
    return 'it does not start with whsec_ (copy the Signing Secret, not the endpoint id)'
  const body = value.slice('whsec_'.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0)
    return 'the part after whsec_ is not base64'
  if (Buffer.from(body, 'base64').length < 16) return 'it is too short to be a complete signing secret'
  return null
}

export async function checkWebhookSecret(ctx: DoctorContext): Promise<Verdict> {
  const env = await deploymentEnv(ctx)
  if ('verdict' in env) return env.verdict
  const secret = env.vars.CLERK_WEBHOOK_SECRET
  const note = localCopyNote(ctx, 'CLERK_WEBHOOK_SECRET', secret)
  const setIt =
    'In the Clerk Dashboard open Webhooks, select the endpoint, copy its Signing Secret and run ' +
    '`npx convex env set CLERK_WEBHOOK_SECRET whsec_...`.'
  if (secret === undefined || secret === '') {
    return fail(
      `CLERK_WEBHOOK_SECRET is not set on the Convex deployment, so every webhook is rejected.${note}`,
      setIt,
    )
  }
  const problem = svixSecretProblem(secret)
  if (problem)
    return fail(`CLERK_WEBHOOK_SECRET does not look like a Svix signing secret: ${problem}.${note}`, setIt)
  return pass(`CLERK_WEBHOOK_SECRET is set on the deployment and looks like a Svix signing secret.${note}`)
}

/**
 * CLERK_SECRET_KEY on the deployment lets `devices.signOutDevice` end another device's Clerk session. Optional:
 * without it everything else works and the Devices page says signing other devices out is not set up.
 */
export async function checkDeploymentSecretKey(ctx: DoctorContext): Promise<Verdict> {
  const env = await deploymentEnv(ctx)
  if ('verdict' in env) return env.verdict
  const secretKey = env.vars.CLERK_SECRET_KEY
  const setIt =
    'Clerk Dashboard → API keys → copy the Secret key, then `npx convex env set CLERK_SECRET_KEY sk_...`.'
  if (secretKey === undefined || secretKey === '') {
    return skipped(
      'CLERK_SECRET_KEY is not set on the Convex deployment: signing a device out from another one is off ' +
        '(everything else works).',
      setIt,
    )
  }
  const kind = /^sk_(test|live)_[A-Za-z0-9]+$/.exec(secretKey)?.[1]
  if (!kind)
    return fail(
      'CLERK_SECRET_KEY on the deployment is not a Clerk secret key (sk_test_... or sk_live_...).',
      setIt,
    )
  const publishableKey = localValue(ctx, 'VITE_CLERK_PUBLISHABLE_KEY')
  if (parsePublishableKey(publishableKey).ok && !publishableKey?.startsWith(`pk_${kind}_`)) {
    return fail(
      `CLERK_SECRET_KEY on the deployment is a ${kind} key, but the publishable key is not: they come from ` +
        'different Clerk instances, so Clerk would not know the sessions it is asked to end.',
      setIt,
    )
  }
  return pass(
    'CLERK_SECRET_KEY is set on the deployment: other devices can be signed out from the Devices page.',
  )
}

/** Our handler explains its refusals as `{ error }`; quoting it saves a trip to the logs. */
function serverSays(json: unknown): string {
  const error = json && typeof json === 'object' && 'error' in json ? json.error : null
  return typeof error === 'string' ? `: "${error.slice(0, 200)}"` : ''
}

export async function checkWebhookRoute(ctx: DoctorContext): Promise<Verdict> {
  const url = parseConvexUrl(localValue(ctx, 'VITE_CONVEX_URL'))
  if (!url.ok) return skipped('Needs a valid VITE_CONVEX_URL.')
  if (!url.siteUrl) {
    return skipped(
      'A local backend is not reachable by Clerk; webhooks need a cloud deployment (or a tunnel).',
    )
  }
  const endpoint = `${url.siteUrl}${WEBHOOK_PATH}`
  // An unsigned request must be refused: that proves the route exists without changing any data.
  const outcome = await ctx.http(`${ctx.convexSiteUrl(url.siteUrl)}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  })
  if (outcome.kind === 'unreachable')
    return couldNotCheck(`Could not reach ${endpoint} (offline?): ${outcome.reason}.`)
  const { status } = outcome
  if (status === 404) {
    return fail(
      `${endpoint} answered 404: the deployment has no HTTP action there.`,
      'Push the functions (keep `npx convex dev` running, or `npx convex deploy` for production) so convex/http.ts ' +
        `routes POST ${WEBHOOK_PATH}.`,
    )
  }
  if (status >= 200 && status < 300) {
    return fail(
      `${endpoint} accepted an unsigned request (HTTP ${status}): anyone could forge user events.`,
      'The webhook handler must verify the svix-id, svix-timestamp and svix-signature headers before doing anything.',
    )
  }
  if (status === 400 || status === 401 || status === 403) {
    return pass(`${endpoint} exists and refused an unsigned request (HTTP ${status}).`)
  }
  return fail(
    `${endpoint} answered HTTP ${status} to an unsigned request (expected 400 or 401)${serverSays(outcome.json)}.`,
    'Look at `npx convex logs` while running the doctor again; a 500 often means CLERK_WEBHOOK_SECRET is missing.',
  )
}

export const convexChecks: CheckDefinition[] = [
  {
    id: 'convex-env',
    group: 'convex',
    title: 'Convex CLI can read the deployment',
    run: checkConvexEnvReadable,
  },
  {
    id: 'convex-issuer',
    group: 'convex',
    title: "CLERK_JWT_ISSUER_DOMAIN matches the publishable key's instance",
    run: checkIssuerDomain,
  },
  {
    id: 'convex-webhook-secret',
    group: 'convex',
    title: 'CLERK_WEBHOOK_SECRET is set on the deployment',
    run: checkWebhookSecret,
  },
  {
    id: 'convex-clerk-secret-key',
    group: 'convex',
    title: 'CLERK_SECRET_KEY is set on the deployment (signing other devices out)',
    run: checkDeploymentSecretKey,
  },
  {
    id: 'convex-webhook-route',
    group: 'convex',
    title: `The deployment serves POST ${WEBHOOK_PATH}`,
    run: checkWebhookRoute,
  },
]
