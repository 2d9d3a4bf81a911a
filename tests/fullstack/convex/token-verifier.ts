// Verifies a user token the way the real Convex backend does for an OIDC provider of convex/auth.config.ts
// (get-convex/convex-backend: crates/authentication/src/lib.rs `validate_id_token`, crates/common/src/auth.rs
// `matches_token`, crates/keybroker/src/broker.rs `UserIdentity::from_token`; the JWT checks are those of
// get-convex/openidconnect-rs, the fork the backend pins: discovery, IdTokenClaims typing, IdTokenVerifier).
// The steps, in the backend's order:
//  1. the payload is read without verification (registered claims typed: iss/sub/jti strings, aud a string or
//     a list, exp/iat/nbf non-negative numbers), `iss` must be present;
//  2. the provider is the first whose `domain` equals `iss` (trailing slashes ignored, https:// added to an iss
//     without a scheme) and whose `applicationID` is one of the audiences;
//  3. OIDC discovery at `<iss>/.well-known/openid-configuration` (its `issuer` must equal `iss` exactly), then
//     its `jwks_uri`;
//  4. the token is parsed as an OIDC ID token with typed standard claims: a claim of the wrong type (a string
//     `email_verified`, a missing `iat`) rejects the WHOLE token;
//  5. verification: `typ` JWT/JOSE or absent, no `cty`/`crit`, `iss` equal to the discovered issuer, `aud`
//     containing the applicationID and nothing else, alg RS256 or EdDSA, exactly one compatible JWKS key (by
//     `kid` when the token has one), the signature, and expiry: refused once the current time in whole seconds
//     is >= `exp`. No leeway (the 5 s epsilon in the backend is for customJwt providers only), `iat` and `nbf`
//     are not checked, `azp` is not checked.
// The identity is what functions see from ctx.auth.getUserIdentity(): standard claims under their Convex names
// (`updated_at` as an RFC 3339 string, `birthdate` as `birthday`, `zoneinfo` as `timezone`, ...), every other
// claim except jti/nbf/fva passed through as is (aud, iat, azp, sid included), tokenIdentifier `${iss}|${sub}`.
import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import { BackendError, errorCodeForHttpStatus, type BackendErrorCode } from './backend-error'
import { UpstreamUnreachable, type UpstreamClient } from './upstream'

export interface OidcProvider {
  domain: string
  applicationID: string
}

/** A UserIdentity as the backend hands it to functions (JSON values only). */
export type BackendIdentity = { tokenIdentifier: string; subject: string; issuer: string } & Record<
  string,
  unknown
>

export interface VerifiedToken {
  identity: BackendIdentity
  /** `exp` in ms: the session's identity expires at this instant. */
  expiresAtMs: number
}

/** A refusal, with the backend's error class and message plus the precise cause (for the request log). */
export class TokenRefused extends BackendError {
  constructor(
    code: BackendErrorCode,
    shortMsg: string,
    message: string,
    /** What exactly failed (the backend logs this; clients only see `message`). */
    readonly detail: string,
  ) {
    super(code, shortMsg, message)
    this.name = 'TokenRefused'
  }
}

const PARSE_JWT_PAYLOAD =
  'Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.'
const MISSING_ISSUER =
  "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers."
const PARSE_OIDC = 'Could not parse as OIDC ID token. Token might not be an OIDC-compliant JWT.'
const VERIFY_OIDC =
  "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired."

