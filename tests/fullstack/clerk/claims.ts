// What goes into the tokens. Default claims from Clerk's "Session tokens" docs (azp, exp, fva, iat, iss, nbf,
// sid, sub, v) and "JWT templates" docs (templates also get jti, and shortcodes that resolve to nothing become
// null, e.g. `"surname": null` in Clerk's own example). The profile claims are the ones Harbor's README tells you
// to map, with the types Clerk renders them in: `email_verified` a boolean, `updated_at` a number.
import { randomBytes } from 'node:crypto'
import type { Session, User } from './model'

export type TokenModeName = 'integration' | 'template'

export interface TokenMode {
  /** 'integration': Clerk's Convex integration, the session token carries `aud: "convex"`. 'template': the session
   *  token has no `aud`, and a JWT template named `convex` mints the token Convex gets. */
  mode: TokenModeName
  /** Integration: the profile claims were added on Clerk's Sessions page. Template: the template lists them. */
  profileClaimsMapped: boolean
}

/** Clerk's default token lifetime (JWT template "Token lifetime", session tokens): 60 s. */
export const TOKEN_LIFETIME_S = 60
/** Clerk's default "Allowed clock skew": `nbf` is this far before `iat`. */
export const CLOCK_SKEW_S = 5
export const CONVEX_AUDIENCE = 'convex'
export const CONVEX_TEMPLATE = 'convex'

export interface ProfileClaims {
  email: string
  email_verified: boolean
  name: string | null
  given_name: string | null
  family_name: string | null
  nickname: string | null
  picture: string
  /** Seconds since the epoch, as OIDC's `updated_at` (a guess: Clerk's docs do not say which unit it renders). */
  updated_at: number
}

export function profileClaims(user: User, imageUrl: string): ProfileClaims {
  const fullName = [user.firstName, user.lastName].filter((part) => part).join(' ')
  return {
    email: user.email,
    email_verified: user.emailVerified,
    name: fullName || null,
    given_name: user.firstName,
    family_name: user.lastName,
    nickname: user.username,
    picture: imageUrl,
    updated_at: Math.floor(user.updatedAt / 1000),
  }
}

interface ClaimInput {
  issuer: string
  session: Session
  user: User
  imageUrl: string
  /** The Origin header of the Frontend API request; omitted from `azp` when absent, as Clerk does. */
  origin: string | undefined
  mode: TokenMode
  nowMs?: number
}

function times(nowMs: number): { iat: number; nbf: number; exp: number } {
  const iat = Math.floor(nowMs / 1000)
  return { iat, nbf: iat - CLOCK_SKEW_S, exp: iat + TOKEN_LIFETIME_S }
}

const azp = (origin: string | undefined): { azp?: string } =>
  origin && origin !== 'null' ? { azp: origin } : {}

/** The session token (`POST /v1/client/sessions/{id}/tokens`, and `last_active_token`). */
export function sessionTokenClaims(input: ClaimInput): Record<string, unknown> {
  const { iat, nbf, exp } = times(input.nowMs ?? Date.now())
  const claims: Record<string, unknown> = {
    ...azp(input.origin),
    exp,
    fva: [Math.floor(((input.nowMs ?? Date.now()) - input.session.createdAt) / 60_000), -1],
    iat,
    iss: input.issuer,
    nbf,
    sid: input.session.id,
    sub: input.user.id,
    v: 2,
  }
  if (input.mode.mode === 'integration') {
    claims.aud = CONVEX_AUDIENCE
    if (input.mode.profileClaimsMapped) Object.assign(claims, profileClaims(input.user, input.imageUrl))
  }
  return claims
}

/** The `convex` JWT template token (`POST /v1/client/sessions/{id}/tokens/convex`), template mode only. */
export function templateTokenClaims(input: ClaimInput): Record<string, unknown> {
  const { iat, nbf, exp } = times(input.nowMs ?? Date.now())
  return {
    ...(input.mode.profileClaimsMapped ? profileClaims(input.user, input.imageUrl) : {}),
    aud: CONVEX_AUDIENCE,
    ...azp(input.origin),
    exp,
    iat,
    iss: input.issuer,
    jti: randomBytes(10).toString('hex'),
    nbf,
    sid: input.session.id,
    sub: input.user.id,
  }
}
