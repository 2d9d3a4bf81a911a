// What the app expects from Clerk and Convex, in one place. The scheme and renderer origin come from the main
// process's own identity module so the doctor can never disagree with the app about them.

import { resolveAppIdentity } from '../../electron/main/app-identity.ts'
import {
  CONVEX_PROFILE_CLAIM_SHORTCODES,
  CONVEX_TOKEN_AUDIENCE,
  CONVEX_TOKEN_CLAIMS,
} from '../../electron/shared/config-values.ts'

/** electron-vite's default renderer dev server; `npm run dev` loads the renderer from it. */
export const DEV_SERVER_ORIGIN = 'http://localhost:5173'

export const WEBHOOK_PATH = '/clerk-webhook'
export const WEBHOOK_EVENTS = ['user.created', 'user.updated', 'user.deleted'] as const

export const JWT_TEMPLATE_NAME = 'convex'
export const JWT_AUDIENCE = CONVEX_TOKEN_AUDIENCE
/** Claims the template must map: `sub` is always present (Clerk adds it; templates may not set it). */
export const JWT_CLAIMS = CONVEX_TOKEN_CLAIMS.filter((claim) => claim !== 'sub')

/**
 * How each claim the backend reads is filled from Clerk's user (the shared table: Diagnostics shows the same).
 * Used for the `convex` JWT template (with aud) and, without aud, for the session token when Clerk's Convex
 * integration is used (Dashboard → Sessions → Customize session token).
 */
export const CLAIM_MAPPINGS = CONVEX_PROFILE_CLAIM_SHORTCODES

export interface AppFacts {
  productName: string
  /** Origin of a packaged build (`harbor://renderer`). */
  productionOrigin: string
  /** Origin of an unpackaged build (`harbor-dev://renderer`). */
  developmentOrigin: string
  devServerOrigin: string
  /** What @clerk/electron registers as its OAuth redirect: `${scheme}://${host}/`. */
  productionRedirectUrl: string
  developmentRedirectUrl: string
}

/** `schemeOverride` mirrors the app's build-time override (`MAIN_VITE_APP_SCHEME`). */
export function appFacts(schemeOverride?: string): AppFacts {
  const overrides = schemeOverride ? { scheme: schemeOverride } : {}
  const production = resolveAppIdentity({ isPackaged: true, overrides })
  const development = resolveAppIdentity({ isPackaged: false, overrides })
  return {
    productName: production.productName,
    productionOrigin: production.rendererOrigin,
    developmentOrigin: development.rendererOrigin,
    devServerOrigin: DEV_SERVER_ORIGIN,
    productionRedirectUrl: `${production.rendererOrigin}/`,
    developmentRedirectUrl: `${development.rendererOrigin}/`,
  }
}
