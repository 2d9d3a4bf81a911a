// The renderer's Content Security Policy, sent as a response header on every renderer HTML document. Built from
// the public configuration so it names exactly the hosts this build talks to: the Clerk Frontend API (encoded
// in the publishable key) and the Convex deployment (https + wss). A value that does not parse contributes no
// host at all: the renderer then shows its setup screen, which needs nothing remote.
import { createHash } from 'node:crypto'
import { parseConvexUrl, parsePublishableKey } from '../shared/config-values'

/** An inline script our protocol handler puts in a document, and the `script-src` source that allows it. */
export interface HashedInlineScript {
  /** `<script>…</script>`. */
  element: string
  /** `'sha256-…'` of exactly the script's text, for `inlineScriptHashes`. */
  cspSource: string
}

/** `code` as a script element and its hash source. `code` must not contain `</script>`. */
export function hashedInlineScript(code: string): HashedInlineScript {
  const hash = createHash('sha256').update(code, 'utf8').digest('base64')
  return { element: `<script>${code}</script>`, cspSource: `'sha256-${hash}'` }
}

export interface CspOptions {
  publishableKey: string | undefined
  convexUrl: string | undefined
  mode: 'development' | 'production'
  /** Vite dev server origin (development only), e.g. `http://localhost:5173`. */
  devServerUrl?: string
  /** Inline scripts our protocol handler puts in the document, each allowed by its hash (`'sha256-…'`). */
  inlineScriptHashes?: readonly string[]
}

// Clerk's documented requirements (clerk.com/docs/security/clerk-csp): the Frontend API for scripts (clerk-js
// and its UI bundle load from there), fetches and frames; avatars from img.clerk.com; workers from blob:;
// 'unsafe-inline' styles because Clerk's components use runtime CSS-in-JS; Cloudflare Turnstile (bot
// protection on sign-up) as script and frame.
const CLERK_IMAGES = 'https://img.clerk.com'
const CLERK_CAPTCHA = 'https://challenges.cloudflare.com'

function devServerOrigins(devServerUrl: string | undefined): { http: string; ws: string } | null {
  if (!devServerUrl) return null
  let url: URL
  try {
    url = new URL(devServerUrl)
  } catch {
    return null
  }
  // Only a local dev server: a remote origin in a dev CSP would still be a remote script source.
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'http:' || !local) return null
  return { http: url.origin, ws: `ws://${url.host}` }
}

export function buildContentSecurityPolicy(options: CspOptions): string {
  const clerk = parsePublishableKey(options.publishableKey)
  const convex = parseConvexUrl(options.convexUrl)
  const clerkOrigin = clerk.ok ? `https://${clerk.frontendApiHost}` : null
  const dev = options.mode === 'development' ? devServerOrigins(options.devServerUrl) : null

  const list = (...values: Array<string | null | false | undefined>): string[] =>
    values.filter((value): value is string => typeof value === 'string' && value !== '')

  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    // In development Vite's React refresh preamble is an inline module script; production has none.
    [
      'script-src',
      list(
        "'self'",
        ...(options.inlineScriptHashes ?? []).filter((source) =>
          /^'sha256-[A-Za-z0-9+/]+={0,2}'$/.test(source),
        ),
        clerkOrigin,
        CLERK_CAPTCHA,
        dev?.http,
        dev && "'unsafe-inline'",
      ),
    ],
    ['style-src', list("'self'", "'unsafe-inline'", dev?.http)],
    ['img-src', list("'self'", 'data:', 'blob:', CLERK_IMAGES)],
    ['font-src', list("'self'", 'data:')],
    [
      'connect-src',
      list(
        "'self'",
        clerkOrigin,
        convex.ok && convex.httpOrigin,
        convex.ok && convex.wsOrigin,
        dev?.http,
        dev?.ws,
      ),
    ],
    ['frame-src', list(clerkOrigin, CLERK_CAPTCHA)],
    ['worker-src', list("'self'", 'blob:')],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ]
  return directives
    .map(([name, values]) => `${name} ${values.length > 0 ? values.join(' ') : "'none'"}`)
    .join('; ')
}

/**
 * Response headers with our policy as the only CSP. Used in development, where the Vite dev server (not our
 * protocol handler) answers the renderer's requests and sends no policy of its own.
 */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  contentSecurityPolicy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue
    result[name] = Array.isArray(value) ? value : [value]
  }
  result['Content-Security-Policy'] = [contentSecurityPolicy]
  return result
}
