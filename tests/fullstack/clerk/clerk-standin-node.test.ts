// The Clerk stand-in from Node, at the HTTP level: token claims as Convex will read them, the client token in
// `Authorization`, CORS for native mode, the served UI files, the Backend API's authentication and revoke, and the
// plumbing other tests rely on (latency, request log, suspend/resume, stop).
import { createPublicKey, verify } from 'node:crypto'
import { request as httpsRequest } from 'node:https'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLERK_FRONTEND_API_HOST, CLERK_ISSUER, CONVEX_DEPLOYMENT_HOST, PUBLISHABLE_KEY } from '../hosts'
import { testCertificate } from '../tls'
import {
  CLOCK_SKEW_S,
  profileClaims,
  sessionTokenClaims,
  templateTokenClaims,
  TOKEN_LIFETIME_S,
} from './claims'
import { decodeJwt, startClerkStandIn, type ClerkStandIn } from './index'
import { Model } from './model'
import { makeSigningKey, signJwt } from './tokens'

const ORIGIN = 'https://renderer.harbor.test'

interface FapiResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
}

async function fapi(
  standIn: ClerkStandIn,
  method: string,
  path: string,
  options: {
    token?: string
    body?: Record<string, string>
    origin?: string
    headers?: Record<string, string>
    /** The listener a deployment's servers reach (serverPort) instead of the user's. */
    fromServers?: boolean
  } = {},
): Promise<FapiResponse> {
  const { cert } = await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])
  const body = options.body ? new URLSearchParams(options.body).toString() : undefined
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: options.fromServers ? standIn.serverPort : standIn.port,
        method,
        path,
        servername: CLERK_FRONTEND_API_HOST,
        ca: cert,
        // A fresh connection each time, so a stopped listener shows as refused, not as a dead pooled socket.
        agent: false,
        headers: {
          host: CLERK_FRONTEND_API_HOST,
          ...(options.origin ? { origin: options.origin } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = text ? JSON.parse(text) : null
          } catch {
            json = text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json })
        })
      },
    )
    req.on('error', reject)
    if (body) req.write(body)
    req.end()
  })
}

const bapi = (standIn: ClerkStandIn, method: string, path: string, key: string | null = standIn.secretKey) =>
  fetch(`${standIn.backendApiUrl}${path}`, {
    method,
    headers: key === null ? {} : { Authorization: `Bearer ${key}` },
  })

/** Password sign-in over the Frontend API; returns the client token and the session id. */
async function signIn(standIn: ClerkStandIn, email: string, password: string) {
  const created = await fapi(standIn, 'POST', '/v1/client/sign_ins?_is_native=1', {
    origin: ORIGIN,
    body: { identifier: email },
  })
  expect(created.status).toBe(200)
  const token = created.headers.authorization as string
  const attempted = await fapi(
    standIn,
    'POST',
    `/v1/client/sign_ins/${created.json.response.id}/attempt_first_factor?_is_native=1`,
    { origin: ORIGIN, token, body: { strategy: 'password', password } },
  )
  expect(attempted.status).toBe(200)
  expect(attempted.json.response.status).toBe('complete')
  return { token, sessionId: attempted.json.response.created_session_id as string }
}

