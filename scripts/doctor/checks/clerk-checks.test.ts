import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  GOOD_SECRET,
  closedPortUrl,
  fakeClerkAndConvex,
  healthyClerk,
  healthyEnvLocal,
  startServer,
  tempProject,
  testContext,
  type ClerkState,
  type FakeServer,
  type TempProject,
} from '../testing/fixtures.ts'
import {
  checkAllowedOrigins,
  checkJwtTemplate,
  checkNativeApi,
  checkRedirectUrls,
  checkSameInstance,
  checkSecretKey,
  checkWebhookEndpoint,
} from './clerk-checks.ts'

let state: ClerkState
let server: FakeServer
let project: TempProject
beforeAll(async () => {
  server = await startServer((request, res) => fakeClerkAndConvex(state)(request, res))
})
afterAll(() => server.close())
afterEach(() => project?.cleanup())

function setup(
  options: {
    secret?: string | null
    envLocal?: string
    serverUrl?: string
    environment?: Record<string, string>
  } = {},
) {
  state = healthyClerk()
  project = tempProject({ '.env.local': options.envLocal ?? healthyEnvLocal() })
  const secret = options.secret === undefined ? GOOD_SECRET : options.secret
  const environment = { ...(secret === null ? {} : { CLERK_SECRET_KEY: secret }), ...options.environment }
  return testContext({ project, server: options.serverUrl ?? server.url, environment })
}

const backendChecks = [
  checkSecretKey,
  checkSameInstance,
  checkJwtTemplate,
  checkAllowedOrigins,
  checkRedirectUrls,
]

describe('without CLERK_SECRET_KEY', () => {
  it('skips only the Backend API checks, saying what to set', async () => {
    const ctx = setup({ secret: null })
    for (const check of [checkSecretKey, checkJwtTemplate, checkAllowedOrigins, checkRedirectUrls]) {
      const verdict = await check(ctx)
      expect(verdict.status).toBe('skipped')
      expect(verdict.detail).toContain('CLERK_SECRET_KEY')
      expect(verdict.fix).toContain('CLERK_SECRET_KEY=sk_test_... npm run doctor')
    }
    // The Frontend API needs no secret.
    expect((await checkNativeApi(ctx)).status).toBe('pass')
    expect(server.requests.some((r) => r.url.startsWith('/v1/'))).toBe(false)
  })

  it('also reads CLERK_SECRET_KEY from .env.local', async () => {
    const ctx = setup({ secret: null, envLocal: healthyEnvLocal(`CLERK_SECRET_KEY=${GOOD_SECRET}\n`) })
    expect(await checkSecretKey(ctx)).toMatchObject({ status: 'pass' })
  })
})

