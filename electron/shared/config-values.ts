// Parsers for the two public configuration values the app needs (`VITE_CLERK_PUBLISHABLE_KEY`,
// `VITE_CONVEX_URL`). The main process (CSP), the renderer (setup screen) and `npm run doctor` all read them the
// same way. Pure functions, no Node or DOM types.

export type PublishableKey =
  { ok: true; instance: 'test' | 'live'; frontendApiHost: string } | { ok: false; reason: string }

export type ConvexUrl =
  | {
      ok: true
      url: string
      kind: 'cloud' | 'local'
      httpOrigin: string
      wsOrigin: string
      siteUrl: string | null
    }
  | { ok: false; reason: string }

// A DNS host name: labels of letters, digits and hyphens, at least one dot, no port, no path.
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i

function decodeBase64(value: string): string | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null
  try {
    const normalized = value.replace(/-/g, '+').replace(/_/g, '/')
    return atob(normalized.padEnd(Math.ceil(normalized.length / 4) * 4, '='))
  } catch {
    return null
  }
}

/** Clerk publishable keys are `pk_<test|live>_` + base64 of the Frontend API host followed by `$`. */
export function parsePublishableKey(raw: string | undefined | null): PublishableKey {
  const key = (raw ?? '').trim()
  if (key === '') return { ok: false, reason: 'VITE_CLERK_PUBLISHABLE_KEY is not set' }
  if (key.startsWith('sk_')) {
    return {
      ok: false,
      reason: 'VITE_CLERK_PUBLISHABLE_KEY holds a secret key (sk_...); use the publishable key (pk_...)',
    }
  }
  const match = /^pk_(test|live)_(.+)$/.exec(key)
  if (!match) return { ok: false, reason: 'VITE_CLERK_PUBLISHABLE_KEY must start with pk_test_ or pk_live_' }
  const decoded = decodeBase64(match[2] ?? '')
  if (decoded === null || !decoded.endsWith('$')) {
    return {
      ok: false,
      reason: 'VITE_CLERK_PUBLISHABLE_KEY is not a Clerk publishable key (its encoded part does not decode)',
    }
  }
  const host = decoded.slice(0, -1)
  if (!HOST_NAME.test(host)) {
    return { ok: false, reason: 'VITE_CLERK_PUBLISHABLE_KEY does not encode a valid Frontend API host' }
  }
  return { ok: true, instance: match[1] as 'test' | 'live', frontendApiHost: host.toLowerCase() }
}

/**
 * `VITE_CONVEX_URL` is a cloud deployment (`https://<name>.convex.cloud`) or a local backend started by
 * `npx convex dev --local` (`http://127.0.0.1:<port>`).
 */
export function parseConvexUrl(raw: string | undefined | null): ConvexUrl {
  const value = (raw ?? '').trim()
  if (value === '') return { ok: false, reason: 'VITE_CONVEX_URL is not set' }
  // The URL parser silently drops tabs and newlines inside a URL; a value with any whitespace is a paste error.
  if (/\s/.test(value)) return { ok: false, reason: 'VITE_CONVEX_URL must not contain spaces or line breaks' }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { ok: false, reason: 'VITE_CONVEX_URL is not a URL' }
  }
  if (url.username || url.password)
    return { ok: false, reason: 'VITE_CONVEX_URL must not contain credentials' }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return {
      ok: false,
      reason: 'VITE_CONVEX_URL must be the deployment origin only, without a path or query',
    }
  }
  const local = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')
  if (local) {
    return {
      ok: true,
      url: url.origin,
      kind: 'local',
      httpOrigin: url.origin,
      wsOrigin: `ws://${url.host}`,
      siteUrl: null,
    }
  }
  if (url.protocol !== 'https:') {
    return { ok: false, reason: 'VITE_CONVEX_URL must use https (or http://127.0.0.1 for a local backend)' }
  }
  // Deployments outside the default region carry it as a label: `<name>.eu-west-1.convex.cloud`. Deployment
  // names are ASCII, so a punycode (`xn--`) label can only come from a mistyped non-ASCII URL.
  if (!/^(?!xn--)[a-z0-9-]+(?:\.[a-z0-9-]+)?\.convex\.cloud$/.test(url.hostname) || url.port !== '') {
    return {
      ok: false,
      reason: url.hostname.endsWith('.convex.site')
        ? 'VITE_CONVEX_URL points at the HTTP actions host (.convex.site); use the deployment URL (.convex.cloud)'
        : 'VITE_CONVEX_URL must be a Convex deployment URL like https://happy-animal-123.convex.cloud',
    }
  }
  const name = url.hostname.slice(0, -'.convex.cloud'.length)
  return {
    ok: true,
    url: url.origin,
    kind: 'cloud',
    httpOrigin: url.origin,
    wsOrigin: `wss://${url.host}`,
    siteUrl: `https://${name}.convex.site`,
  }
}

/** Convex validates the Clerk token it receives against this audience (`applicationID` in convex/auth.config.ts). */
export const CONVEX_TOKEN_AUDIENCE = 'convex'

/**
 * The claims the backend reads from the Convex token (convex/lib/claims.ts). Clerk always adds `sub`; the JWT
 * template (or Clerk's Convex integration) must map the rest.
 */
export const CONVEX_TOKEN_CLAIMS = [
  'sub',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'updated_at',
] as const

export type ConvexTokenClaim = (typeof CONVEX_TOKEN_CLAIMS)[number]

/**
 * What each profile claim is mapped to in the Clerk Dashboard (a JWT template's claims, or Sessions → Customize
 * session token with Clerk's Convex integration): Clerk's shortcodes, the values of its Convex preset and of the
 * README's Setup. `sub` is not listed: Clerk always sets it. A shortcode that is the whole value keeps its type
 * (email_verified stays a boolean: Convex refuses a token whose email_verified is a string).
 */
export const CONVEX_PROFILE_CLAIM_SHORTCODES: Record<Exclude<ConvexTokenClaim, 'sub'>, string> = {
  email: '{{user.primary_email_address}}',
  email_verified: '{{user.email_verified}}',
  name: '{{user.full_name}}',
  given_name: '{{user.first_name}}',
  family_name: '{{user.last_name}}',
  nickname: '{{user.username}}',
  picture: '{{user.image_url}}',
  updated_at: '{{user.updated_at}}',
}
