// Checks of the Clerk instance through its Backend API (needs CLERK_SECRET_KEY) and Frontend API (public).

import { parseConvexUrl, parsePublishableKey } from '../../../electron/shared/config-values.ts'
import { JWT_AUDIENCE, JWT_CLAIMS, JWT_TEMPLATE_NAME, WEBHOOK_EVENTS, WEBHOOK_PATH } from '../app-facts.ts'
import {
  parseDomains,
  parseInstance,
  parseJwtTemplates,
  parseRedirectUrls,
  type ClerkApiResult,
  type ClerkInstance,
} from '../clerk-api.ts'
import { localValue, type CheckDefinition, type DoctorContext } from '../context.ts'
import { couldNotCheck, fail, pass, skipped, type Verdict } from '../types.ts'

const NEEDS_SECRET_KEY = skipped(
  'Needs CLERK_SECRET_KEY to read the Clerk instance (not set).',
  'Run the doctor with the secret key from the Clerk Dashboard (API keys) in the environment: ' +
    '`CLERK_SECRET_KEY=sk_test_... npm run doctor`.',
)

const DASHBOARD = 'https://dashboard.clerk.com/last-active?path='

/** Reads one Backend API endpoint, or returns the verdict a check should give when it cannot. */
async function readClerk<T>(
  ctx: DoctorContext,
  path: string,
  parse: (json: unknown) => T | null,
): Promise<{ data: T } | { verdict: Verdict }> {
  if (!ctx.clerk) return { verdict: NEEDS_SECRET_KEY }
  const result: ClerkApiResult = await ctx.clerk.backend.get(path)
  switch (result.kind) {
    case 'unreachable':
      return { verdict: couldNotCheck(`Could not reach Clerk's Backend API (offline?): ${result.reason}.`) }
    case 'rejected':
      return {
        verdict: skipped(`Clerk refused CLERK_SECRET_KEY (HTTP ${result.status}); see the secret key check.`),
      }
    case 'http-error':
      return { verdict: couldNotCheck(`GET ${path} failed with HTTP ${result.status}: ${result.message}.`) }
    case 'ok': {
      const data = parse(result.json)
      if (data === null)
        return { verdict: couldNotCheck(`GET ${path} answered in a shape the doctor does not know.`) }
      return { data }
    }
  }
}

export async function checkSecretKey(ctx: DoctorContext): Promise<Verdict> {
  if (!ctx.clerk) return NEEDS_SECRET_KEY
  const { secretKey, source } = ctx.clerk
  const fix =
    'Copy the Secret key from the Clerk Dashboard (API keys) of the same instance as the publishable key.'
  const prefix = /^sk_(test|live)_[A-Za-z0-9]+$/.exec(secretKey.trim())
  if (!prefix) {
    return fail(
      `CLERK_SECRET_KEY (from ${source}) is not a Clerk secret key (sk_test_... or sk_live_...).`,
      fix,
    )
  }
  const key = parsePublishableKey(localValue(ctx, 'VITE_CLERK_PUBLISHABLE_KEY'))
  if (key.ok && key.instance !== prefix[1]) {
    return fail(
      `CLERK_SECRET_KEY is a ${prefix[1]} key but VITE_CLERK_PUBLISHABLE_KEY is a ${key.instance} key.`,
      fix,
    )
  }
  const result = await ctx.clerk.backend.get('/instance')
  if (result.kind === 'rejected') {
    return fail(`Clerk refused CLERK_SECRET_KEY (HTTP ${result.status}: ${result.message}).`, fix)
  }
  const instance = await readClerk(ctx, '/instance', parseInstance)
  if ('verdict' in instance) return instance.verdict
  return pass(`Clerk accepted the key: ${instance.data.environmentType} instance ${instance.data.id}.`)
}

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).host.toLowerCase()
  } catch {
    return null
  }
}

export async function checkSameInstance(ctx: DoctorContext): Promise<Verdict> {
  const key = parsePublishableKey(localValue(ctx, 'VITE_CLERK_PUBLISHABLE_KEY'))
  if (!key.ok) return skipped('Needs a valid VITE_CLERK_PUBLISHABLE_KEY.')
  const domains = await readClerk(ctx, '/domains', parseDomains)
  if ('verdict' in domains) return domains.verdict
  const hosts = domains.data.map((d) => hostOf(d.frontendApiUrl)).filter((h): h is string => h !== null)
  if (!hosts.includes(key.frontendApiHost)) {
    return fail(
      `The secret key's instance serves ${hosts.join(', ') || 'no Frontend API'}, but the publishable key points at ` +
        `${key.frontendApiHost}: the two keys come from different Clerk instances or applications.`,
      'Copy both keys from the same page of the Clerk Dashboard (API keys), with the right application and ' +
        'Development/Production selected.',
    )
  }
  return pass(`The secret key and the publishable key belong to the same instance (${key.frontendApiHost}).`)
}

