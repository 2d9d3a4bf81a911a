// Decodes a JWT's payload for *display* in Diagnostics. Nothing here verifies a signature, and nothing may
// treat the result as trustworthy: Convex verifies tokens server-side. The raw token never leaves the caller.

import { CONVEX_TOKEN_AUDIENCE, CONVEX_TOKEN_CLAIMS } from '../../../electron/shared/config-values'
import type { Claims } from '../../../electron/shared/jwt-payload'

// The decoding itself is shared with the main process (its early read of Clerk's client picks a token by its claims).
export { decodeJwtClaims, type Claims, type DecodedToken } from '../../../electron/shared/jwt-payload'

/** Profile claims the Convex JWT template is expected to carry (see the README's Clerk setup). */
export const PROFILE_CLAIMS = CONVEX_TOKEN_CLAIMS

export type ProfileClaim = (typeof PROFILE_CLAIMS)[number]

export type Check<T> = { value: T | null; ok: boolean; detail: string }

export interface ClaimsInspection {
  issuer: Check<string> & { expected: string | null }
  audience: Check<string>
  expiry: Check<number> & { secondsLeft: number | null }
  issuedAt: number | null
  subject: string | null
  profileClaims: Array<{ name: ProfileClaim; present: boolean }>
}

function audiences(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud]
  if (Array.isArray(aud)) return aud.filter((item): item is string => typeof item === 'string')
  return []
}

/**
 * Compares claims with what Convex's `auth.config.ts` accepts: issuer `https://<Clerk Frontend API host>`,
 * application ID (audience) `convex`, and a token not yet expired.
 */
export function inspectConvexClaims(
  claims: Claims,
  options: { expectedIssuer: string | null; expectedAudience?: string; nowMs: number },
): ClaimsInspection {
  const expectedAudience = options.expectedAudience ?? CONVEX_TOKEN_AUDIENCE
  const iss = typeof claims.iss === 'string' ? claims.iss : null
  const issuerOk =
    iss !== null && options.expectedIssuer !== null && iss.replace(/\/$/, '') === options.expectedIssuer
  const issuerDetail =
    iss === null
      ? 'Missing'
      : options.expectedIssuer === null
        ? 'The expected issuer is unknown (publishable key not configured)'
        : issuerOk
          ? 'Matches the Clerk instance of this app'
          : `Expected ${options.expectedIssuer}`

  const aud = audiences(claims.aud)
  const audienceOk = aud.includes(expectedAudience)
  const audienceDetail =
    aud.length === 0
      ? `Missing: the JWT template must be named "${expectedAudience}"`
      : audienceOk
        ? 'Accepted by Convex'
        : `Expected "${expectedAudience}"`

  const exp = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp : null
  const secondsLeft = exp === null ? null : Math.round(exp - options.nowMs / 1000)
  const expiryOk = secondsLeft !== null && secondsLeft > 0
  const expiryDetail =
    secondsLeft === null
      ? 'Missing'
      : expiryOk
        ? `Expires in ${secondsLeft} s`
        : `Expired ${-secondsLeft} s ago`

  return {
    issuer: { value: iss, expected: options.expectedIssuer, ok: issuerOk, detail: issuerDetail },
    audience: { value: aud.length ? aud.join(', ') : null, ok: audienceOk, detail: audienceDetail },
    expiry: { value: exp, ok: expiryOk, detail: expiryDetail, secondsLeft },
    issuedAt: typeof claims.iat === 'number' ? claims.iat : null,
    subject: typeof claims.sub === 'string' ? claims.sub : null,
    profileClaims: PROFILE_CLAIMS.map((name) => ({
      name,
      present: claims[name] !== undefined && claims[name] !== null && claims[name] !== '',
    })),
  }
}

/** The issuer Convex expects for this app's Clerk instance, from the publishable key. */
export function expectedClerkIssuer(frontendApiHost: string | null): string | null {
  return frontendApiHost ? `https://${frontendApiHost}` : null
}
