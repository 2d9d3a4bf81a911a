// What `npm run setup` would change, decided from what it read (pure: no I/O, so every case is testable).
// Each step is either already right (`ok`), a change with the exact action to make, a problem it cannot fix
// itself, or a manual step for something only Clerk's dashboard can do.

import { parseConvexUrl, parsePublishableKey } from '../../electron/shared/config-values.ts'
import {
  CLAIM_MAPPINGS,
  JWT_AUDIENCE,
  JWT_TEMPLATE_NAME,
  WEBHOOK_EVENTS,
  WEBHOOK_PATH,
  type AppFacts,
} from '../doctor/app-facts.ts'
import { svixSecretProblem } from '../doctor/checks/convex-checks.ts'
import type { ClerkDomain, ClerkInstance, ClerkJwtTemplate } from '../doctor/clerk-api.ts'
import type { ConvexEnv } from '../doctor/convex-env.ts'

export type Area = 'clerk' | 'convex' | 'local' | 'manual'

export type Action =
  | { kind: 'clerk'; method: 'POST' | 'PATCH'; path: string; body: unknown }
  /** Value travels on stdin; `secret` values are never printed. */
  | { kind: 'convex-env'; name: string; value: string; secret: boolean }
  | { kind: 'env-local'; name: string; value: string }

export type Step =
  | { area: Area; status: 'ok'; title: string; detail: string }
  | { area: Area; status: 'change'; title: string; detail: string; action: Action }
  | { area: Area; status: 'problem'; title: string; detail: string }
  | { area: Area; status: 'manual'; title: string; detail: string }

export interface SetupFacts {
  app: AppFacts
  instance: ClerkInstance
  domains: ClerkDomain[]
  templates: ClerkJwtTemplate[]
  redirectUrls: string[]
  secretKey: string
  /** CLERK_WEBHOOK_SECRET given to setup (environment or .env.local), if any. */
  webhookSecret: string | undefined
  /** null: no CONVEX_DEPLOYMENT (nor deploy key), so the CLI was not run. */
  convexEnv: ConvexEnv | null
  /** VITE_CLERK_PUBLISHABLE_KEY as the app will see it, and where from. */
  publishableKey: { value: string; source: string } | undefined
  convexUrl: string | undefined
}

const DASHBOARD = 'https://dashboard.clerk.com/last-active?path='

/** Development instances also serve a locally packaged build (`npm run dist` with a pk_test key). */
export function expectedClerkUrls(app: AppFacts, production: boolean) {
  return production
    ? { origins: [app.productionOrigin], redirects: [app.productionRedirectUrl] }
    : {
        origins: [app.developmentOrigin, app.devServerOrigin, app.productionOrigin],
        redirects: [app.developmentRedirectUrl, app.productionRedirectUrl],
      }
}

const normalizeOrigin = (origin: string) => origin.trim().replace(/\/+$/, '').toLowerCase()

/** The instance's own Frontend API (not a satellite): the issuer of its tokens and the publishable key's host. */
export function frontendApiOf(domains: ClerkDomain[]): string | null {
  const primary = domains.find((d) => !d.isSatellite) ?? domains[0]
  return primary ? primary.frontendApiUrl.replace(/\/+$/, '') : null
}

export function publishableKeyFor(frontendApiUrl: string, production: boolean): string {
  const host = new URL(frontendApiUrl).host
  return `pk_${production ? 'live' : 'test'}_${Buffer.from(`${host}$`).toString('base64')}`
}

export function planSetup(facts: SetupFacts): Step[] {
  const production = facts.instance.environmentType === 'production'
  const steps: Step[] = []
  const expected = expectedClerkUrls(facts.app, production)

  // Allowed origins: PATCH /instance replaces the whole list, so send what is there plus what is missing.
  const allowed = facts.instance.allowedOrigins
  const have = new Set(allowed.map(normalizeOrigin))
  const missingOrigins = expected.origins.filter((o) => !have.has(normalizeOrigin(o)))
  if (missingOrigins.length === 0) {
    steps.push({
      area: 'clerk',
      status: 'ok',
      title: 'Allowed origins',
      detail: `include ${expected.origins.join(', ')}`,
    })
  } else {
    steps.push({
      area: 'clerk',
      status: 'change',
      title: 'Allowed origins',
      detail: `add ${missingOrigins.join(', ')}${allowed.length ? ` (keeping ${allowed.join(', ')})` : ''}`,
      action: {
        kind: 'clerk',
        method: 'PATCH',
        path: '/instance',
        body: { allowed_origins: [...allowed, ...missingOrigins] },
      },
    })
  }

  for (const url of expected.redirects) {
    steps.push(
      facts.redirectUrls.includes(url)
        ? {
            area: 'clerk',
            status: 'ok',
            title: `Redirect URL ${url}`,
            detail: 'allowed (OAuth returns to the app here)',
          }
        : {
            area: 'clerk',
            status: 'change',
            title: `Redirect URL ${url}`,
            detail: 'allow it (OAuth sign-ins return to the app through this deep link)',
            action: { kind: 'clerk', method: 'POST', path: '/redirect_urls', body: { url } },
          },
    )
  }

  steps.push(templateStep(facts.templates))

  const frontendApi = frontendApiOf(facts.domains)
  steps.push(...convexSteps(facts, frontendApi))
  steps.push(...localSteps(facts, frontendApi, production))
  steps.push(...manualSteps(facts))
  return steps
}