export async function checkJwtTemplate(ctx: DoctorContext): Promise<Verdict> {
  const templates = await readClerk(ctx, '/jwt_templates', parseJwtTemplates)
  if ('verdict' in templates) return templates.verdict
  const template = templates.data.find((t) => t.name === JWT_TEMPLATE_NAME)
  const claimsList = JWT_CLAIMS.join(', ')
  if (!template) {
    // Clerk's Convex integration puts aud=convex into the session token instead of a template; the Backend API
    // does not expose session-token settings, so its absence cannot be proven from here.
    return couldNotCheck(
      `There is no JWT template named "${JWT_TEMPLATE_NAME}" (found: ${templates.data.map((t) => t.name).join(', ') || 'none'}). ` +
        "That is fine only if Clerk's Convex integration is active, which the Backend API cannot show.",
      `Either activate the Convex integration (${DASHBOARD}integrations) and map the claims ${claimsList} under ` +
        `Sessions > Customize session token, or create a JWT template from the Convex preset named exactly ` +
        `"${JWT_TEMPLATE_NAME}" (${DASHBOARD}jwt-templates).`,
    )
  }
  const problems: string[] = []
  const aud = template.claims.aud
  const audiences = Array.isArray(aud) ? aud : [aud]
  if (!audiences.includes(JWT_AUDIENCE)) {
    problems.push(
      `"aud" is ${aud === undefined ? 'missing' : JSON.stringify(aud)} (Convex requires "${JWT_AUDIENCE}")`,
    )
  }
  const missing = JWT_CLAIMS.filter((claim) => !(claim in template.claims))
  if (missing.length > 0) problems.push(`claims the app reads are not mapped: ${missing.join(', ')}`)
  if (problems.length > 0) {
    return fail(
      `The "${JWT_TEMPLATE_NAME}" JWT template is incomplete: ${problems.join('; ')}.`,
      `Edit the template (${DASHBOARD}jwt-templates): set "aud": "${JWT_AUDIENCE}" and map ${claimsList} ` +
        '(the Convex preset maps them all).',
    )
  }
  return pass(`The "${JWT_TEMPLATE_NAME}" JWT template has aud "${JWT_AUDIENCE}" and maps ${claimsList}.`)
}

/** Origins and redirect a given instance must allow: a production instance serves packaged builds. */
function expectedFor(ctx: DoctorContext, instance: ClerkInstance) {
  const production = instance.environmentType === 'production'
  return production
    ? { kind: 'production', origins: [ctx.app.productionOrigin], redirect: ctx.app.productionRedirectUrl }
    : {
        kind: 'development',
        origins: [ctx.app.developmentOrigin, ctx.app.devServerOrigin],
        redirect: ctx.app.developmentRedirectUrl,
      }
}

export async function checkAllowedOrigins(ctx: DoctorContext): Promise<Verdict> {
  const instance = await readClerk(ctx, '/instance', parseInstance)
  if ('verdict' in instance) return instance.verdict
  const expected = expectedFor(ctx, instance.data)
  const allowed = new Set(instance.data.allowedOrigins.map((o) => o.replace(/\/+$/, '').toLowerCase()))
  const missing = expected.origins.filter((origin) => !allowed.has(origin))
  if (missing.length > 0) {
    const all = [...new Set([...instance.data.allowedOrigins, ...missing])]
    return fail(
      `The ${expected.kind} instance does not allow ${missing.join(' and ')}: Clerk's Frontend API rejects requests ` +
        `from the app's renderer (allowed now: ${instance.data.allowedOrigins.join(', ') || 'none'}).`,
      'Allowed origins are set through the Backend API (PATCH replaces the whole list): ' +
        `\`curl -X PATCH https://api.clerk.com/v1/instance -H "Authorization: Bearer $CLERK_SECRET_KEY" ` +
        `-H "Content-Type: application/json" -d '${JSON.stringify({ allowed_origins: all })}'\``,
    )
  }
  return pass(`The ${expected.kind} instance allows ${expected.origins.join(' and ')}.`)
}

export async function checkRedirectUrls(ctx: DoctorContext): Promise<Verdict> {
  const instance = await readClerk(ctx, '/instance', parseInstance)
  if ('verdict' in instance) return instance.verdict
  const urls = await readClerk(ctx, '/redirect_urls?paginated=true&limit=500', parseRedirectUrls)
  if ('verdict' in urls) return urls.verdict
  const { redirect, kind } = expectedFor(ctx, instance.data)
  if (!urls.data.includes(redirect)) {
    return fail(
      `The ${kind} instance's redirect allowlist lacks ${redirect}, where @clerk/electron sends OAuth sign-ins ` +
        `back (allowlist now: ${urls.data.join(', ') || 'empty'}).`,
      `Add it in the Clerk Dashboard (${DASHBOARD}native-applications, "Allowlist for mobile SSO redirect") or ` +
        `\`curl -X POST https://api.clerk.com/v1/redirect_urls -H "Authorization: Bearer $CLERK_SECRET_KEY" ` +
        `-H "Content-Type: application/json" -d '{"url":"${redirect}"}'\``,
    )
  }
  return pass(`The redirect allowlist contains ${redirect}.`)
}

