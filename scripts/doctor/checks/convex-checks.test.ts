import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  FAPI_HOST,
  WEBHOOK_SECRET,
  closedPortUrl,
  convexEnvOutput,
  fakeClerkAndConvex,
  fakeConvexCli,
  healthyClerk,
  healthyConvexEnv,
  healthyEnvLocal,
  startServer,
  tempProject,
  testContext,
  type ClerkState,
  type FakeServer,
  type TempProject,
} from '../testing/fixtures.ts'
import type { CommandOutcome } from '../convex-env.ts'
import {
  checkConvexEnvReadable,
  checkDeploymentSecretKey,
  checkIssuerDomain,
  checkWebhookRoute,
  checkWebhookSecret,
  svixSecretProblem,
} from './convex-checks.ts'

let state: ClerkState
let server: FakeServer
let project: TempProject
beforeAll(async () => {
  server = await startServer((request, res) => fakeClerkAndConvex(state)(request, res))
})
afterAll(() => server.close())
afterEach(() => project?.cleanup())

function setup(options: { envLocal?: string; cli?: CommandOutcome; serverUrl?: string } = {}) {
  state = healthyClerk()
  project = tempProject(
    options.envLocal === undefined ? { '.env.local': healthyEnvLocal() } : { '.env.local': options.envLocal },
  )
  const cli = fakeConvexCli(options.cli ?? healthyConvexEnv())
  return { ctx: testContext({ project, server: options.serverUrl ?? server.url, cli }), cli }
}

describe('convex-env (reading the deployment through the CLI)', () => {
  it('runs `npx --no-install convex env list --include-values` in the project folder once per run', async () => {
    const { ctx, cli } = setup()
    expect(await checkConvexEnvReadable(ctx)).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('2 variables'),
    })
    await checkIssuerDomain(ctx)
    await checkWebhookSecret(ctx)
    expect(cli.calls).toEqual([
      {
        command: 'npx',
        args: ['--no-install', 'convex', 'env', 'list', '--include-values'],
        cwd: project.root,
      },
    ])
  })

  it('never starts the CLI without CONVEX_DEPLOYMENT (it would prompt for a login) and skips with the fix', async () => {
    const { ctx, cli } = setup({ envLocal: 'VITE_CONVEX_URL=https://a-b-1.convex.cloud\n' })
    const verdict = await checkConvexEnvReadable(ctx)
    expect(verdict.status).toBe('skipped')
    expect(verdict.fix).toContain('npx convex dev')
    expect((await checkWebhookSecret(ctx)).status).toBe('skipped')
    expect(cli.calls).toHaveLength(0)
  })

  it('reports a CLI timeout as could-not-check (offline?), not as a failure', async () => {
    const { ctx } = setup({ cli: { kind: 'timeout' } })
    const verdict = await checkConvexEnvReadable(ctx)
    expect(verdict.status).toBe('could-not-check')
    expect(verdict.detail).toContain('(offline?)')
    expect((await checkIssuerDomain(ctx)).status).toBe('could-not-check')
  })

  it('reports a network error from the CLI as could-not-check', async () => {
    const { ctx } = setup({
      cli: {
        kind: 'exited',
        code: 1,
        stdout: '',
        stderr: 'Error: fetch failed\n  getaddrinfo ENOTFOUND api.convex.dev',
      },
    })
    expect(await checkWebhookSecret(ctx)).toMatchObject({
      status: 'could-not-check',
      detail: expect.stringContaining('offline?'),
    })
  })

  it('skips with a login fix when the CLI is not logged in', async () => {
    const { ctx } = setup({
      cli: {
        kind: 'exited',
        code: 1,
        stdout: '',
        stderr: '✖ Error: You are not logged in. Run `npx convex login`.',
      },
    })
    const verdict = await checkIssuerDomain(ctx)
    expect(verdict.status).toBe('skipped')
    expect(verdict.fix).toContain('npx convex login')
  })
})

describe('convex-issuer', () => {
  it("passes when CLERK_JWT_ISSUER_DOMAIN is the publishable key's Frontend API", async () => {
    const verdict = await checkIssuerDomain(setup().ctx)
    expect(verdict).toMatchObject({ status: 'pass', fix: null })
    expect(verdict.detail).toContain(`https://${FAPI_HOST}`)
  })

  it('accepts a trailing slash', async () => {
    const { ctx } = setup({ cli: convexEnvOutput({ CLERK_JWT_ISSUER_DOMAIN: `https://${FAPI_HOST}/` }) })
    expect((await checkIssuerDomain(ctx)).status).toBe('pass')
  })

  it('fails on an issuer from another instance and gives the exact command', async () => {
    const { ctx } = setup({
      cli: convexEnvOutput({ CLERK_JWT_ISSUER_DOMAIN: 'https://clerk.harbor.example.com' }),
    })
    const verdict = await checkIssuerDomain(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('https://clerk.harbor.example.com')
    expect(verdict.fix).toBe(`Run \`npx convex env set CLERK_JWT_ISSUER_DOMAIN https://${FAPI_HOST}\`.`)
  })

  it('fails when the value is a bare host without https://', async () => {
    const { ctx } = setup({ cli: convexEnvOutput({ CLERK_JWT_ISSUER_DOMAIN: FAPI_HOST }) })
    expect(await checkIssuerDomain(ctx)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('https://'),
    })
  })

  it('fails when missing and explains that .env.local does not reach Convex (env vars in the wrong place)', async () => {
    const { ctx } = setup({
      envLocal: healthyEnvLocal(`CLERK_JWT_ISSUER_DOMAIN=https://${FAPI_HOST}\n`),
      cli: convexEnvOutput({}),
    })
    const verdict = await checkIssuerDomain(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.detail).toContain('Convex functions never read .env.local')
  })

  it('notes a stale copy in .env.local that differs from the deployment', async () => {
    const { ctx } = setup({ envLocal: healthyEnvLocal('CLERK_JWT_ISSUER_DOMAIN=https://old.example.com\n') })
    const verdict = await checkIssuerDomain(ctx)
    expect(verdict.status).toBe('pass')
    expect(verdict.detail).toContain('.env.local sets a different CLERK_JWT_ISSUER_DOMAIN')
  })

  it('skips without a valid publishable key', async () => {
    const { ctx, cli } = setup({ envLocal: 'CONVEX_DEPLOYMENT=dev:a-b-1\n' })
    expect((await checkIssuerDomain(ctx)).status).toBe('skipped')
    expect(cli.calls).toHaveLength(0)
  })
})

