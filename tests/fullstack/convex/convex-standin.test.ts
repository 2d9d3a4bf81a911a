// The Convex stand-in driven by convex's own clients (ConvexReactClient as the app uses it, ConvexClient), with
// tokens from a tiny OIDC issuer of our own: what a client sees for each of the backend's rules.
import { ConvexClient, ConvexHttpClient } from 'convex/browser'
import { ConvexReactClient } from 'convex/react'
import { makeFunctionReference, type AnyApi } from 'convex/server'
import { ConvexError } from 'convex/values'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST } from '../hosts'
import { testCertificate } from '../tls'
import { startConvexStandIn, type ConvexStandIn } from './index'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { chromium } from 'playwright-core'
import { Webhook } from 'svix'
import { standInFetch, standInWebSocket } from './testing/node-client'
import { startTestIssuer, type TestIssuer } from './testing/oidc-issuer'
import { verifyUserToken } from './token-verifier'
import { upstreamClient } from './upstream'

const api = {
  users: {
    me: makeFunctionReference<'query'>('users:me'),
    store: makeFunctionReference<'mutation'>('users:store'),
    deleteFromClerk: makeFunctionReference<'mutation'>('users:deleteFromClerk'),
  },
}

let issuer: TestIssuer
let standIn: ConvexStandIn | undefined
const closers: Array<() => Promise<unknown> | unknown> = []

beforeEach(async () => {
  issuer = await startTestIssuer()
})

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
  await standIn?.stop()
  standIn = undefined
  await issuer.stop()
})

async function start(
  env: Record<string, string> = { CLERK_JWT_ISSUER_DOMAIN: issuer.issuer },
  options: { heartbeatMs?: number } = {},
) {
  standIn = await startConvexStandIn({ env, upstream: { [issuer.host]: issuer.port }, ...options })
  return standIn
}

async function testCa() {
  return (await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])).cert
}

async function webSocketFor(target: ConvexStandIn) {
  return standInWebSocket(target, await testCa())
}

/** Client log lines (the convex client logs auth failures and reconnects). */
function captureLogger() {
  const lines: string[] = []
  const record = (...args: unknown[]) => lines.push(args.map(String).join(' '))
  return { lines, logger: { log: record, warn: record, error: record, logVerbose: () => undefined } }
}

async function reactClient(target: ConvexStandIn) {
  const captured = captureLogger()
  const client = new ConvexReactClient(target.url, {
    webSocketConstructor: await webSocketFor(target),
    logger: captured.logger,
    unsavedChangesWarning: false,
  })
  closers.push(() => client.close())
  return { client, log: captured.lines }
}

async function plainClient(target: ConvexStandIn) {
  const captured = captureLogger()
  const client = new ConvexClient(target.url, {
    webSocketConstructor: await webSocketFor(target),
    logger: captured.logger,
  })
  closers.push(() => client.close())
  return { client, log: captured.lines }
}