export async function verifyUserToken(
  token: string,
  options: { providers: readonly OidcProvider[]; upstream: UpstreamClient; nowMs?: () => number },
): Promise<VerifiedToken> {
  // 1. Unverified payload, registered claims only.
  const parts = token.split('.')
  const payload = parts.length === 3 ? decodeJsonPart(parts[1]) : undefined
  if (!isObject(payload) || !registeredClaimsTyped(payload)) {
    throw new TokenRefused('Unauthenticated', 'InvalidAuthHeader', PARSE_JWT_PAYLOAD, 'unparseable payload')
  }
  const issuer = payload.iss
  if (typeof issuer !== 'string') {
    throw new TokenRefused('Unauthenticated', 'InvalidAuthHeader', MISSING_ISSUER, 'no iss')
  }
  const audiences =
    typeof payload.aud === 'string' ? [payload.aud] : ((payload.aud as string[] | undefined) ?? [])

  // 2. Provider by issuer and audience.
  const provider = options.providers.find((candidate) => providerMatches(candidate, audiences, issuer))
  if (!provider) {
    const configured = options.providers.map((p) => `OIDC(domain=${p.domain}, app_id=${p.applicationID})`)
    const message =
      configured.length === 0
        ? 'No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.'
        : `No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [${configured.join(', ')}]`
    throw new TokenRefused(
      'Unauthenticated',
      'NoAuthProvider',
      message,
      `no provider for iss ${issuer} aud ${JSON.stringify(audiences)}`,
    )
  }
  // `IssuerUrl::new(iss)?`: not an auth error, so the backend treats it as an internal one.
  if (!isAbsoluteUrl(issuer)) {
    throw new TokenRefused(
      'Internal',
      'InternalServerError',
      'Invalid issuer URL',
      `iss ${issuer} is not a URL`,
    )
  }

  // 3. Discovery and JWKS.
  const { discoveredIssuer, keys } = await discover(issuer, options.upstream)

  // 4. Typed parse of the whole token.
  const header = decodeJsonPart(parts[0])
  const parsed = isObject(header) ? parseIdToken(header, payload) : 'header is not a JSON object'
  if (typeof parsed === 'string') {
    throw new TokenRefused('Unauthenticated', 'InvalidAuthHeader', PARSE_OIDC, parsed)
  }

  // 5. Verification.
  const refusal = verifyIdToken(parsed, parts, discoveredIssuer, provider.applicationID, keys, options.nowMs)
  if (refusal !== null) throw new TokenRefused('Unauthenticated', 'Unauthenticated', VERIFY_OIDC, refusal)

  return { identity: identityFromClaims(payload), expiresAtMs: parsed.exp * 1000 }
}

function providerMatches(provider: OidcProvider, audiences: string[], issuer: string): boolean {
  if (!audiences.includes(provider.applicationID)) return false
  const withProtocol =
    issuer.startsWith('https://') || issuer.startsWith('http://') ? issuer : `https://${issuer}`
  return trimTrailingSlashes(provider.domain) === trimTrailingSlashes(withProtocol)
}

function trimTrailingSlashes(value: string): string {
  return value.replace(/\/+$/, '')
}

// ---------------------------------------------------------------------------------------------- discovery

interface Jwk {
  kty: string
  use?: string
  alg?: string
  kid?: string
  raw: Record<string, unknown>
}

