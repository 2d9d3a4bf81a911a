// The stand-in's signing key (RSA 2048, made once per stand-in) and the JWTs it signs: session tokens, the
// `convex` JWT template token and the Native API client token. RS256 like Clerk's instance keys; the public half
// is published at /.well-known/jwks.json (and /v1/jwks) with the same `kid` the tokens carry.
import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto'

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

export function makeSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { kid: `ins_standin_${randomBytes(6).toString('hex')}`, privateKey, publicKey }
}

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url')

export type JwtClaims = Record<string, unknown>

export function signJwt(key: SigningKey, claims: JwtClaims): string {
  const header = { alg: 'RS256', kid: key.kid, typ: 'JWT' }
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey)
  return `${signingInput}.${base64url(signature)}`
}

/** The claims of `token` if it is a well-formed JWT signed by `key`, else null. Expiry is the caller's business. */
export function verifyJwt(key: SigningKey, token: string): JwtClaims | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const [header, payload, signature] = parts as [string, string, string]
  try {
    const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }
    if (parsedHeader.alg !== 'RS256') return null
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      key.publicKey,
      Buffer.from(signature, 'base64url'),
    )
    if (!ok) return null
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as JwtClaims)
      : null
  } catch {
    return null
  }
}

/** Decodes a JWT's payload without checking anything (for tests and logs). */
export function decodeJwt(token: string): JwtClaims {
  const payload = token.split('.')[1]
  if (!payload) throw new Error('not a JWT')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims
}

/** The JSON Web Key Set a verifier fetches (RFC 7517), shaped like Clerk's `/.well-known/jwks.json`. */
export function jwks(key: SigningKey): { keys: Array<Record<string, unknown>> } {
  const jwk = key.publicKey.export({ format: 'jwk' })
  return { keys: [{ use: 'sig', kty: 'RSA', kid: key.kid, alg: 'RS256', n: jwk.n, e: jwk.e }] }
}