function templateStep(templates: ClerkJwtTemplate[]): Step {
  const template = templates.find((t) => t.name === JWT_TEMPLATE_NAME)
  const title = `JWT template "${JWT_TEMPLATE_NAME}"`
  if (!template) {
    return {
      area: 'clerk',
      status: 'change',
      title,
      detail: `create it with aud "${JWT_AUDIENCE}" and the claims ${Object.keys(CLAIM_MAPPINGS).join(', ')}`,
      action: {
        kind: 'clerk',
        method: 'POST',
        path: '/jwt_templates',
        body: { name: JWT_TEMPLATE_NAME, claims: { aud: JWT_AUDIENCE, ...CLAIM_MAPPINGS } },
      },
    }
  }
  const aud = template.claims.aud
  const audOk = aud === JWT_AUDIENCE || (Array.isArray(aud) && aud.includes(JWT_AUDIENCE))
  const missing = Object.keys(CLAIM_MAPPINGS).filter((claim) => !(claim in template.claims))
  if (audOk && missing.length === 0) {
    return {
      area: 'clerk',
      status: 'ok',
      title,
      detail: `has aud "${JWT_AUDIENCE}" and every claim the app reads`,
    }
  }
  // Claims the user mapped themselves are kept; only aud and the missing mappings change.
  const claims: Record<string, unknown> = { ...template.claims, aud: JWT_AUDIENCE }
  for (const claim of missing) claims[claim] = CLAIM_MAPPINGS[claim as keyof typeof CLAIM_MAPPINGS]
  const changes = [
    ...(audOk ? [] : [`set aud to "${JWT_AUDIENCE}"`]),
    ...(missing.length ? [`map ${missing.join(', ')}`] : []),
  ]
  return {
    area: 'clerk',
    status: 'change',
    title,
    detail: changes.join('; '),
    action: {
      kind: 'clerk',
      method: 'PATCH',
      path: `/jwt_templates/${encodeURIComponent(template.id)}`,
      body: {
        name: template.name,
        claims,
        ...(template.lifetime === null ? {} : { lifetime: template.lifetime }),
        ...(template.allowedClockSkew === null ? {} : { allowed_clock_skew: template.allowedClockSkew }),
      },
    },
  }
}

function convexSteps(facts: SetupFacts, frontendApi: string | null): Step[] {
  const env = facts.convexEnv
  if (env === null) {
    return [
      {
        area: 'convex',
        status: 'problem',
        title: 'Convex deployment',
        detail:
          'there is none yet (no CONVEX_DEPLOYMENT in .env.local). Run `npm run dev` once (it starts Convex and writes ' +
          'it), then `npm run setup` again to set CLERK_JWT_ISSUER_DOMAIN and CLERK_SECRET_KEY there.',
      },
    ]
  }
  if (env.kind !== 'ok') {
    const fix =
      env.kind === 'not-configured'
        ? ` ${env.fix}`
        : ' For a local backend, keep `npm run dev` running while you run setup.'
    return [
      {
        area: 'convex',
        status: 'problem',
        title: 'Convex deployment',
        detail: `could not read its variables: ${env.reason}.${fix}`,
      },
    ]
  }
  const steps: Step[] = []
  const variable = (name: string, value: string, secret: boolean, why: string) => {
    const current = env.vars[name]
    const same =
      name === 'CLERK_JWT_ISSUER_DOMAIN'
        ? current?.trim().replace(/\/+$/, '').toLowerCase() === value.toLowerCase()
        : current?.trim() === value
    const shown = secret ? '(value not shown)' : `= ${value}`
    if (same)
      steps.push({
        area: 'convex',
        status: 'ok',
        title: name,
        detail: `already set ${secret ? '(same value)' : shown}`,
      })
    else
      steps.push({
        area: 'convex',
        status: 'change',
        title: name,
        detail: `set ${shown}; ${current === undefined ? 'not set now' : 'replaces a different value'} (${why})`,
        action: { kind: 'convex-env', name, value, secret },
      })
  }
  if (frontendApi)
    variable('CLERK_JWT_ISSUER_DOMAIN', frontendApi, false, 'Convex accepts tokens from this issuer')
  else
    steps.push({
      area: 'convex',
      status: 'problem',
      title: 'CLERK_JWT_ISSUER_DOMAIN',
      detail: 'Clerk listed no domain for this instance, so the issuer is unknown',
    })
  variable('CLERK_SECRET_KEY', facts.secretKey, true, 'signing out another device ends its Clerk session')
  if (facts.webhookSecret !== undefined) {
    const problem = svixSecretProblem(facts.webhookSecret)
    if (problem)
      steps.push({
        area: 'convex',
        status: 'problem',
        title: 'CLERK_WEBHOOK_SECRET',
        detail: `not set: the value given ${problem}`,
      })
    else
      variable('CLERK_WEBHOOK_SECRET', facts.webhookSecret, true, 'the webhook verifies Clerk events with it')
  }
  return steps
}