async function waitFor<T>(read: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = read()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** setAuth with a token source that mints a fresh token per call (as Clerk does on a forced refresh). */
function authenticate(client: ConvexReactClient | ConvexClient, mint: () => string) {
  const verdicts: boolean[] = []
  let fetches = 0
  client.setAuth(
    async () => {
      fetches++
      return mint()
    },
    (isAuthenticated) => verdicts.push(isAuthenticated),
  )
  return { verdicts, fetches: () => fetches }
}

type UserDoc = {
  email?: string
  emailVerified?: boolean
  tokenIdentifier?: string
  clerkUpdatedAt: number
  name?: string
}

describe('queries and mutations', () => {
  it('users.me follows users.store: null while not synced, then the stored user, pushed by a Transition', async () => {
    const target = await start()
    const { client } = await reactClient(target)
    const auth = authenticate(client, () =>
      issuer.mint({ email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' }),
    )
    const results: Array<UserDoc | null> = []
    const watch = client.watchQuery(api.users.me, {})
    const unsubscribe = watch.onUpdate(() => results.push(watch.localQueryResult() as UserDoc | null))
    closers.push(unsubscribe)

    await waitFor(() => auth.verdicts.includes(true), 'auth accepted')
    await waitFor(() => results.includes(null), 'users.me = null before the first sync')
    const stored = (await client.mutation(api.users.store, {})) as { created: boolean }
    expect(stored.created).toBe(true)
    const me = await waitFor(() => results.find((r) => r !== null), 'users.me after users.store')
    expect(me).toMatchObject({
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada Lovelace',
      tokenIdentifier: `${issuer.issuer}|user_alice`,
    })
    // convex 1.49 reports true for the cached token and again for the fresh one it fetches right after.
    expect(auth.verdicts.length).toBeGreaterThan(0)
    expect(auth.verdicts.every((verdict) => verdict)).toBe(true)
    const kinds = target.requests.map((r) => r.kind)
    expect(kinds).toEqual(
      expect.arrayContaining(['connect', 'Connect', 'Authenticate', 'ModifyQuerySet', 'Mutation']),
    )
  })

  it('a write from the test through t reaches a subscribed client', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    authenticate(client, () => issuer.mint({ name: 'Ada' }))
    await client.mutation(api.users.store, {})
    const names: Array<string | undefined> = []
    closers.push(client.onUpdate(api.users.me, {}, (user) => names.push((user as UserDoc | null)?.name)))
    await waitFor(() => names.includes('Ada'), 'first result')
    await target.t.run(async (ctx) => {
      const user = await ctx.db.query('users').first()
      await ctx.db.patch(user!._id, { name: 'Countess Lovelace' })
    })
    await waitFor(() => names.includes('Countess Lovelace'), 'the patched name')
  })

  it('without a token, our UNAUTHENTICATED ConvexError reaches the client with its code, for a query and a mutation', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    const queryErrors: unknown[] = []
    closers.push(
      client.onUpdate(
        api.users.me,
        {},
        () => undefined,
        (error) => queryErrors.push(error),
      ),
    )
    const mutationError = await client.mutation(api.users.store, {}).then(
      () => null,
      (error: unknown) => error,
    )
    expect(mutationError).toBeInstanceOf(ConvexError)
    expect((mutationError as ConvexError<{ code: string }>).data.code).toBe('UNAUTHENTICATED')
    const queryError = await waitFor(() => queryErrors[0], 'the query error')
    expect(queryError).toBeInstanceOf(ConvexError)
    expect((queryError as ConvexError<{ code: string; message: string }>).data).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Sign in to continue.',
    })
  })

  it('an internal function is not callable from a client', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    const error = await client
      .mutation(api.users.deleteFromClerk, {
        svixId: 'msg_1',
        eventType: 'user.deleted',
        clerkUserId: 'user_alice',
      })
      .then(
        () => null,
        (e: unknown) => e as Error,
      )
    expect(error?.message).toContain("Could not find public function for 'users:deleteFromClerk'")
  })
})

