// `npm run setup` against the doctor's stand-ins: the local Clerk Backend API (which now also takes the writes
// setup makes) and the Convex CLI stand-in installed as the project's `convex` binary. The command itself runs
// as a real process, the way `npm run setup` runs it.

import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  checkIssuerDomain,
  checkDeploymentSecretKey,
  checkWebhookSecret,
} from '../doctor/checks/convex-checks.ts'
import { checkAllowedOrigins, checkJwtTemplate, checkRedirectUrls } from '../doctor/checks/clerk-checks.ts'
import { spawnCommand } from '../doctor/convex-env.ts'
import {
  CONVEX_URL,
  DEPLOYMENT,
  FAPI_HOST,
  GOOD_SECRET,
  PUBLISHABLE_KEY,
  WEBHOOK_SECRET,
  convexEnvOutput,
  fakeClerkAndConvex,
  fakeConvexCli,
  healthyClerk,
  installConvexCliStandIn,
  startServer,
  tempProject,
  testContext,
  type ClerkState,
  type FakeServer,
  type TempProject,
} from '../doctor/testing/fixtures.ts'
import { runSetup } from './cli.ts'

const CLI = join(import.meta.dirname, 'cli.ts')

let server: FakeServer
let state: ClerkState
beforeAll(async () => {
  server = await startServer((request, res) => fakeClerkAndConvex(state)(request, res))
})
afterAll(() => server.close())
let project: TempProject
afterEach(() => {
  project?.cleanup()
  vi.unstubAllEnvs()
})

/** A Clerk instance nobody has configured yet, as Clerk creates it. */
function freshClerk(): ClerkState {
  return { ...healthyClerk(), allowedOrigins: null, jwtTemplates: [], redirectUrls: [] }
}

const envLocal = `CONVEX_DEPLOYMENT=dev:${DEPLOYMENT} # team: t, project: p\nVITE_CONVEX_URL=${CONVEX_URL}\n`

function runCli(args: string[], env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CLERK_|VITE_|CONVEX_|MAIN_VITE_)/.test(name)),
  )
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', CLI, ...args],
      { cwd: project.root, env: { ...base, CLERK_API_URL: `${server.url}/v1`, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  )
}

const writes = () => server.requests.filter((r) => r.method !== 'GET')