async function discover(
  issuer: string,
  upstream: UpstreamClient,
): Promise<{ discoveredIssuer: string; keys: Jwk[] }> {
  const short = 'AuthProviderDiscoveryFailed'
  const long = `Auth provider discovery of ${issuer} failed`
  const failed = (code: Parameters<typeof errorCodeForHttpStatus>[0] | null, detail: string, cause: string) =>
    new TokenRefused(code === null ? 'BadRequest' : errorCodeForHttpStatus(code), short, detail, cause)

  const get = async (url: string, mimeTypes: string[]) => {
    let response
    try {
      response = await upstream.get(url, 'application/json')
    } catch (error) {
      if (error instanceof UpstreamUnreachable) throw failed(null, long, `GET ${url}: ${error.message}`)
      throw error
    }
    if (response.status !== 200) {
      const statusText = `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim()
      throw failed(
        response.status,
        `${long}: ${statusText} ${response.body.toString()}`,
        `GET ${url}: ${statusText}`,
      )
    }
    if (response.contentType !== undefined) {
      const essence = (response.contentType.split(';')[0] ?? '').trim().toLowerCase()
      if (!mimeTypes.includes(essence)) {
        throw failed(
          200,
          `${long}: 200 OK ${response.body.toString()}`,
          `GET ${url}: content-type ${essence}`,
        )
      }
    }
    try {
      return JSON.parse(response.body.toString()) as unknown
    } catch {
      throw failed(null, long, `GET ${url}: not JSON`)
    }
  }

  const discoveryUrl = `${issuer}${issuer.endsWith('/') ? '' : '/'}.well-known/openid-configuration`
  const metadata = await get(discoveryUrl, ['application/json'])
  const metadataProblem = providerMetadataProblem(metadata)
  if (metadataProblem !== null) throw failed(null, long, `${discoveryUrl}: ${metadataProblem}`)
  const { issuer: discoveredIssuer, jwks_uri: jwksUri } = metadata as { issuer: string; jwks_uri: string }
  if (discoveredIssuer !== issuer) {
    throw failed(null, long, `unexpected issuer URI \`${discoveredIssuer}\` (expected \`${issuer}\`)`)
  }
  const jwks = await get(jwksUri, ['application/json', 'application/jwk-set+json'])
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) throw failed(null, long, `${jwksUri}: no keys array`)
  // `VecSkipError`: keys that do not parse are skipped, not fatal.
  const keys = jwks.keys.flatMap((key): Jwk[] => {
    if (!isObject(key) || typeof key.kty !== 'string') return []
    for (const field of ['use', 'alg', 'kid'] as const) {
      if (key[field] !== undefined && typeof key[field] !== 'string') return []
    }
    return [
      { kty: key.kty, use: key.use as string, alg: key.alg as string, kid: key.kid as string, raw: key },
    ]
  })
  return { discoveredIssuer, keys }
}

/** The fields CoreProviderMetadata (of the backend's fork) requires or types strictly. */
function providerMetadataProblem(metadata: unknown): string | null {
  if (!isObject(metadata)) return 'metadata is not a JSON object'
  for (const field of ['issuer', 'jwks_uri'] as const) {
    if (typeof metadata[field] !== 'string' || !isAbsoluteUrl(metadata[field]))
      return `missing or invalid ${field}`
  }
  for (const field of [
    'authorization_endpoint',
    'token_endpoint',
    'userinfo_endpoint',
    'registration_endpoint',
  ]) {
    const value = metadata[field]
    if (value !== undefined && value !== null && (typeof value !== 'string' || !isAbsoluteUrl(value))) {
      return `invalid ${field}`
    }
  }
  for (const field of [
    'scopes_supported',
    'response_types_supported',
    'subject_types_supported',
    'id_token_signing_alg_values_supported',
    'claims_supported',
    'grant_types_supported',
  ]) {
    const value = metadata[field]
    if (value !== undefined && value !== null && !Array.isArray(value)) return `invalid ${field}`
  }
  return null
}

// ---------------------------------------------------------------------------------------------- ID token

interface IdToken {
  alg: string
  typ?: string
  kid?: string
  hasCty: boolean
  hasCrit: boolean
  iss: string
  aud: string[]
  /** Seconds, possibly fractional. */
  exp: number
}

const JWS_ALGS = new Set([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'none',
])

const LOCALIZED_CLAIMS = new Set([
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'profile',
  'picture',
  'website',
])
const PLAIN_STRING_CLAIMS = new Set([
  'preferred_username',
  'email',
  'gender',
  'birthday',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
])
const BOOLEAN_CLAIMS = new Set(['email_verified', 'phone_number_verified'])
/** `StandardClaims::should_include` is false for these (localized ones with any language tag). */
function isStandardClaim(key: string): boolean {
  const hash = key.indexOf('#')
  const name = hash === -1 ? key : key.slice(0, hash)
  const tagged = hash !== -1
  if (LOCALIZED_CLAIMS.has(name)) return true
  if (tagged) return false
  return (
    name === 'sub' ||
    PLAIN_STRING_CLAIMS.has(name) ||
    BOOLEAN_CLAIMS.has(name) ||
    name === 'address' ||
    name === 'updated_at'
  )
}