describe('tokens, by the backend rules', () => {
  it('accepts a valid token: onChange(true), identity from its claims', async () => {
    const target = await start()
    const { client } = await reactClient(target)
    const auth = authenticate(client, () => issuer.mint({ email: 'ada@example.com' }))
    await waitFor(() => auth.verdicts.includes(true), 'auth accepted')
    const detail = target.requests.find((r) => r.kind === 'Authenticate')?.detail
    expect(detail).toBe(`User accepted: ${issuer.issuer}|user_alice`)
    // Discovery, then the JWKS it points at, over TLS from the mapped loopback port.
    expect(issuer.requests.slice(0, 2)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/jwks.json',
    ])
  })

  async function expectRefused(env: Record<string, string> | undefined, mint: () => string, reason: RegExp) {
    const target = await start(env)
    const { client, log } = await reactClient(target)
    const auth = authenticate(client, mint)
    await waitFor(() => auth.verdicts.length > 0, 'the auth verdict')
    expect(auth.verdicts).toEqual([false])
    // The client fetched again (forced refresh) and retried fresh tokens before giving up.
    expect(auth.fetches()).toBe(4)
    const refusals = target.requests.filter(
      (r) => r.kind === 'Authenticate' && r.detail?.startsWith('User refused'),
    )
    expect(refusals).toHaveLength(4)
    expect(refusals[0]!.detail).toMatch(reason)
    expect(log.join('\n')).toMatch(/Failed to authenticate: ".+", check your server auth config/)
    // Each refusal ended its socket without a status code, as the backend does.
    expect(target.requests.filter((r) => r.detail === 'server closed (no status)')).toHaveLength(4)
    return target
  }

  it('wrong issuer (CLERK_JWT_ISSUER_DOMAIN is another Clerk instance): refused, auth callback false', async () => {
    await expectRefused(
      { CLERK_JWT_ISSUER_DOMAIN: 'https://other-instance.clerk.accounts.dev' },
      () => issuer.mint(),
      /No auth provider found matching the given token/,
    )
    expect(issuer.requests).toEqual([])
  })

  it('an extra audience: refused although aud contains convex', async () => {
    await expectRefused(
      undefined,
      () => issuer.mint({ aud: ['convex', 'another-app'] }),
      /`another-app` is not a trusted audience/,
    )
  })

  it('an expired token: refused', async () => {
    const now = Math.floor(Date.now() / 1000)
    await expectRefused(undefined, () => issuer.mint({ iat: now - 120, exp: now - 1 }), /expired/)
  })

  it('a string email_verified rejects the whole token', async () => {
    await expectRefused(
      undefined,
      () => issuer.mint({ email_verified: 'true' }),
      /Could not parse as OIDC ID token.*email_verified is not a boolean/,
    )
  })

  it('a token signed by another key: refused', async () => {
    const other = await startTestIssuer()
    closers.push(() => other.stop())
    await expectRefused(
      undefined,
      () => {
        // Same issuer and kid, another key: only the signature tells them apart.
        const [header, payload] = issuer.mint().split('.')
        const forged = other.mint(
          JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>,
        )
        return `${header}.${payload}.${forged.split('.')[2]}`
      },
      /bad signature/,
    )
  })

  it('a refused token that the refetch gives again: the client gives up at once', async () => {
    const target = await start({ CLERK_JWT_ISSUER_DOMAIN: 'https://other-instance.clerk.accounts.dev' })
    const { client } = await reactClient(target)
    const token = issuer.mint()
    const auth = authenticate(client, () => token)
    await waitFor(() => auth.verdicts.length > 0, 'the verdict')
    expect(auth.verdicts).toEqual([false])
    expect(auth.fetches()).toBe(2)
    expect(target.requests.filter((r) => r.kind === 'AuthError')).toHaveLength(1)
  })

  it('sign-out (clearAuth) sends Authenticate None: queries re-run unauthenticated', async () => {
    const target = await start()
    const { client } = await reactClient(target)
    const auth = authenticate(client, () => issuer.mint())
    await client.mutation(api.users.store, {})
    const watch = client.watchQuery(api.users.me, {})
    const outcomes: string[] = []
    closers.push(
      watch.onUpdate(() => {
        try {
          outcomes.push(watch.localQueryResult() === null ? 'null' : 'user')
        } catch (error) {
          outcomes.push((error as ConvexError<{ code: string }>).data.code)
        }
      }),
    )
    await waitFor(() => outcomes.includes('user'), 'the signed-in result')
    expect(auth.verdicts.every((verdict) => verdict)).toBe(true)
    client.clearAuth()
    await waitFor(() => outcomes.includes('UNAUTHENTICATED'), 'the signed-out result')
    expect(target.requests.filter((r) => r.kind === 'Authenticate').at(-1)?.detail).toBe('None')
  })

  it('standard claims are typed as the backend types them; custom claims pass through', async () => {
    const upstream = upstreamClient({
      upstream: { [issuer.host]: issuer.port },
      ca: (await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])).cert,
    })
    const providers = [{ domain: issuer.issuer, applicationID: 'convex' }]
    const { identity } = await verifyUserToken(
      issuer.mint({
        updated_at: 1_700_000_000,
        email: 'ada@example.com',
        email_verified: false,
        given_name: 'Ada',
        birthdate: '1815-12-10',
        zoneinfo: 'Europe/London',
        locale: 'en-GB',
        azp: 'harbor://renderer',
        fva: [5, -1],
        org: { id: 'org_1', role: 'admin' },
      }),
      { providers, upstream },
    )
    expect(identity).toMatchObject({
      tokenIdentifier: `${issuer.issuer}|user_alice`,
      subject: 'user_alice',
      issuer: issuer.issuer,
      updatedAt: '2023-11-14T22:13:20+00:00',
      email: 'ada@example.com',
      emailVerified: false,
      givenName: 'Ada',
      birthday: '1815-12-10',
      timezone: 'Europe/London',
      language: 'en-GB',
      sid: 'sess_alice_1',
      aud: 'convex',
      azp: 'harbor://renderer',
      org: { id: 'org_1', role: 'admin' },
    })
    expect(typeof identity.iat).toBe('number')
    for (const dropped of ['jti', 'nbf', 'fva', 'exp', 'iss', 'sub', 'updated_at', 'email_verified']) {
      expect(identity).not.toHaveProperty(dropped)
    }
    const fractional = await verifyUserToken(issuer.mint({ updated_at: 1_700_000_000.25 }), {
      providers,
      upstream,
    })
    expect(fractional.identity.updatedAt).toBe('2023-11-14T22:13:20.250+00:00')
    const rfc = await verifyUserToken(issuer.mint({ updated_at: '2024-02-29T23:30:00.5-01:00' }), {
      providers,
      upstream,
    })
    expect(rfc.identity.updatedAt).toBe('2024-03-01T00:30:00.500+00:00')
  })

  it('each rule on its own (verifier level): what is refused, with which message, and what passes', async () => {
    const upstream = upstreamClient({ upstream: { [issuer.host]: issuer.port }, ca: await testCa() })
    const providers = [{ domain: issuer.issuer, applicationID: 'convex' }]
    const verdict = (token: string) =>
      verifyUserToken(token, { providers, upstream }).then(
        () => 'accepted',
        (error: { shortMsg: string; detail: string }) => `${error.shortMsg}: ${error.detail}`,
      )
    const now = Math.floor(Date.now() / 1000)
    const cases: Array<[string, string, RegExp]> = [
      ['no iat', issuer.mint({ iat: undefined }), /^InvalidAuthHeader: iat missing/],
      [
        'exp as a date string',
        issuer.mint({ exp: new Date().toISOString() }),
        /^InvalidAuthHeader: unparseable payload/,
      ],
      ['name as a number', issuer.mint({ name: 42 }), /^InvalidAuthHeader: name is not a string/],
      ['email_verified null', issuer.mint({ email_verified: null }), /^accepted$/],
      ['typ at+jwt', issuer.mint({}, { header: { typ: 'at+jwt' } }), /^Unauthenticated: unsupported typ/],
      ['alg HS256', issuer.mint({}, { header: { alg: 'HS256' } }), /^Unauthenticated: algorithm HS256/],
      ['unknown kid', issuer.mint({}, { header: { kid: 'ins_other' } }), /^Unauthenticated: no matching key/],
      ['no kid, one key', issuer.mint({}, { header: { kid: undefined } }), /^accepted$/],
      ['exp = now (no leeway)', issuer.mint({ exp: now }), /^Unauthenticated: ID token expired/],
      ['exp in 30 s', issuer.mint({ exp: now + 30 }), /^accepted$/],
      [
        'iss with a trailing slash',
        issuer.mint({ iss: `${issuer.issuer}/` }),
        /^AuthProviderDiscoveryFailed: unexpected issuer URI/,
      ],
      ['no aud', issuer.mint({ aud: undefined }), /^NoAuthProvider/],
      ['not a JWT', 'not-a-jwt', /^InvalidAuthHeader: unparseable payload/],
    ]
    for (const [name, token, expected] of cases) {
      expect({ name, verdict: await verdict(token) }).toEqual({
        name,
        verdict: expect.stringMatching(expected),
      })
    }
  })

  it('EdDSA (Ed25519) tokens verify too; an RS256 header against an Ed25519-only JWKS finds no key', async () => {
    await issuer.stop()
    issuer = await startTestIssuer({ algorithm: 'EdDSA' })
    const upstream = upstreamClient({ upstream: { [issuer.host]: issuer.port }, ca: await testCa() })
    const providers = [{ domain: issuer.issuer, applicationID: 'convex' }]
    const { identity } = await verifyUserToken(issuer.mint(), { providers, upstream })
    expect(identity.tokenIdentifier).toBe(`${issuer.issuer}|user_alice`)
    await expect(
      verifyUserToken(issuer.mint({}, { header: { alg: 'RS256' } }), { providers, upstream }),
    ).rejects.toMatchObject({ detail: 'no matching key in the JWKS' })
  })

  it('discovery and JWKS responses are reused while their Cache-Control max-age lasts, and only then', async () => {
    const upstream = upstreamClient({ upstream: { [issuer.host]: issuer.port }, ca: await testCa() })
    const providers = [{ domain: issuer.issuer, applicationID: 'convex' }]
    await verifyUserToken(issuer.mint(), { providers, upstream })
    await verifyUserToken(issuer.mint(), { providers, upstream })
    expect(issuer.requests).toHaveLength(4)
    issuer.setCacheControl('public, max-age=60')
    await verifyUserToken(issuer.mint(), { providers, upstream })
    await verifyUserToken(issuer.mint(), { providers, upstream })
    expect(issuer.requests).toHaveLength(6)
    issuer.setCacheControl('no-store')
    const fresh = upstreamClient({ upstream: { [issuer.host]: issuer.port }, ca: await testCa() })
    await verifyUserToken(issuer.mint(), { providers, upstream: fresh })
    await verifyUserToken(issuer.mint(), { providers, upstream: fresh })
    expect(issuer.requests).toHaveLength(10)
  })

  it('updated_at reaches functions as an RFC 3339 string (users.store parses it into clerkUpdatedAt)', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    authenticate(client, () => issuer.mint({ updated_at: 1_700_000_000 }))
    await client.mutation(api.users.store, {})
    const users = await target.t.run(async (ctx) => await ctx.db.query('users').collect())
    expect(users).toHaveLength(1)
    expect(users[0]!.clerkUpdatedAt).toBe(Date.parse('2023-11-14T22:13:20+00:00'))
  })
})