describe('clerk-secret-key', () => {
  it('passes and sends the key as a bearer token', async () => {
    const ctx = setup()
    expect(await checkSecretKey(ctx)).toEqual({
      status: 'pass',
      detail: 'Clerk accepted the key: development instance ins_test123.',
      fix: null,
    })
    expect(server.requests.at(-1)).toMatchObject({
      method: 'GET',
      url: '/v1/instance',
      authorization: `Bearer ${GOOD_SECRET}`,
    })
  })

  it("fails with Clerk's message when the key is rejected (401), and the other checks defer to it", async () => {
    const ctx = setup({ secret: 'sk_test_revoked' })
    const verdict = await checkSecretKey(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toBe(
      'Clerk refused CLERK_SECRET_KEY (HTTP 401: Invalid authentication. (authentication_invalid)).',
    )
    for (const check of [checkJwtTemplate, checkAllowedOrigins, checkRedirectUrls, checkSameInstance]) {
      expect(await check(ctx)).toMatchObject({
        status: 'skipped',
        detail: expect.stringContaining('refused'),
      })
    }
  })

  it('fails for something that is not a secret key, without calling Clerk', async () => {
    const ctx = setup({ secret: 'pk_test_abc' })
    const before = server.requests.length
    expect((await checkSecretKey(ctx)).status).toBe('fail')
    expect(server.requests.length).toBe(before)
  })

  it('fails for a production secret key next to a development publishable key', async () => {
    const verdict = await checkSecretKey(setup({ secret: 'sk_live_abc123' }))
    expect(verdict).toMatchObject({ status: 'fail', detail: expect.stringContaining('live key but') })
  })

  it('says could-not-check (offline?) for every Backend API check when Clerk cannot be reached', async () => {
    const ctx = setup({ serverUrl: await closedPortUrl() })
    for (const check of backendChecks) {
      const verdict = await check(ctx)
      expect(verdict.status).toBe('could-not-check')
      expect(verdict.detail).toContain('(offline?): connection refused')
    }
  })

  it('says could-not-check on a server error rather than blaming the setup', async () => {
    const ctx = setup({ environment: { CLERK_API_URL: `${server.url}/missing-prefix/v1` } })
    const verdict = await checkJwtTemplate(ctx)
    expect(verdict.status).toBe('could-not-check')
    expect(verdict.detail).toContain('HTTP 404')
  })
})

describe('clerk-same-instance', () => {
  it('passes when the instance serves the publishable key host', async () => {
    expect((await checkSameInstance(setup())).status).toBe('pass')
  })

  it('fails when the keys come from different instances', async () => {
    const ctx = setup()
    state.domains = ['https://clerk.other-app.com']
    const verdict = await checkSameInstance(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('clerk.other-app.com')
  })
})

describe('clerk-jwt-template', () => {
  it('passes for the Convex preset', async () => {
    expect((await checkJwtTemplate(setup())).status).toBe('pass')
  })

  it('fails when aud is not convex', async () => {
    const ctx = setup()
    state.jwtTemplates[0]!.claims.aud = 'my-app'
    const verdict = await checkJwtTemplate(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('"aud" is "my-app"')
  })

  it('accepts aud given as a list that contains convex', async () => {
    const ctx = setup()
    state.jwtTemplates[0]!.claims.aud = ['convex', 'other']
    expect((await checkJwtTemplate(ctx)).status).toBe('pass')
  })

  it('fails and lists the claims the app reads that are not mapped', async () => {
    const ctx = setup()
    state.jwtTemplates = [
      { name: 'convex', claims: { aud: 'convex', email: '{{user.primary_email_address}}' } },
    ]
    const verdict = await checkJwtTemplate(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain(
      'claims the app reads are not mapped: email_verified, name, given_name, family_name, nickname, picture, updated_at',
    )
  })

  it('cannot tell without a template, because the Convex integration is invisible to the Backend API', async () => {
    const ctx = setup()
    state.jwtTemplates = [{ name: 'Convex', claims: { aud: 'convex' } }]
    const verdict = await checkJwtTemplate(ctx)
    expect(verdict.status).toBe('could-not-check')
    expect(verdict.detail).toContain('found: Convex')
    expect(verdict.fix).toContain('named exactly "convex"')
  })
})

describe('clerk-allowed-origins', () => {
  it('passes when a development instance allows the dev scheme and the dev server', async () => {
    expect(await checkAllowedOrigins(setup())).toMatchObject({
      status: 'pass',
      detail: 'The development instance allows harbor-dev://renderer and http://localhost:5173.',
    })
  })

  it('fails with a ready-to-run command that keeps the existing origins', async () => {
    const ctx = setup()
    state.allowedOrigins = ['https://example.com']
    const verdict = await checkAllowedOrigins(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('harbor-dev://renderer and http://localhost:5173')
    expect(verdict.fix).toContain(
      `'{"allowed_origins":["https://example.com","harbor-dev://renderer","http://localhost:5173"]}'`,
    )
  })

  it('treats allowed_origins: null as an empty list', async () => {
    const ctx = setup()
    state.allowedOrigins = null
    expect(await checkAllowedOrigins(ctx)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('allowed now: none'),
    })
  })

  it('expects the packaged app origin on a production instance', async () => {
    const ctx = setup()
    state.environmentType = 'production'
    expect((await checkAllowedOrigins(ctx)).detail).toContain('does not allow harbor://renderer')
    state.allowedOrigins = ['harbor://renderer']
    // The instance is cached per run, so a fresh context sees the change.
    const fresh = testContext({ project, server: server.url, environment: { CLERK_SECRET_KEY: GOOD_SECRET } })
    expect((await checkAllowedOrigins(fresh)).status).toBe('pass')
  })
})

describe("the app's scheme override", () => {
  it('follows MAIN_VITE_APP_SCHEME like the app does', async () => {
    const ctx = setup({ envLocal: healthyEnvLocal('MAIN_VITE_APP_SCHEME=acme\n') })
    const origins = await checkAllowedOrigins(ctx)
    expect(origins.detail).toContain('does not allow acme-dev://renderer')
    expect((await checkRedirectUrls(ctx)).detail).toContain('lacks acme-dev://renderer/')
  })

  it('reads the override from the environment too', async () => {
    const ctx = setup({ environment: { MAIN_VITE_APP_SCHEME: 'acme' } })
    expect((await checkAllowedOrigins(ctx)).detail).toContain('acme-dev://renderer')
  })
})

describe('clerk-redirect-urls', () => {
  it("passes when the allowlist has @clerk/electron's redirect", async () => {
    expect(await checkRedirectUrls(setup())).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('harbor-dev://renderer/'),
    })
    expect(server.requests.some((r) => r.url === '/v1/redirect_urls?paginated=true&limit=500')).toBe(true)
  })

  it('fails without it and shows how to add it', async () => {
    const ctx = setup()
    state.redirectUrls = ['harbor-dev://renderer/callback']
    const verdict = await checkRedirectUrls(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.fix).toContain(`-d '{"url":"harbor-dev://renderer/"}'`)
  })
})

describe('clerk-native-api', () => {
  it('fails when the environment says the Native API is off', async () => {
    const ctx = setup()
    state.nativeApiEnabled = false
    expect(await checkNativeApi(ctx)).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('native-applications'),
    })
  })

  it('falls back to a native request when native_settings is absent', async () => {
    const ctx = setup()
    state.nativeApiEnabled = undefined
    state.nativeProbeDisabled = true
    expect(await checkNativeApi(ctx)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('native_api_disabled'),
    })
    expect(server.requests.at(-1)?.url).toBe('/fapi/v1/client?_is_native=1')
    state.nativeProbeDisabled = false
    expect((await checkNativeApi(ctx)).status).toBe('pass')
  })

  it('says could-not-check (offline?) when the Frontend API cannot be reached', async () => {
    const verdict = await checkNativeApi(setup({ secret: null, serverUrl: await closedPortUrl() }))
    expect(verdict.status).toBe('could-not-check')
    expect(verdict.detail).toContain('(offline?)')
  })
})

describe('clerk-webhook-endpoint', () => {
  it('asks for a manual look, naming the exact endpoint and events', () => {
    const verdict = checkWebhookEndpoint(setup({ secret: null }))
    expect(verdict.status).toBe('could-not-check')
    expect(verdict.fix).toContain('https://happy-animal-123.convex.site/clerk-webhook')
    expect(verdict.fix).toContain('user.created, user.updated, user.deleted')
  })

  it('skips for a local backend', () => {
    expect(checkWebhookEndpoint(setup({ envLocal: 'VITE_CONVEX_URL=http://127.0.0.1:3210\n' })).status).toBe(
      'skipped',
    )
  })
})
