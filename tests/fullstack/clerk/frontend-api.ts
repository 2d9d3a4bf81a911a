// Clerk's Frontend API as clerk-js 6.40 uses it in native mode (standardBrowser: false, which @clerk/electron's
// React provider sets): no cookies, no dev-browser handshake; the client token travels in the `Authorization`
// header both ways (`@clerk/electron/dist/esm/react/index.js` adds `_is_native=1`, sends `Authorization: Bearer
// <token>` and saves the `Authorization` response header after every response). clerk-js only ever sends GET and
// POST; other methods arrive as `_method=DELETE|PUT|PATCH` (clerk-js fapiClient).
//
// Routes (all under /v1 unless noted) and where their shapes come from: README.md in this folder.
import { readFile } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { join, resolve } from 'node:path'
import { randomBytes, randomInt } from 'node:crypto'
import { sessionTokenClaims, templateTokenClaims, CONVEX_TEMPLATE, type TokenMode } from './claims'
import { environmentJson, GOOGLE_STRATEGY } from './environment'
import { apiError, type Reply } from './http'
import { clerkId, type Client, type Model, type Session, type SignIn, type User } from './model'
import { jwks, signJwt, verifyJwt, type SigningKey } from './tokens'

const PROJECT_ROOT = resolve(import.meta.dirname, '../../..')
/** npm packages served the way Clerk's Frontend API proxies its CDN: /npm/<package>@<version>/dist/<file>. */
const SERVED_PACKAGES: Record<string, string> = {
  '@clerk/ui': join(PROJECT_ROOT, 'node_modules/@clerk/ui/dist'),
  '@clerk/clerk-js': join(PROJECT_ROOT, 'node_modules/@clerk/clerk-js/dist'),
}
const EMAIL_CODE_LIFETIME_MS = 10 * 60_000
/** The provider's pages live under this path on the Frontend API host (see oauthProviderPage). */
export const OAUTH_PROVIDER_PATH = '/standin/oauth-provider/authorize'

export interface FrontendApiContext {
  model: Model
  key: SigningKey
  issuer: string
  host: string
  tokenMode(): TokenMode
  isAllowedRedirect(url: string): boolean
  /** Who the OAuth provider signs in next without asking ('deny' = the user refuses), or null to show a chooser. */
  oauthIdentity(): string | null
}

export interface FrontendRequest {
  method: string
  url: URL
  headers: IncomingMessage['headers']
  body: Record<string, string>
}

export interface FrontendReply extends Reply {
  /** The client the request ended up with (its token goes back in `Authorization`). */
  client?: Client | null
}

const notFound = (what: string): FrontendReply =>
  apiError(404, 'resource_not_found', 'not found', `No ${what} was found.`)

const signedOut = (): FrontendReply => apiError(401, 'signed_out', 'Signed out', 'You are signed out')

/** The client named by the request's client token (a JWT this stand-in signed: `{ id, rotating_token }`). */
export function clientFromRequest(
  context: FrontendApiContext,
  headers: IncomingMessage['headers'],
): Client | null {
  const header = headers.authorization
  if (!header) return null
  const token = header.startsWith('Bearer ') ? header.slice(7) : header
  const claims = verifyJwt(context.key, token)
  if (!claims || typeof claims.id !== 'string') return null
  const client = context.model.clients.get(claims.id)
  return client && client.rotatingToken === claims.rotating_token ? client : null
}

export function clientToken(context: FrontendApiContext, client: Client): string {
  return signJwt(context.key, { id: client.id, rotating_token: client.rotatingToken })
}

function origin(request: FrontendRequest): string | undefined {
  const value = request.headers.origin
  return typeof value === 'string' ? value : undefined
}

