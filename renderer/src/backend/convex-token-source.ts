// Which Clerk token Convex receives. convex 1.49's ConvexProviderWithClerk
// (convex/dist/esm/react-clerk/ConvexProviderWithClerk.js) sends Clerk's *session token* when its claims have
// `aud` exactly "convex" (Clerk's Convex integration), and only otherwise asks for the `convex` JWT template.
// Diagnostics must inspect that same token, so it asks Clerk the same way. convex-token-source.test.tsx holds
// this rule against the real ConvexProviderWithClerk, so an upgrade that changes it fails a test.
import {
  CONVEX_PROFILE_CLAIM_SHORTCODES,
  CONVEX_TOKEN_AUDIENCE,
} from '../../../electron/shared/config-values'

/** `integration`: Clerk's Convex integration (the session token); `template`: the `convex` JWT template. */
export type ConvexTokenSource = 'integration' | 'template'

export const CONVEX_JWT_TEMPLATE = 'convex'

/** `sessionClaims` as Clerk's `useAuth()` reports them (null/undefined while signed out or loading). */
export function convexTokenSource(sessionClaims: unknown): ConvexTokenSource {
  // Strict equality on purpose, as convex does: an array audience (even ["convex"]) means the template.
  const aud =
    typeof sessionClaims === 'object' && sessionClaims !== null
      ? (sessionClaims as { aud?: unknown }).aud
      : undefined
  return aud === CONVEX_TOKEN_AUDIENCE ? 'integration' : 'template'
}

/** The `getToken` options that return the token Convex gets from this source. */
export function convexTokenRequest(source: ConvexTokenSource): { template?: string } {
  return source === 'integration' ? {} : { template: CONVEX_JWT_TEMPLATE }
}

/** Plain words for Diagnostics and the support report. */
export const CONVEX_TOKEN_SOURCE_TEXT: Record<ConvexTokenSource, string> = {
  integration: 'Clerk’s Convex integration (the session token)',
  template: 'The “convex” JWT template',
}

export interface ProfileClaimsAdvice {
  /** One plain sentence: what is missing and what it does to the profile. */
  summary: string
  /** Where to add them, step by step, in the Clerk Dashboard. */
  where: string
  /** The claims to add, as the JSON the Clerk Dashboard takes. */
  mapping: string
}

/**
 * What to do when the token Convex receives lacks profile claims (`missing`, `sub` excluded: Clerk always sets
 * it). With Clerk's Convex integration the session token carries only `aud` until the claims are mapped on
 * Clerk's Sessions page, so the profile syncs empty although everything else works.
 */
export function profileClaimsAdvice(
  source: ConvexTokenSource,
  missing: ReadonlyArray<string>,
): ProfileClaimsAdvice | null {
  const mappable = missing.filter(
    (name): name is keyof typeof CONVEX_PROFILE_CLAIM_SHORTCODES => name in CONVEX_PROFILE_CLAIM_SHORTCODES,
  )
  if (mappable.length === 0) return null
  const all = mappable.length === Object.keys(CONVEX_PROFILE_CLAIM_SHORTCODES).length
  const effect = all ? 'Your profile syncs empty' : `Your profile syncs without ${mappable.join(', ')}`
  const mapping = JSON.stringify(
    Object.fromEntries(mappable.map((name) => [name, CONVEX_PROFILE_CLAIM_SHORTCODES[name]])),
    null,
    2,
  )
  return source === 'integration'
    ? {
        summary: `${effect}: the sign-in token Convex receives does not carry ${all ? 'your name, email address or picture' : 'them'}. With Clerk’s Convex integration, these details have to be added to the session token.`,
        where: 'In the Clerk Dashboard, open Sessions, choose Customize session token, and add:',
        mapping,
      }
    : {
        summary: `${effect}: the “convex” JWT template does not include ${all ? 'your name, email address or picture' : 'them'}.`,
        where: 'In the Clerk Dashboard, open JWT templates, choose “convex”, and add:',
        mapping,
      }
}