describe('connection', () => {
  it('a dropped connection reconnects and resumes the query set and the identity', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    authenticate(client, () => issuer.mint({ name: 'Ada' }))
    await client.mutation(api.users.store, {})
    const names: Array<string | undefined> = []
    closers.push(client.onUpdate(api.users.me, {}, (user) => names.push((user as UserDoc | null)?.name)))
    await waitFor(() => names.includes('Ada'), 'first result')

    expect(target.dropConnections()).toBe(1)
    await waitFor(
      () => target.requests.some((r) => r.kind === 'Connect' && r.detail?.includes('connection 1')),
      'reconnect',
      15_000,
    )
    await target.t.run(async (ctx) => {
      const user = await ctx.db.query('users').first()
      await ctx.db.patch(user!._id, { name: 'Ada, reconnected' })
    })
    await waitFor(() => names.includes('Ada, reconnected'), 'an update after the reconnect', 15_000)
    const afterReconnect = target.requests.slice(
      target.requests.findIndex((r) => r.detail?.includes('connection 1')),
    )
    expect(afterReconnect.find((r) => r.kind === 'ModifyQuerySet')?.detail).toMatch(/^0->1 \+users:me#\d+$/)
    expect(afterReconnect.find((r) => r.kind === 'Authenticate')?.detail).toMatch(/^User accepted/)
  })

  it('an idle connection gets Ping from the server', async () => {
    const target = await start(undefined, { heartbeatMs: 100 })
    const StandInWebSocket = await webSocketFor(target)
    const socket = new StandInWebSocket(`wss://${CONVEX_DEPLOYMENT_HOST}/api/1.49.0/sync`)
    closers.push(() => socket.close())
    const first = await new Promise<string>((resolve, reject) => {
      socket.onmessage = (event) => resolve(String(event.data))
      socket.onerror = () => reject(new Error('socket error'))
    })
    expect(JSON.parse(first)).toEqual({ type: 'Ping' })
  })

  it('setLatency delays every frame each way', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    authenticate(client, () => issuer.mint())
    await client.mutation(api.users.store, {})
    // Frames still on their way at no latency land within a tick or two: let them, so that every frame sent from
    // `started` on is one the new latency applies to (one sent before it, in the same millisecond, arrived at once
    // and failed the check below in a CI run).
    await new Promise((resolve) => setTimeout(resolve, 50))
    target.setLatency(300)
    const started = Date.now()
    await client.mutation(api.users.store, {})
    // The Mutation in (300 ms), then the MutationResponse and the Transition it waits for out (300 ms, in order).
    expect(Date.now() - started).toBeGreaterThanOrEqual(600)
    // Logged with both ends: the Mutation reached the server 300 ms after it left, and so on.
    const recent = target.frames.filter((frame) => frame.sentAt >= started)
    const kinds = recent.map((frame) => `${frame.direction} ${frame.type}`)
    expect(kinds).toContain('client Mutation')
    expect(kinds.indexOf('server MutationResponse')).toBeGreaterThan(kinds.indexOf('client Mutation'))
    for (const frame of recent) expect(frame.arrivedAt - frame.sentAt).toBeGreaterThanOrEqual(300)
    // HTTP too: request and response.
    const httpStarted = Date.now()
    await standInFetch(target, await testCa())(`${target.url}/version`)
    expect(Date.now() - httpStarted).toBeGreaterThanOrEqual(600)
    // A new socket's handshake: the upgrade request and the 101, one latency each.
    const connectStarted = Date.now()
    await plainClient(target)
    const handshake = await waitFor(
      () => target.frames.find((frame) => frame.direction === 'handshake' && frame.sentAt >= connectStarted),
      'the second handshake',
    )
    expect(handshake.arrivedAt - handshake!.sentAt).toBeGreaterThanOrEqual(600)
    expect(() => target.setLatency(Number.NaN)).toThrow(/not a delay/)
  })
})