export async function handleFrontendApi(
  context: FrontendApiContext,
  request: FrontendRequest,
): Promise<FrontendReply> {
  const { url } = request
  const path = url.pathname
  const method = (url.searchParams.get('_method') ?? request.method).toUpperCase()

  // Public, unauthenticated documents.
  if (method === 'GET' && path === '/.well-known/openid-configuration')
    return { status: 200, body: discovery(context) }
  if (method === 'GET' && (path === '/.well-known/jwks.json' || path === '/v1/jwks'))
    return { status: 200, body: jwks(context.key) }
  if (method === 'GET' && path.startsWith('/npm/')) return servePackageFile(path)
  if (method === 'GET' && path === OAUTH_PROVIDER_PATH) return oauthProviderPage(context, url)
  if (method === 'GET' && path === '/v1/oauth_callback') return oauthCallback(context, url)
  // Every Frontend API answer to a request that named a live client carries its token back (which is why
  // @clerk/electron's storage sees a write per request).
  if (path === '/v1/environment' && (method === 'GET' || method === 'PATCH'))
    return {
      status: 200,
      body: environmentJson(Date.now()),
      client: clientFromRequest(context, request.headers),
    }

  if (!path.startsWith('/v1/client')) return notFound('route')
  const client = clientFromRequest(context, request.headers)
  const route = path.slice('/v1/client'.length)
  const handler = new ClientRequest(context, request, client, method)
  return handler.route(route)
}

class ClientRequest {
  private client: Client | null
  constructor(
    private readonly context: FrontendApiContext,
    private readonly request: FrontendRequest,
    client: Client | null,
    private readonly method: string,
  ) {
    this.client = client
  }

  private get model(): Model {
    return this.context.model
  }

  private requireClient(): Client {
    this.client ??= this.model.createClient()
    return this.client
  }

  private tokenFor = (session: Session): string | null => {
    const user = this.model.users.get(session.userId)
    if (!user || session.status !== 'active') return null
    return signJwt(
      this.context.key,
      sessionTokenClaims({
        issuer: this.context.issuer,
        session,
        user,
        imageUrl: this.model.imageUrl(user),
        origin: origin(this.request),
        mode: this.context.tokenMode(),
      }),
    )
  }

  private clientJson() {
    return this.client ? this.model.clientJson(this.client, this.tokenFor) : null
  }

  /** `{ response, client }`: how the Frontend API answers every mutation (clerk-js updates its client from it). */
  private withClient(response: unknown, status = 200): FrontendReply {
    return { status, body: { response, client: this.clientJson() }, client: this.client }
  }

  async route(route: string): Promise<FrontendReply> {
    const { method } = this
    if (route === '' || route === '/') {
      if (method === 'GET')
        return { status: 200, body: { response: this.clientJson(), client: null }, client: this.client }
      if (method === 'PUT') {
        this.client = this.model.createClient()
        return this.withClient(this.clientJson())
      }
      if (method === 'POST') return this.withClient(this.clientJson())
      if (method === 'DELETE') return this.destroyClient()
    }
    if (route === '/sessions' && method === 'DELETE') return this.removeSessions()
    if (route === '/sign_ins' && method === 'POST') return this.createSignIn()

    let match = /^\/sign_ins\/([^/]+)(?:\/([a-z_]+))?$/.exec(route)
    if (match) {
      const signIn = this.client && this.model.signIns.get(match[1]!)
      if (!signIn || signIn.clientId !== this.client?.id) return notFound('sign in attempt')
      const action = match[2]
      if (!action && method === 'GET') return this.getSignIn(signIn)
      if (action === 'prepare_first_factor' && method === 'POST') return this.prepareFirstFactor(signIn)
      if (action === 'attempt_first_factor' && method === 'POST') return this.attemptFirstFactor(signIn)
      return notFound('route')
    }

    match = /^\/sessions\/([^/]+)(?:\/(touch|end|remove|tokens)(?:\/([^/]+))?)?$/.exec(route)
    if (match) {
      const sessionId = match[1]!
      const session = this.model.sessions.get(sessionId)
      if (!session || !this.client || session.clientId !== this.client.id)
        return apiError(404, 'resource_not_found', 'not found', `No session was found with id ${sessionId}`)
      // A session Clerk ended or revoked answers like a signed-out client (clerk-js then re-reads the client and
      // drops the session); seen from Clerk's SDKs as 401 `signed_out` on token requests.
      if (session.status !== 'active') return signedOut()
      const [, , action, template] = match
      if (!action && method === 'GET')
        return {
          status: 200,
          body: { response: this.model.sessionJson(session, this.tokenFor(session)) },
          client: this.client,
        }
      if (method !== 'POST') return notFound('route')
      if (action === 'touch') return this.touch(session)
      if (action === 'end' || action === 'remove') {
        this.model.endSession(session, 'ended')
        return this.withClient(this.model.sessionJson(session, null))
      }
      if (action === 'tokens')
        return template === undefined ? this.sessionToken(session) : this.templateToken(session, template)
    }
    return notFound('route')
  }

