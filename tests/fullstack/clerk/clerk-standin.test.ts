// The Clerk stand-in against the REAL clerk-js 6.40 (node_modules/@clerk/clerk-js, the ESM bundle the renderer
// bundles) and Clerk's UI bundle (@clerk/ui, loaded from the stand-in's Frontend API host like the CDN) in
// Chromium: signed out at load, password sign-in (API and Clerk's own <SignIn /> form), email-code sign-in, OAuth
// through a "system browser" page and the deep link back, tokens in both Convex modes checked against the
// published JWKS, sign-out, and a Backend API revoke that the client then sees.
import { createPublicKey, verify } from 'node:crypto'
import { request as httpsRequest } from 'node:https'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { CLERK_FRONTEND_API_HOST, CLERK_ISSUER, CONVEX_DEPLOYMENT_HOST } from '../hosts'
import { testCertificate } from '../tls'
import { decodeJwt, startClerkStandIn, type ClerkStandIn } from './index'
import {
  APP_ORIGIN,
  launchTestBrowser,
  OAUTH_REDIRECT_URL,
  startAppOrigin,
  type TestBrowser,
} from './browser-page'

let clerk: ClerkStandIn
let app: Awaited<ReturnType<typeof startAppOrigin>>
let browser: TestBrowser
const pages: Page[] = []
/** The page the sign-in → tokens → sign-out → revoke tests share. */
let mainPage: Page | undefined

const ada = {
  email: 'ada@example.com',
  password: 'correct horse battery',
  firstName: 'Ada',
  lastName: 'Lovelace',
}
const grace = {
  email: 'grace@example.com',
  password: 'cobol for ever',
  firstName: 'Grace',
  lastName: 'Hopper',
  username: 'amazing_grace',
}
let adaId: string
let graceId: string

beforeAll(async () => {
  clerk = await startClerkStandIn()
  adaId = clerk.createUser(ada).id
  graceId = clerk.createUser(grace).id
  app = await startAppOrigin(clerk.publishableKey)
  browser = await launchTestBrowser({ clerk: clerk.port, app: app.port })
})

// Every test's extra app pages are closed after it (each one runs clerk-js's session poller).
afterEach(async () => {
  for (const extra of pages.splice(0)) if (extra !== mainPage) await extra.close()
})

afterAll(async () => {
  await browser?.stop()
  await app?.stop()
  await clerk?.stop()
})

/** A new page = a new app instance with its own Clerk client. */
async function openApp(): Promise<Page> {
  const page = await browser.context.newPage()
  pages.push(page)
  await page.exposeBinding('__openSystemBrowser', (_source, url: string) =>
    systemBrowser(url, systemBrowserAction),
  )
  await page.goto(APP_ORIGIN)
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).clerkReady)).toBe('loaded')
  return page
}

let systemBrowserAction: ((page: Page) => Promise<void>) | null = null

/** Opens `url` in another page (the OS browser) and returns the deep link the OAuth callback redirects it to. */
async function systemBrowser(url: string, act: ((page: Page) => Promise<void>) | null): Promise<string> {
  const page = await browser.context.newPage()
  try {
    const callback = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/v1/oauth_callback',
      {
        timeout: 15_000,
      },
    )
    // The last redirect goes to harbor://, which a plain browser cannot open: that navigation is expected to fail.
    await page.goto(url).catch(() => undefined)
    if (act) await act(page)
    const response = await callback
    expect(response.status()).toBe(302)
    return response.headers().location ?? ''
  } finally {
    await page.close()
  }
}