describe('the protocol on a raw socket', () => {
  async function rawSocket(target: ConvexStandIn) {
    const StandInWebSocket = await webSocketFor(target)
    const socket = new StandInWebSocket(`wss://${CONVEX_DEPLOYMENT_HOST}/api/1.49.0/sync`)
    closers.push(() => socket.close())
    const messages: Array<Record<string, unknown>> = []
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      socket.onclose = (event) => resolve({ code: event.code, reason: event.reason })
    })
    socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)) as Record<string, unknown>)
    await new Promise((resolve) => (socket.onopen = resolve))
    return { send: (message: unknown) => socket.send(JSON.stringify(message)), messages, closed }
  }
  const connect = {
    type: 'Connect',
    sessionId: 'raw',
    connectionCount: 0,
    lastCloseReason: null,
    clientTs: Date.now(),
  }

  it('a ModifyQuerySet from the wrong base version: FatalError, then a close without status', async () => {
    const target = await start()
    const raw = await rawSocket(target)
    raw.send(connect)
    raw.send({ type: 'ModifyQuerySet', baseVersion: 3, newVersion: 4, modifications: [] })
    expect(await raw.closed).toEqual({ code: 1005, reason: '' })
    expect(raw.messages).toEqual([
      { type: 'FatalError', error: "Base version 3 passed up doesn't match the current version 0" },
    ])
  })

  it('a client that saw a later timestamp than the backend knows: closed as an internal error (1011)', async () => {
    const target = await start()
    const raw = await rawSocket(target)
    const future = Buffer.alloc(8)
    future.writeBigUInt64LE((BigInt(Date.now()) + 3_600_000n) * 1_000_000n)
    raw.send({ ...connect, maxObservedTimestamp: future.toString('base64') })
    expect(await raw.closed).toEqual({ code: 1011, reason: 'InternalServerError' })
    expect(raw.messages).toEqual([])
  })

  it('a query set and an identity: the Transition goes from the version the client holds to the next', async () => {
    const target = await start()
    const raw = await rawSocket(target)
    raw.send(connect)
    raw.send({ type: 'Authenticate', tokenType: 'User', value: issuer.mint(), baseVersion: 0 })
    raw.send({
      type: 'ModifyQuerySet',
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: 'Add', queryId: 7, udfPath: 'users:me', args: [{}] }],
    })
    const transition = await waitFor(
      () => raw.messages.find((m) => m.type === 'Transition'),
      'the Transition',
    )
    expect(transition).toMatchObject({
      startVersion: { querySet: 0, identity: 0, ts: 'AAAAAAAAAAA=' },
      endVersion: { querySet: 1, identity: 1 },
      modifications: [{ type: 'QueryUpdated', queryId: 7, value: null, logLines: [], journal: null }],
    })
    raw.send({ type: 'Mutation', requestId: 0, udfPath: 'users:store', args: [{}] })
    const response = await waitFor(
      () => raw.messages.find((m) => m.type === 'MutationResponse'),
      'the response',
    )
    expect(response).toMatchObject({ requestId: 0, success: true, result: { created: true, changed: true } })
    const next = await waitFor(
      () => raw.messages.filter((m) => m.type === 'Transition')[1],
      'the next Transition',
    )
    expect((next.startVersion as { ts: string }).ts).toBe((transition.endVersion as { ts: string }).ts)
    expect((next.endVersion as { ts: string }).ts).toBe(response.ts)
    expect(next.modifications).toMatchObject([
      { type: 'QueryUpdated', queryId: 7, value: { clerkUserId: 'user_alice' } },
    ])
  })
})