  private destroyClient(): FrontendReply {
    const client = this.client
    if (!client) return { status: 200, body: { response: null, client: null }, client: null }
    for (const session of this.model.activeSessions(client)) this.model.endSession(session, 'ended')
    this.model.clients.delete(client.id)
    this.client = null
    return {
      status: 200,
      body: { response: { object: 'client', id: client.id, deleted: true }, client: null },
      client: null,
    }
  }

  /** clerk-js `signOut()` with `persistClient` (its default): `DELETE /v1/client/sessions`. */
  private removeSessions(): FrontendReply {
    if (this.client) {
      for (const session of this.model.activeSessions(this.client)) this.model.endSession(session, 'ended')
      this.client.signInId = null
    }
    return this.withClient(this.clientJson())
  }

  private newSignIn(client: Client): SignIn {
    const signIn: SignIn = {
      id: clerkId('sia'),
      clientId: client.id,
      status: 'needs_identifier',
      identifier: null,
      userId: null,
      firstFactorVerification: null,
      createdSessionId: null,
      createdAt: Date.now(),
    }
    this.model.signIns.set(signIn.id, signIn)
    client.signInId = signIn.id
    client.updatedAt = Date.now()
    return signIn
  }

  private async createSignIn(): Promise<FrontendReply> {
    const client = this.requireClient()
    if (this.model.activeSessions(client).length > 0) {
      // Single-session instance: a second sign-in on a signed-in client is refused.
      return apiError(400, 'session_exists', 'Session already exists', "You're already signed in.")
    }
    const { body } = this.request
    const signIn = this.newSignIn(client)
    const strategy = body.strategy
    if (strategy === GOOGLE_STRATEGY) return this.startOAuth(signIn)
    if (strategy && strategy.startsWith('oauth_')) {
      return apiError(
        422,
        'strategy_for_user_invalid',
        'is invalid',
        `${strategy} is not enabled for this instance.`,
        {
          param_name: 'strategy',
        },
      )
    }
    if (body.identifier !== undefined) {
      const user = this.model.findUserByEmail(body.identifier)
      if (!user) {
        return apiError(
          422,
          'form_identifier_not_found',
          "Couldn't find your account.",
          "Couldn't find your account.",
          {
            param_name: 'identifier',
          },
        )
      }
      signIn.identifier = user.email
      signIn.userId = user.id
      signIn.status = 'needs_first_factor'
    }
    if (strategy === 'password' && body.password !== undefined)
      return this.checkPassword(signIn, body.password)
    if (strategy === 'email_code') return this.prepareFirstFactor(signIn)
    return this.withClient(this.model.signInJson(signIn))
  }

  private getSignIn(signIn: SignIn): FrontendReply {
    const nonce = this.request.url.searchParams.get('rotating_token_nonce')
    if (nonce !== null) {
      // The deep link back from the system browser carries the nonce the OAuth callback made; it proves this
      // client is the one that started the flow, once.
      const oauth = signIn.oauth
      if (!oauth || oauth.nonce !== nonce || oauth.nonceUsed) {
        return apiError(
          400,
          'rotating_token_nonce_invalid',
          'is invalid',
          'The rotating token nonce is invalid.',
          {
            param_name: 'rotating_token_nonce',
          },
        )
      }
      oauth.nonceUsed = true
    }
    return {
      status: 200,
      body: { response: this.model.signInJson(signIn), client: this.clientJson() },
      client: this.client,
    }
  }