describe('token claims', () => {
  const model = new Model(CLERK_ISSUER)
  const user = model.createUser({
    email: 'Ada@Example.com',
    password: 'pw-1234567',
    firstName: 'Ada',
    emailVerified: false,
  })
  const client = model.createClient()
  const session = model.createSession(client, user)
  const nowMs = 1_800_000_000_000
  const base = {
    issuer: CLERK_ISSUER,
    session,
    user,
    imageUrl: 'https://img.clerk.com/x',
    origin: ORIGIN,
    nowMs,
  }

  it('session token, integration mode: default claims plus aud convex, no profile until mapped', () => {
    const claims = sessionTokenClaims({ ...base, mode: { mode: 'integration', profileClaimsMapped: false } })
    expect(claims).toEqual({
      azp: ORIGIN,
      aud: 'convex',
      exp: 1_800_000_000 + TOKEN_LIFETIME_S,
      fva: expect.any(Array),
      iat: 1_800_000_000,
      iss: CLERK_ISSUER,
      nbf: 1_800_000_000 - CLOCK_SKEW_S,
      sid: session.id,
      sub: user.id,
      v: 2,
    })
    const mapped = sessionTokenClaims({ ...base, mode: { mode: 'integration', profileClaimsMapped: true } })
    expect(mapped).toMatchObject({
      aud: 'convex',
      email: 'Ada@Example.com',
      email_verified: false,
      name: 'Ada',
    })
  })

  it('session token, template mode: no aud and no profile claims, whatever the mapping', () => {
    const claims = sessionTokenClaims({ ...base, mode: { mode: 'template', profileClaimsMapped: true } })
    expect(claims).not.toHaveProperty('aud')
    expect(claims).not.toHaveProperty('email')
    expect(claims.sid).toBe(session.id)
  })

  it('convex template token: aud convex, jti, sid, and the README profile claims typed as Clerk renders them', () => {
    const claims = templateTokenClaims({ ...base, mode: { mode: 'template', profileClaimsMapped: true } })
    expect(claims).toMatchObject({
      aud: 'convex',
      azp: ORIGIN,
      iss: CLERK_ISSUER,
      sub: user.id,
      sid: session.id,
      email: 'Ada@Example.com',
      email_verified: false,
      name: 'Ada',
      given_name: 'Ada',
      // Shortcodes that resolve to nothing are null in Clerk's tokens (its docs' `"surname": null` example).
      family_name: null,
      nickname: null,
      picture: 'https://img.clerk.com/x',
      updated_at: Math.floor(user.updatedAt / 1000),
    })
    expect(typeof claims.jti).toBe('string')
    expect(Number.isInteger(claims.updated_at)).toBe(true)
    const bare = templateTokenClaims({ ...base, mode: { mode: 'template', profileClaimsMapped: false } })
    expect(bare).not.toHaveProperty('email')
  })

  it('azp is left out when the request had no usable Origin', () => {
    for (const origin of [undefined, 'null']) {
      const claims = sessionTokenClaims({
        ...base,
        origin,
        mode: { mode: 'integration', profileClaimsMapped: false },
      })
      expect(claims).not.toHaveProperty('azp')
    }
  })

  it('full name joins first and last names, and is null when there are none', () => {
    const other = model.createUser({ email: 'nobody@example.com', password: 'pw-1234567' })
    expect(profileClaims(other, 'x')).toMatchObject({ name: null, given_name: null, family_name: null })
    expect(() => model.createUser({ email: 'ada@example.com', password: 'x' })).toThrow(/exists already/)
    expect(() => model.createUser({ email: 'not an email', password: 'x' })).toThrow(/not an email/)
  })
})

