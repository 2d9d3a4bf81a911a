// A tiny OpenID provider for the stand-in's own tests: OIDC discovery and a JWKS over HTTPS (the run's test
// certificate), and RS256 (or EdDSA) tokens minted with a key made per issuer. Not the Clerk stand-in (tests/fullstack/clerk
// is that); this one exists so the Convex stand-in's checks can be driven token by token.
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import { CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST } from '../../hosts'
import { testCertificate } from '../../tls'

export interface TestIssuer {
  /** `https://<host>`: the `iss` of every token and the discovery document's issuer. */
  issuer: string
  host: string
  port: number
  /** Paths asked for, oldest first. */
  requests: string[]
  /** A signed token: default claims (sub user_alice, aud convex, iat now, exp in 60 s, sid) overridden by
   *  `claims` (a claim set to `undefined` is left out). */
  mint(
    claims?: Record<string, unknown>,
    options?: { header?: Record<string, unknown>; signWith?: KeyObject },
  ): string
  /** Makes the next discovery/JWKS responses fail with this status (null: serve normally). */
  failWith(status: number | null): void
  /** The Cache-Control header of discovery and JWKS responses (default none). */
  setCacheControl(value: string | null): void
  stop(): Promise<void>
}

export async function startTestIssuer(
  options: { host?: string; algorithm?: 'RS256' | 'EdDSA' } = {},
): Promise<TestIssuer> {
  const host = options.host ?? CLERK_FRONTEND_API_HOST
  const issuer = `https://${host}`
  const certificate = await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])
  const algorithm = options.algorithm ?? 'RS256'
  const { privateKey, publicKey } =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ed25519')
  const kid = `ins_${randomUUID().slice(0, 8)}`
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: algorithm }
  const requests: string[] = []
  let failure: number | null = null
  let cacheControl: string | null = null

  const server: Server = createServer(
    { key: certificate.key, cert: certificate.cert },
    (request, response) => {
      const path = new URL(request.url ?? '/', issuer).pathname
      requests.push(path)
      if (failure !== null) {
        response.writeHead(failure, { 'content-type': 'text/plain' }).end('failing on purpose')
        return
      }
      const json = (body: unknown) => {
        response
          .writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            ...(cacheControl === null ? {} : { 'cache-control': cacheControl }),
          })
          .end(JSON.stringify(body))
      }
      if (path === '/.well-known/openid-configuration') {
        json({
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          authorization_endpoint: `${issuer}/oauth/authorize`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: [algorithm],
        })
      } else if (path === '/.well-known/jwks.json') {
        json({ keys: [jwk] })
      } else {
        response.writeHead(404).end()
      }
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  return {
    issuer,
    host,
    port,
    requests,
    mint(claims = {}, mintOptions = {}) {
      const now = Math.floor(Date.now() / 1000)
      const payload: Record<string, unknown> = {
        iss: issuer,
        sub: 'user_alice',
        aud: 'convex',
        iat: now,
        nbf: now - 5,
        exp: now + 60,
        sid: 'sess_alice_1',
        jti: randomUUID(),
      }
      for (const [key, value] of Object.entries(claims)) {
        if (value === undefined) delete payload[key]
        else payload[key] = value
      }
      const header = { alg: algorithm, typ: 'JWT', kid, ...mintOptions.header }
      const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url')
      const signingInput = `${encode(header)}.${encode(payload)}`
      const key = mintOptions.signWith ?? privateKey
      const signature = sign(algorithm === 'RS256' ? 'RSA-SHA256' : null, Buffer.from(signingInput), key)
      return `${signingInput}.${signature.toString('base64url')}`
    },
    failWith(status) {
      failure = status
    },
    setCacheControl(value) {
      cacheControl = value
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