  private prepareFirstFactor(signIn: SignIn): FrontendReply {
    const user = signIn.userId ? this.model.users.get(signIn.userId) : undefined
    const strategy = this.request.body.strategy
    if (!user || strategy !== 'email_code') {
      return apiError(
        422,
        'form_param_value_invalid',
        'is invalid',
        `${strategy ?? 'strategy'} cannot be prepared here.`,
        {
          param_name: 'strategy',
        },
      )
    }
    const emailAddressId = this.request.body.email_address_id
    if (emailAddressId !== undefined && emailAddressId !== user.emailAddressId) {
      return apiError(422, 'form_param_value_invalid', 'is invalid', 'Unknown email address.', {
        param_name: 'email_address_id',
      })
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const expireAt = Date.now() + EMAIL_CODE_LIFETIME_MS
    signIn.emailCode = { code, expireAt }
    this.model.emailCodes.set(user.email.toLowerCase(), code)
    signIn.firstFactorVerification = { status: 'unverified', strategy: 'email_code', attempts: 0, expireAt }
    return this.withClient(this.model.signInJson(signIn))
  }

  private attemptFirstFactor(signIn: SignIn): FrontendReply {
    if (signIn.status === 'complete') {
      return apiError(
        400,
        'sign_in_already_complete',
        'already complete',
        'This sign-in is already complete.',
      )
    }
    const { strategy, password, code } = this.request.body
    if (strategy === 'password') return this.checkPassword(signIn, password ?? '')
    if (strategy === 'email_code') {
      const verification = signIn.firstFactorVerification
      if (!signIn.emailCode || !verification || verification.strategy !== 'email_code') {
        return apiError(400, 'verification_missing', 'missing', 'Prepare the email code first.')
      }
      verification.attempts += 1
      if (Date.now() > signIn.emailCode.expireAt) {
        verification.status = 'expired'
        return apiError(422, 'verification_expired', 'expired', 'This verification has expired.', {
          param_name: 'code',
        })
      }
      if (code !== signIn.emailCode.code) {
        return apiError(422, 'form_code_incorrect', 'is incorrect', 'Incorrect code', { param_name: 'code' })
      }
      verification.status = 'verified'
      return this.complete(signIn, 'email_code')
    }
    return apiError(
      422,
      'form_param_value_invalid',
      'is invalid',
      `${strategy ?? 'strategy'} is not supported here.`,
      {
        param_name: 'strategy',
      },
    )
  }

  private checkPassword(signIn: SignIn, password: string): FrontendReply {
    const user = signIn.userId ? this.model.users.get(signIn.userId) : undefined
    if (!user) return apiError(422, 'form_identifier_not_found', "Couldn't find your account.")
    const verification =
      signIn.firstFactorVerification?.strategy === 'password'
        ? signIn.firstFactorVerification
        : (signIn.firstFactorVerification = {
            status: 'unverified',
            strategy: 'password',
            attempts: 0,
            expireAt: Date.now() + EMAIL_CODE_LIFETIME_MS,
          })
    verification.attempts += 1
    if (password !== user.password) {
      return apiError(
        422,
        'form_password_incorrect',
        'is incorrect',
        'Password is incorrect. Try again, or use another method.',
        {
          param_name: 'password',
        },
      )
    }
    verification.status = 'verified'
    return this.complete(signIn, 'password')
  }

  private complete(signIn: SignIn, strategy: string): FrontendReply {
    const client = this.requireClient()
    const user = this.model.users.get(signIn.userId!)!
    const session = this.model.createSession(client, user)
    signIn.status = 'complete'
    signIn.createdSessionId = session.id
    client.lastAuthenticationStrategy = strategy
    return this.withClient(this.model.signInJson(signIn))
  }

  private startOAuth(signIn: SignIn): FrontendReply {
    const { redirect_url: redirectUrl, action_complete_redirect_url: completeUrl } = this.request.body
    // Clerk checks both URLs against the instance's redirect allowlist (clerk-js's authenticateWithTransport sends
    // the transport's callback as both for that reason).
    const refuse = (param: string, value: string | undefined) =>
      apiError(
        422,
        'form_param_value_invalid',
        'is invalid',
        `${value ?? '(none)'} is not an allowed redirect URL.`,
        {
          param_name: param,
        },
      )
    const allowed = (url: string) => this.context.isAllowedRedirect(url)
    if (!redirectUrl || !allowed(redirectUrl)) return refuse('redirect_url', redirectUrl)
    if (completeUrl !== undefined && !allowed(completeUrl))
      return refuse('action_complete_redirect_url', completeUrl)
    const state = randomBytes(16).toString('base64url')
    signIn.oauth = { state, redirectUrl }
    signIn.status = 'needs_first_factor'
    const provider = new URL(`https://${this.context.host}${OAUTH_PROVIDER_PATH}`)
    provider.searchParams.set('state', state)
    signIn.firstFactorVerification = {
      status: 'unverified',
      strategy: GOOGLE_STRATEGY,
      attempts: 0,
      expireAt: Date.now() + EMAIL_CODE_LIFETIME_MS,
      externalVerificationRedirectUrl: provider.href,
    }
    return this.withClient(this.model.signInJson(signIn))
  }

  private touch(session: Session): FrontendReply {
    session.lastActiveAt = Date.now()
    session.updatedAt = session.lastActiveAt
    return this.withClient(this.model.sessionJson(session, this.tokenFor(session)))
  }

  private sessionToken(session: Session): FrontendReply {
    const jwt = this.tokenFor(session)
    if (!jwt) return signedOut()
    return { status: 200, body: { object: 'token', jwt }, client: this.client }
  }

  private templateToken(session: Session, template: string): FrontendReply {
    const mode = this.context.tokenMode()
    // With Clerk's Convex integration there is no `convex` JWT template unless someone also made one.
    if (template !== CONVEX_TEMPLATE || mode.mode !== 'template') {
      return apiError(404, 'resource_not_found', 'not found', `No JWT template exists with name: ${template}`)
    }
    const user = this.model.users.get(session.userId)!
    const claims = templateTokenClaims({
      issuer: this.context.issuer,
      session,
      user,
      imageUrl: this.model.imageUrl(user),
      origin: origin(this.request),
      mode,
    })
    return {
      status: 200,
      body: { object: 'token', jwt: signJwt(this.context.key, claims) },
      client: this.client,
    }
  }
}

function discovery(context: FrontendApiContext): Record<string, unknown> {
  const issuer = context.issuer
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/token/revoke`,
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'form_post'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'none', 'client_secret_post'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'email',
      'email_verified',
      'name',
      'given_name',
      'family_name',
      'nickname',
      'picture',
      'updated_at',
    ],
    code_challenge_methods_supported: ['S256'],
  }
}

async function servePackageFile(path: string): Promise<FrontendReply> {
  const match = /^\/npm\/(@clerk\/[a-z-]+)@[^/]+\/dist\/([A-Za-z0-9_.-]+)$/.exec(path)
  const root = match && SERVED_PACKAGES[match[1]!]
  if (!match || !root || match[2]!.startsWith('.')) return notFound('file')
  try {
    const data = await readFile(join(root, match[2]!))
    const contentType = match[2]!.endsWith('.js')
      ? 'application/javascript; charset=utf-8'
      : 'application/octet-stream'
    // A CDN's answer: cacheable, readable cross-origin (the loader uses crossorigin="anonymous").
    return {
      status: 200,
      raw: { contentType, data },
      headers: { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' },
    }
  } catch {
    return notFound('file')
  }
}

// ---- The OAuth provider ("Google") and Clerk's callback ------------------------------------------------------

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

function findOAuthSignIn(model: Model, state: string | null): SignIn | undefined {
  if (!state) return undefined
  return [...model.signIns.values()].find((signIn) => signIn.oauth?.state === state)
}

/** The provider's consent page: signs in as the preset identity at once, or lists the users to pick from. */
function oauthProviderPage(context: FrontendApiContext, url: URL): FrontendReply {
  const state = url.searchParams.get('state')
  const signIn = findOAuthSignIn(context.model, state)
  if (!signIn || !state)
    return {
      status: 400,
      raw: { contentType: 'text/html; charset=utf-8', data: '<p>Unknown or expired sign-in request.</p>' },
    }
  const callback = (params: Record<string, string>) => {
    const target = new URL(`https://${context.host}/v1/oauth_callback`)
    target.searchParams.set('state', state)
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value)
    return target.href
  }
  const choice = url.searchParams.get('as') ?? context.oauthIdentity()
  if (choice === 'deny') return { status: 302, headers: { Location: callback({ error: 'access_denied' }) } }
  if (choice)
    return {
      status: 302,
      headers: { Location: callback({ code: Buffer.from(choice).toString('base64url') }) },
    }
  const links = [...context.model.users.values()]
    .map((user) => {
      const href = new URL(url.href)
      href.searchParams.set('as', user.email)
      return `<li><a data-email="${escapeHtml(user.email)}" href="${escapeHtml(href.pathname + href.search)}">Continue as ${escapeHtml(user.email)}</a></li>`
    })
    .join('')
  const deny = new URL(url.href)
  deny.searchParams.set('as', 'deny')
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Sign in with Google (stand-in)</title></head>
<body><h1>Choose an account</h1><ul>${links}</ul><p><a data-deny href="${escapeHtml(deny.pathname + deny.search)}">Cancel</a></p></body></html>`
  return { status: 200, raw: { contentType: 'text/html; charset=utf-8', data: html } }
}

/** Clerk's OAuth callback: finish the sign-in for the provider's user, then send the browser back to the app. */
function oauthCallback(context: FrontendApiContext, url: URL): FrontendReply {
  const signIn = findOAuthSignIn(context.model, url.searchParams.get('state'))
  const oauth = signIn?.oauth
  if (!signIn || !oauth)
    return apiError(400, 'oauth_callback_invalid', 'invalid', 'Unknown or expired OAuth state.')
  const back = new URL(oauth.redirectUrl)
  const fail = (code: string): FrontendReply => {
    signIn.firstFactorVerification!.status = 'failed'
    back.searchParams.set('__clerk_status', 'failed')
    back.searchParams.set('__clerk_error_code', code)
    return { status: 302, headers: { Location: back.href } }
  }
  if (url.searchParams.get('error')) return fail('oauth_access_denied')
  const email = Buffer.from(url.searchParams.get('code') ?? '', 'base64url').toString('utf8')
  const user: User | undefined = context.model.findUserByEmail(email)
  const client = context.model.clients.get(signIn.clientId)
  // A provider account with no Clerk user would be a sign-up (Clerk signals `external_account_not_found` and
  // clerk-js transfers to a sign-up); this instance has sign-up restricted and the stand-in no sign-up at all, so
  // it refuses (code a guess).
  if (!user || !client) return fail('not_allowed_access')
  signIn.identifier = user.email
  signIn.userId = user.id
  signIn.firstFactorVerification!.status = 'verified'
  const session = context.model.createSession(client, user)
  signIn.status = 'complete'
  signIn.createdSessionId = session.id
  client.lastAuthenticationStrategy = GOOGLE_STRATEGY
  oauth.nonce = randomBytes(18).toString('base64url')
  back.searchParams.set('rotating_token_nonce', oauth.nonce)
  return { status: 302, headers: { Location: back.href } }
}