describe('the stand-in over HTTP', () => {
  let standIn: ClerkStandIn
  let userId: string

  beforeAll(async () => {
    standIn = await startClerkStandIn()
    userId = standIn.createUser({
      email: 'grace@example.com',
      password: 'cobol for ever',
      firstName: 'Grace',
    }).id
  })
  afterAll(() => standIn?.stop())

  it('exposes the hosts.ts values', () => {
    expect(standIn).toMatchObject({
      host: CLERK_FRONTEND_API_HOST,
      publishableKey: PUBLISHABLE_KEY,
      issuer: CLERK_ISSUER,
    })
    expect(standIn.secretKey).toMatch(/^sk_test_/)
    expect(standIn.backendApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('a request without a client token gets no client and no token', async () => {
    const response = await fapi(standIn, 'GET', '/v1/client?_is_native=1', { origin: ORIGIN })
    expect(response.status).toBe(200)
    expect(response.json).toEqual({ response: null, client: null })
    expect(response.headers.authorization).toBeUndefined()
  })

  it('answers the CORS preflight of a native request and exposes Authorization', async () => {
    const preflight = await fapi(standIn, 'OPTIONS', '/v1/client', {
      origin: ORIGIN,
      headers: { 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization')
    const response = await fapi(standIn, 'GET', '/v1/environment', { origin: ORIGIN })
    expect(response.headers['access-control-expose-headers']).toBe('Authorization')
    expect(response.json).toMatchObject({ object: 'environment', auth_config: { single_session_mode: true } })
  })

  it('signs in, hands out the client token, and mints tokens the published JWKS verifies', async () => {
    const { token, sessionId } = await signIn(standIn, 'grace@example.com', 'cobol for ever')
    const client = await fapi(standIn, 'GET', '/v1/client', { token, origin: ORIGIN })
    expect(client.headers.authorization).toBe(token)
    expect(client.json.response.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId])
    expect(client.json.response.sessions[0].user).toMatchObject({ id: userId, first_name: 'Grace' })

    const minted = await fapi(standIn, 'POST', `/v1/client/sessions/${sessionId}/tokens`, {
      token,
      origin: ORIGIN,
    })
    expect(minted.status).toBe(200)
    expect(minted.json.object).toBe('token')
    const jwt = minted.json.jwt as string
    const jwks = await fapi(standIn, 'GET', '/.well-known/jwks.json')
    const [header, payload, signature] = jwt.split('.') as [string, string, string]
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { kid: string }
    const jwk = jwks.json.keys.find((key: { kid: string }) => key.kid === kid)
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      createPublicKey({ key: jwk, format: 'jwk' }),
      Buffer.from(signature, 'base64url'),
    )
    expect(ok).toBe(true)
    expect(decodeJwt(jwt)).toMatchObject({ sub: userId, sid: sessionId, aud: 'convex', azp: ORIGIN })
  })

  it('ignores a client token it did not sign', async () => {
    await signIn(standIn, 'grace@example.com', 'cobol for ever')
    const client = standIn.sessions().at(-1)!.clientId
    const forged = signJwt(makeSigningKey(), { id: client })
    const response = await fapi(standIn, 'GET', '/v1/client', { token: forged })
    expect(response.json.response).toBeNull()
  })

  it('refuses a second sign-in on a signed-in client (single-session instance)', async () => {
    const { token } = await signIn(standIn, 'grace@example.com', 'cobol for ever')
    const again = await fapi(standIn, 'POST', '/v1/client/sign_ins', {
      token,
      body: { identifier: 'grace@example.com' },
    })
    expect(again.status).toBe(400)
    expect(again.json.errors[0].code).toBe('session_exists')
  })

  it('unknown identifiers and the email code flow answer with Clerk’s codes', async () => {
    const unknown = await fapi(standIn, 'POST', '/v1/client/sign_ins', {
      body: { identifier: 'who@example.com' },
    })
    expect(unknown.status).toBe(422)
    expect(unknown.json.errors[0]).toMatchObject({
      code: 'form_identifier_not_found',
      meta: { param_name: 'identifier' },
    })
    const created = await fapi(standIn, 'POST', '/v1/client/sign_ins', {
      body: { identifier: 'grace@example.com', strategy: 'email_code' },
    })
    expect(created.json.response.first_factor_verification).toMatchObject({
      strategy: 'email_code',
      status: 'unverified',
    })
    const code = standIn.lastEmailCode('GRACE@example.com')
    expect(code).toMatch(/^\d{6}$/)
    const token = created.headers.authorization as string
    const done = await fapi(
      standIn,
      'POST',
      `/v1/client/sign_ins/${created.json.response.id}/attempt_first_factor`,
      {
        token,
        body: { strategy: 'email_code', code: code! },
      },
    )
    expect(done.json.response.status).toBe('complete')
    expect(done.json.client.last_authentication_strategy).toBe('email_code')
  })

  it('serves Clerk UI files from node_modules and nothing outside them', async () => {
    const script = await fapi(standIn, 'GET', '/npm/@clerk/ui@1/dist/ui.browser.js')
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toMatch(/javascript/)
    expect(script.headers['access-control-allow-origin']).toBe('*')
    for (const path of [
      '/npm/@clerk/ui@1/dist/..%2Fpackage.json',
      '/npm/@clerk/ui@1/dist/../package.json',
      '/npm/left-pad@1/dist/x.js',
    ]) {
      expect((await fapi(standIn, 'GET', path)).status).toBe(404)
    }
  })

  it('the OAuth callback refuses an unknown state, and a rotating token nonce works once', async () => {
    expect((await fapi(standIn, 'GET', '/v1/oauth_callback?state=nope&code=x')).status).toBe(400)
    standIn.setOAuthIdentity('grace@example.com')
    try {
      const created = await fapi(standIn, 'POST', '/v1/client/sign_ins', {
        body: {
          strategy: 'oauth_google',
          redirect_url: 'harbor://renderer/',
          action_complete_redirect_url: 'harbor://renderer/',
        },
      })
      const token = created.headers.authorization as string
      const provider = new URL(
        created.json.response.first_factor_verification.external_verification_redirect_url,
      )
      expect(provider.host).toBe(CLERK_FRONTEND_API_HOST)
      const consent = await fapi(standIn, 'GET', provider.pathname + provider.search)
      expect(consent.status).toBe(302)
      const callback = new URL(consent.headers.location as string)
      const back = await fapi(standIn, 'GET', callback.pathname + callback.search)
      expect(back.status).toBe(302)
      const deepLink = new URL(back.headers.location as string)
      expect(deepLink.href.startsWith('harbor://renderer/?rotating_token_nonce=')).toBe(true)
      const nonce = deepLink.searchParams.get('rotating_token_nonce')!
      const path = `/v1/client/sign_ins/${created.json.response.id}?rotating_token_nonce=${nonce}`
      const first = await fapi(standIn, 'GET', path, { token })
      expect(first.json.response.status).toBe('complete')
      expect(first.json.client.sessions).toHaveLength(1)
      expect((await fapi(standIn, 'GET', path, { token })).status).toBe(400)
    } finally {
      standIn.setOAuthIdentity(null)
    }
  })

  it('OAuth: both redirect URLs must be allowed, and a provider account without a Clerk user is refused', async () => {
    const refused = await fapi(standIn, 'POST', '/v1/client/sign_ins', {
      body: {
        strategy: 'oauth_google',
        redirect_url: 'harbor://renderer/',
        action_complete_redirect_url: 'https://evil.example/',
      },
    })
    expect(refused.status).toBe(422)
    expect(refused.json.errors[0]).toMatchObject({
      code: 'form_param_value_invalid',
      meta: { param_name: 'action_complete_redirect_url' },
    })
    standIn.setOAuthIdentity('stranger@example.com')
    try {
      const created = await fapi(standIn, 'POST', '/v1/client/sign_ins', {
        body: { strategy: 'oauth_google', redirect_url: 'harbor-dev://renderer/' },
      })
      const provider = new URL(
        created.json.response.first_factor_verification.external_verification_redirect_url,
      )
      const callback = new URL(
        (await fapi(standIn, 'GET', provider.pathname + provider.search)).headers.location as string,
      )
      const back = await fapi(standIn, 'GET', callback.pathname + callback.search)
      const deepLink = new URL(back.headers.location as string)
      expect(`${deepLink.protocol}//${deepLink.host}${deepLink.pathname}`).toBe('harbor-dev://renderer/')
      expect(Object.fromEntries(deepLink.searchParams)).toEqual({
        __clerk_status: 'failed',
        __clerk_error_code: 'not_allowed_access',
      })
    } finally {
      standIn.setOAuthIdentity(null)
    }
  })

  describe('Backend API', () => {
    it('refuses requests without the secret key, in Clerk’s error shape', async () => {
      for (const key of [null, 'sk_test_wrong', `${standIn.secretKey}x`]) {
        const response = await bapi(standIn, 'GET', `/v1/sessions?user_id=${userId}`, key)
        expect(response.status).toBe(401)
        expect(await response.json()).toMatchObject({ errors: [{ code: 'clerk_key_invalid' }] })
      }
    })

    it('lists a user’s sessions, and needs a user or client to list', async () => {
      const list = await bapi(standIn, 'GET', `/v1/sessions?user_id=${userId}`)
      expect(list.status).toBe(200)
      const sessions = (await list.json()) as Array<{ object: string; user_id: string }>
      expect(sessions.length).toBeGreaterThan(0)
      expect(sessions.every((s) => s.object === 'session' && s.user_id === userId)).toBe(true)
      expect((await bapi(standIn, 'GET', '/v1/sessions')).status).toBe(422)
      const paginated = (await (
        await bapi(standIn, 'GET', `/v1/sessions?user_id=${userId}&paginated=true`)
      ).json()) as {
        total_count: number
      }
      expect(paginated.total_count).toBe(sessions.length)
    })

    it('revokes a session: the client’s token requests then fail as signed out, and the client drops it', async () => {
      const { token, sessionId } = await signIn(standIn, 'grace@example.com', 'cobol for ever')
      // As a Convex action would send it: JSON, with an (empty) body.
      const revoked = await fetch(`${standIn.backendApiUrl}/v1/sessions/${sessionId}/revoke`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${standIn.secretKey}`, 'Content-Type': 'application/json' },
        body: '{}',
      })
      expect(revoked.status).toBe(200)
      expect(await revoked.json()).toMatchObject({
        object: 'session',
        id: sessionId,
        status: 'revoked',
        user_id: userId,
      })
      const minted = await fapi(standIn, 'POST', `/v1/client/sessions/${sessionId}/tokens`, { token })
      expect(minted.status).toBe(401)
      expect(minted.json.errors[0].code).toBe('signed_out')
      const client = await fapi(standIn, 'GET', '/v1/client', { token })
      expect(client.json.response.sessions).toEqual([])
      expect(standIn.sessions().find((s) => s.id === sessionId)?.status).toBe('revoked')

      const twice = await bapi(standIn, 'POST', `/v1/sessions/${sessionId}/revoke`)
      expect(twice.status).toBe(400)
      const unknown = await bapi(standIn, 'POST', '/v1/sessions/sess_unknown/revoke')
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toMatchObject({ errors: [{ code: 'resource_not_found' }] })
      expect(() => standIn.revokeSession('sess_unknown')).toThrow(/no session/)
    })
  })

  it('logs every request, on both listeners, with its status', async () => {
    const before = standIn.requests.length
    await fapi(standIn, 'POST', '/v1/client/sessions?_method=DELETE')
    await bapi(standIn, 'GET', '/v1/sessions', null)
    expect(standIn.requests.slice(before)).toEqual([
      expect.objectContaining({
        api: 'frontend',
        method: 'POST',
        intendedMethod: 'DELETE',
        path: '/v1/client/sessions',
        status: 200,
      }),
      expect.objectContaining({ api: 'backend', method: 'GET', path: '/v1/sessions', status: 401 }),
    ])
  })

  it('delays every request and every response by the latency set, and logs when each was sent and answered', async () => {
    standIn.setLatency(300)
    try {
      const logged = standIn.requests.length
      const started = Date.now()
      await fapi(standIn, 'GET', '/v1/environment')
      await bapi(standIn, 'GET', '/v1/sessions', null)
      // Each way: the request waits 300 ms before it is answered, the response 300 ms more.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 2 * 300 - 10)
      const entries = standIn.requests.slice(logged)
      expect(entries.map((entry) => entry.path)).toEqual(['/v1/environment', '/v1/sessions'])
      for (const entry of entries) {
        expect(entry.sentAt).toBeGreaterThanOrEqual(started)
        expect(entry.at - entry.sentAt).toBeGreaterThanOrEqual(2 * 300)
      }
      expect(entries[1]!.sentAt).toBeGreaterThanOrEqual(entries[0]!.at)
    } finally {
      standIn.setLatency(0)
    }
    expect(() => standIn.setLatency(-1)).toThrow()
  })

  it('delays what the deployment’s servers ask (their listener, the Backend API) by the server latency once one is set', async () => {
    standIn.setLatency(250)
    try {
      // Unset, the servers' requests travel at the user's latency like every other.
      let started = Date.now()
      await fapi(standIn, 'GET', '/.well-known/jwks.json', { fromServers: true })
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 250 - 10)

      standIn.setServerLatency(20)
      started = Date.now()
      const jwks = await fapi(standIn, 'GET', '/.well-known/jwks.json', { fromServers: true })
      await bapi(standIn, 'GET', '/v1/sessions', null)
      const serversTook = Date.now() - started
      expect(jwks.status).toBe(200)
      expect(serversTook).toBeGreaterThanOrEqual(2 * 2 * 20 - 10)
      expect(serversTook).toBeLessThan(2 * 250)
      // The user's listener keeps the user's latency.
      started = Date.now()
      await fapi(standIn, 'GET', '/.well-known/jwks.json')
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 250 - 10)
      expect(() => standIn.setServerLatency(-1)).toThrow()
    } finally {
      standIn.setLatency(0)
      standIn.setServerLatency(null)
    }
  })

  it('suspend() makes Clerk unreachable and resume() brings it back on the same port with the same state', async () => {
    standIn.createUser({ email: 'katherine@example.com', password: 'orbital mechanics' })
    const { token, sessionId } = await signIn(standIn, 'katherine@example.com', 'orbital mechanics')
    await standIn.suspend()
    await expect(fapi(standIn, 'GET', '/v1/client', { token })).rejects.toThrow(/ECONNREFUSED/)
    await standIn.resume()
    const client = await fapi(standIn, 'GET', '/v1/client', { token })
    expect(client.json.response.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId])
  })
})

it('stop() closes both ports', async () => {
  const standIn = await startClerkStandIn()
  await standIn.stop()
  const refused = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(false)
      })
      socket.once('error', () => resolve(true))
    })
  expect(await refused(standIn.port)).toBe(true)
  expect(await refused(Number(new URL(standIn.backendApiUrl).port))).toBe(true)
  await expect(standIn.resume()).rejects.toThrow(/stopped/)
})