describe('what the backend does when discovery fails', () => {
  async function connectWith(prepare: () => Promise<void> | void) {
    const target = await start()
    await prepare()
    const { client } = await reactClient(target)
    const auth = authenticate(client, () => issuer.mint())
    return { target, auth }
  }

  it('an unreachable provider: AuthError, the client gives up with onChange(false)', async () => {
    const { target, auth } = await connectWith(() => issuer.stop())
    await waitFor(() => auth.verdicts.length > 0, 'the verdict')
    expect(auth.verdicts).toEqual([false])
    const authErrors = target.requests.filter((r) => r.kind === 'AuthError')
    expect(authErrors[0]?.detail).toMatch(
      /^AuthProviderDiscoveryFailed: Auth provider discovery of https:\/\/clerk\.harbor-fullstack\.test failed/,
    )
    issuer = await startTestIssuer() // afterEach stops it
  })

  it('a 404 from discovery: the socket closes with 1000 and no AuthError; the client reconnects on its own', async () => {
    const { target, auth } = await connectWith(() => issuer.failWith(404))
    await waitFor(
      () => target.requests.some((r) => r.detail === 'server closed (1000 AuthProviderDiscoveryFailed)'),
      'the close',
    )
    expect(target.requests.some((r) => r.kind === 'AuthError')).toBe(false)
    expect(auth.verdicts).toEqual([])
    // Once the provider answers again, the client's next reconnect (its own backoff) is accepted.
    issuer.failWith(null)
    await waitFor(() => auth.verdicts.includes(true), 'accepted after recovery', 20_000)
    expect(target.requests.filter((r) => r.kind === 'Connect').length).toBeGreaterThanOrEqual(2)
  })

  it('a 503 from discovery: close 1013 (try again)', async () => {
    const { target } = await connectWith(() => issuer.failWith(503))
    await waitFor(
      () => target.requests.some((r) => r.detail === 'server closed (1013 AuthProviderDiscoveryFailed)'),
      'the close',
    )
  })
})