describe('convex-webhook-secret', () => {
  it('passes for a svix secret', async () => {
    expect((await checkWebhookSecret(setup().ctx)).status).toBe('pass')
  })

  it('fails when missing, with the dashboard and CLI steps', async () => {
    const { ctx } = setup({ cli: convexEnvOutput({ CLERK_JWT_ISSUER_DOMAIN: `https://${FAPI_HOST}` }) })
    const verdict = await checkWebhookSecret(ctx)
    expect(verdict.status).toBe('fail')
    expect(verdict.fix).toContain('npx convex env set CLERK_WEBHOOK_SECRET whsec_')
  })

  it('fails for a value that is not a svix secret', async () => {
    const { ctx } = setup({ cli: convexEnvOutput({ CLERK_WEBHOOK_SECRET: 'ep_2abc' }) })
    expect(await checkWebhookSecret(ctx)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('whsec_'),
    })
  })

  it.each([
    [WEBHOOK_SECRET, null],
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', null],
    ['ep_abc', 'does not start with whsec_'],
    ['whsec_not base64!', 'not base64'],
    ['whsec_abc', 'not base64'],
    ['whsec_YWJj', 'too short'],
    [` ${WEBHOOK_SECRET}`, 'spaces'],
  ])('svixSecretProblem(%j)', (value, problem) => {
    const result = svixSecretProblem(value)
    if (problem === null) expect(result).toBeNull()
    else expect(result).toContain(problem)
  })
})

describe('convex-clerk-secret-key', () => {
  const withSecret = (value?: string) =>
    convexEnvOutput({
      CLERK_JWT_ISSUER_DOMAIN: `https://${FAPI_HOST}`,
      CLERK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...(value === undefined ? {} : { CLERK_SECRET_KEY: value }),
    })

  it('is skipped, saying what is off and how to turn it on, when the deployment has none', async () => {
    const verdict = await checkDeploymentSecretKey(setup({ cli: withSecret() }).ctx)
    expect(verdict).toMatchObject({
      status: 'skipped',
      detail: expect.stringContaining('signing a device out'),
    })
    expect(verdict.fix).toContain('npx convex env set CLERK_SECRET_KEY sk_')
  })

  it('passes for a secret key of the same kind as the publishable key', async () => {
    expect((await checkDeploymentSecretKey(setup({ cli: withSecret('sk_test_abc123') }).ctx)).status).toBe(
      'pass',
    )
  })

  it.each([
    ['not a secret key', 'pk_test_abc', 'not a Clerk secret key'],
    ['a live key for a test publishable key', 'sk_live_abc123', 'different Clerk instances'],
  ])('fails for %s', async (_label, value, detail) => {
    expect(await checkDeploymentSecretKey(setup({ cli: withSecret(value) }).ctx)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(detail),
    })
  })
})

describe('convex-webhook-route', () => {
  it.each([400, 401, 403])('passes when an unsigned POST is refused with %i', async (status) => {
    const { ctx } = setup()
    state.webhookStatus = status
    expect((await checkWebhookRoute(ctx)).status).toBe('pass')
    const request = server.requests.at(-1)
    expect(request).toMatchObject({ method: 'POST', url: '/site/clerk-webhook', body: '{}' })
  })

  it('fails on 404 (the HTTP action is not deployed)', async () => {
    const { ctx } = setup()
    state.webhookStatus = 404
    expect(await checkWebhookRoute(ctx)).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('npx convex'),
    })
  })

  it('fails when an unsigned request is accepted', async () => {
    const { ctx } = setup()
    state.webhookStatus = 200
    expect(await checkWebhookRoute(ctx)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('unsigned'),
    })
  })

  it('fails on a server error and points at the logs', async () => {
    const { ctx } = setup()
    state.webhookStatus = 500
    expect(await checkWebhookRoute(ctx)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        'answered HTTP 500 to an unsigned request (expected 400 or 401): "no signature".',
      ),
      fix: expect.stringContaining('npx convex logs'),
    })
  })

  it('says could-not-check (offline?) when nothing answers', async () => {
    const { ctx } = setup({ serverUrl: await closedPortUrl() })
    const verdict = await checkWebhookRoute(ctx)
    expect(verdict.status).toBe('could-not-check')
    expect(verdict.detail).toContain('(offline?): connection refused')
  })

  it('skips for a local backend', async () => {
    const { ctx } = setup({ envLocal: 'VITE_CONVEX_URL=http://127.0.0.1:3210\n' })
    expect((await checkWebhookRoute(ctx)).status).toBe('skipped')
  })
})