function localSteps(facts: SetupFacts, frontendApi: string | null, production: boolean): Step[] {
  if (!frontendApi) return []
  const wanted = publishableKeyFor(frontendApi, production)
  const current = facts.publishableKey
  if (!current || current.value.trim() === '') {
    return [
      {
        area: 'local',
        status: 'change',
        title: '.env.local',
        detail: `add VITE_CLERK_PUBLISHABLE_KEY=${wanted} (public: it names the Frontend API ${new URL(frontendApi).host})`,
        action: { kind: 'env-local', name: 'VITE_CLERK_PUBLISHABLE_KEY', value: wanted },
      },
    ]
  }
  if (current.value.trim() === wanted) {
    return [
      {
        area: 'local',
        status: 'ok',
        title: 'VITE_CLERK_PUBLISHABLE_KEY',
        detail: `(from ${current.source}) belongs to this instance`,
      },
    ]
  }
  const parsed = parsePublishableKey(current.value)
  const theirs = parsed.ok
    ? `${parsed.instance} key for ${parsed.frontendApiHost}`
    : 'not a valid publishable key'
  return [
    {
      area: 'local',
      status: 'problem',
      title: 'VITE_CLERK_PUBLISHABLE_KEY',
      detail:
        `(from ${current.source}) is a ${theirs}, but the secret key belongs to ${new URL(frontendApi).host}; not changed. ` +
        `Use keys of one instance: set VITE_CLERK_PUBLISHABLE_KEY=${wanted}, or run setup with that instance's secret key.`,
    },
  ]
}

function manualSteps(facts: SetupFacts): Step[] {
  const steps: Step[] = [
    {
      area: 'manual',
      status: 'manual',
      title: 'Native API',
      detail: `make sure it is enabled (${DASHBOARD}native-applications): @clerk/electron signs in as a native client. \`npm run doctor\` checks it.`,
    },
  ]
  const url = parseConvexUrl(facts.convexUrl)
  const hasWebhookSecret =
    facts.webhookSecret !== undefined ||
    (facts.convexEnv?.kind === 'ok' && Boolean(facts.convexEnv.vars.CLERK_WEBHOOK_SECRET))
  if (url.ok && url.siteUrl) {
    steps.push({
      area: 'manual',
      status: 'manual',
      title: 'Webhook',
      detail:
        `in ${DASHBOARD}webhooks add the endpoint ${url.siteUrl}${WEBHOOK_PATH} with the events ${WEBHOOK_EVENTS.join(', ')}` +
        (hasWebhookSecret
          ? ' (its Signing Secret must be CLERK_WEBHOOK_SECRET on the deployment).'
          : ', then run `CLERK_WEBHOOK_SECRET=whsec_... npm run setup` with its Signing Secret.'),
    })
  } else {
    steps.push({
      area: 'manual',
      status: 'manual',
      title: 'Webhook',
      detail:
        'needs a cloud deployment: Clerk cannot reach a local backend. Everything else works locally (the profile syncs ' +
        'when you sign in); for the webhook run `npx convex dev --configure` to use a cloud deployment, then setup again.',
    })
  }
  steps.push({
    area: 'manual',
    status: 'manual',
    title: "Only if you use Clerk's Convex integration instead of the template",
    detail:
      'its session token carries only aud until you map the profile claims: Dashboard → Sessions → Customize session ' +
      `token, add ${JSON.stringify(CLAIM_MAPPINGS)}`,
  })
  return steps
}