describe('session lifetime', () => {
  it('an identity whose token expires mid-session is ended (TokenExpired); the client re-authenticates and its mutation goes through', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    const now = Math.floor(Date.now() / 1000)
    // The first two fetches (cached, then the refresh right after acceptance) give the same short-lived token,
    // so the client schedules no refresh of its own; later fetches give fresh ones.
    const shortLived = issuer.mint({ iat: now - 30, exp: now + 2 })
    let fetches = 0
    client.setAuth(async () => (++fetches <= 2 ? shortLived : issuer.mint()))
    await client.mutation(api.users.store, {})
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (now + 2) * 1000 - Date.now()) + 100))
    const stored = (await client.mutation(api.users.store, {})) as { created: boolean }
    expect(stored.created).toBe(false)
    const authError = target.requests.find((r) => r.kind === 'AuthError')
    expect(authError?.detail).toBe('TokenExpired: Convex token identity expired (authUpdateAttempted: false)')
    expect(fetches).toBeGreaterThanOrEqual(3)
  })

  it('offline keeps the data and refuses connections; back online the client resumes without help', async () => {
    const target = await start()
    const { client } = await plainClient(target)
    authenticate(client, () => issuer.mint({ name: 'Ada' }))
    await client.mutation(api.users.store, {})
    const names: Array<string | undefined> = []
    closers.push(client.onUpdate(api.users.me, {}, (user) => names.push((user as UserDoc | null)?.name)))
    await waitFor(() => names.includes('Ada'), 'first result')

    await target.setOffline(true)
    expect(target.connections).toBe(0)
    const refused = await standInFetch(target, await testCa())(`${target.url}/api/query`, {
      method: 'POST',
    }).then(
      () => 'answered',
      (error: Error) => error.message,
    )
    expect(refused).toMatch(/ECONNREFUSED/)
    await target.t.run(async (ctx) => {
      const user = await ctx.db.query('users').first()
      await ctx.db.patch(user!._id, { name: 'Ada, while offline' })
    })
    await target.setOffline(false)
    await waitFor(() => names.includes('Ada, while offline'), 'the update after coming back', 20_000)
  })
})

describe('actions', () => {
  it('fetch inside a function reaches loopback only; stop() puts the original fetch back', async () => {
    const originalFetch = globalThis.fetch
    const target = await start()
    const local = createServer((_request, response) => response.end('from loopback'))
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise((resolve) => local.close(resolve)))
    const address = local.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const reached = await target.t.action(async () => await (await fetch(`http://127.0.0.1:${port}/`)).text())
    expect(reached).toBe('from loopback')
    await expect(target.t.action(async () => await fetch('https://api.clerk.com/v1/users'))).rejects.toThrow(
      /api\.clerk\.com is outside the test/,
    )
    expect(target.requests.filter((r) => r.kind === 'action fetch').map((r) => r.detail)).toEqual([
      `http://127.0.0.1:${port}/`,
      'https://api.clerk.com/v1/users',
    ])
    await target.stop()
    expect(globalThis.fetch).toBe(originalFetch)
  })
})