// The slice of clerk-js's Clerk object the page tests touch (evaluated in the page, where globalThis is window).
interface PageSignIn {
  status: string
  createdSessionId: string | null
  supportedFirstFactors: Array<{ strategy: string; emailAddressId?: string }>
  create(params: object): Promise<PageSignIn>
  prepareFirstFactor(params: object): Promise<PageSignIn>
  attemptFirstFactor(params: object): Promise<PageSignIn>
  authenticateWithRedirect(params: object): Promise<void>
}
interface PageClerk {
  loaded: boolean
  session: {
    id: string
    status: string
    getToken(options?: object): Promise<string | null>
    touch(): Promise<unknown>
  } | null
  user: { id: string; primaryEmailAddress: { emailAddress: string } | null } | null
  client: { signIn: PageSignIn }
  setActive(params: { session: string | null }): Promise<void>
  signOut(): Promise<void>
  mountSignIn(node: unknown, props: object): void
}
interface PageGlobals {
  clerk: PageClerk
  clerkReady: Promise<string>
  __clientTokenWrites: number
  document: { getElementById(id: string): unknown }
}

const state = (page: Page) =>
  page.evaluate(() => {
    const c = (globalThis as unknown as PageGlobals).clerk
    return {
      loaded: c.loaded as boolean,
      sessionId: (c.session?.id ?? null) as string | null,
      status: (c.session?.status ?? null) as string | null,
      userId: (c.user?.id ?? null) as string | null,
      email: (c.user?.primaryEmailAddress?.emailAddress ?? null) as string | null,
    }
  })

async function passwordSignIn(page: Page, email: string, password: string): Promise<string> {
  return page.evaluate(
    async ({ email, password }) => {
      const c = (globalThis as unknown as PageGlobals).clerk
      const signIn = await c.client.signIn.create({ identifier: email })
      const done = await signIn.attemptFirstFactor({ strategy: 'password', password })
      await c.setActive({ session: done.createdSessionId })
      return done.status as string
    },
    { email, password },
  )
}

const getToken = (page: Page, options: Record<string, unknown> = {}) =>
  page.evaluate(
    async (options) => {
      try {
        const token = await (globalThis as unknown as PageGlobals).clerk.session?.getToken(options)
        return { token: (token ?? null) as string | null }
      } catch (error) {
        const e = error as { status?: number; errors?: Array<{ code: string }>; message?: string }
        return { error: { status: e.status, code: e.errors?.[0]?.code, message: String(e.message) } }
      }
    },
    { skipCache: true, ...options },
  )

/** GET over TLS to the stand-in, trusting only the run's certificate, the way Convex fetches discovery + JWKS. */
async function fetchFromFrontendApi(path: string): Promise<unknown> {
  const { cert } = await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: clerk.port,
        path,
        servername: CLERK_FRONTEND_API_HOST,
        ca: cert,
        headers: { host: CLERK_FRONTEND_API_HOST },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** Verifies `jwt` the way a relying party does: OIDC discovery → jwks_uri → key by kid → RS256. */
async function verifiedClaims(jwt: string): Promise<Record<string, unknown>> {
  const discovery = (await fetchFromFrontendApi('/.well-known/openid-configuration')) as {
    issuer: string
    jwks_uri: string
  }
  expect(discovery.issuer).toBe(CLERK_ISSUER)
  const jwks = (await fetchFromFrontendApi(new URL(discovery.jwks_uri).pathname)) as {
    keys: Array<{ kid: string }>
  }
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
    kid: string
    alg: string
  }
  expect(alg).toBe('RS256')
  const jwk = jwks.keys.find((key) => key.kid === kid)
  expect(jwk).toBeDefined()
  const key = createPublicKey({ key: jwk as never, format: 'jwk' })
  expect(
    verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')),
  ).toBe(true)
  return decodeJwt(jwt)
}