/**
 * The Native API toggle is visible without any secret in the Frontend API's environment
 * (`auth_config.native_settings.api_enabled`). Older instances omit it; then a native request tells.
 */
export async function checkNativeApi(ctx: DoctorContext): Promise<Verdict> {
  const key = parsePublishableKey(localValue(ctx, 'VITE_CLERK_PUBLISHABLE_KEY'))
  if (!key.ok) return skipped('Needs a valid VITE_CLERK_PUBLISHABLE_KEY.')
  const base = ctx.frontendApiUrl(key.frontendApiHost)
  const enable = `Enable it in the Clerk Dashboard (${DASHBOARD}native-applications): @clerk/electron talks to Clerk as a native client.`
  const environment = await ctx.http(`${base}/v1/environment`)
  if (environment.kind === 'unreachable') {
    return couldNotCheck(
      `Could not reach the Frontend API ${key.frontendApiHost} (offline?): ${environment.reason}.`,
    )
  }
  const json = environment.json as {
    auth_config?: { native_settings?: { api_enabled?: unknown } | null }
  } | null
  const enabled = json?.auth_config?.native_settings?.api_enabled
  if (environment.status === 200 && enabled === false) return fail('The Native API is disabled.', enable)
  if (environment.status === 200 && enabled === true) return pass('The Native API is enabled.')

  const probe = await ctx.http(`${base}/v1/client?_is_native=1`)
  if (probe.kind === 'unreachable') {
    return couldNotCheck(
      `Could not reach the Frontend API ${key.frontendApiHost} (offline?): ${probe.reason}.`,
    )
  }
  const errors = (probe.json as { errors?: { code?: unknown }[] } | null)?.errors ?? []
  if (errors.some((e) => e?.code === 'native_api_disabled')) {
    return fail('The Frontend API refused a native request with native_api_disabled.', enable)
  }
  if (probe.status >= 200 && probe.status < 300) return pass('The Frontend API accepted a native request.')
  return couldNotCheck(
    `The Frontend API answered HTTP ${probe.status} to a native request; the doctor cannot tell.`,
  )
}

export function checkWebhookEndpoint(ctx: DoctorContext): Verdict {
  const url = parseConvexUrl(localValue(ctx, 'VITE_CONVEX_URL'))
  if (!url.ok) return skipped('Needs a valid VITE_CONVEX_URL to know the endpoint URL.')
  if (!url.siteUrl) return skipped('A local backend cannot receive Clerk webhooks.')
  const endpoint = `${url.siteUrl}${WEBHOOK_PATH}`
  // Clerk keeps webhook endpoints in Svix. The Backend API can create the Svix app and a one-time dashboard
  // link (POST /webhooks/svix, /webhooks/svix_url) but cannot list endpoints or their event filters.
  return couldNotCheck(
    'Clerk stores webhook endpoints in Svix and its Backend API cannot list them, so this needs a look by hand.',
    `In the Clerk Dashboard (${DASHBOARD}webhooks) make sure an endpoint points at ${endpoint} and subscribes to ` +
      `${WEBHOOK_EVENTS.join(', ')}; its Signing Secret must equal CLERK_WEBHOOK_SECRET on the Convex deployment. ` +
      'The endpoint\'s "Testing" tab can send a user.created event; a user row should then appear in Convex.',
  )
}

export const clerkChecks: CheckDefinition[] = [
  { id: 'clerk-secret-key', group: 'clerk', title: 'CLERK_SECRET_KEY works', run: checkSecretKey },
  {
    id: 'clerk-same-instance',
    group: 'clerk',
    title: 'Secret and publishable keys belong to one instance',
    run: checkSameInstance,
  },
  {
    id: 'clerk-jwt-template',
    group: 'clerk',
    title: `JWT template "${JWT_TEMPLATE_NAME}" (or the Convex integration)`,
    run: checkJwtTemplate,
  },
  { id: 'clerk-native-api', group: 'clerk', title: 'Native API is enabled', run: checkNativeApi },
  {
    id: 'clerk-allowed-origins',
    group: 'clerk',
    title: "Allowed origins include the app's renderer",
    run: checkAllowedOrigins,
  },
  {
    id: 'clerk-redirect-urls',
    group: 'clerk',
    title: 'Redirect allowlist includes the OAuth callback',
    run: checkRedirectUrls,
  },
  {
    id: 'clerk-webhook-endpoint',
    group: 'clerk',
    title: `Webhook endpoint ${WEBHOOK_PATH} with user events`,
    run: checkWebhookEndpoint,
  },
]