describe('HTTP', () => {
  it('ConvexHttpClient: queries and mutations with a token, ConvexError data without one, 401 for a refused token', async () => {
    const target = await start()
    const fetchThroughStandIn = standInFetch(target, await testCa())
    const http = new ConvexHttpClient(target.url, { fetch: fetchThroughStandIn, logger: false })
    http.setAuth(issuer.mint({ email: 'ada@example.com' }))
    await http.mutation(api.users.store, {})
    expect(await http.query(api.users.me, {})).toMatchObject({ email: 'ada@example.com' })

    const anonymous = new ConvexHttpClient(target.url, { fetch: fetchThroughStandIn, logger: false })
    const error = await anonymous.query(api.users.me, {}).then(
      () => null,
      (e: unknown) => e,
    )
    expect((error as ConvexError<{ code: string }>).data.code).toBe('UNAUTHENTICATED')

    const refused = new ConvexHttpClient(target.url, { fetch: fetchThroughStandIn, logger: false })
    refused.setAuth(issuer.mint({ aud: 'not-convex' }))
    await expect(refused.query(api.users.me, {})).rejects.toThrow(/NoAuthProvider/)
  })

  it('HTTP actions on <name>.convex.site: a signed Clerk webhook writes, and a subscribed client sees it', async () => {
    const secret = `whsec_${Buffer.from('stand-in webhook secret 32 bytes!').toString('base64')}`
    const target = await start({ CLERK_JWT_ISSUER_DOMAIN: issuer.issuer, CLERK_WEBHOOK_SECRET: secret })
    const { client } = await plainClient(target)
    authenticate(client, () => issuer.mint({ name: 'Ada' }))
    await client.mutation(api.users.store, {})
    const names: Array<string | undefined> = []
    closers.push(client.onUpdate(api.users.me, {}, (user) => names.push((user as UserDoc | null)?.name)))
    await waitFor(() => names.includes('Ada'), 'first result')

    const body = JSON.stringify({
      type: 'user.updated',
      object: 'event',
      data: {
        id: 'user_alice',
        first_name: 'Augusta Ada',
        last_name: 'King',
        username: null,
        image_url: null,
        primary_email_address_id: null,
        email_addresses: [],
        updated_at: Date.now(),
      },
    })
    const id = 'msg_standin_1'
    const at = new Date()
    const response = await standInFetch(target, await testCa())(
      'https://harbor-fullstack.convex.site/clerk-webhook',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'svix-id': id,
          'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
          'svix-signature': new Webhook(secret).sign(id, at, body),
        },
        body,
      },
    )
    expect(response.status).toBe(200)
    await waitFor(() => names.includes('Augusta Ada King'), 'the webhook update')
  })

  it('anything else is a 404', async () => {
    const target = await start()
    const response = await standInFetch(target, await testCa())(`${target.url}/version`)
    expect(response.status).toBe(404)
  })
})

/** What convex/dist/browser.bundle.js puts on `window.convex`. */
type ConvexBundle = { ConvexClient: typeof ConvexClient; anyApi: AnyApi }

describe('Chromium', () => {
  it("Chromium's WebSocket reaches the stand-in through --host-resolver-rules, and convex's browser client syncs", async () => {
    const target = await start()
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--ignore-certificate-errors',
        `--host-resolver-rules=MAP ${CONVEX_DEPLOYMENT_HOST} 127.0.0.1:${target.port}, MAP * ~NOTFOUND`,
      ],
    })
    closers.push(() => browser.close())
    const context = await browser.newContext({ permissions: ['local-network-access'] })
    const page = await context.newPage()
    const bundle = await readFile(
      new URL('../../../node_modules/convex/dist/browser.bundle.js', import.meta.url),
      'utf8',
    )
    // The page's own origin never touches the network: Playwright answers it.
    await page.route('https://app.harbor-fullstack.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script>${bundle}</script>`,
      }),
    )
    await page.goto('https://app.harbor-fullstack.test/')
    const token = issuer.mint({ name: 'Ada in Chromium' })
    const me = await page.evaluate(
      async ({ url, token }) => {
        const { ConvexClient, anyApi } = (globalThis as unknown as { convex: ConvexBundle }).convex
        const client = new ConvexClient(url)
        client.setAuth(async () => token)
        await client.mutation(anyApi.users!.store!, {})
        const user = await new Promise((resolve) => {
          const stop = client.onUpdate(anyApi.users!.me!, {}, (value) => {
            if (value !== null) {
              stop()
              resolve(value)
            }
          })
        })
        await client.close()
        return user
      },
      { url: target.url, token },
    )
    expect(me).toMatchObject({ name: 'Ada in Chromium', tokenIdentifier: `${issuer.issuer}|user_alice` })
    expect(target.requests.find((r) => r.kind === 'connect')?.detail).toBe('client 1.49.0')
  })
})