describe('Clerk stand-in with the real clerk-js and Clerk UI in Chromium', () => {
  let page: Page
  let sessionId: string

  it('loads signed out, with Clerk UI and its chunks served from the Frontend API host', async () => {
    page = await openApp()
    mainPage = page
    expect(await state(page)).toMatchObject({ loaded: true, sessionId: null, userId: null })
    const paths = clerk.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)
    expect(paths).toContain('GET /v1/environment 200')
    expect(paths).toContain('GET /v1/client 200')
    expect(paths).toContain('GET /npm/@clerk/ui@1/dist/ui.browser.js 200')
    expect(clerk.requests.filter((entry) => entry.status >= 400)).toEqual([])
  })

  it('signs in with a password: the session is active and the client token came back in Authorization', async () => {
    expect(await passwordSignIn(page, ada.email, ada.password)).toBe('complete')
    const now = await state(page)
    expect(now).toMatchObject({ status: 'active', userId: adaId, email: ada.email })
    sessionId = now.sessionId!
    expect(clerk.sessions()).toContainEqual(
      expect.objectContaining({ id: sessionId, userId: adaId, status: 'active' }),
    )
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__clientTokenWrites),
    ).toBeGreaterThan(0)
  })

  it('refuses a wrong password with Clerk’s error code', async () => {
    const other = await openApp()
    const result = await other.evaluate(async ({ email }) => {
      const c = (globalThis as unknown as PageGlobals).clerk
      const signIn = await c.client.signIn.create({ identifier: email })
      try {
        await signIn.attemptFirstFactor({ strategy: 'password', password: 'wrong' })
        return 'signed in'
      } catch (error) {
        return (error as { errors: Array<{ code: string }> }).errors[0]!.code
      }
    }, ada)
    expect(result).toBe('form_password_incorrect')
  })

  it('integration mode: the session token has aud convex and, until mapped, no profile claims', async () => {
    clerk.setTokenMode('integration')
    const { token } = await getToken(page)
    const claims = await verifiedClaims(token!)
    expect(claims).toMatchObject({
      iss: CLERK_ISSUER,
      sub: adaId,
      sid: sessionId,
      aud: 'convex',
      azp: APP_ORIGIN,
    })
    expect(claims).not.toHaveProperty('email')
    expect((claims.exp as number) - (claims.iat as number)).toBe(60)
    expect(claims.nbf as number).toBeLessThanOrEqual(claims.iat as number)

    clerk.setTokenMode('integration', { profileClaimsMapped: true })
    const mapped = await verifiedClaims((await getToken(page)).token!)
    expect(mapped).toMatchObject({
      aud: 'convex',
      email: ada.email,
      email_verified: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      nickname: null,
    })
    expect(typeof mapped.updated_at).toBe('number')
    // No `convex` template exists with the integration.
    expect((await getToken(page, { template: 'convex' })).error).toMatchObject({ code: 'resource_not_found' })
  })

  it('template mode: the session token has no aud; the convex template token carries the README claims', async () => {
    clerk.setTokenMode('template')
    const session = await verifiedClaims((await getToken(page)).token!)
    expect(session).not.toHaveProperty('aud')
    expect(session).not.toHaveProperty('email')
    const template = await verifiedClaims((await getToken(page, { template: 'convex' })).token!)
    expect(template).toMatchObject({
      iss: CLERK_ISSUER,
      sub: adaId,
      sid: sessionId,
      aud: 'convex',
      email: ada.email,
      email_verified: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      picture: expect.stringMatching(/^https:\/\//),
    })
    expect(typeof template.updated_at).toBe('number')
    expect(typeof template.jti).toBe('string')
    expect(
      clerk.requests.some(
        (entry) => entry.path === `/v1/client/sessions/${sessionId}/tokens/convex` && entry.status === 200,
      ),
    ).toBe(true)
    clerk.setTokenMode('integration')
  })

  it('touches the session', async () => {
    const before = clerk.requests.length
    await page.evaluate(() => (globalThis as unknown as PageGlobals).clerk.session!.touch())
    expect(clerk.requests.slice(before)).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: `/v1/client/sessions/${sessionId}/touch`,
        status: 200,
      }),
    )
  })

  it('signs out: the session ends on the stand-in and clerk-js is signed out', async () => {
    const before = clerk.requests.length
    await page.evaluate(() => (globalThis as unknown as PageGlobals).clerk.signOut())
    expect(await state(page)).toMatchObject({ sessionId: null, userId: null })
    expect(clerk.sessions().find((session) => session.id === sessionId)?.status).toBe('ended')
    expect(clerk.requests.slice(before)).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        intendedMethod: 'DELETE',
        path: '/v1/client/sessions',
        status: 200,
      }),
    )
  })

  it('a Backend API revoke ends the session: the next token request fails and the client shows it gone', async () => {
    expect(await passwordSignIn(page, ada.email, ada.password)).toBe('complete')
    const { sessionId: revokedId } = await state(page)
    expect((await getToken(page)).token).toBeTruthy()

    const response = await fetch(`${clerk.backendApiUrl}/v1/sessions/${revokedId}/revoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${clerk.secretKey}` },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ object: 'session', id: revokedId, status: 'revoked' })

    expect((await getToken(page)).error).toMatchObject({ status: 401, code: 'signed_out' })
    // clerk-js answers a 401 by re-reading the client, finds no session, and signs out.
    await expect.poll(async () => (await state(page)).sessionId, { timeout: 10_000 }).toBeNull()
    expect(clerk.sessions().find((session) => session.id === revokedId)?.status).toBe('revoked')
  })

  it('signs in with an email code', async () => {
    const other = await openApp()
    const status = await other.evaluate(async ({ email }) => {
      const c = (globalThis as unknown as PageGlobals).clerk
      const signIn = await c.client.signIn.create({ identifier: email })
      const factor = signIn.supportedFirstFactors.find(
        (f: { strategy: string }) => f.strategy === 'email_code',
      )
      await signIn.prepareFirstFactor({ strategy: 'email_code', emailAddressId: factor?.emailAddressId })
      return signIn.status as string
    }, grace)
    expect(status).toBe('needs_first_factor')
    const code = clerk.lastEmailCode(grace.email)
    expect(code).toMatch(/^\d{6}$/)
    const wrong = await other.evaluate(async () => {
      try {
        await (globalThis as unknown as PageGlobals).clerk.client.signIn.attemptFirstFactor({
          strategy: 'email_code',
          code: '000000x',
        })
        return 'accepted'
      } catch (error) {
        return (error as { errors: Array<{ code: string }> }).errors[0]!.code
      }
    })
    expect(wrong).toBe('form_code_incorrect')
    await other.evaluate(async (code) => {
      const c = (globalThis as unknown as PageGlobals).clerk
      const done = await c.client.signIn.attemptFirstFactor({ strategy: 'email_code', code })
      await c.setActive({ session: done.createdSessionId })
    }, code!)
    expect(await state(other)).toMatchObject({ status: 'active', userId: graceId, email: grace.email })
  })

  /** A fresh app page with Clerk's prebuilt <SignIn /> mounted (hash routing, as renderer/src/session/live/SignInScreen.tsx). */
  async function openSignInForm(): Promise<Page> {
    const other = await openApp()
    await other.evaluate(() => {
      const page = globalThis as unknown as PageGlobals
      page.clerk.mountSignIn(page.document.getElementById('sign-in'), { routing: 'hash' })
    })
    await other.getByLabel(/email address/i).waitFor()
    return other
  }

  it("signs in through Clerk's own <SignIn /> form (the UI bundle) with a password", async () => {
    const other = await openSignInForm()
    await other.getByLabel(/email address/i).fill(ada.email)
    await other.getByRole('button', { name: 'Continue', exact: true }).click()
    await other.getByLabel(/^password/i).fill(ada.password)
    await other.getByRole('button', { name: 'Continue', exact: true }).click()
    await expect.poll(async () => (await state(other)).userId, { timeout: 15_000 }).toBe(adaId)
  })

  it("signs in through Clerk's own <SignIn /> form with an email code", async () => {
    const other = await openSignInForm()
    await other.getByLabel(/email address/i).fill(grace.email)
    await other.getByRole('button', { name: 'Continue', exact: true }).click()
    await other.getByText('Use another method').click()
    const before = clerk.requests.length
    await other.getByRole('button', { name: `Email code to ${grace.email}` }).click()
    // Wait for this form's code (an earlier test sent grace one too).
    await expect
      .poll(() => clerk.requests.slice(before).some((entry) => entry.path.endsWith('/prepare_first_factor')))
      .toBe(true)
    const codeInput = other.locator('input').first()
    await codeInput.waitFor()
    await codeInput.focus()
    await other.keyboard.type(clerk.lastEmailCode(grace.email)!)
    await expect.poll(async () => (await state(other)).userId, { timeout: 15_000 }).toBe(graceId)
  })

  it("signs in with Google from Clerk's own <SignIn /> form, through the system browser", async () => {
    const other = await openSignInForm()
    clerk.setOAuthIdentity(ada.email)
    try {
      await other.getByRole('button', { name: 'Continue with Google' }).click()
      await expect.poll(async () => (await state(other)).userId, { timeout: 15_000 }).toBe(adaId)
    } finally {
      clerk.setOAuthIdentity(null)
    }
  })

  it('signs in with OAuth through the system browser and the deep link back (rotating token nonce)', async () => {
    const other = await openApp()
    systemBrowserAction = async (browserPage) => {
      await browserPage.locator(`a[data-email="${grace.email}"]`).click()
    }
    try {
      const result = await other.evaluate(async (redirectUrl) => {
        const c = (globalThis as unknown as PageGlobals).clerk
        await c.client.signIn.authenticateWithRedirect({
          strategy: 'oauth_google',
          redirectUrl,
          redirectUrlComplete: redirectUrl,
        })
        return c.session?.status ?? null
      }, OAUTH_REDIRECT_URL)
      expect(result).toBe('active')
    } finally {
      systemBrowserAction = null
    }
    expect(await state(other)).toMatchObject({ status: 'active', userId: graceId })
    expect(clerk.requests.some((entry) => entry.path === '/v1/oauth_callback' && entry.status === 302)).toBe(
      true,
    )
    expect(
      clerk.requests.some(
        (entry) =>
          /^\/v1\/client\/sign_ins\/[^/]+$/.test(entry.path) &&
          entry.method === 'GET' &&
          entry.status === 200,
      ),
    ).toBe(true)
  })

  it('OAuth the user cancels at the provider fails with Clerk’s error code and signs nobody in', async () => {
    const other = await openApp()
    clerk.setOAuthIdentity('deny')
    try {
      const result = await other.evaluate(async (redirectUrl) => {
        try {
          await (globalThis as unknown as PageGlobals).clerk.client.signIn.authenticateWithRedirect({
            strategy: 'oauth_google',
            redirectUrl,
            redirectUrlComplete: redirectUrl,
          })
          return 'signed in'
        } catch (error) {
          return (error as { code?: string }).code ?? String(error)
        }
      }, OAUTH_REDIRECT_URL)
      expect(result).toBe('oauth_access_denied')
    } finally {
      clerk.setOAuthIdentity(null)
    }
    expect((await state(other)).sessionId).toBeNull()
  })

  it('OAuth to a redirect URL the instance does not allow is refused', async () => {
    const other = await openApp()
    const result = await other.evaluate(async () => {
      try {
        await (globalThis as unknown as PageGlobals).clerk.client.signIn.create({
          strategy: 'oauth_google',
          redirectUrl: 'https://evil.example/callback',
          actionCompleteRedirectUrl: 'https://evil.example/callback',
        })
        return 'accepted'
      } catch (error) {
        return (error as { errors: Array<{ code: string; meta?: { paramName?: string } }> }).errors[0]!.meta
          ?.paramName
      }
    })
    expect(result).toBe('redirect_url')
  })
})