describe('npm run setup on a fresh Clerk instance and an empty Convex deployment', () => {
  it('--dry-run lists every change and changes nothing', async () => {
    state = freshClerk()
    project = tempProject({ '.env.local': envLocal })
    const convex = installConvexCliStandIn(project)
    server.requests.length = 0
    const run = await runCli(['--dry-run'], {
      ...convex.env,
      CLERK_SECRET_KEY: GOOD_SECRET,
      CLERK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    })
    expect(run.code, run.stdout).toBe(0)
    const out = run.stdout
    expect(out).toContain('(dry run: nothing is changed)')
    expect(out).toContain(
      'would   Allowed origins: add harbor-dev://renderer, http://localhost:5173, harbor://renderer',
    )
    expect(out).toContain('would   Redirect URL harbor-dev://renderer/')
    expect(out).toContain('would   Redirect URL harbor://renderer/')
    expect(out).toContain('would   JWT template "convex": create it with aud "convex"')
    expect(out).toContain(`would   CLERK_JWT_ISSUER_DOMAIN: set = https://${FAPI_HOST}`)
    expect(out).toContain('would   CLERK_SECRET_KEY: set (value not shown)')
    expect(out).toContain('would   CLERK_WEBHOOK_SECRET: set (value not shown)')
    expect(out).toContain(`would   .env.local: add VITE_CLERK_PUBLISHABLE_KEY=${PUBLISHABLE_KEY}`)
    expect(out).toContain(`https://${DEPLOYMENT}.convex.site/clerk-webhook`) // the manual webhook step
    expect(out).toContain('Customize session token')
    expect(out).toContain('Would make 8 changes.')
    expect(out).not.toContain(GOOD_SECRET)
    expect(out).not.toContain(WEBHOOK_SECRET)
    expect(writes()).toEqual([])
    expect(convex.vars()).toEqual({})
    expect(convex.calls()).toEqual([['env', 'list', '--include-values']])
    expect(readFileSync(join(project.root, '.env.local'), 'utf8')).toBe(envLocal)
  }, 60_000)

  it('makes the changes, then a second run changes nothing and says so', async () => {
    state = freshClerk()
    project = tempProject({ '.env.local': envLocal })
    const convex = installConvexCliStandIn(project)
    const env = { ...convex.env, CLERK_SECRET_KEY: GOOD_SECRET, CLERK_WEBHOOK_SECRET: WEBHOOK_SECRET }
    server.requests.length = 0
    const first = await runCli([], env)
    expect(first.code, first.stdout).toBe(0)
    expect(first.stdout).toContain('Made 8 changes.')
    expect(first.stdout).not.toMatch(/sk_test_good|whsec_[A-Za-z0-9]/)
    // Clerk now holds what the app needs...
    expect(state.allowedOrigins).toEqual([
      'harbor-dev://renderer',
      'http://localhost:5173',
      'harbor://renderer',
    ])
    expect(state.redirectUrls).toEqual(['harbor-dev://renderer/', 'harbor://renderer/'])
    expect(state.jwtTemplates).toHaveLength(1)
    expect(state.jwtTemplates[0]).toMatchObject({
      name: 'convex',
      claims: { aud: 'convex', email_verified: '{{user.email_verified}}' },
    })
    // ...Convex holds the issuer and both secrets, which went over stdin, never on a command line.
    expect(convex.vars()).toEqual({
      CLERK_JWT_ISSUER_DOMAIN: `https://${FAPI_HOST}`,
      CLERK_SECRET_KEY: GOOD_SECRET,
      CLERK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    })
    for (const call of convex.calls()) {
      expect(call.join(' ')).not.toContain(GOOD_SECRET)
      expect(call.join(' ')).not.toContain(WEBHOOK_SECRET)
    }
    expect(readFileSync(join(project.root, '.env.local'), 'utf8')).toBe(
      `${envLocal}VITE_CLERK_PUBLISHABLE_KEY=${PUBLISHABLE_KEY}\n`,
    )

    server.requests.length = 0
    const again = await runCli([], env)
    expect(again.code, again.stdout).toBe(0)
    expect(again.stdout).toContain('Nothing to change: Clerk and Convex are already set up as Harbor needs.')
    expect(again.stdout).not.toMatch(/^ {2}(changed|would)/m)
    expect(writes()).toEqual([])
    expect(convex.calls().filter((c) => c[1] === 'set')).toHaveLength(3) // only the first run's

    // The doctor agrees with what setup made.
    project.write('.env.local', readFileSync(join(project.root, '.env.local'), 'utf8'))
    const ctx = testContext({
      project,
      server: server.url,
      environment: { CLERK_SECRET_KEY: GOOD_SECRET },
      cli: fakeConvexCli(convexEnvOutput(convex.vars())),
    })
    for (const check of [
      checkIssuerDomain,
      checkWebhookSecret,
      checkDeploymentSecretKey,
      checkJwtTemplate,
      checkAllowedOrigins,
      checkRedirectUrls,
    ]) {
      expect((await check(ctx)).status, check.name).toBe('pass')
    }
  }, 90_000)
})