/** Returns the parsed token or why `CoreIdTokenWithCustomClaims::from_str` would fail. */
function parseIdToken(header: Record<string, unknown>, claims: Record<string, unknown>): IdToken | string {
  if (typeof header.alg !== 'string' || !JWS_ALGS.has(header.alg)) return 'header alg missing or unknown'
  for (const field of ['typ', 'kid', 'cty'] as const) {
    if (header[field] !== undefined && header[field] !== null && typeof header[field] !== 'string') {
      return `header ${field} is not a string`
    }
  }
  if (typeof claims.iss !== 'string' || !isAbsoluteUrl(claims.iss)) return 'iss is not a URL'
  let aud: string[] = []
  if (claims.aud !== undefined) {
    if (typeof claims.aud === 'string') aud = [claims.aud]
    else if (Array.isArray(claims.aud) && claims.aud.every((a) => typeof a === 'string')) aud = claims.aud
    else return 'aud is neither a string nor a list of strings'
  }
  const exp = timestampSeconds(claims.exp)
  if (exp === undefined) return 'exp missing or not a timestamp'
  if (timestampSeconds(claims.iat) === undefined) return 'iat missing or not a timestamp'
  if (!nullish(claims.auth_time) && timestampSeconds(claims.auth_time) === undefined)
    return 'auth_time is not a timestamp'
  for (const field of ['nonce', 'acr', 'azp', 'at_hash', 'c_hash']) {
    if (!nullish(claims[field]) && typeof claims[field] !== 'string') return `${field} is not a string`
  }
  if (
    !nullish(claims.amr) &&
    !(Array.isArray(claims.amr) && claims.amr.every((v) => typeof v === 'string'))
  ) {
    return 'amr is not a list of strings'
  }
  if (typeof claims.sub !== 'string') return 'sub missing or not a string'
  for (const [key, value] of Object.entries(claims)) {
    if (!isStandardClaim(key) || key === 'sub') continue
    const name = key.split('#')[0] ?? key
    if (nullish(value)) continue
    if (LOCALIZED_CLAIMS.has(name) || PLAIN_STRING_CLAIMS.has(name)) {
      if (typeof value !== 'string') return `${key} is not a string`
    } else if (BOOLEAN_CLAIMS.has(name)) {
      // The fork is built without `accept-string-booleans`: "true" is not a boolean.
      if (typeof value !== 'boolean') return `${key} is not a boolean`
    } else if (name === 'address') {
      if (!isObject(value)) return 'address is not an object'
      for (const part of ['formatted', 'street_address', 'locality', 'region', 'postal_code', 'country']) {
        if (!nullish(value[part]) && typeof value[part] !== 'string') return `address.${part} is not a string`
      }
    } else if (name === 'updated_at') {
      if (timestampSeconds(value) === undefined) return 'updated_at is not a timestamp'
    }
  }
  return {
    alg: header.alg,
    typ: (header.typ ?? undefined) as string | undefined,
    kid: (header.kid ?? undefined) as string | undefined,
    hasCty: !nullish(header.cty),
    hasCrit: header.crit !== undefined,
    iss: claims.iss,
    aud,
    exp,
  }
}

/** Returns null when the token verifies, else the reason. */
function verifyIdToken(
  token: IdToken,
  parts: string[],
  discoveredIssuer: string,
  clientId: string,
  keys: Jwk[],
  nowMs: (() => number) | undefined,
): string | null {
  if (token.typ !== undefined) {
    const normalized = (token.typ.includes('/') ? token.typ : `application/${token.typ}`).toLowerCase()
    if (normalized !== 'application/jwt' && normalized !== 'application/jose')
      return `unsupported typ ${token.typ}`
  }
  if (token.hasCty) return 'cty is not supported'
  if (token.hasCrit) return 'crit header fields are not supported'
  if (token.iss !== discoveredIssuer)
    return `iss ${token.iss} is not the discovered issuer ${discoveredIssuer}`
  if (!token.aud.includes(clientId)) return `aud must contain ${clientId}`
  const untrusted = token.aud.find((aud) => aud !== clientId)
  if (untrusted !== undefined) return `\`${untrusted}\` is not a trusted audience`
  if (token.alg !== 'RS256' && token.alg !== 'EdDSA') return `algorithm ${token.alg} is not allowed`
  const keyType = token.alg === 'RS256' ? 'RSA' : 'OKP'
  const candidates = keys.filter(
    (key) =>
      (token.kid === undefined || key.kid === token.kid) &&
      (key.use === undefined || key.use === 'sig') &&
      key.kty === keyType &&
      (key.alg === undefined || key.alg === token.alg),
  )
  if (candidates.length === 0) return 'no matching key in the JWKS'
  if (candidates.length > 1) return 'JWK set must only contain one eligible public key'
  let publicKey: KeyObject
  try {
    publicKey = createPublicKey({ key: candidates[0]!.raw as JsonWebKey, format: 'jwk' })
  } catch {
    return 'the JWKS key does not load'
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`)
  const signature = Buffer.from(parts[2] ?? '', 'base64url')
  const valid =
    token.alg === 'RS256'
      ? verifySignature('RSA-SHA256', signed, publicKey, signature)
      : verifySignature(null, signed, publicKey, signature)
  if (!valid) return 'bad signature'
  // The verifier's clock is the system time truncated to whole seconds.
  const nowSeconds = Math.floor((nowMs ?? Date.now)() / 1000)
  if (nowSeconds >= token.exp) return `ID token expired at ${token.exp} (current time is ${nowSeconds})`
  return null
}

// ---------------------------------------------------------------------------------------------- identity

const IDENTITY_STRINGS: Array<[claim: string, attribute: string]> = [
  ['name', 'name'],
  ['given_name', 'givenName'],
  ['family_name', 'familyName'],
  ['nickname', 'nickname'],
  ['preferred_username', 'preferredUsername'],
  ['profile', 'profileUrl'],
  ['picture', 'pictureUrl'],
  ['website', 'websiteUrl'],
  ['email', 'email'],
  ['gender', 'gender'],
  ['birthdate', 'birthday'],
  ['zoneinfo', 'timezone'],
  ['locale', 'language'],
  ['phone_number', 'phoneNumber'],
]
/** Dropped by `from_token`: standard claims (surfaced as typed fields) and claims that change per refresh. */
const NOT_CUSTOM = new Set(['sub', 'iss', 'exp', 'jti', 'nbf', 'fva'])

function identityFromClaims(claims: Record<string, unknown>): BackendIdentity {
  const issuer = claims.iss as string
  const subject = claims.sub as string
  const identity: BackendIdentity = { tokenIdentifier: `${issuer}|${subject}`, subject, issuer }
  for (const [claim, attribute] of IDENTITY_STRINGS) {
    if (typeof claims[claim] === 'string') identity[attribute] = claims[claim]
  }
  if (typeof claims.email_verified === 'boolean') identity.emailVerified = claims.email_verified
  if (typeof claims.phone_number_verified === 'boolean')
    identity.phoneNumberVerified = claims.phone_number_verified
  const address = claims.address
  if (isObject(address) && typeof address.formatted === 'string') identity.address = address.formatted
  if (!nullish(claims.updated_at)) identity.updatedAt = rfc3339FromSeconds(claims.updated_at)
  for (const [key, value] of Object.entries(claims)) {
    if (isStandardClaim(key) || NOT_CUSTOM.has(key)) continue
    identity[key] = value
  }
  return identity
}

// ---------------------------------------------------------------------------------------------- helpers

function decodeJsonPart(part: string | undefined): unknown {
  if (part === undefined || !/^[A-Za-z0-9_-]*$/.test(part)) return undefined
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nullish(value: unknown): value is null | undefined {
  return value === null || value === undefined
}

function isAbsoluteUrl(value: string): boolean {
  return URL.canParse(value)
}

/**
 * biscuit's RegisteredClaims (the get-convex fork), read before any provider is chosen: iss/sub/jti strings,
 * aud a string or a list of strings, exp/iat/nbf non-negative numbers (fractions rounded; a string, such as an
 * RFC 3339 date, fails here although openidconnect would take it later). null means absent.
 */
function registeredClaimsTyped(payload: Record<string, unknown>): boolean {
  for (const field of ['iss', 'sub', 'jti']) {
    if (!nullish(payload[field]) && typeof payload[field] !== 'string') return false
  }
  const aud = payload.aud
  if (
    !nullish(aud) &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
  ) {
    return false
  }
  for (const field of ['exp', 'iat', 'nbf']) {
    const value = payload[field]
    if (nullish(value)) continue
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SECONDS) return false
  }
  return true
}

// chrono's range (years -262143..=262142) bounds what `Utc.timestamp_opt` accepts.
const MAX_SECONDS = 8_210_266_876_799
const MIN_SECONDS = -8_334_601_228_800

/** openidconnect's `Timestamp`: seconds (integer or fractional) or, with accept-rfc3339-timestamps, RFC 3339. */
function timestampSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= MIN_SECONDS && value <= MAX_SECONDS ? value : undefined
  }
  if (typeof value === 'string') return parseRfc3339(value)
  return undefined
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** Seconds since the epoch (fractional), or undefined when chrono's parse_from_rfc3339 would refuse it. */
function parseRfc3339(value: string): number | undefined {
  const match = RFC3339.exec(value)
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const fraction = match[7]
  const offset = match[8] ?? 'Z'
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return undefined
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day < 1 || day > daysInMonth) return undefined
  let offsetSeconds = 0
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset[0] === '-' ? -1 : 1
    const [oh, om] = offset.slice(1).split(':').map(Number) as [number, number]
    if (oh > 23 || om > 59) return undefined
    offsetSeconds = sign * (oh * 3600 + om * 60)
  }
  const nanos = fraction ? Number(fraction.slice(1, 10).padEnd(9, '0')) : 0
  const base = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) / 1000
  return base + (second === 60 ? 1 : 0) - offsetSeconds + nanos / 1e9
}

/** chrono's `DateTime<Utc>::to_rfc3339()` for a Timestamp claim: `2023-11-14T22:13:20+00:00`. */
export function rfc3339FromSeconds(value: unknown): string {
  const seconds = timestampSeconds(value) as number
  let whole = Math.floor(seconds)
  // Fractions as the fork computes them: floor of the remainder in nanoseconds (RFC 3339 inputs kept theirs).
  let nanos = typeof value === 'string' ? nanosOfRfc3339(value) : Math.floor((seconds - whole) * 1e9)
  if (nanos >= 1e9) {
    whole += 1
    nanos -= 1e9
  }
  const date = new Date(whole * 1000)
  const year = date.getUTCFullYear()
  const yearText =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, '0')
      : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(4, '0')}`
  const two = (n: number) => String(n).padStart(2, '0')
  let fractionText = ''
  if (nanos !== 0) {
    if (nanos % 1_000_000 === 0) fractionText = `.${String(nanos / 1_000_000).padStart(3, '0')}`
    else if (nanos % 1000 === 0) fractionText = `.${String(nanos / 1000).padStart(6, '0')}`
    else fractionText = `.${String(nanos).padStart(9, '0')}`
  }
  return (
    `${yearText}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}T` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}${fractionText}+00:00`
  )
}

function nanosOfRfc3339(value: string): number {
  const fraction = RFC3339.exec(value)?.[7]
  return fraction ? Number(fraction.slice(1, 10).padEnd(9, '0')) : 0
}