describe('npm run setup, other starting points', () => {
  const io = (overrides: Partial<Parameters<typeof runSetup>[1]> = {}) => {
    const output: string[] = []
    return {
      output,
      io: {
        root: project.root,
        environment: { CLERK_API_URL: `${server.url}/v1`, CLERK_SECRET_KEY: GOOD_SECRET },
        runCommand: spawnCommand,
        write: (text: string) => void output.push(text),
        askSecret: null,
        ...overrides,
      },
    }
  }

  it("fixes an incomplete template, keeping the user's own claims and lifetime", async () => {
    state = {
      ...healthyClerk(),
      jwtTemplates: [
        {
          name: 'convex',
          claims: { aud: 'other', email: '{{user.primary_email_address}}', org: '{{org.id}}' },
          lifetime: 300,
        },
      ],
    }
    project = tempProject({ '.env.local': `${envLocal}VITE_CLERK_PUBLISHABLE_KEY=${PUBLISHABLE_KEY}\n` })
    const convex = installConvexCliStandIn(project, {
      vars: { CLERK_JWT_ISSUER_DOMAIN: `https://${FAPI_HOST}/`, CLERK_SECRET_KEY: GOOD_SECRET },
    })
    for (const [k, v] of Object.entries(convex.env)) vi.stubEnv(k, v)
    const { io: setupIo, output } = io()
    expect(await runSetup([], setupIo)).toBe(0)
    const text = output.join('')
    expect(text).toContain('changed JWT template "convex": set aud to "convex"; map email_verified, name')
    expect(state.jwtTemplates[0]).toMatchObject({
      lifetime: 300,
      claims: {
        aud: 'convex',
        org: '{{org.id}}',
        email: '{{user.primary_email_address}}',
        nickname: '{{user.username}}',
      },
    })
    // A trailing slash on the issuer is the same issuer: not rewritten.
    expect(text).toContain('ok      CLERK_JWT_ISSUER_DOMAIN: already set')
    expect(convex.calls().filter((c) => c[1] === 'set')).toEqual([])
  }, 60_000)

  it('a production instance gets only the packaged scheme; a different publishable key is reported, not overwritten', async () => {
    state = { ...freshClerk(), environmentType: 'production' }
    const otherKey = `pk_test_${Buffer.from('other-app-1.clerk.accounts.dev$').toString('base64')}`
    project = tempProject({ '.env.local': `${envLocal}VITE_CLERK_PUBLISHABLE_KEY=${otherKey}\n` })
    const convex = installConvexCliStandIn(project)
    for (const [k, v] of Object.entries(convex.env)) vi.stubEnv(k, v)
    const { io: setupIo, output } = io({
      environment: { CLERK_API_URL: `${server.url}/v1`, CLERK_SECRET_KEY: 'sk_live_goodsecret123' },
    })
    state.domains = [`https://${FAPI_HOST}`]
    // The stand-in accepts only GOOD_SECRET; a live key is refused like a wrong key.
    expect(await runSetup(['--dry-run'], setupIo)).toBe(1)
    expect(output.join('')).toContain('Clerk refused the secret key (HTTP 401')
    expect(output.join('')).not.toContain('sk_live_goodsecret123')

    const ok = io()
    expect(await runSetup([], ok.io)).toBe(1) // the key mismatch is a problem
    const text = ok.output.join('')
    expect(state.allowedOrigins).toEqual(['harbor://renderer'])
    expect(state.redirectUrls).toEqual(['harbor://renderer/'])
    expect(text).toContain(
      'PROBLEM VITE_CLERK_PUBLISHABLE_KEY: (from .env.local) is a test key for other-app-1.clerk.accounts.dev',
    )
    expect(readFileSync(join(project.root, '.env.local'), 'utf8')).toContain(otherKey)
  }, 60_000)

  it('without a Convex deployment: Clerk is configured, Convex is named as the next step, exit 1', async () => {
    state = freshClerk()
    project = tempProject()
    const { io: setupIo, output } = io()
    expect(await runSetup([], setupIo)).toBe(1)
    const text = output.join('')
    expect(text).toContain('changed Allowed origins')
    expect(text).toContain('PROBLEM Convex deployment: there is none yet')
    expect(text).toContain('Run `npm run dev` once')
    expect(text).toContain('Webhook: needs a cloud deployment')
    expect(readFileSync(join(project.root, '.env.local'), 'utf8')).toBe(
      `VITE_CLERK_PUBLISHABLE_KEY=${PUBLISHABLE_KEY}\n`,
    )
  }, 60_000)

  it('a refused key or an offline Clerk changes nothing; no key and no terminal says how to give one', async () => {
    state = freshClerk()
    project = tempProject({ '.env.local': envLocal })
    const convex = installConvexCliStandIn(project)
    const refused = await runCli([], { ...convex.env, CLERK_SECRET_KEY: 'sk_test_wrong123' })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('Clerk refused the secret key (HTTP 401')
    expect(refused.stdout).not.toContain('sk_test_wrong123')
    const silent = await startServer((_req, res) => res.destroy())
    const offline = await runCli([], {
      ...convex.env,
      CLERK_SECRET_KEY: GOOD_SECRET,
      CLERK_API_URL: `${silent.url}/v1`,
    })
    await silent.close()
    expect(offline.code).toBe(1)
    expect(offline.stdout).toContain("Could not reach Clerk's Backend API")
    const none = await runCli([], convex.env)
    expect(none.code).toBe(1)
    expect(none.stdout).toContain('npm run setup needs your Clerk secret key')
    expect(convex.vars()).toEqual({})
    expect(state.allowedOrigins).toBeNull()
  }, 60_000)

  it('`npm run setup --dry-run` (npm keeps the flag, setting npm_config_dry_run) is a dry run too', async () => {
    state = freshClerk()
    project = tempProject({ '.env.local': envLocal })
    const convex = installConvexCliStandIn(project)
    for (const [k, v] of Object.entries(convex.env)) vi.stubEnv(k, v)
    server.requests.length = 0
    const { io: setupIo, output } = io({
      environment: {
        CLERK_API_URL: `${server.url}/v1`,
        CLERK_SECRET_KEY: GOOD_SECRET,
        npm_config_dry_run: 'true',
      },
    })
    expect(await runSetup([], setupIo)).toBe(0)
    expect(output.join('')).toContain('(dry run: nothing is changed)')
    expect(writes()).toEqual([])
    expect(convex.vars()).toEqual({})
  }, 60_000)

  it('reads the key from .env.local too', async () => {
    state = freshClerk()
    project = tempProject({ '.env.local': `CLERK_SECRET_KEY=${GOOD_SECRET}\n` })
    const run = await runCli(['--dry-run'], {})
    expect(run.code).toBe(1) // no Convex deployment yet
    expect(run.stdout).toContain('would   Allowed origins')
    expect(run.stdout).not.toContain(GOOD_SECRET)
  }, 60_000)
})
